"""Who held which role in a unit, and when: so that awards and fines reach a person.

Pure: :class:`People` is built from :class:`Person` records (``kaoping.io.read_people``
reads them from a file; the web app from its database).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date

from ._periods import Period

__all__ = [
    "AREA_ROLES",
    "ROLES",
    "ROLE_ALIASES",
    "People",
    "Person",
    "nearest_role",
    "role_code",
    "role_label",
]

#: Role code -> Chinese label, in the order documents list them: the one table of
#: role labels (RUBRIC.md §5.1) that every shell shows; tests/test_role_labels.py
#: checks that no other module writes them.
ROLES: dict[str, str] = {
    "secretary": "书记",
    "director": "主任",
    "service_worker": "专干",
    "resident_cadre": "驻村干部",
    "liaison_cadre": "包村干部",
    "area_chief": "片长",
    "area_deputy": "副片长",
}

#: Roles held for a work area (片) rather than a village: recorded for the area's code.
AREA_ROLES = frozenset({"area_chief", "area_deputy"})

#: Texts accepted for a role in files and forms, besides the codes and labels of ROLES.
ROLE_ALIASES: dict[str, str] = {
    **{label: code for code, label in ROLES.items()},
    "支部书记": "secretary",
    "党支部书记": "secretary",
    "村党支部书记": "secretary",
    "党委书记": "secretary",
    "村主任": "director",
    "居委会主任": "director",
    "村委会主任": "director",
    "服务员": "service_worker",
    "计生专干": "service_worker",
    "人口专干": "service_worker",
    "专干/服务员": "service_worker",
    "驻村": "resident_cadre",
    "包村": "liaison_cadre",
    "片区长": "area_chief",
    "副片区长": "area_deputy",
    "专干服务员": "service_worker",
    "村居专干": "service_worker",
    "驻村工作队员": "resident_cadre",
    "包村领导": "liaison_cadre",
}


#: What a consequence's ``to`` names besides a role: the unit itself, or its work area.
PLACES: dict[str, str] = {"unit": "本单位", "area": "片区"}


def role_label(code: str, *, unit: str = PLACES["unit"]) -> str:
    """How a consequence's ``to`` is shown: a role's label, ``本单位``/``片区`` for
    ``unit``/``area``, anything else as given.

    ``unit`` is the shell's word for the assessed unit, which reads differently in
    a bulletin (``村（居）``, naming villages) than on a score sheet (``本单位``).
    """
    if code == "unit":
        return unit
    return ROLES.get(code) or PLACES.get(code, code)


def role_code(text: str) -> str | None:
    """The role code for a code, a label or an alias (``服务员`` -> ``service_worker``)."""
    t = "".join(text.split())
    if t.lower() in ROLES:
        return t.lower()
    return ROLE_ALIASES.get(t)


def nearest_role(text: str) -> str:
    """The role code a mistyped role most resembles, for "did you mean" messages.

    Compared with every code, label and alias, so that ``secretery`` and ``书计``
    both find ``secretary``; difflib always answers (cutoff 0), since a message
    naming no role helps nobody.
    """
    t = "".join(text.split())
    spellings = {**{code: code for code in ROLES}, **ROLE_ALIASES}
    import difflib  # here: only a misspelt role asks

    best = difflib.get_close_matches(t.lower(), list(spellings), n=1, cutoff=0)
    return spellings[best[0]] if best else "secretary"


@dataclass(frozen=True)
class Person:
    """A person recorded in a role of a unit (or, for area roles, of an area) between dates.

    ``start``/``end`` are inclusive; ``None`` is open (since ever, until now).
    """

    unit: str
    role: str
    name: str
    start: date | None = None
    end: date | None = None

    def holds_on(self, day: date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)

    def overlaps(self, first: date, last: date) -> bool:
        return (self.start is None or self.start <= last) and (
            self.end is None or first <= self.end
        )


def period_days(period: Period) -> tuple[date, date]:
    """The first and the last day of a quarter or month."""
    return period.first_day(), period.last_day()


class People:
    """The people of all units, answering who held a role in a period."""

    def __init__(self, persons: Iterable[Person]) -> None:
        self.persons = list(persons)
        self._by_unit_role: dict[tuple[str, str], list[Person]] = {}
        for p in self.persons:
            self._by_unit_role.setdefault((p.unit, p.role), []).append(p)

    def __len__(self) -> int:
        return len(self.persons)

    def __iter__(self) -> Iterator[Person]:
        return iter(self.persons)

    def holders(self, unit: str, area: str | None, role: str, period: Period) -> list[str]:
        """Names of who held ``role`` for ``unit`` in ``period``, sorted; ``[]`` if none.

        Whoever held it on the period's last day answers for the period; when the
        role was vacant that day, everyone who held it during the period does.
        Area roles are looked up for the unit's area code, and for the unit itself.
        """
        candidates = list(self._by_unit_role.get((unit, role), ()))
        if role in AREA_ROLES and area is not None and area != unit:
            candidates += self._by_unit_role.get((area, role), ())
        first, last = period_days(period)
        on_last_day = {p.name for p in candidates if p.holds_on(last)}
        if on_last_day:
            return sorted(on_last_day)
        return sorted({p.name for p in candidates if p.overlaps(first, last)})

    def holders_on(self, unit: str, area: str | None, role: str, day: date) -> list[str]:
        """Names of who held ``role`` for ``unit`` on ``day``, sorted; ``[]`` if nobody did.

        Consequences use this (RUBRIC.md §5.1): a role vacant on the quarter's last
        day gives the action to nobody, with a warning, rather than to a
        predecessor who may have left in the quarter's first week.
        """
        candidates = list(self._by_unit_role.get((unit, role), ()))
        if role in AREA_ROLES and area is not None and area != unit:
            candidates += self._by_unit_role.get((area, role), ())
        return sorted({p.name for p in candidates if p.holds_on(day)})

    def roles_of(self, unit: str, area: str | None, period: Period) -> dict[str, list[str]]:
        """Every role with somebody in it for ``unit`` in ``period``, in the order of ROLES."""
        found = {}
        for role in ROLES:
            names = self.holders(unit, area, role, period)
            if names:
                found[role] = names
        return found
