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
        ("2026年7月份", "2026-07"),
        ("2026H1", "2026H1"),
        ("2026-h2", "2026H2"),
        ("2026年上半年", "2026H1"),
        ("2026年下半年", "2026H2"),
        ("2026", "2026"),
        ("2026年", "2026"),
        ("2026年度", "2026"),
        (" 2026 年度 ", "2026"),
    ],
)
def test_it_parses_periods(text: str, canonical: str) -> None:
    assert str(Period.parse(text)) == canonical


@pytest.mark.parametrize(
    "text",
    [
        "2026Q5",
        "2026-13",
        "Q3",
        "二〇二六年第三季度",
        "",
        "2026H3",
        "2026年中半年",
        "0999",
        "20261",
        "2026年第五季度",
        "2026年13月",
    ],
)
def test_it_refuses_what_is_not_a_period(text: str) -> None:
    with pytest.raises(PeriodError):
        Period.parse(text)


@pytest.mark.parametrize(
    ("period", "previous", "next_", "last_year"),
    [
        ("2026Q1", "2025Q4", "2026Q2", "2025Q1"),
        ("2026Q4", "2026Q3", "2027Q1", "2025Q4"),
        ("2026-01", "2025-12", "2026-02", "2025-01"),
        ("2026H1", "2025H2", "2026H2", "2025H1"),
        ("2026H2", "2026H1", "2027H1", "2025H2"),
        ("2026", "2025", "2027", "2025"),
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
        ("2026H1", "2026-01-01", "2026-06-30"),
        ("2026H2", "2026-07-01", "2026-12-31"),
        ("2024", "2024-01-01", "2024-12-31"),
    ],
)
def test_periods_know_their_first_and_last_day(period: str, first: str, last: str) -> None:
    p = Period.parse(period)
    assert (p.first_day().isoformat(), p.last_day().isoformat()) == (first, last)


def test_periods_of_every_length_sort_by_start_then_longest_first() -> None:
    texts = ["2026-07", "2026Q3", "2025", "2026H2", "2026", "2026-01", "2026H1", "2026Q1"]
    ordered = [str(p) for p in sorted(Period.parse(t) for t in texts)]
    assert ordered == ["2025", "2026", "2026H1", "2026Q1", "2026-01", "2026H2", "2026Q3", "2026-07"]
    assert max(Period.parse(t) for t in texts) == Period.parse("2026-07")


@pytest.mark.parametrize(
    ("period", "label", "number", "months"),
    [
        ("2026-07", "2026年7月", 7, (7,)),
        ("2026Q3", "2026年第三季度", 3, (7, 8, 9)),
        ("2026H2", "2026年下半年", 2, (7, 8, 9, 10, 11, 12)),
        ("2026", "2026年度", 1, tuple(range(1, 13))),
    ],
)
def test_each_period_says_its_label_number_and_months(
    period: str, label: str, number: int, months: tuple[int, ...]
) -> None:
    p = Period.parse(period)
    assert (p.label_zh(), p.number, p.months) == (label, number, months)
    # The Chinese label is itself a form people write, and reads back the same.
    assert Period.parse(label) == p


@pytest.mark.parametrize(
    ("period", "kind", "parts"),
    [
        ("2026", "Q", ["2026Q1", "2026Q2", "2026Q3", "2026Q4"]),
        ("2026", "H", ["2026H1", "2026H2"]),
        ("2026H2", "Q", ["2026Q3", "2026Q4"]),
        ("2026Q2", "M", ["2026-04", "2026-05", "2026-06"]),
        ("2026Q2", "Q", ["2026Q2"]),
    ],
)
def test_a_period_is_made_of_its_parts(period: str, kind: str, parts: list[str]) -> None:
    p = Period.parse(period)
    assert [str(x) for x in p.parts(kind)] == parts
    assert all(p.contains(x) and x.enclosing(p.kind) == p for x in p.parts(kind))


@pytest.mark.parametrize(
    ("period", "kind", "enclosing"),
    [
        ("2026-08", "Q", "2026Q3"),
        ("2026-08", "H", "2026H2"),
        ("2026-06", "H", "2026H1"),
        ("2026Q2", "Y", "2026"),
    ],
)
def test_a_period_knows_what_it_falls_in(period: str, kind: str, enclosing: str) -> None:
    assert str(Period.parse(period).enclosing(kind)) == enclosing


@pytest.mark.parametrize(
    ("outer", "inner", "inside"),
    [
        ("2026H1", "2026Q2", True),
        ("2026H1", "2026Q3", False),
        ("2026", "2026-12", True),
        ("2026", "2027-01", False),
        ("2026Q3", "2026H2", False),
    ],
)
def test_it_says_whether_a_period_lies_inside_another(outer: str, inner: str, inside: bool) -> None:
    assert Period.parse(outer).contains(Period.parse(inner)) is inside


def test_it_refuses_parts_longer_than_the_period_and_made_up_starts() -> None:
    with pytest.raises(PeriodError):
        Period.parse("2026Q1").parts("Y")
    with pytest.raises(PeriodError):
        Period.parse("2026").enclosing("Q")
    with pytest.raises(PeriodError):
        Period(2026, 2, "Q")
    with pytest.raises(PeriodError):
        Period(2026, 1, "W")
