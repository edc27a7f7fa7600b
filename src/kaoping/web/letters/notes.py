"""The sentences the letters write into their records, each one catalogue entry:
the audit notes, the judgement of a clause from the figures, the acceptance's
result. Stored in Chinese (the Word letter and the audit keep them so), shown in
the reader's language through :func:`kaoping.web.core.notes.reworded`."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, pgettext

from kaoping.web.core.notes import chinese_page, reworded

from .models import Clause, LetterEvent, Signatory

# --- the audit's notes ----------------------------------------------------------------

CLAUSE_ADDED = gettext_noop("（%(number)s）%(text)s")
CLAUSE_CHANGED = gettext_noop("第%(number)s条：%(was)s→%(text)s")
CLAUSE_NAMED = gettext_noop("第%(number)s条：%(text)s")  # kept as it was, or removed
TITLE_CHANGED = gettext_noop("事项：%(was)s→%(now)s")
YEAR_CHANGED = gettext_noop("年度：%(was)s→%(now)s")
CAMPAIGN_CHANGED = gettext_noop("专项活动：%(was)s→%(now)s")
NO_CAMPAIGN = gettext_noop("无")
CORRECTION = gettext_noop("更正第%(version)s版：%(reason)s")
CORRECTION_STARTED = gettext_noop("发起更正（第%(version)s版）：%(reason)s")
SUPERSEDED = gettext_noop("已被第%(version)s版取代（%(date)s签订）")
SIGNED_MISSING = gettext_noop("签订日期%(date)s；扫描件%(scan)s；签订日无人任职：%(roles)s")
SIGNED = gettext_noop("签订日期%(date)s；扫描件%(scan)s")
# The acceptance's result (the letters' list says it with the same entries).
ALL_MET = gettext_noop("全部完成")
SOME_MET = gettext_noop("完成%(n)s条，共%(m)s条")

_NOTES: dict[str, tuple[str, ...]] = {
    LetterEvent.Action.CLAUSE: (CLAUSE_ADDED,),
    LetterEvent.Action.EDIT: (CLAUSE_CHANGED, CLAUSE_NAMED),
    LetterEvent.Action.REMOVE_CLAUSE: (CLAUSE_NAMED,),
    LetterEvent.Action.CORRECT: (CORRECTION_STARTED, CORRECTION, SUPERSEDED),
    LetterEvent.Action.SIGN: (SIGNED_MISSING, SIGNED),
    LetterEvent.Action.ACCEPT: (ALL_MET, SOME_MET),
}
_CHANGES = (TITLE_CHANGED, YEAR_CHANGED, CAMPAIGN_CHANGED)


def _roles(text: str) -> str:
    """Role labels joined by 、 (the engine's, ROLES): each in the reader's words."""
    return pgettext("list separator", "、").join(_(r) for r in text.split("、"))


def _campaign(text: str) -> str:
    return _(NO_CAMPAIGN) if text == NO_CAMPAIGN else text


def note_shown(event: LetterEvent) -> str:
    """An audit note of a letter in the reader's language."""
    if chinese_page() or not event.note:
        return event.note
    if event.action == LetterEvent.Action.EDIT and event.note.startswith(
        ("事项：", "年度：", "专项活动：")
    ):
        # A letter's changes, one sentence each, joined as they were written.
        parts = event.note.split("；")
        shown = [reworded(p, _CHANGES, values={"was": _campaign, "now": _campaign}) for p in parts]
        return pgettext("sentence separator", "；").join(shown)
    return reworded(event.note, _NOTES.get(event.action, ()), values={"roles": _roles})


# --- a clause judged from the figures --------------------------------------------------

DONE_OF_TASK = gettext_noop("完成%(done)s个，任务%(figure)s个")
NO_SUCH_TARGET = gettext_noop("目标文件中没有目标“%(target)s”")
NO_DATA = gettext_noop("无数据")
UNIT_WITHOUT_DATA = gettext_noop("%(target)s：%(unit)s无数据")
TARGET_VALUE = gettext_noop("%(target)s%(value)s（要求%(wanted)s）")
NOT_APPROVED_YET = gettext_noop("%(period)s的考评尚未审定")
NO_SCORE = gettext_noop("%(period)s考评中没有%(unit)s的“%(item)s”得分")
NO_SUCH_ITEM = gettext_noop("考评细则中没有项目“%(item)s”")
SCORED = gettext_noop("%(item)s得%(score)s分（满分%(full)s分）")

_OBSERVED = (
    DONE_OF_TASK,
    NO_SUCH_TARGET,
    NO_DATA,
    UNIT_WITHOUT_DATA,
    NOT_APPROVED_YET,
    NO_SCORE,
    NO_SUCH_ITEM,
    SCORED,
    TARGET_VALUE,
)
# A target's value (a number or a percentage) meets its title; the text in
# brackets is the target's own requirement (≥ 90%, or the file's words).
_SHAPES = {"value": r"-?[0-9][0-9.,]*%?", "score": r"-?[0-9][0-9.]*", "full": r"-?[0-9][0-9.]*"}


def observed_text_shown(observed: str) -> str:
    """What the figures said of a clause, in the reader's language."""
    return reworded(observed, _OBSERVED, shapes=_SHAPES)


def shown(clauses: list[Clause], signatories: list[Signatory], events: list[LetterEvent]) -> None:
    """A letter's records as its page shows them: each gets its ``shown`` text."""
    for c in clauses:
        c.observed_shown = observed_text_shown(c.observed)  # type: ignore[attr-defined]
    for s in signatories:
        # The role's label as of the signing date, in the reader's words.
        s.role_shown = _(s.role_label) if s.role_label else ""  # type: ignore[attr-defined]
    for e in events:
        e.note_shown = note_shown(e)  # type: ignore[attr-defined]


def result_shown(met: int, of: int) -> str:
    """The acceptance's result on a page: every clause met, or how many of how many."""
    return _(ALL_MET) if met == of else _(SOME_MET) % {"n": met, "m": of}


def result_written(met: int, of: int) -> str:
    """The same result as the records keep it (the audit, the Word letter)."""
    return ALL_MET if met == of else SOME_MET % {"n": met, "m": of}
