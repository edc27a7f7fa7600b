"""A broken rubric is refused before any data is read, every problem located
as FILE:LINE:COLUMN (RUBRIC.md §1)."""

from __future__ import annotations

import pytest

from kaoping.engine import RubricError, parse_rubric

HEAD = "kaoping: 1\nname: 细则\ntotal: 10\n"
LEAF = "items:\n  - id: x\n    title: X\n    max: 10\n    rules:\n"


def problems(text: str) -> list[str]:
    with pytest.raises(RubricError) as err:
        parse_rubric(text, "r.yaml")
    return err.value.problems


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # unknown keys are errors, at the key's line and column
        (HEAD + "colour: red\n" + LEAF + "      - {per_case: n, deduct: 1}\n",
         "r.yaml:4:1: the rubric: unknown key 'colour'"),
        (HEAD + LEAF + "      - {per_case: n, deduct: 1, dedcut: 2}\n",
         "r.yaml:9:34: item x, rule 1 (per_case): unknown key 'dedcut'"),
        # missing keys
        ("name: 细则\ntotal: 10\n" + LEAF + "      - {per_case: n, deduct: 1}\n",
         "missing required key 'kaoping'"),
        (HEAD + LEAF + "      - {rate: a / b, points: 10, per_point_below: 1}\n",
         "r.yaml:9:9: item x, rule 1 (rate): missing required key 'full_at'"),
        # wrong types
        (HEAD + "items:\n  - id: x\n    title: X\n    max: ten\n    rules:\n      - {check: a, points: 1}\n",
         "r.yaml:7:10: item x.max must be a number, not 'ten'"),
        (HEAD + LEAF + "      - {rate: a / b, full_at: 0.9, points: 10, per_point_below: 1, partial: round}\n",
         "partial must be one of exact, floor, ceil, not 'round'"),
        (HEAD + LEAF + "      - {per_case: n, deduct: -1}\n", "deduct must be 0 or more"),
        ("kaoping: 2\nname: 细则\ntotal: 10\n" + LEAF + "      - {per_case: n, deduct: 1}\n",
         "r.yaml:1:10: kaoping: the format version must be 1"),
        # ids
        (HEAD + "items:\n  - id: Service\n    title: X\n    max: 10\n    rules:\n      - {check: a, points: 1}\n",
         "r.yaml:5:9: id 'Service' must match [a-z][a-z0-9_]*"),
        (HEAD + LEAF + "      - {check: a, points: 1}\n  - id: x\n    title: Y\n    max: 0\n    rules:\n      - {check: a, points: 1}\n",
         "r.yaml:10:9: item x: duplicate id 'x' among its siblings"),
        # expressions: the column points into the expression
        (HEAD + LEAF + "      - {check: a >= , points: 1}\n", "r.yaml:9:21: item x, rule 1 (check): expression ends too early"),
        (HEAD + LEAF + "      - {check: floor(a), points: 1}\n", "unknown function 'floor'"),
        (HEAD + "elements:\n  a: {label: A, type: count}\n" + LEAF + "      - {per_case: a + b, deduct: 1}\n",
         "r.yaml:11:24: unknown element 'b' (not declared in elements)"),
        # shapes
        (HEAD + "items:\n  - id: x\n    title: X\n    max: 10\n", "item x: an item needs parts or rules"),
        (HEAD + LEAF + "      - {check: a, deduct_if: b, points: 1}\n", "one kind per rule"),
        (HEAD + LEAF + "      - {manual: false}\n", "manual must be true"),
        (HEAD + "elements:\n  a: {label: A, type: count, default: -1}\n" + LEAF + "      - {check: a, points: 1}\n",
         "r.yaml:5:39: elements.a.default: '-1' is negative"),
        (HEAD + LEAF + "      - {check: a, points: 1}\nranking: {ties: random}\n", "ranking.ties must be one of shared, dense"),
        (HEAD + LEAF + "      - {check: a, points: 1}\nconsequences:\n  - {group: top, streak: 1, actions: [{kind: 奖励, to: [service_worker, director], amount: {by_role: {service_worker: 100}}}]}\n",
         "no amount for 'director', named in to"),
        ("kaoping: 1\nname: [broken\n", "r.yaml:3:1: YAML syntax error"),
        (HEAD + "items:\n  - id: x\n    id: y\n    title: X\n    max: 10\n    rules: [{check: a, points: 1}]\n", "duplicate key 'id'"),
    ],
)  # fmt: skip
def test_it_refuses_a_broken_rubric_with_the_place(text: str, expected: str) -> None:
    found = problems(text)
    assert any(expected in p for p in found), found


def test_it_reports_every_problem_at_once() -> None:
    text = (
        HEAD
        + "colour: red\n"
        + LEAF
        + "      - {per_case: n, deduct: x}\n      - {check: , points: 1}\n"
    )
    found = problems(text)
    assert len(found) == 3, found
    assert [p.split(":")[1] for p in found] == ["4", "10", "11"]  # sorted by line


def test_the_shipped_rubric_validates_without_warnings() -> None:
    from kaoping.cli import default_rubric_text

    r = parse_rubric(default_rubric_text(), "default.yaml")
    assert r.warnings == ()
    assert r.total == 100
    assert sum(i.max for i in r.items) == 100


def test_maxima_that_do_not_add_up_are_warnings_not_errors() -> None:
    r = parse_rubric(
        HEAD.replace("total: 10", "total: 100") + LEAF + "      - {check: a, points: 10}\n",
        "r.yaml",
    )
    assert r.warnings == ("r.yaml:4: warning: the items' max values add up to 10, not total 100",)


def test_a_rubric_without_elements_reads_the_names_its_expressions_use() -> None:
    r = parse_rubric(
        HEAD + LEAF + "      - {rate: done / due, full_at: 1, points: 10, per_point_below: 1}\n"
    )
    assert list(r.data_elements()) == ["done", "due"]


@pytest.mark.parametrize(
    ("text", "expected_zh"),
    [
        (HEAD + "colour: red\n" + LEAF + "      - {per_case: n, deduct: 1}\n", "r.yaml:4:1: 细则：未知的键“colour”"),
        (HEAD + LEAF + "      - {check: a >= , points: 1}\n", "r.yaml:9:21: 项目 x，第1条规则 (check)：表达式“a >=”有误：表达式不完整"),
        (HEAD + "elements:\n  a: {label: A, type: count}\n" + LEAF + "      - {per_case: a + b, deduct: 1}\n",
         "r.yaml:11:24: 未知的数据项“b”（elements 中没有声明）"),
        (HEAD + LEAF + "      - {rate: a / b, points: 10, per_point_below: 1}\n", "r.yaml:9:9: 项目 x，第1条规则 (rate)：缺少必填的键“full_at”"),
    ],
)  # fmt: skip
def test_every_problem_also_reads_in_chinese(text: str, expected_zh: str) -> None:
    with pytest.raises(RubricError) as err:
        parse_rubric(text, "r.yaml")
    assert len(err.value.problems_zh) == len(err.value.problems)
    assert any(expected_zh in p for p in err.value.problems_zh), err.value.problems_zh
