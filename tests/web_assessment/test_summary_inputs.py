"""The web 工作总结 says what `kaoping report summary` can say: service-day
attendance with absences by reason, reporting and timeliness, the previous
quarter's follow-ups (issue 15, "The summary complete").

Hand-computed for 2026Q4 of the assessing world (conftest.py):

| village | invited | declined | attended | absent by reason          | first submitted (Beijing) | on time (by 2027-01-05) |
|---------|---------|----------|----------|---------------------------|---------------------------|-------------------------|
| 东村 V1  | 40      | 0        | 38       | 迁居外地 1, 生病 1          | 2027-01-03 10:00          | yes                     |
| 西村 V2  | 40      | 1        | 37       | 联系不上 2                 | 2027-01-08 10:00          | no                      |
| 镇中 V3  | —       | —        | —        | (no service day recorded) | 2027-01-05 23:00          | yes                     |

Attendance: invited 80, declined 1, attended 75, rate 75 / (80 - 1) = 94.94% -> 94.9%,
absent 4. Reporting: 3 due, 3 submitted (100.0%), 2 on time (2 / 3 = 66.7%).
"""

from __future__ import annotations

import io
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from docx import Document

from .conftest import Prepared, assessment_in
from .followup_world import approved_q3, item

pytestmark = pytest.mark.django_db
BEIJING = ZoneInfo("Asia/Shanghai")


def _summary_text(login: Any, a: Any) -> str:
    response = login("assessor").get(f"/assessment/{a.pk}/summary.docx")
    assert response.status_code == 200
    return "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)


def _record_days(prepared: Prepared) -> None:
    from kaoping.web.planning.models import ServiceDay

    w = prepared.world
    for unit, invited, declined, attended, absent in [
        (w.v1, 40, 0, 38, {"absent_moved_away": 1, "absent_ill": 1}),
        (w.v2, 40, 1, 37, {"absent_unreachable": 2}),
    ]:
        ServiceDay.objects.create(
            township=w.t1,
            unit=unit,
            period="2026Q4",
            day=date(2026, 11, 20),
            start=time(9),
            end=time(11),
            place="活动室",
            services="健康咨询",
            notice_on=date(2026, 11, 15),
            invited=invited,
            declined=declined,
            attended=attended,
            **absent,
        )


def _stamp_submissions(prepared: Prepared) -> None:
    from kaoping.web.core.models import Report

    w = prepared.world
    for unit, when in [
        (w.v1, datetime(2027, 1, 3, 10, tzinfo=BEIJING)),
        (w.v2, datetime(2027, 1, 8, 10, tzinfo=BEIJING)),
        (w.v3, datetime(2027, 1, 5, 23, tzinfo=BEIJING)),
    ]:
        Report.objects.filter(unit=unit, period="2026Q4").update(first_submitted_at=when)


def test_the_summary_tells_attendance_reporting_and_last_quarters_follow_ups(
    login: Any, prepared: Prepared
) -> None:
    from kaoping.web.assessment.models import Rectification

    approved_q3(prepared)
    today = timezone.localdate()
    for kind, to, state, days in [
        ("整改", "unit", "verified", -3),
        ("表态发言", "secretary", "open", -1),
        ("召开分析会", "unit", "open", 5),
        ("整改", "secretary", "reported", 6),
    ]:
        Rectification.objects.filter(pk=item(prepared, kind, to).pk).update(
            state=state, due=today + timedelta(days=days)
        )
    _record_days(prepared)
    q4 = assessment_in(prepared, "2026Q4", "approved")
    _stamp_submissions(prepared)
    text = _summary_text(login, q4)
    # The three items of 测试细则, then the additions in order.
    assert (
        "（四）服务日参加情况。全镇服务日应到80人，知情后自愿不参加1人，实到75人，到位率94.9%；"
        "未参加4人，其中迁居外地1人、生病1人、联系不上2人。"
    ) in text
    assert (
        "（五）信息上报情况。本季度应报报表3份，已报3份，上报率100.0%，其中按时报送2份，及时率66.7%。"
    ) in text
    assert (
        "（六）整改落实情况。2026年第三季度考评下达整改落实事项4项，"
        "其中已验收1项，已报告1项，未完成1项，逾期1项。"
    ) in text


def test_a_quarter_without_service_days_or_follow_ups_says_so_plainly(
    login: Any, prepared: Prepared
) -> None:
    q4 = assessment_in(prepared, "2026Q4", "approved")
    text = _summary_text(login, q4)
    assert "服务日参加情况" not in text
    # The fixture's approved reports carry no submission time: none counts as reported.
    assert "（四）信息上报情况。本季度应报报表3份，已报0份，上报率0.0%；未报3份。" in text
    assert "（五）整改落实情况。2026年第三季度考评未下达整改落实事项。" in text


def test_the_completeness_page_and_the_summary_count_timeliness_alike(
    login: Any, prepared: Prepared
) -> None:
    q4 = assessment_in(prepared, "2026Q4", "approved")
    _stamp_submissions(prepared)
    page = (
        login("assessor")
        .get(f"/datasets/{prepared.world.ds.pk}/2026Q4/completeness/")
        .content.decode()
    )
    assert "66.7%" in page
    assert "及时率66.7%" in _summary_text(login, q4)
