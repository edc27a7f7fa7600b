"""A county's approved assessment is corrected by a new version (建立更正版本,
docs/county.md "Corrections"): a county leader starts it with a reason, asked first;
while it is an open draft the townships may reopen the village reports the approved
version read; it is computed again and approved four eyes, and the old version
stays readable.

The world (conftest.py), 2026Q3. 西镇 T2's villages report invited/attended
V21 100/90, V22 50/40, V23 50/48; the correction's cause is V21's attended, 90
where it should be 100:

| version | T2 summed | rate | 到位 (6)       | 规范 | 数据 | 落实 | total | rank |
|---------|-----------|------|----------------|------|------|------|-------|------|
| 1       | 200/178   | 89%  | 6-0.5*6 = 3    | 1    | 0    | 0.5  | 4.5   | 3    |
| 2       | 200/188   | 94%  | 6-0.5*1 = 5.5  | 1    | 0    | 0.5  | 7     | 3    |

(T1 10 and T3 7.5 are unchanged; T2's 7 stays below T3's 7.5.)
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from kaoping.web.assessment import county
from kaoping.web.assessment.models import CountyAssessment, CountyAssessmentEvent
from kaoping.web.assessment.refusals import Refused
from kaoping.web.core import services as core
from kaoping.web.core.models import Membership, Report

from .conftest import PERIOD, CountyWorld

pytestmark = pytest.mark.django_db

REASON = "西镇V21村实到人数应为100，误录为90"
V21_LOCKED = (
    "示范县2026Q3的考评已审定，读取了V21村 2026Q3的报表，不能再解锁更正；"
    "如确需修改，请联系示范县建立该考评的更正版本，更正版本建立后即可解锁更正"
)


def _report(w: CountyWorld, village: str) -> Report:
    return Report.objects.get(unit=w.units[village], period=PERIOD, dataset__code="q")


def _approved(w: CountyWorld, computed: CountyAssessment) -> CountyAssessment:
    return county.transition(computed.pk, "approve", w.users["county_leader"], computed.revision)


def _total(a: CountyAssessment, town: str) -> Decimal:
    return next(Decimal(u["total"]) for u in a.results["units"] if u["unit"] == town)


def _v21_corrected(w: CountyWorld) -> None:
    """西镇 reopens V21's report, its reporter enters 100 attended, its leader approves."""
    report = _report(w, "V21")
    core.reopen(report, w.users["township_leader"], "V21村实到人数录错")
    core.save_figures(
        report, {"attended": Decimal(100)}, user=w.users["reporter"], path="form", submit=True
    )
    report.refresh_from_db()
    core.approve(report, w.users["township_leader"], version=report.version)


@pytest.mark.both_databases
def test_a_correction_lets_the_township_reopen_and_its_approval_counts_the_new_figure(
    cw: CountyWorld, computed: CountyAssessment
) -> None:
    w = cw
    v1 = _approved(w, computed)
    assert _total(v1, "T2") == Decimal("4.5")
    with pytest.raises(core.Refused) as refused:
        core.reopen(_report(w, "V21"), w.users["township_leader"], "V21村实到人数录错")
    assert refused.value.message == V21_LOCKED

    v2 = county.correct(v1.pk, f"  {REASON} ", w.users["county_leader"])
    assert (v2.version, v2.status, v2.corrects_id, v2.correction_reason) == (
        2,
        "draft",
        v1.pk,
        REASON,
    )
    # The entries come along: four accuracy figures and T2's manual deduction.
    assert v2.entries.count() == 4
    note = f"第1版 → 第2版：{REASON}"
    for a in (v1, v2):
        assert list(
            CountyAssessmentEvent.objects.filter(assessment=a, action="correct").values_list(
                "user__username", "note"
            )
        ) == [("county_leader", note)]

    _v21_corrected(w)  # the reopening is allowed now
    v2 = county.compute(v2.pk, w.users["county_assessor"])
    v2 = county.transition(v2.pk, "approve", w.users["county_leader"], v2.revision)
    assert v2.status == "approved"
    assert {u["unit"]: (Decimal(u["total"]), u["rank"]) for u in v2.results["units"]} == {
        "T1": (Decimal(10), 1),
        "T2": (Decimal(7), 3),
        "T3": (Decimal("7.5"), 2),
    }
    # The old version is as it was and still approved; the new one counts.
    old = CountyAssessment.objects.get(pk=v1.pk)
    assert (old.status, _total(old, "T2")) == ("approved", Decimal("4.5"))
    assert [a.pk for a in county.newest_versions([old, v2])] == [v2.pk]
    # Approving the correction locks the reports again, by its own reading.
    with pytest.raises(core.Refused) as again:
        core.reopen(_report(w, "V21"), w.users["township_leader"], "再次更正")
    assert again.value.message == V21_LOCKED


def test_the_old_version_stays_readable_and_says_it_is_being_corrected(
    client: Any, cw: CountyWorld, computed: CountyAssessment
) -> None:
    v1 = _approved(cw, computed)
    v2 = county.correct(v1.pk, REASON, cw.users["county_leader"])
    client.force_login(cw.users["county_leader"])
    old = client.get(reverse("assessment:county_detail", args=[v1.pk])).content.decode()
    assert "第2版（更正版本）正在编制" in old
    assert 'id="correction"' not in old  # one correction at a time
    assert "4.5" in old
    new = client.get(reverse("assessment:county_detail", args=[v2.pk])).content.decode()
    assert f"更正第1版：{REASON}" in new
    # The county's page shows the version that counts, not the empty draft.
    home = client.get(reverse("assessment:county", args=["C1"]) + "?period=" + PERIOD)
    assert home.context["chosen"].pk == v1.pk


@pytest.mark.parametrize(
    ("reason", "message"),
    [
        ("", "请写明更正原因"),
        ("   ", "请写明更正原因"),
        ("错" * 501, "更正原因最多500字，现有501字，请精简"),
    ],
)
def test_a_correction_without_a_reason_or_with_too_long_a_one_is_refused(
    cw: CountyWorld, computed: CountyAssessment, reason: str, message: str
) -> None:
    v1 = _approved(cw, computed)
    with pytest.raises(Refused) as refused:
        county.correct(v1.pk, reason, cw.users["county_leader"])
    assert refused.value.message == message
    assert CountyAssessment.objects.filter(county=cw.units["C1"]).count() == 1
    assert not CountyAssessmentEvent.objects.filter(action="correct").exists()


def test_a_draft_or_an_already_corrected_version_is_not_corrected(
    cw: CountyWorld, computed: CountyAssessment
) -> None:
    with pytest.raises(Refused) as draft:
        county.correct(computed.pk, REASON, cw.users["county_leader"])
    assert draft.value.message == "只有已审定或已公布的考评可以更正；草稿可直接修改"
    v1 = _approved(cw, computed)
    county.correct(v1.pk, REASON, cw.users["county_leader"])
    with pytest.raises(Refused) as twice:
        county.correct(v1.pk, REASON, cw.users["county_leader"])
    assert twice.value.message == "该考评已有进行中的更正版本（第2版），请在其上继续"
    # Nor is the version being corrected published meanwhile.
    with pytest.raises(Refused) as publish:
        county.transition(v1.pk, "publish", cw.users["county_admin"])
    assert publish.value.message == "第1版已有更正版本（第2版），不能再公布第1版"


def test_one_who_computed_the_correction_may_not_approve_it(
    cw: CountyWorld, computed: CountyAssessment
) -> None:
    v1 = _approved(cw, computed)
    # 示范县's leader is its admin too, and computes the correction himself.
    leader = cw.users["county_leader"]
    Membership.objects.create(user=leader, role="admin", unit=cw.units["C1"])
    v2 = county.correct(v1.pk, REASON, leader)
    v2 = county.compute(v2.pk, leader)
    with pytest.raises(Refused) as refused:
        county.transition(v2.pk, "approve", leader, v2.revision)
    assert refused.value.message == (
        "county_leader参与编制了本考评（创建、录入或计算），不能由其审定"
    )
    assert CountyAssessment.objects.get(pk=v2.pk).status == "draft"


def _messages(response: Any) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_the_page_asks_first_then_starts_the_correction(
    client: Any, cw: CountyWorld, computed: CountyAssessment
) -> None:
    v1 = _approved(cw, computed)
    client.force_login(cw.users["county_leader"])
    url = reverse("assessment:county_correct", args=[v1.pk])
    asked = client.post(url, {"reason": REASON})
    assert asked.status_code == 200
    page = asked.content.decode()
    assert "示范县2026Q3考评新建第2版（草稿），带上第1版的4项录入" in page
    assert "不再锁定它读取的7份村（社区）报表" in page
    assert CountyAssessment.objects.filter(county=cw.units["C1"]).count() == 1
    done = client.post(url, {"reason": REASON, "confirmed": "yes"})
    v2 = CountyAssessment.objects.get(county=cw.units["C1"], version=2)
    assert done.status_code == 302 and done["Location"] == reverse(
        "assessment:county_detail", args=[v2.pk]
    )
    assert _messages(done) == ["已建立第2版（草稿），原版本保留"]


def test_the_page_refuses_a_correction_without_a_reason_before_asking(
    client: Any, cw: CountyWorld, computed: CountyAssessment
) -> None:
    v1 = _approved(cw, computed)
    client.force_login(cw.users["county_leader"])
    r = client.post(reverse("assessment:county_correct", args=[v1.pk]), {"reason": " "})
    assert r.status_code == 302
    assert _messages(r) == ["请写明更正原因"]
    assert CountyAssessment.objects.filter(county=cw.units["C1"]).count() == 1


# What each persona gets from a confirmed correction of the approved assessment.
CORRECT = {"county_leader": 302, "county_admin": 403, "county_assessor": 403,
           "township_admin": 404, "township_leader": 404, "reporter": 404,
           "outsider": 404, "outsider_township": 404}  # fmt: skip


@pytest.mark.parametrize("persona", sorted(CORRECT))
def test_starting_a_correction(
    client: Any, cw: CountyWorld, computed: CountyAssessment, persona: str
) -> None:
    v1 = _approved(cw, computed)
    client.force_login(cw.users[persona])
    r = client.post(
        reverse("assessment:county_correct", args=[v1.pk]), {"reason": REASON, "confirmed": "yes"}
    )
    assert r.status_code == CORRECT[persona]
    assert CountyAssessment.objects.filter(county=cw.units["C1"]).count() == (
        2 if CORRECT[persona] == 302 else 1
    )
