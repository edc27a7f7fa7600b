"""A person's own channels; a township admin's group robots and delivery log."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kaoping.web.core.access import access_to_unit, readable_units
from kaoping.web.core.asking import ask_first, confirmed
from kaoping.web.core.models import Unit

from .forms import PreferenceForm, RobotForm
from .models import Delivery, Preference, RobotChange, UnitRobot


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request: HttpRequest) -> HttpResponse:
    user = get_user_model().objects.get(pk=request.user.pk or 0)
    pref = Preference.objects.filter(user=user).first() or Preference(user=user)
    initial = {
        "email": user.email,
        "phone": pref.phone,
        "by_email": pref.by_email,
        "by_sms": pref.by_sms,
    }
    form = PreferenceForm(request.POST or None, initial=initial, muted=list(pref.muted or []))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with transaction.atomic():
            user.email = data["email"]
            user.save(update_fields=["email"])
            pref.phone, pref.by_email, pref.by_sms = data["phone"], data["by_email"], data["by_sms"]
            # Unticked boxes are not posted: only a form that showed the table
            # of events (its marker field) changes which events are turned off.
            if request.POST.get("events_shown"):
                pref.muted = form.muted()
            pref.save()
        messages.success(request, _("通知设置已保存。"))
        return redirect("notify:preferences")
    townships = [
        u
        for u in readable_units(user).filter(level=Unit.Level.TOWNSHIP).order_by("code")
        if access_to_unit(user, u).manage
    ]
    return render(request, "notify/preferences.html", {"form": form, "townships": townships})


def _township(request: HttpRequest, code: str) -> Unit:
    """The township by code, for its admin only: others who cannot see it get 404,
    its staff who can but do not manage it get 403."""
    unit = Unit.objects.filter(code=code, level=Unit.Level.TOWNSHIP).first()
    if unit is None or not request.user.is_authenticated:
        raise Http404
    access = access_to_unit(request.user, unit)
    if not access.read:
        raise Http404
    if not access.manage:
        raise PermissionDenied
    return unit


def _units(township: Unit) -> list[Unit]:
    others = Unit.objects.filter(
        township=township, level__in=[Unit.Level.VILLAGE, Unit.Level.COMMUNITY]
    ).order_by("code")
    return [township, *others]


def _actor(request: HttpRequest) -> Any:
    # Every caller is behind login_required; the audit names the account.
    return request.user if request.user.is_authenticated else None


def _robot_note(robot: UnitRobot) -> str:
    parts = [robot.masked_webhook]
    if robot.secret:
        parts.append(_("加签密钥 %(secret)s") % {"secret": robot.masked_secret})
    parts.append(_("启用") if robot.enabled else _("停用"))
    return "；".join(parts)[:300]


@login_required
@require_http_methods(["GET", "POST"])
def robots(request: HttpRequest, code: str) -> HttpResponse:
    township = _township(request, code)
    units = _units(township)
    form = RobotForm(request.POST or None, units=units, initial={"enabled": True})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        unit = next(u for u in units if u.code == data["unit"])
        with transaction.atomic():
            robot = (
                UnitRobot.objects.select_for_update()
                .filter(unit=unit, channel=data["channel"])
                .first()
            )
            if robot is None and not data["webhook"]:
                form.add_error("webhook", _("请填写 Webhook 地址"))
            else:
                robot = robot or UnitRobot(unit=unit, channel=data["channel"])
                robot.webhook = data["webhook"] or robot.webhook
                robot.secret = data["secret"] or robot.secret
                robot.enabled = data["enabled"]
                robot.save()
                RobotChange.objects.create(
                    unit=unit,
                    channel=robot.channel,
                    action=RobotChange.Action.SAVE,
                    user=_actor(request),
                    note=_robot_note(robot),
                )
        if not form.errors:
            messages.success(
                request,
                _("已保存%(unit)s的%(channel)s。")
                % {
                    "unit": unit.name,
                    "channel": robot.get_channel_display(),  # type: ignore[union-attr]
                },
            )
            return redirect("notify:robots", code=township.code)
    saved = (
        UnitRobot.objects.filter(unit__in=units)
        .select_related("unit")
        .order_by("unit__code", "channel")
    )
    changes = (
        RobotChange.objects.filter(unit__in=units)
        .select_related("unit", "user")
        .order_by("-at")[:20]
    )
    return render(
        request,
        "notify/robots.html",
        {
            "township": township,
            "form": form,
            "robots": [(r, delete_question(r)) for r in saved],
            "changes": changes,
        },
    )


def delete_question(robot: UnitRobot) -> str:
    """What deleting the robot does, naming its unit, channel and (masked) address:
    asked by the page's dialog and, without scripts, by the server's page alike."""
    return _(
        "删除后，%(unit)s的%(channel)s（%(webhook)s）即被删除，%(unit)s的通知不再发到这个群；"
        "Webhook 地址和加签密钥不能恢复，需要时须重新填写。确定删除吗？"
    ) % {
        "unit": robot.unit.name,
        "channel": robot.get_channel_display(),
        "webhook": robot.masked_webhook,
    }


@login_required
@require_POST
def robot_delete(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    township = _township(request, code)  # refused before being asked
    if not confirmed(request):
        found = (
            UnitRobot.objects.filter(pk=pk, unit__in=_units(township))
            .select_related("unit")
            .first()
        )
        if found is None:
            raise Http404
        return ask_first(
            request,
            title=_("删除群机器人"),
            question=delete_question(found),
            button=_("确定删除"),
            back=reverse("notify:robots", kwargs={"code": township.code}),
        )
    with transaction.atomic():
        robot = (
            UnitRobot.objects.select_for_update().filter(pk=pk, unit__in=_units(township)).first()
        )
        if robot is None:
            raise Http404
        RobotChange.objects.create(
            unit=robot.unit,
            channel=robot.channel,
            action=RobotChange.Action.DELETE,
            user=_actor(request),
            note=_robot_note(robot),
        )
        robot.delete()
    messages.success(request, _("已删除群机器人。"))
    return redirect("notify:robots", code=township.code)


@login_required
def log(request: HttpRequest, code: str) -> HttpResponse:
    township = _township(request, code)
    rows = Delivery.objects.filter(township=township).select_related("unit")
    state = request.GET.get("state", "")
    if state in Delivery.State.values:
        rows = rows.filter(state=state)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "notify/log.html",
        {"township": township, "page": page, "state": state, "states": Delivery.State.choices},
    )
