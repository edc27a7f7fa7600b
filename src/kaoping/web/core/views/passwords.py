"""Changing and resetting passwords: Django's own views and forms, the app's pages.

- Anyone logged in changes their own password (the session stays, other
  sessions and the API tokens issued before stop working).
- A forgotten password is reset by a link sent by e-mail (Django's token, valid
  for PASSWORD_RESET_TIMEOUT), to the address on the account.
- A township admin sets a temporary password for a reporter or staff member of
  their township, shown once, to hand over in person; its holder must change it
  at the next login before any other page opens (audited). Admins and leaders are not
  among them: an admin who could set a leader's password could approve as them.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordResetForm
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from .. import roles
from ..access import admin_township
from ..accounts import USERNAME_MAX, client_address, normalise_username, take_attempt
from ..asking import ask_first, confirmed
from ..models import AccountState, Membership, RoleChange
from ..two_factor import must_change_password

_PAGE = "kaoping/form_page.html"


def _password_chosen(user: Any) -> None:
    """The person chose their own password: a temporary one no longer holds them back."""
    AccountState.objects.filter(user=user).update(must_change_password=False)


class _PasswordChange(auth_views.PasswordChangeView):
    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        if must_change_password(self.request.user):
            context["notice"] = _(
                "您的密码是管理员设置的临时密码，请先设置一个只有您知道的新密码。"
            )
        return context

    def form_valid(self, form: Any) -> HttpResponse:
        with transaction.atomic():
            response = super().form_valid(form)
            _password_chosen(form.user)
        return response


class _PasswordResetConfirm(auth_views.PasswordResetConfirmView):
    def form_valid(self, form: Any) -> HttpResponse:
        with transaction.atomic():
            response = super().form_valid(form)
            _password_chosen(form.user)
        return response


password_change = _PasswordChange.as_view(
    template_name=_PAGE,
    success_url=reverse_lazy("password_change_done"),
    extra_context={"title": gettext_lazy("修改密码")},
)


@login_required
def password_change_done(request: HttpRequest) -> HttpResponse:
    messages.success(request, _("密码已修改。此前创建的接口令牌已失效，请重新创建。"))
    return redirect("home")


_reset_view = auth_views.PasswordResetView.as_view(
    template_name="kaoping/password_reset.html",
    email_template_name="kaoping/password_reset_email.txt",
    subject_template_name="kaoping/password_reset_subject.txt",
    success_url=reverse_lazy("password_reset_done"),
)


def password_reset(request: HttpRequest) -> HttpResponseBase:
    """Django's reset form, with the login's attempt limit: per client address
    (whatever address is asked for) and per address asked for (from anywhere),
    so that nobody can flood a mailbox or run through a list of addresses. The
    answer is the same whether or not an address is known, and so is the
    refusal when the limit is reached."""
    if request.method == "POST":
        email = normalise_username(request.POST.get("email", ""))
        address = client_address(request)
        # Both slots are taken whatever happens: a refused pair still counts.
        by_client = take_attempt("reset:*", address)
        by_email = take_attempt(("reset:" + email)[:USERNAME_MAX], "*")
        if not (by_client and by_email):
            return render(
                request,
                "kaoping/password_reset.html",
                {"form": PasswordResetForm(), "locked": _("请求过于频繁，请15分钟后再试。")},
                status=429,
            )
    return _reset_view(request)


password_reset_done = auth_views.PasswordResetDoneView.as_view(
    template_name="kaoping/password_reset_done.html"
)
password_reset_confirm = _PasswordResetConfirm.as_view(
    template_name="kaoping/password_reset_confirm.html",
    success_url=reverse_lazy("password_reset_complete"),
)
password_reset_complete = auth_views.PasswordResetCompleteView.as_view(
    template_name="kaoping/password_reset_complete.html"
)

# Roles whose password a township admin may set; see the module's docstring.
_RESETTABLE = {Membership.Role.REPORTER, Membership.Role.ASSESSOR}


def resettable_users(admin: Any) -> list[Any]:
    """Users of the admin's township whose every role is a reporter's or an
    assessor's within that township."""
    township = admin_township(admin)
    users = (
        get_user_model()
        .objects.filter(memberships__unit__township=township, is_superuser=False, is_active=True)
        .distinct()
    )
    found = []
    for user in users.prefetch_related("memberships__unit").order_by("username"):
        roles = list(user.memberships.all())
        if user.pk != admin.pk and all(
            m.role in _RESETTABLE and m.unit.township_id == township.pk for m in roles
        ):
            found.append(user)
    return found


@login_required
@require_POST
def temporary_password(request: HttpRequest, pk: int) -> HttpResponse:
    if not confirmed(request):
        # Refused before being asked: someone outside the admin's reach is a 404.
        asked = next((u for u in resettable_users(request.user) if u.pk == pk), None)
        if asked is None:
            raise Http404
        return ask_first(
            request,
            title=_("确定设置临时密码"),
            question=temporary_question(asked),
            button=_("确定设置"),
            back=reverse("user_list"),
        )
    with transaction.atomic():
        user = next((u for u in resettable_users(request.user) if u.pk == pk), None)
        if user is None:
            raise Http404
        password = secrets.token_urlsafe(9)
        user.set_password(password)
        user.save(update_fields=["password"])
        # Handed over in person, so known to two people: the holder must replace it
        # at the next login before any other page opens (two_factor.AccountGate).
        AccountState.objects.update_or_create(user=user, defaults={"must_change_password": True})
        roles.record(
            RoleChange.Action.TEMP_PASSWORD,
            request.user,
            user,
            "",
            admin_township(request.user),
        )
    return render(
        request,
        "kaoping/temporary_password.html",
        {"target": user, "password": password},
    )


def temporary_question(user: Any) -> str:
    """What setting ``user`` a temporary password does: asked by the accounts
    page's button and, without scripts, by the server's page alike."""
    return _(
        "设置临时密码后，%(user)s原来的密码立即失效；%(user)s须用临时密码登录，并在"
        "打开其他页面前改设新密码。确定为%(user)s设置临时密码吗？"
    ) % {"user": user.username}
