"""The county page costs one county whatever the province holds (issue #15): the
same statements with one county as with three, none of them returning another
county's units. (Which rows the database reads on the way is the planner's
choice by the tables' sizes; docs/deployment.md has the plans at a province's.)

Each county here: two townships, each with two villages reporting 2026Q2 and
2026Q3 (two figures each), and an approved township assessment of 2026Q3, so the
page goes through its latest period, completeness and acceptance queries.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.urls import reverse

from .conftest import TOWNSHIP_RUBRIC

pytestmark = pytest.mark.both_databases

PERIODS = ("2026Q2", "2026Q3")
# Columns whose value is a unit's key: none may name another county's unit.
UNIT_COLUMNS = {"unit_id", "township_id", "parent_id", "county_id"}


def _county(code: str, admin: Any) -> set[int]:
    """A county as above; returns the keys of its units."""
    from kaoping.web.assessment import services
    from kaoping.web.assessment.models import Assessment
    from kaoping.web.core.models import DataSet, Figure, Report, Unit

    L = Unit.Level
    c = Unit.objects.create(code=code, name=f"{code}县", level=L.COUNTY)
    keys = {c.pk}
    for t in (1, 2):
        town = Unit.objects.create(code=f"{code}T{t}", name=f"{code}镇{t}", level=L.TOWNSHIP,
                                   parent=c)  # fmt: skip
        keys.add(town.pk)
        ds = DataSet.objects.create(township=town, code="q", name="季度数据")
        for v in (1, 2):
            village = Unit.objects.create(
                code=f"{code}T{t}V{v}", name=f"{code}村{t}{v}", level=L.VILLAGE, parent=town
            )
            keys.add(village.pk)
            for period in PERIODS:
                r = Report.objects.create(
                    dataset=ds, unit=village, period=period, status="approved", version=1
                )
                Figure.objects.create(report=r, element="invited", value=Decimal(10))
                Figure.objects.create(report=r, element="attended", value=Decimal(9))
        rv = services.upload_rubric(town, TOWNSHIP_RUBRIC, "t.yaml", admin)
        Assessment.objects.create(
            township=town, period=PERIODS[-1], rubric=rv, status="approved", version=1
        )
    return keys


class Recorder:
    """Every statement the page runs, with its parameters, to run it again."""

    def __init__(self) -> None:
        self.statements: list[tuple[str, Any]] = []

    def __call__(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        self.statements.append((sql, params))
        return execute(sql, params, many, context)

    def selects(self) -> list[tuple[str, Any]]:
        return [(s, p) for s, p in self.statements if s.lstrip().upper().startswith("SELECT")]


def _record(client: Any, url: str) -> Recorder:
    client.get(url)  # the session and the caches settle
    rec = Recorder()
    with connection.execute_wrapper(rec):
        assert client.get(url).status_code == 200
    return rec


def _unit_keys_returned(rec: Recorder) -> set[int]:
    found: set[int] = set()
    for sql, params in rec.selects():
        with connection.cursor() as cur:
            cur.execute(sql, params)
            names = [d[0] for d in cur.description]
            from_units = ' FROM "kaoping_unit"' in sql
            for row in cur.fetchall():
                for name, value in zip(names, row, strict=True):
                    if name in UNIT_COLUMNS or (from_units and name == "id"):
                        found.add(value)
    return found


@pytest.fixture
def province(db: Any) -> dict[str, Any]:
    from django.contrib.auth import get_user_model

    from kaoping.web.core.models import Membership, Unit

    User = get_user_model()
    admin = User.objects.create_user(username="rubric_admin")
    leader = User.objects.create_user(username="county_leader")
    mine = _county("C1", admin)
    Membership.objects.create(user=leader, role="leader", unit=Unit.objects.get(code="C1"))
    return {"admin": admin, "leader": leader, "mine": mine}


def test_the_county_page_runs_the_same_statements_with_three_counties_as_with_one(
    client: Any, province: dict[str, Any]
) -> None:
    client.force_login(province["leader"])
    url = reverse("assessment:county", args=["C1"])
    one = _record(client, url)
    _county("C2", province["admin"])
    _county("C3", province["admin"])
    three = _record(client, url)
    assert len(three.statements) == len(one.statements)
    # The townships' periods in three statements (the acceptances with their
    # versions, the versions, the approved quarters and months offered to accept),
    # not some per township.
    assert len([s for s, _p in three.selects() if '"assessment_assessment"' in s]) == 3


def test_no_statement_of_the_county_page_returns_another_countys_units(
    client: Any, province: dict[str, Any]
) -> None:
    others = _county("C2", province["admin"]) | _county("C3", province["admin"])
    client.force_login(province["leader"])
    rec = _record(client, reverse("assessment:county", args=["C1"]))
    returned = _unit_keys_returned(rec)
    assert returned & province["mine"], "the check reads the county's own units"
    assert not returned & others


def _county_bare(code: str) -> Any:
    """A county with one township and no data: what the assessment index lists."""
    from kaoping.web.core.models import Unit

    c = Unit.objects.create(code=code, name=f"{code}县", level=Unit.Level.COUNTY)
    Unit.objects.create(code=f"{code}T", name=f"{code}镇", level=Unit.Level.TOWNSHIP, parent=c)
    return c


# persona -> (role, unit code) of their one membership, and the counties the
# assessment index lists for them in full (county staff and those above). K1 stands
# alone; K2 and K3 lie in the province P1; each has one township, KnT.
INDEX_PERSONAS = [
    ("county_leader", ("leader", "K1"), ["K1"]),
    ("township_admin_of_two", ("admin", "K1T"), []),
    ("province_leader", ("leader", "P1"), ["K2", "K3"]),
    ("village_reporter_of_two", ("reporter", "K2V"), []),
]


@pytest.mark.parametrize(("persona", "membership", "listed"), INDEX_PERSONAS)
def test_the_assessment_index_asks_about_the_users_counties_alone(
    client: Any, db: Any, persona: str, membership: tuple[str, str], listed: list[str]
) -> None:
    """Before, it asked about each county and each township of the database in turn
    (two statements and more each, for every user): 2,800 counties and 40,000
    townships in a national deployment."""
    from django.contrib.auth import get_user_model

    from kaoping.web.core.models import Membership, Unit

    province = Unit.objects.create(code="P1", name="示范省", level=Unit.Level.PROVINCE)
    for code in ("K1", "K2", "K3"):
        c = _county_bare(code)
        if code != "K1":
            Unit.objects.filter(pk=c.pk).update(parent=province)
    for t in ("K2", "K3"):
        Unit.objects.create(code=f"{t}V", name=f"{t}村", level=Unit.Level.VILLAGE,
                            parent=Unit.objects.get(code=f"{t}T"))  # fmt: skip
    # Each persona of a township reaches two, so that the index lists them instead
    # of going straight to the one township.
    user = get_user_model().objects.create_user(username=persona)
    role, unit = membership
    Membership.objects.create(user=user, role=role, unit=Unit.objects.get(code=unit))
    second = {"township_admin_of_two": "K2T", "village_reporter_of_two": "K3V"}.get(persona)
    if second:
        Membership.objects.create(user=user, role=role, unit=Unit.objects.get(code=second))
    client.force_login(user)
    url = reverse("assessment:index")
    few = _record(client, url)
    for n in range(10):
        _county_bare(f"X{n}")
    Unit.objects.create(code="P2", name="邻省", level=Unit.Level.PROVINCE)
    many = _record(client, url)
    assert len(many.statements) == len(few.statements)
    body = client.get(url).content.decode()
    for code in ("K1", "K2", "K3"):
        assert (reverse("assessment:county", args=[code]) in body) == (code in listed)
