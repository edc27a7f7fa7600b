"""Work groups sent to each work area of a campaign, the areas' daily reports, the
numbered daily bulletins, the catch-up follow-ups of lagging areas and the audit
of it all. Counts only: a report's figures are the villages' campaign entries
(:class:`kaoping.web.planning.models.CampaignEntry`); no row names a resident."""

from __future__ import annotations

from datetime import date, time
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from kaoping.engine import is_overdue
from kaoping.web.core.models import AuditEvent, Person, Unit
from kaoping.web.core.notes import reworded
from kaoping.web.meetings.models import Meeting
from kaoping.web.planning.models import Campaign

#: Bounds of what a form may bring in (DESIGN.md: every input bounded).
MAX_NOTE = 200
MAX_MEMBERS = 20
MAX_LAG_POINTS = Decimal(100)
MAX_CATCH_UP_DAYS = 30


class DispatchSettings(models.Model):
    """How a campaign's daily dispatch runs; a campaign without a row runs on the
    defaults (17:00, 5 points, 3 days)."""

    campaign = models.OneToOneField(Campaign, on_delete=models.CASCADE, related_name="dispatch")
    report_by = models.TimeField(_("每日报送截止时间"), default=time(17, 0))
    lag_points = models.DecimalField(
        _("落后进度阈值（百分点）"), max_digits=4, decimal_places=1, default=Decimal(5)
    )
    catch_up_days = models.PositiveSmallIntegerField(_("限期赶上天数"), default=3)

    class Meta:
        verbose_name = _("调度设置")
        verbose_name_plural = _("调度设置")


class WorkGroup(models.Model):
    """The work group (工作组) a campaign sends to one work area."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="work_groups")
    area = models.ForeignKey(
        Unit, verbose_name=_("片区"), on_delete=models.CASCADE, related_name="work_groups"
    )
    name = models.CharField(_("工作组名称"), max_length=100)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        unique_together = (("campaign", "area"),)
        ordering = ("area__code",)
        verbose_name = _("工作组")
        verbose_name_plural = _("工作组")

    def __str__(self) -> str:
        return self.name


class WorkGroupMember(models.Model):
    """A person of the township in a work group: its leader (组长) or a member.
    ``user``: the account with which the member reports for the area, if any."""

    group = models.ForeignKey(WorkGroup, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(
        Person, verbose_name=_("人员"), on_delete=models.CASCADE, related_name="work_groups"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("报送账号"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="work_groups",
    )
    is_leader = models.BooleanField(_("组长"), default=False)

    class Meta:
        unique_together = (("group", "person"),)
        ordering = ("-is_leader", "person__name", "id")
        constraints = [  # noqa: RUF012
            models.UniqueConstraint(
                fields=["group"], condition=Q(is_leader=True), name="work_group_one_leader"
            )
        ]


class AreaReport(models.Model):
    """An area's report for one day of a campaign: the note; its figures are the
    day's entries of the area's villages. ``late``: first reported after the day's
    deadline."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="area_reports")
    area = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    day = models.DateField(_("日期"))
    note = models.CharField(_("当日情况"), max_length=MAX_NOTE, blank=True, default="")
    done = models.PositiveIntegerField(_("当日完成数"), default=0)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reported_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    late = models.BooleanField(default=False)
    # The dispatch meeting the report was put before.
    meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        unique_together = (("campaign", "area", "day"),)
        ordering = ("day", "area__code")


class Bulletin(models.Model):
    """The day's dispatch bulletin: 第N期, numbered per campaign in the order issued."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="bulletins")
    day = models.DateField(_("日期"))
    number = models.PositiveIntegerField(_("期数"))
    issued_at = models.DateTimeField(default=timezone.now)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The day's dispatch meeting, once recorded.
    meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        unique_together = (("campaign", "day"), ("campaign", "number"))
        ordering = ("-day",)


# Why a catch-up was opened, as the record keeps it (in Chinese); a page says it
# in the reader's language (CatchUp.reason_shown).
CATCH_UP_REASON = gettext_noop("完成率%(rate)s，进度%(pace)s，落后%(points)s个百分点")


class CatchUp(models.Model):
    """限期赶上: a follow-up addressed to a lagging work area itself (``to: area``),
    opened once per area and day by the dispatch meeting."""

    class State(models.TextChoices):
        OPEN = "open", _("限期赶上中")
        DONE = "done", _("已赶上")

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="catch_ups")
    area = models.ForeignKey(
        Unit, verbose_name=_("片区"), on_delete=models.CASCADE, related_name="+"
    )
    day = models.DateField(_("调度日期"))
    due = models.DateField(_("期限"))
    reason = models.CharField(_("原因"), max_length=300)
    state = models.CharField(_("状态"), max_length=8, choices=State.choices, default=State.OPEN)
    meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_note = models.CharField(_("完成情况"), max_length=MAX_NOTE, blank=True, default="")
    opened_at = models.DateTimeField(default=timezone.now)
    # How far up the follow-ups' ladder (kaoping.engine.LADDER) it has gone while
    # overdue: 0 the area itself, then 包村干部 (none for an area: skipped), 片长, 镇领导.
    # Raised only by assessment.escalations, one guarded UPDATE a step.
    level = models.PositiveSmallIntegerField(_("升级层级"), default=0)

    OPEN_STATES = (State.OPEN,)

    @property
    def reason_shown(self) -> str:
        return reworded(self.reason, (CATCH_UP_REASON,))

    class Meta:
        unique_together = (("campaign", "area", "day"),)
        ordering = ("-day", "area__code")

    def overdue_on(self, today: date) -> bool:
        # The one overdue rule, as the follow-ups' (kaoping.engine.is_overdue).
        return is_overdue(self.due, self.state in self.OPEN_STATES, today)


class DispatchEvent(AuditEvent):
    """The audit of a campaign's dispatch: every write, by whom, when, what."""

    class Action(models.TextChoices):
        SETTINGS = "settings", _("修改调度设置")
        GROUP = "group", _("调整工作组")
        REPORT = "report", _("片区报送")
        BULLETIN = "bulletin", _("印发调度通报")
        MEETING = "meeting", _("登记调度会")
        CATCH_UP = "catch_up", _("限期赶上")

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="dispatch_events")
    action = models.CharField(max_length=16, choices=Action.choices)

    class Meta:
        ordering = ("-at", "-id")
