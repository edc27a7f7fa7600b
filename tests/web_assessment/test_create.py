"""Creating an assessment: refused, with every unit and element named, while figures
are missing or fail the rubric's checks; nothing is created then."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from kaoping.web.assessment.models import Assessment
from kaoping.web.core.models import Figure

from .conftest import Prepared


def _problem_rows(html: str) -> list[list[str]]:
    table = html.split('id="problems"')[1].split("</table>")[0]
    return [
        [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td>(.*?)</td>", row)]
        for row in table.split("<tr>")[2:]
    ]


def test_missing_figures_are_listed_by_unit_and_element(prepared: Prepared, login: Any) -> None:
    Figure.objects.filter(report__unit=prepared.world.v2, report__period="2026Q4").filter(
        element__in=["attended", "records_ok"]
    ).delete()
    response = login("assessor").post("/assessment/t/T1/new/", {"period": "2026Q4", "rubric": 1})
    assert response.status_code == 400
    html = response.content.decode()
    assert "暂不能开始考评" in html
    assert _problem_rows(html) == [
        ["西村（V2）", "实到人数（attended）", "未填报"],
        ["西村（V2）", "例会记录规范（records_ok）", "未填报"],
    ]
    assert not Assessment.objects.exists()


def test_figures_failing_a_check_are_listed_with_their_values(
    prepared: Prepared, login: Any
) -> None:
    Figure.objects.filter(
        report__unit=prepared.world.v1, report__period="2026Q4", element="attended"
    ).update(value=Decimal(41))
    response = login("assessor").post("/assessment/t/T1/new/", {"period": "2026Q4", "rubric": 1})
    assert response.status_code == 400
    assert _problem_rows(response.content.decode()) == [
        ["东村（V1）", "实到人数=41，应到人数=40（attended, invited）", "实到人数不能大于应到人数"],
    ]
    assert not Assessment.objects.exists()


def test_a_unit_without_any_report_is_listed(prepared: Prepared, login: Any) -> None:
    from kaoping.web.core.models import Unit

    Unit.objects.create(code="V4", name="新村", level="village", parent=prepared.world.a1)
    response = login("assessor").post("/assessment/t/T1/new/", {"period": "2026Q4", "rubric": 1})
    rows = _problem_rows(response.content.decode())
    assert [r[0] for r in rows] == ["新村（V4）"] * 3
    assert not Assessment.objects.exists()


def test_computing_after_a_figure_went_missing_is_refused(prepared: Prepared, login: Any) -> None:
    client = login("assessor")
    response = client.post("/assessment/t/T1/new/", {"period": "2026Q4", "rubric": 1})
    a = Assessment.objects.get()
    assert response["Location"] == f"/assessment/{a.pk}/"
    Figure.objects.filter(
        report__unit=prepared.world.v3, report__period="2026Q4", element="invited"
    ).delete()
    response = client.post(f"/assessment/{a.pk}/compute/")
    assert response.status_code == 400
    assert "镇中社区（V3）" in response.content.decode()
    a.refresh_from_db()
    assert a.results == {} and not a.ledger.exists()


def test_an_unknown_quarter_or_version_is_a_form_error(prepared: Prepared, login: Any) -> None:
    response = login("assessor").post(
        "/assessment/t/T1/new/", {"period": "2031Q1", "rubric": 9}, follow=True
    )
    html = response.content.decode()
    assert "请检查所填内容" in html and "季度" in html
    assert not Assessment.objects.exists()


def test_the_ranking_shows_items_groups_streaks_and_the_change_of_rank(
    prepared: Prepared, login: Any
) -> None:
    from .conftest import assessment_in

    a = assessment_in(prepared, "2026Q4")
    html = login("leader").get(f"/assessment/{a.pk}/").content.decode()
    row = html.split('id="row-V3"')[1].split("</tr>")[0]
    cells = [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row)]
    # rank, change, unit, total, attendance, records, other, group, streak
    assert cells == ["3", "→", "镇中社区", "60", "50", "0", "10", "后列", "2"]


def test_the_ranking_sorts_by_any_item(prepared: Prepared, login: Any) -> None:
    from .conftest import assessment_in

    a = assessment_in(prepared, "2026Q4")
    html = login("leader").get(f"/assessment/{a.pk}/?sort=attendance").content.decode()
    order = re.findall(r'id="row-(V\d)"', html)
    assert order == ["V3", "V2", "V1"]  # 50, 54, 60 ascending
    html = login("leader").get(f"/assessment/{a.pk}/?sort=unit&dir=desc").content.decode()
    assert re.findall(r'id="row-(V\d)"', html) == ["V3", "V2", "V1"]
