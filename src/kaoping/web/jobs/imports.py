"""A confirmed upload above ``KAOPING_IMPORT_INLINE_MAX_BYTES`` imported by a job
(the kind ``core.import``) instead of in the request; smaller ones stay inline
(kaoping.web.core.views.upload.upload_confirm).

The job reads and checks the kept file before its transaction (progress shows),
then :func:`kaoping.web.core.imports.perform_import` writes every row, submits
every report and records the import inside the attempt's transaction: a refusal,
a failure, a cancel or a dead worker leaves nothing written. The kept file is
removed once the import committed or was refused, and kept for a retry otherwise.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from kaoping.web.core.imports import Parsed, parse_upload, perform_import
from kaoping.web.core.models import DataSet
from kaoping.web.core.views.upload import drop_kept, kept_upload, upload_confirm

from .queue import JobContext, JobRefused, Outcome, enqueue, job_kind

#: Problems listed in a refused job's message; the upload page shows them all.
SHOWN = 20


def _file(ctx: JobContext) -> Path:
    # The job's params name the kept file by its token only, never by a path.
    token, suffix = str(ctx.params["token"]), str(ctx.params["suffix"])
    upload_dir = Path(getattr(settings, "KAOPING_UPLOAD_DIR", settings.DATA_DIR / "uploads"))
    return upload_dir / f"{token}{suffix}"


def _who(ctx: JobContext) -> Any:
    # The starter's rights decide what the file may write, as in the request.
    if ctx.job.started_by_id is None:
        raise JobRefused(_("发起导入的账号已不存在，没有导入任何数据"))
    return get_user_model().objects.filter(pk=ctx.job.started_by_id).first()


def _read(ctx: JobContext) -> Parsed:
    ctx.progress(0, 3)
    path = _file(ctx)
    if not path.is_file():
        raise JobRefused(_("上传的文件已过期，请重新上传。"))
    dataset = DataSet.objects.get(pk=int(ctx.params["dataset"]))
    parsed = parse_upload(
        _who(ctx), dataset, str(ctx.params["period"]), path, str(ctx.params["filename"])
    )
    ctx.progress(1)
    return parsed


def _refused(path: Path, lines: list[str], more: int) -> JobRefused:
    drop_kept(path)
    head = _("没有导入任何数据：")
    tail = [_("……另有%(n)s处问题") % {"n": more}] if more > 0 else []
    return JobRefused("\n".join([head, *lines, *tail]))


@job_kind("core.import", gettext_lazy("导入上传的数据"), prepare=_read)
def import_upload(ctx: JobContext, parsed: Parsed) -> Outcome:
    path = _file(ctx)
    ctx.progress(2)
    done = perform_import(
        _who(ctx),
        DataSet.objects.get(pk=int(ctx.params["dataset"])),
        str(ctx.params["period"]),
        path,
        filename=str(ctx.params["filename"]),
        versions={str(k): int(v) for k, v in ctx.params["versions"].items()},
        parsed=parsed,
    )
    if done.record is None:
        problems = [
            _("第%(row)s行 %(column)s “%(value)s”：%(message)s")
            % {
                "row": p.row or "—",
                "column": p.column or "—",
                "value": p.value or "",
                "message": p.message,
            }
            for p in done.parsed.problems
        ]
        lines = [*done.refusals, *problems]
        raise _refused(path, lines[:SHOWN], len(lines) - SHOWN)
    transaction.on_commit(lambda: drop_kept(path))
    return Outcome(_("已导入并提交 %(count)s 个单位的数据。") % {"count": done.record.units})


@login_required
@require_POST
def confirm(request: HttpRequest, dataset_pk: int, period: str) -> HttpResponse:
    """The upload's confirmation: inline up to the size, a job above it."""
    kept = kept_upload(request, dataset_pk, period)
    if isinstance(kept, HttpResponse):
        return kept
    if kept.path.stat().st_size <= settings.KAOPING_IMPORT_INLINE_MAX_BYTES:
        return upload_confirm(request, dataset_pk, period)
    job = enqueue(
        "core.import",
        unit=kept.dataset.township,
        user=request.user,
        params={
            "dataset": kept.dataset.pk,
            "period": kept.period,
            "token": kept.token,
            "suffix": kept.path.suffix,
            "filename": kept.filename,
            "versions": kept.versions,
        },
        # A second click on 确认导入 finds the first job.
        key=f"import:{kept.token}",
        total=3,
    )
    return redirect(reverse("jobs:job", args=[job.pk]) + "?follow=1")
