"""``Figures.to_exact_frame``: the rolled-up figures as a frame for the targets,
a share that is no decimal (2/3) kept exact, never rounded to 18 places."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest

from kaoping.engine import Figures

# (a column's values, the values read back, whether the column is Decimal(38, 18))
CASES: list[tuple[list[Any], list[Any], bool]] = [
    ([1, Decimal("0.5"), None], [Decimal(1), Decimal("0.5"), None], True),
    ([0, Fraction(1, 4)], [Decimal(0), Decimal("0.25")], True),  # 1/4 is a decimal
    ([1, Fraction(2, 3)], [1, Fraction(2, 3)], False),  # 2/3 is not: Fractions kept
]


@pytest.mark.parametrize(("values", "read", "decimal"), CASES)
def test_a_share_of_two_thirds_stays_a_fraction(
    values: list[Any], read: list[Any], decimal: bool
) -> None:
    import polars as pl

    rows = tuple(
        {"unit": f"T{i}", "period": "2026Q3", "name": None, "area": None, "standard": v}
        for i, v in enumerate(values)
    )
    frame = Figures(("unit", "period", "name", "area", "standard"), rows).to_exact_frame()
    assert (frame.schema["standard"] == pl.Decimal(38, 18)) is decimal
    assert frame["standard"].to_list() == read
    got = frame["standard"].to_list()
    assert [v.__class__ for v in got if v is not None] == [
        v.__class__ for v in read if v is not None
    ]
