"""The ``kaoping`` command line (RUBRIC.md §7).

Standard output holds only the requested format; warnings and errors go to
standard error. Exit status: 0 done, 2 bad rubric or bad data (nothing written),
1 a failure of the program itself. A user's mistake never shows a traceback.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from functools import wraps
from importlib import resources
from pathlib import Path
from typing import Any, NoReturn, ParamSpec, TypeVar

import click

P = ParamSpec("P")
R = TypeVar("R")

DEFAULT_RUBRIC = "default"


def chinese() -> bool:
    """Whether the user's locale asks for Chinese messages."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(var)
        if value:
            return value.lower().startswith("zh")
    return False


def say(en: str, zh: str) -> str:
    return zh if chinese() else en


class UserError(Exception):
    """A mistake in the user's input: printed, exit status 2."""

    def __init__(self, lines: Sequence[str]) -> None:
        super().__init__("\n".join(lines))
        self.lines = list(lines)


def fail(lines: Sequence[str]) -> NoReturn:
    raise UserError(lines)


def warn(message: str) -> None:
    click.echo(message, err=True)


def guarded(fn: Callable[P, R]) -> Callable[P, R]:
    """Turn user errors into messages with status 2 and any other failure into a
    one-line message with status 1 (``KAOPING_DEBUG=1`` shows the traceback)."""

    @wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return fn(*args, **kwargs)
        except UserError as err:
            for line in err.lines:
                click.echo(line, err=True)
            sys.exit(2)
        except (click.exceptions.Exit, click.ClickException, SystemExit, KeyboardInterrupt):
            raise
        except Exception as err:
            if os.environ.get("KAOPING_DEBUG"):
                raise
            click.echo(
                say(
                    f"kaoping: internal error: {type(err).__name__}: {err} "
                    "(run with KAOPING_DEBUG=1 for details)",
                    f"kaoping：程序内部错误：{type(err).__name__}: {err}（设置 KAOPING_DEBUG=1 查看详情）",
                ),
                err=True,
            )
            sys.exit(1)

    return wrapper


# --- loading the inputs --------------------------------------------------------------


def default_rubric_text() -> str:
    return resources.files("kaoping.rubrics").joinpath("default.yaml").read_text("utf-8")


def load_rubric(path: str) -> Any:
    """The parsed rubric, or exit 2 with every problem. ``default`` is the shipped one."""
    from .engine import RubricError, parse_rubric

    if path == DEFAULT_RUBRIC and not Path(path).exists():
        text, name = default_rubric_text(), "default.yaml"
    else:
        try:
            text = Path(path).read_bytes().decode("utf-8-sig")
        except FileNotFoundError:
            fail([say(f"{path}: no such file", f"{path}：文件不存在")])
        except UnicodeDecodeError:
            fail([say(f"{path}: not UTF-8 text", f"{path}：不是 UTF-8 文本")])
        except OSError as err:
            fail([f"{path}: {err.strerror}"])
        name = path
    try:
        rubric = parse_rubric(text, name)
    except RubricError as err:
        fail(err.problems)
    for w in rubric.warnings:
        warn(w)
    return rubric


def load_data(rubric: Any, paths: Sequence[str]) -> Any:
    from .io import DataFileError, read_data

    for p in paths:
        if not Path(p).is_file():
            fail([say(f"{p}: no such file", f"{p}：文件不存在")])
    try:
        data = read_data(paths, rubric.data_elements(), rubric.manual_columns)
    except DataFileError as err:
        zh = chinese()
        fail([p.format_zh() if zh else str(p) for p in err.problems])
    for w in data.warnings:
        warn(w)
    return data.frame


def load_people(path: str | None) -> Any:
    if path is None:
        return None
    from .io import DataFileError, read_people

    if not Path(path).is_file():
        fail([say(f"{path}: no such file", f"{path}：文件不存在")])
    try:
        return read_people(path)
    except DataFileError as err:
        zh = chinese()
        fail([p.format_zh() if zh else str(p) for p in err.problems])


def run_assessment(rubric: Any, frame: Any, people: Any) -> Any:
    from .engine import AssessmentError, assess

    try:
        return assess(rubric, frame, people)
    except AssessmentError as err:
        fail([str(v) for v in err.violations])


def pick_period(assessment: Any, period: str | None) -> Any:
    from .engine import Period, PeriodError

    if not assessment.periods:
        fail([say("the data holds no rows to score", "数据中没有可评分的行")])
    if period is None:
        return assessment.latest
    try:
        wanted = Period.parse(period)
    except PeriodError as err:
        fail([f"--period: {err}"])
    for r in assessment.periods:
        if r.period == wanted:
            return r
    have = ", ".join(str(r.period) for r in assessment.periods)
    fail(
        [
            say(
                f"--period {wanted}: not in the data (it has {have})",
                f"--period {wanted}：数据中没有该期（有 {have}）",
            )
        ]
    )


# --- commands ----------------------------------------------------------------------


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="kaoping")
def main() -> None:
    """kaoping (考评): score, rank and report villages' quarterly work from a rubric."""


@main.command()
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


@main.command()
@click.argument("rubric")
@click.argument("data", nargs=-1, required=True)
@click.option("--period", help="The quarter to report, e.g. 2026Q3 (default: the latest).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to FILE.")
@click.option(
    "--people", type=click.Path(dir_okay=False), help="People file: unit, role, name, from, to."
)
@guarded
def score(
    rubric: str, data: tuple[str, ...], period: str | None, fmt: str, output: str | None,
    people: str | None,
) -> None:  # fmt: skip
    """Score every unit in DATA with RUBRIC, rank, and apply consequences.

    DATA are CSV or XLSX files, wide (unit, period, one column per element) or long
    (unit, period, element, value), and may hold several quarters: every quarter is
    assessed in order, so that streaks follow from the earlier ones.
    """
    if fmt == "xlsx" and output is None:
        fail([say("--format xlsx needs -o FILE", "--format xlsx 需要用 -o 指定输出文件")])
    r = load_rubric(rubric)
    frame = load_data(r, data)
    holders = load_people(people)
    assessment = run_assessment(r, frame, holders)
    result = pick_period(assessment, period)
    write_result(r, result, fmt, output)


def write_result(rubric: Any, result: Any, fmt: str, output: str | None) -> None:
    from . import scoresheet
    from .engine import ROLES
    from .io import write_csv, write_xlsx

    if fmt == "json":
        text = scoresheet.to_json(rubric, result) + "\n"
    elif fmt == "table":
        text = scoresheet.render_table(rubric, result, ROLES)
    elif fmt == "csv":
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
                "讲评兑现": scoresheet.action_rows(result, ROLES),
            },
        )
        return
    if output is None:
        click.echo(text, nl=False)
    else:
        Path(output).write_text(text, encoding="utf-8")


def _register() -> None:
    # Commands that live beside the code they drive; imported here so that
    # `kaoping --help` lists them all.
    from kaoping.web.commands import serve

    main.add_command(serve)


_register()
