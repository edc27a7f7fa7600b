"""Service days and their records, base figures, allocations, campaigns, target
files and reminders. Counts only: no row names a resident."""

from __future__ import annotations

from datetime import date
from fractions import Fraction
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kaoping.engine import (
    AbsenceReason,
    AttendanceRecord,
    Period,
    ReminderStatus,
    ServiceDayPlan,
    format_exact,
    format_percent,
    is_overdue,
)
from kaoping.web.core.fields import FigureField
from kaoping.web.core.labels import unit_label
from kaoping.web.core.models import Unit
from kaoping.web.core.notes import chinese_page

# The absence reasons, in the engine's order, as (field, reason).
ABSENT_FIELDS = [(f"absent_{r.value}", r) for r in AbsenceReason]


def percent(part: int | Fraction, whole: int = 1) -> str:
    """``part / whole`` as a percentage with one decimal, half up, exactly; ``—``
    when ``whole`` is 0."""
    if not whole:
        return "—"
    return format_percent(Fraction(part) / whole)


def period_bounds(period: Period) -> tuple[date, date]:
    first = date(period.year, period.months[0], 1)
    last_month = period.months[-1]
    nxt = date(period.year + (last_month == 12), last_month % 12 + 1, 1)
    return first, date.fromordinal(nxt.toordinal() - 1)


class ServiceDay(models.Model):
    """A quarterly service day (季度服务日) of one village, and once held, its record."""

    township = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(
        Unit, verbose_name=_("村（社区）"), on_delete=models.CASCADE, related_name="service_days"
    )
    period = models.CharField(_("季度"), max_length=10)
    day = models.DateField(_("日期"))
    start = models.TimeField(_("开始时间"))
    end = models.TimeField(_("结束时间"))
    place = models.CharField(_("地点"), max_length=100)
    services = models.CharField(_("服务项目"), max_length=300, help_text=_("用顿号或逗号分隔"))
    staff = models.CharField(
        _("服务人员"), max_length=300, blank=True, help_text=_("用顿号或逗号分隔")
    )
    notice_on = models.DateField(_("通知送达日期"))
    late_notice_reason = models.TextField(_("通知不足三天的原因"), blank=True, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    invited = models.PositiveIntegerField(_("应到人数"), null=True, blank=True)
    attended = models.PositiveIntegerField(_("实到人数"), null=True, blank=True)
    absent_moved_away = models.PositiveIntegerField(_("迁居外地"), null=True, blank=True)
    absent_ill = models.PositiveIntegerField(_("生病"), null=True, blank=True)
    absent_unreachable = models.PositiveIntegerField(_("联系不上"), null=True, blank=True)
    absent_other = models.PositiveIntegerField(_("其他"), null=True, blank=True)
    # A person told what was offered who chose not to come: not an absence, never in
    # the rate's denominator, never "not followed up" (DESIGN.md, Scope).
    declined = models.PositiveIntegerField(_("知情后自愿不参加"), null=True, blank=True)
    recorded_at = models.DateTimeField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ("day", "start", "unit__code")
        indexes = (models.Index(fields=["township", "period"]),)
        verbose_name = _("服务日")
        verbose_name_plural = _("服务日")

    def __str__(self) -> str:
        return f"{self.unit.name} {self.day} {self.start:%H:%M}"

    @property
    def recorded(self) -> bool:
        return self.invited is not None

    @property
    def services_list(self) -> tuple[str, ...]:
        return split_names(self.services)

    @property
    def staff_list(self) -> tuple[str, ...]:
        return split_names(self.staff)

    def as_plan(self, labelled: bool = False) -> ServiceDayPlan:
        """The engine's plan; ``labelled`` names the unit ``东村（V1）`` so that the
        engine's overlap messages read well and stay unambiguous."""
        return ServiceDayPlan(
            unit=unit_label(self.unit) if labelled else self.unit.code,
            day=self.day,
            start=self.start,
            end=self.end,
            place=self.place,
            services=self.services_list,
            staff=self.staff_list,
            id=f"{self.unit.name} {self.day:%m-%d} {self.start:%H:%M}",
        )

    def as_record(self) -> AttendanceRecord | None:
        if self.invited is None or self.attended is None:
            return None
        return AttendanceRecord(
            self.unit.code,
            self.invited,
            self.attended,
            {r: getattr(self, f) or 0 for f, r in ABSENT_FIELDS},
            self.declined or 0,
        )

    @property
    def rate(self) -> str:
        """Attended over those still to serve: invited less informed declines."""
        expected = (self.invited or 0) - (self.declined or 0)
        if expected <= 0 or self.attended is None:
            return "—"
        return percent(self.attended, expected)


def split_names(text: str) -> tuple[str, ...]:
    for sep in ("，", ",", "；", ";", "\n"):
        text = text.replace(sep, "、")
    return tuple(p.strip() for p in text.split("、") if p.strip())


class BaseFigure(models.Model):
    """A unit's base figure (e.g. population, eligible_women) that allocations weigh."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="base_figures")
    name = models.CharField(_("指标"), max_length=64)
    value = FigureField(_("数值"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        unique_together = (("unit", "name"),)
        ordering = ("unit__code", "name")


class Allocation(models.Model):
    """A township total split across its villages (任务分解), kept per period."""

    township = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    period = models.CharField(_("期间"), max_length=10)
    title = models.CharField(_("任务名称"), max_length=100)
    total = models.PositiveIntegerField(_("总数"))
    weights = models.JSONField(_("权重"))  # figure name -> weight as text
    floor = models.PositiveIntegerField(_("每村保底"), default=0)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ("-period", "-created_at")

    def __str__(self) -> str:
        return f"{self.period} {self.title}"

    @property
    def period_obj(self) -> Period:
        return Period.parse(self.period)


class AllocationShare(models.Model):
    allocation = models.ForeignKey(Allocation, on_delete=models.CASCADE, related_name="shares")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    allocated = models.PositiveIntegerField()
    explanation = models.TextField()
    # The same arithmetic in English, for English pages (kept beside the Chinese:
    # the base figures it came from are not kept). Empty for shares saved before.
    explanation_en = models.TextField(blank=True, default="")

    @property
    def explanation_shown(self) -> str:
        """The explanation in the reader's language (the Chinese when no English was kept)."""
        return (
            self.explanation if chinese_page() or not self.explanation_en else self.explanation_en
        )

    class Meta:
        unique_together = (("allocation", "unit"),)
        ordering = ("unit__code",)


class Campaign(models.Model):
    """A campaign (专项活动): a date range and an allocation to work through."""

    township = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    title = models.CharField(_("活动名称"), max_length=100)
    task = models.CharField(_("任务"), max_length=100, help_text=_("例如：两癌筛查预约"))
    start = models.DateField(_("开始日期"))
    end = models.DateField(_("结束日期"))
    allocation = models.ForeignKey(
        Allocation,
        verbose_name=_("任务分解"),
        on_delete=models.PROTECT,
        related_name="campaigns",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("-start", "title")

    def __str__(self) -> str:
        return self.title


class CampaignTarget(models.Model):
    """A target of a campaign, judged so far and against a linear pace over the
    campaign's dates: a township total to reach by the end date, or a completion
    rate of their allocation that every village (or a share of them) reaches."""

    class Kind(models.TextChoices):
        TOTAL = "total", _("全镇合计完成数")
        UNITS = "units", _("各村（居）完成率")

    class Share(models.TextChoices):
        ALL = "1", _("所有村（居）")
        TWO_THIRDS = "2/3", _("三分之二的村（居）")
        HALF = "1/2", _("二分之一的村（居）")
        THIRD = "1/3", _("三分之一的村（居）")

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="targets")
    kind = models.CharField(_("目标类型"), max_length=8, choices=Kind.choices)
    total = models.PositiveIntegerField(_("全镇合计目标数"), null=True, blank=True)
    rate = models.DecimalField(
        _("完成率（%）"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    share = models.CharField(
        _("达到的村（居）"), max_length=4, choices=Share.choices, default="1", blank=True
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("pk",)

    def __str__(self) -> str:
        return self.text_zh

    @property
    def text_zh(self) -> str:
        """The target as a sentence: ``全镇合计完成300个`` or
        ``二分之一的村（居）完成任务的90%以上``."""
        if self.kind == self.Kind.TOTAL:
            return f"全镇合计完成{self.total}个"
        share = dict(self.Share.choices).get(self.share, self.share)
        return f"{share}完成任务的{format_exact(self.rate)}%以上"  # type: ignore[arg-type]


class CampaignEntry(models.Model):
    """What a unit did on one day of a campaign (a count)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="entries")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    count = models.PositiveIntegerField()
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    entered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        unique_together = (("campaign", "unit", "day"),)
        ordering = ("day", "unit__code")


class TargetFile(models.Model):
    """A targets file (the format of docs/targets.md) of ``unit``: a township's,
    judged on its villages' figures, or a county's own targets of its townships,
    judged on their rolled-up figures (the county's 工作总结 judges its newest one)."""

    # The unit whose targets these are: a township or a county (planning 0008
    # renamed it from ``township``, which a county's file did not fit).
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("文件名"), max_length=200)
    text = models.TextField()
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("-uploaded_at",)


class Reminder(models.Model):
    """A reminder (提醒单), issued -> acknowledged -> resolved."""

    class Status(models.TextChoices):
        ISSUED = "issued", _("已下发")
        ACKNOWLEDGED = "acknowledged", _("已签收")
        RESOLVED = "resolved", _("已办结")

    township = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="reminders")
    period = models.CharField(_("期间"), max_length=10)
    number = models.CharField(_("编号"), max_length=40, unique=True)
    kind = models.CharField(max_length=32)
    # What it is about, so that generating again does not issue it twice.
    key = models.CharField(max_length=300)
    to_roles = models.CharField(max_length=200)
    to_names = models.CharField(_("送达"), max_length=300)
    subject = models.CharField(_("事由"), max_length=200)
    text = models.TextField(_("内容"))
    signed_by = models.CharField(max_length=100)
    issued_on = models.DateField(_("下发日期"))
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default="issued")
    acknowledged_on = models.DateField(_("签收日期"), null=True, blank=True)
    resolved_on = models.DateField(_("办结日期"), null=True, blank=True)
    notes = models.TextField(_("办理情况"), blank=True, default="")
    due = models.DateField(_("办理期限"), null=True, blank=True)
    # How far up the ladder it has gone while overdue (kaoping.engine.LADDER).
    level = models.PositiveSmallIntegerField(_("升级层级"), default=0)

    class Meta:
        unique_together = (("township", "period", "unit", "key"),)
        ordering = ("unit__code", "number")

    def __str__(self) -> str:
        return self.number

    @property
    def is_open(self) -> bool:
        return self.status != ReminderStatus.RESOLVED.value

    OPEN_STATES = (ReminderStatus.ISSUED.value, ReminderStatus.ACKNOWLEDGED.value)

    def overdue_on(self, today: date) -> bool:
        return is_overdue(self.due, self.is_open, today)


class Deletion(models.Model):
    """What was deleted by mistake-undoing (an allocation, a service day, a reminder
    not yet acknowledged), by whom and when, with the deleted row's fields:
    written in the transaction of the delete, so no delete goes unrecorded."""

    class Kind(models.TextChoices):
        ALLOCATION = "allocation", _("任务分解")
        SERVICE_DAY = "service_day", _("服务日")
        REMINDER = "reminder", _("提醒单")

    township = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("类别"), max_length=16, choices=Kind.choices)
    label = models.CharField(_("删除的内容"), max_length=300)
    detail: models.JSONField[Any, Any] = models.JSONField(default=dict, encoder=DjangoJSONEncoder)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(_("删除时间"), default=timezone.now)

    class Meta:
        ordering = ("-at", "-pk")
        indexes = (models.Index(fields=["township", "kind", "-at"]),)
        verbose_name = _("删除记录")
        verbose_name_plural = _("删除记录")

    def __str__(self) -> str:
        return self.label
