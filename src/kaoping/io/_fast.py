"""A province's clean CSV files read by Polars in bulk, checked vectorised.

:func:`read_fast` returns the frame :func:`kaoping.io.read_data` returns for the same
files, or ``None`` the moment anything is not plain: then the caller reads them with
``read_data``, which locates and words every problem (file, row, column, value).
The two never disagree on a file both accept, because this one accepts less: only
CSV files in UTF-8 with a header on the first line, every header a known column, no
quote characters, lone carriage returns, NULs or the control characters Python's
``str.strip`` treats as spaces (so that Polars' split and strip are the csv
module's), no blank unit, every period a quarter or a month, no unit twice in a
period, every cell a value its element takes. On such files the frame is built with
the same expressions as ``read_data`` (cells stripped, plain numbers cast by Polars
to ``Decimal(38, 18)``, the rest through ``parse_value``, defaults for empty cells),
then ordered the same way.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from decimal import ROUND_HALF_EVEN, Context, Decimal
from pathlib import Path

import polars as pl

from kaoping.engine import (
    RANGES,
    Element,
    ElementType,
    Period,
    PeriodError,
    ValueProblem,
    parse_value,
)

from ._data import DECIMAL, _ordered
from ._headers import _ALIAS, _PLAIN, _is_data_header, _norm
from ._small import _lookup
from ._tables import MAX_CSV_BYTES, MAX_ROWS

__all__ = ["read_fast"]

_QUANTUM = Decimal(1).scaleb(-18)
_WIDE = Context(prec=40, rounding=ROUND_HALF_EVEN)
# Bytes on which the csv module and Polars could read a file differently: quotes
# (Polars is not asked to parse them), NUL, and the separators U+001C..U+001F that
# str.strip removes and Polars' strip_chars keeps (none occurs inside a UTF-8
# sequence of another character, whose bytes are all 0x80 or above).
_AWKWARD = (b'"', b"\x00", b"\x1c", b"\x1d", b"\x1e", b"\x1f")
_BOM = b"\xef\xbb\xbf"


class _Decline(Exception):
    """``read_data`` should read these files."""


def read_fast(
    paths: Sequence[str | Path],
    elements: Mapping[str, Element],
    manual_columns: Sequence[str] = (),
) -> pl.DataFrame | None:
    """The files' frame, as ``read_data(paths, elements, manual_columns).frame``, or
    ``None`` when ``read_data`` must read them (it then finds what is wrong)."""
    if not elements or not paths:
        return None
    try:
        frames = [_read(Path(p), elements, manual_columns) for p in paths]
    except _Decline:
        return None
    frame = pl.concat(frames) if len(frames) > 1 else frames[0]
    if frame.height > 1 and frame.select(pl.struct("unit", "period").is_duplicated().any()).item():
        return None  # a unit twice in a period: read_data says where
    return _ordered(frame)


def _bytes(path: Path) -> bytes:
    if path.suffix.lower() != ".csv":
        raise _Decline
    try:
        if not path.is_file() or path.stat().st_size > MAX_CSV_BYTES:
            raise _Decline
        data = path.read_bytes()
    except OSError:
        raise _Decline from None
    if data.startswith(_BOM):
        data = data[len(_BOM) :]
    if any(b in data for b in _AWKWARD):  # memchr: a regex took a third of a second
        raise _Decline
    first = data.split(b"\n", 1)[0]
    # The csv module reads a first line with a tab and no comma as tab-separated.
    if b"\t" in first or b"," not in first:
        raise _Decline
    crs = data.count(b"\r")
    if crs:
        if crs != data.count(b"\r\n"):
            raise _Decline  # a lone CR ends a record for the csv module only
        data = data.replace(b"\r\n", b"\n")
    return data


def _read(path: Path, elements: Mapping[str, Element], manual: Sequence[str]) -> pl.DataFrame:
    data = _bytes(path)
    try:
        raw = pl.read_csv(
            io.BytesIO(data), infer_schema=False, quote_char=None, encoding="utf8",
            raise_if_empty=True,
        )  # fmt: skip
    except Exception:  # ragged, not UTF-8, repeated headers: read_data words it
        raise _Decline from None
    headers = raw.columns
    if not _is_data_header([h.strip() for h in headers]):
        raise _Decline  # the header is further down, or there is none
    lookup = _lookup(elements, manual)
    at: dict[str, str] = {}  # unit/period/name/area or a code -> the header
    for header in headers:
        key = _norm(header)
        name = _ALIAS.get(key) or lookup.get(key)
        if not key or name is None or name in at or name in ("element", "value"):
            raise _Decline  # read_data warns about it, or reports it, or reads long data
        at[name] = header
    # Rows whose every cell is empty are skipped, as read_data skips them.
    raw = raw.filter(pl.any_horizontal(pl.all().is_not_null()))
    if not raw.height or raw.height > MAX_ROWS:
        raise _Decline

    keys = raw.select(
        unit=_text(at["unit"]),
        period=_text(at["period"]),
        name=_text(at["name"]) if "name" in at else pl.lit(None, dtype=pl.Utf8),
        area=_text(at["area"]) if "area" in at else pl.lit(None, dtype=pl.Utf8),
    )
    if keys.select(pl.col("unit").is_null().any() | pl.col("period").is_null().any()).item():
        raise _Decline
    canonical: dict[str, str] = {}
    for t in keys.get_column("period").unique().to_list():
        try:
            parsed = Period.parse(t)
        except PeriodError:
            raise _Decline from None
        if parsed.kind not in ("Q", "M"):  # a file reports quarters or months
            raise _Decline
        canonical[t] = str(parsed)
    kinds: dict[str, tuple[Element, bool]] = {}
    for code in [*elements, *manual]:
        element = elements.get(code) or Element(code, code, ElementType.NUMBER, Decimal(0))
        if code not in at and element.default is None:
            raise _Decline  # the file has no column for an element without default
        kinds[code] = (element, code in manual)
    present = [c for c in kinds if c in at]
    whole = _whole_numbers(raw, {c: (at[c], _kind(*kinds[c])) for c in present})
    # The other columns as ``_Reader.values`` parses them: stripped text, plain
    # numbers cast by Polars, the rest (few or none) through parse_value.
    rest = [c for c in present if c not in whole]
    texts = raw.select(_text(at[c]).alias(c) for c in rest)
    cast = texts.select(
        pl.when(pl.col(c).str.contains(_PLAIN[_kind(*kinds[c])]))
        .then(pl.col(c).cast(DECIMAL, strict=False))
        .alias(c)
        for c in rest
    )
    flags = pl.concat(
        [texts.select(pl.all().is_null().any()), cast.select(pl.all().is_null().any())]
    )
    columns: dict[str, pl.Series] = {}
    for code, (element, is_manual) in kinds.items():
        if code not in at:
            assert element.default is not None  # else declined above
            columns[code] = pl.select(
                pl.repeat(_decimal(element.default), raw.height).alias(code)
            ).to_series()
            continue
        if code in whole:
            values, empty, unparsed = whole[code], whole[code].null_count() > 0, False
        else:
            values = cast.get_column(code)
            empty, unparsed = flags.get_column(code).to_list()
        if unparsed:
            cells = texts.get_column(code)
            slow = (values.is_null() & cells.is_not_null()).arg_true()
            if slow.len():
                fixed = [_slow(t, element, is_manual) for t in cells.gather(slow)]
                values = values.scatter(slow, pl.Series([str(v) for v in fixed]).cast(DECIMAL))
        if empty:
            if element.default is None:
                raise _Decline
            values = values.fill_null(_decimal(element.default))
        columns[code] = values
    return keys.with_columns(
        pl.col("period").replace_strict(canonical, return_dtype=pl.Utf8),
        *(s.alias(c) for c, s in columns.items()),
    )


def _decimal(value: Decimal) -> pl.Expr:
    # As text, cast: a Decimal literal would import numpy, a tenth of a second.
    return pl.lit(format(value, "f")).cast(DECIMAL)


def _kind(element: Element, manual: bool) -> ElementType:
    # A manual deduction is a number that may not be negative: the amount pattern.
    return ElementType.AMOUNT if manual else element.type


def _whole_numbers(
    raw: pl.DataFrame, columns: dict[str, tuple[str, ElementType]]
) -> dict[str, pl.Series]:
    """The columns whose every cell is empty or plain digits (the common case), cast
    without stripping or matching text: such a cell has no space to strip, and the
    plain pattern of every type takes digits up to one short of the type's bound
    (``_headers._plain``; yes/no: 0 or 1). Polars reads ``[+-]?[0-9]+`` as an integer,
    so a cell read without a sign is digits only."""
    if not columns:
        return {}
    checks = raw.select(
        e
        for c, (header, kind) in columns.items()
        for e in (
            (
                pl.col(header).cast(pl.Int64, strict=False).null_count()
                == pl.col(header).null_count()
            ).alias(f"int.{c}"),
            (pl.col(header).str.starts_with("+") | pl.col(header).str.starts_with("-"))
            .any()
            .alias(f"sign.{c}"),
            pl.col(header).str.len_bytes().max().alias(f"len.{c}"),
        )
    ).row(0, named=True)
    out = []
    for c, (_, kind) in columns.items():
        longest = RANGES[kind].digits - 1 if kind is not ElementType.BOOL else 1
        if checks[f"int.{c}"] and not checks[f"sign.{c}"] and (checks[f"len.{c}"] or 0) <= longest:
            out.append(c)
    if not out:
        return {}
    cast = raw.select(pl.col(columns[c][0]).cast(pl.Int64).cast(DECIMAL).alias(c) for c in out)
    # Yes/no takes 0 and 1 only; another digit is left to the pattern (and read_data).
    bools = [c for c in out if columns[c][1] is ElementType.BOOL]
    if bools and not all(cast.select(pl.col(c).is_in([0, 1]).all() for c in bools).row(0)):
        out = [c for c in out if c not in bools]
    return {c: cast.get_column(c) for c in out}


def _text(header: str) -> pl.Expr:
    """A cell stripped, null when empty."""
    t = pl.col(header).str.strip_chars()
    return pl.when(t != "").then(t)


def _slow(text: str, element: Element, manual: bool) -> Decimal:
    try:
        value = parse_value(text, element.type)
    except ValueProblem:
        raise _Decline from None
    if value is None or (manual and value < 0):
        raise _Decline
    return value.quantize(_QUANTUM, context=_WIDE)
