"""The two-factor pages: enrolment, the login's second step, recovery codes, and
an admin's reset of a person's authenticator (rules in ..two_factor)."""

from __future__ import annotations

import base64
from typing import Any

import segno
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from .. import two_factor
from ..asking import ask_first, confirmed
from ..two_factor import has_authenticator, required_for


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("验证码"),
        max_length=16,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def clean_code(self) -> str:
        # Recovery codes are shown in lower case; people type them as they like.
        return "".join(str(self.cleaned_data["code"]).split()).lower()


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return "/"


def _throttled(user: Any) -> bool:
    """Every device of the person is waiting out django-otp's back-off."""
    devices = [*TOTPDevice.objects.filter(user=user, confirmed=True)]
    devices += [*StaticDevice.objects.filter(user=user, confirmed=True)]
    return bool(devices) and all(not d.verify_is_allowed()[0] for d in devices)


@login_required
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    """The login's second step."""
    if not has_authenticator(request.user) or request.user.is_verified():  # type: ignore[union-attr]
        return redirect(_next(request))
    form = CodeForm(request.POST or None)
    error = None
    if request.method == "POST" and form.is_valid():
        if _throttled(request.user):
            error = _("验证码错误次数过多，请稍候再试。")
        else:
            device = match_token(request.user, form.cleaned_data["code"])
            if device is not None:
                otp_login(request, device)
                if isinstance(device, StaticDevice):
                    left = two_factor.recovery_codes_left(request.user)
                    messages.warning(
                        request,
                        _("已使用一个恢复码，还剩%(left)d个。可在“两步验证”页面重新生成。")
                        % {"left": left},
                    )
                return redirect(_next(request))
            error = _("验证码不正确或已过期，请重新输入。")
    return render(
        request,
        "kaoping/two_factor_verify.html",
        {"form": form, "error": error, "next": _next(request)},
        status=400 if error else 200,
    )


def _qr_svg(device: TOTPDevice) -> str:
    # An SVG data URI: the page's CSP allows data: images, and no image library is needed.
    return str(segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=2))


def _secret_text(device: TOTPDevice) -> str:
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def _show_codes(request: HttpRequest, codes: list[str]) -> HttpResponse:
    response = render(
        request, "kaoping/two_factor_codes.html", {"codes": codes, "next": _next(request)}
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def setup(request: HttpRequest) -> HttpResponse:
    """Enrol an authenticator; once enrolled: recovery codes, and turning it off
    where it is not required."""
    user = request.user
    enrolled = has_authenticator(user)
    action = request.POST.get("action", "")
    if enrolled and request.method == "POST":
        if action == "codes":
            return _show_codes(request, two_factor.new_recovery_codes(user))
        if action == "disable" and not required_for(user):
            two_factor.remove_devices(user)
            messages.success(request, _("已关闭两步验证。"))
            return redirect("two_factor_setup")
        return HttpResponse(status=400)
    if enrolled:
        return render(
            request,
            "kaoping/two_factor_setup.html",
            {
                "enrolled": True,
                "required": required_for(user),
                "codes_left": two_factor.recovery_codes_left(user),
            },
        )
    device = two_factor.pending_authenticator(user)
    form = CodeForm(request.POST or None)
    error = None
    if request.method == "POST" and form.is_valid():
        if not device.verify_is_allowed()[0]:
            error = _("验证码错误次数过多，请稍候再试。")
        elif device.verify_token(form.cleaned_data["code"]):
            codes = two_factor.confirm_authenticator(user, device)
            otp_login(request, device)
            return _show_codes(request, codes)
        else:
            error = _("验证码不正确：请确认手机时间准确，并输入验证器当前显示的6位数字。")
    response = render(
        request,
        "kaoping/two_factor_setup.html",
        {
            "enrolled": False,
            "required": required_for(user),
            "form": form,
            "error": error,
            "qr": _qr_svg(device),
            "secret": _secret_text(device),
            "next": _next(request),
        },
        status=400 if error else 200,
    )
    response["Cache-Control"] = "no-store"  # the secret is on the page
    return response


@login_required
@require_POST
def reset(request: HttpRequest, pk: int) -> HttpResponse:
    """An admin clears a person's two-factor login (the person enrols again)."""
    from .users import manageable_user, reset_question

    found = manageable_user(request.user, pk)
    if found is None:
        raise Http404
    target, unit = found
    if not confirmed(request):
        return ask_first(
            request,
            title=_("确定重置两步验证"),
            question=reset_question(target),
            button=_("确定重置"),
            back=reverse("user_list"),
        )
    two_factor.reset_by_admin(request.user, target, unit)
    messages.success(
        request,
        _("已重置 %(name)s 的两步验证，其下次登录时需重新绑定。") % {"name": target.username},
    )
    return redirect("user_list")
