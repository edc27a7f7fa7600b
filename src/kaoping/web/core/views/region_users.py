"""A county admin's accounts: the county's own and its townships' staff, created
and revoked in the app (before, a county account needed ``manage.py shell``).

A county admin (the admin role bound to the county) creates admins, leaders and
assessors for the county itself or any of its townships, and revokes them;
village reporters stay with each township's admin. Every change is in the role
record, in its transaction (:mod:`..roles`); a unit's last admin role cannot be
revoked.

A province's or a city's admin (docs/province.md) does the same one level up:
admins and leaders for the province or city itself and for the cities and
counties under it (a province's: its cities' counties too); the townships'
accounts stay with each county's admin.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from .. import roles
from ..asking import confirmed
from ..forms import NewUserForm
from ..labels import unit_label
from ..models import Membership, RoleChange, Unit
from ..permissions import REGION_LEVELS, counties, counties_under, regions
from .users import ask_before_revoking, revoke_and_say, revoke_question

R = Membership.Role


def _county_for_admin(user: Any) -> Unit:
    """The unit whose accounts the user manages: the province or city they are an
    admin of (the highest first), else their county; 403 for anyone else."""
    managed = regions(user, "county.accounts") or counties(user, "county.accounts")
    if not managed:
        raise PermissionDenied
    return managed[0]


def subtree(top: Unit) -> list[Unit]:
    """The units whose staff accounts ``top``'s admin manages: a county and its
    townships; a city and its counties; a province, its cities and all their counties."""
    if top.level in REGION_LEVELS:
        cities = list(Unit.objects.filter(level=Unit.Level.CITY, parent=top))
        return [top, *cities, *counties_under([top.pk])]
    return [top, *Unit.objects.filter(level=Unit.Level.TOWNSHIP, parent=top)]


class RegionUserForm(NewUserForm):
    unit = forms.ModelChoiceField(label=gettext_lazy("单位"), queryset=Unit.objects.none())

    def __init__(self, *args: Any, units: list[Unit], region: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, villages=Unit.objects.none(), **kwargs)
        del self.fields["units"]
        self.fields["unit"].label_from_instance = unit_label  # type: ignore[attr-defined]
        # Above the county only admins and leaders, as the county's own roles.
        offered = (R.ADMIN, R.LEADER) if region else (R.ADMIN, R.LEADER, R.ASSESSOR)
        self.fields["role"].choices = [  # type: ignore[attr-defined]
            (r.value, r.label) for r in offered
        ]
        self.fields["unit"].queryset = Unit.objects.filter(  # type: ignore[attr-defined]
            pk__in=[u.pk for u in units]
        ).order_by("level", "code")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        unit = data.get("unit")
        if data.get("role") == R.ASSESSOR and unit is not None and unit.level != "township":
            self.add_error("role", _("镇办工作人员只能属于乡镇"))
        return data


@login_required
@require_http_methods(["GET", "POST"])
def region_users(request: HttpRequest) -> HttpResponse:
    county = _county_for_admin(request.user)
    units = subtree(county)
    region = county.level in REGION_LEVELS
    form = RegionUserForm(request.POST or None, units=units, region=region)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            user = form.save()
            unit = form.cleaned_data["unit"]
            roles.account_created(request.user, user, unit)
            roles.grant(request.user, user, form.cleaned_data["role"], unit)
        messages.success(request, _("已创建用户 %(name)s") % {"name": user.username})
        return redirect("region_users")
    memberships = list(
        Membership.objects.filter(unit__in=units)
        .exclude(role=R.REPORTER)
        .select_related("user", "unit")
        .order_by("unit__level", "unit__code", "user__username", "role")
    )
    for m in memberships:
        m.question = revoke_question(m)  # type: ignore[attr-defined]
    changes = RoleChange.objects.filter(unit__in=units).select_related("actor", "unit")[:500]
    return render(
        request,
        "kaoping/region_users.html",
        {
            "county": county,
            "region": region,
            "form": form,
            "memberships": memberships,
            "changes": changes,
        },
    )


@login_required
@require_POST
def region_membership_delete(request: HttpRequest, pk: int) -> HttpResponse:
    county = _county_for_admin(request.user)
    membership = get_object_or_404(
        Membership.objects.exclude(role=R.REPORTER), pk=pk, unit__in=subtree(county)
    )
    if not confirmed(request):
        return ask_before_revoking(request, membership, reverse("region_users"))
    revoke_and_say(request, membership)
    return redirect("region_users")
