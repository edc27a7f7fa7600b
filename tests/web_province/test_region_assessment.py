"""A province assesses its counties with the county's engine and rubric format: the
figures rolled up from the villages through the townships to the counties, the
counties ranked, approved by someone who did not prepare it (the table in
region_world.py)."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any
from unittest import mock

import pytest

from .region_world import EXPECTED, PERIOD, RegionWorld, build, computed


@pytest.fixture
def rw(db: Any) -> RegionWorld:
    return build()


def test_the_counties_figures_are_their_villages_summed(rw: RegionWorld) -> None:
    a = computed(rw)
    rows = {r["unit"]: r for r in a.snapshot["rows"]}
    assert sorted(rows) == ["C1", "C2"]  # not the other province's C9
    for code, (invited, attended, share, *_rest) in EXPECTED.items():
        row = rows[code]
        assert (row["invited"], row["attended"]) == (invited, attended)
        assert Fraction(row["standard"]) == Fraction(share)


@pytest.mark.parametrize("code", sorted(EXPECTED))
def test_each_county_scores_as_computed_by_hand(rw: RegionWorld, code: str) -> None:
    a = computed(rw)
    unit = next(u for u in a.results["units"] if u["unit"] == code)
    *_figures, att, std, acc, work, total, rank = EXPECTED[code]
    scores = {k: Decimal(v) for k, v in unit["scores"].items()}
    assert (scores["att"], scores["std"], scores["acc"], scores["work"]) == (
        Decimal(att), Decimal(std), Decimal(acc), Decimal(work),
    )  # fmt: skip
    assert (Decimal(unit["total"]), unit["rank"]) == (Decimal(total), rank)


def test_a_rate_is_not_the_mean_of_the_villages_rates(rw: RegionWorld) -> None:
    # C1's villages' rates average 90.5% (3.75 points); the summed parts give 92% (4.5).
    a = computed(rw)
    c1 = next(u for u in a.results["units"] if u["unit"] == "C1")
    assert Decimal(c1["scores"]["att"]) == Decimal("4.5")


def test_the_top_and_bottom_counties_secretaries_are_named(rw: RegionWorld) -> None:
    a = computed(rw)
    actions = {u["unit"]: [(x["kind"], x["person"]) for x in u["actions"]]
               for u in a.results["units"]}  # fmt: skip
    assert ("通报表扬", "赵书记") in actions["C1"]
    assert ("通报批评", "钱书记") in actions["C2"]


def test_the_province_leader_approves_what_the_admin_prepared(rw: RegionWorld) -> None:
    from kaoping.web.assessment import county

    a = computed(rw)
    done = county.transition(a.pk, "approve", rw.users["province_leader"], a.revision)
    assert done.status == "approved"
    who = [(e.action, e.user and e.user.username) for e in done.events.order_by("at", "id")]
    assert who[0] == ("create", "province_admin") and who[-1] == ("approve", "province_leader")


def test_the_admin_who_prepared_it_may_not_approve_it(rw: RegionWorld) -> None:
    from kaoping.web.assessment import county
    from kaoping.web.assessment.refusals import Refused

    a = computed(rw)
    with pytest.raises(Refused, match="参与编制"):
        county.transition(a.pk, "approve", rw.users["province_admin"], a.revision)


def test_an_approval_whose_audit_row_fails_changes_nothing(rw: RegionWorld) -> None:
    from kaoping.web.assessment import county
    from kaoping.web.assessment.models import CountyAssessment, CountyAssessmentEvent

    a = computed(rw)
    with (
        mock.patch.object(CountyAssessmentEvent.objects, "create", side_effect=RuntimeError),
        pytest.raises(RuntimeError),
    ):
        county.transition(a.pk, "approve", rw.users["province_leader"], a.revision)
    assert CountyAssessment.objects.get(pk=a.pk).status == "draft"


def test_a_village_figure_changed_after_computing_refuses_the_approval(
    rw: RegionWorld,
) -> None:
    from kaoping.web.assessment import county
    from kaoping.web.assessment.refusals import Refused
    from kaoping.web.core.models import Report

    a = computed(rw)
    Report.objects.filter(unit__code="V33").update(version=2)
    with pytest.raises(Refused, match="V33村"):
        county.transition(a.pk, "approve", rw.users["province_leader"], a.revision)


def test_a_county_not_of_the_province_takes_no_entry(rw: RegionWorld) -> None:
    from kaoping.web.assessment import county
    from kaoping.web.assessment.refusals import Refused

    a = county.create(rw.units["P1"], PERIOD, rw.rubric, rw.users["province_admin"])
    with pytest.raises(Refused, match="C9"):
        county.enter(a.pk, "C9", "figure", "accuracy", "1", "", rw.users["province_admin"])


def test_a_county_figure_not_entered_is_named_before_computing(rw: RegionWorld) -> None:
    from kaoping.web.assessment import county
    from kaoping.web.assessment.refusals import Refused

    a = county.create(rw.units["P1"], PERIOD, rw.rubric, rw.users["province_admin"])
    county.enter(a.pk, "C1", "figure", "accuracy", "0.99", "", rw.users["province_admin"])
    with pytest.raises(Refused) as refused:
        county.compute(a.pk, rw.users["province_admin"])
    assert [(p.unit, p.message) for p in refused.value.problems] == [
        ("C2", "需由省（市）级录入该县数据")
    ]


# persona: (reads all, prepares, approves, own counties)
RIGHTS = {
    "province_admin": (True, True, False, set()),
    "province_leader": (True, False, True, set()),
    "city_admin": (False, False, False, set()),
    "city_leader": (False, False, False, set()),
    "county_leader": (False, False, False, {"C1"}),
    "county_admin": (False, False, False, {"C2"}),
    "township_admin": (False, False, False, set()),
    "other_province_admin": (False, False, False, set()),
    "other_county_leader": (False, False, False, set()),
}


@pytest.mark.parametrize("persona", sorted(RIGHTS))
def test_who_may_do_what_on_the_province_assessment(rw: RegionWorld, persona: str) -> None:
    from kaoping.web.assessment import county

    r = county.region_rights(rw.users[persona], rw.units["P1"])
    codes = {c.code for c in county.assessed(rw.units["P1"]) if c.pk in r.own_townships}
    assert (r.read_all, r.prepare, r.approve, codes) == RIGHTS[persona]


def test_the_province_people_read_the_citys_assessment_but_do_not_prepare_it(
    rw: RegionWorld,
) -> None:
    from kaoping.web.assessment import county

    for persona in ("province_admin", "province_leader"):
        r = county.region_rights(rw.users[persona], rw.units["M1"])
        assert (r.read_all, r.prepare, r.approve) == (True, False, False)
    r = county.region_rights(rw.users["city_admin"], rw.units["M1"])
    assert (r.read_all, r.prepare, r.approve) == (True, True, False)
    assert [c.code for c in county.assessed(rw.units["M1"])] == ["C1"]


def test_the_county_pages_do_not_open_a_province_assessment(rw: RegionWorld) -> None:
    from django.http import Http404

    from kaoping.web.assessment import county

    a = computed(rw)
    with pytest.raises(Http404):
        county.get_assessment(rw.users["province_admin"], a.pk)
