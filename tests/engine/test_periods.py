import pytest

from kaoping.engine import Period, PeriodError


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("2026Q3", "2026Q3"),
        ("2026-Q3", "2026-Q3".replace("-", "")),
        ("2026q1", "2026Q1"),
        ("2026年第三季度", "2026Q3"),
        ("2026年第4季度", "2026Q4"),
        ("2026-07", "2026-07"),
        ("2026-7", "2026-07"),
        ("2026年7月", "2026-07"),
    ],
)
def test_it_parses_periods(text: str, canonical: str) -> None:
    assert str(Period.parse(text)) == canonical


@pytest.mark.parametrize("text", ["2026Q5", "2026-13", "Q3", "2026", "二〇二六年第三季度", ""])
def test_it_refuses_what_is_not_a_period(text: str) -> None:
    with pytest.raises(PeriodError):
        Period.parse(text)


@pytest.mark.parametrize(
    ("period", "previous", "next_", "last_year"),
    [
        ("2026Q1", "2025Q4", "2026Q2", "2025Q1"),
        ("2026Q4", "2026Q3", "2027Q1", "2025Q4"),
        ("2026-01", "2025-12", "2026-02", "2025-01"),
    ],
)
def test_it_steps_between_periods(period: str, previous: str, next_: str, last_year: str) -> None:
    p = Period.parse(period)
    assert str(p.previous()) == previous
    assert str(p.next()) == next_
    assert str(p.same_period_last_year()) == last_year


def test_quarters_sort_chronologically_and_label_in_chinese() -> None:
    ps = sorted(Period.parse(s) for s in ["2026Q3", "2025Q4", "2026Q1"])
    assert [str(p) for p in ps] == ["2025Q4", "2026Q1", "2026Q3"]
    assert Period.parse("2026Q3").label_zh() == "2026年第三季度"
    assert Period.parse("2026-08").quarter_of() == Period.parse("2026Q3")


@pytest.mark.parametrize(
    ("period", "first", "last"),
    [
        ("2026Q1", "2026-01-01", "2026-03-31"),
        ("2026Q4", "2026-10-01", "2026-12-31"),
        ("2024-02", "2024-02-01", "2024-02-29"),
    ],
)
def test_periods_know_their_first_and_last_day(period: str, first: str, last: str) -> None:
    p = Period.parse(period)
    assert (p.first_day().isoformat(), p.last_day().isoformat()) == (first, last)
