"""Changing figures and moving reports through their workflow.

Every change of a report, its figures or its status, by every path (form, draft
save, API, upload, return, approve, an assessment's approval, reopening) passes
:func:`guarded`: the reports are locked and their status, version and the user's
rights re-read in the transaction of the write, so that no check made earlier
can be overtaken by another request. Each change is audited in that same
transaction.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import polars as pl
from django.db import connection, transaction
from django.db.models import Q
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext as _

from kaoping.engine import (
    Check,
    ElementType,
    Expr,
    ExprError,
    Rubric,
    ValueProblem,
    format_exact,
    parse_expr,
    parse_value,
)

from . import partitions
from .models import (
    DataCheck,
    DataElement,
    DataSet,
    Figure,
    FigureChange,
    FigureImport,
    Membership,
    Report,
    ReportEvent,
    RoleChange,
    Unit,
)
from .reading import as_text

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
    checks: Iterable[DataCheck] | None = None,
) -> Validation:
    """Parse raw values by their element's type; on ``complete`` (a submission) also
    require every value without a default and apply the data set's checks.

    ``elements`` and ``checks``, when the caller has read them already, spare
    reading them again."""
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
    for check in dataset.checks.all() if checks is None else checks:
        try:
            expr = _parsed(check.rule)
        except ExprError:
            continue
        names = list(expr.names())
        if not names or any(n not in env for n in names):
            continue
        if expr.evaluate(env) is False:
            result.add(names[0], check.message)
    return result


@functools.lru_cache(maxsize=512)
def _parsed(rule: str) -> Expr:
    """A check's rule parsed once per process: every submit applies every check."""
    return parse_expr(rule)


def problem_text(problem: ValueProblem) -> str:
    """The engine words every problem in Chinese and English; pick the page's language."""
    return str(problem) if (get_language() or "").startswith("en") else problem.message_zh


def worded(message: str, message_zh: str) -> str:
    """Of a sentence the engine or the readers word in both languages, the one of the
    active language (the request's; Chinese outside a request)."""
    return message if (get_language() or "").startswith("en") else message_zh


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
    # A county's, city's or province's assessment approves on the townships'
    # approvals: it locks reports the townships approved and approves none itself
    # (the approver's right is the assessor's, checked by its own step).
    "lock_approved": (frozenset({"approved"}), None),
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


def refuse(report: Report, need: str, user: Any, version: int | None = None) -> None:
    """Raise Refused as :func:`guarded` would refuse ``need`` on ``report`` now (with
    the changes since ``version``), read without the lock: checked before the step
    is asked about, and decided again under the lock."""
    why = _refusal(report, need, user, version)
    if why:
        changed = [] if version is None else _changed_since(report, version)
        raise Refused([(report, why)], changed=changed)


def _changed_since(report: Report, version: int) -> list[FigureChange]:
    return list(
        FigureChange.objects.filter(report=report, version__gt=version).select_related("user")
    )


def _refusals_of_new(units: list[Unit], need: str, user: Any) -> list[tuple[Unit, str]]:
    """:func:`_refusal` for reports of ``units`` not written yet (drafts), without
    building them: an import of a county's file creates thousands, judged by
    township rather than one by one (:func:`access_to_units`)."""
    from .access import access_in_status, access_to_units

    statuses, right = _NEEDS[need]
    if Report.Status.DRAFT not in statuses:
        return [
            (
                unit,
                _("%(where)s：状态为“%(status)s”，不能%(action)s")
                % {
                    "where": unit.name,
                    "status": Report.Status.DRAFT.label,
                    "action": _ACTION_WORDS[need],
                },
            )
            for unit in units
        ]
    if user is None or right is None:
        return []
    allowed: dict[int, bool] = {}  # by the Access object: a township's villages share one
    refused = []
    for unit, access in zip(units, access_to_units(user, units), strict=True):
        if id(access) not in allowed:
            allowed[id(access)] = getattr(access_in_status(access, Report.Status.DRAFT), right)
        if not allowed[id(access)]:
            words = {"where": unit.name, "action": _ACTION_WORDS[need]}
            refused.append((unit, _("%(where)s：无权%(action)s") % words))
    return refused


_ACTION_WORDS = {
    "edit": pgettext_lazy("report action", "修改"),
    "submit": pgettext_lazy("report action", "提交"),
    "return": pgettext_lazy("report action", "退回"),
    "approve": pgettext_lazy("report action", "审核锁定"),
    "lock": pgettext_lazy("report action", "随考评审定锁定"),
    "lock_approved": pgettext_lazy("report action", "随上级考评审定锁定"),
    "reopen": pgettext_lazy("report action", "解锁更正"),
}


@contextmanager
def guarded(
    pks: Iterable[int],
    need: str,
    user: Any,
    versions: Mapping[int, int] | None = None,
    *,
    new: Iterable[Unit] = (),
) -> Iterator[list[Report]]:
    """The one gate of every change of reports: their figures and their status.

    Locks the reports and re-reads them in the transaction the caller's writes
    run in (a row lock on PostgreSQL; on SQLite the transaction took the
    database's write lock at BEGIN IMMEDIATE), then refuses unless each one's
    status, version (when ``versions`` gives the one the user saw) and the
    user's rights allow ``need``. A check made before this, outside the
    transaction, is advice for the page, never the decision.

    ``new`` are units whose reports the caller is about to create in this
    transaction: nobody else can see those before it commits, and the unique
    (data set, unit, period) refuses a second one, so there is nothing to lock;
    each is judged by the same rule as a draft of that unit.
    """
    with transaction.atomic():
        locked: list[Report] = []
        for chunk in _chunks(sorted(set(pks))):
            locked += (
                Report.objects.select_for_update(of=("self",))
                .filter(pk__in=chunk)
                .select_related("unit", "unit__township", "dataset")
                .order_by("pk")
            )
        refusals = []
        for r in locked:
            why = _refusal(r, need, user, None if versions is None else versions.get(r.pk))
            if why:
                refusals.append((r, why))
        for unit, why in _refusals_of_new(list(new), need, user):
            refusals.append((Report(unit=unit, status=Report.Status.DRAFT), why))
        if refusals:
            changed: list[FigureChange] = []
            if versions is not None and len(locked) == 1 and locked[0].pk in versions:
                changed = _changed_since(locked[0], versions[locked[0].pk])
            raise Refused(refusals, changed=changed)
        yield locked


def report_preparers(report: Report) -> set[int]:
    """Who entered or changed the report's figures, by its audit: the change rows,
    and the imports that changed it (an import writes a change row only where it
    replaced a value, but one step per report it touched)."""
    typed = (
        FigureChange.objects.filter(report=report, user__isnull=False)
        .order_by()
        .values_list("user_id", flat=True)
    )
    imported = (
        ReportEvent.objects.filter(report=report, figure_import__isnull=False, user__isnull=False)
        .order_by()
        .values_list("user_id", flat=True)
    )
    return set(typed.union(imported))


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
    elements: list[DataElement] | None = None,
    checks: list[DataCheck] | None = None,
) -> int:
    """Write ``values`` and their audit in one transaction; return how many changed.

    ``report`` may be unsaved (nobody has written it yet): it is then created
    with its figures, directly in its final state, in the same transaction
    (:func:`_save_new`). ``elements`` and ``checks`` are the data set's, when
    the caller has read them already.

    With ``base_version`` (the version the person started from), a figure changed
    by someone else since then is kept when this person left it as it was, and is
    a :class:`Conflict` when both changed it to different values.

    The report must be open to this user under its lock (:func:`guarded`). A
    report that is or becomes submitted (``submit``) keeps only complete figures
    that pass the data set's checks: anything else is :class:`Refused` with the
    messages per element, and nothing is written.
    """
    if report.pk is None:
        written = _save_new(
            report, values, user=user, path=path, submit=submit, elements=elements, checks=checks
        )
        if written is not None:
            return written
        # Another request created the report since this one looked: its
        # figures are now someone's, so this save takes the locked path with
        # the version check like any other.
        report.pk = report_for(report.dataset, report.unit, report.period).pk
        report._state.adding = False
    with guarded([report.pk], "submit" if submit else "edit", user) as (locked,):
        figures = {f.element: f for f in Figure.objects.filter(report=locked, period=locked.period)}
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
            # An import audits only the values it replaced, not those it filled
            # in, so after one nothing says what an unaudited figure was at the
            # base version: every difference is put to the person.
            if ReportEvent.objects.filter(
                report=locked, figure_import__isnull=False, version__gt=base_version
            ).exists():
                for code, mine in wanted.items():
                    if code not in base_values and not _same(mine, current.get(code)):
                        conflicts[code] = (mine, current.get(code))
            if conflicts:
                raise Conflict(locked, conflicts)
        if submit or locked.status == Report.Status.SUBMITTED:
            merged = {**current, **wanted}
            checked = validate(
                locked.dataset,
                {c: show(v) for c, v in merged.items()},
                complete=True,
                elements=elements,
                checks=checks,
            )
            if not checked.ok:
                raise Refused(
                    [(locked, _("已提交的报表只保存完整且通过校验的数据"))],
                    errors=checked.errors,
                )
        new_version = locked.version + 1
        now = timezone.now()
        changes: list[FigureChange] = []
        created: list[Figure] = []
        updated: list[Figure] = []
        for code, value in wanted.items():
            old = current.get(code)
            if code in figures and _same(old, value):
                continue
            if code not in figures and value is None:
                continue
            if code in figures:
                fig = figures[code]
                fig.value = value
                updated.append(fig)
            else:
                created.append(
                    Figure(report=locked, period=locked.period, element=code, value=value)
                )
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
        # One statement per table, whatever the number of figures.
        if created:
            Figure.objects.bulk_create(created)
        if updated:
            Figure.objects.bulk_update(updated, ["value"])
        if changes:
            FigureChange.objects.bulk_create(changes)
            locked.version = new_version
        if submit:
            _mark_submitted(locked, user, now, versioned=bool(changes))
        elif changes:
            locked.save(update_fields=["version", "updated_at"])
        report.version = locked.version
        report.status = locked.status
        return len(changes)


def _save_new(
    report: Report,
    values: Mapping[str, Decimal | None],
    *,
    user: Any,
    path: str,
    submit: bool,
    elements: list[DataElement] | None,
    checks: list[DataCheck] | None,
) -> int | None:
    """:func:`save_figures` of a report nobody has written yet: the report is
    inserted in its final state (submitted at version 1, or a draft), then its
    figures, their audit and the step, in one transaction; the number of
    figures written, or None when the report exists after all.

    Nothing to lock: nobody else sees the report before this commits, and the
    unique (data set, unit, period) lets only one request create it (the
    insert of a second waits for the first and then inserts nothing). It is
    judged by the rule of a draft of its unit, as :func:`guarded` judges a new
    one, and a submitted one must pass the data set's checks.
    """
    need = "submit" if submit else "edit"
    refused = _refusals_of_new([report.unit], need, user)
    if refused:
        raise Refused([(Report(unit=report.unit, status=Report.Status.DRAFT), refused[0][1])])
    wanted = {code: value for code, value in values.items() if value is not None}
    if submit:
        checked = validate(
            report.dataset,
            {c: show(v) for c, v in wanted.items()},
            complete=True,
            elements=elements,
            checks=checks,
        )
        if not checked.ok:
            raise Refused(
                [(report, _("已提交的报表只保存完整且通过校验的数据"))], errors=checked.errors
            )
    now = timezone.now()
    S = Report.Status
    report.status = S.SUBMITTED if submit else S.DRAFT
    report.version = 1 if wanted else 0
    report.first_submitted_at = report.submitted_at = now if submit else None
    report.return_reason = ""
    report.updated_at = now
    # savepoint=False: inside a caller's transaction this adds no statements,
    # and nothing below raises on purpose (the refusals are decided above).
    with transaction.atomic(savepoint=False):
        pk = _insert_report_unless_present(report)
        if pk is None:
            return None
        report.pk = pk
        report._state.adding = False
        report._state.db = connection.alias
        who = _who(user)
        Figure.objects.bulk_create(
            Figure(report=report, period=report.period, element=code, value=value)
            for code, value in wanted.items()
        )
        FigureChange.objects.bulk_create(
            FigureChange(
                report=report,
                element=code,
                old_value=None,
                new_value=value,
                user=who,
                at=now,
                path=path,
                version=report.version,
            )
            for code, value in wanted.items()
        )
        if submit:
            ReportEvent.objects.create(
                report=report, action=ReportEvent.Action.SUBMIT, user=who, at=now
            )
    return len(wanted)


def _insert_report_unless_present(report: Report) -> int | None:
    """INSERT … ON CONFLICT DO NOTHING RETURNING id (PostgreSQL and SQLite 3.35+):
    the new report's id, or None when its (data set, unit, period) exists. The
    ORM's ``save`` would raise IntegrityError instead, which needs a savepoint
    (two more statements per submit) to recover from."""
    columns = [
        "dataset_id",
        "unit_id",
        "period",
        "status",
        "version",
        "first_submitted_at",
        "submitted_at",
        "return_reason",
        "updated_at",
    ]
    ops = connection.ops
    params: list[Any] = [
        report.dataset_id,
        report.unit_id,
        report.period,
        report.status,
        report.version,
        ops.adapt_datetimefield_value(report.first_submitted_at),
        ops.adapt_datetimefield_value(report.submitted_at),
        report.return_reason,
        ops.adapt_datetimefield_value(report.updated_at),
    ]
    marks = ", ".join(["%s"] * len(columns))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {Report._meta.db_table} ({', '.join(columns)}) VALUES ({marks})"
            " ON CONFLICT (dataset_id, unit_id, period) DO NOTHING RETURNING id",
            params,
        )
        row = cursor.fetchone()
    return None if row is None else int(row[0])


def _same(a: Decimal | None, b: Decimal | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return a == b


def _mark_submitted(locked: Report, user: Any, now: Any, *, versioned: bool = False) -> None:
    locked.status = Report.Status.SUBMITTED
    locked.submitted_at = now
    locked.return_reason = ""
    if locked.first_submitted_at is None:
        locked.first_submitted_at = now
    fields = ["status", "submitted_at", "return_reason", "first_submitted_at", "updated_at"]
    locked.save(update_fields=[*fields, "version"] if versioned else fields)
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

#: Sent before a reopening is asked about, outside any transaction: a receiver
#: returns what the reopening would start, as (township, name, version) of each
#: approved assessment that will get a correction, or raises Refused where the
#: reopening would be refused (a quarter the county accepted).
report_reopen_asked = Signal()


def reopen_corrections(report: Report) -> list[tuple[str, str, int]]:
    """The approved assessments a reopening of ``report`` would correct (by
    :data:`report_reopen_asked`); may raise Refused."""
    found: list[tuple[str, str, int]] = []
    for _receiver, corrected in report_reopen_asked.send(sender=Report, report=report):
        if isinstance(corrected, list):
            found += corrected
    return found


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


@dataclass(frozen=True)
class ImportSource:
    """The file an import came from, as its event records it."""

    filename: str = ""
    sha256: str = ""


def import_frame(
    dataset: DataSet,
    period: str,
    frame: pl.DataFrame,
    units: Mapping[str, Unit],
    *,
    user: Any,
    path: str,
    versions: Mapping[str, int] | None = None,
    source: ImportSource = ImportSource(),
) -> FigureImport:
    """Write every unit's figures of ``frame`` and submit the reports, all in one
    transaction or nothing, and return the import's event.

    The reports pass :func:`guarded` like every other write (the ones this
    import creates are judged by the same rule); with ``versions`` (unit code ->
    the report's version shown in the preview, 0 for none yet) a report changed
    since the preview refuses the whole import.

    The audit a person reads: one :class:`FigureImport` (who, when, the file's
    name and SHA-256, what it did), a change row for each value it replaced
    (none for a value filled in where there was none), and one step per report
    it changed or submitted, with the report's new version.

    By sets: the changes are found by joins in Polars, and every table is
    written by one statement (COPY on PostgreSQL, one executemany on SQLite),
    new reports directly in their submitted state, so that the cost stays near
    that of copying the figures into a table with a primary key only.
    """
    S = Report.Status
    codes = [e.code for e in dataset.elements.all()]
    frame = frame.filter(pl.col("period") == period)
    in_file: list[str] = frame["unit"].to_list()
    unit_ids = {code: units[code].pk for code in in_file}
    with transaction.atomic():
        now = timezone.now()
        who = user.pk if getattr(user, "pk", None) else None
        existing = dict(
            Report.objects.filter(dataset=dataset, period=period).values_list("unit_id", "pk")
        )
        old_pks = [existing[u] for u in unit_ids.values() if u in existing]
        fresh = [units[c] for c in in_file if unit_ids[c] not in existing]
        seen = (
            None
            if versions is None
            else {
                existing[unit_ids[c]]: versions.get(c, 0)
                for c in in_file
                if unit_ids[c] in existing
            }
        )
        # The guard's savepoint ends here; its row locks last until this
        # transaction, which makes every write below, commits.
        with guarded(old_pks, "edit", user, seen, new=fresh) as locked:
            rows: list[tuple[str, int | None, int, str]] = [
                (r.unit.code, r.pk, r.version, r.status) for r in locked
            ]
        # On PostgreSQL the new reports' ids are taken from their sequence first,
        # one statement, and written with them: no reading them back afterwards.
        ids = _new_report_ids(len(fresh))
        rows += [
            (u.code, None if ids is None else ids[n], 0, S.DRAFT.value) for n, u in enumerate(fresh)
        ]
        reports = pl.DataFrame(
            rows,
            schema={
                "unit": pl.Utf8,
                "report_id": pl.Int64,
                "version": pl.Int64,
                "status": pl.Utf8,
            },
            orient="row",
        ).with_columns(new=pl.int_range(pl.len()) >= len(locked))
        old = pl.DataFrame(
            [
                (rid, el, show(v) if v is not None else None, True)
                for rid, el, v in Figure.objects.filter(
                    period=period, report__dataset=dataset, report__period=period
                ).values_list("report_id", "element", "value")
            ]
            if old_pks
            else [],
            schema={
                "report_id": pl.Int64,
                "element": pl.Utf8,
                "old": pl.Utf8,
                "stored": pl.Boolean,
            },
            orient="row",
        )
        # Each unit's report joined to the file's rows before they are made one
        # per figure: a join of thousands of rows, not of millions.
        long = (
            frame.select(["unit", *codes])
            .join(reports.select("unit", "report_id"), on="unit", how="left")
            .with_columns([as_text(pl.col(c)).alias(c) for c in codes])
            .unpivot(
                index=["unit", "report_id"], on=codes, variable_name="element", value_name="new"
            )
        )
        long = (
            long.join(old, on=["report_id", "element"], how="left")
            if old.height
            else long.with_columns(old=pl.lit(None, pl.Utf8), stored=pl.lit(None, pl.Boolean))
        )
        differs = (pl.col("old").is_null() != pl.col("new").is_null()) | (
            pl.col("old") != pl.col("new")
        ).fill_null(False)
        created = long.filter(pl.col("stored").is_null() & pl.col("new").is_not_null())
        updated = long.filter(pl.col("stored").is_not_null() & differs)
        replaced = updated.filter(pl.col("old").is_not_null())
        # A report changes when a figure of it is filled or replaced: by its id
        # (numbers, not unit codes, across millions of rows), and a new report
        # without an id yet (SQLite) when its row holds any value.
        changed_ids = pl.concat([created["report_id"], updated["report_id"]]).drop_nulls().unique()
        with_values = frame.filter(pl.any_horizontal(pl.col(codes).is_not_null()))["unit"]
        reports = reports.with_columns(
            (
                pl.col("report_id").is_in(changed_ids.implode())
                | (pl.col("new") & pl.col("unit").is_in(with_values.implode()))
            ).alias("changed"),
            pl.col("status").is_in([S.DRAFT, S.RETURNED]).alias("submits"),
        ).with_columns((pl.col("version") + pl.col("changed").cast(pl.Int64)).alias("new_version"))

        record = FigureImport.objects.create(
            dataset=dataset,
            period=period,
            user_id=who,
            at=now,
            filename=source.filename[:255],
            sha256=source.sha256,
            units=len(in_file),
            filled=created.height + updated.height - replaced.height,
            replaced=replaced.height,
            submitted=int(reports["submits"].sum()),
        )
        at = _timestamp(now)
        new_reports = reports.filter("new")
        _insert(
            Report._meta.db_table,
            new_reports.select(
                *([] if ids is None else [pl.col("report_id").alias("id")]),
                pl.lit(dataset.pk).alias("dataset_id"),
                pl.col("unit").replace_strict(unit_ids, return_dtype=pl.Int64).alias("unit_id"),
                pl.lit(period).alias("period"),
                pl.lit(S.SUBMITTED.value).alias("status"),
                pl.col("new_version").alias("version"),
                pl.lit(at).alias("first_submitted_at"),
                pl.lit(at).alias("submitted_at"),
                pl.lit("").alias("return_reason"),
                pl.lit(at).alias("updated_at"),
            ),
        )
        if new_reports.height and ids is None:
            by_unit = dict(
                Report.objects.filter(dataset=dataset, period=period).values_list(
                    "unit__code", "pk"
                )
            )
            reports = reports.with_columns(
                pl.col("report_id").fill_null(
                    pl.col("unit").replace_strict(by_unit, default=None, return_dtype=pl.Int64)
                )
            )
            created = created.with_columns(
                pl.col("report_id").fill_null(
                    pl.col("unit").replace_strict(by_unit, default=None, return_dtype=pl.Int64)
                )
            )
        old_reports = reports.filter(~pl.col("new"))
        moment = connection.ops.adapt_datetimefield_value(now)
        _update_reports(
            "version = version + 1, updated_at = %s",
            [moment],
            old_reports.filter("changed")["report_id"].to_list(),
        )
        _update_reports(
            "status = %s, submitted_at = %s, return_reason = '', updated_at = %s,"
            " first_submitted_at = COALESCE(first_submitted_at, %s)",
            [S.SUBMITTED.value, moment, moment, moment],
            old_reports.filter("submits")["report_id"].to_list(),
        )
        _insert(
            # On PostgreSQL straight into the period's partition when it has
            # one: COPY then skips routing each row through the parent.
            partitions.table_of(period),
            # In the order of the table's key, (report, element): each row then
            # goes to the right end of the index. By the report only: one report's
            # figures share a page of the key whatever their order there.
            created.sort("report_id").select(
                "report_id", "element", pl.col("new").alias("value"), pl.lit(period).alias("period")
            ),
        )
        _update_figures(updated.select("report_id", "element", "new"), period)
        _insert(
            FigureChange._meta.db_table,
            replaced.join(reports.select("report_id", "new_version"), on="report_id").select(
                "report_id",
                "element",
                pl.col("old").alias("old_value"),
                pl.col("new").alias("new_value"),
                pl.lit(who, dtype=pl.Int64).alias("user_id"),
                pl.lit(at).alias("at"),
                pl.lit(path).alias("path"),
                pl.col("new_version").alias("version"),
            ),
        )
        # One step per report the import touched: 提交 for the ones it
        # submitted, 导入 for the submitted ones whose figures it changed.
        _insert(
            ReportEvent._meta.db_table,
            reports.filter(pl.col("changed") | pl.col("submits")).select(
                "report_id",
                pl.when("submits")
                .then(pl.lit(ReportEvent.Action.SUBMIT.value))
                .otherwise(pl.lit(ReportEvent.Action.IMPORT.value))
                .alias("action"),
                pl.lit(who, dtype=pl.Int64).alias("user_id"),
                pl.lit(at).alias("at"),
                pl.lit("").alias("note"),
                pl.lit(record.pk).alias("figure_import_id"),
                pl.col("new_version").alias("version"),
            ),
        )
        return record


def _new_report_ids(count: int) -> list[int] | None:
    """``count`` ids from the reports' sequence on PostgreSQL (None elsewhere:
    SQLite's reports are read back after their insert)."""
    if connection.vendor != "postgresql" or not count:
        return None
    with connection.cursor() as cursor:
        cursor.execute(
            # The sequence looked up once, not once per id.
            "SELECT array_agg(nextval(s)) FROM"
            " CAST(pg_get_serial_sequence(%s, 'id') AS regclass) AS s, generate_series(1, %s)",
            [Report._meta.db_table, count],
        )
        (ids,) = cursor.fetchone()
        return list(ids)


def _timestamp(moment: Any) -> str:
    if connection.vendor == "postgresql":
        return str(moment.isoformat())
    return str(connection.ops.adapt_datetimefield_value(moment))


def _insert(table: str, df: pl.DataFrame) -> None:
    """All rows of ``df`` into ``table`` in one statement: COPY on PostgreSQL,
    one executemany elsewhere."""
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
        rows: Any = df.iter_rows()  # one pass, never a list of millions of tuples
        cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)


def _update_reports(assignments: str, params: list[Any], ids: list[int]) -> None:
    """One UPDATE of the reports ``ids``, their ids passed as one array (PostgreSQL)
    or one JSON list (SQLite), so that the statement's size does not grow."""
    if not ids:
        return
    table = Report._meta.db_table
    with connection.cursor() as cursor:
        arg: Any = ids
        where = "id = ANY(%s)"
        if connection.vendor != "postgresql":
            where, arg = "id IN (SELECT value FROM json_each(%s))", json.dumps(ids)
        cursor.execute(f"UPDATE {table} SET {assignments} WHERE {where}", [*params, arg])


def _update_figures(df: pl.DataFrame, period: str) -> None:
    """Set ``value`` (column ``new``) of the figures of ``period`` keyed by
    ``report_id`` and ``element`` (with the period, the table's primary key), in
    one statement (on PostgreSQL it reads the period's partition only)."""
    if not df.height:
        return
    table = Figure._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"UPDATE {table} AS f SET value = v.value::numeric FROM"
                " unnest(%s::bigint[], %s::text[], %s::text[]) AS v(report_id, element, value)"
                " WHERE f.period = %s AND f.report_id = v.report_id AND f.element = v.element",
                [
                    df["report_id"].to_list(),
                    df["element"].to_list(),
                    df["new"].to_list(),
                    period,
                ],
            )
            return
        rows: Any = df.select("new", "report_id", "element", pl.lit(period)).iter_rows()
        cursor.executemany(
            f"UPDATE {table} SET value = %s WHERE report_id = %s AND element = %s AND period = %s",
            rows,
        )


_BATCH = 5000


def _chunks(seq: list[Any]) -> Iterator[list[Any]]:
    for i in range(0, len(seq), _BATCH):
        yield seq[i : i + _BATCH]
