"""Checks across sources: imports all or nothing, the disagreements listed and
followed up, their shortfall feeding births_unreported, history flags."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from kaoping.web.assessment.models import FollowUp, SourceFigure

from .conftest import Prepared

GOOD = """单位代码,季度,项目,来源,数值
V1,2026Q4,出生,村级报告,1
V1,2026Q4,出生,医院分娩,2
V1,2026Q4,出生,户籍登记,2
V2,2026Q4,初婚,村级报告,1
V2,2026Q4,初婚,民政登记,1
"""


def _upload(client: Any, text: str, name: str = "核对.csv") -> Any:
    return client.post(
        "/assessment/t/T1/sources/", {"file": SimpleUploadedFile(name, text.encode())}
    )


def test_the_units_whose_sources_disagree_are_listed(prepared: Prepared, login: Any) -> None:
    client = login("assessor")
    assert _upload(client, GOOD).status_code == 302
    html = client.get("/assessment/t/T1/sources/?period=2026Q4").content.decode()
    table = html.split('id="differences"')[1].split("</table>")[0]
    assert "东村（V1）" in table
    assert "出生：村级报告1，医院分娩2，户籍登记2，村级报告少报1例" in table
    assert "西村" not in table  # the two marriage counts agree


def test_under_english_the_differences_are_english_sentences(
    prepared: Prepared, login: Any, settings: Any
) -> None:
    client = login("assessor")
    assert _upload(client, GOOD).status_code == 302
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get("/assessment/t/T1/sources/?period=2026Q4").content.decode()
    table = html.split('id="differences"')[1].split("</table>")[0]
    assert (
        "births: village report 1, hospital deliveries 2, household registration 2; "
        "the village report is short by 1"
    ) in table
    assert 'lang="zh' not in table


def test_a_bad_row_is_located_and_nothing_is_saved(prepared: Prepared, login: Any) -> None:
    bad = GOOD + "X9,2026Q4,出生,村级报告,二\nV2,2026年13月,死亡,医院分娩,1\n"
    response = _upload(login("assessor"), bad)
    assert response.status_code == 400
    problems = response.content.decode().split('id="problems"')[1].split("</div>")[0]
    assert "核对.csv 第7行 A列：“X9”不是本镇的村（社区）代码" in problems
    assert "核对.csv 第7行 E列：“二”不是数字" in problems
    assert "核对.csv 第8行 B列" in problems
    assert "核对.csv 第8行 C列：“死亡”不是可核对的项目" in problems
    assert not SourceFigure.objects.exists()


def test_a_file_without_the_columns_is_refused(prepared: Prepared, login: Any) -> None:
    response = _upload(login("assessor"), "甲,乙\n1,2\n")
    assert response.status_code == 400
    assert "缺少列" in response.content.decode()


def test_a_difference_is_marked_as_followed_up(prepared: Prepared, login: Any) -> None:
    client = login("assessor")
    _upload(client, GOOD)
    response = client.post(
        "/assessment/t/T1/sources/resolve/",
        {"unit": "V1", "period": "2026Q4", "measure": "births", "note": "已补报"},
    )
    assert response.status_code == 302
    f = FollowUp.objects.get()
    assert f.user is not None
    assert (f.unit.code, f.note, f.user.username) == ("V1", "已补报", "assessor")
    html = client.get("/assessment/t/T1/sources/?period=2026Q4").content.decode()
    assert "已核实" in html and "待核实 0" in html


def test_the_shortfall_feeds_births_unreported_when_asked(prepared: Prepared, login: Any) -> None:
    client = login("assessor")
    _upload(client, GOOD)
    client.post("/assessment/t/T1/new/", {"period": "2026Q4", "rubric": 1, "use_sources": "on"})
    from kaoping.web.assessment.models import Assessment

    a = Assessment.objects.get()
    client.post(f"/assessment/{a.pk}/compute/")
    a.refresh_from_db()
    v1 = next(u for u in a.results["units"] if u["unit"] == "V1")
    assert v1["values"]["births_unreported"] == "1"
    assert v1["total"] == "95"  # 100 less 5 for the one birth not reported


def test_a_value_far_from_the_units_history_is_flagged_with_the_reason(
    prepared: Prepared, login: Any
) -> None:
    rows = "".join(f"V2,2026Q{q},出生,村级报告,{n}\n" for q, n in [(1, 0), (2, 0), (3, 0), (4, 4)])
    client = login("assessor")
    assert _upload(client, "单位代码,季度,项目,来源,数值\n" + rows).status_code == 302
    html = client.get("/assessment/t/T1/sources/?period=2026Q4").content.decode()
    table = html.split('id="outliers"')[1].split("</table>")[0]
    cells = [re.sub(r"<[^>]+>", "", c) for c in re.findall(r"<td>(.*?)</td>", table)]
    assert cells[:2] == ["西村", "出生·村级报告"]
    assert "本期4" in cells[2] and "中位数0" in cells[2]


def test_under_english_a_value_far_from_its_history_says_why_in_english(
    prepared: Prepared, login: Any, settings: Any
) -> None:
    rows = "".join(f"V2,2026Q{q},出生,村级报告,{n}\n" for q, n in [(1, 0), (2, 0), (3, 0), (4, 4)])
    client = login("assessor")
    assert _upload(client, "单位代码,季度,项目,来源,数值\n" + rows).status_code == 302
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get("/assessment/t/T1/sources/?period=2026Q4").content.decode()
    table = html.split('id="outliers"')[1].split("</table>")[0]
    cells = [re.sub(r"<[^>]+>", "", c) for c in re.findall(r"<td>(.*?)</td>", table)]
    # Median 0, MAD 0, so the robust deviation is its floor, 1: 4 is 4 deviations away.
    assert cells == [
        "西村",
        "births · village report",
        "this period 4; median of the 3 earlier periods (0, 0, 0) 0; 4 robust standard "
        "deviations away (the robust standard deviation is the median absolute deviation "
        "0 × 1.4826, at least 1: 1)",
    ]


def test_one_row_can_be_entered_in_a_form(prepared: Prepared, login: Any) -> None:
    response = login("admin").post(
        "/assessment/t/T1/sources/",
        {"unit": "V3", "period": "2026Q4", "measure": "marriages", "source": "civil_affairs",
         "value": "2"},
    )  # fmt: skip
    assert response.status_code == 302
    assert SourceFigure.objects.get().value == 2


def test_an_excel_file_with_a_title_row_is_read_too(prepared: Prepared, login: Any) -> None:
    import io

    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["2026年第四季度月信息核对"])
    ws.append(["unit", "period", "measure", "source", "value"])
    ws.append(["V3", "2026Q4", "births", "village", 2])
    ws.append(["V3", "2026Q4", "births", "hospital", 3])
    out = io.BytesIO()
    wb.save(out)
    response = login("assessor").post(
        "/assessment/t/T1/sources/",
        {"file": SimpleUploadedFile("核对.xlsx", out.getvalue())},
    )
    assert response.status_code == 302
    assert sorted(SourceFigure.objects.values_list("source", "value")) == [
        ("hospital", 3),
        ("village", 2),
    ]


def test_a_file_over_the_upload_limit_is_refused(
    prepared: Prepared, login: Any, settings: Any
) -> None:
    settings.KAOPING_MAX_UPLOAD_BYTES = 100
    response = _upload(login("assessor"), GOOD)
    assert response.status_code == 400
    assert "超过上限 100 字节" in response.content.decode()
    assert not SourceFigure.objects.exists()


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("1000000000001", "“1000000000001”过大，人数/件数最大为1000000000000"),
        ("99999999999999999999999999999", "过大，人数/件数最大为1000000000000"),
        ("Infinity", "“Infinity”不是数字"),
        ("-1", "“-1”是负数，人数/件数不能为负"),
        ("2.5", "“2.5”不是整数，人数/件数应为整数"),
    ],
)
def test_a_source_count_outside_the_count_range_is_refused(
    prepared: Prepared, login: Any, value: str, message: str
) -> None:
    response = _upload(login("assessor"), GOOD + f"V2,2026Q4,出生,医院分娩,{value}\n")
    assert response.status_code == 400
    problems = response.content.decode().split('id="problems"')[1].split("</div>")[0]
    assert "核对.csv 第7行 E列：" in problems and message in problems
    assert not SourceFigure.objects.exists()


MONTHS = """单位代码,月份,项目,来源,数值
V1,2026-10,出生,村级报告,1
V1,2026-10,出生,医院分娩,1
V1,2026-11,出生,村级报告,0
V1,2026-11,出生,医院分娩,1
V1,2026-12,出生,村级报告,0
V1,2026-12,出生,医院分娩,0
"""


def test_sources_are_checked_by_month_and_the_quarter_sums_its_months(
    prepared: Prepared, login: Any
) -> None:
    # By hand: November, village 0 and hospital 1: one birth not reported by the
    # village; October and December agree. The quarter: village 1, hospital 2.
    client = login("assessor")
    assert _upload(client, MONTHS).status_code == 302
    html = client.get("/assessment/t/T1/sources/?period=2026-11").content.decode()
    table = html.split('id="differences"')[1].split("</table>")[0]
    assert "出生：村级报告0，医院分娩1，村级报告少报1例" in table
    october = client.get("/assessment/t/T1/sources/?period=2026-10").content.decode()
    assert "东村（V1）" not in october.split('id="differences"')[1].split("</table>")[0]
    quarter = client.get("/assessment/t/T1/sources/?period=2026Q4").content.decode()
    table = quarter.split('id="differences"')[1].split("</table>")[0]
    assert "出生：村级报告1，医院分娩2，村级报告少报1例" in table


def test_the_quarters_assessment_counts_births_unreported_from_the_months(
    prepared: Prepared, login: Any
) -> None:
    client = login("assessor")
    _upload(client, MONTHS)
    client.post("/assessment/t/T1/new/", {"period": "2026Q4", "rubric": 1, "use_sources": "on"})
    from kaoping.web.assessment.models import Assessment

    a = Assessment.objects.get()
    client.post(f"/assessment/{a.pk}/compute/")
    a.refresh_from_db()
    v1 = next(u for u in a.results["units"] if u["unit"] == "V1")
    assert v1["values"]["births_unreported"] == "1"


def test_a_half_year_is_not_a_period_to_check_sources_for(prepared: Prepared, login: Any) -> None:
    response = _upload(
        login("assessor"), "单位代码,期间,项目,来源,数值\nV1,2026H2,出生,村级报告,1\n"
    )
    assert response.status_code == 400
    assert "“2026H2”不是季度或月份" in response.content.decode()
    assert not SourceFigure.objects.exists()


def test_a_month_is_compared_with_earlier_months_only(prepared: Prepared, login: Any) -> None:
    # Quarterly counts of 9 must not make a month's 0 look far from history.
    rows = "".join(f"V2,2026Q{q},出生,村级报告,9\n" for q in (1, 2, 3))
    rows += "".join(f"V2,2026-{m:02d},出生,村级报告,0\n" for m in (7, 8, 9, 10))
    client = login("assessor")
    assert _upload(client, "单位代码,期间,项目,来源,数值\n" + rows).status_code == 302
    html = client.get("/assessment/t/T1/sources/?period=2026-10").content.decode()
    table = html.split('id="outliers"')[1].split("</table>")[0]
    assert "西村" not in table
