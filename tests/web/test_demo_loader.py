"""The web demo is loaded by one explicit call (kaoping.web.demo): reading a page
writes no demo data, saving a user loads nothing, and ``serve --demo`` on a
database from an older kaoping fills in what it lacks."""

from __future__ import annotations

from typing import Any
from unittest import mock

import pytest

# Run on PostgreSQL too (tests/conftest.py): the demo is written in bulk, as `kaoping serve --demo` writes it on either database.
pytestmark = pytest.mark.both_databases


@pytest.fixture(scope="module")
def demo() -> Any:
    from kaoping.demo import build_demo

    return build_demo()


def test_the_assessment_page_of_a_demo_township_writes_no_history(
    db: Any, client: Any, demo: Any
) -> None:
    from django.contrib.auth import get_user_model

    from kaoping.web.assessment.models import Assessment, SourceFigure
    from kaoping.web.core.loading import load_demo

    load_demo(demo)  # core's part only, as an older kaoping left it
    client.force_login(get_user_model().objects.get(username="assessor"))
    assert client.get("/assessment/t/T01/").status_code == 200
    assert (Assessment.objects.count(), SourceFigure.objects.count()) == (0, 0)


def test_saving_the_leader_of_a_demo_township_loads_no_examples(
    db: Any, demo: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from django.contrib.auth import get_user_model

    from kaoping.web.core.loading import load_demo
    from kaoping.web.planning.models import ServiceDay

    with django_capture_on_commit_callbacks(execute=True):
        load_demo(demo)
        leader = get_user_model().objects.get(username="leader")
        leader.set_password("another-password-7")
        leader.save()
    assert not ServiceDay.objects.exists()


def test_serving_the_demo_again_completes_a_database_from_an_older_kaoping(
    db: Any, demo: Any
) -> None:
    from kaoping.web.assessment.models import Assessment
    from kaoping.web.core.loading import load_demo
    from kaoping.web.planning.models import ServiceDay
    from kaoping.web.serving import prepare

    load_demo(demo)
    lines: list[str] = []
    with mock.patch("kaoping.web.serving._build_demo", return_value=demo):
        prepare(demo=True, echo=lines.append)
    assert "demo already loaded" in lines[0]
    assert ServiceDay.objects.count() == 2
    # The quarterly assessments (the spring campaign's own is beside them).
    # The months assessed beside them: tests/web_assessment/test_demo_month_assessments.py.
    quarterly = Assessment.objects.filter(campaign__isnull=True, period__contains="Q")
    assert sorted(quarterly.values_list("period", "status")) == [
        ("2026Q1", "published"),
        ("2026Q2", "published"),
        ("2026Q3", "published"),
    ]
    with mock.patch("kaoping.web.serving._build_demo", return_value=demo):
        prepare(demo=True, echo=lines.append)
    assert (ServiceDay.objects.count(), quarterly.count()) == (2, 3)


def test_serving_the_demo_leaves_a_real_township_with_the_demo_code_alone(
    db: Any, demo: Any
) -> None:
    from kaoping.web.assessment.models import Assessment
    from kaoping.web.core.models import Unit
    from kaoping.web.planning.models import ServiceDay
    from kaoping.web.serving import prepare

    township = Unit.objects.create(code=demo.township[0], name="真实镇", level="township")
    for u in demo.units:
        Unit.objects.create(code=u.code, name=u.name, level="village", parent=township)
    with mock.patch("kaoping.web.serving._build_demo", return_value=demo):
        prepare(demo=True, echo=lambda line: None)
    assert (ServiceDay.objects.count(), Assessment.objects.count()) == (0, 0)
