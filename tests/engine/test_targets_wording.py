"""What a target's clause asks, in Chinese and English from one catalogue
(``TARGET_WORDING``): the CLI's sentences begin with it, the targets page shows it."""

from __future__ import annotations

from fractions import Fraction

import pytest

from kaoping.engine import Comparison, clause_label

LABELS = [
    # kind, op, threshold, share, scale, Chinese, English
    ("every_unit", ">=", "0.8", None, "percent", "所有单位达80%以上", "every unit at or above 80%"),
    ("share_of_units", ">", "0.9", "2/3", "percent", "三分之二的单位高于90%",
     "at least 2/3 of units above 90%"),
    ("share_of_units", ">=", "0.9", "7/11", "percent", "63.64%的单位达90%以上",
     "at least 7/11 of units at or above 90%"),
    ("spot_checked_units", "<=", "5", None, "permille", "抽查单位不高于5‰",
     "spot-checked units at or below 5‰"),
    ("aim_spot_checked", "<", "3", None, "number", "抽查单位（力争）低于3",
     "spot-checked units (aim) below 3"),
]  # fmt: skip


@pytest.mark.parametrize(("kind", "op", "threshold", "share", "scale", "zh", "en"), LABELS)
def test_a_clause_says_what_it_asks_in_either_language(
    kind: str, op: str, threshold: str, share: str | None, scale: str, zh: str, en: str
) -> None:
    comparison = Comparison(op, Fraction(threshold))
    shared = Fraction(share) if share else None
    assert clause_label(kind, comparison, shared, scale, "zh") == zh
    assert clause_label(kind, comparison, shared, scale, "en") == en


# A county's targets count its townships (level ``township``), named as the
# county's documents name them: 各乡镇, not 所有单位.
TOWNSHIP_LABELS = [
    ("every_unit", ">=", "0.67", None, "percent", "各乡镇达67%以上",
     "every township at or above 67%"),
    # The threshold a person wrote, shown to two places as at the village level.
    ("every_unit", ">=", "0.666666666666666667", None, "percent", "各乡镇达66.67%以上",
     "every township at or above 66.67%"),
    ("share_of_units", ">=", "0.9", "2/3", "percent", "三分之二的乡镇达90%以上",
     "at least 2/3 of townships at or above 90%"),
    ("spot_checked_units", "<=", "5", None, "permille", "抽查乡镇不高于5‰",
     "spot-checked townships at or below 5‰"),
    ("aim_spot_checked", "<", "3", None, "number", "抽查乡镇（力争）低于3",
     "spot-checked townships (aim) below 3"),
]  # fmt: skip


@pytest.mark.parametrize(("kind", "op", "threshold", "share", "scale", "zh", "en"), TOWNSHIP_LABELS)
def test_a_county_clause_names_its_townships(
    kind: str, op: str, threshold: str, share: str | None, scale: str, zh: str, en: str
) -> None:
    comparison = Comparison(op, Fraction(threshold))
    shared = Fraction(share) if share else None
    assert clause_label(kind, comparison, shared, scale, "zh", "township") == zh
    assert clause_label(kind, comparison, shared, scale, "en", "township") == en


def test_the_village_level_keeps_the_words_of_units() -> None:
    comparison = Comparison(">=", Fraction("0.666666666666666667"))
    assert clause_label("every_unit", comparison, None, "percent", "zh") == "所有单位达66.67%以上"
    assert (
        clause_label("every_unit", comparison, None, "percent", "zh", "village")
        == "所有单位达66.67%以上"
    )


def test_an_unknown_level_is_refused_by_name() -> None:
    with pytest.raises(ValueError, match="'county'"):
        clause_label("every_unit", Comparison(">=", Fraction(1)), None, "percent", "zh", "county")


def test_an_unknown_language_is_refused_by_name() -> None:
    with pytest.raises(ValueError, match="'fr'"):
        clause_label("every_unit", Comparison(">=", Fraction(1)), None, "percent", "fr")
