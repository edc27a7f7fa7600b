"""RUBRIC.md §1–3: a rubric is refused, with every problem at FILE:LINE:COLUMN, exit 2.

"A rubric that breaks any rule of this page is refused before any data is read,
with every problem listed as FILE:LINE:COLUMN: message (line of the offending
key), and exit status 2. Unknown keys are errors, not silently ignored."
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ._cli import kaoping, line_of, rubric, rubric_problem_lines, write

VALID = rubric(
    """\
elements:
  invited: {label: 应到人数, type: count}
  attended: {label: 实到人数, type: count}
  late: {label: 迟报份数, type: count, default: 0}
  ok: {label: 记录规范, type: bool, default: 1}
  paid: {label: 发放金额, type: amount, default: 0}
  accuracy: {label: 准确率, type: number, default: 1}
checks:
  - {rule: attended <= invited, message: 实到不能大于应到}
items:
  - id: attendance
    title: 到位率
    max: 6
    rules:
      - rate: attended / invited
        full_at: 0.95
        points: 6
        per_point_below: 1
        partial: ceil
        if_undefined: zero
  - id: office
    title: 内业
    max: 4
    parts:
      - id: reports
        title: 报表
        max: 2
        rules:
          - per_case: late
            deduct: 1
            cap: 2
            title: 迟报
      - id: records
        title: 记录
        max: 2
        rules:
          - {check: ok, points: 2}
          - {deduct_if: accuracy < 1, deduct: 1}
          - {zero_if: not ok}
          - {manual: true, note: 视情况扣分}
adjustments:
  - id: award
    title: 表彰
    check: paid > 0
    bonus: 1
  - id: unreported
    title: 漏报
    per_case: late
    deduct: 1
  - id: slack
    deduct_if: accuracy < 0.5
    deduct: 2
  - id: fraud
    veto: accuracy < 0.1
bonus_cap: 2
ranking:
  order: desc
  ties: shared
  top: 1
  bottom: 1
  boundary: include_ties
consequences:
  - group: top
    streak: 1
    actions:
      - {kind: 通报表扬, to: [unit]}
  - group: bottom
    streak: 2
    actions:
      - {kind: 罚款, to: [secretary], amount: 300}
"""
)


def check(tmp_path: Path, text: str) -> tuple[int, str, str, list[tuple[int, int, str]]]:
    path = write(tmp_path, "rubric.yaml", text)
    run = kaoping("check", path)
    return run.code, run.stdout, run.stderr, rubric_problem_lines(run.stderr, "rubric.yaml")


def test_a_rubric_using_every_documented_key_is_valid(tmp_path: Path) -> None:
    code, _, stderr, problems = check(tmp_path, VALID)
    assert (code, problems) == (0, []), stderr


# (why, text to replace in VALID, replacement, text on the offending line)
BROKEN = [
    ("unknown top-level key", "total: 10\n", "total: 10\ncolour: red\n", "colour:"),
    ("unknown item key", "    max: 6\n", "    max: 6\n    weight: 3\n", "weight:"),
    ("misspelt rule option", "        full_at: 0.95\n", "        full_a: 0.95\n", "full_a:"),
    (
        "unknown element key",
        "  late: {label: 迟报份数, type: count, default: 0}\n",
        "  late: {label: 迟报份数, type: count, default: 0}\n  extra: {lable: 额外}\n",
        "lable",
    ),
    ("unknown ranking key", "  ties: shared\n", "  ties: shared\n  tie_break: code\n", "tie_break"),
    (
        "unknown adjustment key",
        "    bonus: 1\n",
        "    bonus: 1\n    weight: 2\n",
        "    weight: 2",
    ),
    ("unknown amount form", "amount: 300}", "amount: {by_rnk: [300]}}", "by_rnk"),
    ("unknown action key", "to: [unit]}", "to: [unit], when: now}", "when: now"),
    (
        "consequence group other than top/bottom",
        "  - group: bottom\n",
        "  - group: worst\n",
        "group: worst",
    ),
    ("adjustment id not [a-z][a-z0-9_]*", "  - id: award\n", "  - id: Award\n", "id: Award"),
    ("adjustment ids repeated", "  - id: slack\n", "  - id: award\n", ("id: award", 2)),
    ("item without max", "    max: 6\n", "", "  - id: attendance"),
    ("unknown consequence key", "    streak: 1\n", "    streak: 1\n    repeat: 2\n", "repeat:"),
    (
        "unknown check key",
        "message: 实到不能大于应到}",
        "message: 实到不能大于应到, level: x}",
        "level",
    ),
    ("format version other than 1", "kaoping: 1\n", "kaoping: 2\n", "kaoping: 2"),
    ("id not [a-z][a-z0-9_]*", "  - id: attendance\n", "  - id: Attendance\n", "Attendance"),
    ("id starting with a digit", "      - id: reports\n", "      - id: 1reports\n", "1reports"),
    ("sibling ids repeated", "      - id: records\n", "      - id: reports\n", ("id: reports", 2)),
    ("unknown element type", "type: number, default: 1}", "type: percent, default: 1}", "percent"),
    ("partial not exact/floor/ceil", "partial: ceil", "partial: round", "partial: round"),
    ("if_undefined not full/zero", "if_undefined: zero", "if_undefined: half", "if_undefined"),
    (
        "rule with two kinds",
        "      - {check: ok, points: 2}\n",
        "      - {check: ok, points: 2, deduct_if: late > 0, deduct: 1}\n",
        "check: ok, points: 2, deduct_if",
    ),
    ("rate without points", "        points: 6\n", "", "- rate: attended / invited"),
    (
        "per_case without deduct",
        "            deduct: 1\n            cap: 2\n",
        "            cap: 2\n",
        "- per_case: late",
    ),
    (
        "expression syntax error",
        "rate: attended / invited",
        "rate: attended / / invited",
        "rate: attended / / invited",
    ),
    (
        "unbalanced parenthesis",
        "deduct_if: accuracy < 1,",
        "deduct_if: (accuracy < 1,",
        "(accuracy",
    ),
    ("unknown function", "zero_if: not ok}", "zero_if: round(ok)}", "round(ok)"),
    (
        "undeclared element",
        "per_case: late\n            deduct",
        "per_case: lates\n            deduct",
        "per_case: lates",
    ),
    (
        "undeclared element in a check",
        "rule: attended <= invited",
        "rule: attended <= invitd",
        "invitd",
    ),
    (
        "undeclared element in an adjustment",
        "veto: accuracy < 0.1",
        "veto: acuracy < 0.1",
        "acuracy",
    ),
    (
        "a node with both parts and rules",
        "    max: 4\n    parts:\n",
        "    max: 4\n    rules:\n      - {per_case: late, deduct: 1}\n    parts:\n",
        None,
    ),
]


@pytest.mark.parametrize(("why", "old", "new", "needle"), BROKEN, ids=[b[0] for b in BROKEN])
def test_a_broken_rubric_is_refused_at_the_offending_line(
    tmp_path: Path, why: str, old: str, new: str, needle: str | tuple[str, int] | None
) -> None:
    assert old in VALID
    text = VALID.replace(old, new, 1)
    code, _stdout, stderr, problems = check(tmp_path, text)
    assert code == 2, stderr
    assert problems, f"no FILE:LINE:COLUMN line in {stderr!r}"
    assert all(column >= 1 for _, column, _ in problems)
    if needle is not None:
        needle_text, nth = needle if isinstance(needle, tuple) else (needle, 1)
        assert line_of(text, needle_text, nth) in {line for line, _, _ in problems}, stderr


@pytest.mark.parametrize("key", ["kaoping", "name", "total", "items"])
def test_a_rubric_without_a_required_key_is_refused(tmp_path: Path, key: str) -> None:
    lines = VALID.splitlines(keepends=True)
    if key == "items":
        start = lines.index("items:\n")
        end = lines.index("adjustments:\n")
        text = "".join(lines[:start] + lines[end:])
    else:
        text = "".join(line for line in lines if not line.startswith(f"{key}:"))
    code, _, stderr, problems = check(tmp_path, text)
    assert code == 2
    assert problems
    assert key in stderr


def test_every_problem_is_listed_not_only_the_first(tmp_path: Path) -> None:
    text = (
        VALID.replace("total: 10\n", "total: 10\ncolour: red\n")
        .replace("  - id: attendance\n", "  - id: Attendance\n")
        .replace("per_case: late\n            deduct", "per_case: lates\n            deduct")
    )
    code, _, _stderr, problems = check(tmp_path, text)
    assert code == 2
    lines = {line for line, _, _ in problems}
    assert {line_of(text, "colour:"), line_of(text, "Attendance"), line_of(text, "lates")} <= lines


def test_a_yaml_syntax_error_is_a_rubric_error_with_its_place(tmp_path: Path) -> None:
    text = VALID.replace("    max: 6\n", "    max: [6\n")
    code, stdout, stderr, problems = check(tmp_path, text)
    assert (code, stdout) == (2, "")
    assert problems, stderr


@pytest.mark.parametrize(
    "expression", ["n = 1", "n && m", "n m", "n > 0 and", "(n", "abs(n, m)", "n ** 2"]
)
def test_an_expression_syntax_error_is_placed_on_its_line_and_within_the_expression(
    tmp_path: Path, expression: str
) -> None:
    text = rubric(
        "elements:\n  n: {label: N, type: count}\n  m: {label: M, type: count}\n"
        "items:\n  - id: k\n    title: K\n    max: 10\n    rules:\n"
        f"      - deduct_if: '{expression}'\n        deduct: 1\n"
    )
    code, _, stderr, problems = check(tmp_path, text)
    assert code == 2
    # line 12 holds `- deduct_if: '...'`; the quoted scalar starts at column 20
    start = len("      - deduct_if: ") + 1
    assert [
        (line, start <= column <= start + len(expression) + 1) for line, column, _ in problems
    ] == [(12, True)], stderr


def test_manual_columns_need_no_declaration(tmp_path: Path) -> None:
    # "every element an expression names must be declared (the manual columns of
    # section 3 aside)": office.records.manual is the manual column of that leaf.
    text = VALID.replace(
        "  - id: slack\n",
        "  - id: heavy_manual\n    deduct_if: office.records.manual > 1\n    deduct: 1\n  - id: slack\n",
    )
    code, _, stderr, _ = check(tmp_path, text)
    assert code == 0, stderr


def test_a_bad_rubric_is_refused_before_any_data_is_read(tmp_path: Path) -> None:
    path = write(tmp_path, "rubric.yaml", VALID.replace("total: 10\n", "total: 10\ncolour: red\n"))
    run = kaoping("score", path, tmp_path / "no-such-file.csv", "--format", "json")
    assert run.code == 2
    assert run.stdout == ""
    assert rubric_problem_lines(run.stderr, "rubric.yaml")
    assert "no-such-file" not in run.stderr


def test_a_rubric_declaring_no_elements_is_checked_against_the_data_columns(tmp_path: Path) -> None:
    text = rubric(
        "items:\n  - id: a\n    title: A\n    max: 10\n    rules:\n      - {per_case: late + lost, deduct: 1}\n"
    )
    path = write(tmp_path, "rubric.yaml", text)
    good = write(tmp_path, "good.csv", "unit,period,late,lost\nV01,2026Q3,1,2\n")
    bad = write(tmp_path, "bad.csv", "unit,period,late\nV01,2026Q3,1\n")
    # 10 - (1 + 2) * 1 = 7
    ok = kaoping("score", path, good, "--format", "json")
    assert ok.json()["units"][0]["total"] == 7
    refused = kaoping("score", path, bad, "--format", "json")
    assert (refused.code, refused.stdout) == (2, "")
    assert "lost" in refused.stderr


MAXIMA = rubric(
    """\
elements:
  late: {label: 迟报, type: count}
items:
  - id: a
    title: A
    max: 4
    parts:
      - id: x
        title: X
        max: 3
        rules:
          - {per_case: late, deduct: 1}
      - id: y
        title: Y
        max: 3
        rules:
          - {per_case: late, deduct: 1}
  - id: b
    title: B
    max: 5
    rules:
      - {per_case: late, deduct: 1}
"""
)


def test_maxima_that_do_not_add_up_are_warnings_on_stderr_not_errors(tmp_path: Path) -> None:
    # items: 4 + 5 = 9, total 10; a's parts: 3 + 3 = 6, a's max 4.
    code, _stdout, stderr, _problems = check(tmp_path, MAXIMA)
    assert code == 0
    assert stderr.strip() != ""
    assert len(stderr.strip().splitlines()) >= 2
    data = write(tmp_path, "d.csv", "unit,period,late\nV01,2026Q3,0\n")
    run = kaoping("score", tmp_path / "rubric.yaml", data, "--format", "json")
    # a = min(4, 3 + 3) = 4; b = 5; total 9 (the warning does not change the numbers)
    result = run.json()
    assert result["units"][0]["scores"] == {"a": 4, "a.x": 3, "a.y": 3, "b": 5}
    assert result["units"][0]["total"] == 9
    assert run.stderr.strip() != ""


def test_problems_keep_their_place_in_a_chinese_locale(tmp_path: Path) -> None:
    text = VALID.replace("total: 10\n", "total: 10\ncolour: red\n")
    path = write(tmp_path, "rubric.yaml", text)
    run = kaoping("check", path, env={"LANG": "zh_CN.UTF-8", "LC_ALL": "zh_CN.UTF-8"})
    assert run.code == 2
    assert line_of(text, "colour:") in {
        line for line, _, _ in rubric_problem_lines(run.stderr, "rubric.yaml")
    }
