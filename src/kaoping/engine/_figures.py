"""A township's figures without Polars: the rows a small file holds, and the
pure-Python forms of what the frame-based engine does to them (manual columns,
``prev()`` columns, checks, ranks), so that the command line can score a few
hundred units without loading Polars, which costs more to import than the rest
of that work. Tested equal to the frame forms (``_prev``, ``check_data``,
``rank_periods``).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

from ._expr import prev_column
from ._format import to_decimal
from ._model import Ranking, Rubric
from ._periods import Period, PeriodError

__all__ = ["Figures", "RankedRow", "check_rows", "prepare_rows", "rank_rows"]

KEYS = ("unit", "period", "name", "area")


@dataclass(frozen=True)
class Figures:
    """Rows of ``unit``, ``period``, ``name``, ``area`` (text or None) and one exact
    value (``Decimal`` or ``int``, None where missing) per element code: the engine's
    frame (see :mod:`kaoping.engine`) as plain Python."""

    columns: tuple[str, ...]
    rows: tuple[Mapping[str, Any], ...]

    @property
    def height(self) -> int:
        return len(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self) -> Iterator[Mapping[str, Any]]:
        return iter(self.rows)

    def to_frame(self) -> Any:
        """The same rows as a Polars frame (figures as ``Decimal(38, 18)``)."""
        import polars as pl

        schema: dict[str, Any] = {c: pl.Utf8 for c in KEYS}
        schema.update({c: pl.Decimal(38, 18) for c in self.columns if c not in KEYS})
        data = {c: [r.get(c) for r in self.rows] for c in schema}
        return pl.DataFrame(data, schema=schema)

    def to_exact_frame(self) -> Any:
        """As :meth:`to_frame`, for readers that take the values one by one (the
        targets, ``evaluate_target``): a column whose every figure is an int or a
        decimal of at most 18 places is ``Decimal(38, 18)``; a column holding a
        figure that is not (a township's rolled-up share of 2/3) keeps its exact
        Fractions in an Object column, never rounded, so that 2/3 falls short of
        ``>= 0.666666666666666667`` as it should."""
        import polars as pl

        from ._levels import as_decimals

        rows = [dict(r) for r in self.rows]
        as_decimals(rows)
        figures = [c for c in self.columns if c not in KEYS]
        inexact = {c for c in figures if any(r.get(c).__class__ is Fraction for r in rows)}
        schema: dict[str, Any] = {c: pl.Utf8 for c in KEYS}
        schema.update({c: pl.Object if c in inexact else pl.Decimal(38, 18) for c in figures})
        data = {c: [r.get(c) for r in rows] for c in schema}
        for c in figures:
            if c not in inexact:  # a column of 0 and 0.5: Polars takes one kind of number
                data[c] = [Decimal(v) if v.__class__ is int else v for v in data[c]]
        return pl.DataFrame(data, schema=schema)


def _next(text: str) -> str | None:
    try:
        return str(Period.parse(text).next())
    except PeriodError:
        return None


def prepare_rows(rubric: Rubric, figures: Figures) -> list[dict[str, Any]]:
    """``prepare_frame`` on plain rows: figures as ``Fraction``, absent manual columns 0,
    ``name``/``area`` present, and a ``prev(code)`` column per code ``prev()`` reads.
    Raises ``KeyError`` naming the referenced elements the data has no column for."""
    columns = set(figures.columns)
    manual = set(rubric.manual_columns)
    needed = [c for c in rubric.referenced_elements() if c not in manual]
    missing = [c for c in needed if c not in columns]
    if missing:
        raise KeyError(f"the data has no column for: {', '.join(missing)}")
    codes = [c for c in dict.fromkeys([*rubric.data_elements(), *needed]) if c in columns]
    codes += [c for c in rubric.manual_columns if c in columns and c not in codes]
    rows: list[dict[str, Any]] = []
    exact: dict[Any, Fraction] = {}  # figures repeat (0, 1, small counts): made once
    for r in figures.rows:
        row: dict[str, Any] = {k: r.get(k) for k in KEYS}
        for c in codes:
            v = r.get(c)
            if v is None:
                row[c] = None
                continue
            f = exact.get(v)
            if f is None:
                f = exact[v] = Fraction(v)
            row[c] = f
        for c in rubric.manual_columns:
            if c not in columns:
                row[c] = Fraction(0)
        rows.append(row)
    prev = [c for c in rubric.prev_elements() if prev_column(c) not in columns]
    if prev:
        before: dict[tuple[str, str], dict[str, Any]] = {}
        for row in rows:
            following = _next(str(row["period"]))
            if following is not None:
                before.setdefault((str(row["unit"]), following), row)
        for row in rows:
            earlier = before.get((str(row["unit"]), str(row["period"])))
            for c in prev:
                v = earlier.get(c) if earlier is not None and c in columns else None
                if v is None:
                    default = rubric.elements[c].default
                    v = None if default is None else Fraction(default)
                row[prev_column(c)] = v
    return rows


def check_rows(
    rubric: Rubric, rows: Sequence[Mapping[str, Any]]
) -> list[tuple[str, str, str, dict[str, Any]]]:
    """Every check's violations (unit, period, message, figures), check by check in
    data order, as ``check_data`` lists them; an undefined check is a violation."""
    out = []
    for check in rubric.checks:
        names = list(dict.fromkeys(check.rule.columns()))
        fn = check.rule.exact()
        for row in rows:
            env = {n: row[n] for n in names if row.get(n) is not None}
            try:
                value = fn(env) if len(env) == len(names) else None
            except KeyError:
                value = None
            if value is True or (value is not None and value is not False and value != 0):
                continue
            values = {n: None if row.get(n) is None else to_decimal(row[n]) for n in names}
            out.append((str(row["unit"]), str(row["period"]), check.message, values))
    return out


@dataclass(frozen=True)
class RankedRow:
    unit: str
    period: str
    rank: int
    group: str | None
    group_rank: int | None
    streak: int


def _key(total: Fraction) -> int:
    """The total as ``rank_periods`` compares it: at 18 decimals (half up, as written),
    then at 12, half to even, as an integer."""
    digits = int(to_decimal(total).scaleb(18))
    q, r = divmod(digits, 10**6)
    half = 5 * 10**5
    return q + (1 if r > half or (r == half and q % 2 == 1) else 0)


def rank_rows(totals: Sequence[tuple[str, str, Fraction]], ranking: Ranking) -> list[RankedRow]:
    """``rank_periods`` on (unit, period, total) triples: ranks, groups and streaks,
    by period, rank and unit code."""
    desc = ranking.order == "desc"
    by_period: dict[str, list[tuple[int, str]]] = {}
    for unit, period, total in totals:
        by_period.setdefault(period, []).append((_key(total), unit))
    include = ranking.boundary == "include_ties"
    ranked: dict[tuple[str, str], list[Any]] = {}
    periods = sorted(by_period, key=Period.parse)
    for period in periods:
        units = sorted(by_period[period], key=lambda t: t[1])
        units.sort(key=lambda t: t[0], reverse=desc)  # stable: ties stay by unit code
        n = len(units)
        runs: list[tuple[int, int]] = []  # (first position, last position), 1-based
        start = 0
        for i in range(1, n + 1):
            if i == n or units[i][0] != units[start][0]:
                runs.append((start + 1, i))
                start = i
        dense_n = len(runs)
        for dense, (first, last) in enumerate(runs, start=1):
            worst_min, worst_max = n + 1 - last, n + 1 - first
            if ranking.ties == "shared":
                rank, worst_rank = first, worst_min
            else:
                rank, worst_rank = dense, dense_n + 1 - dense
            top_pos = first if include else last
            bottom_pos = worst_min if include else worst_max
            in_top = ranking.top > 0 and top_pos <= ranking.top
            in_bottom = not in_top and ranking.bottom > 0 and bottom_pos <= ranking.bottom
            group = "top" if in_top else "bottom" if in_bottom else None
            group_rank = rank if in_top else worst_rank if in_bottom else None
            for _, unit in units[first - 1 : last]:
                ranked[(unit, period)] = [rank, group, group_rank, 0]
    # Streaks along each unit's own assessed periods, in order.
    last_group: dict[str, tuple[str | None, int]] = {}
    for period in periods:
        for _, unit in by_period[period]:
            cell = ranked[(unit, period)]
            group = cell[1]
            before = last_group.get(unit)
            streak = 0 if group is None else (before[1] + 1 if before and before[0] == group else 1)
            cell[3] = streak
            last_group[unit] = (group, streak)
    out = [
        RankedRow(unit, period, *ranked[(unit, period)])
        for period in periods
        for _, unit in by_period[period]
    ]
    order = {p: i for i, p in enumerate(periods)}
    out.sort(key=lambda r: (order[r.period], r.rank, r.unit))
    return out
