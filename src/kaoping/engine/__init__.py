"""kaoping's engine: pure functions from parsed rubrics and Polars frames to results.

No Django, no files, no network. The shells (``kaoping.cli``, ``kaoping.web``) read
files or the database into a frame and call :func:`assess`.

The data frame the engine takes has one row per (unit, period):

- ``unit`` (str): the unit's code; ``period`` (str): canonical, ``2026Q3``;
- optional ``name`` and ``area`` (str): the unit's name and work area (片) code;
- one column per data element (numeric; the engine computes in exact decimals);
- one column ``<path>.manual`` per leaf with a ``manual`` rule (0 when absent).
"""

from ._allocation import (
    Allocation,
    AllocationError,
    AllocationUnit,
    UnitProgress,
    allocate,
    allocation_progress,
    hamilton,
    schedule_fraction,
)
from ._assess import AssessmentError, CheckViolation, assess, check_data
from ._consequences import HolderLookup
from ._evaluate import UnitEvaluation, evaluate_unit
from ._expr import Expr, ExprError, parse_expr
from ._format import format_number, format_percent, to_decimal, to_shown
from ._indicators import (
    DemographicRate,
    IndicatorError,
    average_population,
    birth_rate,
    death_rate,
    natural_growth_rate,
)
from ._model import (
    ActionSpec,
    Adjustment,
    ByRank,
    ByRole,
    Check,
    ConsequenceRule,
    Node,
    Ranking,
    Rubric,
    Rule,
)
from ._people import AREA_ROLES, ROLE_ALIASES, ROLES, People, Person, role_code
from ._periods import Period, PeriodError
from ._ranking import rank_periods
from ._reminders import (
    ROLE_LABELS_ZH,
    ROUTING,
    BehindSchedule,
    FailedCheck,
    LateReport,
    MissedTarget,
    OpenDifference,
    Outstanding,
    Reminder,
    ReminderError,
    ReminderStatus,
    generate_reminders,
    missed_targets,
    transition,
)
from ._results import Action, Assessment, Deduction, PeriodResult, UnitResult
from ._rubric import RubricError, parse_rubric
from ._scoring import score_frame
from ._service_days import (
    NOTICE_DAYS,
    AbsenceReason,
    AttendanceRecord,
    NoticeWarning,
    Overlap,
    RecordProblem,
    ServiceDayPlan,
    attendance_rate,
    attendance_rates,
    check_record,
    find_overlaps,
    notice_warning,
)
from ._targets import (
    AllocationSpec,
    ClauseResult,
    Comparison,
    ShareClause,
    Shortfall,
    Target,
    TargetDataError,
    TargetResult,
    Targets,
    TargetsError,
    evaluate_target,
    evaluate_targets,
    parse_targets,
)
from ._values import Element, ElementType, ValueProblem, parse_value

__all__ = [
    "AREA_ROLES",
    "NOTICE_DAYS",
    "ROLES",
    "ROLE_ALIASES",
    "ROLE_LABELS_ZH",
    "ROUTING",
    "AbsenceReason",
    "Action",
    "ActionSpec",
    "Adjustment",
    "Allocation",
    "AllocationError",
    "AllocationSpec",
    "AllocationUnit",
    "Assessment",
    "AssessmentError",
    "AttendanceRecord",
    "BehindSchedule",
    "ByRank",
    "ByRole",
    "Check",
    "CheckViolation",
    "ClauseResult",
    "Comparison",
    "ConsequenceRule",
    "Deduction",
    "DemographicRate",
    "Element",
    "ElementType",
    "Expr",
    "ExprError",
    "FailedCheck",
    "HolderLookup",
    "IndicatorError",
    "LateReport",
    "MissedTarget",
    "Node",
    "NoticeWarning",
    "OpenDifference",
    "Outstanding",
    "Overlap",
    "People",
    "Period",
    "PeriodError",
    "PeriodResult",
    "Person",
    "Ranking",
    "RecordProblem",
    "Reminder",
    "ReminderError",
    "ReminderStatus",
    "Rubric",
    "RubricError",
    "Rule",
    "ServiceDayPlan",
    "ShareClause",
    "Shortfall",
    "Target",
    "TargetDataError",
    "TargetResult",
    "Targets",
    "TargetsError",
    "UnitEvaluation",
    "UnitProgress",
    "UnitResult",
    "ValueProblem",
    "allocate",
    "allocation_progress",
    "assess",
    "attendance_rate",
    "attendance_rates",
    "average_population",
    "birth_rate",
    "check_data",
    "check_record",
    "death_rate",
    "evaluate_target",
    "evaluate_targets",
    "evaluate_unit",
    "find_overlaps",
    "format_number",
    "format_percent",
    "generate_reminders",
    "hamilton",
    "missed_targets",
    "natural_growth_rate",
    "notice_warning",
    "parse_expr",
    "parse_rubric",
    "parse_targets",
    "parse_value",
    "rank_periods",
    "role_code",
    "schedule_fraction",
    "score_frame",
    "to_decimal",
    "to_shown",
    "transition",
]
