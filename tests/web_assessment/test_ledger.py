"""The ledger of consequences: people resolved per quarter, totals per quarter and
year against the hand-computed table in conftest, the Excel export, the year view."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

import openpyxl
import pytest

from kaoping.web.assessment.models import LedgerEntry

from .conftest import Prepared, assessment_in

# Run on PostgreSQL too (tests/conftest.py): money and points are decimal columns.
pytestmark = pytest.mark.both_databases


@pytest.fixture
def two_quarters(prepared: Prepared) -> Prepared:
    assessment_in(prepared, "2026Q3", "published")
    assessment_in(prepared, "2026Q4", "approved")
    return prepared


def _entries(period: str) -> list[tuple[str, str, str, str, Decimal | None]]:
    return [
        (e.unit.code, e.to, e.person, e.kind, e.amount)
        for e in LedgerEntry.objects.filter(period=period).select_related("unit")
    ]


def test_the_third_quarter_commends_the_best_and_criticises_the_worst(
    two_quarters: Prepared,
) -> None:
    assert _entries("2026Q3") == [
        ("V1", "unit", "", "通报表扬", None),
        ("V1", "service_worker", "张三", "奖励", Decimal("200.00")),
        ("V3", "unit", "", "通报批评", None),
        ("V3", "secretary", "李四", "通报批评", None),
    ]


def test_the_fourth_quarter_fines_who_held_the_role_at_its_end(two_quarters: Prepared) -> None:
    # 李四 left on 15 November; 王五 was secretary on 31 December and answers for Q4.
    assert _entries("2026Q4") == [
        ("V1", "unit", "", "通报表扬", None),
        ("V1", "service_worker", "张三", "奖励", Decimal("200.00")),
        ("V3", "unit", "", "通报批评", None),
        ("V3", "secretary", "王五", "通报批评", None),
        ("V3", "secretary", "王五", "罚款", Decimal("300.00")),
        ("V3", "area_chief", "赵六", "罚款", Decimal("300.00")),
        ("V3", "unit", "", "黄牌警告", None),
        ("V3", "secretary", "王五", "取消当年评优资格", None),
    ]


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        # quarter: award, fine, commendations, criticisms, other measures, withheld
        ("2026Q3", ["200", "0", "1", "2", "0", "0"]),
        ("2026Q4", ["200", "600", "1", "2", "2", "0"]),
        ("year-total", ["400", "600", "2", "4", "2", "0"]),
    ],
)
def test_the_ledger_page_totals_per_quarter_and_year(
    two_quarters: Prepared, login: Any, row: str, expected: list[str]
) -> None:
    import re

    html = login("leader").get("/assessment/t/T1/ledger/2026/").content.decode()
    if row == "year-total":
        block = html.split('id="year-total"')[1].split("</tr>")[0]
    else:
        block = html.split(f"<td>{row}</td>")[1].split("</tr>")[0]
    cells = re.findall(r'class="num">([^<]*)<', block)
    assert cells == expected


def test_the_ledger_exports_to_excel_with_totals(two_quarters: Prepared, login: Any) -> None:
    response = login("admin").get("/assessment/t/T1/ledger/2026.xlsx")
    assert response.status_code == 200
    wb = openpyxl.load_workbook(io.BytesIO(response.content))
    ledger, totals = wb.worksheets
    rows = list(ledger.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 12
    assert rows[5][:7] == ("2026Q4", "V1", "东村", "专干", "张三", "奖励", 200)
    total_rows = {r[0]: r[1:] for r in totals.iter_rows(min_row=2, values_only=True)}
    assert total_rows["2026年合计"] == (400, 600, 2, 4, 2, 0)


def test_a_formula_like_name_is_neutralised_in_the_export(
    two_quarters: Prepared, login: Any
) -> None:
    LedgerEntry.objects.filter(person="张三").update(person="=HYPERLINK(1)")
    response = login("admin").get("/assessment/t/T1/ledger/2026.xlsx")
    ws = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    names = [r[4] for r in ws.iter_rows(min_row=2, values_only=True)]
    assert "=HYPERLINK(1)" not in names
    assert any(n and n.endswith("=HYPERLINK(1)") for n in names)


def test_drafts_are_not_in_the_ledger(prepared: Prepared, login: Any) -> None:
    assessment_in(prepared, "2026Q3", "submitted")
    html = login("admin").get("/assessment/t/T1/ledger/2026/").content.decode()
    assert "张三" not in html


def test_the_year_view_shows_ranks_yellow_cards_and_ineligibility(
    two_quarters: Prepared, login: Any
) -> None:
    html = login("leader").get("/assessment/t/T1/year/2026/").content.decode()
    v3 = html.split('id="year-V3"')[1].split("</tr>")[0]
    assert "第3名 · 70" in v3 and "第3名 · 60" in v3
    assert "后列（连续2次）" in v3
    assert 'class="num late">1<' in v3  # one yellow card
    assert "书记王五" in v3
    v1 = html.split('id="year-V1"')[1].split("</tr>")[0]
    assert "前列（连续2次）" in v1 and ">0<" in v1


EFFECTS_RUBRIC_CHANGES = [
    # two lines name V3's yellow card in 2026Q4; a note that mentions 黄牌 is not one
    ("      - {kind: 黄牌警告, to: [unit]}\n",
     "      - {kind: 黄牌警告, to: [unit]}\n"
     "      - {kind: 列为下一年度区级黄牌警告对象, effect: yellow_card, to: [unit], carry: next_year}\n"
     "      - {kind: 黄牌警告情况说明, to: [unit]}\n"),
    # every unit with standard records: its 专干 ineligible for the year (张三 at V1;
    # nobody at V2), so 张三's 奖励 is withheld in both quarters
    ("consequences:\n",
     "consequences:\n  - condition: records_ok == 1\n    actions:\n"
     "      - {kind: 取消评优资格, to: [service_worker]}\n"),
]  # fmt: skip


@pytest.fixture
def with_effects(prepared: Prepared) -> Prepared:
    text = prepared.rubric.text
    for old, new in EFFECTS_RUBRIC_CHANGES:
        assert old in text
        text = text.replace(old, new)
    prepared.rubric.text = text
    prepared.rubric.save()
    assessment_in(prepared, "2026Q3", "published")
    assessment_in(prepared, "2026Q4", "approved")
    return prepared


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        # award, fine, commendations, criticisms, other measures, withheld
        ("2026Q3", ["0", "0", "1", "2", "2", "1"]),  # other: two ineligible 专干
        # other: 黄牌警告, 列为…对象, 黄牌警告情况说明, 王五's 取消当年评优资格, two ineligible
        ("2026Q4", ["0", "600", "1", "2", "6", "1"]),
        ("year-total", ["0", "600", "2", "4", "8", "2"]),
    ],
)
def test_the_ledger_counts_by_effect_and_withheld_awards_are_not_paid(
    with_effects: Prepared, login: Any, row: str, expected: list[str]
) -> None:
    import re

    html = login("leader").get("/assessment/t/T1/ledger/2026/").content.decode()
    if row == "year-total":
        block = html.split('id="year-total"')[1].split("</tr>")[0]
    else:
        block = html.split(f"<td>{row}</td>")[1].split("</tr>")[0]
    assert re.findall(r'class="num">([^<]*)<', block) == expected
    assert "（不予兑现：已取消评优资格）" in html


def test_the_year_view_counts_a_yellow_card_once_and_reads_ineligibility_from_effects(
    with_effects: Prepared, login: Any
) -> None:
    html = login("leader").get("/assessment/t/T1/year/2026/").content.decode()
    v3 = html.split('id="year-V3"')[1].split("</tr>")[0]
    assert 'class="num late">1<' in v3
    assert "书记王五" in v3
    v1 = html.split('id="year-V1"')[1].split("</tr>")[0]
    assert "专干张三" in v1


def test_the_unit_page_says_why_an_award_is_withheld_and_the_ranking_page_warns_of_vacant_roles(
    with_effects: Prepared, login: Any
) -> None:
    from kaoping.web.assessment.models import Assessment

    a = Assessment.objects.get(period="2026Q4")
    unit = login("leader").get(f"/assessment/{a.pk}/unit/V1/").content.decode()
    table = unit.split('id="actions"')[1].split("</table>")[0]
    [award] = [r for r in table.split("<tr>") if "奖励" in r and "张三" in r]
    assert "不予兑现：已取消评优资格" in award
    # 西村 has no 专干 on record: its 取消评优资格 reaches nobody, which the page says.
    ranking = login("leader").get(f"/assessment/{a.pk}/").content.decode()
    warnings = ranking.split('id="consequence-warnings"')[1].split("</ul>")[0]
    assert "西村（V2）2026Q4：2026-12-31无人担任专干" in warnings


@pytest.fixture
def into_2027(prepared: Prepared) -> Prepared:
    from .conftest import FIGURES, put_figures

    old = "      - {kind: 黄牌警告, to: [unit]}\n"
    new = old + (
        "      - {kind: 年度考核不称职, to: [secretary]}\n"
        "      - {kind: 单列管理, to: [unit], carry: next_year}\n"
    )
    assert old in prepared.rubric.text
    prepared.rubric.text = prepared.rubric.text.replace(old, new)
    prepared.rubric.save()
    put_figures(prepared.world, "2027Q1", FIGURES["2026Q4"])
    for period in ("2026Q3", "2026Q4", "2027Q1"):
        assessment_in(prepared, period, "approved")
    return prepared


def test_the_year_view_lists_key_management_unfit_ratings_and_cards_carried_into_the_year(
    into_2027: Prepared, login: Any
) -> None:
    client = login("leader")
    v3_2026 = client.get("/assessment/t/T1/year/2026/").content.decode()
    v3_2026 = v3_2026.split('id="year-V3"')[1].split("</tr>")[0]
    # 2026Q4 only (bottom twice running): one quarter of key management, 王五 unfit
    assert '<td class="num late">1</td><td>书记王五</td><td>书记王五</td><td>—</td>' in v3_2026
    v3_2027 = client.get("/assessment/t/T1/year/2027/").content.decode()
    v3_2027 = v3_2027.split('id="year-V3"')[1].split("</tr>")[0]
    assert v3_2027.endswith("<td>单列管理（2026年第四季度）</td>")


def test_a_ledger_of_quarters_keeps_its_quarter_column(two_quarters: Prepared, login: Any) -> None:
    client = login("admin")
    wb = openpyxl.load_workbook(io.BytesIO(client.get("/assessment/t/T1/ledger/2026.xlsx").content))
    ledger, totals = wb.worksheets
    assert [c.value for c in ledger[1]] == [
        "季度", "单位代码", "单位", "对象", "姓名", "措施", "金额（元）", "事由"
    ]  # fmt: skip
    assert totals.cell(1, 1).value == "季度"
    page = client.get("/assessment/t/T1/ledger/2026/").content.decode()
    assert page.count("<th>季度</th>") == 2 and "每季度取最新版本" in page


@pytest.mark.parametrize(
    ("periods", "word"),
    [
        ([], "季度"),
        (["2026Q3", "2026Q4"], "季度"),
        (["2027-02", "2027-03"], "月份"),
        (["2027Q1", "2027-04"], "期间"),
    ],
)
def test_the_period_column_is_named_for_what_it_lists(periods: list[str], word: str) -> None:
    from kaoping.web.assessment.views.ledger import period_word

    assert period_word(periods) == word
