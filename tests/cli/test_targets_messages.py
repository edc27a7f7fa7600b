"""Every problem of a targets file, as ``kaoping targets`` says it under an
English and a Chinese locale: the place (file, line, column, field) and the value."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from kaoping.cli import main

TARGET_KEYS = (
    "aim_spot_checked, columns, every_unit, if_undefined, indicator, periods, scale, "
    "share_of_units, spot_checked_units, standard, title"
)

# (targets file, English message, Chinese message), each written out by hand.
CASES = [
    (
        "a:\n  indicator: x / y\n  every_unit: '>= 0.8'\n  aim: 1\n",
        f"t.yaml:4:3: target a: unknown key 'aim' (allowed: {TARGET_KEYS})",
        f"t.yaml:4:3: 目标 a：未知的键“aim”（可用：{TARGET_KEYS}）",
    ),
    (
        "a:\n  indicator: x / y\n  every_unit: 80%\n",
        "t.yaml:3:15: target a: every_unit: '80%' is not a comparison like '>= 0.80' "
        "(>=, >, <=, <)",
        "t.yaml:3:15: 目标 a 的 every_unit：“80%”不是比较式（如 '>= 0.80'，可用 >=、>、<=、<）",
    ),
    (
        "a:\n  indicator: x / y\n  every_unit:\n",
        "t.yaml:3:14: target a: every_unit: give a comparison like '>= 0.80' (>=, >, <=, <), "
        "not null",
        "t.yaml:3:14: 目标 a 的 every_unit：应为比较式（如 '>= 0.80'，可用 >=、>、<=、<），不是null",
    ),
    (
        "a:\n  standard: birth_ratio\n  every_unit: '>= 12'\n",
        "t.yaml:2:13: target a: standard must be one of birth_rate, death_rate, "
        "natural_growth_rate, not 'birth_ratio'",
        "t.yaml:2:13: 目标 a 的 standard 应为 birth_rate、death_rate、natural_growth_rate 之一，"
        "不是“birth_ratio”",
    ),
    (
        "a:\n  indicator: x / (y\n  every_unit: '>= 0.8'\n",
        "t.yaml:2:20: target a: indicator: expected ')', found end of expression in 'x / (y'",
        "t.yaml:2:20: 目标 a 的 indicator：表达式“x / (y”有误：此处应为“)”，实为表达式结尾",
    ),
    (
        "a:\n  indicator: x / y\n  standard: birth_rate\n  every_unit: '>= 1'\n",
        "t.yaml:2:3: target a: give exactly one of 'indicator' (an expression) or 'standard'",
        "t.yaml:2:3: 目标 a：indicator（表达式）与 standard 须给出其一，且只给一个",
    ),
    (
        "a:\n  indicator: x / y\n",
        "t.yaml:2:3: target a: no clause; give every_unit, share_of_units, spot_checked_units "
        "or aim_spot_checked",
        "t.yaml:2:3: 目标 a：没有条款；请给出 every_unit、share_of_units、spot_checked_units "
        "或 aim_spot_checked",
    ),
    (
        "a:\n  indicator: x / y\n  share_of_units:\n    - {at_least: 3/2, value: '>= 0.9'}\n",
        "t.yaml:4:18: target a: share_of_units: at_least must be a share above 0 and at most 1 "
        "(1/2, 0.5, 50%), not '3/2'",
        "t.yaml:4:18: 目标 a 的 share_of_units.at_least 应为大于0、不超过1的比例"
        "（如 1/2、0.5、50%），不是“3/2”",
    ),
    (
        "a:\n  indicator: x / y\n  share_of_units:\n    - {at_least: 1/2}\n",
        "t.yaml:4:7: target a: share_of_units: missing required key 'value'",
        "t.yaml:4:7: 目标 a 的 share_of_units：缺少必填的键“value”",
    ),
    (
        "a:\n  indicator: x / y\n  every_unit: '>= 1'\n  periods: [autumn]\n",
        "t.yaml:4:13: target a: periods: not a period: 'autumn' "
        "(expected e.g. 2026-07, 2026Q3, 2026H1 or 2026)",
        "t.yaml:4:13: 目标 a 的 periods：“autumn”不是期间（应如 2026-07、2026Q3、2026H1 或 2026）",
    ),
    (
        "a:\n  indicator: x / y\n  every_unit: '>= 1'\n  columns: {births: b}\n",
        "t.yaml:4:3: target a: 'columns' goes with 'standard' only",
        "t.yaml:4:3: 目标 a：columns 只能与 standard 一起使用",
    ),
    (
        "a:\n  standard: birth_rate\n  columns: {births: b, babies: c}\n  every_unit: '>= 1'\n",
        "t.yaml:3:24: target a: columns: unknown key 'babies' "
        "(allowed: births, deaths, population_end, population_start)",
        "t.yaml:3:24: 目标 a 的 columns：未知的键“babies”"
        "（可用：births, deaths, population_end, population_start）",
    ),
    (
        "a:\n  indicator: x / y\n  every_unit: '>= 1'\n  if_undefined: skip\n",
        "t.yaml:4:17: target a: if_undefined must be one of exclude, fail, not 'skip'",
        "t.yaml:4:17: 目标 a 的 if_undefined 应为 exclude、fail 之一，不是“skip”",
    ),
    (
        "a:\n  indicator: x / y\n  every_unit: '>= 1'\n  scale: ratio\n",
        "t.yaml:4:10: target a: scale must be one of percent, permille, number, not 'ratio'",
        "t.yaml:4:10: 目标 a 的 scale 应为 percent、permille、number 之一，不是“ratio”",
    ),
    (
        "a:\n  standard: birth_rate\n  every_unit: '<= 12'\n",
        "t.yaml:3:15: target a: every_unit '<= 12' sets a ceiling on birth_rate for a unit; "
        "births and birth rates are statistics, never targets",
        "t.yaml:3:15: 目标 a：every_unit '<= 12' 为单位设定了birth_rate的上限；"
        "出生人数和出生率只作统计，不能作为目标",
    ),
    (
        "s:\n  total: 32.5\n  weights: {a: 1}\n",
        "t.yaml:2:10: allocation s: total must be a whole number of 0 or more, not '32.5'",
        "t.yaml:2:10: 分配条目 s 的 total 应为不小于0的整数，不是“32.5”",
    ),
    (
        "s:\n  total: 10000000000\n  weights: {a: 1}\n",
        "t.yaml:2:10: allocation s: total: 10000000000 is too large (at most 1000000000)",
        "t.yaml:2:10: 分配条目 s 的 total：10000000000 过大（最多 1000000000）",
    ),
    (
        "s:\n  total: 3\n",
        "t.yaml:2:3: allocation s: missing 'weights' (e.g. {eligible_women: 0.5, population: 0.5})",
        "t.yaml:2:3: 分配条目 s：缺少 weights（如 {eligible_women: 0.5, population: 0.5}）",
    ),
    (
        "s:\n  total: 3\n  weights: {}\n",
        "t.yaml:3:12: allocation s: weights must be a mapping of figure names to numbers, not {}",
        "t.yaml:3:12: 分配条目 s 的 weights 应为数据项名称到数值的映射，不是空映射",
    ),
    (
        "s:\n  total: 3\n  weights: {a: -1}\n",
        "t.yaml:3:16: allocation s: weights: a must be a number of 0 or more, not '-1'",
        "t.yaml:3:16: 分配条目 s 的 weights.a 应为不小于0的数，不是“-1”",
    ),
    (
        "s:\n  total: 3\n  weights: {a: 0, b: 0}\n",
        "t.yaml:3:12: allocation s: the weights sum to zero (a=0, b=0)",
        "t.yaml:3:12: 分配条目 s：权重之和为0（a=0, b=0）",
    ),
    (
        "Bad-Name:\n  total: 3\n  weights: {a: 1}\n",
        "t.yaml:1:1: 'Bad-Name' is not a name like service_day_attendance ([a-z][a-z0-9_]*)",
        "t.yaml:1:1: “Bad-Name”不是合格的名称（如 service_day_attendance：小写字母开头，"
        "只含小写字母、数字和下划线）",
    ),
    (
        "a:\n  indicator: x\n  every_unit: '>= 1'\na:\n  indicator: y\n  every_unit: '>= 1'\n",
        "t.yaml:4:1: top level: duplicate key 'a'",
        "t.yaml:4:1: 顶层：键“a”重复",
    ),
    (
        "a:\n  title: x\n",
        "t.yaml:1:1: a: neither a target (give 'indicator' or 'standard') "
        "nor an allocation (give 'total')",
        "t.yaml:1:1: a：既不是目标（应给出 indicator 或 standard），也不是分配条目（应给出 total）",
    ),
    (
        "a: 3\n",
        "t.yaml:1:4: a: must be a mapping (a target or an allocation), not 3",
        "t.yaml:1:4: a：应为映射（目标或分配条目），不是3",
    ),
    (
        "- 1\n",
        "t.yaml:1:1: the file must be a mapping of target names to targets, not a list",
        "t.yaml:1:1: 文件应为目标名称到目标的映射，不是列表",
    ),
    ("", "t.yaml:1:1: the file holds no targets", "t.yaml:1:1: 文件中没有目标"),
]


def _targets(where: Path, text: str, lang: str, monkeypatch: pytest.MonkeyPatch) -> tuple[int, str]:
    (where / "t.yaml").write_text(text, encoding="utf-8")
    (where / "d.csv").write_text("unit,period,x,y\nV01,2026Q1,1,2\n", encoding="utf-8")
    # Relative paths: the messages name the file as the user typed it.
    monkeypatch.chdir(where)
    env = {"LANG": lang, "LC_ALL": lang, "LC_MESSAGES": None, "LANGUAGE": None}
    result = CliRunner().invoke(main, ["targets", "t.yaml", "d.csv"], env=env)
    return result.exit_code, result.stderr


@pytest.mark.parametrize(("text", "english", "chinese"), CASES)
def test_targets_names_the_place_and_the_value_in_english(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, english: str, chinese: str
) -> None:
    assert _targets(tmp_path, text, "en_US.UTF-8", monkeypatch) == (2, english + "\n")


@pytest.mark.parametrize(("text", "english", "chinese"), CASES)
def test_targets_names_the_place_and_the_value_in_chinese(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, english: str, chinese: str
) -> None:
    assert _targets(tmp_path, text, "zh_CN.UTF-8", monkeypatch) == (2, chinese + "\n")
