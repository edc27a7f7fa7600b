"""会议纪要: the minutes of a township meeting in the official layout (``_layout``),
built from plain records so that this layer stays free of the web app."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from ..engine import format_date_zh
from ._blocks import Block, Heading1, Para, Signature, TableBlock, Title
from ._format import join_zh

__all__ = ["MinutesAttendee", "MinutesFollowUp", "MinutesRecord", "minutes_blocks"]

_NUMERALS = "一二三四五六七八九十"


@dataclass(frozen=True)
class MinutesAttendee:
    name: str
    role: str = ""
    present: bool = True
    reason: str = ""


@dataclass(frozen=True)
class MinutesFollowUp:
    """A follow-up the meeting handled, as the follow-up list says it."""

    unit: str
    kind: str
    who: str
    due: date
    state: str


@dataclass(frozen=True)
class MinutesRecord:
    township: str
    kind: str  # 镇级例会, 分析会, 调度会, 党政联席会议
    day: date
    title: str = ""
    place: str = ""
    chair: str = ""
    recorder: str = ""
    attendees: Sequence[MinutesAttendee] = ()
    agenda: Sequence[str] = ()
    decisions: Sequence[str] = ()
    follow_ups: Sequence[MinutesFollowUp] = ()
    # One line per assessment approved, e.g. "2026年第三季度考评（第1版），审定人：李四"
    approvals: Sequence[str] = field(default_factory=tuple)


def _person(a: MinutesAttendee) -> str:
    return f"{a.name}（{a.role}）" if a.role else a.name


def minutes_blocks(m: MinutesRecord) -> list[Block]:
    """The minutes' blocks: the meeting in one sentence, who came and who did not
    (with the reason), the agenda, what was decided, the follow-ups it handled and,
    for a joint meeting, what it approved."""
    title = m.title or f"{m.township}{m.kind}"
    blocks: list[Block] = [Title(f"{title}纪要")]
    where = f"在{m.place}" if m.place else ""
    chaired = f"，{m.chair}主持" if m.chair else ""
    blocks.append(
        Para(
            f"{format_date_zh(m.day)}，{m.township}{where}召开{m.kind}{chaired}。现将会议情况纪要如下。"
        )
    )
    sections: list[tuple[str, list[Block]]] = []
    present = [a for a in m.attendees if a.present]
    absent = [a for a in m.attendees if not a.present]
    people: list[Block] = [
        Para(f"出席：{join_zh(_person(a) for a in present)}。" if present else "出席：无记录。")
    ]
    if absent:
        people.append(Para(f"缺席：{join_zh(f'{_person(a)}，{a.reason}' for a in absent)}。"))
    sections.append(("参会人员", people))
    if m.agenda:
        sections.append(("会议议程", [Para(f"{i}. {line}") for i, line in enumerate(m.agenda, 1)]))
    sections.append(
        (
            "议定事项",
            [Para(f"{i}. {line}") for i, line in enumerate(m.decisions, 1)]
            or [Para("本次会议未形成议定事项。")],
        )
    )
    if m.follow_ups:
        rows = tuple(
            (str(i), f.unit, f.kind, f.who, f.due.isoformat(), f.state)
            for i, f in enumerate(m.follow_ups, 1)
        )
        sections.append(
            (
                "研究的整改落实事项",
                [
                    Para(f"会议研究整改落实事项{len(m.follow_ups)}项，明细如下："),
                    TableBlock(
                        ("序号", "村（居）", "要求", "责任人", "期限", "状态"),
                        rows,
                        (12, 30, 30, 32, 26, 26),
                        left_columns=(3,),
                    ),
                ],
            )
        )
    if m.approvals:
        sections.append(("审定事项", [Para(f"会议审定{line}。") for line in m.approvals]))
    for i, (heading, body) in enumerate(sections):
        number = _NUMERALS[i] if i < len(_NUMERALS) else str(i + 1)
        blocks.append(Heading1(f"{number}、{heading}"))
        blocks.extend(body)
    if m.recorder:
        blocks.append(Para(f"记录人：{m.recorder}"))
    blocks.append(Signature(m.township, m.day))
    return blocks
