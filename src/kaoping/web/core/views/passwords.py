"""Changing and resetting passwords: Django's own views and forms, the app's pages.

- Anyone logged in changes their own password (the session stays, other
  sessions and the API tokens issued before stop working).
- A forgotten password is reset by a link sent by e-mail (Django's token, valid
  for PASSWORD_RESET_TIMEOUT), to the address on the account.
- A township admin sets a temporary password for a reporter or staff member of
  their township, shown once, to hand over in person. Admins and leaders are not
  among them: an admin who could set a leader's password could approve as them.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from ..models import Membership
from .users import _township_for_admin

_PAGE = "kaoping/form_page.html"

password_change = auth_views.PasswordChangeView.as_view(
    template_name=_PAGE,
    success_url=reverse_lazy("password_change_done"),
    extra_context={"title": gettext_lazy("修改密码")},
)


@login_required
def password_change_done(request: HttpRequest) -> HttpResponse:
    messages.success(request, _("密码已修改。此前创建的接口令牌已失效，请重新创建。"))
    return redirect("home")


password_reset = auth_views.PasswordResetView.as_view(
    template_name="kaoping/password_reset.html",
    email_template_name="kaoping/password_reset_email.txt",
    subject_template_name="kaoping/password_reset_subject.txt",
    success_url=reverse_lazy("password_reset_done"),
)
password_reset_done = auth_views.PasswordResetDoneView.as_view(
    template_name="kaoping/password_reset_done.html"
)
password_reset_confirm = auth_views.PasswordResetConfirmView.as_view(
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
    township = _township_for_admin(admin)
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
    with transaction.atomic():
        user = next((u for u in resettable_users(request.user) if u.pk == pk), None)
        if user is None:
            raise Http404
        password = secrets.token_urlsafe(9)
        user.set_password(password)
        user.save(update_fields=["password"])
    return render(
        request,
        "kaoping/temporary_password.html",
        {"target": user, "password": password},
    )
