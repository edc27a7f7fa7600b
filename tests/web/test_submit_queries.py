"""Submitting a report's figures costs the same few statements whatever their number:
one per table, never one per figure."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kaoping.web.core.models import DataElement, Figure, FigureChange, Report

# Run on PostgreSQL too (tests/conftest.py): a submit writes its figures in one statement per table, each database's own.
pytestmark = pytest.mark.both_databases

#: Every statement of a report's first submit POST (15 on SQLite when this was
#: written): the login's five (session, user, its two kinds of authenticator,
#: the forced password change), the user's roles, the data set, unit and
#: report, the elements and checks, then one write per table: the report
#: (inserted already submitted), figures, audit, workflow step. One statement
#: per figure would add 35 for the wide data set; reading the report back, a
#: savepoint or a second read of the elements would each show here.
MOST_QUERIES = 15

#: The same for a report saved as a draft before: the report locked and
#: re-read, its figures read, the audit of the figures and the report's
#: update, in a transaction of its own (BEGIN and COMMIT are not counted;
#: the savepoint of the test's own transaction is, twice).
MOST_QUERIES_AGAIN = 19


def _wide(world: Any, n: int) -> dict[str, str]:
    """The world's data set grown to ``n`` elements (counts), and a full form of them."""
    for i in range(4, n):
        DataElement.objects.create(
            dataset=world.ds, code=f"extra{i}", label=f"指标{i}", type="count", position=i
        )
    form = {"invited": "40", "attended": "38", "records_ok": "1", "accuracy": "1"}
    return form | {f"extra{i}": str(i) for i in range(4, n)}


@pytest.mark.parametrize("elements", [4, 35])
def test_a_submit_takes_one_statement_per_table_whatever_the_number_of_figures(
    login: Any, world: Any, elements: int
) -> None:
    form = _wide(world, elements)
    client = login("reporter")
    url = f"/report/{world.ds.pk}/V1/2026Q3/"
    with CaptureQueriesContext(connection) as queries:
        r = client.post(url, {**form, "version": "0", "action": "submit"})
    assert r.status_code == 302
    assert len(queries) <= MOST_QUERIES
    inserts = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("INSERT")]
    assert sum('"kaoping_figure"' in s.split("(")[0] for s in inserts) == 1
    rep = Report.objects.get(unit=world.v1)
    assert (rep.status, rep.version, Figure.objects.filter(report=rep).count()) == (
        "submitted",
        1,
        elements,
    )
    assert FigureChange.objects.filter(report=rep).count() == elements


@pytest.mark.parametrize("elements", [4, 35])
def test_submitting_a_saved_draft_takes_one_statement_per_table_too(
    login: Any, world: Any, elements: int
) -> None:
    form = _wide(world, elements)
    client = login("reporter")
    url = f"/report/{world.ds.pk}/V1/2026Q3/"
    draft = {**form, "invited": "39"}
    assert client.post(url, {**draft, "version": "0", "action": "save"}).status_code == 302
    with CaptureQueriesContext(connection) as queries:
        r = client.post(url, {**form, "version": "1", "action": "submit"})
    assert r.status_code == 302
    assert len(queries) <= MOST_QUERIES_AGAIN
    sqls = [q["sql"] for q in queries.captured_queries]
    assert sum(s.startswith("SELECT") and "FOR UPDATE" in s for s in sqls) == (
        connection.vendor == "postgresql"
    )
    rep = Report.objects.get(unit=world.v1)
    assert (rep.status, rep.version) == ("submitted", 2)
    # the draft's audit, then one change row: invited 39 -> 40
    assert FigureChange.objects.filter(report=rep, version=2).count() == 1
