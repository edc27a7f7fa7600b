"""季度考评通报: the assessment bulletin, and its Excel annex of every deduction."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from ..engine import (
    Absorbed,
    Action,
    Assessment,
    Period,
    PeriodResult,
    Rubric,
    UnitResult,
    format_number,
    reading_order,
)
from ._blocks import (
    Addressee,
    Block,
    Heading1,
    Heading2,
    Label,
    Landscape,
    Note,
    Para,
    Picture,
    Signature,
    TableBlock,
    Title,
)
from ._campaign import CampaignTitle
from ._charts import ranking_chart_png
from ._format import join_zh, role_label
from ._level import at_level
from ._level import words as level_words

__all__ = [
    "ANNEX_HEADERS",
    "FOLLOW_UP_STATES",
    "FollowUpLine",
    "MissingPerson",
    "annex_headers",
    "annex_rows",
    "bulletin_blocks",
    "follow_up_sentence",
    "missing_people",
    "money_rows",
    "ranking_rows",
    "subject_of",
]

ANNEX_HEADERS = ("名次", "单位代码", "村（居）", "项目", "类别", "分值", "说明")


def annex_headers() -> tuple[str, ...]:
    """ANNEX_HEADERS in the words of the level drawn (乡镇 in a county's annex)."""
    return tuple(level_words().unit if h == "村（居）" else h for h in ANNEX_HEADERS)


_GROUP_WORDS = {"top": "前", "bottom": "后"}

#: The bulletin's word for each state of a follow-up; ``overdue`` is the caller's
#: to decide (due date passed on the bulletin's date and not yet verified).
FOLLOW_UP_STATES = {
    "verified": "已验收",
    "reported": "已报告",
    "open": "未完成",
    "overdue": "逾期",
    "superseded": "已撤销",
}


@dataclass(frozen=True)
class FollowUpLine:
    """One follow-up of the previous quarter, as plain data: the documents know
    nothing of where follow-ups are kept."""

    unit: str
    kind: str
    person: str
    due: date
    state: str  # a key of FOLLOW_UP_STATES


def subject_of(rubric: Rubric) -> str:
    """What the rubric assesses, from its name: 村级人口与家庭服务工作季度考评细则
    -> 村级人口与家庭服务工作."""
    name = rubric.name.strip()
    for suffix in ("季度考评细则", "考评细则", "考核细则", "考评办法", "细则"):
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name


def _adjusted(u: UnitResult, rubric: Rubric) -> Decimal:
    """Bonuses minus adjustment deductions, as shown in the ranking table."""
    plus = sum((b.points for b in u.bonuses), Decimal(0))
    minus = sum((d.points for d in u.deductions if d.path.startswith("adjustments.")), Decimal(0))
    return plus - minus


def ranking_rows(
    assessment: Assessment, result: PeriodResult
) -> tuple[tuple[str, ...], list[tuple[str, ...]]]:
    """Headers and rows of the ranking table: rank, unit, total, every top-level item
    (and the adjustments when the rubric has any)."""
    rubric = assessment.rubric
    headers = ["名次", level_words().unit, f"总分（{format_number(rubric.total)}）"]
    headers += [f"{n.title}（{format_number(n.max)}）" for n in rubric.items]
    if rubric.adjustments:
        headers.append("加减分")
    rows = []
    for u in result.units:
        row = [
            str(u.rank),
            u.display_name + ("（否决）" if u.vetoed else ""),
            format_number(u.total),
        ]
        row += [format_number(u.scores.get(n.path, Decimal(0))) for n in rubric.items]
        if rubric.adjustments:
            adj = _adjusted(u, rubric)
            row.append(("+" if adj > 0 else "") + format_number(adj))
        rows.append(tuple(row))
    return tuple(headers), rows


def _title_of(assessment: Assessment, path: str) -> str:
    if path.startswith("adjustments."):
        code = path.split(".", 1)[1]
        for a in assessment.rubric.adjustments:
            if a.id == code:
                return a.title
        return path
    parts = path.split(".")
    titles = []
    for i in range(len(parts)):
        try:
            titles.append(assessment.rubric.node(".".join(parts[: i + 1])).title)
        except KeyError:
            titles.append(parts[i])
    return "—".join(titles)


def annex_rows(assessment: Assessment, result: PeriodResult) -> list[tuple[object, ...]]:
    """Every deduction and bonus of the quarter, by rank: the Excel annex."""
    rows: list[tuple[object, ...]] = []
    for u in result.units:
        # A parent's cap that absorbed some of its parts' losses gives those points
        # back in a row of its own, after them: an item's rows add up to its loss.
        for d in reading_order(assessment.rubric, u.deductions, u.absorbed):
            if isinstance(d, Absorbed):
                rows.append(
                    (
                        u.rank,
                        u.unit,
                        u.display_name,
                        _title_of(assessment, d.path),
                        "封顶不计" if d.points > 0 else "扣分",
                        d.points,
                        d.text,
                    )
                )
                continue
            rows.append(
                (
                    u.rank,
                    u.unit,
                    u.display_name,
                    _title_of(assessment, d.path),
                    "扣分",
                    -d.points,
                    d.text,
                )
            )
        for b in u.bonuses:
            rows.append(
                (
                    u.rank,
                    u.unit,
                    u.display_name,
                    _title_of(assessment, b.path),
                    "加分",
                    b.points,
                    b.text,
                )
            )
    return rows


@dataclass(frozen=True)
class MissingPerson:
    unit: str
    role: str


_WITHHELD_WORDS = {"ineligible": "已取消评优资格", "veto": "一票否决"}


# With a people file, a role nobody held on the quarter's last day is a vacancy,
# not a missing record; without one, no name is on record at all.
VACANT = "季末无人在任"
UNRECORDED = "未登记"


def _person(a: Action, has_people: bool) -> str:
    if a.person:
        return a.person
    return VACANT if has_people else UNRECORDED


def money_rows(result: PeriodResult, has_people: bool) -> list[tuple[str, ...]]:
    """序号, 村（居）, 职务, 姓名, 事项, 金额: every action that carries an amount."""
    rows: list[tuple[str, ...]] = []
    for u in result.units:
        for a in u.actions:
            if a.amount is None:
                continue
            rows.append(
                (
                    str(len(rows) + 1),
                    u.display_name,
                    role_label(a.to),
                    _person(a, has_people),
                    a.kind,
                    format_number(a.amount),
                )
            )
    return rows


def missing_people(result: PeriodResult) -> list[MissingPerson]:
    """Actions addressed to a role nobody held: their awards or fines cannot be paid."""
    out = []
    seen = set()
    for u in result.units:
        for a in u.actions:
            if a.to not in ("unit", "area") and not a.person and (u.unit, a.to) not in seen:
                seen.add((u.unit, a.to))
                out.append(MissingPerson(u.display_name, role_label(a.to)))
    return out


def _target(u: UnitResult, a: Action, has_people: bool) -> str:
    if a.to == "unit":
        return u.display_name
    who = a.person or (f"（{VACANT}）" if has_people else "")
    return f"{role_label(a.to)}{who}"


def _group_paragraphs(
    assessment: Assessment,
    result: PeriodResult,
    has_people: bool,
    this: str = "本季度",
    streak_word: str = "个季度",
) -> list[Block]:
    rubric = assessment.rubric
    blocks: list[Block] = []
    index = 0
    for group, size in (("top", rubric.ranking.top), ("bottom", rubric.ranking.bottom)):
        units = [u for u in result.units if u.group == group]
        if not units or not size:
            continue
        word = f"{_GROUP_WORDS[group]}{size}名"
        listed = join_zh(
            f"{u.display_name}（第{u.rank}名，{format_number(u.total)}分）" for u in units
        )
        text = f"{listed}位列{word}。"
        streaks = [u for u in units if u.streak > 1]
        if streaks:
            runs = join_zh(
                f"{join_zh(u.display_name for u in streaks if u.streak == s)}连续{s}{streak_word}"
                for s in sorted({u.streak for u in streaks})
            )
            text += f"其中{runs}位列{word}。"
        # Actions without an amount, grouped by kind in the order the rubric gives them.
        kinds: dict[str, list[str]] = {}
        for u in units:
            by_kind: dict[str, list[str]] = {}
            for a in u.actions:
                # A withheld award has no amount but is not given: said apart, below.
                if a.amount is None and a.withheld is None:
                    by_kind.setdefault(a.kind, []).append(_target(u, a, has_people))
            for kind, targets in by_kind.items():
                unit_first = [t for t in targets if t == u.display_name]
                roles = [t for t in targets if t != u.display_name]
                if unit_first and roles:
                    entry = f"{u.display_name}及其{join_zh(roles)}"
                elif unit_first:
                    entry = u.display_name
                else:
                    entry = f"{u.display_name}{join_zh(roles)}"
                kinds.setdefault(kind, []).append(entry)
        for kind, entries in kinds.items():
            text += f"{kind}：{'；'.join(entries)}。"
        heading = "表扬" if group == "top" else "批评"
        blocks.append(Heading2(f"（{'一二'[index]}）{heading}。", text))
        index += 1
    if not blocks:
        blocks.append(Para(f"{this}无{level_words().unit}进入表扬或批评范围。"))
    return blocks


def bulletin_blocks(
    assessment: Assessment,
    period: Period | str,
    township: str | None = None,
    when: date | None = None,
    has_people: bool = True,
    annex_name: str | None = None,
    charts: bool = True,
    follow_ups: Sequence[FollowUpLine] = (),
    campaign: CampaignTitle | None = None,
    level: str = "village",
) -> list[Block]:
    """The bulletin's blocks in order; render with :func:`render`.

    ``level``: the level of the units ranked, as ``kaoping score --level`` names
    it: ``village`` (各村（居）, 全镇) or ``township`` for a county's bulletin of its
    townships (各乡镇, 全县; documents/_level.py).

    ``campaign``: the assessment is a campaign's own (专项活动考评): the title, the
    opening and the annexes name the campaign and its dates instead of the quarter,
    and 本季度 reads 本次活动.

    ``has_people`` says whether the assessment was made with a people file: without
    one, awards and fines are listed by role and the text says names will follow;
    with one, a role nobody held is listed under 待核实后兑现. ``annex_name`` is the
    Excel annex's file name, quoted in the 附件 line. ``follow_ups`` are the
    previous quarter's follow-ups; when there are any, a section 上季度整改落实情况
    lists them."""
    with at_level(level):
        return _bulletin_blocks(
            assessment, period, township, when, has_people, annex_name, charts, follow_ups,
            campaign,
        )  # fmt: skip


def _bulletin_blocks(
    assessment: Assessment,
    period: Period | str,
    township: str | None,
    when: date | None,
    has_people: bool,
    annex_name: str | None,
    charts: bool,
    follow_ups: Sequence[FollowUpLine],
    campaign: CampaignTitle | None,
) -> list[Block]:
    p = Period.parse(period) if isinstance(period, str) else period
    rubric = assessment.rubric
    label = campaign.title if campaign is not None else p.label_zh()
    # A month assessed monthly (按月考评) says 本月 where a quarter says 本季度.
    monthly = campaign is None and p.is_month
    this = "本次活动" if campaign is not None else "本月" if monthly else "本季度"
    title = (
        f"关于{campaign.title}考评情况的通报"
        if campaign is not None
        else f"关于{label}{subject_of(rubric)}考评情况的通报"
    )
    blocks: list[Block] = [Title(title)]
    try:
        result: PeriodResult | None = assessment.period(p)
    except KeyError:
        result = None
    if result is None or not len(result.units):
        blocks.append(Addressee(f"各{level_words().unit}："))
        blocks.append(Para(f"{label}没有考评数据，本期不作考评通报。"))
        blocks.append(Signature(township, when or date.today()))
        return blocks

    areas = any(u.area for u in result.units)
    blocks.append(Addressee(f"各{level_words().unit}" + ("、各片：" if areas else "：")))
    n = len(result.units)
    blocks.append(
        Para(
            f"根据《{rubric.name}》，对{level_words().whole}{n}个{level_words().unit}"
            + (
                f"在{campaign.label}中的工作进行了考评。"
                if campaign is not None
                else f"{label}工作进行了考评。"
            )
            + "现将考评情况通报如下："
        )
    )
    blocks.append(Heading1("一、考评结果"))
    average = sum((u.total for u in result.units), Decimal(0)) / n
    first = [u for u in result.units if u.rank == 1]
    last_rank = result.units[-1].rank
    last = [u for u in result.units if u.rank == last_rank]
    text = (
        f"{level_words().whole}平均得分{format_number(average)}分。第1名为{join_zh(u.display_name for u in first)}"
        f"（{format_number(first[0].total)}分），"
        f"最后一名为{join_zh(u.display_name for u in last)}（{format_number(last[0].total)}分）。"
        f"各{level_words().unit}得分和名次见附件1。"
    )
    vetoed = [u.display_name for u in result.units if u.vetoed]
    if vetoed:
        text += f"{join_zh(vetoed)}被一票否决，总分计0分。"
    blocks.append(Para(text))
    if charts:
        blocks.append(Picture(ranking_chart_png(result), 140, f"{label}考评得分排名"))

    blocks.append(Heading1("二、表扬和批评"))
    blocks.extend(
        _group_paragraphs(assessment, result, has_people, this, "个月" if monthly else "个季度")
    )

    blocks.append(Heading1("三、奖惩兑现"))
    money = money_rows(result, has_people)
    missing = missing_people(result)
    if money:
        totals: dict[str, Decimal] = {}
        counts: dict[str, int] = {}
        for u in result.units:
            for a in u.actions:
                if a.amount is not None:
                    totals[a.kind] = totals.get(a.kind, Decimal(0)) + a.amount
                    counts[a.kind] = counts.get(a.kind, 0) + 1
        summary = "，".join(
            f"{kind}{counts[kind]}人次，共{format_number(total)}元"
            for kind, total in totals.items()
        )
        blocks.append(Para(f"根据考评细则，{this}{summary}。明细如下："))
        blocks.append(
            TableBlock(
                ("序号", level_words().unit, "职务", "姓名", "事项", "金额（元）"),
                tuple(money),
                (12, 30, 28, 30, 28, 28),
            )
        )
    else:
        blocks.append(Para(f"{this}无奖励和罚款事项。"))
    withheld = [
        f"{u.display_name}{'' if a.to == 'unit' else _target(u, a, has_people)}{a.kind}"
        f"（{_WITHHELD_WORDS.get(a.withheld, a.withheld)}）"
        for u in result.units
        for a in u.actions
        if a.withheld is not None
    ]
    if withheld:
        blocks.append(Para(f"以下表扬和奖励不予兑现：{'；'.join(withheld)}。"))
    carried = [
        f"{u.display_name}{c.kind}（{c.period.label_zh()}）"
        for u in result.units
        for c in u.carried
    ]
    if carried:
        blocks.append(Para(f"上年度结转：{'；'.join(carried)}。"))
    if not has_people and any(u.actions for u in result.units):
        blocks.append(Para("未提供人员名单，奖惩对象按职务列出，姓名待核实后补充。"))
    elif missing:
        listed = join_zh(f"{m.unit}{m.role}" for m in missing)
        when_ = "活动结束时" if campaign is not None else f"{this}末"
        blocks.append(Para(f"以下职务{when_}无人在任，相应奖惩待明确责任人后兑现：{listed}。"))

    if follow_ups:
        blocks.extend(_follow_up_blocks(p, follow_ups))

    blocks.append(Para(f"希望各{level_words().unit}对照《{rubric.name}》查找差距，抓好整改落实。"))
    blocks.append(Para(""))
    blocks.append(Note(f"附件：1．{label}考评得分和名次表"))
    blocks.append(
        Note(
            f"　　　2．{label}考评扣分明细表"
            + (f"（Excel文件：{annex_name}）" if annex_name else "（Excel文件）")
        )
    )
    blocks.append(Signature(township, when or date.today()))

    headers, rows = ranking_rows(assessment, result)
    blocks.append(Landscape())
    blocks.append(Label("附件1"))
    blocks.append(Title(f"{label}考评得分和名次表", blank_after=False))
    fixed = (11.0, 22.0, 16.0)
    rest = 225 - sum(fixed)
    item_w = rest / (len(headers) - len(fixed))
    blocks.append(
        TableBlock(headers, tuple(rows), fixed + (item_w,) * (len(headers) - len(fixed)), size=8)
    )
    return blocks


def follow_up_sentence(p: Period, lines: Sequence[FollowUpLine]) -> str:
    """``2026年第三季度考评下达整改落实事项4项，其中已验收1项，已报告1项，未完成1项，逾期1项。``
    for the quarter ``p`` follows: the bulletin's 四、上季度整改落实情况 and the work
    summary's 整改落实情况 say it alike."""
    if not lines:
        return f"{p.previous().label_zh()}考评未下达整改落实事项。"
    words = [FOLLOW_UP_STATES.get(f.state, f.state) for f in lines]
    counted = "，".join(f"{w}{words.count(w)}项" for w in FOLLOW_UP_STATES.values() if w in words)
    return f"{p.previous().label_zh()}考评下达整改落实事项{len(lines)}项，其中{counted}。"


def _follow_up_blocks(p: Period, lines: Sequence[FollowUpLine]) -> list[Block]:
    words = [FOLLOW_UP_STATES.get(f.state, f.state) for f in lines]
    rows = tuple(
        (str(i), f.unit, f.kind, f.person or "—", f.due.isoformat(), w)
        for i, (f, w) in enumerate(zip(lines, words, strict=True), 1)
    )
    return [
        Heading1(f"四、{'上月' if p.is_month else '上季度'}整改落实情况"),
        Para(follow_up_sentence(p, lines) + "明细如下："),
        TableBlock(
            ("序号", level_words().unit, "整改要求", "责任人", "期限", "落实情况"),
            rows,
            (12, 30, 30, 30, 28, 26),
        ),
    ]
