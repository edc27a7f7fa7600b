"""Approval goes up the tree: a village's report is approved by its township, the
township's assessment of the quarter (or of a month, where it assesses months) by
its leader, and the township's approved quarter or month accepted by the county
(县级验收, docs/county.md "Acceptance").

Each level locks what it approved through the same gate: the county's acceptance
locks the villages' reports the accepted version read through
:func:`kaoping.web.core.services.guarded` (the function every save, approval and
reopening of a report goes through), then the assessment's row, then its own row,
and checks their state under those locks in the transaction that writes the
acceptance and its audit row. A township reopening a report (the guard's
``reopen``, then the ``report_reopened`` signal in its transaction) or correcting
the assessment (``services.correct``, under the assessment's lock) asks
:func:`guard_quarter`, so one of the two always sees the other's committed work:
an accepted quarter never has changed figures.

A county may return the township's quarter with a reason, accepted or not yet:
the lock is lifted and the township may reopen and change; the county then
accepts the next approved version in the same row.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kaoping.engine import Period, PeriodError
from kaoping.web.core.models import Report, Unit
from kaoping.web.core.permissions import allows, grants

from .acceptance_lock import guard_quarter, is_locked, locked_message, shown
from .models import Assessment, AssessmentEvent, TownshipAcceptance, TownshipAcceptanceEvent
from .refusals import Refused

__all__ = ["accept", "guard_quarter", "is_locked", "locked_message", "return_to_township", "states"]

S = Assessment.Status
A = TownshipAcceptance.Status
MAX_REASON = 1000


def may_accept(user: Any, county: Unit) -> bool:
    return bool(user.is_authenticated) and (
        user.is_superuser or allows("county.accept", grants(user, county))
    )


def current(township: Unit, period: str) -> TownshipAcceptance | None:
    return TownshipAcceptance.objects.filter(township=township, period=period).first()


def _effective(township: Unit, period: str) -> Assessment | None:
    return (
        Assessment.objects.filter(
            township=township,
            period=period,
            campaign__isnull=True,
            status__in=[S.APPROVED, S.PUBLISHED],
        )
        .order_by("-version")
        .first()
    )


def _open_correction(a: Assessment) -> bool:
    return Assessment.objects.filter(
        township=a.township_id,
        period=a.period,
        campaign__isnull=True,
        status__in=[S.DRAFT, S.SUBMITTED],
    ).exists()


def _period(text: str) -> str:
    """A quarter or a month: the periods a township assesses (services._refuse_period)."""
    try:
        p = Period.parse(text.strip())
    except PeriodError:
        p = None
    if p is None or not (p.is_quarter or p.is_month):
        raise Refused(_("“%(value)s”不是季度或月份，例如 2026Q4 或 2026-11") % {"value": text[:20]})
    return str(p)


def _township(county: Unit, code: str) -> Unit:
    town = Unit.objects.filter(code=code, level=Unit.Level.TOWNSHIP, parent=county).first()
    if town is None:
        raise Refused(
            _("乡镇“%(code)s”不属于%(county)s") % {"code": code[:32], "county": county.name}
        )
    return town


def preparers(a: Assessment) -> set[int]:
    """Whoever prepared or approved the township's version: they do not accept it."""
    from . import services

    users = services.preparers(a)
    users |= set(
        AssessmentEvent.objects.filter(
            assessment=a, action=AssessmentEvent.Action.APPROVE, user__isnull=False
        ).values_list("user_id", flat=True)
    )
    return users


def accept(county: Unit, township_code: str, period: str, assessment_pk: int, user: Any) -> Any:
    """Accept the township's approved version ``assessment_pk`` (the one the county
    user saw) of ``period`` (a quarter or a month), locking the reports it read."""
    from kaoping.web.core import services as core
    from kaoping.web.core.services import four_eyes

    if not may_accept(user, county):
        raise Refused(_("只有县级领导和工作人员可以验收乡镇考评"))
    period = _period(period)
    town = _township(county, township_code)
    seen = Assessment.objects.filter(
        pk=assessment_pk, township=town, period=period, campaign__isnull=True
    ).first()
    if seen is None:
        raise Refused(
            _("%(township)s%(period)s没有这一版考评")
            % {"township": town.name, "period": shown(period)}
        )
    read = {int(pk): int(v) for pk, v in seen.snapshot.get("reports", [])}
    with transaction.atomic():
        # 1. The reports, through the one gate, at the versions the version read:
        #    a reopening or a save waiting there or done meanwhile refuses this.
        try:
            with core.guarded(list(read), "lock", None, read) as locked:
                if len(locked) != len(read) or any(
                    r.status != Report.Status.APPROVED for r in locked
                ):
                    open_ = [r for r in locked if r.status != Report.Status.APPROVED]
                    names = "、".join(f"{r.unit.name} {r.period}" for r in open_) or _("报表已删除")
                    raise Refused(
                        _("%(township)s考评读取的报表不是全部已审核锁定：%(reports)s")
                        % {"township": town.name, "reports": names}
                    )
                return _accept_locked(county, town, seen, read, user, four_eyes)
        except core.Refused as refused:
            raise Refused(
                _("%(township)s考评读取的报表在审定之后有变动，不能验收：%(reasons)s")
                % {"township": town.name, "reasons": refused.message}
            ) from None


def _accept_locked(
    county: Unit, town: Unit, seen: Assessment, read: dict[int, int], user: Any, four_eyes: Any
) -> TownshipAcceptance:
    # 2. The assessment's row: still the version that counts, no correction open.
    a = Assessment.objects.select_for_update(of=("self",)).get(pk=seen.pk)
    if a.status not in (S.APPROVED, S.PUBLISHED):
        raise Refused(
            _("%(township)s%(period)s第%(version)s版考评未经乡镇审定，不能验收")
            % {"township": town.name, "period": shown(a.period), "version": a.version}
        )
    newest = _effective(town, a.period)
    if newest is None or newest.pk != a.pk:
        raise Refused(
            _("%(township)s%(period)s已有更新的审定版本（第%(version)s版），请刷新页面核对后再验收")
            % {
                "township": town.name,
                "period": shown(a.period),
                "version": newest.version if newest else "?",
            }
        )
    if _open_correction(a):
        raise Refused(
            _("%(township)s%(period)s的考评正在更正，待乡镇审定新版本后再验收")
            % {"township": town.name, "period": shown(a.period)}
        )
    who = four_eyes(user, preparers(a))
    if who:
        raise Refused(
            _("%(person)s参与编制或审定了%(township)s的考评，不能由其验收")
            % {"person": who, "township": town.name}
        )
    # 3. The acceptance's own row.
    row = (
        TownshipAcceptance.objects.select_for_update(of=("self",))
        .filter(township=town, period=a.period)
        .first()
    )
    if row is not None and row.locked:
        raise Refused(
            _("%(township)s%(period)s的考评已经县级验收（第%(version)s版）")
            % {"township": town.name, "period": shown(a.period), "version": row.assessment.version}
        )
    now = timezone.now()
    fields = {
        "county": county,
        "assessment": a,
        "status": A.ACCEPTED,
        "reason": "",
        "reports": sorted([pk, v] for pk, v in read.items()),
        "by": user,
        "at": now,
    }
    if row is None:
        row = TownshipAcceptance.objects.create(township=town, period=a.period, **fields)
    else:
        for k, v in fields.items():
            setattr(row, k, v)
        row.revision += 1
        row.save()
    TownshipAcceptanceEvent.objects.create(
        acceptance=row,
        action=TownshipAcceptanceEvent.Action.ACCEPT,
        user=user,
        at=now,
        note=f"第{a.version}版，报表{len(read)}份锁定",
    )
    return row


@transaction.atomic
def return_to_township(
    county: Unit, township_code: str, period: str, reason: str, user: Any
) -> TownshipAcceptance:
    """Send the township's approved quarter or month back with a reason, accepted or not:
    the township may then reopen its reports and correct the assessment."""
    if not may_accept(user, county):
        raise Refused(_("只有县级领导和工作人员可以退回乡镇考评"))
    reason = reason.strip()
    if not reason:
        raise Refused(_("退回乡镇时请写明原因"))
    if len(reason) > MAX_REASON:
        raise Refused(
            _("退回原因不能超过%(max)s字，收到%(length)s字")
            % {"max": MAX_REASON, "length": len(reason)}
        )
    period = _period(period)
    town = _township(county, township_code)
    found = _effective(town, period)
    if found is None:
        raise Refused(
            _("%(township)s%(period)s还没有乡镇审定的考评，无需退回")
            % {"township": town.name, "period": shown(period)}
        )
    # The assessment's row first, as an acceptance takes it: the two never interleave.
    a = Assessment.objects.select_for_update(of=("self",)).get(pk=found.pk)
    row = (
        TownshipAcceptance.objects.select_for_update(of=("self",))
        .filter(township=town, period=a.period)
        .first()
    )
    if row is not None and row.status == A.RETURNED and row.assessment_id == a.pk:
        raise Refused(
            _("%(township)s%(period)s第%(version)s版已退回乡镇，待乡镇更正")
            % {"township": town.name, "period": shown(a.period), "version": a.version}
        )
    now = timezone.now()
    if row is None:
        row = TownshipAcceptance.objects.create(
            county=county, township=town, period=a.period, assessment=a,
            status=A.RETURNED, reason=reason, by=user, at=now,
        )  # fmt: skip
    else:
        row.assessment, row.status, row.reason, row.by, row.at = a, A.RETURNED, reason, user, now
        row.revision += 1
        row.save()
    TownshipAcceptanceEvent.objects.create(
        acceptance=row,
        action=TownshipAcceptanceEvent.Action.RETURN,
        user=user,
        at=now,
        note=f"第{a.version}版：{reason}",
    )
    return row


@dataclass
class QuarterState:
    """A township's quarter or month as the county sees it: the version that counts, whether
    a correction is open, and the county's acceptance."""

    town: Unit
    assessment: Assessment | None
    correcting: bool
    acceptance: TownshipAcceptance | None

    @property
    def acceptable(self) -> bool:
        if self.assessment is None or self.correcting:
            return False
        row = self.acceptance
        return not (row is not None and row.locked and row.assessment_id == self.assessment.pk)

    @property
    def label(self) -> str:
        row = self.acceptance
        if self.assessment is None:
            return _("乡镇未审定")
        if row is not None and row.locked:
            return _("县级已验收（第%(v)s版）") % {"v": row.assessment.version}
        if self.correcting:
            return _("乡镇更正中")
        if row is not None and row.status == A.RETURNED and row.assessment_id == self.assessment.pk:
            return _("已退回乡镇")
        return _("乡镇已审定（第%(v)s版），待验收") % {"v": self.assessment.version}


def states(towns: list[Unit], period: str) -> dict[int, QuarterState]:
    """Every township's quarter or month in two queries whatever the number of townships
    (the county page lists them all); the assessments' frozen figures and results
    are not read, the page shows only versions."""
    heavy = ("snapshot", "results")
    rows = {
        r.township_id: r
        for r in TownshipAcceptance.objects.filter(township__in=towns, period=period)
        .select_related("assessment")
        .defer(*(f"assessment__{f}" for f in heavy))
    }
    effective: dict[int, Assessment] = {}
    correcting: set[int] = set()
    for a in (
        Assessment.objects.filter(township__in=towns, period=period, campaign__isnull=True)
        .defer(*heavy)
        .order_by("-version")
    ):
        if a.status in (S.APPROVED, S.PUBLISHED):
            effective.setdefault(a.township_id, a)
        elif a.status in (S.DRAFT, S.SUBMITTED):
            correcting.add(a.township_id)
    out = {}
    for t in towns:
        shown = effective.get(t.pk)
        out[t.pk] = QuarterState(t, shown, shown is not None and t.pk in correcting, rows.get(t.pk))
    return out


#: How many periods the county's page offers to accept, newest first.
PERIODS_SHOWN = 12


def periods(towns: list[Unit]) -> list[str]:
    """The quarters and months some township among ``towns`` has approved, newest
    first: those the county may accept (a month where the township assesses months)."""
    found = set()
    for text in (
        Assessment.objects.filter(
            township__in=towns, campaign__isnull=True, status__in=[S.APPROVED, S.PUBLISHED]
        )
        .order_by()
        .values_list("period", flat=True)
        .distinct()
    ):
        try:
            p = Period.parse(text)
        except PeriodError:
            continue
        if p.is_quarter or p.is_month:
            found.add(p)
    return [str(p) for p in sorted(found, reverse=True)[:PERIODS_SHOWN]]


def assessable(text: str) -> bool:
    """Whether ``text`` is a period a township assesses (a quarter or a month)."""
    try:
        _period(text)
    except Refused:
        return False
    return True
