"""The sentences the assessments write into their audit notes, each one
catalogue entry: stored in Chinese as written, shown in the reader's language
through :func:`kaoping.web.core.notes.reworded`. A note a person typed (an
approval's, a return's) is shown as typed."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_noop

from kaoping.web.core.notes import chinese_page, reworded

# A rubric version as the records name it; its page label is RubricVersion.__str__.
RUBRIC = gettext_noop("%(name)s（第%(number)s版）")
RUBRIC_USED = gettext_noop("考评细则：%(name)s（第%(number)s版）")
UNITS_COMPUTED = gettext_noop("%(n)s个单位")
TOWNSHIPS_COMPUTED = gettext_noop("%(n)s个乡镇")
COUNTIES_COMPUTED = gettext_noop("%(n)s个县")
MANUAL = gettext_noop("%(unit)s %(item)s 扣%(points)s分：%(reason)s（需重新计算）")
CORRECTED = gettext_noop("第%(old)s版 → 第%(new)s版：%(reason)s")
ENTRY_WITH_REASON = gettext_noop("%(township)s %(field)s：%(value)s（%(reason)s）（需重新计算）")
ENTRY = gettext_noop("%(township)s %(field)s：%(value)s（需重新计算）")
ENTRY_CLEARED = gettext_noop("%(township)s %(field)s：清除（需重新计算）")

_NOTES = (
    RUBRIC_USED,
    UNITS_COMPUTED,
    TOWNSHIPS_COMPUTED,
    COUNTIES_COMPUTED,
    MANUAL,
    CORRECTED,
    ENTRY_WITH_REASON,
    ENTRY,
    ENTRY_CLEARED,
)
_SHAPES = {"n": r"[0-9]+", "points": r"-?[0-9][0-9.]*", "value": r"-?[0-9][0-9.]*"}
# The actions whose notes kaoping writes; the others' notes a person typed.
_WORDED = frozenset({"create", "compute", "manual", "correct", "entry"})


def note_shown(event: Any) -> str:
    """An assessment's (or a county assessment's) audit note in the reader's language."""
    if chinese_page() or event.action not in _WORDED:
        return str(event.note)
    return reworded(event.note, _NOTES, shapes=_SHAPES)


def shown(events: list[Any]) -> list[Any]:
    """The events, each with its ``note_shown``."""
    for e in events:
        e.note_shown = note_shown(e)
    return events
