"""``at: next_quarter_first_meeting`` (RUBRIC.md §5.1): 镇中社区 书记 李四's 表态发言
from 2026Q3 is due on the day of 2026Q4's first 镇级例会; until one is recorded on
2026-10-31 (the last day of 2026Q4's first month), shown as due at that meeting."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from .conftest import Prepared, approved_q3, meeting

pytestmark = pytest.mark.django_db


def statement(prepared: Prepared) -> Any:
    from kaoping.web.assessment.models import Rectification

    return Rectification.objects.get(unit=prepared.world.v3, kind="表态发言")


def dues(prepared: Prepared) -> list[tuple[str, str, str, str]]:
    from kaoping.web.assessment.models import Rectification

    return sorted(
        (r.kind, r.to, r.due.isoformat(), r.due_rule)
        for r in Rectification.objects.filter(unit=prepared.world.v3)
    )


def test_approval_marks_only_the_statement_as_due_at_the_next_first_meeting(
    prepared: Prepared,
) -> None:
    approved_q3(prepared)
    assert dues(prepared) == [
        ("召开分析会", "unit", "2026-10-31", ""),
        ("整改", "secretary", "2026-10-30", ""),
        ("整改", "unit", "2026-10-30", ""),
        ("表态发言", "secretary", "2026-10-31", "meeting"),
    ]


@pytest.mark.parametrize(
    ("meetings", "due", "rule"),
    [
        ([], "2026-10-31", "meeting"),
        ([("regular", date(2026, 10, 12))], "2026-10-12", "met"),
        # Only a 镇级例会 counts; a 调度会 earlier in the quarter does not.
        ([("dispatch", date(2026, 10, 5)), ("regular", date(2026, 10, 12))], "2026-10-12", "met"),
        ([("dispatch", date(2026, 10, 5))], "2026-10-31", "meeting"),
        # The first by date, whatever the order they were recorded in.
        ([("regular", date(2026, 11, 3)), ("regular", date(2026, 10, 8))], "2026-10-08", "met"),
        # A 例会 of 2026Q3 itself or of 2027Q1 is not the next quarter's.
        ([("regular", date(2026, 9, 28)), ("regular", date(2027, 1, 6))], "2026-10-31", "meeting"),
        ([("regular", date(2026, 12, 30))], "2026-12-30", "met"),
    ],
)
def test_the_statement_is_due_on_the_next_quarters_first_regular_meeting(
    prepared: Prepared, meetings: list[tuple[str, date]], due: str, rule: str
) -> None:
    approved_q3(prepared)
    for kind, day in meetings:
        meeting(prepared, kind=kind, day=day)
    item = statement(prepared)
    assert (item.due.isoformat(), item.due_rule) == (due, rule)


def test_a_meeting_recorded_before_the_approval_dates_the_statement_at_once(
    prepared: Prepared,
) -> None:
    meeting(prepared, day=date(2026, 10, 9))
    approved_q3(prepared)
    item = statement(prepared)
    assert (item.due, item.due_rule) == (date(2026, 10, 9), "met")


def test_moving_the_only_meeting_out_of_the_quarter_makes_the_due_date_provisional_again(
    prepared: Prepared,
) -> None:
    from kaoping.web.meetings.services import MeetingData, save_meeting

    approved_q3(prepared)
    m = meeting(prepared, day=date(2026, 10, 12))
    save_meeting(
        m.township, MeetingData("regular", date(2027, 1, 5)), prepared.users["admin"], pk=m.pk
    )
    item = statement(prepared)
    assert (item.due, item.due_rule) == (date(2026, 10, 31), "meeting")
    notes = [e.note for e in item.events.filter(action="due").order_by("id")]
    assert notes == [
        "2026-10-12召开2026Q4第一次镇级例会，期限定为该日（原期限2026-10-31）",
        "2026Q4尚无镇级例会记录，期限暂按2026-10-31（原期限2026-10-12）",
    ]


def test_a_verified_statement_keeps_its_due_date(prepared: Prepared) -> None:
    from kaoping.web.assessment import rectifications

    approved_q3(prepared)
    item = statement(prepared)
    rectifications.move(item.pk, "report", prepared.users["assessor"], "已在例会上表态")
    rectifications.move(item.pk, "verify", prepared.users["assessor"])
    meeting(prepared, day=date(2026, 10, 12))
    item.refresh_from_db()
    assert (item.due, item.due_rule) == (date(2026, 10, 31), "meeting")


def test_the_follow_up_list_says_the_statement_waits_for_the_meeting(
    prepared: Prepared, login: Any
) -> None:
    approved_q3(prepared)
    page = login("assessor").get("/assessment/t/T1/followups/").content.decode()
    assert "下季度第一次例会召开之日（未召开前暂按2026-10-31）" in page
    meeting(prepared, day=date(2026, 10, 12))
    page = login("assessor").get("/assessment/t/T1/followups/").content.decode()
    assert "下季度第一次例会召开之日" not in page
    assert '<td class="date">2026-10-12' in page


def test_the_provisional_due_date_is_said_in_english_for_an_english_browser(
    prepared: Prepared, login: Any
) -> None:
    approved_q3(prepared)
    page = (
        login("assessor")
        .get("/assessment/t/T1/followups/", HTTP_ACCEPT_LANGUAGE="en")
        .content.decode()
    )
    assert "The day of next quarter's first regular meeting (2026-10-31 until it is held)" in page
    assert "下季度第一次例会召开之日" not in page


def frozen_dues(prepared: Prepared) -> list[tuple[str, str, str | None, str | None]]:
    """(kind, to, due, due_rule) of 镇中社区's actions in the approved results."""
    from kaoping.web.assessment.models import Assessment

    a = Assessment.objects.get(township=prepared.world.t1, period="2026Q3", status="approved")
    (u,) = [u for u in a.results["units"] if u["unit"] == "V3"]
    return sorted(
        (act["kind"], act["to"], act.get("due"), act.get("due_rule"))
        for act in u["actions"]
        if act.get("due")
    )


@pytest.mark.parametrize(
    ("meetings", "statement"),
    [
        # No 例会 yet: the provisional date, said to be provisional.
        ([], ("2026-10-31", "meeting")),
        ([("regular", date(2026, 10, 12))], ("2026-10-12", "met")),
        ([("dispatch", date(2026, 10, 5))], ("2026-10-31", "meeting")),
        # Moved out of the quarter again: provisional again.
        ([("regular", date(2026, 10, 12)), ("move", date(2027, 1, 5))], ("2026-10-31", "meeting")),
    ],
)
def test_the_approved_results_carry_the_meetings_day_for_the_statement_only(
    prepared: Prepared, meetings: list[tuple[str, date]], statement: tuple[str, str]
) -> None:
    from kaoping.web.meetings.services import MeetingData, save_meeting

    approved_q3(prepared)
    last = None
    for kind, day in meetings:
        if kind == "move":
            assert last is not None
            save_meeting(
                last.township, MeetingData("regular", day), prepared.users["admin"], pk=last.pk
            )
        else:
            last = meeting(prepared, kind=kind, day=day)
    assert frozen_dues(prepared) == sorted(
        [
            ("召开分析会", "unit", "2026-10-31", None),
            ("整改", "secretary", "2026-10-30", None),
            ("整改", "unit", "2026-10-30", None),
            ("表态发言", "secretary", *statement),
        ]
    )


def test_the_scores_of_the_approved_results_do_not_change_with_the_meeting(
    prepared: Prepared,
) -> None:
    from kaoping.web.assessment.models import Assessment

    a = approved_q3(prepared)
    before = Assessment.objects.get(pk=a.pk).results
    meeting(prepared, day=date(2026, 10, 12))
    after = Assessment.objects.get(pk=a.pk).results
    strip = lambda r: [  # noqa: E731
        {k: v for k, v in u.items() if k != "actions"} for u in r["units"]
    ]
    assert strip(after) == strip(before)
    assert after["units"] != before["units"]  # the statement's due moved


@pytest.mark.parametrize(
    ("meetings", "shown", "not_shown"),
    [
        ([], "下季度第一次例会召开之日前完成（未召开前暂按2026-10-31）", "限2026-10-12前完成"),
        ([date(2026, 10, 12)], "限2026-10-12前完成", "下季度第一次例会召开之日前完成"),
    ],
)
def test_the_units_page_says_when_the_statement_is_due(
    prepared: Prepared, login: Any, meetings: list[date], shown: str, not_shown: str
) -> None:
    a = approved_q3(prepared)
    for day in meetings:
        meeting(prepared, day=day)
    page = login("assessor").get(f"/assessment/{a.pk}/unit/V3/").content.decode()
    assert shown in page
    assert not_shown not in page


def test_a_meeting_saved_in_a_failing_transaction_leaves_the_results_as_they_were(
    prepared: Prepared,
) -> None:
    from django.db import transaction

    approved_q3(prepared)
    before = frozen_dues(prepared)
    with pytest.raises(RuntimeError), transaction.atomic():
        meeting(prepared, day=date(2026, 10, 12))
        raise RuntimeError("the request failed after the save")
    assert frozen_dues(prepared) == before
    assert statement(prepared).due == date(2026, 10, 31)
