"""A province's CSV ranking, written by Polars from the vectorised scorer's table, holds
the same bytes as the rows written one by one through the csv module."""

from __future__ import annotations

import io
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import polars as pl
import pytest

from kaoping import scoresheet
from kaoping.demo import build_demo
from kaoping.engine import assess, format_number, parse_rubric
from kaoping.io import write_csv, write_csv_frame
from kaoping.rubrics import default_rubric_text

RUBRIC = parse_rubric(default_rubric_text(), "default.yaml")

# Names and areas a writer must neutralise or quote, and empty ones.
NAMES = ["=HYPERLINK(1)", "+1", "-x", "@a", "\tt", "东村", "", None, "a,b", 'say "hi"', "x\ny"]


def _province(copies: int) -> pl.DataFrame:
    """The demo township's quarter repeated: many units, every figure a real one."""
    quarter = build_demo().frame.filter(pl.col("period") == "2026Q3")
    parts = [
        quarter.with_columns(
            unit=pl.format("P{}-{}", pl.lit(n), pl.col("unit")),
            name=pl.lit(NAMES[n % len(NAMES)], dtype=pl.Utf8),
            area=pl.lit(NAMES[(n + 3) % len(NAMES)], dtype=pl.Utf8),
        )
        for n in range(copies)
    ]
    return pl.concat(parts)


def _bytes(write: object, *args: object) -> str:
    out = io.StringIO()
    write(out, *args)  # type: ignore[operator]
    return out.getvalue()


def test_the_ranking_table_writes_the_bytes_of_the_ranking_rows() -> None:
    frame = _province(60)
    bulk = assess(RUBRIC, frame, vectorised=True).latest
    one_by_one = assess(RUBRIC, frame, vectorised=False).latest
    table = scoresheet.ranking_table(RUBRIC, bulk)
    assert table is not None
    assert scoresheet.ranking_table(RUBRIC, one_by_one) is None  # no table: rows
    want = _bytes(write_csv, *scoresheet.ranking_rows(RUBRIC, one_by_one))
    assert _bytes(write_csv_frame, *table) == want
    lines = want.split("\r\n")
    assert lines[0].startswith("名次,单位代码,单位名称,片区,总分,分组,连续次数,一票否决,")
    assert len(lines) == frame.height + 2  # header, rows, the empty string after the last CRLF


# (exact value, as written): half up on the exact value, trailing zeros dropped.
SHOWN = [
    ("98.005", "98.01"), ("7.004999999999999999", "7"), ("0", "0"), ("3.000000000000000000", "3"),
    ("-0.005", "-0.01"), ("-0.004", "0"), ("9.50", "9.5"), ("0.125", "0.13"), ("100", "100"),
]  # fmt: skip


def test_shown_figures_round_half_up_at_two_decimals() -> None:
    values = pl.Series([Decimal(v) for v, _ in SHOWN], dtype=pl.Decimal(38, 18))
    assert scoresheet._shown_column(values).to_list() == [w for _, w in SHOWN]
    assert [format_number(Decimal(v)) for v, _ in SHOWN] == [w for _, w in SHOWN]


def test_a_province_file_through_the_command_line_is_the_township_path_s_csv(
    tmp_path: Path,
) -> None:
    frame = _province(30).with_columns(name=pl.lit("村", dtype=pl.Utf8), area=pl.lit("片"))
    data = tmp_path / "province.csv"
    frame.with_columns(pl.col(pl.Decimal).cast(pl.Utf8)).write_csv(data)
    out = tmp_path / "out.csv"
    kaoping = Path(sys.executable).with_name("kaoping")
    subprocess.run(
        [str(kaoping), "score", "default", str(data), "--format", "csv", "-o", str(out)],
        check=True,
        capture_output=True,
    )
    one_by_one = assess(RUBRIC, frame, vectorised=False).latest
    want = tmp_path / "want.csv"
    write_csv(want, *scoresheet.ranking_rows(RUBRIC, one_by_one))
    assert out.read_bytes() == want.read_bytes()
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")  # a file keeps its BOM


@pytest.mark.parametrize("copies", [1, 15])
def test_the_consequences_are_those_of_scoring_one_by_one(copies: int) -> None:
    frame = _province(copies)
    bulk = assess(RUBRIC, frame, vectorised=True)
    one_by_one = assess(RUBRIC, frame, vectorised=False)
    for b, o in zip(bulk.periods, one_by_one.periods, strict=True):
        assert [(u.unit, u.actions, u.carried) for u in b] == [
            (u.unit, u.actions, u.carried) for u in o
        ]
        assert (b.warnings, b.warnings_zh) == (o.warnings, o.warnings_zh)
