"""Changing figures and moving reports through their workflow.

Every path (form, import, API) goes through :func:`save_figures`, so that each
change is audited in its own transaction and concurrent edits are detected the
same way everywhere.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kaoping.engine import ElementType, ExprError, ValueProblem, parse_expr, parse_value

from .models import DataElement, DataSet, Figure, FigureChange, Report, ReportEvent, Unit

Values = dict[str, Decimal | None]


def show(value: Decimal | None) -> str:
    """A figure as a person writes it: ``12``, ``0.95``, never ``1.2E+1``."""
    if value is None:
        return ""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"


@dataclass
class Validation:
    values: Values = field(default_factory=dict)
    errors: dict[str, list[str]] = field(default_factory=dict)

    def add(self, code: str, message: str) -> None:
        self.errors.setdefault(code, []).append(message)

    @property
    def ok(self) -> bool:
        return not self.errors


def validate(
    dataset: DataSet,
    raw: Mapping[str, object],
    *,
    complete: bool,
    elements: Iterable[DataElement] | None = None,
) -> Validation:
    """Parse raw values by their element's type; on ``complete`` (a submission) also
    require every value without a default and apply the data set's checks."""
    result = Validation()
    elems = list(elements if elements is not None else dataset.elements.all())
    for e in elems:
        try:
            result.values[e.code] = parse_value(raw.get(e.code), ElementType(e.type))
        except ValueProblem as problem:
            result.add(e.code, problem.message_zh)
    if not complete or not result.ok:
        return result
    env: dict[str, Decimal] = {}
    for e in elems:
        value = result.values.get(e.code)
        if value is None:
            value = e.default
        if value is None:
            result.add(e.code, _("必填：请填写“%(label)s”") % {"label": e.label})
        else:
            env[e.code] = value
    if not result.ok:
        return result
    for check in dataset.checks.all():
        try:
            expr = parse_expr(check.rule)
        except ExprError:
            continue
        names = list(expr.names())
        if not names or any(n not in env for n in names):
            continue
        if expr.evaluate(env) is False:
            result.add(names[0], check.message)
    return result


class Conflict(Exception):
    """Someone else saved the same figures since this person loaded them."""

    def __init__(self, report: Report, conflicts: dict[str, tuple[Decimal | None, Decimal | None]]):
        super().__init__("conflict")
        self.report = report
        self.version = report.version
        # element -> (this person's value, the value saved meanwhile)
        self.conflicts = conflicts


def report_for(dataset: DataSet, unit: Unit, period: str) -> Report:
    report, _created = Report.objects.get_or_create(dataset=dataset, unit=unit, period=period)
    return report


def save_figures(
    report: Report,
    values: Mapping[str, Decimal | None],
    *,
    user: Any,
    path: str,
    base_version: int | None = None,
) -> int:
    """Write ``values`` and their audit in one transaction; return how many changed.

    With ``base_version`` (the version the person started from), a figure changed
    by someone else since then is kept when this person left it as it was, and is
    a :class:`Conflict` when both changed it to different values.
    """
    with transaction.atomic():
        locked = Report.objects.select_for_update().get(pk=report.pk)
        figures = {f.element: f for f in Figure.objects.filter(report=locked)}
        current: Values = {code: f.value for code, f in figures.items()}
        wanted: Values = dict(values)
        if base_version is not None and locked.version != base_version:
            base_values: Values = {}
            for change in FigureChange.objects.filter(
                report=locked, version__gt=base_version
            ).order_by("version", "id"):
                base_values.setdefault(change.element, change.old_value)
            conflicts: dict[str, tuple[Decimal | None, Decimal | None]] = {}
            for code, base in base_values.items():
                if code not in wanted:
                    continue
                mine, theirs = wanted[code], current.get(code)
                if _same(mine, base):
                    wanted[code] = theirs
                elif not _same(mine, theirs):
                    conflicts[code] = (mine, theirs)
            if conflicts:
                raise Conflict(locked, conflicts)
        new_version = locked.version + 1
        now = timezone.now()
        changes: list[FigureChange] = []
        for code, value in wanted.items():
            old = current.get(code)
            if code in figures and _same(old, value):
                continue
            if code not in figures and value is None:
                continue
            if code in figures:
                fig = figures[code]
                fig.value = value
                fig.save(update_fields=["value"])
            else:
                Figure.objects.create(report=locked, element=code, value=value)
            changes.append(
                FigureChange(
                    report=locked,
                    element=code,
                    old_value=old,
                    new_value=value,
                    user=user if getattr(user, "pk", None) else None,
                    at=now,
                    path=path,
                    version=new_version,
                )
            )
        if changes:
            FigureChange.objects.bulk_create(changes)
            locked.version = new_version
            locked.save(update_fields=["version", "updated_at"])
        report.version = locked.version
        report.status = locked.status
        return len(changes)


def _same(a: Decimal | None, b: Decimal | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return a == b


def submit(report: Report, user: Any) -> None:
    with transaction.atomic():
        now = timezone.now()
        Report.objects.filter(pk=report.pk).update(
            status=Report.Status.SUBMITTED, submitted_at=now, return_reason=""
        )
        Report.objects.filter(pk=report.pk, first_submitted_at__isnull=True).update(
            first_submitted_at=now
        )
        ReportEvent.objects.create(
            report=report, action=ReportEvent.Action.SUBMIT, user=user, at=now
        )
    report.refresh_from_db()


def return_for_correction(report: Report, user: Any, reason: str) -> None:
    with transaction.atomic():
        Report.objects.filter(pk=report.pk).update(
            status=Report.Status.RETURNED, return_reason=reason
        )
        ReportEvent.objects.create(
            report=report, action=ReportEvent.Action.RETURN, user=user, note=reason
        )
    report.refresh_from_db()


def approve(report: Report, user: Any) -> None:
    with transaction.atomic():
        Report.objects.filter(pk=report.pk).update(status=Report.Status.APPROVED)
        ReportEvent.objects.create(report=report, action=ReportEvent.Action.APPROVE, user=user)
    report.refresh_from_db()
