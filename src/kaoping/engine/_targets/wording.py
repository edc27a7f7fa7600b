"""How a judged clause reads, in English and Chinese: the sentence ``kaoping
targets``, the web pages and the reminders show for it.

The units a clause counts are named by the level judged, as the documents name
them (documents/_level.py): ``village`` (a township's targets of its villages,
the default) says 所有单位, ``township`` (a county's targets of its townships)
says 各乡镇 and 三分之二的乡镇."""

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

__all__ = ["TARGET_LEVELS", "TARGET_WORDING", "clause_label", "clause_texts"]

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
# What a clause asks, one whole entry per language with named places (as
# kaoping.engine.WORDING words the explanations): the CLI's sentences begin with it
# and the web's targets page shows it in the reader's language.
# tests/engine/test_targets_wording.py checks both languages have the same keys and places.
TARGET_WORDING: Mapping[str, Mapping[str, str]] = {
    "zh": {
        "every_unit": "所有单位{cond}",
        "share_of_units": "{share}的单位{cond}",
        "spot_checked_units": "抽查单位{cond}",
        "aim_spot_checked": "抽查单位（力争）{cond}",
        "every_township": "各乡镇{cond}",
        "share_of_townships": "{share}的乡镇{cond}",
        "spot_checked_townships": "抽查乡镇{cond}",
        "aim_spot_checked_townships": "抽查乡镇（力争）{cond}",
        ">=": "达{value}以上",
        ">": "高于{value}",
        "<=": "不高于{value}",
        "<": "低于{value}",
    },
    "en": {
        "every_unit": "every unit {cond}",
        "share_of_units": "at least {share} of units {cond}",
        "spot_checked_units": "spot-checked units {cond}",
        "aim_spot_checked": "spot-checked units (aim) {cond}",
        "every_township": "every township {cond}",
        "share_of_townships": "at least {share} of townships {cond}",
        "spot_checked_townships": "spot-checked townships {cond}",
        "aim_spot_checked_townships": "spot-checked townships (aim) {cond}",
        ">=": "at or above {value}",
        ">": "above {value}",
        "<=": "at or below {value}",
        "<": "below {value}",
    },
}

_KINDS = ("every_unit", "share_of_units", "spot_checked_units", "aim_spot_checked")
#: The levels whose units a clause may count, and the entry of TARGET_WORDING each
#: clause kind reads at that level.
TARGET_LEVELS: Mapping[str, Mapping[str, str]] = {
    "village": {k: k for k in _KINDS},
    "township": {
        "every_unit": "every_township",
        "share_of_units": "share_of_townships",
        "spot_checked_units": "spot_checked_townships",
        "aim_spot_checked": "aim_spot_checked_townships",
    },
}


def _entry(kind: str, level: str) -> str:
    try:
        return TARGET_LEVELS[level][kind]
    except KeyError:
        raise ValueError(
            f"no target wording for units of level {level!r} (have: {', '.join(TARGET_LEVELS)})"
        ) from None


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


def clause_label(
    kind: str,
    comparison: Comparison,
    share: Fraction | None,
    scale: str,
    lang: str = "zh",
    level: str = "village",
) -> str:
    """What a clause asks (``三分之二的单位达90%以上``, ``at least 2/3 of units at or
    above 90%``), in ``lang`` (``zh`` or ``en``), of the units of ``level``
    (``township``: ``各乡镇达67%以上``, ``every township at or above 67%``)."""
    entry = _entry(kind, level)
    try:
        w = TARGET_WORDING[lang]
    except KeyError:
        raise ValueError(
            f"no wording for language {lang!r} (have: {', '.join(TARGET_WORDING)})"
        ) from None
    cond = w[comparison.op].format(value=format_scaled(comparison.threshold, scale))
    if lang == "zh":
        shown = _share_zh(share or Fraction(1))
    else:
        shown = str(share)
    return w[entry].format(cond=cond, share=shown)


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
    level: str = "village",
) -> tuple[str, str]:
    """The clause's sentence in English and in Chinese; ``met`` None: not evaluated;
    ``level``: the level of the units counted (clause_label)."""
    label = clause_label(kind, comparison, share, scale, "en", level)
    label_zh = clause_label(kind, comparison, share, scale, "zh", level)
    if met is None:
        why = "no spot-checked units given" if not units_given else "no unit has a value"
        why_zh = "未指定抽查单位" if not units_given else "没有单位有可计算的数值"
        return f"{label}: not evaluated ({why})", f"{label_zh}：未评价（{why_zh}）"
    verdict = "met" if met else "not met"
    verdict_zh = "达到" if met else "未达到"
    if not required:
        verdict += " (aim, not required)"
        verdict_zh += "（力争目标，不作要求）"
    text = f"{label}: {verdict}, {qualifying} of {considered} qualify, {needed} needed"
    text_zh = f"{label_zh}：{verdict_zh}，{qualifying}个达标，需{needed}个（共{considered}个）"
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
