"""Every shown score and total is rounded one way: two decimals, half up on the
exact value (RUBRIC.md §3), in the ranking, the unit page, the ledger page, its
Excel export and the consequence reasons written into the ledger.

东村 V1 and 西村 V2 score 100 and 90 as in conftest. 镇中社区 V3 gets, with
``partial: exact``, an attendance of 40000 invited and 36673 attended: a rate of
91.6825%, 3.3175 points below 95%, so 60 − 2 × 3.3175 = 53.365; records 0,
other 10: a total of exactly 63.365, shown 63.37 (half even would give 63.36).
"""

from __future__ import annotations

import io
from typing import Any

import openpyxl
import pytest

from kaoping.web.assessment.models import LedgerEntry

from .conftest import Prepared, assessment_in, put_figures

# Run on PostgreSQL too (tests/conftest.py): figures are text on SQLite and numeric on PostgreSQL.
pytestmark = pytest.mark.both_databases

SHOWN = "63.37"


@pytest.fixture
def tie(prepared: Prepared) -> Any:
    prepared.rubric.text = prepared.rubric.text.replace("partial: ceil", "partial: exact")
    prepared.rubric.save()
    put_figures(prepared.world, "2026Q3", {"V3": (40000, 36673, 0)})
    return assessment_in(prepared, "2026Q3", "published")


def test_the_consequence_reason_names_the_total_as_shown(tie: Any) -> None:
    reasons = {e.reason for e in LedgerEntry.objects.filter(unit__code="V3")}
    assert reasons == {"2026年第三季度考评总分63.37分，排名第3位，列后列"}


@pytest.mark.parametrize(
    "url",
    [
        "/assessment/{pk}/",
        "/assessment/{pk}/unit/V3/",
        "/assessment/t/T1/ledger/2026/",
        "/assessment/t/T1/year/2026/",
    ],
)
def test_a_page_shows_the_total_half_up_to_two_decimals(tie: Any, login: Any, url: str) -> None:
    page = login("leader").get(url.format(pk=tie.pk))
    assert page.status_code == 200
    html = page.content.decode()
    assert SHOWN in html
    assert "63.36" not in html and "63.365" not in html and "63.3650" not in html


def test_the_ledger_export_shows_the_reason_with_two_decimals(tie: Any, login: Any) -> None:
    response = login("admin").get("/assessment/t/T1/ledger/2026.xlsx")
    ledger = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    reasons = {r[7] for r in ledger.iter_rows(min_row=2, values_only=True) if r[1] == "V3"}
    assert reasons == {"2026年第三季度考评总分63.37分，排名第3位，列后列"}
