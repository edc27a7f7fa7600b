"""Who is told what, the delivery rows, and the daily pass over due dates.

:func:`notify` is called inside the transaction of the event (a returned report,
an issued reminder): it writes one :class:`Delivery` per address there, and asks
the jobs queue to send each only once that transaction has committed
(``transaction.on_commit``), so that a write rolled back sends nothing and no
page ever waits on a remote server.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kaoping.engine import Period
from kaoping.web.core.models import DataSet, Membership, Report, Unit

from .models import Channel, Delivery, Preference, UnitRobot
from .transports import Message

log = logging.getLogger("kaoping.notify")
E = Delivery.Event
DELIVER = "notify.deliver"


def link(path: str) -> str:
    """An absolute link to a page of the app (KAOPING_BASE_URL)."""
    return settings.KAOPING_BASE_URL.rstrip("/") + path


def mask_phone(phone: str) -> str:
    return phone[:3] + "****" + phone[-4:] if len(phone) >= 11 else "…" + phone[-2:]


@dataclass(frozen=True)
class Address:
    channel: str
    to: str  # the e-mail or phone; for a robot, its pk
    shown: str
    user: Any = None
    robot: UnitRobot | None = None

    @property
    def ident(self) -> str:
        return f"r{self.robot.pk}" if self.robot is not None else f"u{self.user.pk}"


def _addresses(
    unit: Unit,
    users: Iterable[Any],
    prefs: dict[int, Preference],
    robots: Iterable[UnitRobot],
    event: str | None = None,
) -> list[Address]:
    """The addresses of ``users`` and ``robots``; with ``event``, only the people
    who have not turned that event off on the channel."""
    out: list[Address] = []
    for user in users:
        pref = prefs.get(user.pk) or Preference(user=user)
        if pref.by_email and user.email and (event is None or pref.wants(event, Channel.EMAIL)):
            out.append(Address(Channel.EMAIL, user.email, user.email, user=user))
        if pref.by_sms and pref.phone and (event is None or pref.wants(event, Channel.SMS)):
            out.append(Address(Channel.SMS, pref.phone, mask_phone(pref.phone), user=user))
    for robot in robots:
        label = f"{unit.name}{robot.get_channel_display()}"
        out.append(Address(robot.channel, str(robot.pk), label, robot=robot))
    return out


def addresses(
    unit: Unit,
    roles: Iterable[str] | None = None,
    event: str | None = None,
    users: Iterable[int] | None = None,
) -> list[Address]:
    """Everyone bound to ``unit`` (optionally only in ``roles``) by their own
    channels (for ``event``: those who did not turn it off), then the unit's
    enabled group robots. With ``users``: those active accounts only, wherever
    they are bound, and no robot (an item one person answers for)."""
    if users is not None:
        user_ids = sorted(set(users))
        robots: Any = []
    else:
        members = Membership.objects.filter(unit=unit, user__is_active=True)
        if roles is not None:
            members = members.filter(role__in=list(roles))
        user_ids = sorted(set(members.values_list("user_id", flat=True)))
        robots = UnitRobot.objects.filter(unit=unit, enabled=True).order_by("channel")
    found = get_user_model().objects.filter(pk__in=user_ids, is_active=True).order_by("pk")
    prefs = {p.user_id: p for p in Preference.objects.filter(user_id__in=user_ids)}
    return _addresses(unit, found, prefs, robots, event)


class AddressBook:
    """Every unit's addresses read at once, and the keys of the notices already
    written lately: the daily pass then costs a few queries per data set, not
    several per village, and running it again the same day writes nothing."""

    def __init__(self, since: datetime) -> None:
        self.members: dict[int, list[tuple[str, int]]] = defaultdict(list)
        for unit_id, role, user_id in Membership.objects.filter(user__is_active=True).values_list(
            "unit_id", "role", "user_id"
        ):
            self.members[unit_id].append((role, user_id))
        active = get_user_model().objects.filter(is_active=True, memberships__isnull=False)
        self.users = {u.pk: u for u in active.distinct()}
        self.prefs = {p.user_id: p for p in Preference.objects.filter(user__is_active=True)}
        self.robots: dict[int, list[UnitRobot]] = defaultdict(list)
        for robot in UnitRobot.objects.filter(enabled=True).order_by("channel"):
            self.robots[robot.unit_id].append(robot)
        self.seen = set(
            Delivery.objects.filter(dedupe__isnull=False, created_at__gte=since).values_list(
                "dedupe", flat=True
            )
        )

    def addresses(
        self,
        unit: Unit,
        roles: Iterable[str] | None,
        event: str | None = None,
        users: Iterable[int] | None = None,
    ) -> list[Address]:
        if users is not None:
            # Accounts named by the item (a work group's 组长), not the unit's.
            found = [self.users[i] for i in sorted(set(users)) if i in self.users]
            return _addresses(unit, found, self.prefs, [], event)
        wanted = None if roles is None else set(roles)
        ids = sorted(
            {u for role, u in self.members.get(unit.pk, []) if wanted is None or role in wanted}
        )
        found = [self.users[i] for i in ids if i in self.users]
        return _addresses(unit, found, self.prefs, self.robots.get(unit.pk, []), event)


def notify(
    event: str,
    unit: Unit,
    message: Message,
    *,
    dedupe: str = "",
    roles: Iterable[str] | None = None,
    book: AddressBook | None = None,
    users: Iterable[int] | None = None,
) -> list[Delivery]:
    """Write a delivery per address of ``unit`` (or of the accounts ``users``,
    logged on ``unit``) and send each after commit.

    With ``dedupe`` (an item and a day), an address already told is skipped, so
    that running the daily pass twice tells nobody twice."""
    township = unit if unit.level == Unit.Level.TOWNSHIP else unit.township
    if township is None:
        return []
    made: list[Delivery] = []
    found = (
        book.addresses(unit, roles, event, users)
        if book is not None
        else addresses(unit, roles, event, users)
    )
    for address in found:
        key = f"{dedupe}|{address.channel}|{address.ident}"[:200] if dedupe else None
        if key is not None:
            if book is not None and key in book.seen:
                continue
            if book is None and Delivery.objects.filter(dedupe=key).exists():
                continue
        try:
            with transaction.atomic():
                d = Delivery.objects.create(
                    township=township,
                    unit=unit,
                    event=event,
                    channel=address.channel,
                    user=address.user,
                    robot=address.robot,
                    shown_to=address.shown[:200],
                    subject=message.subject[:200],
                    text=message.text,
                    url=message.url[:500],
                    dedupe=key,
                )
        except IntegrityError:
            continue  # the same pass running at once elsewhere wrote it first
        if book is not None and key is not None:
            book.seen.add(key)
        made.append(d)
    if made:
        pks = [d.pk for d in made]
        transaction.on_commit(lambda: _enqueue(pks))
    return made


def _enqueue(pks: list[int]) -> None:
    from kaoping.web.jobs import enqueue

    for d in Delivery.objects.filter(pk__in=pks).select_related("unit"):
        try:
            enqueue(
                DELIVER,
                unit=d.unit,
                params={"delivery": d.pk},
                key=f"notify:{d.pk}",
                max_attempts=settings.KAOPING_NOTIFY_ATTEMPTS,
            )
        except Exception:
            # The event itself has committed; a delivery that could not be queued
            # stays "queued" in the log and is picked up by the next daily pass.
            log.exception("delivery %s could not be queued", d.pk)


def requeue_stuck(older_than: timedelta = timedelta(hours=1)) -> int:
    """Deliveries still queued long after their event (their job never started)."""
    cutoff = timezone.now() - older_than
    pks = list(
        Delivery.objects.filter(state=Delivery.State.QUEUED, created_at__lt=cutoff).values_list(
            "pk", flat=True
        )[:500]
    )
    if pks:
        _enqueue(pks)
    return len(pks)


# --- the messages --------------------------------------------------------------
# Whole sentences in Chinese (the recipients' language, whoever caused the event),
# marked for translation with named placeholders.


def _zh() -> Any:
    return translation.override(settings.LANGUAGE_CODE)


def report_url(report: Report) -> str:
    return link(reverse("report", args=[report.dataset_id, report.unit.code, report.period]))


def report_returned(report: Report, reason: str) -> None:
    with _zh():
        message = Message(
            _("报表被退回修改"),
            _(
                "%(unit)s的《%(dataset)s》%(period)s报表已被退回修改，退回原因：%(reason)s。请修改后重新提交。"
            )
            % {
                "unit": report.unit.name,
                "dataset": report.dataset.name,
                "period": report.period,
                "reason": reason.strip().rstrip("。") or _("未写明"),
            },
            report_url(report),
        )
    notify(E.REPORT_RETURNED, report.unit, message, roles=[Membership.Role.REPORTER])


def reminder_issued(reminder: Any) -> None:
    with _zh():
        values = {
            "unit": reminder.unit.name,
            "number": reminder.number,
            "subject": reminder.subject,
            "due": reminder.due.isoformat() if reminder.due else "",
        }
        if reminder.due:
            text = _("镇办向%(unit)s下发了提醒单%(number)s：%(subject)s。请在%(due)s前办理完毕。")
        else:
            text = _("镇办向%(unit)s下发了提醒单%(number)s：%(subject)s。请及时办理。")
        message = Message(
            _("新的提醒单"),
            text % values,
            link(reverse("planning:reminder", args=[reminder.pk])),
        )
    notify(E.REMINDER_ISSUED, reminder.unit, message)


def _followups_url(item: Any) -> str:
    return link(reverse("assessment:followups_unit", args=[item.township.code, item.unit.code]))


def rectification_issued(item: Any) -> None:
    values = {
        "period": item.period,
        "unit": item.unit.name,
        "kind": item.kind,
        "due": item.due.isoformat(),
    }
    with _zh():
        # A campaign's assessment or an inspection from above opens follow-ups too;
        # only the quarter's own are said to come from the quarter's results.
        if getattr(item, "campaign_id", None) or getattr(item, "inspection_id", None):
            text = _("%(unit)s须完成整改事项“%(kind)s”，期限为%(due)s。")
        else:
            text = _("根据%(period)s考评结果，%(unit)s须完成“%(kind)s”，期限为%(due)s。")
        message = Message(_("新的整改事项"), text % values, _followups_url(item))
    notify(E.RECTIFICATION_ISSUED, item.unit, message)


def _title(assessment: Any) -> str:
    # "2026Q3季度考评", or a campaign assessment's own title.
    title = getattr(assessment, "title_zh", None)
    return str(title) if title else f"{assessment.period}季度考评"


def assessment_published(assessment: Any) -> None:
    """The township's robots and staff, then every village's people and robots."""
    township = assessment.township
    url = link(reverse("assessment:detail", args=[assessment.pk]))
    with _zh():
        message = Message(
            _("考评结果已公布"),
            _("%(township)s%(title)s结果已公布，请登录查看得分、失分说明和排名。")
            % {"township": township.name, "title": _title(assessment)},
            url,
        )
    key = f"published:{assessment.pk}"
    notify(E.ASSESSMENT_PUBLISHED, township, message, dedupe=key)
    for unit in Unit.objects.filter(
        township=township, level__in=[Unit.Level.VILLAGE, Unit.Level.COMMUNITY]
    ).order_by("code"):
        notify(E.ASSESSMENT_PUBLISHED, unit, message, dedupe=key)


# --- the daily pass -------------------------------------------------------------


def _days(name: str) -> set[int]:
    return {int(x) for x in getattr(settings, name)}


def _periods_around(dataset: DataSet, today: date) -> list[Period]:
    """The periods whose deadline can fall near ``today``: this one and the two before."""
    if dataset.frequency == DataSet.Frequency.MONTHLY:
        p = Period.month(today.year, today.month)
    else:
        p = Period.quarter(today.year, (today.month - 1) // 3 + 1)
    out = [p]
    for _i in range(2):
        p = p.previous()
        out.append(p)
    return out


def _report_notices(
    today: date, due_days: set[int], overdue_days: set[int], book: AddressBook
) -> int:
    sent = 0
    reporting = [Unit.Level.VILLAGE, Unit.Level.COMMUNITY]
    for dataset in DataSet.objects.select_related("township").order_by("pk"):
        for period in _periods_around(dataset, today):
            deadline = dataset.deadline(period)
            left = (deadline - today).days
            if left in due_days:
                event, days = E.REPORT_DUE, left
            elif -left in overdue_days:
                event, days = E.REPORT_OVERDUE, -left
            else:
                continue
            done = set(
                Report.objects.filter(
                    dataset=dataset,
                    period=str(period),
                    status__in=[Report.Status.SUBMITTED, Report.Status.APPROVED],
                ).values_list("unit_id", flat=True)
            )
            units = Unit.objects.filter(
                township=dataset.township, level__in=reporting
            ).select_related("township")
            for unit in units.exclude(pk__in=done).order_by("code"):
                values = {
                    "unit": unit.name,
                    "dataset": dataset.name,
                    "period": str(period),
                    "deadline": deadline.isoformat(),
                    "days": days,
                }
                with _zh():
                    if event == E.REPORT_DUE:
                        subject = _("报表即将截止")
                        text = _(
                            "%(unit)s的《%(dataset)s》%(period)s报表将于%(deadline)s截止，还有%(days)d天，请及时填报。"
                        )
                    else:
                        subject = _("报表逾期未报")
                        text = _(
                            "%(unit)s的《%(dataset)s》%(period)s报表已于%(deadline)s截止，至今未提交，已逾期%(days)d天，请尽快填报。"
                        )
                    message = Message(
                        subject,
                        text % values,
                        link(reverse("report", args=[dataset.pk, unit.code, str(period)])),
                    )
                key = f"{event}:{dataset.pk}:{unit.pk}:{period}:{today.isoformat()}"
                sent += len(
                    notify(
                        event,
                        unit,
                        message,
                        dedupe=key,
                        roles=[Membership.Role.REPORTER],
                        book=book,
                    )
                )
    return sent


def _item_notices(
    today: date, due_days: set[int], overdue_days: set[int], book: AddressBook
) -> int:
    from kaoping.web.assessment.models import Rectification
    from kaoping.web.planning.models import Reminder

    sent = 0
    wanted = sorted(
        {today + timedelta(days=d) for d in due_days}
        | {today - timedelta(days=d) for d in overdue_days}
    )
    reminders = (
        Reminder.objects.filter(due__in=wanted)
        .exclude(status=Reminder.Status.RESOLVED)
        .select_related("unit", "unit__township")
        .order_by("pk")
    )
    for r in reminders:
        assert r.due is not None
        left = (r.due - today).days
        values = {"number": r.number, "subject": r.subject, "due": r.due.isoformat()}
        with _zh():
            if left in due_days:
                event = E.REMINDER_DUE
                subject = _("提醒单即将到期")
                text = _(
                    "提醒单%(number)s（%(subject)s）将于%(due)s到期，还有%(days)d天，请按期办理。"
                )
            else:
                event = E.REMINDER_OVERDUE
                subject = _("提醒单逾期未办结")
                text = _(
                    "提醒单%(number)s（%(subject)s）已于%(due)s到期，尚未办结，已逾期%(days)d天。"
                )
            message = Message(
                subject,
                text % {**values, "days": abs(left)},
                link(reverse("planning:reminder", args=[r.pk])),
            )
        key = f"{event}:{r.pk}:{today.isoformat()}"
        sent += len(notify(event, r.unit, message, dedupe=key, book=book))
    items = (
        Rectification.objects.filter(due__in=wanted, state__in=Rectification.OPEN_STATES)
        .select_related("unit", "unit__township", "township")
        .order_by("pk")
    )
    for item in items:
        left = (item.due - today).days
        values = {"unit": item.unit.name, "kind": item.kind, "due": item.due.isoformat()}
        with _zh():
            if left in due_days:
                event = E.RECTIFICATION_DUE
                subject = _("整改事项即将到期")
                text = _(
                    "%(unit)s的整改事项“%(kind)s”将于%(due)s到期，还有%(days)d天，请按期完成并报告。"
                )
            else:
                event = E.RECTIFICATION_OVERDUE
                subject = _("整改事项逾期")
                text = _(
                    "%(unit)s的整改事项“%(kind)s”已于%(due)s到期，尚未验收，已逾期%(days)d天。"
                )
            message = Message(subject, text % {**values, "days": abs(left)}, _followups_url(item))
        key = f"{event}:{item.pk}:{today.isoformat()}"
        sent += len(notify(event, item.unit, message, dedupe=key, book=book))
    sent += _other_notices(today, wanted, due_days, book)
    return sent


def _other_notices(today: date, wanted: list[date], due_days: set[int], book: AddressBook) -> int:
    """Other apps' follow-ups (core.followup_sources: the dispatch's 限期赶上), told
    as follow-ups to the accounts that answer for them (an area's 组长)."""
    from kaoping.web.core import followup_sources

    sent = 0
    with _zh():
        found = followup_sources.due_notices(wanted)
    for n in found:
        left = (n.due - today).days
        values = {
            "unit": n.unit.name,
            "kind": n.kind,
            "origin": n.origin,
            "due": n.due.isoformat(),
            "days": abs(left),
        }
        with _zh():
            if left in due_days:
                event = E(f"{n.family}_due")
                subject = _("%(kind)s即将到期") % values
                text = _(
                    "%(unit)s的%(kind)s（%(origin)s）将于%(due)s到期，还有%(days)d天，请按期完成。"
                )
            else:
                event = E(f"{n.family}_overdue")
                subject = _("%(kind)s逾期") % values
                text = _(
                    "%(unit)s的%(kind)s（%(origin)s）已于%(due)s到期，尚未完成，已逾期%(days)d天。"
                )
            message = Message(subject, text % values, link(n.path))
        key = f"{event}:{n.key}:{today.isoformat()}"
        sent += len(notify(event, n.unit, message, dedupe=key, book=book, users=n.users))
    return sent


def followup_issued(n: Any) -> None:
    """Another app's follow-up just given (a core.followup_sources DueNotice), told
    to the accounts that answer for it under its family's "issued" event."""
    values = {
        "unit": n.unit.name,
        "kind": n.kind,
        "origin": n.origin,
        "due": n.due.isoformat(),
        "reason": n.reason.strip().rstrip("。"),
    }
    with _zh():
        if values["reason"]:
            text = _("%(unit)s收到%(kind)s（%(origin)s）：%(reason)s。期限为%(due)s，请按期完成。")
        else:
            text = _("%(unit)s收到%(kind)s（%(origin)s），期限为%(due)s，请按期完成。")
        message = Message(_("新的%(kind)s") % values, text % values, link(n.path))
    notify(E(f"{n.family}_issued"), n.unit, message, users=n.users)


def send_due_notices(now: datetime | None = None) -> int:
    """Tell whoever answers for a report, reminder or follow-up that is due in one
    of ``KAOPING_NOTIFY_DUE_DAYS`` days or overdue by one of
    ``KAOPING_NOTIFY_OVERDUE_DAYS``. Idempotent: an item is told about at most
    once a day per address, however often this runs (a scheduler may run it
    hourly). Returns how many deliveries it queued."""
    today = timezone.localtime(now or timezone.now()).date()
    due_days = _days("KAOPING_NOTIFY_DUE_DAYS")
    overdue_days = _days("KAOPING_NOTIFY_OVERDUE_DAYS")
    with transaction.atomic():
        # Keys carry the day; two days back covers any time zone's "today".
        book = AddressBook(since=(now or timezone.now()) - timedelta(days=2))
        sent = _report_notices(today, due_days, overdue_days, book)
        sent += _item_notices(today, due_days, overdue_days, book)
    requeue_stuck()
    return sent


def prune_deliveries(now: datetime) -> str:
    """The job worker's daily entry: delete the delivery log's sent and failed rows
    older than ``KAOPING_NOTIFY_RETENTION_DAYS``. Rows still queued or retrying
    are never touched, whatever their age: they are messages not yet told."""
    before = now - timedelta(days=settings.KAOPING_NOTIFY_RETENTION_DAYS)
    done = (Delivery.State.SENT, Delivery.State.FAILED)
    gone, _by = Delivery.objects.filter(state__in=done, created_at__lt=before).delete()
    with _zh():
        return _("删除%(days)s天前的通知发送记录%(n)s条") % {
            "days": settings.KAOPING_NOTIFY_RETENTION_DAYS,
            "n": gone,
        }


def scheduled_due_notices(now: datetime) -> str:
    """The job worker's periodic entry (KAOPING_NOTICE_SCAN): the pass, said in a line."""
    with _zh():
        return _("已排队发送%(n)s条到期或逾期通知") % {"n": send_due_notices(now)}
