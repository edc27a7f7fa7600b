"""进度通报, 提醒单 and 服务通知单, from the engine's issue-5 models
(:class:`~kaoping.engine.UnitProgress`, :class:`~kaoping.engine.Reminder`,
:class:`~kaoping.engine.ServiceDayPlan`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from fractions import Fraction

from ..engine import (
    Reminder,
    ServiceDayPlan,
    UnitProgress,
    format_date_zh,
    format_percent,
    rank_progress,
)
from ._blocks import Addressee, Block, Heading1, PageBreak, Para, Signature, TableBlock, Title
from ._figures import UNIT_WORD
from ._format import join_zh

__all__ = ["progress_blocks", "reminder_blocks", "service_notice_blocks"]

_WEEKDAYS = "一二三四五六日"


def _one_decimal(value: Fraction) -> str:
    """Half up to one decimal, ``.0`` dropped: 12.5, 3, -1.3."""
    scaled = abs(value) * 10
    whole = int(scaled + Fraction(1, 2))
    text = f"{whole // 10}.{whole % 10}" if whole % 10 else str(whole // 10)
    return ("-" if value < 0 and whole else "") + text


def progress_blocks(
    task: str,
    progress: Sequence[UnitProgress],
    as_of: date,
    names: Mapping[str, str] | None = None,
    township: str | None = None,
    issue: int | None = None,
    when: date | None = None,
) -> list[Block]:
    """进度通报 of a campaign (专项活动): the township's totals, then every unit in
    the order of :func:`~kaoping.engine.rank_progress`, the units behind named."""
    names = names or {}
    number = f"（第{issue}期）" if issue else ""
    blocks: list[Block] = [
        Title(f"关于{task}进度情况的通报{number}"),
        Addressee(f"各{UNIT_WORD}："),
    ]
    if not progress:
        blocks.append(Para(f"截至{format_date_zh(as_of)}，{task}尚未分解任务，本期不作通报。"))
        blocks.append(Signature(township, when or as_of))
        return blocks
    allocated = sum(p.allocated for p in progress)
    done = sum(p.done for p in progress)
    expected = sum((p.expected for p in progress), Fraction(0))
    rate = f"，完成率{format_percent(Fraction(done, allocated))}" if allocated else ""
    blocks.append(
        Para(
            f"截至{format_date_zh(as_of)}，全镇{task}任务{allocated}个，已完成{done}个{rate}，"
            f"按进度应完成{_one_decimal(expected)}个。"
        )
    )
    ranked = rank_progress(progress)
    behind = [p for p in ranked if p.status == "behind"]
    ahead = [p for p in ranked if p.status != "behind"]
    if ahead:
        blocks.append(
            Para(
                f"达到或超过进度的{UNIT_WORD}{len(ahead)}个：{join_zh(names.get(p.unit, p.unit) for p in ahead)}。"
            )
        )
    if behind:
        listed = join_zh(
            f"{names.get(p.unit, p.unit)}（落后{_one_decimal(-p.gap)}个）" for p in behind
        )
        blocks.append(
            Para(f"落后于进度的{UNIT_WORD}{len(behind)}个：{listed}。请以上{UNIT_WORD}加快进度。")
        )
    else:
        blocks.append(Para(f"各{UNIT_WORD}均达到进度要求。"))
    blocks.append(Heading1("附：各村（居）进度情况"))
    rows = []
    for i, p in enumerate(ranked, start=1):
        rows.append(
            (
                str(i),
                names.get(p.unit, p.unit),
                str(p.allocated),
                str(p.done),
                format_percent(p.rate) if p.rate is not None else "—",
                _one_decimal(p.expected),
                _one_decimal(p.gap),
                p.status_zh,
            )
        )
    blocks.append(
        TableBlock(
            ("序号", UNIT_WORD, "任务数", "已完成", "完成率", "按进度应完成", "差额", "进度"),
            tuple(rows),
            (12, 28, 18, 18, 20, 24, 16, 20),
        )
    )
    blocks.append(Signature(township, when or as_of))
    return blocks


def reminder_blocks(
    reminders: Sequence[Reminder], township: str | None = None, as_of: date | None = None
) -> list[Block]:
    """提醒单, one to a page: subject, number, addressee, the engine's text, the
    due date (and, printed on ``as_of`` after it, how many days overdue), the
    roles it goes to, the signature, and a receipt to sign and return."""
    blocks: list[Block] = []
    for i, r in enumerate(reminders):
        if i:
            blocks.append(PageBreak())
        who, _, body = r.text_zh.partition("：")
        blocks.append(Title(r.subject_zh))
        blocks.append(Para(f"编号：{r.id}"))
        blocks.append(Addressee(f"{who}{r.to_zh}："))
        blocks.append(Para(body or r.text_zh))
        if r.due is not None:
            blocks.append(Para(f"办理期限：请于{format_date_zh(r.due)}前办结，并将回执交回。"))
            if as_of is not None and r.overdue_on(as_of):
                late = (as_of - r.due).days
                blocks.append(Para(f"截至{format_date_zh(as_of)}已逾期{late}天，请立即办理。"))
        blocks.append(Para(f"送达对象：{r.unit_name or r.unit}{r.to_zh}。"))
        blocks.append(Signature(r.signed_by or township, r.issued_on))
        blocks.append(Para(""))
        blocks.append(Heading1("回执"))
        blocks.append(
            Para(
                f"{r.unit_name or r.unit}已收到编号{r.id}的提醒单。签收人：＿＿＿＿  签收日期：＿＿＿＿"
            )
        )
        blocks.append(Para("整改情况：＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿"))
    return blocks


def _clock(t: object) -> str:
    return t.strftime("%H:%M")  # type: ignore[attr-defined]


def service_notice_blocks(
    plans: Sequence[ServiceDayPlan],
    issued_on: date,
    names: Mapping[str, str] | None = None,
    township: str | None = None,
) -> list[Block]:
    """服务通知单, one to a page, for the residents a service day invites. Whether
    it goes out early enough is for :func:`~kaoping.engine.notice_warning` to say to
    the staff; the residents' sheet carries no such note."""
    names = names or {}
    blocks: list[Block] = []
    for i, plan in enumerate(plans):
        if i:
            blocks.append(PageBreak())
        unit = names.get(plan.unit, plan.unit)
        day = plan.day
        blocks.append(Title(f"{unit}季度服务日服务通知单"))
        blocks.append(Addressee("各位居民："))
        services = f"，提供{join_zh(plan.services)}等服务" if plan.services else ""
        blocks.append(
            Para(
                f"定于{format_date_zh(day)}（星期{_WEEKDAYS[day.weekday()]}）{_clock(plan.start)}至"
                f"{_clock(plan.end)}，在{plan.place}开展季度服务日活动{services}。"
                "服务自愿参加，欢迎届时前往。"
            )
        )
        if plan.staff:
            blocks.append(Para(f"服务人员：{join_zh(plan.staff)}。"))
        blocks.append(Signature(township, issued_on))
    return blocks
