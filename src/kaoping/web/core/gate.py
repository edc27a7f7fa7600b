"""The permission table at the door: before any view of :data:`~.permissions.VIEWS`
runs, a signed-in user whose roles, wherever they are held, give none of the view's
actions nor what its app reads first (:data:`~.permissions.APP_READS`) is refused.

It is one place, not a decorator on each of the 140 views: a URL is in the table
(tests/web/test_permission_table.py fails otherwise) and so at the gate, without
anyone having to remember a second line; a view whose own check is missing or
wrong still shows nothing to a user the table gives nothing of it.

What it answers is what the view would: 404, for such a user reads nothing the
URL can name (the same answer whether the object exists or not, so nothing
leaks); 403 for a URL that names nothing (the unit list, the accounts page) and
for the views that refuse before looking anything up (REFUSED_WITH_403). The
finer answers stay the views', unit by unit (``holds`` and the access helpers):
404 for what the user may not read, 403 for what they read but may not do; the
gate cannot give those without the object, and does not guess.

A few views are reached by the data as well as by a role (:data:`ALSO`): a job's
starter sees and cancels their own job; a work-group member of a campaign reports
for their work area. For those the gate asks the data before refusing.

Signed-out visitors are the views' own ``login_required`` (a redirect to the login
page); the JSON API's views are gated once their token names the user
(core/api.py), and answer the refusal as JSON.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import ResolverMatch

from .permissions import APP_READS, REFUSED_WITH_403, VIEWS, reach


def _started_the_job(user: Any, kwargs: Mapping[str, Any]) -> bool:
    job = apps.get_model("jobs", "Job")
    return bool(job.objects.filter(pk=kwargs.get("pk", 0), started_by=user).exists())


def _in_a_work_group(user: Any, kwargs: Mapping[str, Any]) -> bool:
    member = apps.get_model("dispatch", "WorkGroupMember")
    return bool(
        member.objects.filter(
            user=user,
            group__campaign_id=kwargs.get("pk", 0),
            group__area__code=kwargs.get("code", ""),
        ).exists()
    )


# The views some users reach by the data rather than by a role (see the module's doc;
# the table lists these in docs/web.md too).
ALSO: dict[str, Callable[[Any, Mapping[str, Any]], bool]] = {
    "jobs:job": _started_the_job,
    "jobs:cancel": _started_the_job,
    "dispatch:area": _in_a_work_group,
}


def refusal(user: Any, match: ResolverMatch) -> Exception | None:
    """Why the table refuses ``user`` the view of ``match`` (Http404 or
    PermissionDenied), or None when some role of theirs may read what the view's
    app shows or do one of the view's actions, somewhere."""
    actions = VIEWS.get(match.view_name)
    if actions is None or not user.is_authenticated:
        return None
    held = reach(user)
    if not held.isdisjoint(actions) or not held.isdisjoint(APP_READS.get(match.namespace, ())):
        return None
    also = ALSO.get(match.view_name)
    if also is not None and also(user, match.kwargs):
        return None
    if match.view_name in REFUSED_WITH_403 or not match.kwargs:
        return PermissionDenied()
    return Http404()


def check(request: HttpRequest) -> None:
    """Raise the table's refusal of the request's view, if any (core/api.py's views
    call it once their token has named the user)."""
    match = request.resolver_match
    if match is None:
        return
    refused = refusal(request.user, match)
    if refused is not None:
        raise refused


class PermissionGate:
    """The middleware: :func:`check` before every view of the table."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view: Callable[..., Any],
        args: tuple[Any, ...],
        kwargs: dict[str, Any],
    ) -> None:
        if getattr(view, "token_auth", False):
            return None  # the API's user is the token's, known only inside the view
        check(request)
        return None
