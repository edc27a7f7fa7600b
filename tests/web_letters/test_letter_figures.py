"""What an accepted letter gives the assessment (docs/letters.md): letter_met,
letter_clauses_met, letter_clauses and area_letter_met for the quarter of the
acceptance date, only where the unit reported."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from kaoping.web.letters import services

from .conftest import PDF


def _accept(letter: Any, met: bool, on: date = date(2026, 5, 12)) -> None:
    services.sign(letter.pk, date(2026, 4, 20), "s.pdf", PDF, None)
    judgements = {c.pk: (met, "看过") for c in letter.clauses.all()}
    services.accept(letter.pk, on, judgements, None)


def test_an_accepted_letter_feeds_its_quarter(plans: Any, letter: Any) -> None:
    w = plans.world
    area = services.create_letter(w.t1, w.a1, title="片区承诺", year=2026)
    services.add_clause(area.pk, "commitment", "每周调度", None)
    _accept(letter, True)  # the allocation clause is not met: 0 of 10 done
    _accept(area, True)
    got = services.letter_figures([w.v1, w.v2, w.v3], ["2026Q1", "2026Q2"])
    one = Decimal(1)
    assert got == {
        ("V1", "2026Q2"): {"letter_met": Decimal(0), "letter_clauses_met": one,
                           "letter_clauses": Decimal(2), "area_letter_met": one},
        ("V2", "2026Q2"): {"area_letter_met": one},
    }  # fmt: skip


def test_the_assessment_reads_them_only_where_a_report_is(plans: Any, letter: Any) -> None:
    from kaoping.web.assessment.services import _live_figures
    from kaoping.web.core.models import Figure, Report

    w = plans.world
    _accept(letter, True)
    report = Report.objects.create(dataset=w.ds, unit=w.v1, period="2026Q2")
    Figure.objects.create(report=report, element="invited", value=Decimal(5))
    live = _live_figures([w.v1, w.v2], ["2026Q2"])
    assert live == {
        ("V1", "2026Q2"): {"invited": Decimal(5), "letter_met": Decimal(0),
                           "letter_clauses_met": Decimal(1), "letter_clauses": Decimal(2)},
    }  # fmt: skip
