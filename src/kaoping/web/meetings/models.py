"""A township's meetings: kind, day, who was expected and who came, agenda,
decisions, the follow-ups each handled and the assessments a joint meeting approved.

A meeting is evidence: it is edited (each change audited) but never deleted.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kaoping.web.assessment.models import Assessment, Rectification
from kaoping.web.core.models import AuditEvent, Person, Unit

#: Bounds of what a form may bring in (DESIGN.md: every input bounded).
MAX_TEXT = 4000
MAX_LINES = 60


class Meeting(models.Model):
    class Kind(models.TextChoices):
        REGULAR = "regular", _("镇级例会")
        # 召开分析会 (RUBRIC.md §5.1 ``analysis_meeting``): a village's service work
        # analysed with the township, never anything about a resident.
        ANALYSIS = "analysis", _("分析会")
        DISPATCH = "dispatch", _("调度会")
        JOINT = "joint", _("党政联席会议")

    township = models.ForeignKey(
        Unit, verbose_name=_("乡镇"), on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("会议类型"), max_length=16, choices=Kind.choices)
    date = models.DateField(_("日期"))
    # The quarter of ``date`` (2026Q4), kept for the first-meeting lookups.
    period = models.CharField(_("季度"), max_length=10)
    title = models.CharField(_("会议名称"), max_length=200, blank=True, default="")
    place = models.CharField(_("地点"), max_length=100, blank=True, default="")
    chair = models.CharField(_("主持人"), max_length=50, blank=True, default="")
    recorder = models.CharField(_("记录人"), max_length=50, blank=True, default="")
    units = models.ManyToManyField(
        Unit, verbose_name=_("涉及村（居）"), blank=True, related_name="+"
    )
    roles = models.CharField(_("参会职务"), max_length=200, blank=True, default="")
    others = models.TextField(_("其他参会人员"), blank=True, default="")
    agenda = models.TextField(_("议程"), blank=True, default="")
    decisions = models.TextField(_("议定事项"), blank=True, default="")
    # Bumped by every change, so that an edit names the state its author saw.
    revision = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("-date", "-id")
        indexes = [models.Index(fields=["township", "kind", "period", "date"])]  # noqa: RUF012

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.get_kind_display()}"

    @property
    def role_codes(self) -> list[str]:
        return [r for r in self.roles.split(",") if r]

    @property
    def agenda_lines(self) -> list[str]:
        return [line.strip() for line in self.agenda.splitlines() if line.strip()]

    @property
    def decision_lines(self) -> list[str]:
        return [line.strip() for line in self.decisions.splitlines() if line.strip()]


class Attendee(models.Model):
    """One person expected at a meeting: resolved from the roles held on its day
    (``person`` set), or named by hand (township leaders and staff)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendees")
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL)
    unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    name = models.CharField(_("姓名"), max_length=50)
    role_label = models.CharField(_("职务"), max_length=50, blank=True, default="")
    present = models.BooleanField(_("出席"), default=True)
    reason = models.CharField(_("缺席原因"), max_length=100, blank=True, default="")
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ("position", "id")


class HandledFollowUp(models.Model):
    """A follow-up the meeting dealt with (a 表态发言 heard, a rectification reviewed)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="handled")
    rectification = models.ForeignKey(
        Rectification, on_delete=models.CASCADE, related_name="meeting_links"
    )

    class Meta:
        unique_together = (("meeting", "rectification"),)
        ordering = ("meeting__date", "id")


class MeetingApproval(models.Model):
    """The joint meeting at which an assessment was approved (审定)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="approvals")
    assessment = models.OneToOneField(
        Assessment, on_delete=models.PROTECT, related_name="approving_meeting"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("assessment__period", "assessment__version")


class MeetingEvent(AuditEvent):
    """The audit of a meeting record: every change, by whom, when, what."""

    class Action(models.TextChoices):
        CREATE = "create", _("登记")
        EDIT = "edit", _("修改")
        ATTENDANCE = "attendance", _("出席情况")
        FOLLOWUPS = "followups", _("处理整改事项")
        APPROVE = "approve", _("审定考评")
        LINK = "link", _("关联审定记录")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=16, choices=Action.choices)

    class Meta:
        ordering = ("-at", "-id")
