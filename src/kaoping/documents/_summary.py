"""季度工作总结: the quarterly work summary, drafted from the quarter's figures.

Every sentence is produced by a template from a figure of the assessment (or a
target written in the rubric); where a figure is missing the text says so.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction

from ..engine import (
    AbsenceReason,
    Assessment,
    AttendanceRecord,
    Node,
    Period,
    PeriodResult,
    TargetResult,
    format_number,
    format_percent,
)
from ._blocks import Block, Heading1, Heading2, Para, Picture, Signature, Title
from ._bulletin import FOLLOW_UP_STATES, FollowUpLine, follow_up_sentence
from ._campaign import CampaignTitle
from ._charts import heatmap_png, trend_chart_png
from ._figures import item_facts, rate_pairs, target_text
from ._format import join_zh, round_pct
from ._level import at_level
from ._level import words as level_words

__all__ = [
    "ItemLoss",
    "PeriodWords",
    "average_total",
    "follow_up_quarters",
    "follow_ups_text",
    "period_words",
    "summary_blocks",
    "weakest_items",
]

_NUMERALS = "一二三四五六七八九十"
WEAK_ITEMS = 3
WEAK_UNITS = 3


@dataclass(frozen=True)
class PeriodWords:
    """How the summary names its period and the ones it is compared with: 本季度,
    上季度, 下季度 for a quarter; 本月, 上月, 下月; 上半年, 去年下半年, 下半年 for
    the first half-year; 本年度, 上年度, 明年 (a year has no 去年同期 beside 上年度)."""

    this: str
    previous: str
    next: str
    last_year: str | None = "去年同期"


def period_words(p: Period) -> PeriodWords:
    if p.is_month:
        return PeriodWords("本月", "上月", "下月")
    if p.is_half:
        if p.number == 1:
            return PeriodWords("上半年", "去年下半年", "下半年")
        return PeriodWords("下半年", "上半年", "明年上半年")
    if p.is_year:
        return PeriodWords("本年度", "上年度", "明年", None)
    return PeriodWords("本季度", "上季度", "下季度")


def _num(i: int) -> str:
    """The (i+1)-th heading number in Chinese: 一 … 十, 十一 … 九十九 (a rubric may
    have more than ten items, and the summary adds its own after them)."""
    n = i + 1
    if n <= 10:
        return _NUMERALS[n - 1]
    if n >= 100:
        return str(n)
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _NUMERALS[tens - 1]) + "十" + (_NUMERALS[ones - 1] if ones else "")


def average_total(result: PeriodResult) -> Decimal:
    return sum((u.total for u in result.units), Decimal(0)) / len(result.units)


@dataclass(frozen=True)
class ItemLoss:
    """Points a top-level item lost across all units, and who lost them."""

    item: Node
    lost: Decimal
    by_unit: tuple[tuple[str, Decimal], ...]  # (display name, points lost), most first


def weakest_items(assessment: Assessment, result: PeriodResult) -> list[ItemLoss]:
    """Top-level items by total points lost across units, most first (ties in rubric
    order); items that lost nothing are left out."""
    losses = []
    for item in assessment.rubric.items:
        per_unit = [
            (u.display_name, item.max - u.scores.get(item.path, Decimal(0))) for u in result.units
        ]
        per_unit = [(name, lost) for name, lost in per_unit if lost > 0]
        per_unit.sort(key=lambda nl: -nl[1])
        lost = sum((lost for _, lost in per_unit), Decimal(0))
        if lost > 0:
            losses.append(ItemLoss(item, lost, tuple(per_unit)))
    losses.sort(key=lambda il: -il.lost)  # stable: rubric order among equals
    return losses


def _result_or_none(assessment: Assessment, period: Period) -> PeriodResult | None:
    try:
        r = assessment.period(period)
    except KeyError:
        return None
    return r if len(r.units) else None


def _change(now: Decimal, before: Decimal, unit: str) -> str:
    diff = now - before
    if diff > 0:
        return f"提高{format_number(diff)}{unit}"
    if diff < 0:
        return f"下降{format_number(-diff)}{unit}"
    return "持平"


def _compare(
    label: str,
    now: Decimal,
    shown: str,
    earlier: list[tuple[str, Decimal | None, str | None, bool]],
    unit: str,
) -> str:
    """``{label}{shown}，比上季度（…）提高…；去年同期…``. ``earlier`` holds (which
    period in words, value, value shown, whether the period has data)."""
    parts = [f"{label}{shown}"]
    for name, value, value_shown, present in earlier:
        if not present:
            parts.append(f"{name}无考评数据，无法比较")
        elif value is None:
            parts.append(f"{name}无法计算，不作比较")
        else:
            parts.append(f"{name}为{value_shown}，{_change(now, value, unit)}")
    return "，".join(parts[:2]) + ("；" + "；".join(parts[2:]) if len(parts) > 2 else "") + "。"


def _comparisons(assessment: Assessment, result: PeriodResult) -> list[str]:
    period = result.period
    words = period_words(period)
    before = [(words.previous, _result_or_none(assessment, period.previous()))]
    if words.last_year is not None:
        before.append(
            (words.last_year, _result_or_none(assessment, period.same_period_last_year()))
        )
    sentences = []
    avg = average_total(result)
    shown_avg = Decimal(format_number(avg))
    sentences.append(
        _compare(
            f"{level_words().whole}平均得分",
            shown_avg,
            f"{format_number(avg)}分",
            [
                (
                    name,
                    Decimal(format_number(average_total(r))) if r else None,
                    f"{format_number(average_total(r))}分" if r else None,
                    r is not None,
                )
                for name, r in before
            ],
            "分",
        )
    )
    for pair in rate_pairs(assessment.rubric):
        rate = pair.pooled(result)
        if rate is None:
            continue
        earlier = []
        for name, r in before:
            old: Fraction | None = pair.pooled(r) if r else None
            earlier.append(
                (
                    name,
                    round_pct(old) if old is not None else None,
                    format_percent(old) if old is not None else None,
                    r is not None,
                )
            )
        # Differences are taken between the rounded rates the reader sees, so
        # that 98.8% against 97.5% reads as 1.3 points, never 1.2.
        sentences.append(
            _compare(pair.name(), round_pct(rate), format_percent(rate), earlier, "个百分点")
        )
    return sentences


def _opening(
    assessment: Assessment, result: PeriodResult, campaign: CampaignTitle | None = None
) -> str:
    units = result.units
    best = max(u.total for u in units)
    worst = min(u.total for u in units)
    best_names = join_zh(u.display_name for u in units if u.total == best)
    worst_names = join_zh(u.display_name for u in units if u.total == worst)
    when = campaign.label if campaign is not None else result.period.label_zh()
    this = "本次活动" if campaign is not None else period_words(result.period).this
    return (
        f"{when}，{level_words().whole}{len(units)}个{level_words().unit}按照《{assessment.rubric.name}》"
        f"接受考评，平均得分{format_number(average_total(result))}分，最高{format_number(best)}分"
        f"（{best_names}），最低{format_number(worst)}分（{worst_names}）。"
        f"现将{this}工作总结如下。"
    )


def _weak_units(result: PeriodResult) -> list[str]:
    bottom = [u for u in result.units if u.group == "bottom"]
    if bottom:
        units = sorted(bottom, key=lambda u: (u.total, u.unit))
        lead = f"后{len(units)}名的{level_words().unit}"
    else:
        units = sorted(result.units, key=lambda u: (u.total, u.unit))[:WEAK_UNITS]
        lead = f"得分最低的{len(units)}个{level_words().unit}"
    out = [
        f"{lead}是：{join_zh(f'{u.display_name}（{format_number(u.total)}分）' for u in units)}。"
    ]
    vetoed = [u.display_name for u in result.units if u.vetoed]
    if vetoed:
        out.append(f"{join_zh(vetoed)}被一票否决，总分计0分。")
    return out


def _adjustment_sentences(assessment: Assessment, result: PeriodResult) -> list[str]:
    out = []
    for adj in assessment.rubric.adjustments:
        hits = [
            (u, d) for u in result.units for d in u.deductions if d.path == adj.path and d.points
        ]
        if hits:
            total = sum((d.points for _, d in hits), Decimal(0))
            units = {u.unit for u, _ in hits}
            # A half-year's or a year's deductions are its quarters', each in full.
            when = "在各季度共" if result.parts else ""
            out.append(
                f"另有{len(units)}个{level_words().unit}因{adj.title}{when}被扣{format_number(total)}分。"
            )
    return out


def _shown(t: TargetResult, value: Fraction) -> str:
    if t.target.scale == "percent":
        return format_percent(value)
    if t.target.scale == "permille":
        return f"{format_number(Decimal(value.numerator) / Decimal(value.denominator) * 1000)}‰"
    return format_number(Decimal(value.numerator) / Decimal(value.denominator))


def _target_text(t: TargetResult) -> str:
    """Each clause in a few words: met or not, how many units qualify against how
    many are needed, and who falls short where that fails the clause; a target
    not judged in the period (engine TargetNotFormed) says why."""
    if t.reason_zh:
        return f"未评判：{t.reason_zh}。"
    parts = []
    for c in t.clauses:
        requirement, _, detail = c.text_zh.partition("：")
        if not c.evaluated:
            reason = detail[detail.find("（") :] if "（" in detail else ""
            parts.append(f"{requirement}，未评价{reason}")
            continue
        counts = f"{c.qualifying}个达标，需{c.needed}个"
        if c.met:
            parts.append(f"{requirement}，达到（{counts}）")
            continue
        short = join_zh(f"{s.name or s.unit}（{_shown(t, s.value)}）" for s in c.short)
        parts.append(f"{requirement}，未达到（{counts}），未达标的是{short}")
    undefined = {u for c in t.clauses for u in c.undefined}
    if undefined:
        names = join_zh(t.names.get(u) or u for u in sorted(undefined))
        parts.append(f"{names}无法计算，不计入")
    return "；".join(parts) + "。"


def _missed_text(t: TargetResult, words: PeriodWords) -> str:
    parts = []
    for c in t.clauses:
        if c.required and c.met is False:
            requirement = c.text_zh.split("：", 1)[0]
            names = join_zh(s.name or s.unit for s in c.short)
            parts.append(f"未达到“{requirement}”的要求，未达标的是{names}")
    return f"{words.this}{'；'.join(parts)}。{words.next}将督促上述{level_words().unit}抓好落实。"


@dataclass(frozen=True)
class Reporting:
    """Reporting completeness for the period: forms due, submitted, and on time."""

    due: int
    submitted: int
    on_time: int

    def text(self, this: str = "本季度") -> str:
        """``this`` names the period (``本季度``, ``本月``, ``上半年``: PeriodWords)."""
        if self.due == 0:
            return f"{this}没有应报的报表。"
        text = f"{this}应报报表{self.due}份，已报{self.submitted}份，上报率{format_percent(Fraction(self.submitted, self.due))}"
        if self.submitted:
            # Over what was due, as on the completeness page (web/core/completeness.py).
            text += f"，其中按时报送{self.on_time}份，及时率{format_percent(Fraction(self.on_time, self.due))}"
        missing = self.due - self.submitted
        return text + (f"；未报{missing}份。" if missing else "。")


def attendance_text(records: Sequence[AttendanceRecord], this: str = "本季度") -> str:
    """``全镇服务日应到490人，知情后自愿不参加3人，实到484人，到位率99.4%；未参加3人，其中迁居外地3人。``

    The rate is over those still to be served (invited less informed declines), and
    declines are told apart from those who did not come."""
    invited = sum(r.invited for r in records)
    attended = sum(r.attended for r in records)
    declined = sum(r.declined for r in records)
    if invited == 0:
        return f"{this}服务日没有应到人员。"
    expected = invited - declined
    rate = format_percent(Fraction(attended, expected)) if expected > 0 else "—"
    told = f"，知情后自愿不参加{declined}人" if declined else ""
    text = f"{level_words().whole}服务日应到{invited}人{told}，实到{attended}人，到位率{rate}"
    absent = invited - attended - declined
    if absent <= 0:
        return text + "。"
    reasons: dict[AbsenceReason, int] = {}
    for r in records:
        for reason, n in r.absent.items():
            reasons[reason] = reasons.get(reason, 0) + n
    listed = [
        f"{reason.label_zh}{reasons[reason]}人" for reason in AbsenceReason if reasons.get(reason)
    ]
    text += f"；未参加{absent}人"
    if listed:
        text += f"，其中{join_zh(listed)}"
    return text + "。"


def follow_up_quarters(p: Period) -> tuple[Period, ...]:
    """The quarters whose follow-ups a summary of ``p`` reports on: those due in
    it, i.e. given by the quarter before each of its quarters (for 2026H1, 2025Q4
    and 2026Q1; for a quarter, the one before it)."""
    if p.is_month:
        return (p.quarter_of().previous(),)
    return tuple(q.previous() for q in p.parts("Q"))


def follow_ups_text(p: Period, lines: Sequence[FollowUpLine]) -> str:
    """A quarter's as the bulletin says it; a half-year's or a year's over the
    quarters that gave them: ``2025年第四季度至2026年第一季度考评下达整改落实事项3项，
    其中已验收2项，逾期1项。``"""
    if p.is_quarter or p.is_month:
        return follow_up_sentence(p, lines)
    quarters = follow_up_quarters(p)
    given = f"{quarters[0].label_zh()}至{quarters[-1].label_zh()}考评"
    if not lines:
        return f"{given}未下达整改落实事项。"
    words = [FOLLOW_UP_STATES.get(f.state, f.state) for f in lines]
    counted = "，".join(f"{w}{words.count(w)}项" for w in FOLLOW_UP_STATES.values() if w in words)
    return f"{given}下达整改落实事项{len(lines)}项，其中{counted}。"


def summary_blocks(
    assessment: Assessment,
    period: Period | str,
    township: str | None = None,
    when: date | None = None,
    charts: bool = True,
    targets: Sequence[TargetResult] = (),
    attendance: Sequence[AttendanceRecord] = (),
    reporting: Reporting | None = None,
    follow_ups: Sequence[FollowUpLine] | None = None,
    campaign: CampaignTitle | None = None,
    level: str = "village",
) -> list[Block]:
    """The summary's paragraphs in order; render with :func:`render`.

    ``level``: the level of the units ranked (``village``, or ``township`` for a
    county's summary: 各乡镇, 全县; documents/_level.py).

    ``campaign``: a campaign's own assessment (专项活动考评): titled with the campaign
    and its dates, its period called 活动期间, no comparison with an earlier period
    (a campaign is assessed once) and 下一步工作重点 in place of next quarter's.

    Optional inputs the assessment does not hold: ``targets``, the quarter's
    evaluated targets (``evaluate_targets``), each under 目标完成情况;
    ``attendance``, the service days' records with absences by reason; and
    ``reporting``, how completely and timely the units reported; ``follow_ups``,
    the previous quarter's follow-ups (as for the bulletin), under 整改落实情况."""
    with at_level(level):
        return _summary_blocks(
            assessment, period, township, when, charts, targets, attendance, reporting,
            follow_ups, campaign,
        )  # fmt: skip


def _summary_blocks(
    assessment: Assessment,
    period: Period | str,
    township: str | None,
    when: date | None,
    charts: bool,
    targets: Sequence[TargetResult],
    attendance: Sequence[AttendanceRecord],
    reporting: Reporting | None,
    follow_ups: Sequence[FollowUpLine] | None,
    campaign: CampaignTitle | None,
) -> list[Block]:
    p = Period.parse(period) if isinstance(period, str) else period
    title = f"{township or ''}{campaign.title if campaign else p.label_zh()}工作总结"
    blocks: list[Block] = [Title(title)]
    result = _result_or_none(assessment, p)
    if result is None:
        blocks.append(
            Para(f"{p.label_zh()}没有考评数据，无法总结{period_words(p).this}工作完成情况。")
        )
        blocks.append(Signature(township, when or date.today()))
        return blocks
    rubric = assessment.rubric
    words = PeriodWords("活动期间", "", "下一步", None) if campaign else period_words(p)
    blocks.append(Para(_opening(assessment, result, campaign)))

    sections = iter(range(len(_NUMERALS)))

    def heading(text: str) -> Heading1:
        return Heading1(f"{_num(next(sections))}、{text}")

    blocks.append(heading("主要工作完成情况"))
    for i, item in enumerate(rubric.items):
        blocks.append(
            Heading2(f"（{_num(i)}）{item.title}。", "".join(item_facts(rubric, item, result)))
        )
    extra_items = len(rubric.items)
    if attendance:
        blocks.append(
            Heading2(
                f"（{_num(extra_items)}）服务日参加情况。", attendance_text(attendance, words.this)
            )
        )
        extra_items += 1
    if reporting is not None:
        blocks.append(
            Heading2(f"（{_num(extra_items)}）信息上报情况。", reporting.text(words.this))
        )
        extra_items += 1
    if follow_ups is not None:
        blocks.append(
            Heading2(f"（{_num(extra_items)}）整改落实情况。", follow_ups_text(p, follow_ups))
        )

    judged = [t for t in targets if t.applicable]
    if judged:
        blocks.append(heading("目标完成情况"))
        for i, t in enumerate(judged):
            blocks.append(Heading2(f"（{_num(i)}）{t.target.title}。", _target_text(t)))
    if campaign is None:
        compared = words.previous + (f"和{words.last_year}" if words.last_year else "")
        blocks.append(heading(f"与{compared}比较"))
        comparisons = _comparisons(assessment, result)
        blocks.append(Para("".join(comparisons)))
    if charts and campaign is None and len(assessment.periods) > 1:
        whole = level_words().whole
        caption = f"{whole}各季度平均得分" if p.is_quarter else f"{whole}各期平均得分"
        blocks.append(Picture(trend_chart_png(assessment), 140, caption))

    blocks.append(heading("存在的问题"))
    weak = weakest_items(assessment, result)[:WEAK_ITEMS]
    if weak:
        # Each item in a clause of its own, not in brackets: the units' word may hold
        # brackets itself (村（居）, 县（市、区）), and （…3个村（居））would double them.
        listed = "；".join(
            f"{w.item.title}，失分{format_number(w.lost)}分，涉及{len(w.by_unit)}个{level_words().unit}"
            for w in weak
        )
        blocks.append(Para(f"从失分情况看，{level_words().whole}失分最多的项目依次是：{listed}。"))
    else:
        blocks.append(Para(f"{words.this}各{level_words().unit}各项目均未失分。"))
    extra = _adjustment_sentences(assessment, result)
    if extra:
        blocks.append(Para("".join(extra)))
    blocks.append(Para("".join(_weak_units(result))))
    if charts:
        blocks.append(
            Picture(heatmap_png(assessment, result), 150, f"各{level_words().unit}分项得分")
        )

    blocks.append(heading("下一步工作重点" if campaign else f"{p.next().label_zh()}工作重点"))
    if not weak and not any(t.met is False for t in judged):
        blocks.append(Para(f"各项工作继续按照《{rubric.name}》的要求抓好落实。"))
    for i, w in enumerate(weak):
        names = join_zh(f"{name}（失分{format_number(lost)}分）" for name, lost in w.by_unit[:3])
        text = f"{words.this}该项{level_words().whole}失分{format_number(w.lost)}分，失分较多的是{names}。"
        aims = [target_text(pair) for pair in rate_pairs(rubric, w.item) if pair.rule.full_at]
        text += f"{words.next}将督促上述{level_words().unit}对照考评细则逐项整改"
        text += f"，力争{join_zh(aims)}。" if aims else "。"
        blocks.append(Heading2(f"（{_num(i)}）{w.item.title}。", text))
    missed = [t for t in judged if t.met is False]
    for j, t in enumerate(missed, start=len(weak)):
        blocks.append(Heading2(f"（{_num(j)}）{t.target.title}。", _missed_text(t, words)))
    blocks.append(Signature(township, when or date.today()))
    return blocks
