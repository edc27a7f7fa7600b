"""A township's data file read without Polars, for the command line's start-up.

:func:`read_small` reads wide files whose every header and cell is what the full
reader (``_data.read_data``) takes without a word: known headers, plain numbers
(or values ``parse_value`` accepts), no duplicates, no more than ``max_rows`` rows.
Anything else (a problem, a warning, long data, a big file) returns ``None`` and the
caller reads the files with ``read_data``, which words every problem: the two never
disagree on a file both accept, because this one accepts less.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from decimal import ROUND_HALF_EVEN, Context, Decimal
from pathlib import Path
from typing import Any

from kaoping.engine import (
    Element,
    ElementType,
    Figures,
    Period,
    PeriodError,
    ValueProblem,
    parse_value,
)

from ._headers import _ALIAS, _PLAIN, _is_data_header, _norm
from ._tables import read_table

__all__ = ["read_small"]

_QUANTUM = Decimal(1).scaleb(-18)
_WIDE = Context(prec=40, rounding=ROUND_HALF_EVEN)


class _Decline(Exception):
    """The full reader should read these files."""


def _lookup(elements: Mapping[str, Element], manual: Sequence[str]) -> dict[str, str]:
    # As _data._Reader.lookup: codes, then labels that name one element only.
    found: dict[str, str] = {}
    labels: dict[str, list[str]] = {}
    for code, element in elements.items():
        found[code.casefold()] = code
        if element.label:
            labels.setdefault(_norm(element.label), []).append(code)
    for label, codes in labels.items():
        if len(codes) == 1 and label not in found:
            found[label] = codes[0]
    for code in manual:
        found[code.casefold()] = code
    return found


def read_small(
    paths: Sequence[str | Path],
    elements: Mapping[str, Element],
    manual_columns: Sequence[str] = (),
    max_rows: int = 1000,
) -> Figures | None:
    """The files' figures, or ``None`` when ``read_data`` should read them."""
    if not elements:  # undeclared elements: the full reader infers them and warns
        return None
    try:
        return _read(paths, elements, manual_columns, max_rows)
    except _Decline:
        return None


def _read(
    paths: Sequence[str | Path],
    elements: Mapping[str, Element],
    manual: Sequence[str],
    max_rows: int,
) -> Figures:
    lookup = _lookup(elements, manual)
    codes = [*elements, *manual]
    plain = {
        c: re.compile(_PLAIN[ElementType.AMOUNT if c in manual else elements[c].type])
        for c in codes
    }
    kinds = {c: elements[c].type if c in elements else ElementType.NUMBER for c in codes}
    defaults = {c: elements[c].default if c in elements else Decimal(0) for c in codes}
    rows: list[dict[str, Any]] = []
    seen: set[tuple[str, str]] = set()
    periods: dict[str, Period] = {}  # a cell's text, then the canonical text
    for path in paths:
        if Path(path).suffix.lower() != ".csv":
            raise _Decline
        table, problems = read_table(path, is_header=_is_data_header, max_rows=max_rows)
        if table is None or problems:
            raise _Decline
        at: dict[str, int] = {}
        for i, header in enumerate(table.headers):
            key = _norm(header)
            if not key:
                if any(t is not None for t in table.texts(i)):
                    raise _Decline  # the full reader warns that it is ignored
                continue
            name = _ALIAS.get(key) or lookup.get(key)
            if name is None or name in at or name in ("element", "value"):
                raise _Decline
            at[name] = i
        if "unit" not in at or "period" not in at:
            raise _Decline
        texts = {name: table.texts(i) for name, i in at.items()}
        for c in codes:
            if c not in at and defaults[c] is None:
                raise _Decline
        for n in range(len(table.rows)):
            unit, text = texts["unit"][n], texts["period"][n]
            if unit is None or text is None:
                raise _Decline
            period = periods.get(text)
            if period is None:
                try:
                    period = periods[text] = Period.parse(text)
                except PeriodError:
                    raise _Decline from None
                if period.kind not in ("Q", "M"):  # a file reports quarters or months
                    raise _Decline
                periods[str(period)] = period
            ident = (unit, str(period))
            if ident in seen:
                raise _Decline
            seen.add(ident)
            row: dict[str, Any] = {
                "unit": unit,
                "period": ident[1],
                "name": texts["name"][n] if "name" in texts else None,
                "area": texts["area"][n] if "area" in texts else None,
            }
            for c in codes:
                cell = texts[c][n] if c in texts else None
                row[c] = _value(cell, kinds[c], plain[c], defaults[c], c in manual)
            rows.append(row)
    rows.sort(key=lambda r: r["unit"])
    rows.sort(key=lambda r: periods[r["period"]])
    return Figures(("unit", "period", "name", "area", *codes), tuple(rows))


def _value(
    cell: str | None,
    kind: ElementType,
    plain: re.Pattern[str],
    default: Decimal | None,
    manual: bool,
) -> Decimal:
    if cell is None:
        if default is None:
            raise _Decline
        return default
    if plain.match(cell):
        return Decimal(cell)
    try:
        value = parse_value(cell, kind)
    except ValueProblem:
        raise _Decline from None
    if value is None or (manual and value < 0):
        raise _Decline
    return value.quantize(_QUANTUM, context=_WIDE)
