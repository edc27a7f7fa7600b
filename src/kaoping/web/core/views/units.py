"""Units, their people and the history of their figures."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from kaoping.io import SUFFIXES

from ..access import access_to_unit, get_unit_for_user, readable_units, staff_required
from ..forms import PersonForm, UnitForm
from ..models import FigureChange, Person, Report, ReportEvent, Unit, UnitChange


@staff_required
def unit_list(request: HttpRequest) -> HttpResponse:
    units = readable_units(request.user).select_related("parent").order_by("level", "code")
    can_add = request.user.is_superuser or any(
        u.level == Unit.Level.TOWNSHIP and access_to_unit(request.user, u).manage for u in units
    )
    return render(request, "kaoping/unit_list.html", {"units": units, "can_add": can_add})


@login_required
def unit_detail(request: HttpRequest, code: str) -> HttpResponse:
    unit, access = get_unit_for_user(request.user, code)
    people = unit.people.all()
    reports = Report.objects.filter(unit=unit).select_related("dataset").order_by("-period")
    return render(
        request,
        "kaoping/unit_detail.html",
        {"unit": unit, "access": access, "people": people, "reports": reports},
    )


@login_required
def unit_history(request: HttpRequest, code: str) -> HttpResponse:
    unit, _access = get_unit_for_user(request.user, code)
    changes = (
        FigureChange.objects.filter(report__unit=unit)
        .select_related("report__dataset", "user")
        .order_by("-at", "-id")[:500]
    )
    events = ReportEvent.objects.filter(report__unit=unit).select_related(
        "report", "user", "figure_import"
    )[:200]
    unit_changes = UnitChange.objects.filter(unit=unit).select_related("user")[:200]
    return render(
        request,
        "kaoping/unit_history.html",
        {"unit": unit, "changes": changes, "events": events, "unit_changes": unit_changes},
    )


def _manageable_parents(user: object) -> object:
    townships = [
        u.pk
        for u in readable_units(user).filter(level=Unit.Level.TOWNSHIP)
        if access_to_unit(user, u).manage
    ]
    return Unit.objects.filter(
        township_id__in=townships, level__in=[Unit.Level.TOWNSHIP, Unit.Level.AREA]
    )


def _save_unit(form: UnitForm, user: object) -> bool:
    """Save through Unit.save (hierarchy checked under a lock, audited); a refusal
    there, after the form's own check, goes back beside its field."""
    unit = form.save(commit=False)
    try:
        unit.save(changed_by=user, path="form")
    except ValidationError as error:
        for key, messages_ in error.message_dict.items():
            form.add_error(key if key in form.fields else None, messages_)
        return False
    return True


@login_required
@require_http_methods(["GET", "POST"])
def unit_new(request: HttpRequest) -> HttpResponse:
    top = bool(getattr(request.user, "is_superuser", False))
    parents = (
        Unit.objects.filter(level__in=[Unit.Level.COUNTY, Unit.Level.TOWNSHIP, Unit.Level.AREA])
        if top
        else _manageable_parents(request.user)
    )
    if not top and not parents.exists():  # type: ignore[attr-defined]
        raise PermissionDenied
    form = UnitForm(request.POST or None, parents=parents, top=top)
    if request.method == "POST" and form.is_valid() and _save_unit(form, request.user):
        messages.success(request, _("已添加单位 %(name)s") % {"name": form.instance.name})
        return redirect("unit_detail", code=form.instance.code)
    return render(request, "kaoping/form_page.html", {"form": form, "title": _("添加单位")})


@login_required
@require_http_methods(["GET", "POST"])
def unit_edit(request: HttpRequest, code: str) -> HttpResponse:
    unit, access = get_unit_for_user(request.user, code)
    if not access.manage or unit.level in (Unit.Level.COUNTY, Unit.Level.TOWNSHIP):
        raise PermissionDenied
    form = UnitForm(request.POST or None, instance=unit, parents=_manageable_parents(request.user))
    if request.method == "POST" and form.is_valid() and _save_unit(form, request.user):
        messages.success(request, _("已保存"))
        return redirect("unit_detail", code=unit.code)
    return render(request, "kaoping/form_page.html", {"form": form, "title": _("修改单位")})


@login_required
@require_http_methods(["GET", "POST"])
def person_new(request: HttpRequest, code: str) -> HttpResponse:
    unit, access = get_unit_for_user(request.user, code)
    if not access.manage:
        raise PermissionDenied
    form = PersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        person = form.save(commit=False)
        person.unit = unit
        person.save()
        messages.success(request, _("已添加 %(name)s") % {"name": person.name})
        return redirect("unit_detail", code=unit.code)
    return render(
        request,
        "kaoping/form_page.html",
        {"form": form, "title": _("添加人员") + f" · {unit.name}"},
    )


@login_required
@require_http_methods(["GET", "POST"])
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(Person.objects.select_related("unit"), pk=pk)
    access = access_to_unit(request.user, person.unit)
    if not access.read:
        raise Http404
    if not access.manage:
        raise PermissionDenied
    form = PersonForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("已保存"))
        return redirect("unit_detail", code=person.unit.code)
    return render(request, "kaoping/form_page.html", {"form": form, "title": _("修改人员")})


@login_required
@require_http_methods(["GET", "POST"])
def unit_import(request: HttpRequest) -> HttpResponse:
    """Import units or people from a sheet into the admin's township, all or nothing."""
    from pathlib import Path

    from django.conf import settings

    from ..unit_import import import_people, import_units
    from .upload import _upload_dir

    townships = [
        u
        for u in readable_units(request.user).filter(level=Unit.Level.TOWNSHIP)
        if access_to_unit(request.user, u).manage
    ]
    if not townships:
        raise PermissionDenied
    township = townships[0]
    context: dict[str, object] = {"township": township}
    if request.method == "POST":
        kind = request.POST.get("kind")
        uploaded = request.FILES.get("file")
        suffix = Path(uploaded.name or "").suffix.lower() if uploaded else ""
        if kind not in ("units", "people") or uploaded is None:
            context["error"] = _("请选择要上传的文件。")
        elif suffix not in SUFFIXES:
            context["error"] = _(
                "不支持的文件类型“%(name)s”：请上传 .xlsx、.xls、.ods 或 .csv 文件。"
            ) % {"name": uploaded.name}
        elif (uploaded.size or 0) > settings.KAOPING_MAX_UPLOAD_BYTES:
            context["error"] = _("文件过大。")
        else:
            import secrets

            path = _upload_dir() / f"{secrets.token_urlsafe(16)}{suffix}"
            with path.open("wb") as out:
                for chunk in uploaded.chunks():
                    out.write(chunk)
            try:
                if kind == "units":
                    result = import_units(path, uploaded.name or path.name, township, request.user)
                else:
                    result = import_people(path, uploaded.name or path.name, township)
            finally:
                path.unlink(missing_ok=True)
            context["result"] = result
            context["kind"] = kind
    return render(request, "kaoping/unit_import.html", context)
