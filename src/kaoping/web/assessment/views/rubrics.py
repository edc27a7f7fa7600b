"""Pages of the quarterly assessment: a township's rubric versions: upload, read,
compare."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from kaoping.engine import RubricError
from kaoping.web.core.models import Unit

from .. import services
from ..access import get_township_for_user
from ..forms import RubricUploadForm
from ..models import RubricVersion
from ..rubric_diff import diff_rubrics
from .common import MAX_RUBRIC_BYTES, _english, _forbidden


@login_required
def rubrics(request: HttpRequest, code: str) -> HttpResponse:
    town, r = get_township_for_user(request.user, code)
    if not r.read_all:
        raise Http404
    problems: list[str] = []
    form = RubricUploadForm()
    if request.method == "POST":
        if not r.prepare:
            return _forbidden(request, _("只有镇办管理员和工作人员可以上传考评细则"))
        form = RubricUploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            if upload.size > MAX_RUBRIC_BYTES:
                problems = [
                    _("%(name)s：文件有 %(size)s 字节，考评细则文件不能超过 %(limit)s 字节")
                    % {"name": upload.name, "size": upload.size, "limit": MAX_RUBRIC_BYTES}
                ]
            else:
                try:
                    text = upload.read().decode("utf-8-sig")
                except UnicodeDecodeError:
                    problems = [
                        _("%(name)s：文件不是 UTF-8 编码的文本，请另存为 UTF-8")
                        % {"name": upload.name}
                    ]
            if not problems:
                try:
                    rv = services.upload_rubric(
                        town, text, upload.name, request.user, form.cleaned_data["note"]
                    )
                except RubricError as err:
                    problems = list(err.problems if _english(request) else err.problems_zh)
                else:
                    messages.success(
                        request,
                        _("已保存为第%(n)s版：%(name)s") % {"n": rv.number, "name": rv.name},
                    )
                    return redirect("assessment:rubrics", code=code)
    versions = services.rubric_versions(town)
    return render(
        request,
        "assessment/rubrics.html",
        {
            "township": town,
            "rights": r,
            "versions": versions,
            "form": form,
            "problems": problems,
        },
        status=400 if problems else 200,
    )


def _get_version(town: Unit, number: int) -> RubricVersion:
    # Version 1 of a township that has none is the shipped rubric, shown unsaved.
    rv = next((v for v in services.rubric_versions(town) if v.number == number), None)
    if rv is None:
        raise Http404
    return rv


@login_required
def rubric_detail(request: HttpRequest, code: str, number: int) -> HttpResponse:
    town, r = get_township_for_user(request.user, code)
    if not r.read_all:
        raise Http404
    rv = _get_version(town, number)
    return render(request, "assessment/rubric_detail.html", {"township": town, "rv": rv})


@login_required
def rubric_diff(request: HttpRequest, code: str) -> HttpResponse:
    town, r = get_township_for_user(request.user, code)
    if not r.read_all:
        raise Http404
    try:
        a, b = int(request.GET.get("a", "")), int(request.GET.get("b", ""))
    except ValueError:
        messages.error(request, _("请选择要比较的两个版本"))
        return redirect("assessment:rubrics", code=code)
    old, new = _get_version(town, a), _get_version(town, b)
    lines = diff_rubrics(services.parsed(old), services.parsed(new))
    return render(
        request,
        "assessment/rubric_diff.html",
        {"township": town, "old": old, "new": new, "lines": lines},
    )
