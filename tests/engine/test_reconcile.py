"""Checks across sources and robust flags of values far from a unit's history."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kaoping.engine import (
    MEASURES,
    SourceValue,
    robust_outlier,
    source_differences,
    source_label,
    unreported_elements,
)


def _values(rows: list[tuple[str, str, str, int]]) -> list[SourceValue]:
    return [SourceValue(u, "2026Q4", m, s, Decimal(v)) for u, m, s, v in rows]


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        # village 3, hospital 5, household 4: the village reported 2 fewer than the most
        (
            [
                ("V1", "births", "village", 3),
                ("V1", "births", "hospital", 5),
                ("V1", "births", "household", 4),
            ],
            [("V1", "births", {"hospital": 2, "household": 1}, 2)],
        ),
        # all agree: nothing to follow up
        ([("V1", "births", "village", 3), ("V1", "births", "hospital", 3)], []),
        # a single source disagrees with nothing
        ([("V1", "births", "village", 3)], []),
        # the village reports more than registered: a difference, nothing unreported
        (
            [("V2", "marriages", "village", 4), ("V2", "marriages", "civil_affairs", 2)],
            [("V2", "marriages", {"civil_affairs": -2}, 0)],
        ),
    ],
)
def test_sources_that_disagree_are_listed_with_their_differences(
    rows: list[tuple[str, str, str, int]], expected: list[tuple[str, str, dict[str, int], int]]
) -> None:
    got = [
        (d.unit, d.measure, {k: int(v) for k, v in d.differences.items()}, int(d.unreported))
        for d in source_differences(_values(rows))
    ]
    assert got == expected


def test_without_the_village_report_there_is_no_reference() -> None:
    (d,) = source_differences(
        _values([("V1", "births", "hospital", 2), ("V1", "births", "household", 3)])
    )
    assert d.reference is None
    assert "缺少村级报告" in d.text_zh()


def test_the_text_names_the_sources_and_the_shortfall() -> None:
    (d,) = source_differences(
        _values([("V1", "births", "village", 3), ("V1", "births", "hospital", 5)])
    )
    assert d.text_zh() == "出生：村级报告3，医院分娩5，村级报告少报2例"


def test_unreported_counts_feed_the_rubric_elements() -> None:
    got = unreported_elements(
        _values(
            [
                ("V1", "births", "village", 3),
                ("V1", "births", "hospital", 5),
                ("V1", "marriages", "village", 1),
                ("V1", "marriages", "civil_affairs", 1),
                ("V2", "births", "hospital", 9),  # no village report: nothing fed
            ]
        )
    )
    assert got == {
        ("V1", "2026Q4"): {"births_unreported": Decimal(2), "marriages_unreported": Decimal(0)}
    }


@pytest.mark.parametrize(
    ("value", "history", "flagged"),
    [
        (3, [2, 3, 3, 4], False),  # within the usual spread
        (4, [0, 0, 0], True),  # MAD 0: the floor 1 makes 4 four deviations away
        (3, [0, 0, 0], False),  # three deviations is within the cut-off 3.5
        (1, [0, 0, 0], False),  # one more birth in a small village is not news
        (40, [10, 12, 11, 13, 9], True),  # median 11, MAD 1, scale 1.4826: 19.6 away
        (14, [10, 12, 11, 13, 9], False),  # 3/1.4826 = 2.02 deviations
        (16, [10, 12, 11, 13, 9], False),  # 5/1.4826 = 3.37 deviations: within 3.5
        (17, [10, 12, 11, 13, 9], True),  # 6/1.4826 = 4.05 deviations
        (40, [10, 12], False),  # too little history to judge
    ],
)
def test_values_far_from_the_units_history_are_flagged(
    value: int, history: list[int], flagged: bool
) -> None:
    assert (robust_outlier(value, history) is not None) is flagged


def test_a_flag_gives_its_reason_with_median_and_history() -> None:
    flag = robust_outlier(40, [10, 12, 11, 13, 9])
    assert flag is not None
    assert flag.median == 11
    assert flag.mad == 1
    text = flag.reason_zh()
    assert "本期40" in text and "中位数11" in text and "10、12、11、13、9" in text


def _at(rows: list[tuple[str, str, int]]) -> list[SourceValue]:
    """(period, source, value) of V1's births."""
    return [SourceValue("V1", p, "births", s, Decimal(v)) for p, s, v in rows]


@pytest.mark.parametrize(
    ("rows", "period", "expected"),
    [
        # the quarter from its three months: 1 + 0 + 2 = 3
        (
            [("2026-10", "hospital", 1), ("2026-11", "hospital", 0), ("2026-12", "hospital", 2)],
            "2026Q4",
            {"hospital": 3},
        ),
        # a count of the quarter itself wins over its months
        (
            [("2026Q4", "hospital", 5), ("2026-10", "hospital", 1), ("2026-11", "hospital", 1),
             ("2026-12", "hospital", 1)],
            "2026Q4",
            {"hospital": 5},
        ),
        # two months of three: no quarterly count from that source (not a partial sum)
        ([("2026-10", "hospital", 1), ("2026-11", "hospital", 1)], "2026Q4", {}),
        # a month is read as it is; another quarter's months are not counted
        (
            [("2026-11", "village", 2), ("2026-11", "hospital", 3), ("2026-08", "hospital", 9)],
            "2026-11",
            {"village": 2, "hospital": 3},
        ),
        # each source on its own: the village reported the quarter, the hospital months
        (
            [("2026Q4", "village", 2), ("2026-10", "hospital", 1), ("2026-11", "hospital", 1),
             ("2026-12", "hospital", 1)],
            "2026Q4",
            {"village": 2, "hospital": 3},
        ),
        # a period that does not parse is left out
        ([("2026Q9", "hospital", 1)], "2026Q4", {}),
    ],
)  # fmt: skip
def test_a_quarter_counts_its_own_figure_or_the_sum_of_all_three_months(
    rows: list[tuple[str, str, int]], period: str, expected: dict[str, int]
) -> None:
    from kaoping.engine import Period, sources_for_period

    got = sources_for_period(_at(rows), Period.parse(period))
    assert {v.source: int(v.value) for v in got} == expected
    assert {v.period for v in got} <= {period}


def test_the_chinese_labels_are_the_measures_own() -> None:
    for measure, (label, _ref, sources, _element) in MEASURES.items():
        assert source_label(measure) == label
        for source, name in sources.items():
            assert source_label(measure, source) == f"{label}·{name}"


DIFFERENCES = [
    # rows, Chinese, English
    ([("V1", "births", "village", 3), ("V1", "births", "hospital", 5)],
     "出生：村级报告3，医院分娩5，村级报告少报2例",
     "births: village report 3, hospital deliveries 5; the village report is short by 2"),
    ([("V1", "births", "village", 5), ("V1", "births", "household", 3)],
     "出生：村级报告5，户籍登记3，各来源不一致",
     "births: village report 5, household registration 3; the sources disagree"),
    ([("V1", "marriages", "civil_affairs", 1), ("V1", "marriages", "other", 2)],
     "初婚：民政登记1，other2（缺少村级报告，无法比较）",
     "first marriages: civil affairs registration 1, other 2 (no village report to compare with)"),
]  # fmt: skip


@pytest.mark.parametrize(("rows", "zh", "en"), DIFFERENCES)
def test_a_difference_reads_the_same_in_either_language(
    rows: list[tuple[str, str, str, int]], zh: str, en: str
) -> None:
    (d,) = source_differences(_values(rows))
    assert (d.text_zh(), d.text("zh"), d.text("en")) == (zh, zh, en)


def test_a_flag_says_why_in_either_language() -> None:
    # history 2, 3, 2, 3: median 2.5, MAD 0.5, 1.4826 x 0.5 < 1 so the deviation is 1
    flag = robust_outlier(20, [2, 3, 2, 3])
    assert flag is not None
    assert (
        flag.reason("zh")
        == flag.reason_zh()
        == (
            "本期20，以往4期（2、3、2、3）中位数2.5，偏离17.5个稳健标准差"
            "（稳健标准差取中位绝对偏差0.5×1.4826，至少为1，即1）"
        )
    )
    assert flag.reason("en") == (
        "this period 20; median of the 4 earlier periods (2, 3, 2, 3) 2.5; "
        "17.5 robust standard deviations away (the robust standard deviation is the median "
        "absolute deviation 0.5 × 1.4826, at least 1: 1)"
    )


def test_an_unknown_language_is_refused_by_name() -> None:
    (d,) = source_differences(_values(DIFFERENCES[0][0]))
    with pytest.raises(ValueError, match="'fr'"):
        d.text("fr")
