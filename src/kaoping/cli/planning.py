"""``kaoping allocate`` and ``kaoping targets``: allocation and targets on files."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from .errors import chinese, fail, guarded, say, warn
from .inputs import load_targets

if TYPE_CHECKING:
    import polars as pl

__all__ = ["allocate", "targets"]


def _fraction_text(value: Fraction, places: int) -> str:
    from kaoping.engine import format_fixed

    return format_fixed(value, places)


def _number(value: Fraction, places: int = 6) -> int | float:
    """A JSON number: whole numbers as integers, others rounded to ``places``."""
    if value.denominator == 1:
        return value.numerator
    return float(Decimal(_fraction_text(value, places)))


def _emit(text: str, output: str | None) -> None:
    if output is None:
        click.echo(text, nl=False)
    else:
        try:
            Path(output).write_text(text, encoding="utf-8")
        except OSError as err:
            fail([f"{output}: {err.strerror or err}"])


# --- allocate -----------------------------------------------------------------------------


def _parse_weights(text: str) -> dict[str, str]:
    from kaoping.engine import NumberOutOfBounds, exact

    weights: dict[str, str] = {}
    for part in text.split(","):
        name, sep, value = part.partition("=")
        if not sep or not name.strip() or not value.strip():
            fail(
                [
                    say(
                        f"--weights: {part.strip()!r} is not NAME=NUMBER "
                        "(e.g. eligible_women=0.5,population=0.5)",
                        f"--weights：“{part.strip()}”应写作 名称=数值"
                        "（如 eligible_women=0.5,population=0.5）",
                    )
                ]
            )
        try:
            exact(value.strip())
        except NumberOutOfBounds as err:
            fail([f"--weights: {name.strip()}: " + (err.message_zh if chinese() else str(err))])
        except (ValueError, ZeroDivisionError):
            pass  # the engine names a weight that is not a number, with the others
        weights[name.strip()] = value.strip()
    return weights


def _read_figures(path: str, names: Sequence[str], period: str | None) -> pl.DataFrame:
    """The unit, name and figure columns of a CSV/XLSX file, figures exact.

    A ``period`` column is optional; when present the rows of ``period`` (default:
    the latest) are taken.
    """
    from kaoping.engine import ElementType, Period, PeriodError, ValueProblem, parse_value
    from kaoping.io import HEADER_ALIASES, DataFileError, read_table

    aliases = {a.casefold(): key for key, al in HEADER_ALIASES.items() for a in al}

    def is_header(cells: list[str]) -> bool:
        return any(aliases.get(c.strip().casefold()) == "unit" for c in cells)

    if not Path(path).is_file():
        fail([say(f"{path}: no such file", f"{path}：文件不存在")])
    table, problems = read_table(path, is_header=is_header)
    if table is None:
        raise DataFileError(problems)
    at: dict[str, int] = {}
    for i, header in enumerate(table.headers):
        key = aliases.get(header.strip().casefold())
        if key in ("unit", "name", "period") and key not in at:
            at[key] = i
        elif header.strip() in names and header.strip() not in at:
            at[header.strip()] = i
    missing = [n for n in ("unit", *names) if n not in at]
    for n in missing:
        problems.append(
            table.problem(
                table.header_row,
                None,
                None,
                f"no {n} column",
                f"缺少“{n}”列",
            )
        )
    if problems:
        raise DataFileError(problems)
    rows = list(range(len(table.rows)))
    if "period" in at:
        texts = table.texts(at["period"])
        parsed: dict[int, Period] = {}
        for r in rows:
            try:
                parsed[r] = Period.parse(texts[r] or "")
            except PeriodError:
                problems.append(
                    table.problem(
                        table.rows[r],
                        at["period"],
                        texts[r],
                        f"{texts[r]!r} is not a period (e.g. 2026Q1)",
                        f"“{texts[r]}”不是期间（如2026Q1）",
                    )
                )
        if problems:
            raise DataFileError(problems)
        try:
            wanted = Period.parse(period) if period else max(parsed.values(), default=None)
        except PeriodError as err:
            fail([f"--period: {err}"])
        rows = [r for r in rows if parsed[r] == wanted]
        if not rows:
            fail([say(f"{path}: no rows for {wanted}", f"{path}：没有{wanted}的数据")])
    elif period:
        fail(
            [say(f"{path}: no period column for --period", f"{path}：没有期间列，不能用 --period")]
        )

    columns: dict[str, list[Any]] = {"unit": [], "name": []}
    for n in names:
        columns[n] = []
    units = table.texts(at["unit"])
    labels = table.texts(at["name"]) if "name" in at else [None] * len(table.rows)
    figures = {n: table.texts(at[n]) for n in names}
    for r in rows:
        columns["unit"].append(units[r])
        columns["name"].append(labels[r])
        for n in names:
            raw = figures[n][r]
            try:
                value = parse_value(raw, ElementType.NUMBER)
            except ValueProblem as err:
                problems.append(table.problem(table.rows[r], at[n], raw, str(err), err.message_zh))
                value = None
            if value is None and raw is None:
                problems.append(
                    table.problem(table.rows[r], at[n], None, "the value is missing", "缺少数值")
                )
            columns[n].append(value)
    if problems:
        raise DataFileError(problems)
    # Figures stay Python Decimals (an Object column): the engine reads them exactly.
    import polars as pl

    return pl.DataFrame(
        [
            pl.Series(k, v, dtype=pl.String if k in ("unit", "name") else pl.Object)
            for k, v in columns.items()
        ]
    )


def _allocation_json(allocation: Any) -> dict[str, Any]:
    return {
        "total": allocation.total,
        "weights": {k: _number(v) for k, v in allocation.weights.items()},
        "floor": allocation.floor,
        "method": "largest_remainder",
        "units": [
            {
                "unit": u.unit,
                "name": u.name,
                "figures": {k: _number(v) for k, v in u.figures.items()},
                "figure_shares": {k: _number(v) for k, v in u.figure_shares.items()},
                "share": _number(u.share),
                "quota": str(u.quota),
                "quota_decimal": _number(u.quota, 4),
                "quota_with_floor": _number(u.floored_quota, 4),
                "remainder": _number(u.remainder, 4),
                "plus_one": u.plus_one,
                "allocated": u.allocated,
                "explanation": u.explanation_zh() if chinese() else u.explanation(),
            }
            for u in allocation.units
        ],
    }


def _allocation_rows(allocation: Any) -> tuple[list[str], list[list[Any]]]:
    names = list(allocation.weights)
    floored = ["保底后应分"] if allocation.floor else []
    headers = [
        "单位代码",
        "单位名称",
        *names,
        "加权占比%",
        "应分数",
        *floored,
        "余数",
        "余数加1",
        "分得",
    ]
    rows = []
    for u in allocation.units:
        rows.append(
            [
                u.unit,
                u.name or "",
                *[_fraction_text(u.figures[n], 2).removesuffix(".00") for n in names],
                _fraction_text(u.share * 100, 4),
                _fraction_text(u.quota, 4),
                *([_fraction_text(u.floored_quota, 4)] if allocation.floor else []),
                _fraction_text(u.remainder, 4),
                "是" if u.plus_one else "",
                str(u.allocated),
            ]
        )
    return headers, rows


def _allocation_table(allocation: Any) -> str:
    from kaoping.engine import format_number
    from kaoping.scoresheet import format_grid

    headers, rows = _allocation_rows(allocation)
    numeric = set(range(2, len(headers) - 2)) | {len(headers) - 1}
    total_row = [""] * len(headers)
    total_row[0] = "合计"
    total_row[-1] = str(sum(u.allocated for u in allocation.units))
    grid = format_grid(headers, [*rows, total_row], numeric)
    weights = "，".join(f"{k} {format_number(v, 4)}" for k, v in allocation.weights.items())
    floor = f"，每单位保底{allocation.floor}" if allocation.floor else ""
    note = f"总数{allocation.total}，权重：{weights}{floor}；最大余数法，余数相同按应分数大者、再按单位代码先后。"
    return f"{grid}\n{note}\n"


@click.command()
@click.argument("figures")
@click.option("--total", type=int, help="The whole number to split, e.g. 321.")
@click.option(
    "--weights",
    help="Figure columns and their weights: eligible_women=0.5,population=0.5.",
)
@click.option("--floor", type=int, help="At least this many per unit (default 0).")
@click.option(
    "--targets",
    "targets_file",
    type=click.Path(dir_okay=False),
    help="Take total, weights and floor from an allocation entry of a targets file.",
)
@click.option("--name", help="The allocation entry of --targets, e.g. screening_slots.")
@click.option(
    "--period", help="With a period column in FIGURES: the period to use (default: latest)."
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "csv"]),
    default="table",
    show_default=True,
)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to FILE.")
@guarded
def allocate(
    figures: str,
    total: int | None,
    weights: str | None,
    floor: int | None,
    targets_file: str | None,
    name: str | None,
    period: str | None,
    fmt: str,
    output: str | None,
) -> None:
    """Split a total across the units of FIGURES (任务分解) by the largest remainder.

    FIGURES is a CSV or XLSX file with a unit column, an optional name column and
    one column per figure named in the weights. Each unit's share is the weighted
    sum of its shares of each figure; whole numbers by the largest-remainder
    method, ties to the larger remainder, then the larger quota, then the unit
    code. With --floor every unit first gets the floor and the rest is split in
    proportion to what each unit's quota exceeds the floor by.
    """
    from kaoping.engine import AllocationError
    from kaoping.engine import allocate as run
    from kaoping.io import DataFileError, write_csv

    spec_weights: dict[str, Any] = {}
    if targets_file is not None:
        if name is None:
            fail([say("--targets needs --name ENTRY", "--targets 需要用 --name 指定条目")])
        doc = load_targets(targets_file)
        spec = doc.allocations.get(name)
        if spec is None:
            have = ", ".join(doc.allocations) or say("none", "无")
            fail(
                [
                    say(
                        f"{targets_file}: no allocation entry {name!r} (allocations: {have})",
                        f"{targets_file}：没有名为“{name}”的分配条目（现有：{have}）",
                    )
                ]
            )
        total = spec.total if total is None else total
        floor = spec.floor if floor is None else floor
        spec_weights = dict(spec.weights)
    elif name is not None:
        fail([say("--name goes with --targets", "--name 需与 --targets 一起使用")])
    chosen: dict[str, Any] = _parse_weights(weights) if weights is not None else spec_weights
    if total is None or not chosen:
        fail(
            [
                say(
                    "give --total and --weights, or --targets FILE --name ENTRY",
                    "请给出 --total 和 --weights，或 --targets 文件 --name 条目",
                )
            ]
        )
    try:
        frame = _read_figures(figures, list(chosen), period)
    except DataFileError as err:
        zh = chinese()
        fail([p.format_zh() if zh else str(p) for p in err.problems])
    try:
        allocation = run(frame, total, chosen, floor=floor or 0)
    except AllocationError as err:
        fail([f"{figures}: {p}" for p in (err.problems_zh if chinese() else err.problems)])
    if fmt == "json":
        _emit(json.dumps(_allocation_json(allocation), ensure_ascii=False, indent=2) + "\n", output)
    elif fmt == "csv":
        headers, rows = _allocation_rows(allocation)
        stream: Any = output if output is not None else sys.stdout
        try:
            write_csv(stream, headers, rows)
        except OSError as err:
            fail([f"{output}: {err.strerror or err}"])
    else:
        _emit(_allocation_table(allocation), output)


# --- targets -------------------------------------------------------------------------------


def _clause_label(clause: Any) -> str:
    return clause.text_zh.split("：", 1)[0]


def _result_json(result: Any) -> dict[str, Any]:
    zh = chinese()
    scale = result.target.scale

    def value(v: Fraction | None) -> int | float | None:
        return None if v is None else _number(v, 6)

    return {
        "name": result.target.name,
        "title": result.target.title,
        "indicator": result.target.indicator_text,
        "scale": scale,
        "period": None if result.period is None else str(result.period),
        "basis": result.basis,
        "applicable": result.applicable,
        "met": result.met,
        "clauses": [
            {
                "kind": c.kind,
                "value": c.comparison.source,
                "share": None if c.share is None else str(c.share),
                "required": c.required,
                "evaluated": c.evaluated,
                "met": c.met,
                "qualifying": c.qualifying,
                "needed": c.needed,
                "considered": c.considered,
                "short": [
                    {
                        "unit": s.unit,
                        "name": s.name,
                        "value": value(s.value),
                        "gap_points": _number(s.gap_points, 2),
                    }
                    for s in c.short
                ],
                "undefined": list(c.undefined),
                "text": c.text_zh if zh else c.text,
            }
            for c in result.clauses
        ],
        "values": {u: value(v) for u, v in result.values.items()},
    }


def _results_table(results: Sequence[Any]) -> str:
    from kaoping.scoresheet import format_grid

    headers = ["目标", "条款", "结果", "达标", "需", "共"]
    rows: list[list[str]] = []
    notes: list[str] = []
    for r in results:
        if not r.applicable:
            rows.append([r.target.title, "（本期不适用）", "", "", "", ""])
            continue
        for c in r.clauses:
            verdict = "未评价" if not c.evaluated else ("达到" if c.met else "未达到")
            if not c.required and c.evaluated:
                verdict += "（力争）"
            rows.append(
                [
                    r.target.title,
                    _clause_label(c),
                    verdict,
                    str(c.qualifying) if c.evaluated else "",
                    str(c.needed) if c.evaluated else "",
                    str(c.considered) if c.evaluated else "",
                ]
            )
            detail = c.text_zh.split("；", 1)
            if c.evaluated and len(detail) > 1:
                notes.append(f"{r.target.title} · {_clause_label(c)}：{detail[1]}")
    period = next((r.period for r in results if r.period is not None), None)
    head = f"{period.label_zh()}目标完成情况\n" if period is not None else "目标完成情况\n"
    bases = {r.basis_zh for r in results if r.basis_zh}
    foot = "".join(f"注：{b}\n" for b in sorted(bases))
    body = format_grid(headers, rows, {3, 4, 5})
    return head + body + "\n" + "".join(f"{n}\n" for n in notes) + foot


@click.command()
@click.argument("targets_file", metavar="TARGETS")
@click.argument("data", nargs=-1, required=True)
@click.option("--period", help="The period to evaluate, e.g. 2026Q1 (default: the latest).")
@click.option("--spot", help="Spot-checked units' codes, comma-separated: V03,V07.")
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to FILE.")
@guarded
def targets(
    targets_file: str,
    data: tuple[str, ...],
    period: str | None,
    spot: str | None,
    fmt: str,
    output: str | None,
) -> None:
    """Evaluate the targets of TARGETS on DATA: every clause met or not, units
    qualifying against units needed, and which units fall short by how much.

    DATA are CSV or XLSX files as for `score`. The exit status is 0 whether the
    targets are met or not; 2 for a bad targets file or bad data.
    """
    from kaoping.engine import (
        Element,
        ElementType,
        Period,
        PeriodError,
        TargetDataError,
        evaluate_targets,
    )
    from kaoping.io import DataFileError, read_data

    doc = load_targets(targets_file)
    if not doc.targets:
        fail([say(f"{targets_file}: no targets in the file", f"{targets_file}：文件中没有目标")])
    if period is not None:
        try:
            Period.parse(period)
        except PeriodError as err:
            fail([f"--period: {err}"])
    codes: dict[str, Element] = {}
    for t in doc.targets.values():
        for code in t.elements():
            codes.setdefault(code, Element(code, code, ElementType.NUMBER))
    for p in data:
        if not Path(p).is_file():
            fail([say(f"{p}: no such file", f"{p}：文件不存在")])
    try:
        dataset = read_data(list(data), codes)
    except DataFileError as err:
        zh = chinese()
        fail([p.format_zh() if zh else str(p) for p in err.problems])
    for w_en, w_zh in zip(dataset.warnings, dataset.warnings_zh, strict=False):
        # Data files carry every element of the rubric; those the targets do not
        # read are not worth a warning here.
        if "is neither a known element" not in w_en:
            warn(w_zh if chinese() else w_en)
    spots = [s.strip() for s in (spot or "").split(",") if s.strip()]
    try:
        results = evaluate_targets(doc, dataset.frame, period, spots)
    except TargetDataError as err:
        fail(err.problems_zh if chinese() else err.problems)
    if fmt == "json":
        text = json.dumps(
            {"targets": [_result_json(r) for r in results]}, ensure_ascii=False, indent=2
        )
        _emit(text + "\n", output)
    else:
        _emit(_results_table(results), output)
