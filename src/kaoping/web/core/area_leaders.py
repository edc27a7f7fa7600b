"""Who answers for a work area in a campaign: its work group's leader (组长), as
the app that keeps the work groups says.

A consequence addressed to a work area (``to: area``, RUBRIC.md §5.1) reaches the
area itself; the person who receives it for the area is the campaign's work group
leader there, else the area's chief (片长) on the campaign's last day. The app
that keeps the work groups registers a resolver in its ``AppConfig.ready``, so the
assessment asks without importing it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

# (campaign pk, area unit pks) -> {area unit pk: leader's name}
Resolver = Callable[[int, list[int]], dict[int, str]]

_RESOLVERS: list[Resolver] = []


def register(resolver: Resolver) -> None:
    if resolver not in _RESOLVERS:
        _RESOLVERS.append(resolver)


def leaders_for(campaign_pk: int, areas: Iterable[int]) -> dict[int, str]:
    wanted = sorted(set(areas))
    out: dict[int, str] = {}
    for resolver in _RESOLVERS:
        for area, name in resolver(campaign_pk, wanted).items():
            out.setdefault(area, name)
    return out
