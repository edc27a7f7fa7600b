"""目标责任书: a responsibility letter between the township (甲方) and a village or
work area (乙方), its clauses numbered in Chinese numerals and a signature block
with seals (盖章), signatures (签字) and dates. After acceptance, a result section
says which clauses were met."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from ..engine import format_date_zh
from ._blocks import Block, Heading1, Para, TableBlock, Title

__all__ = ["LetterClause", "LetterParty", "chinese_numeral", "letter_blocks"]

_DIGITS = "零一二三四五六七八九"


def chinese_numeral(n: int) -> str:
    """1..99 as written before a clause: 一, 十, 十一, 二十, 九十九."""
    if not 1 <= n <= 99:
        raise ValueError(f"clause number {n} outside 1..99")
    tens, ones = divmod(n, 10)
    if tens == 0:
        return _DIGITS[ones]
    head = "" if tens == 1 else _DIGITS[tens]
    return head + "十" + (_DIGITS[ones] if ones else "")


@dataclass(frozen=True)
class LetterParty:
    """One side of the letter: its name (with seal) and who signs for it."""

    label: str  # 甲方 / 乙方
    name: str
    signers: Sequence[tuple[str, str]] = field(default_factory=tuple)  # (role label, name)


@dataclass(frozen=True)
class LetterClause:
    text: str
    result: str | None = None  # 已完成 / 未完成 and why, after acceptance


def letter_blocks(
    title: str,
    party_a: LetterParty,
    party_b: LetterParty,
    clauses: Sequence[LetterClause],
    signed_on: date | None,
    preamble: str | None = None,
    accepted_on: date | None = None,
    overall: str | None = None,
) -> list[Block]:
    blank = "    年  月  日"
    when = format_date_zh(signed_on) if signed_on else blank
    blocks: list[Block] = [
        Title("目标责任书"),
        Para(f"{party_a.label}：{party_a.name}"),
        Para(f"{party_b.label}：{party_b.name}"),
        Para(
            preamble or f"为做好{title}，经{party_a.label}、{party_b.label}协商，签订本目标责任书。"
        ),
        Heading1("一、目标任务"),
    ]
    for i, c in enumerate(clauses, 1):
        blocks.append(Para(f"（{chinese_numeral(i)}）{c.text}"))
    blocks.append(Heading1("二、考核验收"))
    blocks.append(
        Para(
            "活动结束后，由甲方逐条验收：有数据的条款以考评数据为准，"
            "书面承诺由验收人员作出判断并写明理由。验收结果作为讲评兑现的依据。"
        )
    )
    if accepted_on is not None:
        for i, c in enumerate(clauses, 1):
            blocks.append(Para(f"（{chinese_numeral(i)}）{c.result or '未验收'}"))
        if overall:
            blocks.append(Para(f"验收日期：{format_date_zh(accepted_on)}。验收结果：{overall}。"))
    blocks.append(Heading1("三、其他"))
    blocks.append(Para("本责任书一式两份，甲乙双方各执一份，自签订之日起生效。"))

    def side(p: LetterParty) -> list[str]:
        lines = [f"{p.label}（盖章）：{p.name}"]
        lines += [f"{role}（签字）：{name}" for role, name in p.signers] or ["负责人（签字）："]
        return [*lines, f"日期：{when}"]

    left, right = side(party_a), side(party_b)
    height = max(len(left), len(right))
    # Both dates on the last line, as on the paper.
    left = [*left[:-1], *[""] * (height - len(left)), left[-1]]
    right = [*right[:-1], *[""] * (height - len(right)), right[-1]]
    rows: list[tuple[str, str]] = []
    for i in range(height):
        # A blank line between lines leaves room to sign and seal by hand.
        rows.append((left[i] if i < len(left) else "", right[i] if i < len(right) else ""))
        if i < height - 1:
            rows.append(("", ""))
    blocks.append(
        TableBlock(("", ""), tuple(rows), (80.0, 80.0), left_columns=(0, 1), size=14, ruled=False)
    )
    return blocks
