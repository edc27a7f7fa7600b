"""Rubric versions, assessments of a quarter with their frozen results, manual
deductions, the ledger of consequences, and figures from other sources."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kaoping.engine import is_overdue
from kaoping.web.core.fields import FigureField
from kaoping.web.core.models import AuditEvent, Unit


class RubricVersion(models.Model):
    """One uploaded text of a township's rubric. Never edited: a change is a new number."""

    township = models.ForeignKey(
        Unit, verbose_name=_("乡镇"), on_delete=models.CASCADE, related_name="+"
    )
    number = models.PositiveIntegerField(_("版本号"))
    name = models.CharField(_("名称"), max_length=200)
    text = models.TextField(_("细则文本"))
    note = models.CharField(_("说明"), max_length=200, blank=True, default="")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        unique_together = (("township", "number"),)
        ordering = ("-number",)

    def __str__(self) -> str:
        # The page's label; the records name it in Chinese (notes.RUBRIC_USED).
        return gettext("%(name)s（第%(number)s版）") % {"name": self.name, "number": self.number}


class Assessment(models.Model):
    """The assessment of one quarter for one township, in one version.

    ``snapshot`` holds the figures, manual deductions and people it was computed
    from; ``results`` the scores, ranks and explanations. Both are written only
    while the assessment is a draft, so an approved one never changes; a
    correction is a new version that points at the one it corrects.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        SUBMITTED = "submitted", _("已提交联席会议")
        APPROVED = "approved", _("已审定（冻结）")
        PUBLISHED = "published", _("已公布")

    township = models.ForeignKey(
        Unit, verbose_name=_("乡镇"), on_delete=models.CASCADE, related_name="+"
    )
    period = models.CharField(_("季度"), max_length=10)
    # A campaign's own assessment (专项活动考评) beside the quarterly one (null): its
    # own rubric version, ranking, consequences, approval and versions.
    campaign = models.ForeignKey(
        "planning.Campaign",
        verbose_name=_("专项活动"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assessments",
    )
    version = models.PositiveIntegerField(_("版本"), default=1)
    # Bumped by every compute, manual deduction and status change, so that an
    # approval names the state its approver saw (a correction is ``version``).
    revision = models.PositiveIntegerField(default=0)
    rubric = models.ForeignKey(
        RubricVersion, verbose_name=_("考评细则"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("状态"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    use_sources = models.BooleanField(_("漏报数取自信息核对"), default=False)
    corrects = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="corrections"
    )
    correction_reason = models.TextField(_("更正原因"), blank=True, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    computed_at = models.DateTimeField(null=True, blank=True)
    snapshot: models.JSONField[Any, Any] = models.JSONField(default=dict, blank=True)
    results: models.JSONField[Any, Any] = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ("-period", "-version")
        constraints = [  # noqa: RUF012
            # One numbering of versions for the quarterly assessment, one per campaign.
            models.UniqueConstraint(
                fields=["township", "period", "version"],
                condition=models.Q(campaign__isnull=True),
                name="assessment_quarterly_version",
            ),
            models.UniqueConstraint(
                fields=["campaign", "version"],
                condition=models.Q(campaign__isnull=False),
                name="assessment_campaign_version",
            ),
        ]

    def __str__(self) -> str:
        if self.campaign_id is not None:
            return gettext("%(campaign)s 第%(version)s版") % {
                "campaign": self.campaign,
                "version": self.version,
            }
        return gettext("%(period)s 第%(version)s版") % {
            "period": self.period,
            "version": self.version,
        }

    @property
    def title_zh(self) -> str:
        """What the assessment is called on pages: ``2026Q2季度考评`` or the campaign's title."""
        if self.campaign is not None:
            return f"{self.campaign.title}考评"
        if self.is_monthly:
            from kaoping.engine import Period

            return f"{Period.parse(self.period).label_zh()}考评"
        return f"{self.period}季度考评"

    @property
    def frozen(self) -> bool:
        return self.status in (self.Status.APPROVED, self.Status.PUBLISHED)

    @property
    def is_monthly(self) -> bool:
        """An assessment of a month (2027-03), not of a quarter or a campaign."""
        from kaoping.engine import Period, PeriodError

        try:
            return self.campaign_id is None and Period.parse(self.period).is_month
        except PeriodError:
            return False

    @property
    def computed(self) -> bool:
        return bool(self.results)


class AssessmentEvent(AuditEvent):
    """The audit of an assessment: every step, by whom, when, and why."""

    class Action(models.TextChoices):
        CREATE = "create", _("创建")
        COMPUTE = "compute", _("计算")
        MANUAL = "manual", _("人工扣分")
        SUBMIT = "submit", _("提交联席会议")
        RETURN = "return", _("退回修改")
        APPROVE = "approve", _("审定")
        PUBLISH = "publish", _("公布")
        CORRECT = "correct", _("更正（新版本）")

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=16, choices=Action.choices)

    class Meta:
        ordering = ("-at", "-id")


class ManualDeduction(models.Model):
    """Points an assessor takes off a ``manual`` item, with the written reason."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="manual_deductions"
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    path = models.CharField(_("考评项目"), max_length=200)
    points = models.DecimalField(_("扣分"), max_digits=8, decimal_places=2)
    reason = models.TextField(_("扣分理由"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("unit__code", "path", "id")


class LedgerEntry(models.Model):
    """A consequence of an assessment: who is commended, criticised, awarded or fined."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="ledger")
    period = models.CharField(max_length=10)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("措施"), max_length=100)
    to = models.CharField(_("对象"), max_length=32)  # "unit" or a role code
    person = models.CharField(_("姓名"), max_length=50, blank=True, default="")
    amount = models.DecimalField(_("金额"), max_digits=12, decimal_places=2, null=True, blank=True)
    reason = models.CharField(_("事由"), max_length=300)
    # The work area the consequence reaches (to: area, area_chief, area_deputy):
    # listed on the area's pages too.
    area = models.ForeignKey(
        Unit, verbose_name=_("片区"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip

    class Meta:
        ordering = ("period", "unit__code", "id")


class SourceFigure(models.Model):
    """A count from one source (the village, a hospital, 户籍, civil affairs)."""

    township = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    period = models.CharField(max_length=10)
    measure = models.CharField(max_length=32)
    source = models.CharField(max_length=32)
    value = FigureField()
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        unique_together = (("unit", "period", "measure", "source"),)


class FollowUp(models.Model):
    """A disagreement between sources marked as followed up."""

    township = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    period = models.CharField(max_length=10)
    measure = models.CharField(max_length=32)
    note = models.TextField(blank=True, default="")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        unique_together = (("unit", "period", "measure"),)


class Rectification(models.Model):
    """A follow-up an approved assessment asks for (整改, 表态发言, 分析会; RUBRIC.md
    §5.1): who answers for it, what is asked, by when, and where it stands.

    One row per (township, quarter, unit, kind, target, person), whatever the
    assessment's version: approving a correction moves the open row onto the new
    version instead of adding one, so the unit is never asked twice.
    """

    class State(models.TextChoices):
        OPEN = "open", _("待整改")
        REPORTED = "reported", _("已报告完成")
        VERIFIED = "verified", _("已验收")
        # The corrected version of the assessment no longer asks for it.
        SUPERSEDED = "superseded", _("已撤销（更正后不再要求）")

    EFFECTS = ("rectify", "statement", "analysis_meeting")

    township = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    period = models.CharField(_("季度"), max_length=10)
    # Null for a follow-up an inspection from above opened (``inspection``).
    assessment = models.ForeignKey(
        Assessment, null=True, blank=True, on_delete=models.PROTECT, related_name="rectifications"
    )
    # The campaign whose assessment asks for it; null for the quarterly one's.
    campaign = models.ForeignKey(
        "planning.Campaign", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    inspection = models.ForeignKey(
        "Inspection", null=True, blank=True, on_delete=models.PROTECT, related_name="followups"
    )
    version = models.PositiveIntegerField(_("版本"))
    unit = models.ForeignKey(
        Unit, verbose_name=_("单位"), on_delete=models.PROTECT, related_name="+"
    )
    area = models.CharField(_("片区"), max_length=32, blank=True, default="")
    effect = models.CharField(max_length=32)
    kind = models.CharField(_("要求"), max_length=100)
    to = models.CharField(_("对象"), max_length=32)  # "unit", "area" or a role code
    person = models.CharField(_("责任人"), max_length=50, blank=True, default="")
    due = models.DateField(_("期限"))
    # "meeting": due at the next quarter's first 镇级例会 (RUBRIC.md §5.1 ``at``), none
    # recorded yet, so ``due`` is the provisional date; "met": ``due`` is that day.
    due_rule = models.CharField(max_length=16, blank=True, default="")
    state = models.CharField(_("状态"), max_length=16, choices=State.choices, default=State.OPEN)
    note = models.TextField(_("完成情况"), blank=True, default="")
    attachment = models.FileField(
        _("附件"), upload_to="rectifications/%Y/", blank=True, max_length=300
    )
    opened_at = models.DateTimeField(default=timezone.now)
    # How far up the ladder it has gone while overdue (kaoping.engine.LADDER).
    level = models.PositiveSmallIntegerField(_("升级层级"), default=0)

    class Meta:
        ordering = ("due", "unit__code", "id")
        constraints = [  # noqa: RUF012
            models.UniqueConstraint(
                fields=["township", "period", "unit", "kind", "to", "person"],
                condition=models.Q(campaign__isnull=True, inspection__isnull=True),
                name="followup_once_per_quarter",
            ),
            models.UniqueConstraint(
                fields=["campaign", "unit", "kind", "to", "person"],
                condition=models.Q(campaign__isnull=False, inspection__isnull=True),
                name="followup_once_per_campaign",
            ),
            models.UniqueConstraint(
                fields=["inspection", "unit", "kind"],
                condition=models.Q(inspection__isnull=False),
                name="followup_once_per_inspection",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.period} {self.unit.name} {self.kind}"

    OPEN_STATES = (State.OPEN, State.REPORTED)

    def overdue_on(self, today: Any) -> bool:
        return is_overdue(self.due, self.state in self.OPEN_STATES, today)


class RectificationEvent(AuditEvent):
    """The audit of a follow-up: every step, by whom, when, with what note."""

    class Action(models.TextChoices):
        OPEN = "open", _("下达")
        REPORT = "report", _("报告完成")
        VERIFY = "verify", _("验收通过")
        REOPEN = "reopen", _("退回重新整改")
        CARRY = "carry", _("更正后沿用")
        SUPERSEDE = "supersede", _("更正后撤销")
        DUE = "due", _("期限按会议确定")
        MEETING = "meeting", _("会议研究")

    rectification = models.ForeignKey(
        Rectification, on_delete=models.CASCADE, related_name="events"
    )
    action = models.CharField(max_length=16, choices=Action.choices)

    class Meta:
        ordering = ("at", "id")


class Escalation(models.Model):
    """One step up the ladder (kaoping.engine.LADDER) of an overdue follow-up or
    reminder: to which level and whom, on which day, and why. Written by
    ``escalations.escalate_overdue`` in the transaction that raises the item's
    level; it is the item's record of the step."""

    rectification = models.ForeignKey(
        Rectification, null=True, blank=True, on_delete=models.CASCADE, related_name="escalations"
    )
    reminder = models.ForeignKey(
        "planning.Reminder",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="escalations",
    )
    # A dispatch's 限期赶上 (docs/dispatch.md), listed with the follow-ups and
    # escalated by the same ladder (core.followup_sources.Ladder).
    catch_up = models.ForeignKey(
        "dispatch.CatchUp",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="escalations",
    )
    level = models.PositiveSmallIntegerField(_("升级层级"))
    role = models.CharField(_("升级至"), max_length=32)
    names = models.CharField(_("接收人"), max_length=300, blank=True, default="")
    skipped = models.CharField(max_length=100, blank=True, default="")  # role codes, comma
    on = models.DateField(_("升级日期"))
    days_overdue = models.PositiveIntegerField(_("逾期天数"))
    # The facts the reason is worded from, in the reader's language (reason_text):
    # the due date the step counted from and the schedule's days that took it.
    # Null on a step recorded before they were kept (0010 reads them from ``reason``).
    due = models.DateField(_("期限"), null=True, blank=True)
    threshold = models.PositiveIntegerField(null=True, blank=True)
    # The engine's Chinese wording when the step was taken (kept as the record).
    reason = models.TextField(_("原因"))
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("level", "id")
        constraints = [  # noqa: RUF012
            # Each level is reached once: a second run, or a run racing this one, adds nothing.
            models.UniqueConstraint(
                fields=["rectification", "level"], name="escalation_once_per_followup_level"
            ),
            models.UniqueConstraint(
                fields=["reminder", "level"], name="escalation_once_per_reminder_level"
            ),
            models.UniqueConstraint(
                fields=["catch_up", "level"], name="escalation_once_per_catch_up_level"
            ),
            models.CheckConstraint(
                condition=models.Q(
                    rectification__isnull=False, reminder__isnull=True, catch_up__isnull=True
                )
                | models.Q(
                    rectification__isnull=True, reminder__isnull=False, catch_up__isnull=True
                )
                | models.Q(
                    rectification__isnull=True, reminder__isnull=True, catch_up__isnull=False
                ),
                name="escalation_of_one_item",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.role} {self.names}"

    def reason_text(self) -> str:
        """Why the step was taken, in the reader's language, from its facts: the
        same sentences as the engine's Chinese (``EscalationStep.reason_zh``)."""
        from django.utils.translation import get_language, gettext

        from kaoping.engine import LADDER_LABELS_ZH

        if self.due is None or self.threshold is None:
            return self.reason

        def label(level: str) -> str:
            return gettext(LADDER_LABELS_ZH.get(level, level))

        sentences = [
            gettext("期限%(due)s，已逾期%(days)s天，满%(threshold)s天升级至%(level)s。")
            % {
                "due": self.due.isoformat(),
                "days": self.days_overdue,
                "threshold": self.threshold,
                "level": label(self.role),
            }
        ]
        for s in (s for s in self.skipped.split(",") if s):
            sentences.append(gettext("%(level)s空缺，顺延。") % {"level": label(s)})
        if not self.names:
            sentences.append(
                gettext("%(level)s无人在任，待明确责任人。") % {"level": label(self.role)}
            )
        # Chinese sentences run on; others are separated by a space.
        joiner = "" if (get_language() or "zh").startswith("zh") else " "
        return joiner.join(sentences)


class Inspection(models.Model):
    """A spot check (抽查) or an acceptance visit (验收) by the county, city or
    province: who came, when, which units they sampled (``sampled``). The sample is
    the one targets on spot-checked units (抽查村居) read for the quarter."""

    class Kind(models.TextChoices):
        SPOT_CHECK = "spot_check", _("抽查")
        ACCEPTANCE = "acceptance", _("验收")

    class Level(models.TextChoices):
        COUNTY = "county", _("县级")
        CITY = "city", _("市级")
        PROVINCE = "province", _("省级")

    township = models.ForeignKey(
        Unit, verbose_name=_("乡镇"), on_delete=models.CASCADE, related_name="+"
    )
    period = models.CharField(_("季度"), max_length=10)
    # An acceptance of a campaign: its veto applies to the campaign's assessment.
    campaign = models.ForeignKey(
        "planning.Campaign",
        verbose_name=_("专项活动"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="inspections",
    )
    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices)
    level = models.CharField(_("核查层级"), max_length=16, choices=Level.choices)
    inspectors = models.CharField(_("核查人员"), max_length=200)
    day = models.DateField(_("核查日期"))
    note = models.TextField(_("说明"), blank=True, default="")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("-day", "-id")
        indexes = (models.Index(fields=["township", "period"]),)

    def __str__(self) -> str:
        return f"{self.day} {self.title}"

    @property
    def title(self) -> str:
        """县级验收, 市级抽查…: one whole label per level and kind, so that a language
        words it as a whole (English puts the level first, as a word of its own)."""
        return str(_TITLES[(self.level, self.kind)])


class InspectedUnit(models.Model):
    """A unit the inspection sampled, and what it found there."""

    class Verdict(models.TextChoices):
        PENDING = "pending", _("待定")
        PASSED = "passed", _("合格")
        FAILED = "failed", _("不合格")

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="sampled")
    unit = models.ForeignKey(
        Unit, verbose_name=_("单位"), on_delete=models.PROTECT, related_name="+"
    )
    verdict = models.CharField(
        _("结论"), max_length=16, choices=Verdict.choices, default=Verdict.PENDING
    )
    veto = models.BooleanField(_("一票否决"), default=False)
    veto_reason = models.CharField(_("否决理由"), max_length=300, blank=True, default="")
    note = models.TextField(_("核查意见"), blank=True, default="")

    class Meta:
        unique_together = (("inspection", "unit"),)
        ordering = ("unit__code",)


class InspectedFigure(models.Model):
    """A figure the inspectors observed beside the one the unit reported."""

    sampled = models.ForeignKey(InspectedUnit, on_delete=models.CASCADE, related_name="figures")
    element = models.CharField(_("指标"), max_length=64)
    label = models.CharField(_("指标名称"), max_length=100, blank=True, default="")
    reported = FigureField(_("上报数"), null=True, blank=True)
    observed = FigureField(_("核查数"))

    class Meta:
        unique_together = (("sampled", "element"),)
        ordering = ("element",)

    @property
    def differs(self) -> bool:
        return self.reported != self.observed


class InspectionEvent(AuditEvent):
    """The audit of an inspection: recorded, a unit's findings entered, by whom."""

    class Action(models.TextChoices):
        RECORD = "record", _("登记核查")
        FINDINGS = "findings", _("录入核查结果")

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=16, choices=Action.choices)

    class Meta:
        ordering = ("at", "id")


class CountyAssessment(models.Model):
    """A county's assessment of its townships for one period (县考核乡镇,
    docs/county.md): the county's rubric (a :class:`RubricVersion` of the county
    unit), the townships' figures rolled up from their villages' by the engine, the
    township-level entries of county staff (:class:`CountyEntry`), and the results.

    A model of its own rather than :class:`Assessment` with a county in its township
    field: that one's readiness, report locking, follow-ups and documents all read a
    township's villages, and none of them applies one level up. ``snapshot`` and
    ``results`` are written only while it is a draft.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        APPROVED = "approved", _("已审定（冻结）")
        PUBLISHED = "published", _("已公布")

    county = models.ForeignKey(
        Unit, verbose_name=_("县"), on_delete=models.CASCADE, related_name="+"
    )
    period = models.CharField(_("期间"), max_length=10)
    rubric = models.ForeignKey(
        RubricVersion, verbose_name=_("考评细则"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("状态"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    # Bumped by every compute, entry and status change: an approval names the state
    # its approver saw.
    revision = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    computed_at = models.DateTimeField(null=True, blank=True)
    snapshot: models.JSONField[Any, Any] = models.JSONField(default=dict, blank=True)
    results: models.JSONField[Any, Any] = models.JSONField(default=dict, blank=True)
    # A correction (建立更正版本) is the next version of the same period, pointing at
    # the approved one it corrects; that one stays as it was and counts until the
    # correction is approved (county.correct).
    version = models.PositiveIntegerField(_("版本"), default=1)
    corrects = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="corrections"
    )
    correction_reason = models.TextField(_("更正原因"), blank=True, default="")

    class Meta:
        ordering = ("-period", "-version", "-id")
        constraints = [  # noqa: RUF012
            models.UniqueConstraint(
                fields=["county", "period", "version"], name="county_assessment_version"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.county.name} {self.period}"

    @property
    def frozen(self) -> bool:
        return self.status in (self.Status.APPROVED, self.Status.PUBLISHED)

    @property
    def computed(self) -> bool:
        return bool(self.results)


class CountyEntry(models.Model):
    """What county staff enter for one township: a figure the villages' do not add
    up to (an element with ``rollup: none``), or points off a ``manual`` item with
    the written reason. One row per (assessment, township, element or item)."""

    class Kind(models.TextChoices):
        FIGURE = "figure", _("乡镇填报数")
        DEDUCTION = "deduction", _("人工扣分")

    assessment = models.ForeignKey(
        CountyAssessment, on_delete=models.CASCADE, related_name="entries"
    )
    township = models.ForeignKey(
        Unit, verbose_name=_("乡镇"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(max_length=16, choices=Kind.choices)
    key = models.CharField(_("指标或考评项目"), max_length=200)
    value = FigureField(_("数值"))
    reason = models.TextField(_("理由"), blank=True, default="")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("township__code", "kind", "key")
        constraints = [  # noqa: RUF012
            models.UniqueConstraint(
                fields=["assessment", "township", "kind", "key"], name="county_entry_once"
            ),
        ]


class CountyAssessmentEvent(AuditEvent):
    """The audit of a county assessment: every step, by whom, when, and why."""

    class Action(models.TextChoices):
        CREATE = "create", _("创建")
        ENTRY = "entry", _("录入乡镇数据")
        COMPUTE = "compute", _("计算")
        APPROVE = "approve", _("审定")
        PUBLISH = "publish", _("公布")
        CORRECT = "correct", _("更正（新版本）")

    assessment = models.ForeignKey(
        CountyAssessment, on_delete=models.CASCADE, related_name="events"
    )
    action = models.CharField(max_length=16, choices=Action.choices)

    class Meta:
        ordering = ("-at", "-id")


class TownshipAcceptance(models.Model):
    """The county's acceptance (县级验收) of a township's approved quarter: the
    version of the township's assessment it accepted, or why it returned it.

    One row per township and quarter. While it is ``accepted`` the quarter is
    locked against change: the villages' reports it read cannot be reopened and
    the assessment cannot be corrected (``acceptance.guard_quarter``); a return
    (with its reason) lifts that lock so the township can reopen and change, and
    the county accepts the township's next approved version in the same row.
    """

    class Status(models.TextChoices):
        ACCEPTED = "accepted", _("县级已验收（锁定）")
        RETURNED = "returned", _("县级退回")

    county = models.ForeignKey(
        Unit, verbose_name=_("县"), on_delete=models.CASCADE, related_name="+"
    )
    township = models.ForeignKey(
        Unit, verbose_name=_("乡镇"), on_delete=models.CASCADE, related_name="+"
    )
    period = models.CharField(_("季度"), max_length=10)
    assessment = models.ForeignKey(
        Assessment, verbose_name=_("考评版本"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices)
    reason = models.TextField(_("退回原因"), blank=True, default="")
    # The reports the accepted version read, as [pk, version]: what is locked.
    reports: models.JSONField[Any, Any] = models.JSONField(default=list, blank=True)
    revision = models.PositiveIntegerField(default=0)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("-period", "township__code")
        constraints = [  # noqa: RUF012
            models.UniqueConstraint(fields=["township", "period"], name="acceptance_once"),
        ]

    def __str__(self) -> str:
        return f"{self.township.name} {self.period} {self.get_status_display()}"

    @property
    def locked(self) -> bool:
        return self.status == self.Status.ACCEPTED


class TownshipAcceptanceEvent(AuditEvent):
    """The audit of a county's acceptance: accepted (which version) or returned (why)."""

    class Action(models.TextChoices):
        ACCEPT = "accept", _("县级验收")
        RETURN = "return", _("退回乡镇")

    acceptance = models.ForeignKey(
        TownshipAcceptance, on_delete=models.CASCADE, related_name="events"
    )
    action = models.CharField(max_length=16, choices=Action.choices)

    class Meta:
        ordering = ("-at", "-id")


_TITLES = {
    ("county", "spot_check"): _("县级抽查"),
    ("county", "acceptance"): _("县级验收"),
    ("city", "spot_check"): _("市级抽查"),
    ("city", "acceptance"): _("市级验收"),
    ("province", "spot_check"): _("省级抽查"),
    ("province", "acceptance"): _("省级验收"),
}
