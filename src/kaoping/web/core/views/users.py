"""The township admin's users: who may log in, in which role, for which units."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from .. import roles
from ..access import admin_township
from ..asking import ask_first, confirmed
from ..forms import NewUserForm
from ..models import Membership, Unit
from .passwords import resettable_users, temporary_question


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
    memberships = list(
        Membership.objects.filter(unit__township=township)
        .select_related("user", "unit")
        .order_by("user__username", "role", "unit__code")
    )
    for m in memberships:
        m.question = revoke_question(m)  # type: ignore[attr-defined]
    return render(
        request,
        "kaoping/users.html",
        {
            "township": township,
            "form": form,
            "memberships": memberships,
            "changes": roles.changes_in(township),
            "resettable": [(u, temporary_question(u)) for u in resettable_users(request.user)],
            "two_factor_users": _two_factor_users(request.user, township),
        },
    )


def _two_factor_users(admin: Any, township: Unit) -> list[tuple[Any, bool, str]]:
    """Each person the admin may reset, whether they have an authenticator, and
    what resetting it does (:func:`reset_question`)."""
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
    return [(u, u.pk in enrolled, reset_question(u)) for u in users]


def reset_question(user: Any) -> str:
    """What an admin's reset of ``user``'s two-factor login does: asked by the
    button's dialog and, without scripts, by the server's page alike."""
    return _(
        "重置后，%(user)s的验证器和恢复码立即失效，其下次登录时须重新绑定验证器。"
        "确定重置%(user)s的两步验证吗？"
    ) % {"user": user.username}


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
    if not confirmed(request):
        return ask_before_revoking(request, membership, reverse("user_list"))
    revoke_and_say(request, membership)
    return redirect("user_list")


def revoke_question(m: Membership) -> str:
    """What revoking a role does, to whom (the township's and the county's accounts
    pages alike): asked by the button's dialog and, without scripts, by the
    server's page alike."""
    return _("撤销后，%(user)s将不能再以%(unit)s%(role)s的身份办理业务。确定撤销吗？") % {
        "user": m.user.username,
        "unit": m.unit.name,
        "role": m.get_role_display(),
    }


def revoke_refusal(actor: Any, m: Membership) -> str | None:
    """Why revoking ``m`` is refused, checked before asking (and again, under the
    lock, by :func:`revoke_and_say`): never one's own admin role, nor a unit's
    last admin."""
    if m.role != Membership.Role.ADMIN:
        return None
    if m.user_id == actor.pk:
        return _("不能撤销自己的管理员角色")
    if Membership.objects.filter(unit_id=m.unit_id, role=Membership.Role.ADMIN).count() <= 1:
        return _("%(unit)s只剩这一位管理员，不能撤销：请先为该单位授予另一位管理员。") % {
            "unit": m.unit.name
        }
    return None


def ask_before_revoking(request: HttpRequest, m: Membership, back: str) -> HttpResponse:
    """Refuse a revocation that cannot be made, else ask, naming the account, unit
    and role."""
    refusal = revoke_refusal(request.user, m)
    if refusal:
        messages.error(request, refusal)
        return redirect(back)
    return ask_first(
        request,
        title=_("确定撤销"),
        question=revoke_question(m),
        button=_("确定撤销"),
        back=back,
    )


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
