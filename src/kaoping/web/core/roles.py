"""Granting and revoking roles, each with its audit row in the same transaction.

Every place that changes who may do what (the township admin's users page, the
Django admin) goes through these, so that the record is complete: who did it,
when, to whom, which role, for which unit. Four eyes reads the record too
(:func:`kaoping.web.core.services.four_eyes`).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from .models import Membership, RoleChange, Unit

A = RoleChange.Action


def _actor(actor: Any) -> Any:
    return actor if getattr(actor, "pk", None) else None


def record(action: str, actor: Any, user: Any, role: str, unit: Unit | None) -> RoleChange:
    return RoleChange.objects.create(
        action=action,
        actor=_actor(actor),
        user=user,
        username=user.get_username(),
        role=role,
        unit=unit,
        unit_label=str(unit) if unit is not None else "",
    )


def account_created(actor: Any, user: Any, township: Unit | None) -> None:
    """The account exists; whoever created it chose its first password."""
    with transaction.atomic():
        record(A.CREATE_USER, actor, user, "", township)


def grant(actor: Any, user: Any, role: str, unit: Unit) -> Membership:
    with transaction.atomic():
        membership, created = Membership.objects.get_or_create(user=user, role=role, unit=unit)
        if created:
            record(A.GRANT, actor, user, role, unit)
        return membership


class LastAdmin(Exception):
    """Revoking this role would leave its unit without an admin to manage its accounts."""


def revoke(actor: Any, membership: Membership) -> None:
    """Revoke a role, audited; never a unit's last admin role (raises LastAdmin).

    The unit's admin roles are locked and counted in the transaction of the
    delete, so two admins revoking each other at once cannot both succeed."""
    with transaction.atomic():
        if membership.role == Membership.Role.ADMIN:
            admins = list(
                Membership.objects.select_for_update()
                .filter(unit_id=membership.unit_id, role=Membership.Role.ADMIN)
                .values_list("pk", flat=True)
            )
            if len(admins) <= 1:
                raise LastAdmin(str(membership.unit))
        record(A.REVOKE, actor, membership.user, membership.role, membership.unit)
        membership.delete()


def changes_in(township: Unit) -> list[RoleChange]:
    """The township's record, newest first."""
    return list(
        RoleChange.objects.filter(unit__township=township).select_related("actor", "unit")[:500]
    )
