"""Login with a limit on failed attempts; Django's own forms and password hashing."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils.translation import gettext as _

from ..models import LoginFailure
from .common import client_address


def login_view(request: HttpRequest) -> HttpResponseBase:
    if request.method == "POST":
        username = request.POST.get("username", "")[:150]
        address = client_address(request)
        if LoginFailure.locked(username, address):
            return render(
                request,
                "kaoping/login.html",
                {"locked": _("登录失败次数过多，请15分钟后再试。")},
                status=429,
            )
        response = auth_views.LoginView.as_view(template_name="kaoping/login.html")(request)
        if response.status_code == 200:
            LoginFailure.objects.create(username=username, address=address)
        else:
            LoginFailure.objects.filter(username=username, address=address).delete()
        return response
    return auth_views.LoginView.as_view(template_name="kaoping/login.html")(request)
