"""Data sets: the township admin creates one from a rubric, so that the form,
the template and the checks match the rubric's elements."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from kaoping.engine import RubricError, parse_rubric
from kaoping.rubrics import RUBRIC_NAME, default_rubric_text

from ..access import access_to_unit, readable_units
from ..forms import DataSetForm
from ..loading import dataset_from_rubric
from ..models import Unit

_MAX_RUBRIC_BYTES = 1024 * 1024


@login_required
@require_http_methods(["GET", "POST"])
def dataset_new(request: HttpRequest) -> HttpResponse:
    townships = [
        u
        for u in readable_units(request.user).filter(level=Unit.Level.TOWNSHIP)
        if access_to_unit(request.user, u).manage
    ]
    if not townships:
        raise PermissionDenied
    township = townships[0]
    form = DataSetForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["rubric"]
        if upload is None:
            text, filename = default_rubric_text(), RUBRIC_NAME
        elif upload.size > _MAX_RUBRIC_BYTES:
            text, filename = "", upload.name
            problems.append(_("考评细则文件过大。"))
        else:
            filename = upload.name
            try:
                text = upload.read().decode("utf-8-sig")
            except UnicodeDecodeError:
                text = ""
                problems.append(_("考评细则文件应为UTF-8编码的YAML。"))
        if not problems:
            try:
                rubric = parse_rubric(text, filename)
            except RubricError as error:
                problems = list(
                    error.problems if get_language().startswith("en") else error.problems_zh
                )
            else:
                try:
                    with transaction.atomic():
                        dataset = dataset_from_rubric(
                            township,
                            rubric,
                            code=form.cleaned_data["code"],
                            name=form.cleaned_data["name"] or None,
                            deadline_day=form.cleaned_data["deadline_day"],
                            frequency=form.cleaned_data["frequency"],
                        )
                except IntegrityError:
                    form.add_error("code", _("该代码已被本乡镇的其他数据集使用"))
                else:
                    messages.success(
                        request,
                        _("已创建数据集“%(name)s”，共%(n)s个指标。")
                        % {"name": dataset.name, "n": dataset.elements.count()},
                    )
                    return redirect("home")
    return render(
        request,
        "kaoping/dataset_new.html",
        {"form": form, "problems": problems, "township": township},
    )
