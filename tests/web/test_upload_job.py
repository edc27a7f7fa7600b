"""A confirmed upload above KAOPING_IMPORT_INLINE_MAX_BYTES is imported by a job
with progress; smaller ones stay in the request. Either way every row or none."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from kaoping.web.core.models import FigureImport, Report
from kaoping.web.jobs import queue
from kaoping.web.jobs.models import Job

from .conftest import World
from .test_upload import confirm, upload

HEADER = "单位代码,期间,应到人数,实到人数,例会记录规范,统计数据准确率\n"
BODY = "V1,2026Q3,40,38,是,1\nV2,2026Q3,20,20,否,0.9\n"
DATABASE_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def held_jobs(settings: Any) -> None:
    """Jobs stay queued until the test runs them, as a worker would."""
    settings.TASKS = DATABASE_BACKEND


@pytest.fixture
def work(django_capture_on_commit_callbacks: Any) -> Any:
    """One attempt of a job, as the worker runs it, with what it does once committed."""

    def attempt(job: Job) -> Job:
        with django_capture_on_commit_callbacks(execute=True):
            queue.run(job.pk)
        job.refresh_from_db()
        return job

    return attempt


def _preview(client: Any, world: World, body: str = BODY) -> str:
    page: str = upload(client, world, (HEADER + body).encode(), "x.csv").content.decode()
    assert "确认导入" in page
    return page


def _kept_files(settings: Any) -> list[str]:
    folder = Path(settings.KAOPING_UPLOAD_DIR)
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


@pytest.mark.parametrize(
    ("limit", "inline"),
    [
        (1024 * 1024, True),  # the default: a two-village CSV is far below
        (len(HEADER + BODY.encode().decode()) * 3, True),
        (10, False),
        (0, False),
    ],
)
def test_a_file_above_the_size_is_imported_by_a_job_and_a_small_one_in_the_request(
    login: Any, world: World, settings: Any, held_jobs: None, work: Any, limit: int, inline: bool
) -> None:
    settings.KAOPING_IMPORT_INLINE_MAX_BYTES = limit
    client = login("admin")
    r = confirm(client, world, _preview(client, world))
    assert r.status_code == 302
    if inline:
        assert r["Location"] == "/"
        assert not Job.objects.exists()
        assert Report.objects.filter(status="submitted").count() == 2
        return
    job = Job.objects.get(kind="core.import")
    assert r["Location"] == f"/jobs/{job.pk}/?follow=1"
    assert (job.state, job.unit, job.started_by) == ("queued", world.t1, world.users["admin"])
    assert not Report.objects.exists()  # nothing before the worker runs it
    work(job)
    assert (job.state, job.percent, job.message) == (
        "succeeded",
        100,
        "已导入并提交 2 个单位的数据。",
    )
    assert Report.objects.get(unit=world.v2, period="2026Q3").values()["accuracy"] == Decimal("0.9")
    assert FigureImport.objects.get().filename == "x.csv"
    assert _kept_files(settings) == []


def test_the_job_page_follows_the_import_and_others_cannot_see_it(
    login: Any, world: World, settings: Any, held_jobs: None
) -> None:
    settings.KAOPING_IMPORT_INLINE_MAX_BYTES = 0
    client = login("admin")
    r = confirm(client, world, _preview(client, world))
    page = client.get(r["Location"]).content.decode()
    assert "导入上传的数据" in page and "排队中" in page and "?follow=1" in page
    job = Job.objects.get()
    assert login("reporter").get(f"/jobs/{job.pk}/").status_code == 404
    assert login("outsider").get(f"/jobs/{job.pk}/").status_code == 404


def test_a_second_click_on_confirm_finds_the_first_job(
    login: Any, world: World, settings: Any, held_jobs: None
) -> None:
    settings.KAOPING_IMPORT_INLINE_MAX_BYTES = 0
    client = login("admin")
    page = _preview(client, world)
    first = confirm(client, world, page)
    second = confirm(client, world, page)
    assert first["Location"] == second["Location"]
    assert Job.objects.count() == 1


def test_a_job_that_fails_at_its_commit_leaves_nothing_and_is_retried(
    login: Any,
    world: World,
    settings: Any,
    held_jobs: None,
    work: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    settings.KAOPING_IMPORT_INLINE_MAX_BYTES = 0
    client = login("admin")
    confirm(client, world, _preview(client, world))
    job = Job.objects.get()
    real = queue._commit_point

    def broken(*args: Any) -> None:
        raise RuntimeError("the disk filled up")

    monkeypatch.setattr(queue, "_commit_point", broken)
    work(job)
    # Every figure had been written inside the attempt: all of it rolled back.
    assert (job.state, job.attempts) == ("queued", 1)
    assert not Report.objects.exists() and not FigureImport.objects.exists()
    assert len(_kept_files(settings)) == 2  # the file and its preview's versions, for the retry
    monkeypatch.setattr(queue, "_commit_point", real)
    Job.objects.filter(pk=job.pk).update(run_after=None)
    work(job)
    assert (job.state, job.attempts) == ("succeeded", 2)
    assert Report.objects.filter(status="submitted").count() == 2


def test_a_report_changed_since_the_preview_fails_the_job_and_imports_nothing(
    login: Any, world: World, settings: Any, held_jobs: None, work: Any
) -> None:
    from kaoping.web.core import services

    settings.KAOPING_IMPORT_INLINE_MAX_BYTES = 0
    client = login("admin")
    confirm(client, world, _preview(client, world))
    rep = services.report_for(world.ds, world.v1, "2026Q3")
    services.save_figures(
        rep,
        {"invited": Decimal(41)},
        user=world.users["reporter"],
        path="form",
        base_version=0,
    )
    job = Job.objects.get()
    work(job)
    assert job.state == "failed"
    assert job.message.startswith("没有导入任何数据：")
    assert "东村" in job.message
    assert Report.objects.get(unit=world.v1).values()["invited"] == Decimal(41)
    assert not Report.objects.filter(unit=world.v2).exists()
    assert _kept_files(settings) == []


def test_a_bad_row_found_by_the_job_is_named_and_nothing_is_imported(
    login: Any, world: World, settings: Any, held_jobs: None, work: Any
) -> None:
    """The preview was clean; by the time the job reads it the village is locked."""
    from kaoping.web.core.models import Report as R

    settings.KAOPING_IMPORT_INLINE_MAX_BYTES = 0
    client = login("admin")
    confirm(client, world, _preview(client, world))
    from kaoping.web.core import services

    rep = services.report_for(world.ds, world.v2, "2026Q3")
    R.objects.filter(pk=rep.pk).update(status="approved")
    job = Job.objects.get()
    work(job)
    assert job.state == "failed" and "没有导入任何数据" in job.message
    assert "西村" in job.message or "V2" in job.message
    assert FigureImport.objects.count() == 0
