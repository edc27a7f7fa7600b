"""The bulletin and the summary are drawn once per assessment version: a second
download is read from the cache; a recomputation draws them anew; with a worker
the first download is a job the page follows."""

from __future__ import annotations

from typing import Any

import pytest

from kaoping.web.assessment import document_files, services
from kaoping.web.jobs.models import Job

from .conftest import Prepared, assessment_in


@pytest.fixture
def draws(monkeypatch: Any) -> list[str]:
    seen: list[str] = []
    real = document_files.draw

    def counted(a: Any, what: str, today: Any) -> bytes:
        seen.append(what)
        return real(a, what, today)

    monkeypatch.setattr(document_files, "draw", counted)
    return seen


@pytest.mark.parametrize("what", ["bulletin", "summary"])
def test_a_second_download_of_the_same_version_is_not_drawn_again(
    prepared: Prepared, login: Any, draws: list[str], what: str
) -> None:
    a = assessment_in(prepared, "2026Q4", "draft")
    client = login("leader")
    first = client.get(f"/assessment/{a.pk}/{what}.docx")
    second = client.get(f"/assessment/{a.pk}/{what}.docx")
    assert first.status_code == second.status_code == 200
    assert first.content == second.content
    assert draws == [what]


def test_a_recomputation_draws_the_bulletin_anew(
    prepared: Prepared, login: Any, draws: list[str]
) -> None:
    a = assessment_in(prepared, "2026Q4", "draft")
    client = login("assessor")
    client.get(f"/assessment/{a.pk}/bulletin.docx")
    services.compute(a.pk, prepared.users["assessor"])
    client.get(f"/assessment/{a.pk}/bulletin.docx")
    assert draws == ["bulletin", "bulletin"]


def test_with_a_worker_the_first_download_shows_the_job_and_follows_it(
    prepared: Prepared, login: Any, settings: Any, draws: list[str]
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    a = assessment_in(prepared, "2026Q4", "approved")
    client = login("leader")
    page = client.get(f"/assessment/{a.pk}/bulletin.docx")
    assert page.status_code == 200 and page["Content-Type"].startswith("text/html")
    job = Job.objects.get(kind="assessment.document")
    html = page.content.decode()
    assert f'id="job-{job.pk}"' in html and f"/jobs/{job.pk}/?follow=1" in html
    # A second click while it is queued finds the same job.
    client.get(f"/assessment/{a.pk}/bulletin.docx")
    assert Job.objects.filter(kind="assessment.document").count() == 1
    from kaoping.web.jobs import queue

    queue.run(job.pk)  # what the worker does
    polled = client.get(f"/jobs/{job.pk}/?follow=1", HTTP_HX_REQUEST="true")
    assert polled["HX-Redirect"] == f"/assessment/{a.pk}/bulletin.docx"
    download = client.get(f"/assessment/{a.pk}/bulletin.docx")
    assert "attachment" in download["Content-Disposition"]
    assert draws == ["bulletin"]


def test_computing_is_a_job_the_page_shows_until_it_is_done(
    prepared: Prepared, login: Any, settings: Any
) -> None:
    from kaoping.web.assessment.models import Assessment

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    a = services.create_assessment(
        prepared.world.t1, "2026Q4", prepared.rubric, prepared.users["assessor"]
    )
    client = login("assessor")
    assert client.post(f"/assessment/{a.pk}/compute/").status_code == 302
    job = Job.objects.get(kind="assessment.compute")
    html = client.get(f"/assessment/{a.pk}/").content.decode()
    assert f'id="job-{job.pk}"' in html and "排队中" in html
    from kaoping.web.jobs import queue

    queue.run(job.pk)
    job.refresh_from_db()
    assert job.state == "succeeded" and job.result_url == f"/assessment/{a.pk}/"
    assert Assessment.objects.get(pk=a.pk).computed
    assert f'id="job-{job.pk}"' not in client.get(f"/assessment/{a.pk}/").content.decode()
