"""The sentences the assessments write into their audit notes, each one
catalogue entry: stored in Chinese as written, shown in the reader's language
through :func:`kaoping.web.core.notes.reworded`. A note a person typed (an
approval's, a return's) is shown as typed."""

from __future__ import annotations

import re
from typing import Any

from django.utils.translation import gettext, gettext_noop, pgettext

from kaoping.engine import Period, PeriodError
from kaoping.web.core.labels import period_label
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

# An inspection's record: the units spot-checked, joined by 、.
SAMPLED = gettext_noop("抽查：%(units)s")
# What it found at a unit: the verdict, a veto, and each figure that differed
# (DIFFERENCE, joined by ；).
FINDINGS = gettext_noop("%(unit)s：%(verdict)s")
FINDINGS_VETO = gettext_noop("%(unit)s：%(verdict)s，一票否决")
FINDINGS_DIFFER = gettext_noop("%(unit)s：%(verdict)s；数据不符：%(differences)s")
FINDINGS_VETO_DIFFER = gettext_noop("%(unit)s：%(verdict)s，一票否决；数据不符：%(differences)s")
DIFFERENCE = gettext_noop("%(label)s上报%(reported)s，核查%(observed)s")
DIFFERENCES_JOIN = "；"
_FINDINGS = (FINDINGS_VETO_DIFFER, FINDINGS_DIFFER, FINDINGS_VETO, FINDINGS)
_FIGURE = r"—|-?[0-9][0-9.]*"


def findings(unit: str, verdict: str, veto: bool, differences: list[str]) -> str:
    """An inspection's findings at a unit as the record keeps them (Chinese: call
    inside the records' language); ``differences``: :data:`DIFFERENCE` sentences."""
    words = {"unit": unit, "verdict": verdict}
    if differences:
        words["differences"] = DIFFERENCES_JOIN.join(differences)
        return (FINDINGS_VETO_DIFFER if veto else FINDINGS_DIFFER) % words
    return (FINDINGS_VETO if veto else FINDINGS) % words


def _differences_shown(text: str) -> str:
    return pgettext("list separator", "；").join(
        reworded(d, (DIFFERENCE,), shapes={"reported": _FIGURE, "observed": _FIGURE})
        for d in text.split(DIFFERENCES_JOIN)
    )


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


def sampled_shown(event: Any) -> str:
    """An inspection's audit note in the reader's language: the units sampled, or
    the findings at one of them (a note a person typed is shown as typed)."""
    if event.action == "findings":
        return reworded(
            event.note,
            _FINDINGS,
            values={"verdict": gettext, "differences": _differences_shown},
        )
    return reworded(
        event.note,
        (SAMPLED,),
        values={"units": lambda v: pgettext("list separator", "、").join(v.split("、"))},
    )


def shown(events: list[Any]) -> list[Any]:
    """The events, each with its ``note_shown``."""
    for e in events:
        e.note_shown = note_shown(e)
    return events


# --- why a unit is in the ledger (LedgerEntry.reason) ----------------------------------

# The period's or the campaign's label, the score, the rank, the group and the
# streak: one whole sentence per group and streak.
REASONS = {
    ("top", None): gettext_noop("%(label)s考评总分%(total)s分，排名第%(rank)s位，列前列"),
    ("top", "quarter"): gettext_noop(
        "%(label)s考评总分%(total)s分，排名第%(rank)s位，列前列，连续%(streak)s个季度"
    ),
    ("top", "month"): gettext_noop(
        "%(label)s考评总分%(total)s分，排名第%(rank)s位，列前列，连续%(streak)s个月"
    ),
    ("bottom", None): gettext_noop("%(label)s考评总分%(total)s分，排名第%(rank)s位，列后列"),
    ("bottom", "quarter"): gettext_noop(
        "%(label)s考评总分%(total)s分，排名第%(rank)s位，列后列，连续%(streak)s个季度"
    ),
    ("bottom", "month"): gettext_noop(
        "%(label)s考评总分%(total)s分，排名第%(rank)s位，列后列，连续%(streak)s个月"
    ),
    ("", None): gettext_noop("%(label)s考评总分%(total)s分，排名第%(rank)s位，列"),
    ("", "quarter"): gettext_noop(
        "%(label)s考评总分%(total)s分，排名第%(rank)s位，列，连续%(streak)s个季度"
    ),
    ("", "month"): gettext_noop(
        "%(label)s考评总分%(total)s分，排名第%(rank)s位，列，连续%(streak)s个月"
    ),
}
CAMPAIGN_LABEL = gettext_noop("“%(title)s”专项")
# Why a consequence is not paid, in brackets after the reason.
WITHHELD = {
    "ineligible": gettext_noop("（不予兑现：已取消评优资格）"),
    "veto": gettext_noop("（不予兑现：一票否决）"),
}
WITHHELD_BY = gettext_noop("（不予兑现：已在“%(title)s”专项活动考评中取消评优资格）")
WITHHELD_OTHER = gettext_noop("（不予兑现：%(why)s）")

# Longer shapes first: a streak's sentence before the one without.
_REASONS = sorted(REASONS.values(), key=len, reverse=True)
_REASON_SHAPES = {"total": r"-?[0-9][0-9.]*", "rank": r"[0-9]+", "streak": r"[0-9]+"}
_WITHHELD_AT_END = re.compile(r"（不予兑现：.*）\Z", re.DOTALL)


def _label_shown(label: str, period: str) -> str:
    if label.startswith("“"):
        return reworded(label, (CAMPAIGN_LABEL,))
    try:
        p = Period.parse(period)
    except PeriodError:
        return label
    return period_label(p) if label == p.label_zh() else label


def reason_shown(reason: str, period: str) -> str:
    """A ledger entry's reason in the reader's language (``period``: the entry's)."""
    if chinese_page() or not reason:
        return reason
    found = _WITHHELD_AT_END.search(reason)
    head, tail = (reason[: found.start()], found.group()) if found else (reason, "")
    head = reworded(
        head,
        _REASONS,
        shapes=_REASON_SHAPES,
        values={"label": lambda v: _label_shown(v, period)},
    )
    if tail:
        tail = reworded(tail, (*WITHHELD.values(), WITHHELD_BY, WITHHELD_OTHER))
    return head + tail
