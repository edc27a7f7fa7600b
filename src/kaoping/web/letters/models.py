"""Responsibility letters (目标责任书) between a township and a village or work
area: clauses, signatories as they were on the signing date, the signed scan,
and the acceptance of each clause. Counts and judgements only: nothing names a
resident."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kaoping.web.core.models import AuditEvent, Unit
from kaoping.web.planning.models import Allocation, Campaign


class Letter(models.Model):
    class Kind(models.TextChoices):
        CAMPAIGN = "campaign", _("专项活动目标责任书")
        ANNUAL = "annual", _("年度目标管理任务书")

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        SIGNED = "signed", _("已签订")
        ACCEPTED = "accepted", _("已验收")
        # A draft deleted (kept, with its audit, but listed nowhere), and a signed
        # letter a signed correction took the place of (kept as it was signed).
        DELETED = "deleted", _("已删除")
        SUPERSEDED = "superseded", _("已被更正")

    township = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(
        Unit, verbose_name=_("乙方单位"), on_delete=models.CASCADE, related_name="letters"
    )
    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("事项"), max_length=100)
    year = models.PositiveSmallIntegerField(_("年度"))
    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("专项活动"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="letters",
    )
    allocation = models.ForeignKey(
        Allocation,
        verbose_name=_("任务分解"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="letters",
    )
    party_a = models.CharField(_("甲方"), max_length=100)
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default="draft")
    signed_on = models.DateField(_("签订日期"), null=True, blank=True)
    # The signed paper, kept in the database: a few hundred kilobytes per letter,
    # backed up with everything else, and never served from a public folder.
    scan = models.BinaryField(null=True, blank=True, editable=False)
    scan_name = models.CharField(_("扫描件"), max_length=200, blank=True, default="")
    scan_type = models.CharField(max_length=40, blank=True, default="")
    accepted_on = models.DateField(_("验收日期"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    clauses_met = models.PositiveSmallIntegerField(null=True, blank=True)
    # A correction of a signed letter is a new version; the old one is kept.
    version = models.PositiveSmallIntegerField(_("版本"), default=1)
    replaces = models.ForeignKey(
        "self",
        verbose_name=_("更正的责任书"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="corrections",
    )
    correction_reason = models.CharField(_("更正原因"), max_length=300, blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ("-year", "unit__code", "pk")
        verbose_name = _("目标责任书")
        verbose_name_plural = _("目标责任书")
        constraints = (
            # One letter per unit and allocation: issuing from an allocation twice
            # adds none.
            models.UniqueConstraint(
                fields=("allocation", "unit", "kind", "version"),
                condition=~models.Q(status="deleted"),
                name="letter_once_per_allocation",
            ),
            # One open correction at a time: two people correcting the same letter
            # at once make one.
            models.UniqueConstraint(
                fields=("replaces",),
                condition=~models.Q(status="deleted"),
                name="letter_one_correction",
            ),
        )

    def __str__(self) -> str:
        return gettext("%(u)s%(t)s目标责任书") % {"u": self.unit.name, "t": self.title}

    @property
    def all_met(self) -> bool | None:
        if self.clauses_met is None:
            return None
        return self.clauses_met == self.clauses.count()


class Clause(models.Model):
    class Kind(models.TextChoices):
        ALLOCATION = "allocation", _("分解任务")
        TARGET = "target", _("目标文件条款")
        RUBRIC = "rubric", _("考评细则项目")
        COMMITMENT = "commitment", _("书面承诺")

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="clauses")
    number = models.PositiveSmallIntegerField()
    kind = models.CharField(_("条款类型"), max_length=16, choices=Kind.choices)
    text = models.CharField(_("条款内容"), max_length=300)
    # allocation: the figure allocated; target: the targets file's target name and
    # its period; rubric: the item's path, its quarter, and the score to reach.
    figure = models.PositiveIntegerField(_("任务数"), null=True, blank=True)
    target = models.CharField(_("目标"), max_length=64, blank=True, default="")
    path = models.CharField(_("考评项目"), max_length=200, blank=True, default="")
    period = models.CharField(_("期间"), max_length=10, blank=True, default="")
    met = models.BooleanField(_("是否完成"), null=True, blank=True)
    observed = models.CharField(_("验收依据"), max_length=300, blank=True, default="")
    note = models.CharField(_("验收说明"), max_length=300, blank=True, default="")

    class Meta:
        ordering = ("letter", "number")
        unique_together = (("letter", "number"),)

    def __str__(self) -> str:
        return self.text


class Signatory(models.Model):
    """Who signed, as held on the signing date: kept, so that a later change of
    the role's holder does not rewrite a signed letter."""

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="signatories")
    role = models.CharField(max_length=32)
    role_label = models.CharField(max_length=20)
    name = models.CharField(max_length=50)

    class Meta:
        ordering = ("letter", "pk")


class LetterEvent(AuditEvent):
    class Action(models.TextChoices):
        CREATE = "create", _("起草")
        CLAUSE = "clause", _("增加条款")
        EDIT = "edit", _("修改")
        REMOVE_CLAUSE = "remove_clause", _("删除条款")
        DELETE = "delete", _("删除")
        CORRECT = "correct", _("更正")
        SIGN = "sign", _("签订")
        ACCEPT = "accept", _("验收")

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=16, choices=Action.choices)

    class Meta:
        ordering = ("at", "pk")
