"""Targets (目标): evaluated on the stored figures and the service-day records."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kaoping.engine import (
    TargetsError,
    clause_label,
    format_gap,
    format_gap_zh,
    format_scaled,
    parse_targets,
)

from ..access import can_manage_township, get_township_for_user
from ..forms import TargetsUploadForm
from ..models import TargetFile
from ..services import evaluate, load_targets, spot_checked, villages
from .common import query_period

_MAX_TARGETS_BYTES = 256 * 1024


def _clauses(results: list[Any], lang: str) -> list[dict[str, Any]]:
    """Each target's clauses, what they ask and how far each unit is, in ``lang``."""
    gap = format_gap_zh if lang == "zh" else format_gap
    out: list[dict[str, Any]] = []
    for r in results:
        scale = r.target.scale
        clauses = []
        for c in r.clauses:
            clauses.append(
                {
                    "clause": c,
                    "label": clause_label(c.kind, c.comparison, c.share, scale, lang),
                    "undefined": [r.names.get(u) or u for u in c.undefined],
                    "short": [
                        {
                            "unit": s.unit,
                            "name": s.name,
                            "value": format_scaled(s.value, scale),
                            "gap": gap(s.gap_points, scale),
                        }
                        for s in c.short
                    ],
                }
            )
        out.append({"result": r, "clauses": clauses})
    return out


@login_required
def targets(request: HttpRequest, code: str) -> HttpResponse:
    township = get_township_for_user(request.user, code)
    return render(request, "planning/targets.html", _context(request, township))


def _context(request: HttpRequest, township: Any) -> dict[str, Any]:
    period = query_period(request, township)
    choice = request.GET.get("file", "shipped")
    # The sample of the quarter's inspections from above, as recorded (no ticks).
    spot = spot_checked(township, period)
    parsed, filename, problems = load_targets(township, choice)
    results: list[Any] = []
    from_sd: set[str] = set()
    if parsed is not None:
        results, data_problems, frame = evaluate(township, parsed, period, spot)
        problems += data_problems
        from_sd = frame.from_service_days
    units = villages(township)
    return {
        "township": township,
        "period": period,
        "choice": choice,
        "files": TargetFile.objects.filter(township=township),
        "filename": filename,
        "problems": problems,
        "results": _clauses(results, "en" if (get_language() or "").startswith("en") else "zh"),
        "units": units,
        "spot": spot,
        "spot_names": [u.name for u in units if u.code in spot],
        "from_sd": sorted(u.name for u in units if u.code in from_sd),
        "can_upload": can_manage_township(request.user, township),
        "upload_form": TargetsUploadForm(),
        "upload_problems": [],
    }


@login_required
@require_POST
def targets_upload(request: HttpRequest, code: str) -> HttpResponse:
    township = get_township_for_user(request.user, code, write=True)
    form = TargetsUploadForm(request.POST, request.FILES)
    problems: list[str] = []
    if form.is_valid():
        f = form.cleaned_data["file"]
        name = f.name or "targets.yaml"
        if f.size > _MAX_TARGETS_BYTES:
            problems.append(_("%(n)s：文件过大（上限256KB）") % {"n": name})
        else:
            try:
                text = f.read().decode("utf-8-sig")
            except UnicodeDecodeError:
                problems.append(_("%(n)s：不是UTF-8编码的文本文件") % {"n": name})
            else:
                try:
                    parse_targets(text, name)
                except TargetsError as e:
                    problems.extend(
                        e.problems if (get_language() or "").startswith("en") else e.problems_zh
                    )
                else:
                    tf = TargetFile.objects.create(township=township, name=name, text=text)
                    messages.success(request, _("已上传目标文件%(n)s") % {"n": name})
                    return redirect(
                        f"{request.path.rsplit('upload/', 1)[0]}?file={tf.pk}",
                    )
    else:
        problems.append(_("请选择要上传的目标文件"))
    # The problems go beside the upload field; the page keeps its evaluation.
    context = _context(request, township)
    context["upload_problems"] = problems
    return render(request, "planning/targets.html", context, status=400)
