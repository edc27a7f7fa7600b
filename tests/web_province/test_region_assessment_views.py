"""The pages of a province's assessment of its counties, persona by persona (the
world of region_world.py): its admin prepares, its leader approves, each only on
their own province; a county's people read their own county's row once approved;
a city's people of the province, a township's and another province's get 404."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from .region_world import PERIOD, RUBRIC, RegionWorld, build, computed

OUTSIDE = ["city_admin", "city_leader", "township_admin", "other_province_admin",
           "other_county_leader"]  # fmt: skip
COUNTY_PEOPLE = ["county_leader", "county_admin"]


@pytest.fixture
def rw(db: Any) -> RegionWorld:
    return build()


def _as(client: Any, rw: RegionWorld, persona: str) -> Any:
    client.force_login(rw.users[persona])
    return client


# --- reading -----------------------------------------------------------------------

HOME_STATUS = {
    "province_admin": 200, "province_leader": 200, "county_leader": 200, "county_admin": 200,
    **{p: 404 for p in OUTSIDE},
}  # fmt: skip


@pytest.mark.parametrize("persona", sorted(HOME_STATUS))
def test_who_opens_the_province_assessments_page(
    client: Any, rw: RegionWorld, persona: str
) -> None:
    computed(rw)
    response = _as(client, rw, persona).get(reverse("assessment:region_assess", args=["P1"]))
    assert response.status_code == HOME_STATUS[persona]


def test_the_province_admin_sees_the_upload_and_create_forms(client: Any, rw: RegionWorld) -> None:
    html = (
        _as(client, rw, "province_admin")
        .get(reverse("assessment:region_assess", args=["P1"]))
        .content.decode()
    )
    assert 'id="region-rubric-upload"' in html and 'id="region-create"' in html
    assert "东县、直管县" in html  # the counties it assesses, not the other province's


def test_the_province_leader_sees_no_forms(client: Any, rw: RegionWorld) -> None:
    html = (
        _as(client, rw, "province_leader")
        .get(reverse("assessment:region_assess", args=["P1"]))
        .content.decode()
    )
    assert 'id="region-rubric-upload"' not in html and 'id="region-create"' not in html


DRAFT_STATUS = {"province_admin": 200, "province_leader": 200,
                **{p: 404 for p in COUNTY_PEOPLE + OUTSIDE}}  # fmt: skip


@pytest.mark.parametrize("persona", sorted(DRAFT_STATUS))
def test_who_opens_a_draft(client: Any, rw: RegionWorld, persona: str) -> None:
    a = computed(rw)
    response = _as(client, rw, persona).get(reverse("assessment:region_assess_detail", args=[a.pk]))
    assert response.status_code == DRAFT_STATUS[persona]


# persona: (status, counties whose rows it shows) once approved
APPROVED_ROWS = {
    "province_admin": (200, {"东县", "直管县"}),
    "province_leader": (200, {"东县", "直管县"}),
    "county_leader": (200, {"东县"}),
    "county_admin": (200, {"直管县"}),
    **{p: (404, set()) for p in OUTSIDE},
}


@pytest.mark.parametrize("persona", sorted(APPROVED_ROWS))
def test_once_approved_a_countys_people_read_their_own_row_only(
    client: Any, rw: RegionWorld, persona: str
) -> None:
    from kaoping.web.assessment import county

    a = computed(rw)
    county.transition(a.pk, "approve", rw.users["province_leader"], a.revision)
    response = _as(client, rw, persona).get(reverse("assessment:region_assess_detail", args=[a.pk]))
    status, shown = APPROVED_ROWS[persona]
    assert response.status_code == status
    html = response.content.decode()
    assert {name for name in ("东县", "直管县") if f". {name} · " in html} == shown


def test_the_detail_shows_the_rolled_up_figures_and_the_ranking(
    client: Any, rw: RegionWorld
) -> None:
    a = computed(rw)
    html = (
        _as(client, rw, "province_leader")
        .get(reverse("assessment:region_assess_detail", args=[a.pk]))
        .content.decode()
    )
    assert "1. 东县 · 7.75分" in html and "2. 直管县 · 6.5分" in html
    assert "<td>368</td>" in html and "<td>287</td>" in html
    # 直管县's share of villages with 例会记录规范 is 1/3, said as its explanation says it.
    assert "<td>0.3333</td>" in html and "<td>1/3</td>" not in html
    assert "（例会记录规范0.3333）" in html
    assert 'id="approve"' in html


# --- changing ----------------------------------------------------------------------

# persona: status of a POST that prepares (upload, create, entry, compute)
PREPARE_STATUS = {"province_admin": 302, "province_leader": 403,
                  **{p: 404 for p in COUNTY_PEOPLE + OUTSIDE}}  # fmt: skip


@pytest.mark.parametrize("persona", sorted(PREPARE_STATUS))
def test_uploading_a_province_rubric(client: Any, rw: RegionWorld, persona: str) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from kaoping.web.assessment.models import RubricVersion

    upload = SimpleUploadedFile("p.yaml", RUBRIC.encode(), content_type="text/yaml")
    response = _as(client, rw, persona).post(
        reverse("assessment:region_assess_rubric", args=["P1"]), {"file": upload, "note": "二版"}
    )
    assert response.status_code == PREPARE_STATUS[persona]
    expected = 2 if PREPARE_STATUS[persona] == 302 else 1
    assert RubricVersion.objects.filter(township=rw.units["P1"]).count() == expected


@pytest.mark.parametrize("persona", sorted(PREPARE_STATUS))
def test_creating_a_province_assessment(client: Any, rw: RegionWorld, persona: str) -> None:
    from kaoping.web.assessment.models import CountyAssessment

    response = _as(client, rw, persona).post(
        reverse("assessment:region_assess_create", args=["P1"]), {"period": PERIOD, "rubric": 1}
    )
    assert response.status_code == PREPARE_STATUS[persona]
    made = CountyAssessment.objects.filter(county=rw.units["P1"]).count()
    assert made == (1 if PREPARE_STATUS[persona] == 302 else 0)


@pytest.mark.parametrize("persona", sorted(PREPARE_STATUS))
def test_entering_a_county_figure(client: Any, rw: RegionWorld, persona: str) -> None:
    from kaoping.web.assessment import county
    from kaoping.web.assessment.models import CountyEntry

    a = county.create(rw.units["P1"], PERIOD, rw.rubric, rw.users["province_admin"])
    response = _as(client, rw, persona).post(
        reverse("assessment:region_assess_entry", args=[a.pk]),
        {"township": "C1", "kind": "figure", "key": "accuracy", "value": "0.99"},
    )
    assert response.status_code == PREPARE_STATUS[persona]
    entered = CountyEntry.objects.filter(assessment=a, township__code="C1").count()
    assert entered == (1 if PREPARE_STATUS[persona] == 302 else 0)


@pytest.mark.parametrize("persona", sorted(PREPARE_STATUS))
def test_computing_a_province_assessment(client: Any, rw: RegionWorld, persona: str) -> None:
    from kaoping.web.assessment import county
    from kaoping.web.assessment.models import CountyAssessment

    a = computed(rw)
    county.enter(a.pk, "C1", "figure", "accuracy", "0.98", "", rw.users["province_admin"])
    response = _as(client, rw, persona).post(
        reverse("assessment:region_assess_compute", args=[a.pk])
    )
    assert response.status_code == PREPARE_STATUS[persona]
    assert CountyAssessment.objects.get(pk=a.pk).computed == (PREPARE_STATUS[persona] == 302)


# persona: (status, status of the assessment after) of a confirmed approval
APPROVE = {
    "province_leader": (302, "approved"),
    "province_admin": (403, "draft"),
    **{p: (404, "draft") for p in COUNTY_PEOPLE + OUTSIDE},
}


@pytest.mark.parametrize("persona", sorted(APPROVE))
def test_approving_a_province_assessment(client: Any, rw: RegionWorld, persona: str) -> None:
    from kaoping.web.assessment.models import CountyAssessment

    a = computed(rw)
    response = _as(client, rw, persona).post(
        reverse("assessment:region_assess_step", args=[a.pk, "approve"]),
        {"revision": a.revision, "confirmed": "yes"},
    )
    status, after = APPROVE[persona]
    assert response.status_code == status
    assert CountyAssessment.objects.get(pk=a.pk).status == after


def test_approving_asks_first_naming_the_counties(client: Any, rw: RegionWorld) -> None:
    from kaoping.web.assessment.models import CountyAssessment

    a = computed(rw)
    response = _as(client, rw, "province_leader").post(
        reverse("assessment:region_assess_step", args=[a.pk, "approve"]), {"revision": a.revision}
    )
    assert response.status_code == 200
    assert "2个县的得分和名次" in response.content.decode()
    assert CountyAssessment.objects.get(pk=a.pk).status == "draft"


PUBLISH = {
    "province_admin": (302, "published"),
    "province_leader": (403, "approved"),
    **{p: (404, "approved") for p in COUNTY_PEOPLE + OUTSIDE},
}


@pytest.mark.parametrize("persona", sorted(PUBLISH))
def test_publishing_a_province_assessment(client: Any, rw: RegionWorld, persona: str) -> None:
    from kaoping.web.assessment import county
    from kaoping.web.assessment.models import CountyAssessment

    a = computed(rw)
    a = county.transition(a.pk, "approve", rw.users["province_leader"], a.revision)
    response = _as(client, rw, persona).post(
        reverse("assessment:region_assess_step", args=[a.pk, "publish"]), {"confirmed": "yes"}
    )
    status, after = PUBLISH[persona]
    assert response.status_code == status
    assert CountyAssessment.objects.get(pk=a.pk).status == after


def test_the_province_admin_may_not_prepare_the_citys_assessment(
    client: Any, rw: RegionWorld
) -> None:
    from kaoping.web.assessment import county

    county.upload_rubric(rw.units["M1"], RUBRIC, "city.yaml", rw.users["city_admin"])
    url = reverse("assessment:region_assess_create", args=["M1"])
    assert (
        _as(client, rw, "province_admin").post(url, {"period": PERIOD, "rubric": 1}).status_code
        == 403
    )
    assert (
        _as(client, rw, "city_admin").post(url, {"period": PERIOD, "rubric": 1}).status_code == 302
    )


# persona: the province's rows its county page shows (the county C1's page)
ROWS_ABOVE = {"county_leader": ["江南省2026Q3考核各县：本县第1名，7.75分"],
              "province_leader": ["江南省2026Q3考核各县：本县第1名，7.75分"],
              "city_leader": []}  # fmt: skip


@pytest.mark.parametrize("persona", sorted(ROWS_ABOVE))
def test_the_county_page_links_its_row_of_the_province_assessment_once_approved(
    client: Any, rw: RegionWorld, persona: str
) -> None:
    import re

    from kaoping.web.assessment import county

    a = computed(rw)
    page = _as(client, rw, persona)
    html = page.get(reverse("assessment:county", args=["C1"])).content.decode()
    assert 'id="rows-above"' not in html  # a draft is nobody's row yet
    county.transition(a.pk, "approve", rw.users["province_leader"], a.revision)
    html = page.get(reverse("assessment:county", args=["C1"])).content.decode()
    links = re.findall(r'<li><a href="/assessment/region/a/\d+/">([^<]*)</a></li>', html)
    assert links == ROWS_ABOVE[persona]
