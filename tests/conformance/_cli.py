"""Running `kaoping` the way a user does, for the conformance suite.

The suite is written from RUBRIC.md alone: it knows the command line, the file
formats and the JSON shape, nothing of kaoping's insides.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from kaoping.cli import main

# English messages whatever the machine's locale, so that places can be found.
ENV = {"LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "LANGUAGE": ""}

HEAD = "kaoping: 1\nname: 测试细则\ntotal: {total}\n"


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str

    def json(self) -> dict[str, Any]:
        assert self.code == 0, self.stderr
        data: dict[str, Any] = json.loads(self.stdout)
        return data


def kaoping(*args: object, env: dict[str, str] | None = None) -> Run:
    result = CliRunner().invoke(
        main, [str(a) for a in args], env={**ENV, **(env or {})}, catch_exceptions=False
    )
    return Run(result.exit_code, result.stdout, result.stderr)


def rubric(body: str, total: int | str = 10) -> str:
    """A rubric: the three required header keys, then BODY (YAML)."""
    return HEAD.format(total=total) + body


def write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding=encoding)
    return path


def score(
    tmp_path: Path, rubric_text: str, *data: str, args: tuple[object, ...] = ()
) -> dict[str, Any]:
    """Score DATA (CSV texts, one file each) with RUBRIC_TEXT; the JSON object."""
    rubric_path = write(tmp_path, "rubric.yaml", rubric_text)
    paths = [write(tmp_path, f"data{i}.csv", text) for i, text in enumerate(data)]
    run = kaoping("score", rubric_path, *paths, "--format", "json", *args)
    return run.json()


def score_run(tmp_path: Path, rubric_text: str, *data: str, args: tuple[object, ...] = ()) -> Run:
    rubric_path = write(tmp_path, "rubric.yaml", rubric_text)
    paths = [write(tmp_path, f"data{i}.csv", text) for i, text in enumerate(data)]
    return kaoping("score", rubric_path, *paths, "--format", "json", *args)


def units(result: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {u["unit"]: u for u in result["units"]}


def totals(result: dict[str, Any]) -> dict[str, Any]:
    return {u["unit"]: u["total"] for u in result["units"]}


def rubric_problem_lines(stderr: str, filename: str) -> list[tuple[int, int, str]]:
    """(line, column, message) of every `FILE:LINE:COLUMN: message` naming FILENAME."""
    found = []
    for line in stderr.splitlines():
        m = re.search(re.escape(filename) + r":(\d+):(\d+): (.+)$", line)
        if m:
            found.append((int(m.group(1)), int(m.group(2)), m.group(3)))
    return found


def line_of(text: str, needle: str, nth: int = 1) -> int:
    """1-based number of the NTH line of TEXT that contains NEEDLE."""
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            nth -= 1
            if nth == 0:
                return number
    raise AssertionError(f"{needle!r} not in text")


def data_problem(stderr: str, tmp_path: Path, file: str, row: int, column: str, value: str) -> bool:
    """Whether stderr has a line naming FILE, ROW (header = row 1), COLUMN and VALUE.

    The folder of the files is dropped first, so that its digits match nothing; the
    value must stand on its own (`2` does not match inside `2.5` or `row 2`'s `12`).
    """
    pattern = re.compile(r"(?<![\w.\-])" + re.escape(value) + r"(?![\w.])") if value else None
    for line in stderr.replace(str(tmp_path), "").splitlines():
        _, found, rest = line.partition(f"{file}:{row}:")
        if not found or column not in rest:
            continue
        if pattern is None or pattern.search(rest.replace(column, "", 1)):
            return True
    return False
