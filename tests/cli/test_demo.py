"""`kaoping demo` runs as a new user would, and its township makes every rule bite."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from kaoping.cli import main
from kaoping.demo import build_demo
from kaoping.engine import People, assess, parse_rubric


def test_the_demo_prints_the_ranking_and_writes_its_files(tmp_path: Path) -> None:
    out = tmp_path / "demo"
    result = CliRunner(env={"LANG": "zh_CN.UTF-8"}).invoke(main, ["demo", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "2026年第四季度" in result.stdout
    assert "讲评兑现" in result.stdout
    assert "扣分最多的五项" in result.stdout
    for name in (
        "rubric.yaml",
        "data.csv",
        "people.csv",
        "units.csv",
        "scores-2026Q4.xlsx",
        "scores-2026Q4.json",
    ):
        assert (out / name).is_file(), name
    doc = json.loads((out / "scores-2026Q4.json").read_text(encoding="utf-8"))
    assert len(doc["units"]) == 21


def test_the_demos_files_score_the_same_from_the_command_line(tmp_path: Path) -> None:
    out = tmp_path / "demo"
    runner = CliRunner()
    runner.invoke(main, ["demo", "--out", str(out)])
    result = runner.invoke(
        main,
        [
            "score",
            str(out / "rubric.yaml"),
            str(out / "data.csv"),
            "--people",
            str(out / "people.csv"),
            "--format",
            "json",
        ],
    )
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == json.loads(
        (out / "scores-2026Q4.json").read_text(encoding="utf-8")
    )


def test_the_demo_township_makes_the_rules_bite() -> None:
    township = build_demo()
    assert len(township.units) == 21 and len({u.area for u in township.units}) == 4
    a = assess(parse_rubric(township.rubric_text), township.frame, People(township.people))
    q4 = a.latest
    # a village at the top two quarters running, one at the bottom three running
    assert any(u.group == "top" and u.streak >= 2 for u in q4)
    assert any(u.group == "bottom" and u.streak >= 3 for u in q4)
    # ties, a bonus, a deduction on the total, a manual deduction
    assert any(x.rank == y.rank for x, y in zip(q4.units, q4.units[1:], strict=False))
    assert any(u.bonuses for p in a.periods for u in p)
    assert any(
        d.path.startswith("adjustments.") for p in a.periods for u in p for d in u.deductions
    )
    assert any(d.path == "other" for u in q4 for d in u.deductions)
    # awards and fines reach named people
    money = [x for u in q4 for x in u.actions if x.amount is not None]
    assert money and all(x.person for x in money)


def test_the_demo_is_the_same_every_time() -> None:
    assert build_demo().frame.equals(build_demo().frame)
