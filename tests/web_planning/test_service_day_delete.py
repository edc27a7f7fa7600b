"""Deleting a service day entered by mistake: the township's staff only, asked
first (saying whether its attendance goes with it), recorded in the same
transaction, refused once the quarter's assessment is approved."""

from __future__ import annotations

from typing import Any

import pytest

from kaoping.web.planning.models import Deletion, ServiceDay
from tests.asking import ANSWER


def approve_quarter(world: Any, period: str, status: str = "approved") -> None:
    from kaoping.web.assessment.models import Assessment, RubricVersion

    rv = RubricVersion.objects.create(township=world.t1, number=1, name="细则", text="x")
    Assessment.objects.create(township=world.t1, period=period, rubric=rv, status=status)


@pytest.mark.parametrize(
    ("recorded", "sentence"),
    [
        (
            False,
            "将删除东村2026-05-20的服务日安排，并留下删除记录；如已送达服务通知单，请另行告知村民。",
        ),
        (True, "将删除东村2026-05-20的服务日安排，连同已登记的出勤情况，并留下删除记录"),
    ],
)
def test_the_admin_deletes_a_service_day_after_being_told_what_goes(
    login: Any, plans: Any, recorded: bool, sentence: str
) -> None:
    sd = plans.days["V1"]
    if recorded:
        ServiceDay.objects.filter(pk=sd.pk).update(invited=20, attended=18)
    page = login("admin").get(f"/planning/service-days/{sd.pk}/").content.decode()
    assert sentence in page
    r = login("admin").post(f"/planning/service-days/{sd.pk}/delete/", ANSWER, follow=True)
    assert "已删除东村2026-05-20的服务日。" in r.content.decode()
    assert not ServiceDay.objects.filter(pk=sd.pk).exists()
    record = Deletion.objects.get()
    assert (record.kind, record.township_id, record.user.get_username() if record.user else "") == (
        "service_day",
        plans.world.t1.pk,
        "admin",
    )
    assert record.detail["place"] == "东村活动室"
    assert record.detail["invited"] == (20 if recorded else None)


@pytest.mark.parametrize("status", ["approved", "published"])
def test_a_service_day_of_an_approved_quarter_is_refused(
    login: Any, plans: Any, status: str
) -> None:
    approve_quarter(plans.world, "2026Q2", status)
    sd = plans.days["V1"]
    why = "2026Q2的季度考评已审定，这次服务日已计入考评结果，不能删除"
    page = login("admin").get(f"/planning/service-days/{sd.pk}/").content.decode()
    assert why in page and 'id="delete-button"' not in page
    r = login("admin").post(f"/planning/service-days/{sd.pk}/delete/", ANSWER, follow=True)
    assert why in r.content.decode()
    assert ServiceDay.objects.filter(pk=sd.pk).exists()
    assert not Deletion.objects.exists()


def test_a_draft_assessment_of_the_quarter_does_not_stand_in_the_way(
    login: Any, plans: Any
) -> None:
    approve_quarter(plans.world, "2026Q2", "draft")
    sd = plans.days["V1"]
    assert login("admin").post(f"/planning/service-days/{sd.pk}/delete/", ANSWER).status_code == 302
    assert not ServiceDay.objects.filter(pk=sd.pk).exists()


@pytest.mark.parametrize(
    ("persona", "status"),
    [("reporter", 403), ("reporter2", 404), ("leader", 403), ("outsider", 404)],
)
def test_others_cannot_delete_a_service_day(
    login: Any, plans: Any, persona: str, status: int
) -> None:
    sd = plans.days["V1"]
    page = login(persona).get(f"/planning/service-days/{sd.pk}/")
    assert 'id="delete-button"' not in page.content.decode()
    assert (
        login(persona).post(f"/planning/service-days/{sd.pk}/delete/", ANSWER).status_code == status
    )
    assert ServiceDay.objects.filter(pk=sd.pk).exists()
