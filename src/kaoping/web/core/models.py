"""Units and people, users' roles, data sets, reports, figures and their audit."""

from __future__ import annotations

import hashlib
import secrets
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from kaoping.engine import ROLES, Element, ElementType, Period, term_problem

from .fields import FigureField


class AuditEvent(models.Model):
    """What every step of an audit trail records beside its own ``action`` and the
    record it belongs to: who (kept when the account is deleted), when, and why."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    note = models.TextField(blank=True, default="")

    class Meta:
        abstract = True


class Unit(models.Model):
    """A node of the hierarchy province > city > county > township > work area (片)
    > village/community (a county may hang under a city, a province or nothing; a
    city under a province or nothing)."""

    class Level(models.TextChoices):
        PROVINCE = "province", _("省")
        CITY = "city", _("市")
        COUNTY = "county", _("县")
        TOWNSHIP = "township", _("乡镇")
        AREA = "area", _("片")
        VILLAGE = "village", _("村")
        COMMUNITY = "community", _("社区")

    code = models.CharField(_("代码"), max_length=32, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    level = models.CharField(_("层级"), max_length=16, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # The township a unit belongs to (itself for a township), kept so that every
    # scoping query is one indexed filter instead of a walk up the tree.
    township = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+", editable=False
    )

    class Meta:
        ordering = ("code",)
        verbose_name = _("单位")
        verbose_name_plural = _("单位")

    def __str__(self) -> str:
        return f"{self.name}（{self.code}）"

    @property
    def reports_figures(self) -> bool:
        return self.level in (self.Level.VILLAGE, self.Level.COMMUNITY)

    def snapshot(self) -> dict[str, str | None]:
        parent = (
            Unit.objects.filter(pk=self.parent_id).values_list("code", flat=True).first()
            if self.parent_id is not None
            else None
        )
        return {"code": self.code, "name": self.name, "level": self.level, "parent": parent}

    def hierarchy_problems(self) -> dict[str, str]:
        """What is wrong with this unit's place in the hierarchy, by form field.

        Each level has the parent levels it may hang under, always higher ones, so
        a tree that keeps the rule for every unit has no cycle: the rule is checked
        for the unit itself (its parent) and for the units under it (their parent,
        this unit, may not drop below what they need)."""
        problems: dict[str, str] = {}
        if self.level not in _PARENT_LEVELS:
            return problems  # the field's own choices validation reports it
        parent: Unit | None = None
        if self.parent_id is not None:
            parent = Unit.objects.filter(pk=self.parent_id).first()
        if self.pk is not None and self.parent_id == self.pk:
            problems["parent"] = str(_("单位不能是自己的上级：%(code)s") % {"code": self.code})
        elif (parent.level if parent else None) not in _PARENT_LEVELS[self.level]:
            problems["parent"] = str(
                _("%(level)s的上级应为%(allowed)s，不能是%(parent)s")
                % {
                    "level": self.Level(self.level).label,
                    "allowed": "、".join(
                        str(self.Level(p).label) if p else str(_("无上级"))
                        for p in _PARENT_LEVELS[self.level]
                    ),
                    "parent": str(parent) if parent else _("无上级"),
                }
            )
        if self.pk is not None:
            stranded = [
                child
                for child in Unit.objects.filter(parent_id=self.pk).exclude(pk=self.pk)
                if self.level not in _PARENT_LEVELS.get(child.level, ())
            ]
            if stranded:
                problems["level"] = str(
                    _("%(unit)s下还有%(children)s，不能改为%(level)s")
                    % {
                        "unit": self.code,
                        "children": "、".join(str(c) for c in stranded[:5]),
                        "level": self.Level(self.level).label,
                    }
                )
        return problems

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        problems = self.hierarchy_problems()
        if problems:
            raise ValidationError(problems)

    def save(
        self,
        *args: object,
        changed_by: object = None,
        path: str = "system",
        **kwargs: object,
    ) -> None:
        """Save after checking the hierarchy again under a lock, and audit the change
        (who, when, before and after) in the same transaction."""
        from django.core.exceptions import ValidationError
        from django.db import transaction

        with transaction.atomic():
            # The unit's own row and its parent's are locked, so that a concurrent
            # change of either (a demotion, a child added) waits for this one.
            locked = [p for p in (self.pk, self.parent_id) if p is not None]
            before = None
            if locked:
                rows = {u.pk: u for u in Unit.objects.select_for_update().filter(pk__in=locked)}
                if self.pk in rows:
                    before = rows[self.pk].snapshot()
            problems = self.hierarchy_problems()
            if problems:
                raise ValidationError(problems)
            old_township = (
                Unit.objects.filter(pk=self.pk).values_list("township_id", flat=True).first()
                if self.pk
                else None
            )
            self._save_with_township(*args, **kwargs)
            if old_township is not None and old_township != self.township_id:
                self._move_descendants()
            after = self.snapshot()
            if after != before:
                UnitChange.objects.create(
                    unit=self,
                    user=changed_by if getattr(changed_by, "pk", None) else None,  # type: ignore[misc]
                    path=path,
                    before=before,
                    after=after,
                )

    def _save_with_township(self, *args: object, **kwargs: object) -> None:
        if self.level == self.Level.TOWNSHIP:
            self.township = self if self.pk else None
        elif self.parent is not None:
            self.township = (
                self.parent if self.parent.level == self.Level.TOWNSHIP else self.parent.township
            )
        else:
            self.township = None
        super().save(*args, **kwargs)  # type: ignore[arg-type]
        if self.level == self.Level.TOWNSHIP and self.township_id != self.pk:
            Unit.objects.filter(pk=self.pk).update(township=self.pk)
            self.township_id = self.pk

    def _move_descendants(self) -> None:
        """A unit moved to another township takes the units under it along."""
        township = self.township_id if self.level != self.Level.TOWNSHIP else self.pk
        frontier = [self.pk]
        while frontier:
            children = list(
                Unit.objects.filter(parent_id__in=frontier)
                .exclude(level=self.Level.TOWNSHIP)
                .values_list("pk", flat=True)
            )
            Unit.objects.filter(pk__in=children).update(township=township)
            frontier = children

    @property
    def area(self) -> Unit | None:
        if self.parent is not None and self.parent.level == self.Level.AREA:
            return self.parent
        return None


_L = Unit.Level
# The levels a unit of each level may hang under (None: no parent). Always higher
# levels, so that no chain of parents can come back to where it started.
_PARENT_LEVELS: dict[str, tuple[str | None, ...]] = {
    _L.PROVINCE: (None,),
    _L.CITY: (_L.PROVINCE, None),
    _L.COUNTY: (_L.CITY, _L.PROVINCE, None),
    _L.TOWNSHIP: (_L.COUNTY, None),
    _L.AREA: (_L.TOWNSHIP,),
    _L.VILLAGE: (_L.TOWNSHIP, _L.AREA),
    _L.COMMUNITY: (_L.TOWNSHIP, _L.AREA),
}


# The engine's one table of role labels, translated for the pages; the English
# catalogue keeps their msgids (tests/test_role_labels.py fails if makemessages,
# which cannot see them here, drops them).
ROLE_CHOICES = [(code, _(label)) for code, label in ROLES.items()]


class Person(models.Model):
    """Who held a role in a unit (a village, or a work area for 片长/副片长), and when."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("单位"), on_delete=models.CASCADE, related_name="people"
    )
    role = models.CharField(_("职务"), max_length=32, choices=ROLE_CHOICES)
    name = models.CharField(_("姓名"), max_length=50)
    start = models.DateField(_("任职开始"), null=True, blank=True)
    end = models.DateField(_("任职结束"), null=True, blank=True)

    class Meta:
        ordering = (
            "unit__code",
            "role",
            "start",
        )
        verbose_name = _("人员")
        verbose_name_plural = _("人员")

    def __str__(self) -> str:
        return f"{self.name}（{self.get_role_display()}）"

    def held_during(self, period: Period) -> bool:
        first = date(period.year, period.months[0], 1)
        last_month = period.months[-1]
        nxt = date(period.year + (last_month == 12), last_month % 12 + 1, 1)
        return (self.start is None or self.start < nxt) and (self.end is None or self.end >= first)


class Membership(models.Model):
    """A user's role, bound to a unit: a township (or county) for staff, a village for reporters."""

    class Role(models.TextChoices):
        ADMIN = "admin", _("镇办管理员")
        ASSESSOR = "assessor", _("镇办工作人员")
        REPORTER = "reporter", _("村专干（填报员）")
        LEADER = "leader", _("领导")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("角色"), max_length=16, choices=Role.choices)
    unit = models.ForeignKey(
        Unit, verbose_name=_("单位"), on_delete=models.CASCADE, related_name="memberships"
    )

    class Meta:
        unique_together = (("user", "role", "unit"),)
        verbose_name = _("用户角色")
        verbose_name_plural = _("用户角色")

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.unit}"


def out_of_scope(text: str, where: str) -> str | None:
    """Why ``text`` is out of kaoping's scope (DESIGN.md), in the page's language."""
    problem = term_problem(text, where)
    if problem is None:
        return None
    return problem[0] if (get_language() or "").startswith("en") else problem[1]


def _refuse_out_of_scope(obj: models.Model, fields: tuple[str, ...]) -> None:
    # A data set naming a coercive measure is refused field by field, in the admin's
    # forms and in any other full_clean.
    errors = {}
    for name in fields:
        where = str(getattr(obj._meta.get_field(name), "verbose_name", name))
        problem = out_of_scope(str(getattr(obj, name) or ""), where)
        if problem is not None:
            errors[name] = problem
    if errors:
        raise ValidationError(errors)


class DataSet(models.Model):
    """What a township collects: which elements, how often, and by when."""

    class Frequency(models.TextChoices):
        QUARTERLY = "Q", _("按季度")
        MONTHLY = "M", _("按月")

    township = models.ForeignKey(
        Unit, verbose_name=_("乡镇"), on_delete=models.CASCADE, related_name="datasets"
    )
    code = models.CharField(_("代码"), max_length=32)
    name = models.CharField(_("名称"), max_length=100)
    frequency = models.CharField(_("周期"), max_length=1, choices=Frequency.choices, default="Q")
    deadline_day = models.PositiveSmallIntegerField(
        _("截止日（次月几日）"), default=5, help_text=_("期末次月的第几天截止，例如 5 表示次月5日")
    )

    class Meta:
        unique_together = (("township", "code"),)
        ordering = ("code",)
        verbose_name = _("数据集")
        verbose_name_plural = _("数据集")

    def __str__(self) -> str:
        return self.name

    def deadline(self, period: Period) -> date:
        last = period.months[-1]
        year, month = (period.year + 1, 1) if last == 12 else (period.year, last + 1)
        return date(year, month, min(self.deadline_day, 28))

    def clean(self) -> None:
        _refuse_out_of_scope(self, ("code", "name"))

    def engine_elements(self) -> list[Element]:
        return [e.as_engine() for e in self.elements.all()]


class DataElement(models.Model):
    dataset = models.ForeignKey(DataSet, on_delete=models.CASCADE, related_name="elements")
    code = models.CharField(_("代码"), max_length=64)
    label = models.CharField(_("名称"), max_length=100)
    type = models.CharField(
        _("类型"), max_length=8, choices=[(t.value, t.label_zh) for t in ElementType]
    )
    default = FigureField(_("默认值"), null=True, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        unique_together = (("dataset", "code"),)
        ordering = (
            "position",
            "id",
        )

    def __str__(self) -> str:
        return f"{self.label}（{self.code}）"

    def clean(self) -> None:
        _refuse_out_of_scope(self, ("code", "label"))

    def as_engine(self) -> Element:
        return Element(self.code, self.label, ElementType(self.type), self.default)


class DataCheck(models.Model):
    """A validation rule in the engine's expression language, e.g. ``attended <= invited``."""

    dataset = models.ForeignKey(DataSet, on_delete=models.CASCADE, related_name="checks")
    rule = models.CharField(_("规则"), max_length=500)
    message = models.CharField(_("提示"), max_length=200)

    def clean(self) -> None:
        _refuse_out_of_scope(self, ("rule", "message"))

    def __str__(self) -> str:
        return self.rule


class Report(models.Model):
    """One unit's figures of one data set for one period, with its workflow state."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        SUBMITTED = "submitted", _("已提交")
        RETURNED = "returned", _("已退回")
        APPROVED = "approved", _("已审核锁定")

    # No index of its own: the unique (dataset, period, unit) starts with it.
    dataset = models.ForeignKey(
        DataSet, on_delete=models.CASCADE, related_name="reports", db_index=False
    )
    # No index of its own either: (unit, period) below starts with it.
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="reports", db_index=False)
    period = models.CharField(_("期间"), max_length=10)
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default="draft")
    # Bumped on every save: a form posted with an older version is a conflict.
    version = models.PositiveIntegerField(default=0)
    first_submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    return_reason = models.TextField(blank=True, default="")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        # One report per data set, unit and period, in that order of columns so
        # that the key also serves a data set's period (every page and import
        # reads one), which had an index of its own besides: one index fewer to
        # keep up on each of the thousands of reports an import creates.
        unique_together = (("dataset", "period", "unit"),)
        # (unit, period): a township's quarter across its data sets (its villages'
        # reports of 2026Q3 and of its months), which the unique key, led by the
        # data set, does not serve (docs/web.md, "Reporting"); and a unit's
        # reports of one data set.
        indexes = (models.Index(fields=["unit", "period"], name="kaoping_report_unit_period"),)

    def __str__(self) -> str:
        return f"{self.unit} {self.period} {self.dataset}"

    @property
    def period_obj(self) -> Period:
        return Period.parse(self.period)

    @property
    def on_time(self) -> bool | None:
        if self.first_submitted_at is None:
            return None
        local = timezone.localtime(self.first_submitted_at).date()
        return local <= self.dataset.deadline(self.period_obj)

    def values(self) -> dict[str, Decimal | None]:
        # By the figure's period too: on PostgreSQL, the period's partition only.
        return {f.element: f.value for f in self.figures.filter(period=self.period)}


class FigureQuerySet(models.QuerySet["Figure"]):
    def bulk_create(self, objs: Any, *args: Any, **kwargs: Any) -> list[Figure]:  # type: ignore[override]
        """Figures written with their report's period, whoever forgot to give it
        (a report in hand gives its own; otherwise one query for all)."""
        objs = list(objs)
        missing = [f for f in objs if not f.period]
        if missing:
            cached = Figure.report.is_cached
            ids = {f.report_id for f in missing if not cached(f)}
            periods = dict(Report.objects.filter(pk__in=ids).values_list("pk", "period"))
            for f in missing:
                f.period = f.report.period if cached(f) else periods[f.report_id]
        return list(super().bulk_create(objs, *args, **kwargs))


class Figure(models.Model):
    """One reported value: keyed by its report and element, one per pair.

    The key (report, element) is the table's only index: a county's import
    writes millions of figures, and a surrogate ``id`` would need an index of its
    own beside the unique (report, element), doubling the upkeep of every row.
    The audit (:class:`FigureChange`) names a figure the same way, by report and
    element. Nothing has a foreign key to a figure (Django cannot point one at
    a composite key) and the admin does not list them (it cannot either).
    """

    # No database constraint: figures are written only beside their report,
    # under its lock (services.guarded); a constraint is one check per row at
    # COMMIT. No index of its own: the key starts with it. Deleting a report
    # still deletes its figures through the ORM.
    report = models.ForeignKey(
        Report,
        on_delete=models.CASCADE,
        related_name="figures",
        db_constraint=False,
        db_index=False,
    )
    element = models.CharField(max_length=64)
    value = FigureField(null=True, blank=True)
    # The report's period, carried into the row: on PostgreSQL the table is
    # partitioned by it (one partition per period, and a default one; migration
    # 0011, core/partitions.py), and a key of a partitioned table must hold the
    # partition key. A report's period never changes, so (report, element) alone
    # is still one figure; on SQLite the table's own key stays (report_id, element).
    period = models.CharField(max_length=10)
    pk = models.CompositePrimaryKey("report", "element", "period")

    objects = FigureQuerySet.as_manager()

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Saved with its report's period, whoever forgot to give it."""
        if not self.period:
            self.period = self.report.period
        super().save(*args, **kwargs)


class FigureChange(models.Model):
    """The audit of every change of a figure, written in the change's own transaction."""

    class Path(models.TextChoices):
        FORM = "form", _("表单")
        IMPORT = "import", _("导入")
        API = "api", _("接口")
        DEMO = "demo", _("演示数据")

    # No database-level constraint: an append-only log whose rows are written
    # only beside their report's, under its lock. A constraint would make
    # PostgreSQL lock the report row once per audited figure (millions in a
    # county's import); deleting a report still deletes its audit via the ORM.
    # The same holds for the user (the ORM still sets it to NULL when a user is
    # deleted); (report, version) below indexes the report.
    report = models.ForeignKey(
        Report,
        on_delete=models.CASCADE,
        related_name="changes",
        db_constraint=False,
        db_index=False,
    )
    element = models.CharField(max_length=64)
    old_value = FigureField(null=True, blank=True)
    new_value = FigureField(null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_constraint=False,
    )
    at = models.DateTimeField(default=timezone.now)
    path = models.CharField(max_length=8, choices=Path.choices)
    version = models.PositiveIntegerField()

    class Meta:
        ordering = (
            "-at",
            "-id",
        )
        indexes = (models.Index(fields=["report", "version"]),)


class FigureImport(models.Model):
    """One confirmed upload: who, when, which file (its name and SHA-256) and what
    it did. The import writes a change row only where it replaced a value; the
    figures it filled in are counted here, and each report it changed has an
    ``import`` step (:class:`ReportEvent`) pointing here, with its new version."""

    dataset = models.ForeignKey(DataSet, on_delete=models.CASCADE, related_name="imports")
    period = models.CharField(_("期间"), max_length=10)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    filename = models.CharField(_("文件名"), max_length=255)
    sha256 = models.CharField(max_length=64)
    units = models.PositiveIntegerField(_("单位数"), default=0)
    filled = models.PositiveIntegerField(_("新填数值"), default=0)
    replaced = models.PositiveIntegerField(_("修改数值"), default=0)
    submitted = models.PositiveIntegerField(_("提交报表"), default=0)

    class Meta:
        ordering = ("-at", "-id")


class ReportEvent(models.Model):
    """Workflow steps (submit, return with reason, approve, an import that changed
    the figures), kept beside the figure audit."""

    class Action(models.TextChoices):
        SUBMIT = "submit", _("提交")
        RETURN = "return", _("退回修改")
        APPROVE = "approve", _("审核锁定")
        REOPEN = "reopen", _("解锁更正")
        IMPORT = "import", _("导入")

    # No database constraints, as for the figure audit: an import writes these
    # steps by the thousand, always beside their report under its lock.
    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="events", db_constraint=False
    )
    action = models.CharField(max_length=16, choices=Action.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_constraint=False,
    )
    at = models.DateTimeField(default=timezone.now)
    note = models.TextField(blank=True, default="")
    # An import step: which import, and the report's version it made.
    figure_import = models.ForeignKey(
        FigureImport,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="events",
        db_constraint=False,
    )
    version = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = (
            "-at",
            "-id",
        )


class RoleChange(models.Model):
    """The audit of who may do what: an account created, a role granted or revoked.

    Written in the same transaction as the change. Four eyes reads it too: an
    account created or granted an approving role by someone cannot approve
    what that someone prepared (see :func:`kaoping.web.core.services.four_eyes`).
    """

    class Action(models.TextChoices):
        CREATE_USER = "create_user", _("创建账号")
        GRANT = "grant", _("授予角色")
        REVOKE = "revoke", _("撤销角色")
        TEMP_PASSWORD = "temp_password", _("设置临时密码")
        RESET_2FA = "reset_2fa", _("重置两步验证")

    action = models.CharField(max_length=16, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="role_changes"
    )
    # Kept as text as well, so that the record still reads after a user or unit is deleted.
    username = models.CharField(max_length=150)
    role = models.CharField(max_length=16, blank=True, default="", choices=Membership.Role.choices)
    unit = models.ForeignKey(Unit, null=True, on_delete=models.SET_NULL, related_name="+")
    unit_label = models.CharField(max_length=140, blank=True, default="")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("-at", "-id")


class AccountState(models.Model):
    """What an account must do before it may use the app: change a temporary
    password an admin set (checked on every page by ``two_factor.AccountGate``)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="account_state"
    )
    must_change_password = models.BooleanField(default=False)


class LoginThrottle(models.Model):
    """Login attempts per normalised user name and client address in the current window.

    One row per pair, counted by a conditional UPDATE *before* the password is
    checked (see :mod:`kaoping.web.core.accounts`), so parallel attempts cannot
    all slip past the limit between a count and an insert.
    """

    username = models.CharField(max_length=150)
    address = models.CharField(max_length=64)
    attempts = models.PositiveIntegerField(default=0)
    window_start = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = (
            models.UniqueConstraint(fields=["username", "address"], name="login_throttle_pair"),
        )


def password_stamp(user: object) -> str:
    """Changes whenever the user's password does: a token issued before stops working."""
    return hashlib.sha256(str(getattr(user, "password", "")).encode()).hexdigest()


def _token_expiry() -> datetime:
    return timezone.now() + timedelta(days=settings.KAOPING_API_TOKEN_DAYS)


class ApiToken(models.Model):
    """An API key; only its hash is stored, the key itself is shown once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("名称"), max_length=100)
    prefix = models.CharField(max_length=8)
    key_hash = models.CharField(max_length=64, unique=True)
    created = models.DateTimeField(default=timezone.now)
    last_used: models.DateTimeField[datetime | None, datetime | None] = models.DateTimeField(
        null=True, blank=True
    )
    expires = models.DateTimeField(_("有效期至"), default=_token_expiry)
    # The owner's password when the token was issued (see password_stamp); empty
    # matches no password.
    password_stamp = models.CharField(max_length=64, default="")

    @staticmethod
    def hash(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @classmethod
    def issue(cls, user: object, name: str) -> tuple[ApiToken, str]:
        key = "kp_" + secrets.token_urlsafe(30)
        now = timezone.now()
        token = cls.objects.create(
            user=user,
            name=name,
            prefix=key[:8],
            key_hash=cls.hash(key),
            created=now,
            expires=now + timedelta(days=settings.KAOPING_API_TOKEN_DAYS),
            password_stamp=password_stamp(user),
        )
        return token, key

    def usable(self) -> bool:
        return (
            self.user.is_active
            and self.expires > timezone.now()
            and secrets.compare_digest(self.password_stamp, password_stamp(self.user))
        )


class UnitChange(models.Model):
    """The audit of a unit's creation and every change of its name, level or parent,
    written in the change's own transaction (by ``Unit.save``)."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="changes")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    path = models.CharField(max_length=16)
    before = models.JSONField(null=True)
    after = models.JSONField()

    class Meta:
        ordering = ("-at", "-id")
