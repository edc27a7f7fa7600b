"""The county's assessment of its townships: the roll-up and the scores of the
table in conftest.py, the entries' bounds, and the workflow's guards."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from kaoping.web.assessment import county
from kaoping.web.assessment.models import CountyAssessment, CountyAssessmentEvent
from kaoping.web.assessment.refusals import Refused

from .conftest import PERIOD, CountyWorld

# Run on PostgreSQL too (tests/conftest.py): a county's townships are scored from figures read back from the database.
pytestmark = pytest.mark.both_databases

ROLLED = [
    # township, invited, attended, standard, accuracy, units
    ("T1", "200", "190", "1", "0.99", 2),
    ("T2", "200", "178", "2/3", "0.97", 3),
    ("T3", "200", "188", "0", "0.98", 2),
]

SCORES = [
    # township, att, std, acc, work, total, rank
    ("T1", "6", "2", "1", "1", "10", 1),
    ("T2", "3", "1", "0", "0.5", "4.5", 3),
    ("T3", "5.5", "0", "1", "1", "7.5", 2),
]


def _units(a: CountyAssessment) -> dict[str, Any]:
    return {u["unit"]: u for u in a.results["units"]}


@pytest.mark.parametrize(("town", "invited", "attended", "standard", "accuracy", "n"), ROLLED)
def test_townships_figures_are_their_villages_rolled_up(
    computed: CountyAssessment,
    town: str,
    invited: str,
    attended: str,
    standard: str,
    accuracy: str,
    n: int,
) -> None:
    row = {r["unit"]: r for r in computed.snapshot["rows"]}[town]
    from fractions import Fraction

    assert Fraction(row["invited"]) == Fraction(invited)
    assert Fraction(row["attended"]) == Fraction(attended)
    assert Fraction(row["standard"]) == Fraction(standard)
    assert Fraction(row["accuracy"]) == Fraction(accuracy)
    assert row["_units"] == n


@pytest.mark.parametrize(("town", "att", "std", "acc", "work", "total", "rank"), SCORES)
def test_townships_are_scored_and_ranked_as_computed_by_hand(
    computed: CountyAssessment,
    town: str,
    att: str,
    std: str,
    acc: str,
    work: str,
    total: str,
    rank: int,
) -> None:
    u = _units(computed)[town]
    got = {k: Decimal(v) for k, v in u["scores"].items()}
    assert (got["att"], got["std"], got["acc"], got["work"]) == tuple(
        Decimal(x) for x in (att, std, acc, work)
    )
    assert Decimal(u["total"]) == Decimal(total)
    assert u["rank"] == rank


def test_every_lost_point_is_explained(computed: CountyAssessment) -> None:
    texts = " ".join(d["text"] for d in _units(computed)["T2"]["deductions"])
    assert "89" in texts  # the summed rate
    assert "台账不全" in texts  # the county's written reason


@pytest.mark.parametrize(("town", "kind", "person"), [("T1", "通报表扬", "张书记"),
                                                     ("T2", "通报批评", "王书记")])  # fmt: skip
def test_consequences_reach_the_townships_secretary(
    computed: CountyAssessment, town: str, kind: str, person: str
) -> None:
    acts = _units(computed)[town]["actions"]
    assert any(a["kind"] == kind and a["to"] == "secretary" and a["person"] == person for a in acts)
    assert not _units(computed)["T3"]["actions"]


def test_it_will_not_compute_without_the_townships_own_figures(cw: CountyWorld) -> None:
    a = county.create(cw.units["C1"], PERIOD, cw.rubric, cw.users["county_admin"])
    with pytest.raises(Refused) as err:
        county.compute(a.pk, cw.users["county_admin"])
    assert {(p.unit, p.element) for p in err.value.problems} == {
        ("T1", "accuracy"),
        ("T2", "accuracy"),
        ("T3", "accuracy"),
    }


def test_a_village_missing_a_figure_is_named(cw: CountyWorld, computed: Any) -> None:
    from kaoping.web.core.models import Figure

    Figure.objects.filter(report__unit__code="V22", element="attended").delete()
    a = CountyAssessment.objects.get(pk=computed.pk)
    problems = county.gather(a).problems
    assert [(p.unit, p.element, p.message) for p in problems] == [("V22", "attended", "未填报")]


def test_a_village_failing_a_check_is_named(cw: CountyWorld, computed: Any) -> None:
    from kaoping.web.core.models import Figure

    Figure.objects.filter(report__unit__code="V31", element="attended").update(value=81)
    problems = county.gather(CountyAssessment.objects.get(pk=computed.pk)).problems
    assert [(p.unit, p.message) for p in problems] == [("V31", "实到人数不能大于应到人数")]


@pytest.mark.parametrize(
    ("kind", "key", "value", "reason", "says"),
    [
        ("figure", "invited", "5", "", "由各村数据汇总"),
        ("figure", "accuracy", "abc", "", "统计数据准确率应为数字"),
        ("figure", "accuracy", "1e12", "", "超出范围"),
        ("deduction", "work", "2", "x", "不超过该项满分1分"),
        ("deduction", "work", "0.5", " ", "请写明工作落实的扣分理由"),
        ("deduction", "att", "1", "x", "不是人工扣分项"),
    ],
)
def test_bad_entries_are_refused_naming_the_field(
    cw: CountyWorld, kind: str, key: str, value: str, reason: str, says: str
) -> None:
    a = county.create(cw.units["C1"], PERIOD, cw.rubric, cw.users["county_admin"])
    with pytest.raises(Refused) as err:
        county.enter(a.pk, "T1", kind, key, value, reason, cw.users["county_admin"])
    assert says in err.value.message
    assert not a.entries.exists()


def test_it_refuses_a_township_of_another_county(cw: CountyWorld) -> None:
    a = county.create(cw.units["C1"], PERIOD, cw.rubric, cw.users["county_admin"])
    with pytest.raises(Refused, match="不属于本县"):
        county.enter(a.pk, "T9", "figure", "accuracy", "1", "", cw.users["county_admin"])


def test_a_preparer_may_not_approve(computed: CountyAssessment, cw: CountyWorld) -> None:
    with pytest.raises(Refused, match="参与编制"):
        county.transition(computed.pk, "approve", cw.users["county_assessor"])
    assert CountyAssessment.objects.get(pk=computed.pk).status == "draft"


def test_approval_writes_its_audit_row_and_freezes(
    computed: CountyAssessment, cw: CountyWorld
) -> None:
    a = county.transition(computed.pk, "approve", cw.users["county_leader"], computed.revision)
    assert a.status == "approved"
    event = a.events.first()
    assert event is not None
    assert (event.action, event.user) == ("approve", cw.users["county_leader"])
    with pytest.raises(Refused, match="已审定"):
        county.compute(a.pk, cw.users["county_admin"])
    with pytest.raises(Refused, match="不能再录入"):
        county.enter(a.pk, "T1", "figure", "accuracy", "1", "", cw.users["county_admin"])
    a = county.transition(a.pk, "publish", cw.users["county_admin"])
    assert a.status == "published"


def test_approval_refuses_a_stale_revision(computed: CountyAssessment, cw: CountyWorld) -> None:
    with pytest.raises(Refused, match="刷新"):
        county.transition(computed.pk, "approve", cw.users["county_leader"], computed.revision - 1)


def test_approval_refuses_when_a_village_changed_since(
    computed: CountyAssessment, cw: CountyWorld
) -> None:
    from kaoping.web.core.models import Report

    Report.objects.filter(unit__code="V12").update(version=2)
    with pytest.raises(Refused, match="V12村"):
        county.transition(computed.pk, "approve", cw.users["county_leader"])
    assert not CountyAssessmentEvent.objects.filter(action="approve").exists()


def test_one_assessment_per_county_and_period(computed: CountyAssessment, cw: CountyWorld) -> None:
    with pytest.raises(Refused, match="已有"):
        county.create(cw.units["C1"], "2026年第三季度", cw.rubric, cw.users["county_admin"])


@pytest.mark.parametrize(
    ("persona", "read_all", "prepare", "approve", "own"),
    [
        ("county_admin", True, True, False, set()),
        ("county_assessor", True, True, False, set()),
        ("county_leader", True, False, True, set()),
        ("township_admin", False, False, False, {"T2"}),
        ("township_leader", False, False, False, {"T2"}),
        ("reporter", False, False, False, set()),
        ("outsider", False, False, False, set()),
        ("outsider_township", False, False, False, set()),
    ],
)
def test_rights_per_persona(
    cw: CountyWorld, persona: str, read_all: bool, prepare: bool, approve: bool, own: set[str]
) -> None:
    r = county.county_rights(cw.users[persona], cw.units["C1"])
    codes = {cw.units[c].pk: c for c in ("T1", "T2", "T3")}
    assert (r.read_all, r.prepare, r.approve) == (read_all, prepare, approve)
    assert {codes[pk] for pk in r.own_townships} == own
