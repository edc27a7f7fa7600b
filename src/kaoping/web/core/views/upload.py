"""The Excel template of a data set and period, and its upload: preview, then import.

The upload is read by :mod:`kaoping.io` (the same reader as the command line).
The file is kept under a random name between the preview and the confirmation;
the import re-reads it and writes every row in one transaction or none.
"""

from __future__ import annotations

import json
import secrets
import time
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import polars as pl
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kaoping.engine import check_data
from kaoping.io import SUFFIXES

from .. import services
from ..access import _get_dataset_for_user, access_to_unit, report_access, reporting_units
from ..models import DataSet, Report, Unit
from ..reading import Problem, preview_rows, read_upload, rows_of_units, scope_rows
from .common import parse_period

_SUFFIXES = set(SUFFIXES)


@dataclass
class Parsed:
    frame: pl.DataFrame | None
    rows: list[dict[str, Any]]  # the first PREVIEW_ROWS, for the page
    problems: list[Problem]
    count: int = 0
    units: dict[str, Unit] = field(default_factory=dict)
    # Every existing report the import would overwrite or submit, and the
    # version of every report in the file as the preview saw it (0: none yet).
    affected: list[dict[str, Any]] = field(default_factory=list)
    versions: dict[str, int] = field(default_factory=dict)


#: Rows shown in the preview; the import writes them all.
PREVIEW_ROWS = 200
#: Problems shown; the page says how many more there are.
SHOWN_PROBLEMS = 500


def _writable_units(user: Any, dataset: DataSet) -> list[Unit]:
    return [
        u
        for u in reporting_units(user)
        .filter(township_id=dataset.township_id)
        .select_related("parent")
        if access_to_unit(user, u).edit
    ]


@login_required
def template_download(request: HttpRequest, dataset_pk: int, period: str) -> HttpResponse:
    dataset = _get_dataset_for_user(request.user, dataset_pk)
    parse_period(period, dataset)
    units = _writable_units(request.user, dataset)
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
    dataset = _get_dataset_for_user(request.user, dataset_pk)
    parse_period(period, dataset)
    if not _writable_units(request.user, dataset):
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
            "size": f"{uploaded.size / 1048576:.1f}",
            "limit": f"{settings.KAOPING_MAX_UPLOAD_BYTES / 1048576:.0f}",
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
    parsed = _parse(request.user, dataset, period, path, uploaded.name or path.name)
    context.update(
        {
            "parsed": parsed,
            "shown_problems": parsed.problems[:SHOWN_PROBLEMS],
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
        _versions_path(path).write_text(json.dumps(parsed.versions))
    return render(request, "kaoping/upload_preview.html", context)


def _versions_path(path: Path) -> Path:
    """Beside the kept file: the reports' versions its preview showed."""
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
            "size": f"{total / 1048576:.0f}",
            "limit": f"{limit / 1048576:.0f}",
        }
    return None


@login_required
@require_POST
def upload_confirm(request: HttpRequest, dataset_pk: int, period: str) -> HttpResponse:
    dataset = _get_dataset_for_user(request.user, dataset_pk)
    parse_period(period, dataset)
    if not _writable_units(request.user, dataset):
        raise PermissionDenied
    token = request.POST.get("token", "")
    suffix = request.POST.get("suffix", "")
    if not token.replace("-", "").replace("_", "").isalnum() or suffix not in _SUFFIXES:
        return HttpResponse(status=400)
    path = _upload_dir() / f"{token}{suffix}"
    if not path.is_file():
        messages.error(request, _("上传的文件已过期，请重新上传。"))
        return redirect("upload", dataset_pk=dataset.pk, period=period)
    parsed = _parse(request.user, dataset, period, path, path.name)
    if parsed.problems:
        path.unlink(missing_ok=True)
        return render(
            request,
            "kaoping/upload_preview.html",
            {
                "dataset": dataset,
                "period": period,
                "parsed": parsed,
                "shown_problems": parsed.problems[:SHOWN_PROBLEMS],
                "more_problems": max(0, len(parsed.problems) - SHOWN_PROBLEMS),
                "elements": list(dataset.elements.all()),
            },
        )
    try:
        seen = {str(k): int(v) for k, v in json.loads(_versions_path(path).read_text()).items()}
    except (OSError, ValueError, AttributeError):
        seen = None
    if seen is None:
        path.unlink(missing_ok=True)
        messages.error(request, _("上传的文件已过期，请重新上传。"))
        return redirect("upload", dataset_pk=dataset.pk, period=period)
    try:
        count = import_rows(request.user, dataset, period, parsed, seen)
    except services.Refused as refused:
        # Changed since the preview (or locked meanwhile): nothing was imported.
        path.unlink(missing_ok=True)
        _versions_path(path).unlink(missing_ok=True)
        return render(
            request,
            "kaoping/upload_preview.html",
            {
                "dataset": dataset,
                "period": period,
                "parsed": parsed,
                "refusals": [why for _r, why in refused.refusals],
                "elements": list(dataset.elements.all()),
            },
            status=409,
        )
    path.unlink(missing_ok=True)
    _versions_path(path).unlink(missing_ok=True)
    messages.success(request, _("已导入并提交 %(count)s 个单位的数据。") % {"count": count})
    return redirect("home")


def import_rows(
    user: Any, dataset: DataSet, period: str, parsed: Parsed, versions: dict[str, int]
) -> int:
    """Write every row and submit it, or nothing (one transaction); refused when
    a report changed since the preview that showed ``versions``."""
    assert parsed.frame is not None and not parsed.problems
    return services.import_frame(
        dataset, period, parsed.frame, parsed.units, user=user, path="import", versions=versions
    )


def _parse(user: Any, dataset: DataSet, period: str, path: Path, filename: str) -> Parsed:
    """Read the file and check every row: the reader's problems, then this app's
    (the period is this one, the unit is the user's, its report is not locked,
    the values pass the data set's checks)."""
    elements = list(dataset.elements.all())
    codes = [e.code for e in elements]
    bound = scope_rows(len(_writable_units(user, dataset)), len(elements))
    result = read_upload(path, filename, elements, max_rows=bound)
    if result.frame is None:
        # The file has problems of its own; still name the rows this user may not
        # import at all, so that one round of corrections is enough.
        return Parsed(None, [], _with_row_refusals(user, dataset, period, path, result.problems))
    frame = result.frame
    labels = {e.code: e.label or e.code for e in elements}
    units = {u.code: u for u in _writable_units(user, dataset)}
    found: list[tuple[str, str, str, str | None, str]] = []  # unit, period, column, value, message

    for unit, p in frame.filter(pl.col("period") != period).select("unit", "period").iter_rows():
        found.append((unit, p, _("期间"), p, _("期间应为 %(period)s") % {"period": period}))
    ours = frame.filter(pl.col("period") == period)
    for (unit,) in ours.filter(~pl.col("unit").is_in(list(units))).select("unit").iter_rows():
        found.append((unit, period, _("单位代码"), unit, _("无权填报该单位，或单位代码不存在")))
    in_file = set(ours["unit"].to_list())
    existing = list(
        Report.objects.filter(dataset=dataset, period=period, unit__code__in=in_file)
        .select_related("unit", "dataset")
        .prefetch_related("figures")
    )
    versions = dict.fromkeys(in_file, 0) | {r.unit.code: r.version for r in existing}
    affected = _affected(existing, ours, codes, labels)
    for r in existing:
        if not report_access(user, r).edit:
            found.append(
                (
                    r.unit.code,
                    period,
                    _("单位代码"),
                    r.unit.code,
                    _("该单位本期数据状态为“%(status)s”，不能再导入")
                    % {"status": r.get_status_display()},
                )
            )
    # The reader has typed every value and refused missing ones; what is left is
    # the data set's checks, applied by the engine to the whole frame at once.
    for v in check_data(services.checks_rubric(dataset), ours):
        element = next(iter(v.values), "")
        value = v.values.get(element)
        found.append(
            (
                v.unit,
                v.period,
                labels.get(element, element),
                services.show(Decimal(value)) if value is not None else "",
                v.message,
            )
        )
    problems = []
    if found:
        rows_of = rows_of_units(path, max_rows=bound)
        problems = [
            Problem(rows_of.get((unit, p)), column, value, message)
            for unit, p, column, value, message in found
        ]
        problems.sort(key=lambda x: (x.row is None, x.row or 0))
    preview = preview_rows(frame, codes, PREVIEW_ROWS)
    for row in preview:
        unit_obj = units.get(row["unit"])
        row["name"] = unit_obj.name if unit_obj else ""
    return Parsed(frame, preview, problems, frame.height, units, affected, versions)


def _affected(
    existing: list[Report], ours: pl.DataFrame, codes: list[str], labels: dict[str, str]
) -> list[dict[str, Any]]:
    """The existing reports the import would change: figures it overwrites (with
    old and new values) and drafts or returned reports it submits."""
    rows = {str(r["unit"]): r for r in ours.iter_rows(named=True)}
    out = []
    for r in sorted(existing, key=lambda r: r.unit.code):
        record = rows.get(r.unit.code)
        if record is None:
            continue
        stored = {f.element: f.value for f in r.figures.all()}
        overwritten = []
        for c in codes:
            new = None if record.get(c) is None else Decimal(str(record[c]))
            old = stored.get(c)
            if old is not None and (new is None or new != old):
                overwritten.append(
                    f"{labels.get(c, c)} {services.show(old)} → {services.show(new) or '—'}"
                )
        submits = r.status in (Report.Status.DRAFT, Report.Status.RETURNED)
        if overwritten or submits:
            out.append(
                {
                    "unit": r.unit.code,
                    "name": r.unit.name,
                    "status": r.get_status_display(),
                    "version": r.version,
                    "overwritten": overwritten,
                    "submits": submits,
                }
            )
    return out


def _with_row_refusals(
    user: Any, dataset: DataSet, period: str, path: Path, problems: list[Problem]
) -> list[Problem]:
    writable = {u.code for u in _writable_units(user, dataset)}
    bound = scope_rows(len(writable), dataset.elements.count())
    refusals = []
    for (unit, p), row in rows_of_units(path, max_rows=bound).items():
        if p != period:
            refusals.append(
                Problem(row, _("期间"), p, _("期间应为 %(period)s") % {"period": period})
            )
        elif unit not in writable:
            refusals.append(
                Problem(row, _("单位代码"), unit, _("无权填报该单位，或单位代码不存在"))
            )
    return sorted([*problems, *refusals], key=lambda x: (x.row is None, x.row or 0))


__all__ = ["import_rows", "template_download", "upload", "upload_confirm"]
