"""Core's questions to the permission table (:mod:`.permissions`): a unit's access,
the units and data sets a user reads, and the getters that answer 404.

Staff (admin, assessor, leader) of a township see that township's units; a
county leader sees every township of the county, read-only; a reporter sees
only the units they are bound to. Nothing else is visible, and an invisible
object answers 404, so that its existence does not leak either.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import wraps
from typing import Any, Protocol, TypeVar

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from .models import DataSet, Report, Unit
from .permissions import (
    PERMISSIONS,
    allows,
    counties,
    grants,
    memberships,
    regions,
    township_ids,
)


@dataclass(frozen=True)
class Access:
    read: bool = False
    edit: bool = False  # enter figures
    review: bool = False  # return for correction
    approve: bool = False  # approve and lock
    manage: bool = False  # units, people, data sets
    reopen: bool = False  # unlock an approved report for a correction

    @property
    def staff(self) -> bool:
        return self.review or self.manage


NONE = Access()
ALL = Access(True, True, True, True, True)


def staff_township_ids(user: Any) -> set[int]:
    """Townships where the user holds a staff role (admin, assessor, leader)."""
    return township_ids(user, "staff.pages")


def is_staff_user(user: Any) -> bool:
    return bool(user.is_authenticated and (user.is_superuser or staff_township_ids(user)))


def staff_required(view: Callable[..., Any]) -> Callable[..., Any]:
    """A page for township and county staff: the unit list, API tokens and the
    API's description. A village reporter's work is their own village's forms,
    reached from the home page; the menu hides these from them (base.html)."""

    @login_required
    @wraps(view)
    def guarded(request: Any, *args: Any, **kwargs: Any) -> Any:
        if not is_staff_user(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return guarded


def is_county_admin(user: Any) -> bool:
    return bool(counties(user, "county.accounts"))


def is_region_admin(user: Any) -> bool:
    """An admin of a province or a city (its accounts page, docs/province.md)."""
    return bool(regions(user, "county.accounts"))


def menu(request: Any) -> dict[str, bool]:
    """Template context: whether the menu shows the staff pages, the county's (or a
    province's, a city's) accounts, a province's or city's dashboard."""
    return {
        "staff_menu": is_staff_user(request.user),
        "county_menu": is_county_admin(request.user),
        "region_menu": is_region_admin(request.user),
    }


def is_admin_user(user: Any) -> bool:
    """Whether the user manages some township (the home page's "new data set"
    button; the page itself asks the same of each township)."""
    return bool(
        user.is_authenticated and (user.is_superuser or township_ids(user, "township.manage"))
    )


def access_to_unit(user: Any, unit: Unit) -> Access:
    if not user.is_authenticated:
        return NONE
    if user.is_superuser:
        return ALL
    granted = grants(user, unit)
    return Access(
        read=allows("unit.read", granted),
        edit=allows("figures.enter", granted),
        review=allows("report.review", granted),
        approve=allows("report.approve", granted),
        manage=allows("township.manage", granted),
    )


def access_to_units(user: Any, units: Iterable[Unit]) -> list[Access]:
    """:func:`access_to_unit` of each of ``units``, in their order: a county's import
    judges thousands of villages. A village that is no membership's own unit is
    reached only through its township (and the county and regions above it), so
    the villages of one township share one answer, worked out once."""
    own = {m.unit_id for m in memberships(user)} if user.is_authenticated else set()
    shared: dict[int, Access] = {}
    found: list[Access] = []
    for unit in units:
        township = unit.township_id
        if (
            township is None
            or unit.pk in own
            or unit.level not in (Unit.Level.VILLAGE, Unit.Level.COMMUNITY, Unit.Level.AREA)
        ):
            found.append(access_to_unit(user, unit))
            continue
        if township not in shared:
            shared[township] = access_to_unit(user, unit)
        found.append(shared[township])
    return found


def readable_units(user: Any) -> QuerySet[Unit]:
    if not user.is_authenticated:
        return Unit.objects.none()
    if user.is_superuser:
        return Unit.objects.all()
    return Unit.objects.filter(
        Q(township_id__in=township_ids(user, "unit.read")) | Q(pk__in=_own_unit_ids(user))
    )


def _own_unit_ids(user: Any) -> list[int]:
    """The units the user reads from the unit scope (a reporter's villages)."""
    roles = PERMISSIONS["unit.read"].unit
    return [m.unit_id for m in memberships(user) if m.role in roles]


def reporting_units(user: Any) -> QuerySet[Unit]:
    """The villages and communities whose figures the user may see."""
    return readable_units(user).filter(level__in=[Unit.Level.VILLAGE, Unit.Level.COMMUNITY])


def readable_datasets(user: Any) -> QuerySet[DataSet]:
    if not user.is_authenticated:
        return DataSet.objects.none()
    if user.is_superuser:
        return DataSet.objects.all()
    roles = PERMISSIONS["unit.read"].unit
    townships = township_ids(user, "unit.read") | {
        m.unit.township_id for m in memberships(user) if m.role in roles
    }
    return DataSet.objects.filter(township_id__in=townships)


def report_access(user: Any, report: Report) -> Access:
    """The unit's access narrowed by the report's state: approved is locked for all,
    and a submitted report waits for review, out of its reporter's hands."""
    return access_in_status(access_to_unit(user, report.unit), report.status)


def access_in_status(base: Access, status: str) -> Access:
    """A unit's access narrowed by the state of a report of it (see report_access)."""
    if not base.read:
        return NONE
    S = Report.Status
    staff_edit = base.review or base.manage
    edit = base.edit and (status in (S.DRAFT, S.RETURNED) or (status == S.SUBMITTED and staff_edit))
    return Access(
        read=True,
        edit=edit,
        review=base.review and status == S.SUBMITTED,
        approve=base.approve and status == S.SUBMITTED,
        manage=base.manage,
        reopen=base.approve and status == S.APPROVED,
    )


def get_unit_for_user(user: Any, code: str) -> tuple[Unit, Access]:
    unit = Unit.objects.filter(code=code).select_related("parent", "township").first()
    if unit is None:
        raise Http404
    access = access_to_unit(user, unit)
    if not access.read:
        raise Http404
    return unit, access


def get_dataset_for_user(user: Any, pk: int) -> DataSet:
    dataset = readable_datasets(user).filter(pk=pk).first()
    if dataset is None:
        raise Http404
    return dataset


def admin_township(user: Any) -> Unit:
    """The township the user administers (the users and passwords pages); else 403."""
    for u in readable_units(user).filter(level=Unit.Level.TOWNSHIP):
        if access_to_unit(user, u).manage:
            return u
    raise PermissionDenied


class _SomeRights(Protocol):
    @property
    def any(self) -> bool: ...


RightsT = TypeVar("RightsT", bound=_SomeRights)


def unit_with_rights(
    code: str, level: str, rights: Callable[[Unit], RightsT]
) -> tuple[Unit, RightsT]:
    """The unit of ``level`` named ``code`` and the user's rights on it (an app's
    ``rights(user, unit)``); 404 when there is none or the rights give nothing, so
    that a township's existence does not leak either."""
    unit = Unit.objects.filter(code=code, level=level).first()
    if unit is None:
        raise Http404
    r = rights(unit)
    if not r.any:
        raise Http404
    return unit, r
