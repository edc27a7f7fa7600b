"""The scope, enforced (DESIGN.md): rubrics and targets naming coercive measures, or
capping births, are refused with the reason and the place; services pass.

The hostile examples live here, in tests/, and in the term list
(the README's scope section, read from the package's description), nowhere else.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from kaoping.cli import main
from kaoping.engine import parse_targets, scope_terms, term_in
from kaoping.engine._scope import _any_term
from kaoping.rubrics import default_targets_text

ENV = {"LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "LANGUAGE": ""}

RUBRIC = """\
kaoping: 1
name: 村级服务考评
total: 10
elements:
  a: {label: 通知按时送达户数, type: count}
  b: {label: 应通知户数, type: count}
checks:
  - {rule: a <= b, message: 送达户数不能大于应通知户数}
items:
  - id: x
    title: 通知按时送达
    max: 10
    rules:
      - rate: a / b
        full_at: 0.95
        points: 10
        per_point_below: 1
"""


def run(*args: object) -> tuple[int, str]:
    result = CliRunner().invoke(main, [str(a) for a in args], env=ENV)
    return result.exit_code, result.stderr


# (what changes in RUBRIC, where the refusal points, the measure it names)
RUBRIC_CASES = {
    "a Chinese element label": (
        ("通知按时送达户数", "引产完成数"),
        "r.yaml:5:14:",
        "induced abortion",
    ),
    "an English element code": (("  a: {", "  iud_checks: {"), "r.yaml:5:3:", "IUD insertion"),
    "an item title": (
        ("title: 通知按时送达", "title: 结扎任务完成率"),
        "r.yaml:11:12:",
        "sterilization",
    ),
    "a check's message": (
        ("送达户数不能大于应通知户数", "孕检人数不能大于应查人数"),
        "r.yaml:8:29:",
        "pregnancy checks",
    ),
    "the rubric's name": (
        ("name: 村级服务考评", "name: 社会抚养费征收考评"),
        "r.yaml:2:7:",
        "social maintenance",
    ),
    "an English title": (
        ("title: 通知按时送达", "title: Sterilization quota"),
        "r.yaml:11:12:",
        "sterilization",
    ),
    "a label about hidden births": (("应通知户数", "隐瞒生育线索数"), "r.yaml:6:14:", "informants"),
    "an out-of-plan pregnancy count": (
        ("应通知户数", "计划外怀孕人数"),
        "r.yaml:6:14:",
        "out-of-plan",
    ),
    "a contraceptive procedure quota": (
        ("应通知户数", "节育手术任务数"),
        "r.yaml:6:14:",
        "contraceptive",
    ),
}


@pytest.mark.parametrize("case", RUBRIC_CASES)
def test_check_and_score_refuse_a_rubric_naming_a_coercive_measure(
    case: str, tmp_path: Path
) -> None:
    (old, new), place, measure = RUBRIC_CASES[case]
    assert old in RUBRIC
    text = RUBRIC.replace(old, new, 1)
    (tmp_path / "r.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "d.csv").write_text("unit,period,a,b\nV01,2026Q1,1,2\n", encoding="utf-8")
    for args in (("check", "r.yaml"), ("score", "r.yaml", "d.csv")):
        code, err = run(*[tmp_path / a if a.endswith((".yaml", ".csv")) else a for a in args])
        assert code == 2, err
        assert place in err.replace(str(tmp_path) + "/", ""), err
        assert measure in err and "out of scope" in err, err


def test_the_refusal_is_in_chinese_for_a_chinese_user(tmp_path: Path) -> None:
    (tmp_path / "r.yaml").write_text(RUBRIC.replace("应通知户数", "上环人数", 1), encoding="utf-8")
    result = CliRunner().invoke(
        main, ["check", str(tmp_path / "r.yaml")], env={"LANG": "zh_CN.UTF-8"}
    )
    assert result.exit_code == 2
    assert (
        "r.yaml:6:14: 超出服务范围：“上环人数”涉及放置或检查宫内节育器（“上环”）" in result.stderr
    )


TARGET_CASES = {
    "a birth rate ceiling in per mille": (
        "t:\n  standard: birth_rate\n  every_unit: '<= 12‰'\n",
        "t.yaml:3:15:",
        "ceiling on birth_rate",
    ),
    "a natural growth ceiling": (
        "t:\n  standard: natural_growth_rate\n  spot_checked_units: '< 5'\n",
        "t.yaml:3:23:",
        "ceiling on natural_growth_rate",
    ),
    "a cap on births": (
        "t:\n  indicator: births\n  scale: number\n  every_unit: '<= 30'\n",
        "t.yaml:4:15:",
        "ceiling on births",
    ),
    "births over population, capped for half the units": (
        "t:\n  indicator: births / population\n  share_of_units:\n"
        "    - {at_least: 1/2, value: '< 1.2%'}\n",
        "t.yaml:4:7:",
        "ceiling on births",
    ),
    "a term in a target's title": (
        "t:\n  title: 环检到位率\n  indicator: a / b\n  every_unit: '>= 0.9'\n",
        "t.yaml:2:10:",
        "IUD insertion",
    ),
    "a term in an indicator": (
        "t:\n  indicator: abortions / b\n  every_unit: '>= 0.9'\n",
        "t.yaml:2:14:",
        "induced abortion",
    ),
}


@pytest.mark.parametrize("case", TARGET_CASES)
def test_targets_refuses_a_coercive_target_or_a_ceiling_on_births(
    case: str, tmp_path: Path
) -> None:
    text, place, words = TARGET_CASES[case]
    (tmp_path / "t.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "d.csv").write_text("unit,period,a,b\nV01,2026Q1,1,2\n", encoding="utf-8")
    code, err = run("targets", tmp_path / "t.yaml", tmp_path / "d.csv")
    assert code == 2, err
    assert place in err and words in err, err


@pytest.mark.parametrize(
    "text",
    [
        # A death-rate alarm and a registration rate read births but cap none.
        "t:\n  standard: death_rate\n  every_unit: '<= 12'\n",
        "t:\n  indicator: births_reported_on_time / births\n  every_unit: '>= 0.9'\n",
        "t:\n  indicator: postpartum_visited / births\n  every_unit: '>= 0.9'\n",
    ],
)
def test_a_target_that_caps_no_births_is_accepted(text: str, tmp_path: Path) -> None:
    (tmp_path / "t.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "d.csv").write_text(
        "unit,period,births,births_reported_on_time,postpartum_visited,deaths,"
        "population_start,population_end\nV01,2026Q1,2,2,2,1,1000,1000\n",
        encoding="utf-8",
    )
    code, err = run("targets", tmp_path / "t.yaml", tmp_path / "d.csv")
    assert code == 0, err


@pytest.mark.parametrize(
    "text",
    [
        "产后访视到位率",
        "出生登记及时率",
        "births_unreported",
        "孕前优生健康检查",
        "fluid intake",
        "obligation",
        "两癌筛查",
        "育儿补贴申领",
        "知情后自愿不参加人数",
    ],
)
def test_service_words_are_not_taken_for_coercive_ones(text: str) -> None:
    assert term_in(text) is None


def test_the_shipped_rubric_and_targets_are_within_scope() -> None:
    assert run("check", "default")[0] == 0
    parse_targets(default_targets_text(), "targets.yaml")


BIRTHS_RUBRIC = RUBRIC.replace(
    "  b: {label: 应通知户数, type: count}\n",
    "  b: {label: 应通知户数, type: count}\n  births: {label: 出生数, type: count}\n",
)


@pytest.mark.parametrize(
    ("adjustment", "place"),
    [
        ("deduct_if: births > 30, deduct: 5", "r.yaml:20:37:"),
        ("per_case: births, deduct: 1", "r.yaml:20:36:"),
        ("veto: births / b >= 0.02", "r.yaml:20:32:"),
    ],
)
def test_a_rubric_that_costs_points_as_births_rise_is_refused(
    adjustment: str, place: str, tmp_path: Path
) -> None:
    text = BIRTHS_RUBRIC + f"adjustments:\n  - {{id: cap, title: 控制, {adjustment}}}\n"
    (tmp_path / "r.yaml").write_text(text, encoding="utf-8")
    code, err = run("check", tmp_path / "r.yaml")
    assert code == 2, err
    assert place in err and "a ceiling on births" in err, err


def test_a_rubric_comparing_births_with_another_figure_is_accepted(tmp_path: Path) -> None:
    text = BIRTHS_RUBRIC.replace("  births:", "  late: {label: 按时报告数, type: count}\n  births:")
    text += "adjustments:\n  - {id: cap, title: 报告, deduct_if: late < births, deduct: 1}\n"
    (tmp_path / "r.yaml").write_text(text, encoding="utf-8")
    code, err = run("check", tmp_path / "r.yaml")
    assert code == 0, err


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.sampled_from([t.term for t in scope_terms() if t.term.isascii()]),
            st.sampled_from(["x", "_", "-", ".", " ", "A", "9", "ſ", "K", "İ", "村"]),
            st.text(max_size=3),
        ),
        max_size=5,
    ).map(lambda parts: "".join(parts)),
    st.sampled_from([str.lower, str.upper, str.title, lambda s: s.replace(" ", "_")]),
)
def test_the_one_pattern_finds_a_term_exactly_when_a_term_s_own_pattern_does(
    text: str, case: Callable[[str], str]
) -> None:
    text = case(text)
    english, _ = _any_term()
    own = any(t.pattern.search(text) for t in scope_terms() if t.term.isascii())
    assert (english.search(text) is not None) == own, text
