"""Changing figures and moving reports through their workflow.

Every path (form, import, API) goes through :func:`save_figures`, so that each
change is audited in its own transaction and concurrent edits are detected the
same way everywhere.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import polars as pl
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from kaoping.engine import (
    Check,
    ElementType,
    ExprError,
    Rubric,
    ValueProblem,
    parse_expr,
    parse_value,
)

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
            result.add(e.code, problem_text(problem))
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


def problem_text(problem: ValueProblem) -> str:
    """The engine words every problem in Chinese and English; pick the page's language."""
    return str(problem) if (get_language() or "").startswith("en") else problem.message_zh


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


def compiled_checks(dataset: DataSet) -> list[tuple[Any, list[str], str]]:
    """The data set's checks parsed once: (expression, names it reads, message)."""
    found = []
    for check in dataset.checks.all():
        try:
            expr = parse_expr(check.rule)
        except ExprError:
            continue
        found.append((expr, list(expr.names()), check.message))
    return found


def failed_checks(
    checks: list[tuple[Any, list[str], str]], values: Mapping[str, Decimal | None]
) -> list[tuple[str, str]]:
    """(first element named, message) for every check the values break."""
    failed = []
    for expr, names, message in checks:
        if not names or any(values.get(n) is None for n in names):
            continue
        if expr.evaluate({n: values[n] for n in names}) is False:
            failed.append((names[0], message))
    return failed


def checks_rubric(dataset: DataSet) -> Rubric:
    """The data set's elements and checks as a rubric without items, so that the
    engine's :func:`~kaoping.engine.check_data` applies them to a whole frame."""
    checks = []
    for c in dataset.checks.all():
        try:
            checks.append(Check(parse_expr(c.rule), c.message))
        except ExprError:
            continue
    return Rubric(
        name=dataset.name,
        total=Decimal(100),
        items=(),
        elements={e.code: e.as_engine() for e in dataset.elements.all()},
        checks=tuple(checks),
    )


def import_frame(
    dataset: DataSet,
    period: str,
    frame: pl.DataFrame,
    units: Mapping[str, Unit],
    *,
    user: Any,
    path: str,
) -> int:
    """Write every unit's figures of ``frame`` and submit the reports, in one
    transaction, with the same audit as :func:`save_figures` (one change row per
    figure that changed, the report's version bumped once).

    By columns: the changes are found with joins, new figures and audit rows go
    in with COPY on PostgreSQL (multi-row inserts elsewhere) and reports are
    updated by a few set-wise statements, so that a county's file of thousands
    of units takes seconds, not the minutes of one ORM object per cell.
    """
    from .reading import as_text

    S = Report.Status
    codes = [e.code for e in dataset.elements.all()]
    frame = frame.filter(pl.col("period") == period)
    with transaction.atomic():
        now = timezone.now()
        who = user.pk if getattr(user, "pk", None) else None
        in_file = frame["unit"].to_list()
        existing = set(
            Report.objects.filter(dataset=dataset, period=period).values_list(
                "unit__code", flat=True
            )
        )
        Report.objects.bulk_create(
            [
                Report(dataset=dataset, unit=units[code], period=period, status=S.DRAFT, version=0)
                for code in in_file
                if code not in existing
            ],
            batch_size=_BATCH,
        )
        rows = list(
            Report.objects.select_for_update()
            .filter(dataset=dataset, period=period)
            .values_list("pk", "unit__code", "version", "status")
        )
        reports = pl.DataFrame(
            rows,
            schema={"report_id": pl.Int64, "unit": pl.Utf8, "version": pl.Int64, "status": pl.Utf8},
            orient="row",
        )
        old = [
            (rid, el, show(v) if v is not None else None, pk)
            for pk, rid, el, v in Figure.objects.filter(
                report__dataset=dataset, report__period=period
            ).values_list("pk", "report_id", "element", "value")
        ]
        old_df = pl.DataFrame(
            old,
            schema={
                "report_id": pl.Int64,
                "element": pl.Utf8,
                "old": pl.Utf8,
                "figure_id": pl.Int64,
            },
            orient="row",
        )
        long = (
            frame.select(["unit", *codes])
            .with_columns([as_text(pl.col(c)).alias(c) for c in codes])
            .unpivot(index="unit", on=codes, variable_name="element", value_name="new")
            .join(reports, on="unit")
            .join(old_df, on=["report_id", "element"], how="left")
        )
        changed = long.filter(
            (pl.col("old").is_null() != pl.col("new").is_null())
            | (pl.col("old") != pl.col("new")).fill_null(False)
        ).with_columns((pl.col("version") + 1).alias("new_version"))
        created = changed.filter(pl.col("figure_id").is_null() & pl.col("new").is_not_null())
        updated = changed.filter(pl.col("figure_id").is_not_null())
        audit = changed.select(
            "report_id",
            "element",
            pl.col("old").alias("old_value"),
            pl.col("new").alias("new_value"),
            pl.lit(who, dtype=pl.Int64).alias("user_id"),
            pl.lit(_timestamp(now)).alias("at"),
            pl.lit(path).alias("path"),
            pl.col("new_version").alias("version"),
        )
        _insert(
            Figure._meta.db_table,
            created.select("report_id", "element", pl.col("new").alias("value")),
        )
        _insert(FigureChange._meta.db_table, audit)
        if updated.height:
            with connection.cursor() as cursor:
                cursor.executemany(
                    f"UPDATE {Figure._meta.db_table} SET value = %s WHERE id = %s",
                    updated.select("new", "figure_id").rows(),
                )
        changed_ids = changed["report_id"].unique().to_list()
        touched = reports.filter(pl.col("unit").is_in(in_file))
        submit_ids = touched.filter(pl.col("status").is_in([S.DRAFT, S.RETURNED]))[
            "report_id"
        ].to_list()
        for ids in _chunks(changed_ids):
            Report.objects.filter(pk__in=ids).update(version=F("version") + 1, updated_at=now)
        for ids in _chunks(submit_ids):
            Report.objects.filter(pk__in=ids).update(
                status=S.SUBMITTED, submitted_at=now, return_reason="", updated_at=now
            )
            Report.objects.filter(pk__in=ids, first_submitted_at__isnull=True).update(
                first_submitted_at=now
            )
        ReportEvent.objects.bulk_create(
            (
                ReportEvent(report_id=pk, action=ReportEvent.Action.SUBMIT, user_id=who, at=now)
                for pk in submit_ids
            ),
            batch_size=_BATCH,
        )
        return len(in_file)


def _timestamp(moment: Any) -> str:
    if connection.vendor == "postgresql":
        return str(moment.isoformat())
    return str(connection.ops.adapt_datetimefield_value(moment))


def _insert(table: str, df: pl.DataFrame) -> None:
    if not df.height:
        return
    columns = ", ".join(df.columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            data = df.write_csv(include_header=False, null_value="")
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN (FORMAT csv)") as copy:
                copy.write(data)
            return
        marks = ", ".join(["%s"] * df.width)
        for chunk in _chunks(df.rows()):
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", chunk)


_BATCH = 5000


def _chunks(seq: list[Any]) -> Iterator[list[Any]]:
    for i in range(0, len(seq), _BATCH):
        yield seq[i : i + _BATCH]
