"""The bulletin says which awards are withheld and why, and which cards carry over
(RUBRIC.md §5.1), on the contract's example (tests/conformance/test_consequences_carry)."""

from __future__ import annotations

import pytest

from kaoping.documents import bulletin_blocks, money_rows, text_of
from kaoping.engine import Assessment, assess, parse_rubric
from kaoping.io import read_data, read_people

from ..conformance.test_consequences_carry import EXAMPLE, PEOPLE, data_text


@pytest.fixture(scope="module")
def year(tmp_path_factory: pytest.TempPathFactory) -> Assessment:
    tmp = tmp_path_factory.mktemp("bulletin")
    (tmp / "d.csv").write_text(data_text(), encoding="utf-8")
    (tmp / "p.csv").write_text(PEOPLE, encoding="utf-8")
    rubric = parse_rubric(EXAMPLE)
    frame = read_data([tmp / "d.csv"], rubric.data_elements(), rubric.manual_columns).frame
    return assess(rubric, frame, read_people(tmp / "p.csv"))


def test_a_withheld_award_is_said_with_its_reason_and_not_counted_as_paid(year: Assessment) -> None:
    text = text_of(bulletin_blocks(year, "2026Q3", has_people=True, charts=False))
    assert "以下表扬和奖励不予兑现：南村专干李明奖励（已取消评优资格）。" in text
    paid = money_rows(year.period("2026Q3"), has_people=True)
    assert ("南村", "专干") not in {(r[1], r[2]) for r in paid}


def test_a_card_from_last_year_is_listed_on_next_years_first_bulletin(year: Assessment) -> None:
    first = text_of(bulletin_blocks(year, "2027Q1", has_people=True, charts=False))
    assert "上年度结转：北村黄牌警告（2026年第三季度）。" in first
    later = text_of(bulletin_blocks(year, "2026Q4", has_people=True, charts=False))
    assert not any("上年度结转" in line for line in later)
