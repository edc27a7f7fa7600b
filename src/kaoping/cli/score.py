"""``kaoping check`` and ``kaoping score``: a rubric validated; data scored, ranked
and written as a table, JSON, CSV or a workbook."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from .errors import chinese, fail, guarded, say, warn
from .inputs import (
    check_level,
    check_output,
    gather,
    load_data,
    load_people,
    load_rubric,
    load_units,
    pick_period,
    pick_year,
    run_assessment,
    wants_year,
)


@click.command()
@click.argument("rubric")
@guarded
def check(rubric: str) -> None:
    """Validate a rubric file (RUBRIC.md); exit 0 if valid, 2 if not.

    Every problem is printed as FILE:LINE:COLUMN: message. Use `default` for the
    rubric shipped with kaoping.
    """
    r = load_rubric(rubric)
    leaves = sum(1 for _ in r.leaves())
    click.echo(
        say(
            f"{rubric}: valid — {r.name}, {len(r.items)} items, {leaves} scored leaves, "
            f"total {r.total}",
            f"{rubric}：有效 — {r.name}，{len(r.items)}个项目，{leaves}个计分细项，满分{r.total}",
        )
    )


FORMATS = ("table", "json", "xlsx", "csv")


@click.command()
@click.argument("rubric")
@click.argument("data", nargs=-1, required=True)
@click.option(
    "--period",
    help="The quarter to report, e.g. 2026Q3 (default: the latest), or a year, 2026 or "
    "2026年度: the year's result by the rubric's annual rule.",
)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to FILE.")
@click.option(
    "--people", type=click.Path(dir_okay=False), help="People file: unit, role, name, from, to."
)
@click.option(
    "--units",
    type=click.Path(dir_okay=False),
    help="Units file: unit, parent, level (the tree, for --level).",
)
@click.option(
    "--level",
    help="Score the units of this level (township, county …), their figures rolled up "
    "from the units below.",
)
@guarded
def score(
    rubric: str, data: tuple[str, ...], period: str | None, fmt: str, output: str | None,
    people: str | None, units: str | None, level: str | None,
) -> None:  # fmt: skip
    """Score every unit in DATA with RUBRIC, rank, and apply consequences.

    DATA are CSV or XLSX files, wide (unit, period, one column per element) or long
    (unit, period, element, value), and may hold several quarters: every quarter is
    assessed in order, so that streaks follow from the earlier ones. Months are
    gathered into their quarters. With --units and --level, the units of that level
    are scored on figures rolled up from the units below them.
    """
    if fmt == "xlsx" and output is None:
        fail([say("--format xlsx needs -o FILE", "--format xlsx 需要用 -o 指定输出文件")])
    check_output(output)
    tree = load_units(units)
    level_code = check_level(level, tree)
    r = load_rubric(rubric)
    figures = load_data(r, data, by_level=level_code is not None)
    r, frame, one_by_one = gather(r, figures, tree, level_code)
    holders = load_people(people)
    assessment = run_assessment(r, frame, holders, gathered=one_by_one)
    if wants_year(period):
        assert period is not None
        result = pick_year(r, assessment, frame, holders, period)
    else:
        result = pick_period(assessment, period)
    # Consequences that reach nobody (RUBRIC.md §5.1): said, never silent.
    for w in result.warnings_zh if chinese() else result.warnings:
        warn(say(f"warning: {w}", f"警告：{w}"))
    write_result(r, result, fmt, output)


def write_result(rubric: Any, result: Any, fmt: str, output: str | None) -> None:
    try:
        _write_result(rubric, result, fmt, output)
    except OSError as err:
        fail([f"-o {output}: {err.strerror or err}"])


def _write_result(rubric: Any, result: Any, fmt: str, output: str | None) -> None:
    from .. import scoresheet
    from ..io import write_csv, write_csv_frame, write_xlsx

    if fmt == "json":
        text = scoresheet.to_json(rubric, result) + "\n"
    elif fmt == "table":
        text = scoresheet.render_table(rubric, result)
    elif fmt == "csv":
        table = scoresheet.ranking_table(rubric, result)
        if table is not None:  # a vectorised assessment: written by Polars
            write_csv_frame(sys.stdout if output is None else output, *table)
            return
        headers, rows = scoresheet.ranking_rows(rubric, result)
        if output is None:
            write_csv(sys.stdout, headers, rows)
            return
        write_csv(output, headers, rows)
        return
    else:
        assert output is not None
        write_xlsx(
            output,
            {
                "排名": scoresheet.ranking_rows(rubric, result),
                "扣分明细": scoresheet.deduction_rows(rubric, result),
                "讲评兑现": scoresheet.action_rows(result),
            },
        )
        return
    if output is None:
        click.echo(text, nl=False)
    else:
        Path(output).write_text(text, encoding="utf-8")
