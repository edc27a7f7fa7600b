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


def load_data(rubric: Any, paths: Sequence[str]) -> Any:
    """The figures: a township's plain file read without Polars (start-up is most of
    a township's scoring), anything else by the full reader, which words every problem."""
    from ..io import read_small

    for p in paths:
        if not Path(p).is_file():
            fail([say(f"{p}: no such file", f"{p}：文件不存在")])
    small = read_small(paths, rubric.data_elements(), rubric.manual_columns)
    if small is not None:
        return small
    from ..io import DataFileError, read_data

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
    from ..io import DataFileError, read_people

    if not Path(path).is_file():
        fail([say(f"{path}: no such file", f"{path}：文件不存在")])
    try:
        return read_people(path)
    except DataFileError as err:
        zh = chinese()
        fail([p.format_zh() if zh else str(p) for p in err.problems])


def run_assessment(rubric: Any, frame: Any, people: Any) -> Any:
    from ..engine import AssessmentError, assess

    try:
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


def check_output(output: str | None) -> None:
    """Refuse, before any work, an output whose folder does not exist."""
    if output is None:
        return
    folder = Path(output).resolve().parent
    if not folder.is_dir():
        fail([say(f"-o {output}: no such folder {folder}", f"-o {output}：文件夹 {folder} 不存在")])
