"""Reading a command's inputs (rubric, data, people, targets, the period asked
for) and checking its output's folder, each mistake reported by place and value.

The engine and the readers are imported inside the functions so that merely
registering the commands stays cheap.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..rubrics import RUBRIC_NAME, default_rubric_text
from .errors import chinese, fail, say, warn

DEFAULT_RUBRIC = "default"


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
    from ..engine import TargetsError, parse_targets

    try:
        return parse_targets(read_text(path), path)
    except TargetsError as err:
        fail(list(err.problems_zh if chinese() else err.problems))


def load_rubric(path: str) -> Any:
    """The parsed rubric, or exit 2 with every problem. ``default`` is the shipped one."""
    from ..engine import RubricError, parse_rubric

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


def load_data(rubric: Any, paths: Sequence[str], *, by_level: bool = False) -> Any:
    """The figures: a township's plain file read without Polars (start-up is most of
    a township's scoring), anything else by the full reader, which words every problem.

    ``by_level``: a file may leave out whole columns (a township's own file with only
    what does not add up); each such file is read with the columns it has, and a
    figure still missing is named once rolled up."""
    from ..io import read_small

    for p in paths:
        if not Path(p).is_file():
            fail([say(f"{p}: no such file", f"{p}：文件不存在")])
    small = read_small(paths, rubric.data_elements(), rubric.manual_columns)
    if small is not None:
        return small
    from ..io import DataFileError, read_data, read_fast

    # A province's clean CSV in bulk; anything it declines is read (and worded) in full.
    fast = read_fast(paths, rubric.data_elements(), rubric.manual_columns)
    if fast is not None:
        return fast

    try:
        data = read_data(paths, rubric.data_elements(), rubric.manual_columns)
    except DataFileError as err:
        absent = _absent_columns(err.problems) if by_level else None
        if absent is not None:
            return _read_each(rubric, paths, absent)
        zh = chinese()
        fail([p.format_zh() if zh else str(p) for p in err.problems])
    for w in data.warnings:
        warn(w)
    return data.frame


def _absent_columns(problems: Sequence[Any]) -> dict[str, set[str]] | None:
    """File → the element columns it leaves out, when that is every problem."""
    out: dict[str, set[str]] = {}
    for p in problems:
        if (
            p.row is not None
            or p.column is None
            or not p.message.startswith("the file has no column for element")
        ):
            return None
        out.setdefault(p.file, set()).add(p.column)
    return out


def _read_each(rubric: Any, paths: Sequence[str], absent: dict[str, set[str]]) -> Any:
    from ..engine import Figures
    from ..io import DataFileError, read_data

    elements = rubric.data_elements()
    columns: dict[str, None] = {}
    rows: list[dict[str, Any]] = []
    problems = []
    for path in paths:
        left_out = absent.get(str(path), set())
        mine = {c: e for c, e in elements.items() if c not in left_out}
        try:
            data = read_data([path], mine, rubric.manual_columns)
        except DataFileError as err:
            problems += err.problems
            continue
        for w in data.warnings:
            warn(w)
        columns.update(dict.fromkeys(data.frame.columns))
        rows += data.frame.iter_rows(named=True)
    if problems:
        zh = chinese()
        fail([p.format_zh() if zh else str(p) for p in problems])
    return Figures(tuple(columns), tuple(rows))


def load_people(path: str | None) -> Any:
    if path is None:
        return None
    from ..io import DataFileError, read_people

    if not Path(path).is_file():
        fail([say(f"{path}: no such file", f"{path}：文件不存在")])
    try:
        return read_people(path)
    except DataFileError as err:
        zh = chinese()
        fail([p.format_zh() if zh else str(p) for p in err.problems])


def load_units(path: str | None) -> Any:
    """The tree of a units file, or exit 2 with every bad row."""
    if path is None:
        return None
    from ..io import DataFileError, read_units

    if not Path(path).is_file():
        fail([say(f"{path}: no such file", f"{path}：文件不存在")])
    try:
        return read_units(path)
    except DataFileError as err:
        zh = chinese()
        fail([p.format_zh() if zh else str(p) for p in err.problems])


def check_level(level: str | None, units: Any) -> str | None:
    """``--level`` as a level code, refused before any work when it is not one or
    comes without a units file."""
    if level is None:
        return None
    from ..engine import LEVEL_LABELS_ZH, LEVELS, level_code

    code = level_code(level)
    if code is None:
        fail(
            [
                say(
                    f"--level {level}: not a level (use one of {', '.join(LEVELS)})",
                    f"--level {level}：不是层级（应为{'、'.join(LEVEL_LABELS_ZH.values())}之一）",
                )
            ]
        )
    if units is None:
        fail([say("--level needs --units FILE", "--level 需要用 --units 指定单位层级文件")])
    return code


def _rows(frame: Any) -> tuple[tuple[str, ...], list[dict[str, Any]]]:
    from ..engine import Figures

    if isinstance(frame, Figures):
        return frame.columns, [dict(r) for r in frame.rows]
    return tuple(frame.columns), list(frame.iter_rows(named=True))


def _has_months(frame: Any) -> bool:
    from ..engine import Figures

    # Canonical months are written 2026-07, quarters 2026Q3.
    if isinstance(frame, Figures):
        return any(str(r["period"])[4:5] == "-" for r in frame.rows)
    return bool(frame.height) and bool(frame["period"].str.contains("-", literal=True).any())


def gather(rubric: Any, frame: Any, units: Any, level: str | None) -> tuple[Any, Any, bool]:
    """The figures to score: months gathered into their quarters, and, with a level,
    rolled up from the units below it (docs/cli.md). Exits 2 with every figure that
    cannot be formed. Returns the rubric as it reads them, the figures (a township's
    plain quarters pass untouched, at no cost), and whether they must be scored one
    by one (a share of 1/3 among them)."""
    months = _has_months(frame)
    if not months and level is None:
        return rubric, frame, False
    from ..engine import (
        AssessmentError,
        Figures,
        as_decimals,
        check_data,
        over_periods,
        roll_up,
        rolled_rubric,
    )

    columns, rows = _rows(frame)
    elements = rubric.data_elements()
    zh = chinese()
    # The checks hold for what each unit reports (a village's month), not only for the
    # sums: attended above invited in one village is an error whatever the township's
    # total. A township's own row is checked once rolled up (its summed cells are not read).
    try:
        if isinstance(frame, Figures):
            reported = [r for r in rows if level is None or units.is_leaf(str(r["unit"]))]
            violations = check_data(rubric, Figures(tuple(columns), tuple(reported)))
        else:  # a large file: the checks as one Polars query
            import polars as pl

            leaves = [c for c in units.units if units.is_leaf(c)] if level is not None else None
            part = frame if leaves is None else frame.filter(pl.col("unit").is_in(leaves))
            violations = check_data(rubric, part)
    except (KeyError, AssessmentError):
        violations = []  # a missing column: the assessment names it
    if violations:
        fail([str(v) for v in violations])
    if months:
        done = over_periods(elements, rows, columns, "Q")
        if done.problems:
            fail([p.format_zh() if zh else str(p) for p in done.problems])
        columns, rows = done.columns, list(done.rows)
    if level is not None:
        done = roll_up(elements, rows, columns, units, level)
        if done.problems:
            fail([p.format_zh() if zh else str(p) for p in done.problems])
        for w in done.warnings_zh if zh else done.warnings:
            warn(say(f"warning: {w}", f"警告：{w}"))
        columns, rows = done.columns, list(done.rows)
        rubric = rolled_rubric(rubric)
    # Sums are decimals again; only a share like 1/3 keeps the rows off the vectorised
    # scorer, whose 18-decimal columns would round it.
    decimal = as_decimals(rows)
    return rubric, Figures(tuple(columns), tuple(rows)), not decimal


def run_assessment(rubric: Any, frame: Any, people: Any, *, gathered: bool = False) -> Any:
    from ..engine import AssessmentError, assess

    # Figures gathered or rolled up that hold a fraction without an end (a share of 1/3),
    # which the vectorised scorer's 18-decimal columns would round: scored one by one.
    try:
        if gathered:
            return assess(rubric, frame, people, vectorised=False)
        return assess(rubric, frame, people)
    except AssessmentError as err:
        fail([str(v) for v in err.violations])


def pick_period(assessment: Any, period: str | None) -> Any:
    from ..engine import Period, PeriodError

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


def wants_year(period: str | None) -> bool:
    from ..engine import Period, PeriodError

    if period is None:
        return False
    try:
        return Period.parse(period).is_year
    except PeriodError:
        return False


def pick_year(rubric: Any, assessment: Any, frame: Any, people: Any, period: str) -> Any:
    """The year's result (年度考核) by the rubric's ``annual`` rule, or exit 2 saying
    what is missing."""
    from ..engine import AssessmentError, Period, YearError, assess_years

    if rubric.annual is None:
        fail(
            [
                say(
                    f"--period {period}: the rubric has no annual rule; add "
                    "annual: {rule: mean_of_quarters} or {rule: year_figures} (docs/rubric.md)",
                    f"--period {period}：细则没有年度考核规则，请添加 annual: "
                    "{rule: mean_of_quarters} 或 {rule: year_figures}（见 docs/rubric.md）",
                )
            ]
        )
    columns, rows = _rows(frame)
    try:
        years = assess_years(rubric, assessment, rows, columns, people)
    except YearError as err:
        fail([p.format_zh() if chinese() else str(p) for p in err.problems])
    except AssessmentError as err:
        fail([str(v) for v in err.violations])
    wanted = Period.parse(period)
    for r in years.periods:
        if r.period == wanted:
            return r
    if rubric.annual.rule == "year_figures":
        have = ", ".join(str(r.period) for r in years.periods) or "-"
        fail(
            [
                say(
                    f"--period {wanted}: the data hold no figures for {wanted} (years: {have})",
                    f"--period {wanted}：数据中没有{wanted.label_zh()}的数据（有 {have}）",
                )
            ]
        )
    assessed = {r.period for r in assessment.periods}
    lacking = [q for q in wanted.parts("Q") if q not in assessed]
    fail(
        [
            say(
                f"--period {wanted}: the year's result is the mean of its four quarters, and "
                f"{', '.join(str(q) for q in lacking)} are not in the data",
                f"--period {wanted}：年度结果为四个季度的平均，但数据中没有"
                + "、".join(q.label_zh() for q in lacking),
            )
        ]
    )


def check_output(output: str | None) -> None:
    """Refuse, before any work, an output whose folder does not exist."""
    if output is None:
        return
    folder = Path(output).resolve().parent
    if not folder.is_dir():
        fail([say(f"-o {output}: no such folder {folder}", f"-o {output}：文件夹 {folder} 不存在")])
