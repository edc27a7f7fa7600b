"""The county assessment's writes, each view by persona: a rubric upload, create,
an entry, compute, approve, publish. Outsiders get 404, the wrong role 403, and
nothing changes for either."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kaoping.web.assessment import county
from kaoping.web.assessment.models import CountyAssessment, CountyEntry, RubricVersion

from .conftest import PERIOD, RUBRIC, CountyWorld

PERSONAS = ["county_admin", "county_assessor", "county_leader", "township_admin",
            "reporter", "outsider"]  # fmt: skip
# What each persona gets from a write that needs preparing (upload, create, entry, compute).
PREPARE = {"county_admin": 302, "county_assessor": 302, "county_leader": 403,
           "township_admin": 404, "reporter": 404, "outsider": 404}  # fmt: skip


def _as(client: Any, cw: CountyWorld, persona: str) -> Any:
    client.force_login(cw.users[persona])
    return client


@pytest.mark.parametrize("persona", PERSONAS)
def test_uploading_a_rubric(client: Any, cw: CountyWorld, persona: str) -> None:
    f = SimpleUploadedFile("v2.yaml", RUBRIC.encode(), content_type="application/x-yaml")
    r = _as(client, cw, persona).post(
        reverse("assessment:county_rubric", args=["C1"]), {"file": f, "note": "第二版"}
    )
    assert r.status_code == PREPARE[persona]
    assert RubricVersion.objects.filter(township=cw.units["C1"]).count() == (
        2 if PREPARE[persona] == 302 else 1
    )


def test_a_rubric_that_does_not_parse_is_refused_with_its_reason(
    client: Any, cw: CountyWorld
) -> None:
    f = SimpleUploadedFile("bad.yaml", b"kaoping: 1\nname: x\n", content_type="text/plain")
    r = _as(client, cw, "county_admin").post(
        reverse("assessment:county_rubric", args=["C1"]), {"file": f}
    )
    assert r.status_code == 400
    assert "bad.yaml" in r.content.decode()
    assert RubricVersion.objects.filter(township=cw.units["C1"]).count() == 1


@pytest.mark.parametrize("persona", PERSONAS)
def test_creating_an_assessment(client: Any, cw: CountyWorld, persona: str) -> None:
    r = _as(client, cw, persona).post(
        reverse("assessment:county_create", args=["C1"]), {"period": "2026年第三季度", "rubric": 1}
    )
    assert r.status_code == PREPARE[persona]
    made = CountyAssessment.objects.filter(county=cw.units["C1"])
    assert [a.period for a in made] == ([PERIOD] if PREPARE[persona] == 302 else [])


def test_a_period_that_does_not_parse_is_named(client: Any, cw: CountyWorld) -> None:
    r = _as(client, cw, "county_admin").post(
        reverse("assessment:county_create", args=["C1"]), {"period": "明年", "rubric": 1}
    )
    assert r.status_code == 400
    assert "期间“明年”无法识别" in r.content.decode()


@pytest.mark.parametrize("persona", PERSONAS)
def test_entering_a_township_figure(client: Any, cw: CountyWorld, persona: str) -> None:
    a = county.create(cw.units["C1"], PERIOD, cw.rubric, cw.users["county_admin"])
    r = _as(client, cw, persona).post(
        reverse("assessment:county_entry", args=[a.pk]),
        {"township": "T1", "kind": "figure", "key": "accuracy", "value": "0.99"},
    )
    assert r.status_code == PREPARE[persona]
    assert CountyEntry.objects.filter(assessment=a).count() == (1 if PREPARE[persona] == 302 else 0)


def test_a_bad_entry_names_the_field_and_value(client: Any, cw: CountyWorld) -> None:
    a = county.create(cw.units["C1"], PERIOD, cw.rubric, cw.users["county_admin"])
    r = _as(client, cw, "county_admin").post(
        reverse("assessment:county_entry", args=[a.pk]),
        {"township": "T1", "kind": "figure", "key": "accuracy", "value": "九成"},
    )
    assert r.status_code == 400
    assert "统计数据准确率应为数字，收到“九成”" in r.content.decode()


@pytest.mark.parametrize("persona", PERSONAS)
def test_computing(client: Any, cw: CountyWorld, persona: str) -> None:
    from .conftest import fill_entries

    a = county.create(cw.units["C1"], PERIOD, cw.rubric, cw.users["county_admin"])
    fill_entries(cw, a)
    r = _as(client, cw, persona).post(reverse("assessment:county_compute", args=[a.pk]))
    assert r.status_code == PREPARE[persona]
    assert CountyAssessment.objects.get(pk=a.pk).computed == (PREPARE[persona] == 302)


def test_computing_with_figures_missing_lists_them(client: Any, cw: CountyWorld) -> None:
    a = county.create(cw.units["C1"], PERIOD, cw.rubric, cw.users["county_admin"])
    r = _as(client, cw, "county_admin").post(reverse("assessment:county_compute", args=[a.pk]))
    assert r.status_code == 400
    html = r.content.decode()
    assert "需由县级录入乡镇数据" in html and "南镇（T3）" in html


APPROVE = {"county_admin": 403, "county_assessor": 403, "county_leader": 302,
           "township_admin": 404, "reporter": 404, "outsider": 404}  # fmt: skip


@pytest.mark.parametrize("persona", PERSONAS)
def test_approving(client: Any, cw: CountyWorld, computed: Any, persona: str) -> None:
    r = _as(client, cw, persona).post(
        reverse("assessment:county_step", args=[computed.pk, "approve"]),
        {"revision": computed.revision, "confirmed": "yes"},
    )
    assert r.status_code == APPROVE[persona]
    assert CountyAssessment.objects.get(pk=computed.pk).status == (
        "approved" if APPROVE[persona] == 302 else "draft"
    )


def test_approving_without_the_revision_shown_is_refused(
    client: Any, cw: CountyWorld, computed: Any
) -> None:
    _as(client, cw, "county_leader").post(
        reverse("assessment:county_step", args=[computed.pk, "approve"]), {"confirmed": "yes"}
    )
    assert CountyAssessment.objects.get(pk=computed.pk).status == "draft"


@pytest.mark.parametrize("persona", PERSONAS)
def test_publishing(client: Any, cw: CountyWorld, computed: Any, persona: str) -> None:
    county.transition(computed.pk, "approve", cw.users["county_leader"])
    r = _as(client, cw, persona).post(
        reverse("assessment:county_step", args=[computed.pk, "publish"]), {"confirmed": "yes"}
    )
    # Township staff may read the approved assessment, not change it.
    expected = {**PREPARE, "township_admin": 404}[persona]
    assert r.status_code == expected
    assert CountyAssessment.objects.get(pk=computed.pk).status == (
        "published" if expected == 302 else "approved"
    )


def test_an_unknown_step_is_404(client: Any, cw: CountyWorld, computed: Any) -> None:
    r = _as(client, cw, "county_admin").post(
        reverse("assessment:county_step", args=[computed.pk, "delete"])
    )
    assert r.status_code == 404


def test_writes_need_the_csrf_token(cw: CountyWorld, computed: Any) -> None:
    from django.test import Client

    c = Client(enforce_csrf_checks=True)
    c.force_login(cw.users["county_leader"])
    r = c.post(reverse("assessment:county_step", args=[computed.pk, "approve"]))
    assert r.status_code == 403
    assert CountyAssessment.objects.get(pk=computed.pk).status == "draft"
