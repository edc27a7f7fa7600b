"""The bulk (Polars) path and parse_value must agree on every text: same value or a problem."""

from __future__ import annotations

import tempfile
from decimal import ROUND_HALF_EVEN, Context, Decimal
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from kaoping.engine import Element, ElementType, ValueProblem, parse_value
from kaoping.io import DataFileError, read_data

from .files import write_csv

TEXTS = st.one_of(
    st.from_regex(r"\A[+-]?\d{1,22}(\.\d{0,20})?\Z"),
    st.from_regex(r"\A[+-]?\.\d{1,20}\Z"),
    st.sampled_from(
        [
            "是",
            "否",
            "yes",
            "N",
            "TRUE",
            "√",
            "×",
            "对",
            "错",
            "Y",
            "no",
            "1,234",
            "1,234.50",
            "1e3",
            "-0",
            "0.0",
            "1.00",
            "abc",
            "+0",
            "00012",
            "1.0.0",
            "--1",
        ]
    ),
)


def expected(text: str, type_: ElementType) -> Decimal | None:
    """What the file must give for ``text``: the value, or None for a problem."""
    try:
        value = parse_value(text, type_)
    except ValueProblem:
        return None
    assert value is not None
    if abs(value) >= Decimal(10) ** 20:
        return None
    return value.quantize(
        Decimal(1).scaleb(-18), context=Context(prec=50, rounding=ROUND_HALF_EVEN)
    )


@settings(max_examples=60, deadline=None)
@given(type_=st.sampled_from(list(ElementType)), texts=st.lists(TEXTS, min_size=1, max_size=12))
def test_bulk_and_one_by_one_parsing_agree(type_: ElementType, texts: list[str]) -> None:
    elements = {"x": Element("x", "", type_)}
    rows = [["unit", "period", "x"], *[[f"V{i}", "2026Q3", t] for i, t in enumerate(texts)]]
    want = {i + 2: expected(t, type_) for i, t in enumerate(texts)}
    with tempfile.TemporaryDirectory() as folder:
        path = write_csv(Path(folder) / "d.csv", rows)
        try:
            frame = read_data([path], elements).frame
            bad_rows: set[int] = set()
        except DataFileError as error:
            frame = None
            bad_rows = {p.row for p in error.problems if p.row is not None}
    assert bad_rows == {row for row, value in want.items() if value is None}
    if frame is not None:
        got = dict(zip(frame["unit"], frame["x"], strict=True))
        assert got == {f"V{row - 2}": value for row, value in want.items()}
