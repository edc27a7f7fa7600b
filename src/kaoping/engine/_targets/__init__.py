"""Targets (目标) and allocation entries: the model of a targets file, reading it,
judging its targets on data, and the words a judged clause is shown in."""

from .evaluation import evaluate_target, evaluate_targets
from .model import (
    AllocationSpec,
    ClauseResult,
    Comparison,
    ShareClause,
    Shortfall,
    Target,
    TargetDataError,
    TargetNotFormed,
    TargetResult,
    Targets,
    TargetsError,
)
from .parsing import parse_targets
from .wording import TARGET_WORDING, clause_label

__all__ = [
    "TARGET_WORDING",
    "AllocationSpec",
    "ClauseResult",
    "Comparison",
    "ShareClause",
    "Shortfall",
    "Target",
    "TargetDataError",
    "TargetNotFormed",
    "TargetResult",
    "Targets",
    "TargetsError",
    "clause_label",
    "evaluate_target",
    "evaluate_targets",
    "parse_targets",
]
