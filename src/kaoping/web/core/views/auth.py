"""Login with a limit on attempts (see ..accounts); Django's own forms and hashing."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils.translation import gettext as _

from ..accounts import client_address, forget_attempts, normalise_username, take_attempt

LoginView = Callable[[HttpRequest], HttpResponseBase]


def _throttled(view: LoginView) -> LoginView:
    """The same limit for every login form: the app's and the Django admin's."""

    def wrapper(request: HttpRequest) -> HttpResponseBase:
        if request.method != "POST":
            return view(request)
        username = normalise_username(request.POST.get("username", ""))
        address = client_address(request)
        if not take_attempt(username, address):
            return render(
                request,
                "kaoping/login.html",
                {"locked": _("登录失败次数过多，请15分钟后再试。")},
                status=429,
            )
        response = view(request)
        if response.status_code in (301, 302) and request.user.is_authenticated:
            forget_attempts(username, address)
        return response

    return wrapper


login_view = _throttled(auth_views.LoginView.as_view(template_name="kaoping/login.html"))
admin_login_view = _throttled(admin.site.login)
