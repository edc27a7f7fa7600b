"""Documents built from the engine's results: the assessment bulletin (季度考评通报)
with its Excel annex, the quarterly work summary (季度工作总结), and charts.

Also 进度通报, 提醒单 and 服务通知单 (``progress_docx``, ``reminders_docx``,
``service_notices_docx``) from the engine's progress, reminder and service-day
models. Word documents follow GB/T 9704-2012 (see ``_layout``). Each document is first a
list of blocks (``bulletin_blocks``, ``summary_blocks``) whose sentences tests and
the web app can read, then rendered to .docx by ``write_*``/``*_docx``.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..engine import (
    Assessment,
    AttendanceRecord,
    Period,
    Reminder,
    ServiceDayPlan,
    TargetResult,
    UnitProgress,
)
from ._blocks import (
    Addressee,
    Block,
    Heading1,
    Heading2,
    Label,
    Landscape,
    Note,
    PageBreak,
    Para,
    Picture,
    Signature,
    TableBlock,
    Title,
    render,
    text_of,
)
from ._bulletin import (
    ANNEX_HEADERS,
    FOLLOW_UP_STATES,
    FollowUpLine,
    MissingPerson,
    annex_headers,
    annex_rows,
    bulletin_blocks,
    missing_people,
    money_rows,
    ranking_rows,
)
from ._campaign import CampaignTitle
from ._charts import (
    NoCJKFont,
    campaign_chart_title,
    cjk_font,
    heatmap_figure,
    heatmap_png,
    ranking_chart_figure,
    ranking_chart_png,
    trend_chart_figure,
    trend_chart_png,
)
from ._layout import OfficialDocument
from ._letter import LetterClause, LetterParty, chinese_numeral, letter_blocks
from ._level import LEVELS, LevelWords, at_level, for_assessor, for_tree
from ._minutes import MinutesAttendee, MinutesFollowUp, MinutesRecord, minutes_blocks
from ._monthly import (
    MONTHLY_ELEMENTS,
    MONTHLY_ROLES,
    BirthMonth,
    MonthlyDataError,
    MonthlyVillage,
    birth_months,
    monthly_blocks,
    monthly_villages,
    village_rows,
)
from ._notices import progress_blocks, reminder_blocks, service_notice_blocks
from ._summary import (
    PeriodWords,
    Reporting,
    attendance_text,
    follow_up_quarters,
    follow_ups_text,
    period_words,
    summary_blocks,
    weakest_items,
)

__all__ = [
    "ANNEX_HEADERS",
    "FOLLOW_UP_STATES",
    "LEVELS",
    "MONTHLY_ELEMENTS",
    "MONTHLY_ROLES",
    "Addressee",
    "BirthMonth",
    "Block",
    "CampaignTitle",
    "DocumentWarning",
    "FollowUpLine",
    "Heading1",
    "Heading2",
    "Label",
    "Landscape",
    "LetterClause",
    "LetterParty",
    "LevelWords",
    "MinutesAttendee",
    "MinutesFollowUp",
    "MinutesRecord",
    "MissingPerson",
    "MonthlyDataError",
    "MonthlyVillage",
    "NoCJKFont",
    "Note",
    "OfficialDocument",
    "PageBreak",
    "Para",
    "PeriodWords",
    "Picture",
    "Reporting",
    "Signature",
    "TableBlock",
    "Title",
    "annex_headers",
    "annex_path_for",
    "annex_rows",
    "annex_xlsx",
    "at_level",
    "attendance_text",
    "birth_months",
    "bulletin_blocks",
    "bulletin_docx",
    "campaign_chart_title",
    "chinese_numeral",
    "cjk_font",
    "document_warnings",
    "follow_up_quarters",
    "follow_ups_text",
    "for_assessor",
    "for_tree",
    "heatmap_figure",
    "heatmap_png",
    "letter_blocks",
    "minutes_blocks",
    "minutes_docx",
    "missing_people",
    "money_rows",
    "monthly_blocks",
    "monthly_docx",
    "monthly_villages",
    "period_words",
    "progress_blocks",
    "progress_docx",
    "ranking_chart_figure",
    "ranking_chart_png",
    "ranking_rows",
    "reminder_blocks",
    "reminders_docx",
    "render",
    "service_notice_blocks",
    "service_notices_docx",
    "summary_blocks",
    "summary_docx",
    "text_of",
    "trend_chart_figure",
    "trend_chart_png",
    "village_rows",
    "weakest_items",
    "write_annex",
    "write_bulletin",
    "write_summary",
]


def _period(period: Period | str) -> Period:
    return Period.parse(period) if isinstance(period, str) else period


def annex_path_for(path: str | Path) -> Path:
    """Where the bulletin's Excel annex goes: beside it, ``<stem>-扣分明细.xlsx``."""
    p = Path(path)
    return p.with_name(f"{p.stem}-扣分明细.xlsx")


def bulletin_docx(
    assessment: Assessment,
    period: Period | str,
    people: object | None = None,
    township: str | None = None,
    when: date | None = None,
    annex_name: str | None = None,
    follow_ups: Sequence[FollowUpLine] = (),
    campaign: CampaignTitle | None = None,
    level: str = "village",
) -> bytes:
    """The bulletin as .docx bytes (for a web download); ``follow_ups`` are the
    previous quarter's, listed under 上季度整改落实情况 when given; ``campaign``
    lays it out for a campaign's own assessment; ``level="township"`` words it for
    a county ranking its townships."""
    blocks = bulletin_blocks(
        assessment,
        _period(period),
        township=township,
        when=when,
        has_people=people is not None,
        annex_name=annex_name,
        follow_ups=follow_ups,
        campaign=campaign,
        level=level,
    )
    return render(blocks).to_bytes()


def summary_docx(
    assessment: Assessment,
    period: Period | str,
    township: str | None = None,
    when: date | None = None,
    targets: Sequence[TargetResult] = (),
    attendance: Sequence[AttendanceRecord] = (),
    reporting: Reporting | None = None,
    follow_ups: Sequence[FollowUpLine] | None = None,
    campaign: CampaignTitle | None = None,
    level: str = "village",
) -> bytes:
    """The quarterly work summary as .docx bytes (optional inputs and ``level``:
    see :func:`summary_blocks`)."""
    blocks = summary_blocks(
        assessment,
        _period(period),
        township,
        when,
        targets=targets,
        attendance=attendance,
        reporting=reporting,
        follow_ups=follow_ups,
        campaign=campaign,
        level=level,
    )
    return render(blocks).to_bytes()


def monthly_docx(
    month: Period | str,
    villages: Sequence[MonthlyVillage],
    township: str | None = None,
    when: date | None = None,
) -> bytes:
    """月通报 of birth registration as .docx bytes (see :func:`monthly_blocks`)."""
    return render(monthly_blocks(month, villages, township, when)).to_bytes()


def progress_docx(
    task: str,
    progress: Sequence[UnitProgress],
    as_of: date,
    names: Mapping[str, str] | None = None,
    township: str | None = None,
    issue: int | None = None,
) -> bytes:
    """进度通报 of a campaign as .docx bytes (see :func:`progress_blocks`)."""
    return render(progress_blocks(task, progress, as_of, names, township, issue)).to_bytes()


def reminders_docx(
    reminders: Sequence[Reminder], township: str | None = None, as_of: date | None = None
) -> bytes:
    """提醒单, one to a page, as .docx bytes (overdue ones say so as of ``as_of``)."""
    return render(reminder_blocks(reminders, township, as_of)).to_bytes()


def minutes_docx(record: MinutesRecord) -> bytes:
    """会议纪要 of one meeting, in the official layout."""
    return render(minutes_blocks(record)).to_bytes()


def service_notices_docx(
    plans: Sequence[ServiceDayPlan],
    issued_on: date,
    names: Mapping[str, str] | None = None,
    township: str | None = None,
) -> bytes:
    """服务通知单, one to a page, as .docx bytes."""
    return render(service_notice_blocks(plans, issued_on, names, township)).to_bytes()


def annex_xlsx(assessment: Assessment, period: Period | str, level: str = "village") -> bytes:
    """The Excel annex as .xlsx bytes: every deduction and bonus of the quarter, one
    per row (formula-like texts neutralised by ``kaoping.io.write_xlsx``); its unit
    column headed in the words of ``level``."""
    from ..io import write_xlsx

    p = _period(period)
    try:
        rows = annex_rows(assessment, assessment.period(p))
    except KeyError:
        rows = []
    buf = io.BytesIO()
    with at_level(level):
        headers = annex_headers()
    write_xlsx(buf, {f"{p.label_zh()}扣分明细": (headers, rows)})
    return buf.getvalue()


def write_annex(assessment: Assessment, period: Period | str, path: str | Path) -> Path:
    """Write the Excel annex (see :func:`annex_xlsx`)."""
    Path(path).write_bytes(annex_xlsx(assessment, period))
    return Path(path)


def write_bulletin(
    assessment: Assessment,
    period: Period | str,
    path: str | Path,
    people: object | None = None,
    township: str | None = None,
    when: date | None = None,
    annex: str | Path | None = None,
    level: str = "village",
) -> tuple[Path, Path]:
    """Write the bulletin (.docx) and its Excel annex; returns both paths.

    ``people`` is the people table the assessment was made with, or ``None`` when
    there was none: the document then lists roles without names and says so.
    """
    path = Path(path)
    annex_path = Path(annex) if annex is not None else annex_path_for(path)
    # Both built before either is written: a failure leaves no half-written pair.
    data = bulletin_docx(
        assessment, period, people, township, when, annex_name=annex_path.name, level=level
    )
    annex_data = annex_xlsx(assessment, period, level)
    path.write_bytes(data)
    annex_path.write_bytes(annex_data)
    return path, annex_path


def write_summary(
    assessment: Assessment,
    period: Period | str,
    path: str | Path,
    people: object | None = None,
    township: str | None = None,
    when: date | None = None,
    targets: Sequence[TargetResult] = (),
    attendance: Sequence[AttendanceRecord] = (),
    reporting: Reporting | None = None,
    follow_ups: Sequence[FollowUpLine] | None = None,
    level: str = "village",
) -> Path:
    """Write the quarterly work summary (.docx). ``people`` is accepted for symmetry
    with :func:`write_bulletin`; the summary names no persons. ``targets`` are the
    quarter's evaluated targets (``kaoping.engine.evaluate_targets``)."""
    path = Path(path)
    path.write_bytes(
        summary_docx(
            assessment,
            period,
            township,
            when,
            targets,
            attendance,
            reporting,
            follow_ups,
            level=level,
        )
    )
    return path


@dataclass(frozen=True)
class DocumentWarning:
    """Something a document says it cannot do, for the command line to warn about."""

    message: str
    message_zh: str


def document_warnings(
    assessment: Assessment, period: Period | str, people: object | None, kind: str = "bulletin"
) -> list[DocumentWarning]:
    """What the ``bulletin`` or the ``summary`` for ``period`` will say in words
    instead of figures: no data for the quarter, no quarter to compare with (the
    summary), no people file or a role nobody held (the bulletin)."""
    p = _period(period)
    out: list[DocumentWarning] = []
    try:
        result = assessment.period(p)
    except KeyError:
        return [
            DocumentWarning(
                f"no data for {p}: the document says so instead of listing results",
                f"{p.label_zh()}没有数据：文档中将注明，不列结果",
            )
        ]
    if kind == "summary":
        words = period_words(p)
        compared = [("previous period", words.previous, p.previous())]
        if p.is_quarter:
            compared = [("previous quarter", words.previous, p.previous())]
        if words.last_year is not None:
            compared.append(("same period last year", words.last_year, p.same_period_last_year()))
            if p.is_quarter:
                compared[-1] = ("same quarter last year", words.last_year, compared[-1][2])
        for when, when_zh, other in compared:
            try:
                assessment.period(other)
            except KeyError:
                out.append(
                    DocumentWarning(
                        f"no data for the {when} ({other}): no comparison in the summary",
                        f"{when_zh}（{other.label_zh()}）没有数据：总结中不作比较",
                    )
                )
        return out
    if people is None and any(u.actions for u in result.units):
        out.append(
            DocumentWarning(
                "no people file: awards and fines are listed by role, without names",
                "未提供人员名单：奖惩按职务列出，不列姓名",
            )
        )
    else:
        for m in missing_people(result):
            out.append(
                DocumentWarning(
                    f"{m.unit}: nobody recorded as {m.role} in {p}; the bulletin says so",
                    f"{m.unit}：{p.label_zh()}没有登记{m.role}，通报中将注明",
                )
            )
    return out
