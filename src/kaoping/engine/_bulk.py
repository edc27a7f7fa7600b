"""Assessing many units at once: the vectorised exact scorer (``score_frame``) and
ranking (``rank_periods``) over the whole frame, with the same results, to the
character, as scoring unit by unit (``_assess``; tested on every conformance case).

What a unit's result holds beyond its total and rank is made when first read, from
the period's columns: its scores and figures as decimals (each distinct value made
once), and its explanations from the exact per-unit evaluation of that unit alone.
A province's CSV ranking reads no explanation and so builds none; a township's
page reads all of them.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any, overload

from ._evaluate import evaluate_unit, fractional_cases_ok
from ._explain import ExplainedLines, absorbed_lines, explain
from ._expr import prev_column
from ._format import to_decimal
from ._model import Rubric
from ._periods import Period, PeriodError
from ._results import Absorbed, Deduction, UnitResult

if TYPE_CHECKING:
    import polars as pl

    from ._checks import CheckViolation

__all__ = ["BulkUnit", "score_all"]

_E18 = 10**18


class _Columns:
    """One period's rows as columns, each turned into Python values on first use."""

    def __init__(self, frame: pl.DataFrame, exact_codes: list[str]) -> None:
        self.frame = frame
        self.exact_codes = exact_codes
        self._decimals: dict[str, list[Decimal | None]] = {}
        self._fractions: dict[str, list[Fraction | None]] = {}
        self._asked = 0
        self._asked_rows = 0
        self._lists: dict[tuple[str, ...], list[list[Decimal | None]]] = {}
        self.lines = ExplainedLines()  # the period's units' explanations share it

    def decimals(self, column: str) -> list[Decimal | None]:
        """The column at 18 decimals, written as ``to_decimal`` writes a fraction."""
        found = self._decimals.get(column)
        if found is None:
            digits = self.frame.get_column(column).cast(_decimal()).to_physical()
            made = {
                d: None if d is None else to_decimal(Fraction(d, _E18)) for d in digits.unique()
            }
            found = self._decimals[column] = [made[d] for d in digits.to_list()]
        return found

    def fractions(self, column: str) -> list[Fraction | None]:
        found = self._fractions.get(column)
        if found is None:
            digits = self.frame.get_column(column).cast(_decimal()).to_physical()
            made = {d: None if d is None else Fraction(d, _E18) for d in digits.unique()}
            found = self._fractions[column] = [made[d] for d in digits.to_list()]
        return found

    def columns(self, names: list[str]) -> list[list[Decimal | None]]:
        """Several columns at 18 decimals (see :meth:`decimals`), looked up once."""
        key = tuple(names)
        found = self._lists.get(key)
        if found is None:
            found = self._lists[key] = [self.decimals(n) for n in names]
        return found

    def row(self, i: int, names: list[str]) -> list[Decimal | None]:
        """One unit's columns at 18 decimals: from its row for the first few units
        asked (the consequences read the scores of the top and bottom groups), from
        whole columns once many are (a township's page reads them all)."""
        self._asked_rows += 1
        if self._asked_rows > 64:
            return [c[i] for c in self.columns(names)]
        digits = self.frame.select(pl_col(n).cast(_decimal()).to_physical() for n in names).row(i)
        return [None if d is None else to_decimal(Fraction(d, _E18)) for d in digits]

    def figure(self, code: str) -> list[Decimal | None]:
        return self.decimals(f"__f.{code}")

    def env(self, i: int) -> dict[str, Fraction]:
        """A unit's figures, exact: from its row for the first few units asked (the
        consequences ask for a handful), from whole columns once many are."""
        self._asked += 1
        out: dict[str, Fraction] = {}
        if self._asked <= 64:
            row = self.frame.row(i, named=True)
            for c in self.exact_codes:
                v = row[f"__f.{c}"]
                if v is not None:
                    out[c] = Fraction(v)
            return out
        for c in self.exact_codes:
            f = self.fractions(f"__f.{c}")[i]
            if f is not None:
                out[c] = f
        return out


def _decimal() -> Any:
    import polars as pl

    return pl.Decimal(38, 18)


def pl_col(name: str) -> Any:
    import polars as pl

    return pl.col(name)


class BulkUnit(UnitResult):
    """A unit of a vectorised assessment; ``scores``, ``values``, ``deductions``,
    ``bonuses`` and ``absorbed`` are made from its period's columns when first read
    (then kept)."""

    @classmethod
    def made(cls, fields: dict[str, Any]) -> BulkUnit:
        """A unit from its attributes as they are stored, without ``__init__``: a
        province makes a hundred thousand of them, and the dataclass's generated
        ``__init__`` and the property setters were most of that time."""
        unit = cls.__new__(cls)
        unit.__dict__ = fields
        return unit

    def __init__(self, *args: Any, rubric: Rubric, columns: _Columns, index: int,
                 paths: list[str], reasons: Mapping[str, str] | None, **kwargs: Any) -> None:  # fmt: skip
        self._rubric, self._columns, self._index = rubric, columns, index
        self._paths, self._reasons = paths, reasons
        self._made: dict[str, Any] = {}
        super().__init__(*args, **kwargs)

    def _lazy(self, name: str) -> Any:
        if name in self._made:
            return self._made[name]
        cols, i = self._columns, self._index
        if name == "scores":
            self._made[name] = dict(zip(self._paths, cols.row(i, self._paths), strict=True))
        elif name == "values":
            self._made[name] = {c: cols.figure(c)[i] for c in cols.exact_codes
                                if cols.figure(c)[i] is not None}  # fmt: skip
        elif name == "absorbed":
            self._made[name] = absorbed_lines(self._rubric, self.scores)
        else:
            env = cols.env(i)
            ev = evaluate_unit(self._rubric, env)
            deductions, bonuses = explain(
                self._rubric, ev, env, self._reasons, lines=cols.lines, kind=self.period.kind
            )
            self._made["deductions"], self._made["bonuses"] = deductions, bonuses
        return self._made[name]

    def _set(self, name: str, value: Any) -> None:
        # The dataclass __init__ passes empty placeholders: the columns hold the truth.
        if value:
            self._made[name] = value

    @property
    def scores(self) -> dict[str, Decimal]:
        return self._lazy("scores")

    @scores.setter
    def scores(self, value: dict[str, Decimal]) -> None:
        self._set("scores", value)

    @property
    def values(self) -> dict[str, Decimal]:
        return self._lazy("values")

    @values.setter
    def values(self, value: dict[str, Decimal]) -> None:
        self._set("values", value)

    @property
    def deductions(self) -> list[Deduction]:
        return self._lazy("deductions")

    @deductions.setter
    def deductions(self, value: list[Deduction]) -> None:
        self._set("deductions", value)

    @property
    def absorbed(self) -> list[Absorbed]:
        return self._lazy("absorbed")

    @absorbed.setter
    def absorbed(self, value: list[Absorbed]) -> None:
        self._set("absorbed", value)

    @property
    def bonuses(self) -> list[Deduction]:
        return self._lazy("bonuses")

    @bonuses.setter
    def bonuses(self, value: list[Deduction]) -> None:
        self._set("bonuses", value)


class _Figures(Mapping[str, Mapping[str, Fraction]]):
    """unit -> its figures, made when the consequences ask (grouped units mostly)."""

    def __init__(self, columns: _Columns, units: BulkUnits) -> None:
        self._columns, self._units = columns, units

    def __getitem__(self, unit: str) -> Mapping[str, Fraction]:
        return self._columns.env(self._units.position(unit))

    def __iter__(self) -> Iterator[str]:
        return iter(self._units.codes())

    def __len__(self) -> int:
        return len(self._units)


class BulkUnits(Sequence[UnitResult]):
    """A period's units of a vectorised assessment, in rank order, each made when first
    read (then kept, so that every reader sees the same object). A province's CSV is
    written from the period's table and reads none; the consequences read the few
    that may act (:meth:`where`); a township's page reads them all."""

    def __init__(self, rubric: Rubric, period: Period, part: pl.DataFrame, columns: _Columns,
                 paths: list[str], reasons: Mapping[tuple[str, str], Mapping[str, str]]) -> None:  # fmt: skip
        self._rubric, self._period, self._part, self._columns = rubric, period, part, columns
        self._paths, self._reasons = paths, reasons
        self._made: dict[int, UnitResult] = {}
        self._all: list[UnitResult] | None = None
        self._codes: list[str] | None = None
        self._positions: dict[str, int] | None = None

    def __len__(self) -> int:
        return self._part.height

    @overload
    def __getitem__(self, i: int) -> UnitResult: ...
    @overload
    def __getitem__(self, i: slice) -> list[UnitResult]: ...
    def __getitem__(self, i: int | slice) -> UnitResult | list[UnitResult]:
        if isinstance(i, slice):
            return self._list()[i]
        if self._all is not None:
            return self._all[i]
        n = len(self)
        if not -n <= i < n:
            raise IndexError(i)
        return self._one(i % n)

    def __iter__(self) -> Iterator[UnitResult]:
        return iter(self._list())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Sequence):
            return list(self) == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"BulkUnits({self._period}, {len(self)} units)"

    def codes(self) -> list[str]:
        if self._codes is None:
            self._codes = self._part.get_column("unit").cast(_utf8()).to_list()
        return self._codes

    def position(self, unit: str) -> int:
        if self._positions is None:
            self._positions = {u: i for i, u in enumerate(self.codes())}
        return self._positions[unit]

    def where(self, grouped: bool, units: Iterable[str]) -> list[UnitResult]:
        """The units in a group (with ``grouped``) and the ``units`` named, in rank order."""
        import polars as pl

        named = list(units)
        mask = pl.col("unit").cast(pl.Utf8).is_in(pl.lit(pl.Series(named, dtype=pl.Utf8)).implode())
        if grouped:
            mask = mask | pl.col("group").is_not_null()
        at = self._part.select(pl.int_range(pl.len()).filter(mask)).to_series().to_list()
        return [self[i] for i in at]

    def _fields(self, i: int) -> dict[str, Any]:
        row = self._part.row(i, named=True)
        name, area = row["name"], row["area"]
        return {
            "unit": str(row["unit"]), "name": None if name is None else str(name),
            "area": None if area is None else str(area),
            "total": to_decimal(Fraction(row["total"])), "rank": row["rank"],
            "vetoed": row["vetoed"], "group": row["group"], "streak": row["streak"],
            "group_rank": row["group_rank"],
        }  # fmt: skip

    def _make(self, i: int, fields: dict[str, Any]) -> UnitResult:
        fields.update(
            period=self._period, actions=[], carried=[], _rubric=self._rubric,
            _columns=self._columns, _index=i, _paths=self._paths,
            _reasons=self._reasons.get((fields["unit"], str(self._period))), _made={},
        )  # fmt: skip
        return BulkUnit.made(fields)

    def _one(self, i: int) -> UnitResult:
        found = self._made.get(i)
        if found is None:
            found = self._made[i] = self._make(i, self._fields(i))
        return found

    def _list(self) -> list[UnitResult]:
        if self._all is not None:
            return self._all
        import polars as pl

        part = self._part
        totals = self._columns.decimals("total")
        keys = part.select(
            pl.col("unit").cast(pl.Utf8), pl.col("name").cast(pl.Utf8),
            pl.col("area").cast(pl.Utf8), "rank", "vetoed", "group", "streak", "group_rank",
        )  # fmt: skip
        made = self._made
        # The cyclic collector would traverse the growing heap again and again while
        # a province's units are made (most of the time they took); they hold no
        # cycles, so it is paused for the loop.
        paused = gc.isenabled()
        gc.disable()
        try:
            self._all = [
                made[i] if i in made else self._make(
                    i,
                    {"unit": u, "name": n, "area": a, "total": totals[i], "rank": r,
                     "vetoed": v, "group": g, "streak": s, "group_rank": gr},
                )
                for i, (u, n, a, r, v, g, s, gr) in enumerate(keys.iter_rows())
            ]  # fmt: skip
        finally:
            if paused:
                gc.enable()
        return self._all


def _utf8() -> Any:
    import polars as pl

    return pl.Utf8


def _problems(
    rubric: Rubric, df: pl.DataFrame, codes: list[str], violations: list[CheckViolation]
) -> list[CheckViolation]:
    """What scoring unit by unit reports, in the same order: the checks' violations,
    then row by row a bad period, a unit twice in a period, or a rule that cannot
    be computed (found by the exact evaluator on the few rows that may have one)."""
    import polars as pl

    from ._checks import AssessmentError, CheckViolation
    from ._scoring import compile_number

    problems = list(violations)
    texts = df.get_column("period").cast(pl.Utf8).unique().to_list()
    canonical: dict[str, str | None] = {}
    errors: dict[str, str] = {}
    for t in texts:
        try:
            canonical[t] = str(Period.parse(str(t)))
        except PeriodError as err:
            canonical[t], errors[t] = None, str(err)
    suspects = []
    for node in rubric.leaves():
        for rule in node.rules:
            if rule.kind in ("rate", "manual") or rule.expr is None:
                continue
            v = compile_number(rule.expr)
            suspects.append(v.is_null())
            if rule.kind == "per_case" and not fractional_cases_ok(rubric, rule):
                suspects.append((v > 0) & (v != v.floor()))
    for a in rubric.adjustments:
        suspects.append(compile_number(a.expr).is_null())
    marked = df.select(
        pl.col("unit").cast(pl.Utf8),
        pl.col("period").cast(pl.Utf8),
        _period=pl.col("period").cast(pl.Utf8).replace_strict(canonical, return_dtype=pl.Utf8),
        _null=pl.any_horizontal([pl.col(c).is_null() for c in codes]) if codes else pl.lit(False),
        _suspect=pl.any_horizontal(suspects).fill_null(True) if suspects else pl.lit(False),
    ).with_columns(
        _dup=pl.col("_period").is_not_null()
        & pl.struct("unit", "_period").is_duplicated()
        & ~pl.struct("unit", "_period").is_first_distinct(),
    )
    flagged = marked.with_row_index("_i").filter(
        pl.col("_period").is_null() | pl.col("_dup") | pl.col("_null") | pl.col("_suspect")
    )
    if not flagged.height:
        return problems
    rows = list(df.with_row_index("_i").join(flagged.select("_i"), on="_i").iter_rows(named=True))
    for row, mark in zip(rows, flagged.iter_rows(named=True), strict=True):
        unit, period = str(row["unit"]), str(row["period"])
        if mark["_period"] is None:
            problems.append(CheckViolation(unit, period, errors[period]))
            continue
        if mark["_dup"]:
            problems.append(
                CheckViolation(unit, mark["_period"], "the unit appears twice in this period")
            )
            continue
        for code in codes:
            if row[code] is None:
                # As scoring unit by unit: the first missing figure stops it.
                raise AssessmentError([CheckViolation(unit, period, f"no value for {code}")])
        env = {c: Fraction(row[c]) for c in codes}
        for p in evaluate_unit(rubric, env).problems:
            problems.append(CheckViolation(unit, mark["_period"], p))
    return problems


def score_all(
    rubric: Rubric,
    frame: pl.DataFrame,
    manual_reasons: Mapping[tuple[str, str], Mapping[str, str]] | None,
) -> tuple[
    dict[Period, list[UnitResult]],
    dict[Period, Mapping[str, Mapping[str, Fraction]]],
    dict[Period, pl.DataFrame],
]:
    """Every unit's result by period, in rank order, the figures the consequences
    read, and each period's table (the units' rows in rank order: ``unit``,
    ``name``, ``area``, ``rank``, ``group``, ``streak``, ``group_rank``, ``vetoed``,
    every node path and ``total`` as ``Decimal(38, 18)``, and the figures as
    ``__f.<code>``), which the units were made from. Raises ``AssessmentError``
    with what scoring unit by unit would list."""
    import polars as pl

    from ._checks import AssessmentError, CheckViolation, check_data
    from ._ranking import rank_periods
    from ._scoring import prepare_frame, score_frame

    try:
        df = prepare_frame(rubric, frame)
    except KeyError as err:
        raise AssessmentError([CheckViolation("-", "-", str(err.args[0]))]) from None
    prevs = [prev_column(c) for c in rubric.prev_elements()]
    codes = [
        c
        for c in dict.fromkeys([*rubric.data_elements(), *rubric.manual_columns, *prevs])
        if c in df.columns
    ]
    problems = _problems(rubric, df, codes, check_data(rubric, df))
    if problems:
        raise AssessmentError(problems)
    paths = [n.path for n in rubric.nodes()]
    canonical = {
        t: str(Period.parse(str(t))) for t in df.get_column("period").cast(pl.Utf8).unique()
    }
    # What the units and the table read: not ``bonus`` nor ``deducted`` (the total
    # holds them), which then are neither cast nor kept.
    scored = score_frame(rubric, frame, columns=[*paths, "total", "vetoed"]).with_columns(
        pl.col("period").cast(pl.Utf8).replace_strict(canonical, return_dtype=pl.Utf8),
        pl.col("unit").cast(pl.Utf8),
    )
    # Figures under their own names: an element code may equal a node's id.
    figures = df.select(pl.col(c).alias(f"__f.{c}") for c in codes)
    # Each ranked row carries its row of ``scored``: the rest is gathered by position,
    # not joined on the unit's code.
    ranked = rank_periods(
        scored.select("unit", "period", "total", _row=pl.int_range(pl.len(), dtype=pl.UInt32)),
        rubric.ranking,
    )
    whole = pl.concat(
        [
            ranked.select("rank", "group", "group_rank", "streak"),
            scored.with_columns(figures)[ranked.get_column("_row")],
        ],
        how="horizontal",
    )
    periods: dict[Period, list[UnitResult]] = {}
    envs: dict[Period, Mapping[str, Mapping[str, Fraction]]] = {}
    tables: dict[Period, pl.DataFrame] = {}
    reasons = manual_reasons or {}
    by_period = (
        [((whole.get_column("period")[0],), whole)]
        if whole.height and whole.get_column("period").n_unique() == 1
        else whole.group_by("period", maintain_order=True)
    )
    for (text,), part in by_period:
        period = Period.parse(str(text))
        columns = _Columns(part, codes)
        units = BulkUnits(rubric, period, part, columns, paths, reasons)
        periods[period] = units  # type: ignore[assignment]
        tables[period] = part
        envs[period] = _Figures(columns, units)
    return periods, envs, tables
