"""What the meetings keep in Chinese of their own and a page shows in the
reader's language: the note of a meeting's registration (its date and kind, as
``str(meeting)`` named it) and an attendee's role as resolved on the day
(东风村书记), through :func:`kaoping.web.core.notes.reworded`."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from kaoping.web.core.notes import chinese_page, reworded

REGISTERED = gettext_noop("%(date)s %(kind)s")
UNIT_ROLE = gettext_noop("%(unit)s%(role)s")


def note_shown(event: Any) -> str:
    if chinese_page() or event.action != "create":
        return str(event.note)
    return reworded(
        event.note,
        (REGISTERED,),
        shapes={"date": r"[0-9]{4}-[0-9]{2}-[0-9]{2}"},
        values={"kind": _},
    )


def role_shown(attendee: Any) -> str:
    """An attendee's role: the unit's name and the role's label, in the reader's words."""
    label, unit = attendee.role_label, attendee.unit
    if chinese_page() or unit is None or not label.startswith(unit.name) or label == unit.name:
        return str(label)
    return _(UNIT_ROLE) % {"unit": unit.name, "role": _(label[len(unit.name) :])}


def shown(attendees: list[Any], events: list[Any]) -> None:
    for a in attendees:
        a.role_shown = role_shown(a)
    for e in events:
        e.note_shown = note_shown(e)
