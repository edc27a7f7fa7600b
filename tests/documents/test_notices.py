"""进度通报, 提醒单 and 服务通知单 built from the engine's issue-5 models."""

from __future__ import annotations

import io
from datetime import date, time

from docx import Document

from kaoping.documents import (
    progress_blocks,
    progress_docx,
    reminder_blocks,
    reminders_docx,
    service_notice_blocks,
    service_notices_docx,
    text_of,
)
from kaoping.engine import (
    BehindSchedule,
    LateReport,
    ServiceDayPlan,
    allocation_progress,
    generate_reminders,
)

NAMES = {"V01": "东村", "V02": "西村", "V03": "南村"}
# 16 of 31 days gone: 40 -> 20.6 due, 30 -> 15.5, 20 -> 10.3 (90 -> 46.5 in all).
PROGRESS = allocation_progress(
    {"V01": 40, "V02": 30, "V03": 20},
    {"V01": 30, "V02": 10, "V03": 15},
    date(2026, 10, 1),
    date(2026, 10, 31),
    date(2026, 10, 16),
)


def test_the_progress_bulletin_gives_totals_and_names_the_units_behind() -> None:
    text = text_of(
        progress_blocks("两癌筛查预约", PROGRESS, date(2026, 10, 16), NAMES, "青山镇", 3)
    )
    assert text == [
        "关于两癌筛查预约进度情况的通报（第3期）",
        "各村（居）：",
        "截至2026年10月16日，全镇两癌筛查预约任务90个，已完成55个，完成率61.1%，按进度应完成46.5个。",
        "达到或超过进度的村（居）2个：东村、南村。",
        "落后于进度的村（居）1个：西村（落后5.5个）。请以上村（居）加快进度。",
        "附：各村（居）进度情况",
    ]


def test_the_progress_table_ranks_by_share_done() -> None:
    doc = Document(io.BytesIO(progress_docx("两癌筛查预约", PROGRESS, date(2026, 10, 16), NAMES)))
    rows = [tuple(c.text for c in r.cells) for r in doc.tables[0].rows]
    assert rows[1:] == [
        ("1", "东村", "40", "30", "75.0%", "20.6", "9.4", "超进度"),
        ("2", "南村", "20", "15", "75.0%", "10.3", "4.7", "超进度"),
        ("3", "西村", "30", "10", "33.3%", "15.5", "-5.5", "落后于进度"),
    ]


def test_a_campaign_without_allocation_says_so() -> None:
    text = text_of(progress_blocks("两癌筛查预约", [], date(2026, 10, 16)))
    assert text[-1] == "截至2026年10月16日，两癌筛查预约尚未分解任务，本期不作通报。"


REMINDERS = generate_reminders(
    "2026Q3",
    [
        LateReport("V02", "季度服务日统计表", date(2026, 10, 5)),
        BehindSchedule("V02", "两癌筛查预约", 10, 30, PROGRESS[1].expected),
    ],
    date(2026, 10, 16),
    NAMES,
)


def test_a_reminder_is_addressed_to_the_roles_that_answer_for_it() -> None:
    text = text_of(reminder_blocks(REMINDERS[:1]))
    assert text[:5] == [
        "关于报表逾期未报的提醒",
        "编号：2026Q3-V02-01",
        "西村专干、主任：",
        "2026年第三季度《季度服务日统计表》应于2026年10月5日前报送，截至2026年10月16日仍未报送，请尽快报送。",
        "送达对象：西村专干、主任。",
    ]
    assert "回执" in text


def test_each_reminder_starts_on_a_page_of_its_own() -> None:
    doc = Document(io.BytesIO(reminders_docx(REMINDERS)))
    breaks = sum(1 for p in doc.paragraphs if 'w:type="page"' in p._p.xml)
    assert breaks == len(REMINDERS) - 1


PLANS = [
    ServiceDayPlan(
        "V01", date(2026, 10, 20), time(8, 30), time(11, 30), "东村党群服务中心",
        ("育儿补贴申领咨询", "两癌筛查预约"), ("张三", "李四"),
    ),
    ServiceDayPlan("V02", date(2026, 10, 17), time(14, 0), time(17, 0), "西村卫生室"),
]  # fmt: skip


def test_a_service_notice_gives_the_day_time_place_and_services() -> None:
    text = text_of(service_notice_blocks(PLANS[:1], date(2026, 10, 16), NAMES, "青山镇"))
    assert text == [
        "东村季度服务日服务通知单",
        "各位居民：",
        "定于2026年10月20日（星期二）08:30至11:30，在东村党群服务中心开展季度服务日活动，"
        "提供育儿补贴申领咨询、两癌筛查预约等服务。服务自愿参加，欢迎届时前往。",
        "服务人员：张三、李四。",
    ]


def test_service_notices_come_one_to_a_page_with_the_signature() -> None:
    doc = Document(io.BytesIO(service_notices_docx(PLANS, date(2026, 10, 16), NAMES, "青山镇")))
    texts = [p.text for p in doc.paragraphs]
    assert texts.count("青山镇") == 2
    assert (
        "定于2026年10月17日（星期六）14:00至17:00，在西村卫生室开展季度服务日活动。服务自愿参加，欢迎届时前往。"
        in texts
    )
