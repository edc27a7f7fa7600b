"""A meeting's registration note and an attendee's role are kept in Chinese as
resolved and shown in the reader's language."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace
from typing import Any

import pytest
from django.utils import translation

from .conftest import meeting


def test_an_attendees_role_and_a_meetings_note_are_shown_in_english() -> None:
    from kaoping.web.meetings.notes import note_shown, role_shown

    unit = SimpleNamespace(name="东片")
    attendee = SimpleNamespace(role_label="东片片长", unit=unit)
    typed = SimpleNamespace(role_label="县卫生健康局", unit=None)
    event = SimpleNamespace(action="create", note="2026-04-09 调度会")
    with translation.override("en"):
        assert role_shown(attendee) == "Area chief, 东片"
        assert role_shown(typed) == "县卫生健康局"
        assert note_shown(event) == "2026-04-09 Progress meeting"
    with translation.override("zh-hans"):
        assert role_shown(attendee) == "东片片长"
        assert note_shown(event) == "2026-04-09 调度会"


@pytest.mark.django_db
def test_a_meeting_registered_from_an_english_page_is_recorded_in_chinese(
    prepared: Any,
) -> None:
    from kaoping.web.meetings.models import MeetingEvent

    with translation.override("en"):
        m = meeting(prepared, kind="dispatch", day=date(2026, 4, 9))
        save_meeting_again(prepared, m)
    notes = list(
        MeetingEvent.objects.filter(meeting=m).order_by("id").values_list("note", flat=True)
    )
    assert notes == ["2026-04-09 调度会", "日期"]


def save_meeting_again(prepared: Any, m: Any) -> None:
    """The same meeting moved to the next day, as its edit page saves it."""
    from kaoping.web.meetings.services import MeetingData, save_meeting

    data = MeetingData(
        kind=m.kind, date=date(2026, 4, 10), roles=m.role_codes, units=list(m.units.all())
    )
    save_meeting(prepared.world.t1, data, prepared.users["admin"], pk=m.pk, revision=m.revision)
