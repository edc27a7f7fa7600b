"""Changing figures and moving reports through their workflow.

Every change of a report, its figures or its status, by every path (form, draft
save, API, upload, return, approve, an assessment's approval, reopening) passes
:func:`guarded`: the reports are locked and their status, version and the user's
rights re-read in the transaction of the write, so that no check made earlier
can be overtaken by another request. Each change is audited in that same
transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import polars as pl
from django.db import connection, transaction
from django.db.models import F, Q
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext as _

from kaoping.engine import (
    Check,
    ElementType,
    ExprError,
    Rubric,
    ValueProblem,
    format_exact,
    parse_expr,
    parse_value,
)

from .models import (
    DataElement,
    DataSet,
    Figure,
    FigureChange,
    Membership,
    Report,
    ReportEvent,
    RoleChange,
    Unit,
)

Values = dict[str, Decimal | None]


def show(value: Decimal | None) -> str:
    """A figure as a person writes it (see :func:`kaoping.engine.format_exact`)."""
    return "" if value is None else format_exact(value)


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


class Refused(Exception):
    """A change the reports' state, read under their lock, does not allow.

    ``refusals`` names each report and why; ``errors`` (element -> messages) is
    set when the figures themselves fail the data set's checks; ``changed`` lists
    the figure changes made since the version an approver saw.
    """

    def __init__(
        self,
        refusals: list[tuple[Report, str]],
        *,
        errors: dict[str, list[str]] | None = None,
        changed: list[FigureChange] | None = None,
    ) -> None:
        self.refusals = refusals
        self.errors = errors or {}
        self.changed = changed or []
        self.message = "；".join(why for _r, why in refusals)
        super().__init__(self.message)


#: What each guarded action needs of a report's status (read under the lock) and
#: of the user's access to it (:func:`~kaoping.web.core.access.report_access`).
_NEEDS: dict[str, tuple[frozenset[str], str | None]] = {
    "edit": (frozenset({"draft", "returned", "submitted"}), "edit"),
    "submit": (frozenset({"draft", "returned"}), "edit"),
    "return": (frozenset({"submitted"}), "review"),
    "approve": (frozenset({"submitted"}), "approve"),
    # An assessment's approval locks the reports it read: submitted ones are
    # approved with it, approved ones stay so.
    "lock": (frozenset({"submitted", "approved"}), None),
    "reopen": (frozenset({"approved"}), "reopen"),
}


def _refusal(report: Report, need: str, user: Any, version: int | None) -> str | None:
    from .access import report_access

    statuses, right = _NEEDS[need]
    where = f"{report.unit.name} {report.period}"
    if report.status not in statuses:
        if report.status == Report.Status.APPROVED:
            return _("%(where)s：已审核锁定，如需修改请由领导解锁更正") % {"where": where}
        return _("%(where)s：状态为“%(status)s”，不能%(action)s") % {
            "where": where,
            "status": report.get_status_display(),
            "action": _ACTION_WORDS[need],
        }
    if version is not None and report.version != version:
        return _("%(where)s：数据已从第%(seen)s版改为第%(now)s版，请重新查看") % {
            "where": where,
            "seen": version,
            "now": report.version,
        }
    if user is not None and right is not None and not getattr(report_access(user, report), right):
        return _("%(where)s：无权%(action)s") % {"where": where, "action": _ACTION_WORDS[need]}
    if user is not None and need in ("approve", "lock") and report.status == "submitted":
        who = four_eyes(user, report_preparers(report))
        if who:
            return _("%(where)s：%(who)s录入或修改过数据，不能由同一人审核") % {
                "where": where,
                "who": who,
            }
    return None


_ACTION_WORDS = {
    "edit": pgettext_lazy("report action", "修改"),
    "submit": pgettext_lazy("report action", "提交"),
    "return": pgettext_lazy("report action", "退回"),
    "approve": pgettext_lazy("report action", "审核锁定"),
    "lock": pgettext_lazy("report action", "随考评审定锁定"),
    "reopen": pgettext_lazy("report action", "解锁更正"),
}


@contextmanager
def guarded(
    pks: Iterable[int],
    need: str,
    user: Any,
    versions: Mapping[int, int] | None = None,
) -> Iterator[list[Report]]:
    """The one gate of every change of reports: their figures and their status.

    Locks the reports and re-reads them in the transaction the caller's writes
    run in (a row lock on PostgreSQL; on SQLite the transaction took the
    database's write lock at BEGIN IMMEDIATE), then refuses unless each one's
    status, version (when ``versions`` gives the one the user saw) and the
    user's rights allow ``need``. A check made before this, outside the
    transaction, is advice for the page, never the decision.
    """
    with transaction.atomic():
        locked = list(
            Report.objects.select_for_update(of=("self",))
            .filter(pk__in=list(pks))
            .select_related("unit", "unit__township", "dataset")
            .order_by("pk")
        )
        refusals = []
        for r in locked:
            why = _refusal(r, need, user, None if versions is None else versions.get(r.pk))
            if why:
                refusals.append((r, why))
        if refusals:
            changed: list[FigureChange] = []
            if versions is not None and len(locked) == 1 and locked[0].pk in versions:
                changed = list(
                    FigureChange.objects.filter(
                        report=locked[0], version__gt=versions[locked[0].pk]
                    ).select_related("user")
                )
            raise Refused(refusals, changed=changed)
        yield locked


def report_preparers(report: Report) -> set[int]:
    """Who entered or changed the report's figures, by its audit."""
    return set(
        FigureChange.objects.filter(report=report, user__isnull=False).values_list(
            "user_id", flat=True
        )
    )


def four_eyes(approver: Any, preparers: set[int]) -> str:
    """Empty when ``approver`` may approve what ``preparers`` prepared; otherwise
    who stands in the way. A preparer may not approve, nor may an account that a
    preparer created or granted an approving role (they know or chose its
    holder), by the role audit, whatever the roles are today."""
    from django.contrib.auth import get_user_model

    if not preparers or getattr(approver, "pk", None) is None:
        return ""
    if approver.pk in preparers:
        return str(approver.get_username())
    through = (
        RoleChange.objects.filter(user_id=approver.pk, actor_id__in=preparers)
        .filter(
            Q(action=RoleChange.Action.CREATE_USER)
            | Q(
                action=RoleChange.Action.GRANT,
                role__in=[Membership.Role.LEADER, Membership.Role.ADMIN],
            )
        )
        .values_list("actor_id", flat=True)
        .first()
    )
    if through is None:
        return ""
    actor = get_user_model().objects.filter(pk=through).first()
    name = actor.get_username() if actor is not None else "?"
    return _("%(actor)s（本账号的创建或授权人）") % {"actor": name}


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
    submit: bool = False,
) -> int:
    """Write ``values`` and their audit in one transaction; return how many changed.

    With ``base_version`` (the version the person started from), a figure changed
    by someone else since then is kept when this person left it as it was, and is
    a :class:`Conflict` when both changed it to different values.

    The report must be open to this user under its lock (:func:`guarded`). A
    report that is or becomes submitted (``submit``) keeps only complete figures
    that pass the data set's checks: anything else is :class:`Refused` with the
    messages per element, and nothing is written.
    """
    with guarded([report.pk], "submit" if submit else "edit", user) as (locked,):
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
        if submit or locked.status == Report.Status.SUBMITTED:
            merged = {**current, **wanted}
            checked = validate(
                locked.dataset, {c: show(v) for c, v in merged.items()}, complete=True
            )
            if not checked.ok:
                raise Refused(
                    [(locked, _("已提交的报表只保存完整且通过校验的数据"))],
                    errors=checked.errors,
                )
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
        if submit:
            _mark_submitted(locked, user, now)
        report.version = locked.version
        report.status = locked.status
        return len(changes)


def _same(a: Decimal | None, b: Decimal | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return a == b


def _mark_submitted(locked: Report, user: Any, now: Any) -> None:
    locked.status = Report.Status.SUBMITTED
    locked.submitted_at = now
    locked.return_reason = ""
    if locked.first_submitted_at is None:
        locked.first_submitted_at = now
    locked.save(
        update_fields=[
            "status",
            "submitted_at",
            "return_reason",
            "first_submitted_at",
            "updated_at",
        ]
    )
    ReportEvent.objects.create(
        report=locked, action=ReportEvent.Action.SUBMIT, user=_who(user), at=now
    )


def _who(user: Any) -> Any:
    return user if getattr(user, "pk", None) else None


def submit(report: Report, user: Any) -> None:
    """Submit the figures as they stand (they must be complete and pass the checks)."""
    save_figures(report, {}, user=user, path="form", submit=True)
    report.refresh_from_db()


def return_for_correction(report: Report, user: Any, reason: str) -> None:
    with guarded([report.pk], "return", user) as (locked,):
        locked.status = Report.Status.RETURNED
        locked.return_reason = reason
        locked.save(update_fields=["status", "return_reason", "updated_at"])
        ReportEvent.objects.create(
            report=locked, action=ReportEvent.Action.RETURN, user=_who(user), note=reason
        )
    report.refresh_from_db()


def approve(report: Report, user: Any, *, version: int) -> None:
    """Approve and lock the report as the approver saw it (``version``)."""
    with guarded([report.pk], "approve", user, {report.pk: version}) as (locked,):
        locked.status = Report.Status.APPROVED
        locked.save(update_fields=["status", "updated_at"])
        ReportEvent.objects.create(
            report=locked, action=ReportEvent.Action.APPROVE, user=_who(user)
        )
    report.refresh_from_db()


def approve_with_assessment(
    pks: Iterable[int], versions: Mapping[int, int], user: Any, note: str
) -> list[Report]:
    """Lock every report an assessment read, at the versions it read them, in the
    caller's transaction (the assessment's approval). Refused while any of them
    is a draft or returned, or changed since it was read."""
    with guarded(pks, "lock", user, versions) as locked:
        now = timezone.now()
        opened = [r for r in locked if r.status != Report.Status.APPROVED]
        for r in opened:
            r.status = Report.Status.APPROVED
            r.save(update_fields=["status", "updated_at"])
        ReportEvent.objects.bulk_create(
            ReportEvent(
                report=r, action=ReportEvent.Action.APPROVE, user=_who(user), at=now, note=note
            )
            for r in opened
        )
        return locked


#: Sent inside the transaction of a reopened report, so that whatever was
#: approved from its figures (an assessment) starts its correction in it too.
report_reopened = Signal()


def reopen(report: Report, user: Any, reason: str) -> None:
    """Unlock an approved report for a correction: a leader's step with a written
    reason, audited; an approved assessment that read it gets a new version."""
    reason = reason.strip()
    if not reason:
        raise Refused([(report, _("解锁更正时必须写明原因"))])
    with guarded([report.pk], "reopen", user) as (locked,):
        locked.status = Report.Status.RETURNED
        locked.return_reason = reason
        locked.save(update_fields=["status", "return_reason", "updated_at"])
        ReportEvent.objects.create(
            report=locked, action=ReportEvent.Action.REOPEN, user=_who(user), note=reason
        )
        report_reopened.send(sender=Report, report=locked, user=user, reason=reason)
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
    versions: Mapping[str, int] | None = None,
) -> int:
    """Write every unit's figures of ``frame`` and submit the reports, in one
    transaction, with the same audit as :func:`save_figures` (one change row per
    figure that changed, the report's version bumped once).

    The reports pass :func:`guarded` like every other write; with ``versions``
    (unit code -> the report's version shown in the preview, 0 for none yet) a
    report changed since the preview refuses the whole import.

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
        pks = dict(
            Report.objects.filter(
                dataset=dataset, period=period, unit__code__in=in_file
            ).values_list("unit__code", "pk")
        )
        seen = None if versions is None else {pks[c]: versions.get(c, 0) for c in pks}
        # The guard's savepoint ends here; its row locks last until this
        # transaction, which makes every write below, commits.
        with guarded(pks.values(), "edit", user, seen) as locked:
            rows = [(r.pk, r.unit.code, r.version, r.status) for r in locked]
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
