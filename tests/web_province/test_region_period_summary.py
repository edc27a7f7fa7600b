"""A province's or a city's 工作总结 of a half-year or a year (issue 15, "every
level, every period"; docs/province.md "Documents"): formed from its approved
quarterly assessments of its counties as the county's is from its townships, in
the words of counties (各县（市、区）, 全省 or 全市); and the command line
(``kaoping report summary --units --level county --period 2026H2``) writes the
same paragraphs from the same figures, 全市 when the units file's top is a city.

The world of region_world.py. 2026Q3 as there (东县 C1 7.75, 直管县 C2 6.5, C2 with
the province's deduction of 0.5 for 工作落实); 2026Q4 the same figures, no
deduction: C2 7. Hand-computed 2026H2 = (Q3 + Q4) / 2, item by item:

| county | 到位 (6)      | 规范 (2)        | 数据 (1) | 落实 (1)          | H2 total |
|--------|---------------|-----------------|----------|-------------------|----------|
| C1     | 4.5, 4.5: 4.5 | 1.25, 1.25: 1.25 | 1        | 1                 | 7.75     |
| C2     | 6             | 0               | 0        | 0.5, 1: 0.75      | 6.75     |

Average (7.75 + 6.75) / 2 = 7.25. Points lost over H2: 规范 0.75 + 2 = 2.75 in 2
counties, 到位 1.5 in 1, 数据 1 in 1 (落实 0.25 is the fourth, left out).
Reporting: 7 villages × 2 quarters = 14 due; 2026Q3's 7 submitted, 5 of them by
10-05 (V22 and V33 on 10-08), 2026Q4's none: 7 of 14 (50.0%), on time 5 of 14
(35.7%). The city 青山市 M1 ranks 东县 alone (its 4 villages: 8 due, 4 submitted,
3 on time = 37.5%; V22 late).
"""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner
from django.urls import reverse
from django.utils import timezone

from .region_world import ACCURACY, PERIOD, RUBRIC, RegionWorld, build, computed
from .test_region_cli_words import NAMES, _files

BEIJING = ZoneInfo("Asia/Shanghai")
LATE = {"V22", "V33"}

PROVINCE_H2 = [
    "江南省2026年下半年工作总结",
    "2026年下半年，全省2个县（市、区）按照《省考核县细则》接受考评，平均得分7.25分，"
    "最高7.75分（东县），最低6.75分（直管县）。现将下半年工作总结如下。",
    "（五）信息上报情况。下半年应报报表14份，已报7份，上报率50.0%，其中按时报送5份，"
    "及时率35.7%；未报7份。",
    "从失分情况看，全省失分最多的项目依次是：例会规范，失分2.75分，涉及2个县（市、区）；"
    "服务日到位，失分1.5分，涉及1个县（市、区）；数据质量，失分1分，涉及1个县（市、区）。",
]
CITY_H2 = [
    "青山市2026年下半年工作总结",
    "2026年下半年，全市1个县（市、区）按照《省考核县细则》接受考评，平均得分7.75分，"
    "最高7.75分（东县），最低7.75分（东县）。现将下半年工作总结如下。",
    "（五）信息上报情况。下半年应报报表8份，已报4份，上报率50.0%，其中按时报送3份，"
    "及时率37.5%；未报4份。",
]


def _paragraphs(data: bytes) -> list[str]:
    import docx

    return [p.text for p in docx.Document(io.BytesIO(data)).paragraphs if p.text.strip()]


def _stamp_and_copy_q4() -> None:
    """2026Q3 submitted (V22 and V33 late); 2026Q4 the same figures, never submitted."""
    from kaoping.web.core.models import Figure, Report

    for report in Report.objects.filter(period=PERIOD).select_related("unit"):
        day = 8 if report.unit.code in LATE else 3
        report.first_submitted_at = datetime(2026, 10, day, 12, tzinfo=BEIJING)
        report.save()
        figures = list(report.figures.all())
        report.pk = None
        report.period = "2026Q4"
        report.first_submitted_at = None
        report.save()
        for f in figures:
            Figure.objects.create(report=report, element=f.element, value=f.value)


def _approved(rw: RegionWorld, region: str, period: str, deduct: bool) -> Any:
    from kaoping.web.assessment import county

    persona = "province" if region == "P1" else "city"
    admin = rw.users[f"{persona}_admin"]
    rubric = rw.rubric
    if region != "P1":
        rubric = county.upload_rubric(rw.units[region], RUBRIC, "city.yaml", admin)
    a = county.create(rw.units[region], period, rubric, admin)
    for c, value in ACCURACY.items():
        if c in {u.code for u in county.assessed(rw.units[region])}:
            county.enter(a.pk, c, "figure", "accuracy", value, "", admin)
    if deduct and region == "P1":
        county.enter(a.pk, "C2", "deduction", "work", "0.5", "省级检查：台账不全", admin)
    county.compute(a.pk, admin)
    return county.transition(a.pk, "approve", rw.users[f"{persona}_leader"])


@pytest.fixture
def rw(db: Any) -> RegionWorld:
    w = build()
    _stamp_and_copy_q4()
    return w


@pytest.fixture
def province_h2(rw: RegionWorld) -> RegionWorld:
    a = computed(rw)
    from kaoping.web.assessment import county

    county.transition(a.pk, "approve", rw.users["province_leader"])
    _approved(rw, "P1", "2026Q4", deduct=False)
    return rw


def _get(client: Any, rw: RegionWorld, persona: str, region: str, period: str) -> Any:
    client.force_login(rw.users[persona])
    url = reverse("assessment:region_period_summary", args=[region])
    return client.get(f"{url}?period={period}")


def _cli(tmp_path: Path, top: str) -> list[str]:
    from kaoping.cli import main

    out = tmp_path / "summary.docx"
    reporting = {"P1": "14,7,5", "M1": "8,4,3"}[top]
    args = ["report", "summary", *_files(tmp_path, top), "--period", "2026H2", "-o", str(out),
            "--township", NAMES[top], "--date", timezone.localdate().isoformat(),
            "--reporting", reporting]  # fmt: skip
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    return _paragraphs(out.read_bytes())


def test_the_province_half_year_is_formed_from_its_approved_quarters(
    client: Any, province_h2: RegionWorld
) -> None:
    response = _get(client, province_h2, "province_leader", "P1", "2026H2")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    web = _paragraphs(response.content)
    assert [p for p in PROVINCE_H2 if p not in web] == [], "\n".join(web)
    text = "".join(web)
    assert "全县" not in text and "各乡镇" not in text and "全市" not in text
    assert "整改落实情况" not in text  # a province gives no follow-ups of its own


def test_the_command_line_writes_the_province_half_year_alike(
    client: Any, province_h2: RegionWorld, tmp_path: Path
) -> None:
    web = _paragraphs(_get(client, province_h2, "province_admin", "P1", "2026H2").content)
    assert _cli(tmp_path, "P1") == web


def test_a_city_half_year_speaks_of_the_whole_city_on_the_web_and_the_command_line(
    client: Any, rw: RegionWorld, tmp_path: Path
) -> None:
    _approved(rw, "M1", PERIOD, deduct=False)
    _approved(rw, "M1", "2026Q4", deduct=False)
    response = _get(client, rw, "city_leader", "M1", "2026H2")
    assert response.status_code == 200
    web = _paragraphs(response.content)
    assert [p for p in CITY_H2 if p not in web] == [], "\n".join(web)
    assert "全省" not in "".join(web)
    assert _cli(tmp_path, "M1") == web


@pytest.mark.parametrize(
    ("period", "shown"),
    [
        ("2026H2", "2026年下半年工作总结由各季度审定的考评汇总，2026年第四季度还没有审定的考评"),
        (
            "2026年度",
            "2026年度工作总结由各季度审定的考评汇总，2026年第一季度、2026年第二季度、"
            "2026年第四季度还没有审定的考评",
        ),
        ("2026Q3", "期间“2026Q3”无效：请选择半年或年度，如 2026H1、2026年度"),
    ],
)
def test_a_region_period_without_its_approved_quarters_is_refused_saying_which(
    client: Any, rw: RegionWorld, period: str, shown: str
) -> None:
    from kaoping.web.assessment import county

    county.transition(computed(rw).pk, "approve", rw.users["province_leader"])
    response = _get(client, rw, "province_admin", "P1", period)
    assert response.status_code == 400
    assert shown in response.content.decode()


# As the province's quarterly documents: its admin and leader download; a county's
# own people read their row, not the province's summary; the city's people, a
# township's and another province's find nothing.
STATUS = {
    "province_admin": 200, "province_leader": 200,
    "county_leader": 404, "county_admin": 404,
    "city_admin": 404, "city_leader": 404, "township_admin": 404,
    "other_province_admin": 404, "other_county_leader": 404,
}  # fmt: skip


@pytest.mark.parametrize("persona", sorted(STATUS))
def test_who_downloads_the_province_half_year(
    client: Any, province_h2: RegionWorld, persona: str
) -> None:
    assert _get(client, province_h2, persona, "P1", "2026H2").status_code == STATUS[persona]


# The city's: its own admin and leader, and the province's above it.
CITY_STATUS = {**STATUS, "city_admin": 200, "city_leader": 200}


@pytest.mark.parametrize("persona", sorted(CITY_STATUS))
def test_who_downloads_the_city_half_year(client: Any, rw: RegionWorld, persona: str) -> None:
    _approved(rw, "M1", PERIOD, deduct=False)
    _approved(rw, "M1", "2026Q4", deduct=False)
    assert _get(client, rw, persona, "M1", "2026H2").status_code == CITY_STATUS[persona]


def test_the_region_page_offers_its_half_years_and_years(client: Any, rw: RegionWorld) -> None:
    from kaoping.web.assessment import county

    county.transition(computed(rw).pk, "approve", rw.users["province_leader"])
    client.force_login(rw.users["province_leader"])
    page = client.get(reverse("assessment:region_assess", args=["P1"])).content.decode()
    assert 'id="region-period-summary-form"' in page
    assert reverse("assessment:region_period_summary", args=["P1"]) in page
    for value in ("2026", "2026H2", "2026H1"):
        assert f'<option value="{value}">' in page
    client.force_login(rw.users["county_leader"])
    county_page = client.get(reverse("assessment:region_assess", args=["P1"])).content.decode()
    assert "region-period-summary-form" not in county_page
