"""Deleting where a mistake is common: an allocation (任务分解), a service day
(服务日) and a reminder (提醒单) not yet acknowledged.

Each delete locks its row, decides under that lock whether anything depends on
it (a campaign that uses the allocation, an approved quarter that counted the
service day, a village that signed the reminder), and writes its
:class:`~kaoping.web.planning.models.Deletion` in the same transaction as the
delete. A refusal is :class:`Blocked` with the reason in Chinese.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import ProtectedError
from django.forms.models import model_to_dict
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Allocation, Deletion, Reminder, ServiceDay


class Blocked(Exception):
    """A delete that something depends on, or of a row already gone."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _gone() -> Blocked:
    return Blocked(_("要删除的记录已不存在（可能已被他人删除）。"))


def _who(user: Any) -> Any:
    return user if getattr(user, "pk", None) else None


# --- what stands in the way (read again under the lock by the deletes) ---------------


def allocation_blocker(alloc: Allocation) -> str:
    names = list(alloc.campaigns.order_by("start", "pk").values_list("title", flat=True))
    if names:
        return _(
            "任务分解“%(t)s”已被专项活动“%(c)s”使用，不能删除；请先删除或改用其他分解的专项活动。"
        ) % {
            "t": alloc.title,
            "c": "、".join(names),
        }
    return ""


def _approved_assessment(township_id: int, period: str, lock: bool) -> Any:
    # By the app registry, not an import: assessment imports planning, and the
    # acyclic contract (pyproject) keeps a new dependency from closing a cycle.
    from django.apps import apps

    Assessment = apps.get_model("assessment", "Assessment")
    q = Assessment.objects.filter(
        township_id=township_id,
        period=period,
        status__in=[Assessment.Status.APPROVED, Assessment.Status.PUBLISHED],
    )
    if lock:
        q = q.select_for_update()
    return q.order_by("-version").first()


def service_day_blocker(sd: ServiceDay, *, lock: bool = False) -> str:
    if _approved_assessment(sd.township_id, sd.period, lock) is not None:
        return _(
            "%(q)s的季度考评已审定，这次服务日已计入考评结果，不能删除；如需更正，请建立考评更正版本后再改。"
        ) % {"q": sd.period}
    return ""


def reminder_blocker(r: Reminder) -> str:
    if r.status == Reminder.Status.ACKNOWLEDGED:
        return _("提醒单%(n)s已于%(d)s签收，不能删除；如已无需办理，请办结并写明情况。") % {
            "n": r.number,
            "d": r.acknowledged_on.isoformat() if r.acknowledged_on else "",
        }
    if r.status == Reminder.Status.RESOLVED:
        return _("提醒单%(n)s已办结，不能删除。") % {"n": r.number}
    if r.level > 0:
        return _("提醒单%(n)s已逾期升级，上级已收到，不能删除。") % {"n": r.number}
    return ""


# --- the deletes ---------------------------------------------------------------------


def delete_allocation(pk: int, user: Any) -> Deletion:
    with transaction.atomic():
        alloc = Allocation.objects.select_for_update().filter(pk=pk).first()
        if alloc is None:
            raise _gone()
        why = allocation_blocker(alloc)
        if why:
            raise Blocked(why)
        detail = {
            **model_to_dict(alloc),
            "shares": {s.unit.code: s.allocated for s in alloc.shares.select_related("unit")},
        }
        record = Deletion.objects.create(
            township_id=alloc.township_id,
            kind=Deletion.Kind.ALLOCATION,
            label=str(alloc)[:300],
            detail=detail,
            user=_who(user),
            at=timezone.now(),
        )
        try:
            # The campaign's PROTECT is the last word should one slip in.
            with transaction.atomic():
                alloc.delete()
        except ProtectedError:
            raise Blocked(allocation_blocker(alloc)) from None
        return record


def recorded_token(sd: ServiceDay) -> str:
    """What the delete page showed of the attendance, sent back with the delete."""
    return sd.recorded_at.isoformat() if sd.recorded_at else ""


def delete_service_day(pk: int, user: Any, *, seen: str | None = None) -> Deletion:
    """``seen``: :func:`recorded_token` as the page asking to confirm showed it;
    attendance recorded since then was never in what the person agreed to lose."""
    with transaction.atomic():
        sd = ServiceDay.objects.select_for_update().filter(pk=pk).select_related("unit").first()
        if sd is None:
            raise _gone()
        if seen is not None and seen != recorded_token(sd):
            raise Blocked(
                _(
                    "%(u)s%(d)s的服务日在您打开页面之后登记了出勤情况，未删除；请先查看登记的情况，再决定是否删除。"
                )
                % {"u": sd.unit.name, "d": sd.day.isoformat()}
            )
        # Locking the quarter's assessments makes an approval wait for this
        # delete, or this delete see the approval.
        why = service_day_blocker(sd, lock=True)
        if why:
            raise Blocked(why)
        record = Deletion.objects.create(
            township_id=sd.township_id,
            kind=Deletion.Kind.SERVICE_DAY,
            label=str(sd)[:300],
            detail=model_to_dict(sd),
            user=_who(user),
            at=timezone.now(),
        )
        sd.delete()
        return record


def delete_reminder(pk: int, user: Any) -> Deletion:
    with transaction.atomic():
        r = Reminder.objects.select_for_update().filter(pk=pk).select_related("unit").first()
        if r is None:
            raise _gone()
        why = reminder_blocker(r)
        if why:
            raise Blocked(why)
        record = Deletion.objects.create(
            township_id=r.township_id,
            kind=Deletion.Kind.REMINDER,
            label=f"{r.number} {r.unit.name} {r.subject}"[:300],
            detail=model_to_dict(r),
            user=_who(user),
            at=timezone.now(),
        )
        r.delete()
        return record


def recent_deletions(township: Any, kind: str, n: int = 10) -> list[Deletion]:
    """The last deletions of one kind in a township, for its list page."""
    return list(Deletion.objects.filter(township=township, kind=kind).select_related("user")[:n])
