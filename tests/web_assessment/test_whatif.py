"""What-if figures on the shipped rubric and the demo township's weakest village
(长岗村, 2026Q4): pure, no database. The sentences come from the engine's
catalogue (``WHATIF_WORDING``), in Chinese and in English."""

from __future__ import annotations

import re
from fractions import Fraction

import pytest

from kaoping.cli import default_rubric_text
from kaoping.demo import build_demo
from kaoping.engine import parse_rubric, whatif_text
from kaoping.web.assessment.whatif import what_ifs

RUBRIC = parse_rubric(default_rubric_text(), "default.yaml")


def _env(**changes: int) -> dict[str, Fraction]:
    row = next(
        r
        for r in build_demo().frame.iter_rows(named=True)
        if r["name"] == "长岗村" and str(r["period"]) == "2026Q4"
    )
    codes = [*RUBRIC.data_elements(), *RUBRIC.manual_columns]
    env = {c: Fraction(row[c]) for c in codes if row.get(c) is not None}
    return {**env, **{k: Fraction(v) for k, v in changes.items()}}


@pytest.fixture(scope="module")
def lines() -> list[str]:
    return [w.text for w in what_ifs(RUBRIC, _env())]


@pytest.mark.parametrize(
    "line",
    [
        # 71 of 78 is 91.0%; 75 is 96.2%: 4 more reach 95% and regain 8 points
        "「服务日实到人数」增加4（从71到75），达到95%，本项不再扣分，总分可增加8分；只增加1也可增加2分",
        # 40 of 46 is 87.0%; 41 is 89.1%, whose 0.87 points below 90% are not counted (floor)
        "「两癌筛查完成数」增加1（从40到41），本项不再扣分，总分可增加0.75分",
        "「要求改约而未安排人数」减少3（从3到0），本项不再扣分，总分可增加3分；只减少1也可增加1分",
    ],
)
def test_the_smallest_change_that_regains_the_points(lines: list[str], line: str) -> None:
    assert line in lines


def test_nothing_is_offered_where_it_would_regain_nothing(lines: list[str]) -> None:
    # The meetings item is zeroed (records not kept to standard): fixing attendance
    # alone regains nothing, so it is not offered; fixing the standard is.
    assert not any("应参加人员全部到位" in line for line in lines)
    assert any("若「例会按规范召开并记录」为“是”" in line for line in lines)


def test_a_rate_is_never_regained_by_expecting_fewer(lines: list[str]) -> None:
    assert not any("应到人数」减少" in line or "目标数」减少" in line for line in lines)


def test_an_informed_decline_is_never_the_way_to_regain_points() -> None:
    # 36 attended of the 38 still to serve (40 invited, 2 declined) is 94.7%: one
    # point below 95% (ceil), 2 points lost. One more declining would also reach 95%;
    # what-if offers only one more person served.
    lines = [w.text for w in what_ifs(RUBRIC, _env(sd_invited=40, sd_attended=36, sd_declined=2))]
    assert "「服务日实到人数」增加1（从36到37），达到95%，本项不再扣分，总分可增加2分" in lines
    assert not any("自愿不参加" in line for line in lines), lines
    assert not any("应到人数」减少" in line for line in lines), lines


@pytest.fixture(scope="module")
def english() -> list[str]:
    return [w.text for w in what_ifs(RUBRIC, _env(), "en")]


ENGLISH = [
    # the same moves as the Chinese above, one per kind of sentence
    ("「服务日实到人数」增加4（从71到75），达到95%，本项不再扣分，总分可增加8分；只增加1也可增加2分",
     "“服务日实到人数” up by 4 (from 71 to 75) reaches 95%: this item would lose nothing "
     "and the total would gain 8 points; up by just 1 already gains 2 points"),
    ("「两癌筛查完成数」增加1（从40到41），本项不再扣分，总分可增加0.75分",
     "“两癌筛查完成数” up by 1 (from 40 to 41): this item would lose nothing "
     "and the total would gain 0.75 points"),
    ("「要求改约而未安排人数」减少3（从3到0），本项不再扣分，总分可增加3分；只减少1也可增加1分",
     "“要求改约而未安排人数” down by 3 (from 3 to 0): this item would lose nothing "
     "and the total would gain 3 points; down by just 1 already gains 1 point"),
    ("「信息滚动不及时处数」减少2（从2到0），本项不再扣分，总分可增加1分；只减少1也可增加0.5分",
     "“信息滚动不及时处数” down by 2 (from 2 to 0): this item would lose nothing "
     "and the total would gain 1 point; down by just 1 already gains 0.5 points"),
    ("「出生信息按时报告数」增加1（从2到3），达到100%，本项不再扣分，总分可增加15分",
     "“出生信息按时报告数” up by 1 (from 2 to 3) reaches 100%: this item would lose nothing "
     "and the total would gain 15 points"),
    ("若「例会按规范召开并记录」为“是”，本项不再扣分，总分可增加3分",
     "If “例会按规范召开并记录” were yes, this item would lose nothing "
     "and the total would gain 3 points"),
    ("若「报告单未盖章或未签名」为“否”，本项不再扣分，总分可增加1分",
     "If “报告单未盖章或未签名” were no, this item would lose nothing "
     "and the total would gain 1 point"),
]  # fmt: skip


@pytest.mark.parametrize(("zh", "en"), ENGLISH)
def test_the_same_move_is_said_in_english_under_the_english_page(
    lines: list[str], english: list[str], zh: str, en: str
) -> None:
    assert zh in lines
    assert en in english
    # the same move at the same place in the list: one sentence per move in each language
    assert lines.index(zh) == english.index(en)


def test_english_says_as_many_moves_as_chinese_and_no_chinese_of_its_own(
    lines: list[str], english: list[str]
) -> None:
    assert len(english) == len(lines) >= len(ENGLISH)
    # only the labels (data, between quotes) are Chinese
    unquoted = [re.sub(r"“[^”]*”", "", line) for line in english]
    assert not [line for line in unquoted if re.search(r"[\u4e00-\u9fff]", line)]


def test_an_unknown_language_is_refused_by_name() -> None:
    with pytest.raises(ValueError, match="'fr'"):
        whatif_text("yes", "fr", label="x", gain="1")
