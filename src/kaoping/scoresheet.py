"""An assessed period as the score sheet: JSON (RUBRIC.md §7), a table for a
person's eyes, and rows for xlsx/csv filing."""

from __future__ import annotations

import functools
import json
import unicodedata
from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any

from .engine import (
    Absorbed,
    Action,
    PeriodResult,
    Rubric,
    UnitResult,
    format_date_zh,
    format_number,
    reading_order,
    role_label,
    to_shown,
)

__all__ = [
    "GROUP_LABELS",
    "action_rows",
    "deduction_rows",
    "explanation_texts",
    "ranking_rows",
    "ranking_table",
    "render_table",
    "to_json",
    "to_json_obj",
]

GROUP_LABELS = {"top": "前列", "bottom": "后列"}

# A province's ranking writes a few distinct scores a million times: each is
# rounded once (equal decimals round alike, so the cache cannot mix them up).
_shown = functools.lru_cache(maxsize=1 << 16)(to_shown)
WITHHELD_LABELS = {"ineligible": "不予兑现：已取消评优资格", "veto": "不予兑现：一票否决"}


def action_note(a: Action) -> str:
    """What a person reads beside an action: withheld and why, due date, merged units."""
    notes = []
    if a.withheld is not None:
        notes.append(WITHHELD_LABELS.get(a.withheld, a.withheld))
    if a.due is not None:
        notes.append(f"限{format_date_zh(a.due)}前")
    if len(a.from_units) > 1:
        notes.append(f"合并兑现：{'、'.join(a.from_units)}")
    return "；".join(notes)


def _num(d: Decimal | None) -> int | float | None:
    """A JSON number with at most two decimals (half up)."""
    if d is None:
        return None
    shown = to_shown(d)
    return int(shown) if shown == shown.to_integral_value() else float(shown)


def unit_json(rubric: Rubric, u: UnitResult) -> dict[str, Any]:
    return {
        "unit": u.unit,
        "name": u.name,
        "area": u.area,
        "total": _num(u.total),
        "rank": u.rank,
        "vetoed": u.vetoed,
        "group": u.group,
        "streak": u.streak,
        "scores": {path: _num(s) for path, s in u.scores.items()},
        "deductions": [
            {"path": d.path, "points": _num(d.points), "text": d.text} for d in u.deductions
        ],
        "bonuses": [{"path": b.path, "points": _num(b.points), "text": b.text} for b in u.bonuses],
        "actions": [action_json(a) for a in u.actions],
        "carried": [
            {"year": c.year, "period": str(c.period), "kind": c.kind, "effect": c.effect}
            for c in u.carried
        ],
    }


def action_json(a: Action) -> dict[str, Any]:
    """An action as RUBRIC.md §7 and §5.1 give it: ``withheld``, ``due`` and ``from``
    only where they apply."""
    out: dict[str, Any] = {
        "kind": a.kind,
        "effect": a.effect,
        "to": a.to,
        "person": a.person,
        "amount": _num(a.amount),
    }
    if a.withheld is not None:
        out["withheld"] = a.withheld
    if a.due is not None:
        out["due"] = a.due.isoformat()
    if a.from_units:
        out["from"] = list(a.from_units)
    return out


def to_json_obj(rubric: Rubric, result: PeriodResult) -> dict[str, Any]:
    return {
        "rubric": rubric.name,
        "period": str(result.period),
        "units": [unit_json(rubric, u) for u in result.units],
    }


def to_json(rubric: Rubric, result: PeriodResult) -> str:
    return json.dumps(to_json_obj(rubric, result), ensure_ascii=False, indent=2)


# --- rows for filing ------------------------------------------------------------------


def ranking_rows(rubric: Rubric, result: PeriodResult) -> tuple[list[str], list[list[Any]]]:
    nodes = list(rubric.nodes())
    headers = ["名次", "单位代码", "单位名称", "片区", "总分", "分组", "连续次数", "一票否决"]
    headers += [f"{n.title}（{n.path}）" for n in nodes]
    rows = []
    paths = [n.path for n in nodes]
    for u in result.units:
        row: list[Any] = [
            u.rank, u.unit, u.name or "", u.area or "", _shown(u.total),
            GROUP_LABELS.get(u.group or "", ""), u.streak, "是" if u.vetoed else "",
        ]  # fmt: skip
        scores = u.scores
        row += [_shown(scores[p]) for p in paths]
        rows.append(row)
    return headers, rows


def ranking_table(rubric: Rubric, result: PeriodResult) -> tuple[list[str], Any] | None:
    """:func:`ranking_rows` as one Polars frame of the cells as written (text, with
    nulls for empty cells), built column by column from the vectorised scorer's
    table; None when the result has none (scored unit by unit, or a year's). The
    same text, cell for cell: figures half up to two decimals as ``format_number``
    writes them, text cells neutralised as ``write_csv`` does."""
    table = result.table
    if table is None:
        return None
    import polars as pl

    nodes = list(rubric.nodes())
    headers, _ = ranking_rows(rubric, PeriodResult(result.period, []))
    cells = table.select(
        pl.col("rank").cast(pl.Utf8),
        _neutralised(pl.col("unit")).alias("unit"),
        _neutralised(pl.col("name")).alias("name"),
        _neutralised(pl.col("area")).alias("area"),
        pl.col("total"),
        pl.col("group").replace_strict(GROUP_LABELS, default=None, return_dtype=pl.Utf8),
        pl.col("streak").cast(pl.Utf8),
        pl.when(pl.col("vetoed")).then(pl.lit("是")).otherwise(None).alias("vetoed"),
        *(pl.col(n.path).alias(f"__s.{n.path}") for n in nodes),
    )
    shown = ["total", *(f"__s.{n.path}" for n in nodes)]
    return headers, cells.with_columns(_shown_column(cells.get_column(c)) for c in shown)


def _neutralised(text: Any) -> Any:
    """``_write.neutralise`` on a text column; empty text as null (written empty)."""
    import polars as pl

    t = text.cast(pl.Utf8)
    formula = t.str.contains(r"^[=+\-@\t\r]")
    return pl.when(t == "").then(None).when(formula).then(pl.lit("'") + t).otherwise(t)


def _shown_column(values: Any) -> Any:
    """``format_number`` of every value of a ``Decimal(38, 18)`` series, as text: each
    distinct value written once by ``format_number`` itself (a leaf's score takes a
    handful of values in a hundred thousand rows), then looked up."""
    import polars as pl

    digits = values.cast(pl.Decimal(38, 18)).to_physical()
    distinct = digits.unique().drop_nulls()
    texts = [format_number(Fraction(d, 10**18)) for d in distinct.to_list()]
    return digits.replace_strict(
        distinct, pl.Series(texts, dtype=pl.Utf8), default=None, return_dtype=pl.Utf8
    )


def deduction_rows(rubric: Rubric, result: PeriodResult) -> tuple[list[str], list[list[Any]]]:
    titles = {n.path: n.title for n in rubric.nodes()}
    titles.update({a.path: a.title for a in rubric.adjustments})
    headers = ["名次", "单位代码", "单位名称", "项目", "路径", "扣分", "说明"]
    rows = []
    for u in result.units:
        # A parent's cap that absorbed some of its parts' losses is a row of its own,
        # its points negative, so that the 扣分 of an item's rows add up to what it lost.
        for d in reading_order(rubric, u.deductions, u.absorbed):
            points = -to_shown(d.points) if isinstance(d, Absorbed) else to_shown(d.points)
            rows.append(
                [u.rank, u.unit, u.name or "", titles.get(d.path, d.path), d.path,
                 points, d.text]
            )  # fmt: skip
        for b in u.bonuses:
            rows.append(
                [u.rank, u.unit, u.name or "", titles.get(b.path, b.path), b.path,
                 -to_shown(b.points), b.text]
            )  # fmt: skip
    return headers, rows


def action_rows(result: PeriodResult) -> tuple[list[str], list[list[Any]]]:
    headers = [
        "名次",
        "单位代码",
        "单位名称",
        "分组",
        "连续次数",
        "措施",
        "对象",
        "姓名",
        "金额（元）",
        "效果",
        "不予兑现",
        "期限",
        "来源单位",
    ]
    rows = []
    for u in result.units:
        for a in u.actions:
            rows.append(
                [u.rank, u.unit, u.name or "", GROUP_LABELS.get(u.group or "", ""), u.streak,
                 a.kind, role_label(a.to),
                 a.person or "", to_shown(a.amount) if a.amount is not None else "",
                 a.effect, WITHHELD_LABELS.get(a.withheld, a.withheld) if a.withheld else "",
                 a.due.isoformat() if a.due else "", "、".join(a.from_units)]
            )  # fmt: skip
        for c in u.carried:
            rows.append(
                [u.rank, u.unit, u.name or "", GROUP_LABELS.get(u.group or "", ""), u.streak,
                 f"{c.kind}（{c.period.label_zh()}，结转本年度）", "本单位", "", "", c.effect,
                 "", "", ""]
            )  # fmt: skip
    return headers, rows


# --- a table for people -------------------------------------------------------------------


def width(text: str) -> int:
    """Display width: CJK characters take two columns in a terminal."""
    return sum(2 if unicodedata.east_asian_width(c) in ("W", "F") else 1 for c in text)


def pad(text: str, size: int, right: bool = False) -> str:
    gap = " " * max(0, size - width(text))
    return gap + text if right else text + gap


def format_grid(headers: Sequence[str], rows: Sequence[Sequence[str]], numeric: set[int]) -> str:
    widths = [max([width(h)] + [width(r[i]) for r in rows]) for i, h in enumerate(headers)]
    lines = ["  ".join(pad(h, widths[i], i in numeric) for i, h in enumerate(headers)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    for r in rows:
        lines.append("  ".join(pad(c, widths[i], i in numeric) for i, c in enumerate(r)).rstrip())
    return "\n".join(lines)


def render_table(rubric: Rubric, result: PeriodResult, top_deductions: int = 1) -> str:
    headers = ["名次", "代码", "单位", "总分", "分组", "连续", "主要扣分"]
    rows = []
    for u in result.units:
        biggest = sorted(u.deductions, key=lambda d: d.points, reverse=True)[:top_deductions]
        note = "；".join(f"{d.text}" for d in biggest)
        if u.vetoed:
            note = "一票否决；" + note
        rows.append(
            [str(u.rank), u.unit, u.name or "", str(to_shown(u.total)),
             GROUP_LABELS.get(u.group or "", ""), str(u.streak) if u.streak else "", note]
        )  # fmt: skip
    out = [f"{rubric.name}  {result.period.label_zh()}（{result.period}）", ""]
    out.append(format_grid(headers, rows, numeric={0, 3, 5}))
    acts = [(u, a) for u in result.units for a in u.actions]
    if acts:
        out += ["", "讲评兑现："]
        for u, a in acts:
            who = role_label(a.to)
            if a.person:
                who += f" {a.person}"
            money = f" {to_shown(a.amount)}元" if a.amount is not None else ""
            note = action_note(a)
            out.append(
                f"  {u.display_name}（第{u.rank}名）：{a.kind} — {who}{money}"
                + (f"（{note}）" if note else "")
            )
    carried = [(u, c) for u in result.units for c in u.carried]
    if carried:
        out += ["", "上年度结转："]
        for u, c in carried:
            out.append(f"  {u.display_name}：{c.kind}（{c.period.label_zh()}）")
    explained = [(u, explanation_texts(rubric, u)) for u in result.units]
    if any(texts for _, texts in explained):
        out += ["", "扣分说明："]
        for u, texts in explained:
            if texts:
                out.append(f"  {u.display_name}（总分{to_shown(u.total)}）：")
                out += [f"    {t}" for t in texts]
    return "\n".join(out) + "\n"


def explanation_texts(rubric: Rubric, u: UnitResult) -> list[str]:
    """A unit's every line in the order a person reads them: deductions, each
    parent's cap that absorbed some of them right after them, then bonuses; the
    points the lines take and give add up to what the unit lost."""
    return [d.text for d in reading_order(rubric, u.deductions, u.absorbed)] + [
        b.text for b in u.bonuses
    ]
