"""How a judged clause reads, in English and Chinese: the sentence ``kaoping
targets``, the web pages and the reminders show for it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction

from .._format import (
    format_gap,
    format_gap_zh,
    format_number,
    format_scaled,
    format_scaled_fixed,
)
from .model import Comparison, Shortfall

__all__ = ["clause_texts"]

_FRACTION_ZH = {
    1: "一",
    2: "二",
    3: "三",
    4: "四",
    5: "五",
    6: "六",
    7: "七",
    8: "八",
    9: "九",
    10: "十",
}
_OP_ZH = {">=": "达{}以上", ">": "高于{}", "<=": "不高于{}", "<": "低于{}"}
_OP = {">=": "at or above {}", ">": "above {}", "<=": "at or below {}", "<": "below {}"}


def _share_zh(share: Fraction) -> str:
    if share == 1:
        return "全部"
    n, d = share.numerator, share.denominator
    if d in _FRACTION_ZH and n in _FRACTION_ZH:
        return f"{_FRACTION_ZH[d]}分之{_FRACTION_ZH[n]}"
    return f"{format_number(share * 100, 2)}%"


def _unit_label(unit: str, names: Mapping[str, str | None]) -> str:
    n = names.get(unit)
    return f"{unit} {n}" if n else unit


def clause_texts(
    *,
    kind: str,
    comparison: Comparison,
    share: Fraction | None,
    required: bool,
    scale: str,
    if_undefined: str,
    met: bool | None,
    considered: int,
    qualifying: int,
    needed: int,
    units_given: bool,
    short: Sequence[Shortfall],
    undefined: Sequence[str],
    names: Mapping[str, str | None],
) -> tuple[str, str]:
    """The clause's sentence in English and in Chinese; ``met`` None: not evaluated."""
    cond = _OP[comparison.op].format(format_scaled(comparison.threshold, scale))
    cond_zh = _OP_ZH[comparison.op].format(format_scaled(comparison.threshold, scale))
    label = {
        "every_unit": "every unit",
        "share_of_units": f"at least {share} of units",
        "spot_checked_units": "spot-checked units",
        "aim_spot_checked": "spot-checked units (aim)",
    }[kind]
    label_zh = {
        "every_unit": "所有单位",
        "share_of_units": f"{_share_zh(share or Fraction(1))}的单位",
        "spot_checked_units": "抽查单位",
        "aim_spot_checked": "抽查单位（力争）",
    }[kind]
    if met is None:
        why = "no spot-checked units given" if not units_given else "no unit has a value"
        why_zh = "未指定抽查单位" if not units_given else "没有单位有可计算的数值"
        return f"{label} {cond}: not evaluated ({why})", f"{label_zh}{cond_zh}：未评价（{why_zh}）"
    verdict = "met" if met else "not met"
    verdict_zh = "达到" if met else "未达到"
    if not required:
        verdict += " (aim, not required)"
        verdict_zh += "（力争目标，不作要求）"
    text = f"{label} {cond}: {verdict}, {qualifying} of {considered} qualify, {needed} needed"
    text_zh = (
        f"{label_zh}{cond_zh}：{verdict_zh}，{qualifying}个达标，需{needed}个（共{considered}个）"
    )
    if short:
        text += "; short: " + ", ".join(
            f"{_unit_label(s.unit, names)} {format_scaled_fixed(s.value, scale)} "
            f"({format_gap(s.gap_points, scale)})"
            for s in short
        )
        text_zh += "；未达标：" + "，".join(
            f"{_unit_label(s.unit, names)} {format_scaled_fixed(s.value, scale)}"
            f"（差{format_gap_zh(s.gap_points, scale)}）"
            for s in short
        )
    if undefined:
        how = "counted as short" if if_undefined == "fail" else "not counted"
        how_zh = "按未达标计" if if_undefined == "fail" else "不计入"
        text += f"; no value ({how}): {', '.join(_unit_label(u, names) for u in undefined)}"
        text_zh += f"；无法计算（{how_zh}）：{'，'.join(_unit_label(u, names) for u in undefined)}"
    return text, text_zh
