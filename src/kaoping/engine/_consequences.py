"""Consequences (讲评兑现): the rubric's rules on group streaks, resolved to people."""

from __future__ import annotations

from decimal import Decimal
from typing import Protocol

from ._model import ByRank, ByRole, ConsequenceRule, Rubric
from ._periods import Period
from ._results import Action

__all__ = ["HolderLookup", "applicable_rule", "resolve_actions"]


class HolderLookup(Protocol):
    """Who held a role for a unit in a period (``kaoping.engine.People``)."""

    def holders(self, unit: str, area: str | None, role: str, period: Period) -> list[str]: ...


def applicable_rule(rubric: Rubric, group: str | None, streak: int) -> ConsequenceRule | None:
    """For the unit's group, the one rule with the largest streak not above the unit's."""
    if group is None or streak < 1:
        return None
    candidates = [c for c in rubric.consequences if c.group == group and c.streak <= streak]
    return max(candidates, key=lambda c: c.streak, default=None)


def resolve_actions(
    rubric: Rubric,
    *,
    unit: str,
    area: str | None,
    period: Period,
    group: str | None,
    streak: int,
    group_rank: int | None,
    vetoed: bool,
    people: HolderLookup | None,
) -> list[Action]:
    rule = applicable_rule(rubric, group, streak)
    # A vetoed unit gets no award whatever its group: nothing from a top rule.
    if rule is None or (vetoed and rule.group == "top"):
        return []
    out: list[Action] = []
    for spec in rule.actions:
        for target in spec.to:
            amount: Decimal | None
            if isinstance(spec.amount, ByRank):
                i = (group_rank or 1) - 1
                amount = spec.amount.amounts[i] if i < len(spec.amount.amounts) else None
            elif isinstance(spec.amount, ByRole):
                amount = spec.amount.amounts.get(target)
            else:
                amount = spec.amount
            if target == "unit":
                out.append(Action(spec.kind, "unit", None, amount))
                continue
            names = people.holders(unit, area, target, period) if people is not None else []
            if not names:
                out.append(Action(spec.kind, target, None, amount))
            for name in names:
                out.append(Action(spec.kind, target, name, amount))
    return out
