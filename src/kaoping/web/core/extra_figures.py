"""Figures that other apps derive from their own records (a responsibility
letter's acceptance, say) and offer to the assessment beside the reported ones.

An app registers a provider in its ``AppConfig.ready``; the assessment asks every
provider when it builds its rows. So the assessment reads those figures without
importing the app that makes them, and the app depends on core only. A reported
figure of the same element wins: a provider never overwrites what a village
reported.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any

# (units, periods) -> {(unit code, period): {element: value}}
Provider = Callable[[list[Any], list[str]], dict[tuple[str, str], dict[str, Decimal]]]

_PROVIDERS: list[Provider] = []


def register(provider: Provider) -> None:
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)


def figures_for(
    units: list[Any], periods: Iterable[str]
) -> dict[tuple[str, str], dict[str, Decimal]]:
    wanted = list(periods)
    out: dict[tuple[str, str], dict[str, Decimal]] = {}
    for provider in _PROVIDERS:
        for key, values in provider(units, wanted).items():
            out.setdefault(key, {}).update(values)
    return out
