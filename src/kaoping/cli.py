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
from pathlib import Path
from typing import Any, NoReturn, ParamSpec, TypeVar

import click

from .rubrics import RUBRIC_NAME, TARGETS_NAME, default_rubric_text, default_targets_text

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
        except BrokenPipeError:
            # `kaoping score ... | head`: the reader left; not an error of ours.
            sys.stderr.close()
            sys.exit(0)
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


def read_text(path: str) -> str:
    """A UTF-8 text file (with or without BOM), or exit 2 saying why not."""
    try:
        return Path(path).read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        fail([say(f"{path}: no such file", f"{path}：文件不存在")])
    except UnicodeDecodeError:
        fail([say(f"{path}: not UTF-8 text", f"{path}：不是 UTF-8 文本")])
    except OSError as err:
        fail([f"{path}: {err.strerror or err}"])


def load_targets(path: str) -> Any:
    """A parsed targets file, or exit 2 with every problem."""
    from .engine import TargetsError, parse_targets

    try:
        return parse_targets(read_text(path), path)
    except TargetsError as err:
        fail(list(err.problems))


def load_rubric(path: str) -> Any:
    """The parsed rubric, or exit 2 with every problem. ``default`` is the shipped one."""
    from .engine import RubricError, parse_rubric

    if path == DEFAULT_RUBRIC and not Path(path).exists():
        text, name = default_rubric_text(), RUBRIC_NAME
    else:
        text, name = read_text(path), path
    try:
        rubric = parse_rubric(text, name)
    except RubricError as err:
        fail(err.problems_zh if chinese() else err.problems)
    for w in rubric.warnings_zh if chinese() else rubric.warnings:
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
    check_output(output)
    r = load_rubric(rubric)
    frame = load_data(r, data)
    holders = load_people(people)
    assessment = run_assessment(r, frame, holders)
    result = pick_period(assessment, period)
    write_result(r, result, fmt, output)


def check_output(output: str | None) -> None:
    """Refuse, before any work, an output whose folder does not exist."""
    if output is None:
        return
    folder = Path(output).resolve().parent
    if not folder.is_dir():
        fail([say(f"-o {output}: no such folder {folder}", f"-o {output}：文件夹 {folder} 不存在")])


def write_result(rubric: Any, result: Any, fmt: str, output: str | None) -> None:
    try:
        _write_result(rubric, result, fmt, output)
    except OSError as err:
        fail([f"-o {output}: {err.strerror or err}"])


def _write_result(rubric: Any, result: Any, fmt: str, output: str | None) -> None:
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


@main.command()
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False),
    default="kaoping-demo",
    show_default=True,
    help="Folder to write the demo's files into.",
)
@guarded
def demo(out_dir: str) -> None:
    """Score the demo township (21 villages, 2026Q1–Q4) and write its files.

    Prints the latest quarter's ranking with its consequences and the biggest
    deductions, and writes the rubric, the figures, the people, the scored
    workbook and JSON into OUT (default ./kaoping-demo/).
    """
    from . import scoresheet
    from .demo import build_demo
    from .engine import ROLES, People, assess, parse_rubric, to_shown

    township = build_demo()
    rubric = parse_rubric(township.rubric_text, "default.yaml")
    people = People(township.people)
    assessment = assess(rubric, township.frame, people)
    latest = assessment.latest
    out = Path(out_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
        written = write_demo_files(out, township, rubric, assessment)
    except OSError as err:
        fail([f"--out {out_dir}: {err.strerror or err}"])

    county, town = township.county[1], township.township[1]
    click.echo(
        f"{county}{town}：{len(township.units)}个村居，{len(township.areas)}个片区，"
        f"{len(assessment.periods)}个季度（{assessment.periods[0].period}–{latest.period}）"
    )
    click.echo()
    click.echo(scoresheet.render_table(rubric, latest, ROLES))
    click.echo("扣分最多的五项：")
    biggest = sorted(
        ((d, u) for u in latest for d in u.deductions), key=lambda du: (-du[0].points, du[1].unit)
    )[:5]
    for d, u in biggest:
        click.echo(f"  {u.display_name}  −{to_shown(d.points)}分  {d.text}")
    click.echo()
    click.echo(say(f"Files written to {out}/:", f"文件已写入 {out}/："))
    for path in written:
        click.echo(f"  {path.name}")


def write_demo_files(out: Path, township: Any, rubric: Any, assessment: Any) -> list[Path]:
    from . import scoresheet
    from .engine import ROLES
    from .io import write_csv, write_xlsx

    latest = assessment.latest
    files: list[Path] = []
    rubric_path = out / "rubric.yaml"
    rubric_path.write_text(township.rubric_text, encoding="utf-8")
    files.append(rubric_path)
    data_path = out / "data.csv"
    frame = township.frame
    write_csv(data_path, frame.columns, [list(r) for r in frame.iter_rows()])
    files.append(data_path)
    base_path = out / "units.csv"
    base = township.base
    write_csv(base_path, base.columns, [list(r) for r in base.iter_rows()])
    files.append(base_path)
    targets_path = out / "targets.yaml"
    targets_path.write_text(default_targets_text(), encoding="utf-8")
    files.append(targets_path)
    people_path = out / "people.csv"
    write_csv(
        people_path,
        ["unit", "role", "name", "from", "to"],
        [[p.unit, p.role, p.name, p.start.isoformat() if p.start else "",
          p.end.isoformat() if p.end else ""] for p in township.people],
    )  # fmt: skip
    files.append(people_path)
    for result in assessment.periods:
        json_path = out / f"scores-{result.period}.json"
        json_path.write_text(scoresheet.to_json(rubric, result) + "\n", encoding="utf-8")
        files.append(json_path)
    documents = write_demo_documents(out, township, assessment)
    xlsx_path = out / f"scores-{latest.period}.xlsx"
    write_xlsx(
        xlsx_path,
        {
            "排名": scoresheet.ranking_rows(rubric, latest),
            "扣分明细": scoresheet.deduction_rows(rubric, latest),
            "讲评兑现": scoresheet.action_rows(latest, ROLES),
        },
    )
    files.append(xlsx_path)
    return files + documents


def write_demo_documents(out: Path, township: Any, assessment: Any) -> list[Path]:
    """The latest quarter's bulletin (with its annex) and work summary, dated the
    tenth day after the quarter so that the demo writes the same files every time."""
    from datetime import timedelta

    from .documents import write_bulletin, write_summary
    from .engine import People, evaluate_targets, parse_targets

    latest = assessment.latest
    period = latest.period
    when = period.last_day() + timedelta(days=10)
    town = township.township[1]
    people = People(township.people)
    targets = evaluate_targets(
        parse_targets(default_targets_text(), TARGETS_NAME), township.frame, period
    )
    stem = f"{period}"
    bulletin, annex = write_bulletin(
        assessment, period, out / f"{stem}-考评通报.docx", people=people, township=town, when=when
    )
    summary = write_summary(
        assessment, period, out / f"{stem}-工作总结.docx", township=town, when=when, targets=targets
    )
    return [bulletin, annex, summary]


def _register() -> None:
    # Commands that live beside the code they drive; imported here so that
    # `kaoping --help` lists them all.
    from kaoping.documents.commands import report
    from kaoping.web.commands import serve

    main.add_command(serve)
    main.add_command(report)

    from kaoping.commands.planning import allocate, targets

    main.add_command(allocate)
    main.add_command(targets)


_register()
