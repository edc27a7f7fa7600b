"""Targets (目标): a quarter's (or a month's) evaluated on the stored figures and
the service-day records; a half-year's or a year's on the figures formed from the
township's approved quarters, as its 工作总结 judges them (services.formed_targets)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kaoping.engine import Period
from kaoping.web.core.labels import period_label

from ..access import can_manage_township, get_township_for_user
from ..forms import TargetsUploadForm
from ..models import TargetFile
from ..services import (
    clause_rows,
    evaluate,
    formed_targets,
    load_targets,
    offered_periods,
    spot_checked,
    store_targets,
    villages,
)
from .common import query_period


@login_required
def targets(request: HttpRequest, code: str) -> HttpResponse:
    township = get_township_for_user(request.user, code)
    return render(request, "planning/targets.html", _context(request, township))


def _context(request: HttpRequest, township: Any) -> dict[str, Any]:
    period = query_period(request, township)
    choice = request.GET.get("file", "shipped")
    formed = period.is_half or period.is_year
    # The sample of the quarter's inspections from above, as recorded (no ticks).
    spot = [] if formed else spot_checked(township, period)
    parsed, filename, problems = load_targets(township, choice)
    results: list[Any] = []
    from_sd: set[str] = set()
    if parsed is not None and formed:
        answer = formed_targets(township, parsed, period)
        if answer is not None:
            results, spot = answer.results, answer.spot
            problems += answer.problems
            if answer.missing:
                problems.append(_not_approved(period, answer.missing))
    elif parsed is not None:
        results, data_problems, frame = evaluate(township, parsed, period, spot)
        problems += data_problems
        from_sd = frame.from_service_days
    units = villages(township)
    offered = offered_periods(township)
    return {
        "township": township,
        "period": period,
        "choice": choice,
        "files": TargetFile.objects.filter(unit=township),
        "filename": filename,
        "problems": problems,
        "results": clause_rows(results, "en" if (get_language() or "").startswith("en") else "zh"),
        "units": units,
        "spot": spot,
        "spot_names": [u.name for u in units if u.code in spot],
        "from_sd": sorted(u.name for u in units if u.code in from_sd),
        "formed": formed,
        "formed_periods": [p for p in offered if not p.is_month],
        "assessed_months": [p for p in offered if p.is_month],
        "can_upload": can_manage_township(request.user, township),
        "upload_form": TargetsUploadForm(),
        "upload_problems": [],
    }


def _not_approved(period: Period, missing: tuple[Period, ...]) -> str:
    quarters = pgettext("list separator", "、").join(period_label(q) for q in missing)
    return _("%(period)s的目标按各季度审定的考评汇总的数据评价：%(quarters)s还没有审定的考评") % {
        "period": period_label(period),
        "quarters": quarters,
    }


@login_required
@require_POST
def targets_upload(request: HttpRequest, code: str) -> HttpResponse:
    township = get_township_for_user(request.user, code, write=True)
    form = TargetsUploadForm(request.POST, request.FILES)
    problems: list[str] = []
    if form.is_valid():
        tf, problems = store_targets(township, form.cleaned_data["file"])
        if tf is not None:
            messages.success(request, _("已上传目标文件%(n)s") % {"n": tf.name})
            return redirect(f"{request.path.rsplit('upload/', 1)[0]}?file={tf.pk}")
    else:
        problems.append(_("请选择要上传的目标文件"))
    # The problems go beside the upload field; the page keeps its evaluation.
    context = _context(request, township)
    context["upload_problems"] = problems
    return render(request, "planning/targets.html", context, status=400)
