"""The Excel template of a data set and period, and its upload: preview, then import.

The upload is read by :mod:`kaoping.io` (the same reader as the command line).
The file is kept under a random name between the preview and the confirmation,
beside what the preview saw (the name the person gave it, the reports'
versions); the import (:func:`kaoping.web.core.imports.perform_import`) re-reads
it and writes every row in one transaction or none.
"""

from __future__ import annotations

import json
import secrets
import time
import zipfile
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kaoping.engine import format_fixed
from kaoping.io import SUFFIXES

from ..access import get_dataset_for_user
from ..imports import parse_upload, perform_import, writable_units
from ..models import DataSet
from ..reading import problem_sheet
from .common import parse_period

_SUFFIXES = set(SUFFIXES)
_MEBIBYTE = 1024 * 1024
#: Problems shown; the page says how many more there are.
SHOWN_PROBLEMS = 500


@login_required
def template_download(request: HttpRequest, dataset_pk: int, period: str) -> HttpResponse:
    dataset = get_dataset_for_user(request.user, dataset_pk)
    parse_period(period, dataset)
    units = writable_units(request.user, dataset)
    if not units:
        raise PermissionDenied
    from ..template_xlsx import build_template

    content = build_template(dataset, period, units)
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    filename = f"kaoping-{dataset.code}-{period}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _upload_dir() -> Path:
    path = Path(getattr(settings, "KAOPING_UPLOAD_DIR", settings.DATA_DIR / "uploads"))
    path.mkdir(parents=True, exist_ok=True)
    # Previews nobody confirmed are dropped after a day.
    cutoff = time.time() - 86400
    for old in path.iterdir():
        try:
            if old.stat().st_mtime < cutoff:
                old.unlink()
        except OSError:
            pass
    return path


@login_required
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest, dataset_pk: int, period: str) -> HttpResponse:
    dataset = get_dataset_for_user(request.user, dataset_pk)
    parse_period(period, dataset)
    if not writable_units(request.user, dataset):
        raise PermissionDenied
    context: dict[str, Any] = {"dataset": dataset, "period": period}
    if request.method == "GET":
        return render(request, "kaoping/upload.html", context)
    uploaded = request.FILES.get("file")
    error = None
    if uploaded is None:
        error = _("请选择要上传的文件。")
    elif Path(uploaded.name or "").suffix.lower() not in _SUFFIXES:
        error = _("不支持的文件类型“%(name)s”：请上传 .xlsx、.xls、.ods 或 .csv 文件。") % {
            "name": uploaded.name
        }
    elif uploaded.size is not None and uploaded.size > settings.KAOPING_MAX_UPLOAD_BYTES:
        error = _("文件过大（%(size)s MB），上限为 %(limit)s MB。") % {
            "size": format_fixed(Fraction(uploaded.size, _MEBIBYTE), 1),
            "limit": format_fixed(Fraction(settings.KAOPING_MAX_UPLOAD_BYTES, _MEBIBYTE), 0),
        }
    if error is not None or uploaded is None:
        context["error"] = error
        return render(request, "kaoping/upload.html", context, status=400)
    suffix = Path(uploaded.name or "").suffix.lower()
    token = secrets.token_urlsafe(16)
    path = _upload_dir() / f"{token}{suffix}"
    with path.open("wb") as out:
        for chunk in uploaded.chunks():
            out.write(chunk)
    too_big = _unpacked_too_big(path) if suffix in (".xlsx", ".ods") else None
    if too_big is not None:
        path.unlink(missing_ok=True)
        context["error"] = too_big
        return render(request, "kaoping/upload.html", context, status=400)
    filename = (uploaded.name or path.name)[:255]
    parsed = parse_upload(request.user, dataset, period, path, filename)
    context.update(
        {
            "parsed": parsed,
            "shown_problems": parsed.problems[:SHOWN_PROBLEMS],
            "problem_sheet": problem_sheet(parsed.problems),
            "more_problems": max(0, len(parsed.problems) - SHOWN_PROBLEMS),
            "token": token if not parsed.problems else None,
            "filename": uploaded.name,
            "suffix": suffix,
            "elements": list(dataset.elements.all()),
        }
    )
    if parsed.problems:
        path.unlink(missing_ok=True)
    else:
        _versions_path(path).write_text(
            json.dumps({"filename": filename, "versions": parsed.versions})
        )
    return render(request, "kaoping/upload_preview.html", context)


def _versions_path(path: Path) -> Path:
    """Beside the kept file: its name as uploaded, and the reports' versions its
    preview showed."""
    return path.with_suffix(path.suffix + ".versions.json")


def _unpacked_too_big(path: Path) -> str | None:
    """The web app's own, lower bound on what an XLSX unpacks to (the reader has
    its own limits for the command line); checked from the zip's directory only."""
    try:
        with zipfile.ZipFile(path) as z:
            total = sum(i.file_size for i in z.infolist())
    except (zipfile.BadZipFile, OSError):
        return None  # the reader words the problem
    limit = settings.KAOPING_MAX_XLSX_UNPACKED_BYTES
    if total > limit:
        return _("文件解压后过大（%(size)s MB，上限 %(limit)s MB），已拒绝。") % {
            "size": format_fixed(Fraction(total, _MEBIBYTE), 0),
            "limit": format_fixed(Fraction(limit, _MEBIBYTE), 0),
        }
    return None


@dataclass(frozen=True)
class Kept:
    """A previewed upload waiting for its confirmation."""

    dataset: DataSet
    period: str
    token: str
    path: Path
    filename: str
    versions: dict[str, int]


def kept_upload(request: HttpRequest, dataset_pk: int, period: str) -> Kept | HttpResponse:
    """The confirmed upload of the POST (the same checks for an inline import and
    for one handed to a job), or the answer when there is none to import."""
    dataset = get_dataset_for_user(request.user, dataset_pk)
    parse_period(period, dataset)
    if not writable_units(request.user, dataset):
        raise PermissionDenied
    token = request.POST.get("token", "")
    suffix = request.POST.get("suffix", "")
    if not token.replace("-", "").replace("_", "").isalnum() or suffix not in _SUFFIXES:
        return HttpResponse(status=400)
    path = _upload_dir() / f"{token}{suffix}"
    if not path.is_file():
        messages.error(request, _("上传的文件已过期，请重新上传。"))
        return redirect("upload", dataset_pk=dataset.pk, period=period)
    try:
        kept = json.loads(_versions_path(path).read_text())
        seen = {str(k): int(v) for k, v in kept["versions"].items()}
        filename = str(kept["filename"])
    except (OSError, ValueError, AttributeError, KeyError, TypeError):
        path.unlink(missing_ok=True)
        messages.error(request, _("上传的文件已过期，请重新上传。"))
        return redirect("upload", dataset_pk=dataset.pk, period=period)
    return Kept(dataset, period, token, path, filename, seen)


def drop_kept(path: Path) -> None:
    path.unlink(missing_ok=True)
    _versions_path(path).unlink(missing_ok=True)


@login_required
@require_POST
def upload_confirm(request: HttpRequest, dataset_pk: int, period: str) -> HttpResponse:
    """The import in the request (a file up to KAOPING_IMPORT_INLINE_MAX_BYTES; a
    larger one goes to a job, kaoping.web.jobs.imports)."""
    kept = kept_upload(request, dataset_pk, period)
    if isinstance(kept, HttpResponse):
        return kept
    dataset, path, filename, seen = kept.dataset, kept.path, kept.filename, kept.versions
    done = perform_import(request.user, dataset, period, path, filename=filename, versions=seen)
    if done.record is None:
        # Problems in the file now (a unit locked since), or reports changed
        # since the preview: nothing was imported.
        path.unlink(missing_ok=True)
        _versions_path(path).unlink(missing_ok=True)
        return render(
            request,
            "kaoping/upload_preview.html",
            {
                "dataset": dataset,
                "period": period,
                "parsed": done.parsed,
                "shown_problems": done.parsed.problems[:SHOWN_PROBLEMS],
                "problem_sheet": problem_sheet(done.parsed.problems),
                "more_problems": max(0, len(done.parsed.problems) - SHOWN_PROBLEMS),
                "refusals": done.refusals,
                "elements": list(dataset.elements.all()),
            },
            status=409 if done.refusals else 200,
        )
    path.unlink(missing_ok=True)
    _versions_path(path).unlink(missing_ok=True)
    messages.success(
        request, _("已导入并提交 %(count)s 个单位的数据。") % {"count": done.record.units}
    )
    return redirect("home")


__all__ = ["Kept", "drop_kept", "kept_upload", "template_download", "upload", "upload_confirm"]
