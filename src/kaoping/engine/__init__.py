"""kaoping's engine: pure functions from parsed rubrics and Polars frames to results.

No Django, no files, no network. The shells (``kaoping.cli``, ``kaoping.web``) read
files or the database into a frame and call :func:`assess`.

The data frame the engine takes has one row per (unit, period):

- ``unit`` (str): the unit's code; ``period`` (str): canonical, ``2026Q3``;
- optional ``name`` and ``area`` (str): the unit's name and work area (片) code;
- one column per data element (numeric; the engine computes in exact decimals);
- one column ``<path>.manual`` per leaf with a ``manual`` rule (0 when absent).
"""

from ._assess import AssessmentError, CheckViolation, assess, check_data
from ._consequences import HolderLookup
from ._evaluate import UnitEvaluation, evaluate_unit
from ._expr import Expr, ExprError, parse_expr
from ._format import format_number, format_percent, to_decimal, to_shown
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
from ._periods import Period, PeriodError
from ._ranking import rank_periods
from ._results import Action, Assessment, Deduction, PeriodResult, UnitResult
from ._rubric import RubricError, parse_rubric
from ._scoring import score_frame
from ._values import Element, ElementType, ValueProblem, parse_value

__all__ = [
    "Action",
    "ActionSpec",
    "Adjustment",
    "Assessment",
    "AssessmentError",
    "ByRank",
    "ByRole",
    "Check",
    "CheckViolation",
    "ConsequenceRule",
    "Deduction",
    "Element",
    "ElementType",
    "Expr",
    "ExprError",
    "HolderLookup",
    "Node",
    "Period",
    "PeriodError",
    "PeriodResult",
    "Ranking",
    "Rubric",
    "RubricError",
    "Rule",
    "UnitEvaluation",
    "UnitResult",
    "ValueProblem",
    "assess",
    "check_data",
    "evaluate_unit",
    "format_number",
    "format_percent",
    "parse_expr",
    "parse_rubric",
    "parse_value",
    "rank_periods",
    "score_frame",
    "to_decimal",
    "to_shown",
]
