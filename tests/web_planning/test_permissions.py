"""The permission matrix: every planning view x every role x own / other unit.

Units: V1 (reporter's village), V2 (reporter2's), both in 东风镇 (T1); W1 in
红旗镇 (T2), the outsider's. A township page is asked for the unit's township.
Each row of ALLOWED is written out by hand from docs/planning.md; every other
(persona, unit) pair must be refused: 404 for what the persona cannot see, 403
for what they see but cannot change, a redirect to the login page for an
anonymous visitor.
"""

from __future__ import annotations

from typing import Any

import pytest

from kaoping.web.planning.models import CampaignTarget, Reminder

from .conftest import Plans, World, build_plans, build_world

T1 = {"V1", "V2"}
T2 = {"W1"}
PERSONAS = ["admin", "assessor", "leader", "reporter", "reporter2", "outsider", "anonymous"]

TOWNSHIP_READ = {"admin": T1, "assessor": T1, "leader": T1, "outsider": T2}
TOWNSHIP_WRITE = {"admin": T1, "assessor": T1, "outsider": T2}
VILLAGE_READ = {
    "admin": T1,
    "assessor": T1,
    "leader": T1,
    "reporter": {"V1"},
    "reporter2": {"V2"},
    "outsider": T2,
}
VILLAGE_WRITE = {
    "admin": T1,
    "assessor": T1,
    "reporter": {"V1"},
    "reporter2": {"V2"},
    "outsider": T2,
}

ALLOWED: dict[str, dict[str, set[str]]] = {
    "planning_home": {p: T1 | T2 for p in PERSONAS if p != "anonymous"},
    "village": VILLAGE_READ,
    "service_days": TOWNSHIP_READ,
    "service_day_new_get": TOWNSHIP_WRITE,
    "service_day_new_post": TOWNSHIP_WRITE,
    "notice_check": TOWNSHIP_READ,
    "notices": TOWNSHIP_READ,
    "service_day": VILLAGE_READ,
    "service_day_edit": TOWNSHIP_WRITE,
    "service_day_record_get": VILLAGE_WRITE,
    "service_day_record_post": VILLAGE_WRITE,
    "notice": VILLAGE_READ,
    "targets": TOWNSHIP_READ,
    "targets_upload": TOWNSHIP_WRITE,
    "base_figures_get": TOWNSHIP_READ,
    "base_figures_post": TOWNSHIP_WRITE,
    "base_upload": TOWNSHIP_WRITE,
    "allocations": TOWNSHIP_READ,
    "allocation_new": TOWNSHIP_WRITE,
    "allocation": TOWNSHIP_READ,
    "campaigns": TOWNSHIP_READ,
    "campaign_new": TOWNSHIP_WRITE,
    "campaign": TOWNSHIP_READ,
    "campaign_entries": TOWNSHIP_WRITE,
    "campaign_target_new": TOWNSHIP_WRITE,
    "campaign_target_delete": TOWNSHIP_WRITE,
    "bulletin": TOWNSHIP_READ,
    "campaign_unit_get": VILLAGE_READ,
    "campaign_unit_post": VILLAGE_WRITE,
    "reminders": TOWNSHIP_READ,
    "reminder_generate": TOWNSHIP_WRITE,
    "reminders_docx": TOWNSHIP_READ,
    "unit_reminders": VILLAGE_READ,
    "reminder": VILLAGE_READ,
    "reminder_ack": VILLAGE_WRITE,
    "reminder_resolve": TOWNSHIP_WRITE,
    "reminder_docx": VILLAGE_READ,
}

CASES = [(v, p, u) for v in ALLOWED for p in PERSONAS for u in ["V1", "V2", "W1"]]


@pytest.fixture(scope="module")
def _plans(module_db: None) -> Plans:
    return build_plans(build_world())


@pytest.fixture
def world(_plans: Plans, db: Any) -> World:
    return _plans.world


@pytest.fixture
def plans(_plans: Plans, db: Any) -> Plans:
    """The planning world (tests/web_planning/conftest.py), built once for the module."""
    return _plans


def _request(client: Any, plans: Any, view: str, unit: str) -> Any:
    t = "T2" if unit == "W1" else "T1"
    sd = plans.days[unit]
    c = plans.campaigns[t]
    a = plans.allocations[t]
    r = plans.reminders[unit]
    match view:
        case "planning_home":
            return client.get("/planning/")
        case "village":
            return client.get(f"/planning/villages/{unit}/")
        case "service_days":
            return client.get(f"/planning/t/{t}/service-days/")
        case "service_day_new_get":
            return client.get(f"/planning/t/{t}/service-days/new/")
        case "service_day_new_post":
            return client.post(
                f"/planning/t/{t}/service-days/new/",
                {
                    "unit": sd.unit.pk,
                    "day": "2026-06-20",
                    "start": "09:00",
                    "end": "11:00",
                    "place": "活动室",
                    "services": "两癌筛查",
                    "staff": "",
                    "notice_on": "2026-06-10",
                },
            )
        case "notice_check":
            return client.get(
                f"/planning/t/{t}/service-days/notice-check/?day=2026-06-20&notice_on=2026-06-19"
            )
        case "notices":
            return client.get(f"/planning/t/{t}/service-days/notices.docx?period=2026Q2")
        case "service_day":
            return client.get(f"/planning/service-days/{sd.pk}/")
        case "service_day_edit":
            return client.get(f"/planning/service-days/{sd.pk}/edit/")
        case "service_day_record_get":
            return client.get(f"/planning/service-days/{sd.pk}/record/")
        case "service_day_record_post":
            return client.post(
                f"/planning/service-days/{sd.pk}/record/",
                {
                    "invited": "10",
                    "attended": "9",
                    "absent_moved_away": "1",
                    "absent_ill": "0",
                    "declined": "0",
                    "absent_unreachable": "0",
                    "absent_other": "0",
                },
            )
        case "notice":
            return client.get(f"/planning/service-days/{sd.pk}/notice.docx")
        case "targets":
            return client.get(f"/planning/t/{t}/targets/?period=2026Q2")
        case "targets_upload":
            from django.core.files.uploadedfile import SimpleUploadedFile

            f = SimpleUploadedFile("t.yaml", b"x:\n  indicator: a / b\n  every_unit: '>= 0.5'\n")
            return client.post(f"/planning/t/{t}/targets/upload/", {"file": f})
        case "base_figures_get":
            return client.get(f"/planning/t/{t}/base-figures/")
        case "base_figures_post":
            return client.post(f"/planning/t/{t}/base-figures/", {f"{unit}:population": "5"})
        case "base_upload":
            from django.core.files.uploadedfile import SimpleUploadedFile

            f = SimpleUploadedFile("b.csv", f"unit,population\n{unit},7\n".encode())
            return client.post(f"/planning/t/{t}/base-figures/upload/", {"file": f})
        case "allocations":
            return client.get(f"/planning/t/{t}/allocations/")
        case "allocation_new":
            return client.get(f"/planning/t/{t}/allocations/new/")
        case "allocation":
            return client.get(f"/planning/allocations/{a.pk}/")
        case "campaigns":
            return client.get(f"/planning/t/{t}/campaigns/")
        case "campaign_new":
            return client.get(f"/planning/t/{t}/campaigns/new/")
        case "campaign":
            return client.get(f"/planning/campaigns/{c.pk}/")
        case "campaign_entries":
            return client.post(
                f"/planning/campaigns/{c.pk}/entries/", {"day": "2026-05-02", f"u_{unit}": "3"}
            )
        case "campaign_target_new":
            return client.post(
                f"/planning/campaigns/{c.pk}/targets/new/",
                {"target-kind": "total", "target-total": "20"},
            )
        case "campaign_target_delete":
            target = CampaignTarget.objects.create(campaign=c, kind="total", total=20)
            return client.post(f"/planning/campaigns/{c.pk}/targets/{target.pk}/delete/")
        case "bulletin":
            return client.get(f"/planning/campaigns/{c.pk}/bulletin.docx?as_of=2026-05-05")
        case "campaign_unit_get":
            return client.get(f"/planning/campaigns/{c.pk}/units/{unit}/")
        case "campaign_unit_post":
            return client.post(
                f"/planning/campaigns/{c.pk}/units/{unit}/", {"day": "2026-05-02", f"u_{unit}": "2"}
            )
        case "reminders":
            return client.get(f"/planning/t/{t}/reminders/?period=2026Q2")
        case "reminder_generate":
            return client.post(f"/planning/t/{t}/reminders/generate/?period=2026Q2")
        case "reminders_docx":
            return client.get(f"/planning/t/{t}/reminders.docx?period=2026Q2")
        case "unit_reminders":
            return client.get(f"/planning/villages/{unit}/reminders/")
        case "reminder":
            return client.get(f"/planning/reminders/{r.pk}/")
        case "reminder_ack":
            return client.post(f"/planning/reminders/{r.pk}/acknowledge/")
        case "reminder_resolve":
            Reminder.objects.filter(pk=r.pk).update(
                status="acknowledged", acknowledged_on=r.issued_on
            )
            return client.post(f"/planning/reminders/{r.pk}/resolve/", {"note": "已报送"})
        case "reminder_docx":
            return client.get(f"/planning/reminders/{r.pk}/reminder.docx")
    raise AssertionError(view)


@pytest.mark.parametrize(("view", "persona", "unit"), CASES)
def test_permission_matrix(client: Any, plans: Any, view: str, persona: str, unit: str) -> None:
    if persona != "anonymous":
        client.force_login(plans.world.users[persona])
    allowed = unit in ALLOWED[view].get(persona, set())
    r = _request(client, plans, view, unit)
    if persona == "anonymous":
        assert r.status_code == 302 and "/login/" in r["Location"]
    elif allowed:
        assert r.status_code in (200, 302), r.content.decode()[:500]
        if r.status_code == 302:
            assert "/login/" not in r["Location"]
    else:
        assert r.status_code in (403, 404)


@pytest.mark.parametrize(
    ("persona", "status"),
    [("admin", 403), ("assessor", 403), ("leader", 403), ("outsider", 404), ("reporter2", 404)],
)
def test_a_reminder_of_v1_cannot_be_acknowledged_by_other_villages_or_read_only_staff(
    client: Any, plans: Any, persona: str, status: int
) -> None:
    # admin and assessor may acknowledge in the village's stead, but only an
    # issued reminder: this one is already acknowledged, so the step is refused.
    r = plans.reminders["V1"]
    if persona in ("admin", "assessor"):
        Reminder.objects.filter(pk=r.pk).update(status="acknowledged")
        status = 409
    client.force_login(plans.world.users[persona])
    response = client.post(f"/planning/reminders/{r.pk}/acknowledge/")
    assert response.status_code == status
    assert Reminder.objects.get(pk=r.pk).status == (
        "acknowledged" if persona in ("admin", "assessor") else "issued"
    )
