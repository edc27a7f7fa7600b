"""Hostile files and options are refused quickly, with the place, and exit 2.

Each case runs the real command line in a subprocess with a timeout: before the
bounds, these hung (exact arithmetic on 1e-99999999), grew without limit (YAML
aliases), or ended in exit 1 "internal error" (deep nesting, huge integers).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

RUBRIC = """\
kaoping: 1
name: t
total: 10
elements:
  a: {label: A, type: count}
  b: {label: B, type: count}
  c: {label: C, type: number}
items:
  - id: x
    title: X
    max: 10
    rules:
      - rate: a / b
        full_at: 0.95
        points: 10
        per_point_below: 1
"""

ALIAS_BOMB = """\
a: &a ["x","x","x","x","x","x","x","x","x"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
"""

TEN_THOUSAND_DIGITS = "1" + "0" * 10_000

RUBRIC_CASES = {
    # name: (file text, the place and words the refusal must have)
    "an alias bomb": (ALIAS_BOMB, "r.yaml:2:8:", "aliases"),
    "5000 nested lists": ("a: " + "[" * 5000 + "]" * 5000 + "\n", "r.yaml:1:35:", "nested"),
    "30000 values": ("a: [" + "1," * 30_000 + "]\n", "r.yaml:1:", "20000"),
    "a 300 KB file": ("#" + "x" * 300_000 + "\n" + RUBRIC, "r.yaml:1:1:", "bytes"),
    "a ratio of 1.0e-99999999": (
        RUBRIC.replace("full_at: 0.95", "full_at: 1.0e-99999999"),
        "r.yaml:14:18:",
        "decimal places",
    ),
    "points of 1.0e+999999999": (
        RUBRIC.replace("points: 10", "points: 1.0e+999999999"),
        "r.yaml:15:17:",
        "too large",
    ),
    "a maximum of 1.0e+999999999": (
        RUBRIC.replace("max: 10", "max: 1.0e+999999999"),
        "r.yaml:11:10:",
        "too large",
    ),
    "a ranking size of ten thousand digits": (
        RUBRIC + f"ranking: {{top: {TEN_THOUSAND_DIGITS}}}\n",
        "r.yaml:17:16:",
        "too large",
    ),
    "a 22-place number in an expression": (
        RUBRIC.replace("rate: a / b", "rate: a / b * 0.0000000000000000000001"),
        "r.yaml:13:23:",
        "decimal places",
    ),
    "a default of 1e-99999999": (
        RUBRIC.replace("type: number}", "type: number, default: 1e-99999999}"),
        "r.yaml:7:",
        "decimal places",
    ),
}

TARGET_CASES = {
    "an alias in targets": ("a: &x {indicator: a / b}\nb: *x\n", "t.yaml:2:4:", "aliases"),
    "a threshold with 22 places": (
        't:\n  indicator: a / b\n  every_unit: ">= 0.0000000000000000000001"\n',
        "t.yaml:3:15:",
        "decimal places",
    ),
    "a weight of 1e999999999": (
        "s:\n  total: 10\n  weights: {a: 1e999999999}\n",
        "t.yaml:3:16:",
        "too large",
    ),
    "a share of ten-thousand-digit parts": (
        "t:\n  indicator: a / b\n  share_of_units:\n"
        f"    - {{at_least: 1/{TEN_THOUSAND_DIGITS}, value: '>= 0.5'}}\n",
        "t.yaml:4:18:",
        "too large",
    ),
    "a total of 10^30": (
        "s:\n  total: " + "1" + "0" * 30 + "\n  weights: {a: 1}\n",
        "t.yaml:2:10:",
        "too large",
    ),
    "5000 nested mappings": (
        "a: " + "{b: " * 5000 + "1" + "}" * 5000 + "\n",
        "t.yaml:1:",
        "nested",
    ),
}

ENV = {**os.environ, "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "LANGUAGE": ""}


def kaoping(*args: object, cwd: Path) -> subprocess.CompletedProcess[str]:
    # The timeout catches a hang; the bounds answer at once.
    return subprocess.run(
        [str(Path(sys.executable).with_name("kaoping")), *map(str, args)],
        cwd=cwd,
        env=ENV,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize("case", RUBRIC_CASES)
def test_check_refuses_a_hostile_rubric_with_its_place(case: str, tmp_path: Path) -> None:
    text, place, words = RUBRIC_CASES[case]
    (tmp_path / "r.yaml").write_text(text, encoding="utf-8")
    result = kaoping("check", "r.yaml", cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert "internal error" not in result.stderr
    assert place in result.stderr and words in result.stderr, result.stderr


@pytest.mark.parametrize("case", TARGET_CASES)
def test_targets_refuses_a_hostile_targets_file_with_its_place(case: str, tmp_path: Path) -> None:
    text, place, words = TARGET_CASES[case]
    (tmp_path / "t.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "d.csv").write_text("unit,period,a,b\nV01,2026Q1,1,2\n", encoding="utf-8")
    result = kaoping("targets", "t.yaml", "d.csv", cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert "internal error" not in result.stderr
    assert place in result.stderr and words in result.stderr, result.stderr


@pytest.mark.parametrize(
    ("weights", "total", "words"),
    [
        ("a=1e999999999", "10", "--weights: a: '1e999999999' is too large"),
        ("a=1e-99999999", "10", "--weights: a: '1e-99999999' has more than 18 decimal places"),
        (f"a=1/{TEN_THOUSAND_DIGITS}", "10", "--weights: a:"),
        ("a=1", "1" + "0" * 30, "the total 1" + "0" * 30 + " is too large"),
    ],
)
def test_allocate_refuses_an_unbounded_weight_or_total(
    weights: str, total: str, words: str, tmp_path: Path
) -> None:
    (tmp_path / "f.csv").write_text("unit,name,a\nV01,x,10\nV02,y,20\n", encoding="utf-8")
    result = kaoping("allocate", "f.csv", "--total", total, "--weights", weights, cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert words in result.stderr, result.stderr


@pytest.mark.parametrize("value", ["1e-99999999", "1e999999999", "0." + "0" * 30 + "1"])
def test_score_refuses_a_data_value_beyond_the_bounds(value: str, tmp_path: Path) -> None:
    (tmp_path / "r.yaml").write_text(RUBRIC, encoding="utf-8")
    (tmp_path / "d.csv").write_text(
        f"unit,period,a,b,c\nV01,2026Q1,1,2,{value}\n", encoding="utf-8"
    )
    result = kaoping("score", "r.yaml", "d.csv", cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert "d.csv:2" in result.stderr, result.stderr


def test_a_rubric_within_every_bound_still_passes(tmp_path: Path) -> None:
    (tmp_path / "r.yaml").write_text(
        RUBRIC.replace("full_at: 0.95", "full_at: 0.950000000000000000"), encoding="utf-8"
    )
    result = kaoping("check", "r.yaml", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
