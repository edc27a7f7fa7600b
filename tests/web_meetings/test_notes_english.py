"""A meeting's registration note and an attendee's role are kept in Chinese as
resolved and shown in the reader's language."""

from __future__ import annotations

from types import SimpleNamespace

from django.utils import translation


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
