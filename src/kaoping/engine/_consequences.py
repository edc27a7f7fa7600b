"""Consequences (讲评兑现, RUBRIC.md §5 and §5.1): which rules apply to a unit, their
actions resolved to people, then, across the quarter's units and the year's quarters,
what ineligibility and vetoes withhold, what ``once_per: person`` merges, and which
cards carry into next year.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction
from typing import Protocol

from ._format import format_number, to_decimal
from ._model import WITHHELD_EFFECTS, ActionSpec, ByRank, ByRole, ConsequenceRule, PerCase, Rubric
from ._people import ROLES
from ._periods import Period
from ._results import Action, Carried, UnitResult

__all__ = [
    "ConsequenceProblem",
    "FirstMeeting",
    "HolderLookup",
    "Ledger",
    "applicable_rules",
    "default_due",
    "result_env",
]


class HolderLookup(Protocol):
    """Who held a role for a unit on a day (``kaoping.engine.People``)."""

    def holders_on(self, unit: str, area: str | None, role: str, day: date) -> list[str]: ...


#: The day of the first township meeting recorded for a quarter, if any (the web app).
FirstMeeting = Callable[[Period], date | None]


class ConsequenceProblem(ValueError):
    """A condition or a ``per`` amount that cannot be computed (a division by 0)."""

    unit = "-"


def applicable_rules(
    rubric: Rubric, group: str | None, streak: int, env: Mapping[str, Fraction]
) -> list[ConsequenceRule]:
    """The rules that apply to a unit, in the rubric's order: for its group the one
    with the largest ``streak`` not above the unit's, every ``min_streak`` at or below
    it, and every ``condition`` that holds."""
    ranked = [c for c in rubric.consequences if c.condition is None]
    best: ConsequenceRule | None = None
    if group is not None and streak >= 1:
        for c in ranked:
            if (
                c.group == group and c.streak is not None and c.streak <= streak
                and (best is None or (best.streak or 0) < c.streak)
            ):  # fmt: skip
                best = c
    out = []
    for c in rubric.consequences:
        if c.condition is not None:
            value = c.condition.evaluate(env)
            if value is None:
                raise ConsequenceProblem(
                    f"consequences: condition {c.condition} is undefined (division by 0)"
                )
            if value is True or (not isinstance(value, bool) and value != 0):
                out.append(c)
        elif c is best:
            out.append(c)
        elif (
            c.min_streak is not None and group is not None and c.group == group
            and c.min_streak <= streak
        ):  # fmt: skip
            out.append(c)
    return out


def result_env(
    rubric: Rubric, figures: Mapping[str, Fraction], u: UnitResult
) -> dict[str, Fraction]:
    """What a condition reads: the figures, ``total`` (0 when vetoed) and every
    ``items.<path>`` with its ``items.<path>.max``."""
    env = dict(figures)
    env["total"] = Fraction(u.total)
    for n in rubric.nodes():
        env[f"items.{n.path}"] = Fraction(u.scores[n.path])
        env[f"items.{n.path}.max"] = Fraction(n.max)
    return env


def default_due(period: Period) -> date:
    """The last day of the next quarter's first month."""
    nxt = period.next()
    return Period.month(nxt.year, nxt.start_month).last_day()


def _due(spec: ActionSpec, period: Period, first_meeting: FirstMeeting | None) -> date | None:
    if not spec.is_follow_up:
        return None
    if spec.due_days is not None:
        return period.last_day() + timedelta(days=spec.due_days)
    if spec.at == "next_quarter_first_meeting" and first_meeting is not None:
        met = first_meeting(period.next())
        if met is not None:
            return met
    return default_due(period)


def _amount(
    spec: ActionSpec, target: str, group_rank: int | None, env: Mapping[str, Fraction]
) -> Decimal | None:
    a = spec.amount
    if isinstance(a, ByRank):
        i = (group_rank or 1) - 1
        return a.amounts[i] if i < len(a.amounts) else None
    if isinstance(a, ByRole):
        return a.amounts.get(target)
    if isinstance(a, PerCase):
        cases = a.expr.evaluate(env)
        if cases is None:
            raise ConsequenceProblem(
                f"consequences: amount per {a.expr} is undefined (division by 0)"
            )
        count = Fraction(int(cases)) if isinstance(cases, bool) else cases
        pay = Fraction(a.each) * max(Fraction(0), count)
        if a.cap is not None:
            pay = min(pay, Fraction(a.cap))
        return to_decimal(pay)
    return a


@dataclass
class Ledger:
    """Consequences across the assessed quarters, in order: the state that carries
    from one quarter to the next (who is ineligible until when, which cards carry)."""

    rubric: Rubric
    people: HolderLookup | None = None
    first_meeting: FirstMeeting | None = None
    # who (see _who) -> (year, scope, first period) of an ineligibility
    ineligible: list[tuple[tuple[str, ...], int, str, Period]] = field(default_factory=list)
    # unit -> cards given with carry: next_year, by the year they were given
    cards: dict[str, list[Carried]] = field(default_factory=dict)
    # unit -> the years in which the unit has been assessed
    assessed_years: dict[str, set[int]] = field(default_factory=dict)

    def settle(
        self,
        period: Period,
        units: list[UnitResult],
        figures: Mapping[str, Mapping[str, Fraction]],
    ) -> tuple[list[str], list[str]]:
        """Fill every unit's ``actions`` and ``carried`` for one quarter.

        ``figures`` holds each unit's figures (prev() columns included). Returns
        the quarter's warnings (English, Chinese). Raises ConsequenceProblem.
        """
        warnings: list[str] = []
        warnings_zh: list[str] = []
        conditional = any(c.condition is not None for c in self.rubric.consequences)
        for u in units:
            if u.group is None and not conditional:
                # No rule can apply: most units of a county, whose env is not built.
                u.actions = []
                continue
            env = result_env(self.rubric, figures[u.unit], u)
            try:
                rules = applicable_rules(self.rubric, u.group, u.streak, env)
                u.actions = self._resolve(u, rules, env, warnings, warnings_zh)
            except ConsequenceProblem as err:
                err.unit = u.unit
                raise
        # What follows changes only units with actions, and carries cards only for
        # units that hold one: the rest of a province's hundred thousand are left
        # as they are (no actions, nothing carried), at no cost per unit.
        acting = [u for u in units if u.actions]
        self._withhold(period, acting)
        self._once_per_person(acting)
        self._carry(period, [u for u in units if u.actions or self.cards.get(u.unit)])
        return list(dict.fromkeys(warnings)), list(dict.fromkeys(warnings_zh))

    def _resolve(
        self,
        u: UnitResult,
        rules: Iterable[ConsequenceRule],
        env: Mapping[str, Fraction],
        warnings: list[str],
        warnings_zh: list[str],
    ) -> list[Action]:
        out: list[Action] = []
        last = u.period.last_day()
        for rule in rules:
            group_rank = u.group_rank if rule.condition is None else None
            for spec in rule.actions:
                due = _due(spec, u.period, self.first_meeting)
                for target in spec.to:
                    amount = _amount(spec, target, group_rank, env)
                    base = Action(
                        spec.kind, target, None, amount, effect=spec.effect, due=due,
                        once_per=spec.once_per == "person", carry=spec.carry,
                        scope=spec.scope if spec.effect == "ineligible" else None,
                    )  # fmt: skip
                    if target in ("unit", "area"):
                        out.append(base)
                        continue
                    names = (
                        self.people.holders_on(u.unit, u.area, target, last)
                        if self.people is not None
                        else []
                    )
                    if not names and self.people is not None:
                        money = (
                            f" ({format_number(amount)} yuan unpaid)" if amount is not None else ""
                        )
                        money_zh = (
                            f"（{format_number(amount)}元无人领取）" if amount is not None else ""
                        )
                        warnings.append(
                            f"{u.unit} {u.period}: nobody held {target} ({ROLES.get(target, target)}) "
                            f"on {last.isoformat()}; {spec.kind} is listed with no person{money}"
                        )
                        warnings_zh.append(
                            f"{u.display_name}（{u.unit}）{u.period}：{last.isoformat()}无人担任"
                            f"{ROLES.get(target, target)}，“{spec.kind}”无对应人员{money_zh}"
                        )
                    persons: list[str | None] = [*names] or [None]
                    out.extend(replace(base, person=n) for n in persons)
        return out

    def _withhold(self, period: Period, units: list[UnitResult]) -> None:
        for u in units:
            if u.vetoed:
                u.actions = [
                    _withheld(a, "veto") if a.effect in WITHHELD_EFFECTS else a for a in u.actions
                ]
        # Ineligibility given this quarter holds for this quarter's other units too.
        for u in units:
            for a in u.actions:
                if a.effect == "ineligible":
                    self.ineligible.append((_who(u, a), period.year, a.scope or "year", period))
        barred = {
            who
            for who, year, scope, since in self.ineligible
            if (scope == "quarter" and since == period)
            or (scope == "year" and year == period.year and since <= period)
        }
        for u in units:
            u.actions = [
                _withheld(a, "ineligible")
                if a.withheld is None and a.effect in WITHHELD_EFFECTS and _who(u, a) in barred
                else a
                for a in u.actions
            ]

    def _once_per_person(self, units: list[UnitResult]) -> None:
        """One action per person, kind and effect among those marked ``once_per``: on
        the unit that gave the largest amount (lowest code on a tie), with ``from``."""
        groups: dict[tuple[tuple[str, ...], str, str], list[tuple[UnitResult, int]]] = {}
        for u in units:
            for i, a in enumerate(u.actions):
                if a.once_per and a.withheld is None:
                    groups.setdefault((_who(u, a), a.kind, a.effect), []).append((u, i))
        drop: set[tuple[str, int]] = set()
        for found in groups.values():

            def rank(ui: tuple[UnitResult, int]) -> tuple[Decimal, str, int]:
                amount = ui[0].actions[ui[1]].amount
                return (
                    -(amount if amount is not None else Decimal("-Infinity")),
                    ui[0].unit,
                    ui[1],
                )

            keep_unit, keep_i = min(found, key=rank)
            sources = tuple(sorted({u.unit for u, _ in found}))
            keep_unit.actions[keep_i] = replace(keep_unit.actions[keep_i], from_units=sources)
            drop |= {(u.unit, i) for u, i in found if (u, i) != (keep_unit, keep_i)}
        if drop:
            for u in units:
                u.actions = [a for i, a in enumerate(u.actions) if (u.unit, i) not in drop]

    def _carry(self, period: Period, units: list[UnitResult]) -> None:
        for u in units:
            years = self.assessed_years.setdefault(u.unit, set())
            first_of_year = period.year not in years
            years.add(period.year)
            if first_of_year:
                u.carried = [c for c in self.cards.get(u.unit, []) if c.year == period.year - 1]
            cards = self.cards.setdefault(u.unit, [])
            for a in u.actions:
                if a.carry == "next_year":
                    card = Carried(period.year, period, a.kind, a.effect)
                    if card not in cards:
                        cards.append(card)


def _withheld(a: Action, reason: str) -> Action:
    return replace(a, withheld=reason, amount=None)


def _who(u: UnitResult, a: Action) -> tuple[str, ...]:
    """Whom an action reaches: the person by name; without a name, the unit itself,
    its area, or the role of the unit (area roles: of the area)."""
    if a.person is not None:
        return ("person", a.person)
    if a.to == "unit":
        return ("unit", u.unit)
    if a.to == "area" or a.to in ("area_chief", "area_deputy"):
        return ("area", a.to, u.area or u.unit)
    return ("role", a.to, u.unit)
