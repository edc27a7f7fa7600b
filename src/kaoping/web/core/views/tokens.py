"""API tokens: a user creates and revokes their own; the key is shown once."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ..access import staff_required
from ..asking import ask_first, confirmed
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
            "tokens": [(t, revoke_question(t)) for t in tokens.select_related("user")],
            "new_key": new_key,
            "days": settings.KAOPING_API_TOKEN_DAYS,
        },
    )


def revoke_question(token: ApiToken) -> str:
    """What revoking the token does, naming it: asked by the list's dialog and,
    without scripts, by the server's page alike."""
    return _(
        "撤销后，令牌“%(name)s”（前缀%(prefix)s…，有效期至%(expires)s）立即失效，"
        "使用它的程序将不能再访问接口；撤销后不能恢复，需要时另建新令牌。确定撤销吗？"
    ) % {
        "name": token.name,
        "prefix": token.prefix,
        "expires": f"{timezone.localtime(token.expires):%Y-%m-%d}",
    }


@staff_required
@require_POST
def token_delete(request: HttpRequest, pk: int) -> HttpResponse:
    # Only one's own token: anyone else's is not found, before being asked.
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    if not confirmed(request):
        return ask_first(
            request,
            title=_("撤销令牌"),
            question=revoke_question(token),
            button=_("确定撤销"),
            back=reverse("token_list"),
        )
    token.delete()
    messages.success(request, _("已撤销令牌。"))
    return redirect("token_list")
