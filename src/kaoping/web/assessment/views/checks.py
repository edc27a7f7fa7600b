"""Pages of the quarterly assessment: checks across sources (月信息核对): the differences
and their follow-ups."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kaoping.engine import (
    MEASURES,
    Period,
    PeriodError,
)
from kaoping.web.core.models import Unit

from .. import sources
from ..access import get_township_for_user
from ..forms import SourceForm
from .common import _english, _forbidden


@login_required
def sources_view(request: HttpRequest, code: str) -> HttpResponse:
    town, r = get_township_for_user(request.user, code)
    if not r.read_all:
        raise Http404
    problems: list[str] = []
    if request.method == "POST":
        if not r.prepare:
            return _forbidden(request, _("只有镇办管理员和工作人员可以导入核对数据"))
        if "file" in request.FILES:
            problems = sources.import_file(town, request.FILES["file"], request.user)
            if not problems:
                messages.success(request, _("已导入"))
                return redirect("assessment:sources", code=code)
        else:
            form = SourceForm(request.POST)
            if form.is_valid():
                problems = sources.save_one(town, form.cleaned_data, request.user)
                if not problems:
                    messages.success(request, _("已保存"))
                    return redirect(reverse("assessment:sources", args=[code]))
            else:
                problems = [_("表单：%(errors)s") % {"errors": form.errors_text()}]
    period = request.GET.get("period") or ""
    context = sources.page(town, period, "en" if _english(request) else "zh")
    context.update(
        {
            "township": town,
            "rights": r,
            "problems": problems,
            "form": SourceForm(),
            "measures": MEASURES,
        }
    )
    return render(request, "assessment/sources.html", context, status=400 if problems else 200)


@login_required
@require_POST
def resolve(request: HttpRequest, code: str) -> HttpResponse:
    town, r = get_township_for_user(request.user, code)
    if not r.read_all:
        raise Http404
    if not r.prepare:
        return _forbidden(request, _("只有镇办管理员和工作人员可以标记已核实"))
    unit_code = request.POST.get("unit", "")
    period = request.POST.get("period", "")
    measure = request.POST.get("measure", "")
    target = Unit.objects.filter(code=unit_code, township=town).first()
    try:
        Period.parse(period)
    except PeriodError:
        target = None
    if target is None or measure not in MEASURES:
        messages.error(request, _("找不到要标记的核对记录"))
    else:
        sources.resolve(town, target, period, measure, request.POST.get("note", ""), request.user)
        messages.success(
            request,
            _("%(unit)s %(period)s 已标记为已核实") % {"unit": target.name, "period": period},
        )
    return redirect(reverse("assessment:sources", args=[code]) + f"?period={period}")
