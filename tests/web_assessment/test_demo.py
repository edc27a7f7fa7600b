"""The demo township (``serve --demo``): the shipped rubric, 2026Q1–Q3 assessed
and published, 2026Q4 ready to be assessed, and sources to check."""

from __future__ import annotations

from typing import Any

import pytest

from kaoping.web.assessment import services
from kaoping.web.assessment.models import Assessment, RubricVersion, SourceFigure


@pytest.fixture
def demo(module_demo: Any, db: Any, client: Any, settings: Any) -> Any:
    """The demo (loaded once for the module, tests/conftest.py): the test client
    signed in as its assessor."""
    from django.contrib.auth import get_user_model

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    client.force_login(get_user_model().objects.get(username="assessor"))
    return client


def test_the_demo_township_opens_with_three_published_quarters(demo: Any) -> None:
    html = demo.get("/assessment/t/T01/").content.decode()
    # The months assessed beside them: tests/web_assessment/test_demo_month_assessments.py.
    quarterly = Assessment.objects.filter(campaign__isnull=True, period__contains="Q")
    assert list(quarterly.order_by("period").values_list("period", "status")) == [
        ("2026Q1", "published"),
        ("2026Q2", "published"),
        ("2026Q3", "published"),
    ]
    rv = RubricVersion.objects.get(township__code="T01", number=1)
    assert (rv.number, rv.name) == (1, "村级人口与家庭服务工作季度考评细则")
    assert "2026Q4" in html  # offered for a new assessment
    assert SourceFigure.objects.filter(period="2026Q4").exists()
    demo.get("/assessment/t/T01/")
    assert quarterly.count() == 3  # added once


def test_the_fourth_quarter_of_the_demo_can_be_assessed(demo: Any) -> None:
    demo.get("/assessment/t/T01/")
    from kaoping.web.core.models import Unit

    township = Unit.objects.get(code="T01")
    assert (
        services.readiness(
            township,
            services.parsed(RubricVersion.objects.get(township__code="T01", number=1)),
            "2026Q4",
        )
        == []
    )
    response = demo.post("/assessment/t/T01/new/", {"period": "2026Q4", "rubric": 1})
    a = Assessment.objects.get(period="2026Q4", campaign__isnull=True)
    assert response["Location"] == f"/assessment/{a.pk}/"
    demo.post(f"/assessment/{a.pk}/compute/")
    a.refresh_from_db()
    assert len(a.results["units"]) == 21


def test_the_demo_campaign_has_its_own_published_assessment_and_an_acceptance_visit(
    demo: Any,
) -> None:
    from kaoping.web.assessment.models import Inspection, Rectification

    a = Assessment.objects.get(campaign__isnull=False)
    assert (a.status, a.rubric.number) == ("published", 2)
    groups = [u["group"] for u in a.results["units"]]
    # Top 7 praised, bottom 3 criticised (more only on a tie at the boundary).
    assert groups.count("top") >= 7 and groups.count("bottom") >= 3
    kinds = {e.kind for e in a.ledger.all()}
    assert {"通报表扬", "通报批评", "表态发言"} <= kinds
    # The bottom villages' work areas are criticised once each, named for their
    # 片长 (the demo's work group leaders), listed on the area.
    to_area = list(a.ledger.filter(to="area", area__isnull=False))
    assert to_area and all(e.person for e in to_area)
    assert len({e.area_id for e in to_area}) == len(to_area)
    visit = Inspection.objects.get()
    assert (visit.kind, visit.campaign_id, visit.sampled.count()) == (
        "acceptance",
        a.campaign_id,
        3,
    )
    (followup,) = Rectification.objects.filter(inspection=visit)
    assert followup.kind == "上级核查数据不符整改"
    page = demo.get("/assessment/t/T01/ledger/2026/").content.decode()
    assert a.campaign is not None
    assert "专项活动考评" in page and a.campaign.title in page
