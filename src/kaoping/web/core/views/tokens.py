"""API tokens: a user creates and revokes their own; the key is shown once."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ..access import staff_required
from ..forms import TokenForm
from ..models import ApiToken


@staff_required
@require_http_methods(["GET", "POST"])
def token_list(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    new_key = None
    if request.method == "POST" and form.is_valid():
        _token, new_key = ApiToken.issue(request.user, form.cleaned_data["name"])
        form = TokenForm()
    tokens = ApiToken.objects.filter(user_id=request.user.pk or 0).order_by("-created")
    return render(
        request,
        "kaoping/tokens.html",
        {
            "form": form,
            "tokens": tokens.select_related("user"),
            "new_key": new_key,
            "days": settings.KAOPING_API_TOKEN_DAYS,
        },
    )


@staff_required
@require_POST
def token_delete(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    token.delete()
    messages.success(request, _("已撤销令牌。"))
    return redirect("token_list")
