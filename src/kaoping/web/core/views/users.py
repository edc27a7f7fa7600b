"""The township admin's users: who may log in, in which role, for which units."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from .. import roles
from ..access import admin_township
from ..forms import NewUserForm
from ..models import Membership, Unit
from .passwords import resettable_users


@login_required
@require_http_methods(["GET", "POST"])
def user_list(request: HttpRequest) -> HttpResponse:
    township = admin_township(request.user)
    villages = Unit.objects.filter(
        township=township, level__in=[Unit.Level.VILLAGE, Unit.Level.COMMUNITY]
    )
    form = NewUserForm(request.POST or None, villages=villages)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            user = form.save()
            roles.account_created(request.user, user, township)
            role = form.cleaned_data["role"]
            if role == Membership.Role.REPORTER:
                for unit in form.cleaned_data["units"]:
                    roles.grant(request.user, user, role, unit)
            else:
                roles.grant(request.user, user, role, township)
        messages.success(request, _("已创建用户 %(name)s") % {"name": user.username})
        return redirect("user_list")
    memberships = (
        Membership.objects.filter(unit__township=township)
        .select_related("user", "unit")
        .order_by("user__username", "role", "unit__code")
    )
    return render(
        request,
        "kaoping/users.html",
        {
            "township": township,
            "form": form,
            "memberships": memberships,
            "changes": roles.changes_in(township),
            "resettable": resettable_users(request.user),
            "two_factor_users": _two_factor_users(request.user, township),
        },
    )


def _two_factor_users(admin: Any, township: Unit) -> list[tuple[Any, bool]]:
    """Each person the admin may reset, and whether they have an authenticator."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    users = (
        get_user_model()
        .objects.filter(memberships__unit__township=township, is_superuser=False)
        .exclude(pk=admin.pk)
        .exclude(memberships__in=Membership.objects.exclude(unit__township=township))
        .distinct()
        .order_by("username")
    )
    enrolled = set(
        TOTPDevice.objects.filter(user__in=users, confirmed=True).values_list("user_id", flat=True)
    )
    return [(u, u.pk in enrolled) for u in users]


def manageable_user(admin: Any, pk: int) -> tuple[Any, Unit] | None:
    """The user ``pk`` if every role they hold lies in the admin's township (not the
    admin themselves, not a superuser), with that township; else None."""
    township = admin_township(admin)
    user = (
        get_user_model()
        .objects.filter(pk=pk, is_superuser=False, memberships__unit__township=township)
        .exclude(pk=admin.pk)
        .first()
    )
    if user is None:
        return None
    if user.memberships.exclude(unit__township=township).exists():
        return None
    return user, township


@login_required
@require_POST
def membership_delete(request: HttpRequest, pk: int) -> HttpResponse:
    township = admin_township(request.user)
    membership = get_object_or_404(Membership, pk=pk, unit__township=township)
    revoke_and_say(request, membership)
    return redirect("user_list")


def revoke_and_say(request: HttpRequest, membership: Membership) -> None:
    """Revoke a role and say so on the next page (the township's and the county's
    accounts pages alike): never one's own admin role, nor a unit's last admin."""
    if membership.user_id == request.user.pk and membership.role == Membership.Role.ADMIN:
        messages.error(request, _("不能撤销自己的管理员角色"))
        return
    try:
        roles.revoke(request.user, membership)
    except roles.LastAdmin:
        messages.error(
            request,
            _("%(unit)s只剩这一位管理员，不能撤销：请先为该单位授予另一位管理员。")
            % {"unit": membership.unit.name},
        )
    else:
        messages.success(request, _("已撤销该角色"))
