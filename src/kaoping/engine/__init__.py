"""kaoping's engine: pure functions from parsed rubrics and Polars frames to results.

No Django, no files, no network. The shells (``kaoping.cli``, ``kaoping.web``) read
files or the database into a frame and call :func:`assess`.

The data frame the engine takes has one row per (unit, period):

- ``unit`` (str): the unit's code; ``period`` (str): canonical, ``2026Q3``;
- optional ``name`` and ``area`` (str): the unit's name and work area (片) code;
- one column per data element (numeric; the engine computes in exact decimals);
- one column ``<path>.manual`` per leaf with a ``manual`` rule (0 when absent).
"""

from ._expr import Expr, ExprError, parse_expr
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
from ._results import Action, Assessment, Deduction, PeriodResult, UnitResult
from ._values import Element, ElementType, ValueProblem, parse_value

__all__ = [
    "Action",
    "ActionSpec",
    "Adjustment",
    "Assessment",
    "ByRank",
    "ByRole",
    "Check",
    "ConsequenceRule",
    "Deduction",
    "Element",
    "ElementType",
    "Expr",
    "ExprError",
    "Node",
    "Period",
    "PeriodError",
    "PeriodResult",
    "Ranking",
    "Rubric",
    "Rule",
    "UnitResult",
    "ValueProblem",
    "parse_expr",
    "parse_value",
]
