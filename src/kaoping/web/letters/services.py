"""Writing letters and judging them. Every change is one transaction with its
audit row; a status check happens inside it on the locked row, so that two
people signing or accepting at once cannot both succeed. A refused change
raises :class:`Refused` with a message naming the field and value, in the
language active when it is raised (the request's; Chinese outside a request)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kaoping.engine import ROLES, Period, PeriodError, Targets, format_exact, format_percent
from kaoping.web.core.models import Person, Unit
from kaoping.web.planning.models import Allocation, Campaign, period_bounds
from kaoping.web.planning.services import evaluate, load_targets, progress_of

from . import notes as N
from .models import Clause, Letter, LetterEvent, Signatory

K = Clause.Kind
S = Letter.Status
E = LetterEvent.Action

# Who signs for 乙方: a village's officers, a work area's chiefs (RUBRIC.md §5.1 roles).
VILLAGE_SIGNERS = ("secretary", "director", "service_worker")
AREA_SIGNERS = ("area_chief", "area_deputy")

# The signed paper: a PDF or a photo of it, recognised by its first bytes, not
# by what the browser claims.
SCAN_TYPES = {
    ".pdf": (b"%PDF-", "application/pdf"),
    ".jpg": (b"\xff\xd8\xff", "image/jpeg"),
    ".jpeg": (b"\xff\xd8\xff", "image/jpeg"),
    ".png": (b"\x89PNG\r\n\x1a\n", "image/png"),
}


# Refusals said in two places, each one whole sentence of the catalogue.
NOT_A_PERIOD = gettext_lazy("期间：“%(period)s”不是期间（例如2026Q2、2026）")
NO_PATH = gettext_lazy("考评项目：考评细则项目须写明项目路径（例如service_day）")
SCAN_TOO_BIG = gettext_lazy("扫描件：文件%(name)s有%(size)s字节，超过上限%(limit)s字节")


class Refused(Exception):
    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.field = field


def _user(user: Any) -> Any:
    return user if getattr(user, "is_authenticated", False) else None


def _event(letter: Letter, action: str, user: Any, note: str = "") -> None:
    LetterEvent.objects.create(letter=letter, action=action, user=_user(user), note=note)


def _locked(pk: int) -> Letter:
    return Letter.objects.select_for_update().get(pk=pk)


def signer_roles(unit: Unit) -> tuple[str, ...]:
    return AREA_SIGNERS if unit.level == Unit.Level.AREA else VILLAGE_SIGNERS


def party_b_name(unit: Unit) -> str:
    return unit.name


def holders(unit: Unit, on: date) -> list[tuple[str, str]]:
    """(role, name) of whoever held each signing role of ``unit`` on ``on``."""
    out = []
    people = Person.objects.filter(unit=unit, role__in=signer_roles(unit))
    for role in signer_roles(unit):
        for p in people:
            if p.role != role:
                continue
            if (p.start is None or p.start <= on) and (p.end is None or p.end >= on):
                out.append((role, p.name))
    return out


# --- creating ---------------------------------------------------------------------


@transaction.atomic
def create_letter(
    township: Unit,
    unit: Unit,
    *,
    title: str,
    year: int,
    kind: str = Letter.Kind.CAMPAIGN,
    campaign: Campaign | None = None,
    allocation: Allocation | None = None,
    user: Any = None,
) -> Letter:
    if unit.township_id != township.pk or unit.level not in (
        Unit.Level.VILLAGE,
        Unit.Level.COMMUNITY,
        Unit.Level.AREA,
    ):
        raise Refused(_("乙方单位：%(unit)s不是本镇的村（社区）或片区") % {"unit": unit}, "unit")
    letter = Letter.objects.create(
        township=township,
        unit=unit,
        kind=kind,
        title=title,
        year=year,
        campaign=campaign,
        allocation=allocation,
        party_a=f"{township.name}人民政府",
        created_by=_user(user),
    )
    _event(letter, E.CREATE, user)
    return letter


@transaction.atomic
def add_clause(
    letter_pk: int,
    kind: str,
    text: str,
    user: Any,
    *,
    figure: int | None = None,
    target: str = "",
    path: str = "",
    period: str = "",
) -> Clause:
    letter = _locked(letter_pk)
    if letter.status != S.DRAFT:
        raise Refused(
            _("责任书%(status)s，不能再增加条款") % {"status": letter.get_status_display()}
        )
    if kind in (K.TARGET, K.RUBRIC):
        try:
            Period.parse(period)
        except PeriodError:
            raise Refused(str(NOT_A_PERIOD) % {"period": period}, "period") from None
    if kind == K.TARGET and not target:
        raise Refused(_("目标：目标文件条款须写明目标名称"), "target")
    if kind == K.RUBRIC and not path:
        raise Refused(str(NO_PATH), "path")
    if kind == K.ALLOCATION and (letter.allocation_id is None or figure is None):
        raise Refused(_("任务数：分解任务条款须有任务分解和任务数"), "figure")
    number = letter.clauses.count() + 1
    if number > 99:
        raise Refused(_("条款：一份责任书最多99条"))
    clause = Clause.objects.create(
        letter=letter,
        number=number,
        kind=kind,
        text=text,
        figure=figure,
        target=target,
        path=path,
        period=period,
    )
    _event(letter, E.CLAUSE, user, N.CLAUSE_ADDED % {"number": number, "text": text})
    return clause


# What a letter no longer a draft refuses, one whole sentence per change.
NOT_A_DRAFT = {
    "edit": gettext_lazy("责任书%(status)s，不能修改；签订后如需修改，请发起更正"),
    "delete": gettext_lazy("责任书%(status)s，不能删除；签订后如需修改，请发起更正"),
    "edit_clause": gettext_lazy("责任书%(status)s，不能修改条款；签订后如需修改，请发起更正"),
    "remove_clause": gettext_lazy("责任书%(status)s，不能删除条款；签订后如需修改，请发起更正"),
}


def _draft(letter: Letter, doing: str) -> None:
    if letter.status != S.DRAFT:
        raise Refused(str(NOT_A_DRAFT[doing]) % {"status": letter.get_status_display()})


@transaction.atomic
def edit_letter(
    letter_pk: int, *, title: str, year: int, campaign: Campaign | None, user: Any
) -> Letter:
    """Change a draft's 事项, year or campaign; the audit row says what changed."""
    letter = _locked(letter_pk)
    _draft(letter, "edit")
    if campaign is not None and campaign.township_id != letter.township_id:
        raise Refused(
            _("专项活动：%(campaign)s不属于本镇") % {"campaign": campaign.title}, "campaign"
        )
    changes = []
    if title != letter.title:
        changes.append(N.TITLE_CHANGED % {"was": letter.title, "now": title})
    if year != letter.year:
        changes.append(N.YEAR_CHANGED % {"was": letter.year, "now": year})
    if campaign != letter.campaign:
        was = letter.campaign.title if letter.campaign else N.NO_CAMPAIGN
        now = campaign.title if campaign else N.NO_CAMPAIGN
        changes.append(N.CAMPAIGN_CHANGED % {"was": was, "now": now})
    if not changes:
        return letter
    letter.title, letter.year, letter.campaign = title, year, campaign
    letter.save(update_fields=["title", "year", "campaign"])
    _event(letter, E.EDIT, user, "；".join(changes))
    return letter


@transaction.atomic
def delete_letter(letter_pk: int, reason: str, user: Any) -> Letter:
    """Delete a draft: it is kept, with its audit, as 已删除 and listed nowhere. A
    signed letter is never deleted; it is corrected."""
    letter = _locked(letter_pk)
    _draft(letter, "delete")
    reason = reason.strip()[:300]
    if not reason:
        raise Refused(_("删除原因：请写明删除原因"), "reason")
    letter.status = S.DELETED
    letter.save(update_fields=["status"])
    _event(letter, E.DELETE, user, reason)
    return letter


def _clause_of(letter: Letter, clause_pk: int) -> Clause:
    clause = letter.clauses.filter(pk=clause_pk).first()
    if clause is None:
        raise Refused(_("条款：该条款不属于这份责任书"))
    return clause


@transaction.atomic
def edit_clause(
    letter_pk: int,
    clause_pk: int,
    text: str,
    user: Any,
    *,
    target: str = "",
    path: str = "",
    period: str = "",
) -> Clause:
    """Change a draft's clause: its text, and what a figure clause reads. An
    allocation's clause keeps its figure (it is the allocation's)."""
    letter = _locked(letter_pk)
    _draft(letter, "edit_clause")
    clause = _clause_of(letter, clause_pk)
    text = text.strip()[:300]  # the form refuses longer; Clause.text's bound
    if not text:
        raise Refused(_("条款内容：请填写条款内容"), "text")
    if clause.kind in (K.TARGET, K.RUBRIC):
        try:
            Period.parse(period)
        except PeriodError:
            raise Refused(str(NOT_A_PERIOD) % {"period": period}, "period") from None
        if clause.kind == K.TARGET and not target:
            raise Refused(_("目标：目标文件条款须写明目标名称"), "target")
        if clause.kind == K.RUBRIC and not path:
            raise Refused(str(NO_PATH), "path")
    else:
        target = path = period = ""
    was = clause.text
    clause.text = text
    if clause.kind in (K.TARGET, K.RUBRIC):
        clause.target, clause.path, clause.period = target, path, period
    clause.save(update_fields=["text", "target", "path", "period"])
    if text != was:
        # Whole (the clause's 300 characters bound it): a sentence cut at its end
        # could no longer be read back into the reader's language (note_shown).
        note = N.CLAUSE_CHANGED % {"number": clause.number, "was": was, "text": text}
    else:
        note = N.CLAUSE_NAMED % {"number": clause.number, "text": was}
    _event(letter, E.EDIT, user, note)
    return clause


@transaction.atomic
def remove_clause(letter_pk: int, clause_pk: int, user: Any) -> None:
    """Remove a draft's clause; the ones after it move up a number."""
    letter = _locked(letter_pk)
    _draft(letter, "remove_clause")
    clause = _clause_of(letter, clause_pk)
    number, text = clause.number, clause.text
    clause.delete()
    # One by one, in order: each takes the number just freed, so (letter, number)
    # stays unique at every step.
    for later in letter.clauses.filter(number__gt=number).order_by("number"):
        later.number -= 1
        later.save(update_fields=["number"])
    _event(letter, E.REMOVE_CLAUSE, user, N.CLAUSE_NAMED % {"number": number, "text": text})


def correct(letter_pk: int, reason: str, user: Any) -> Letter:
    """Start the correction of a signed (or accepted) letter: a new draft, the next
    version, with the same parties and clauses; the signed letter stays as it is
    until the correction is signed (by someone else: four eyes)."""
    reason = reason.strip()[:300]
    if not reason:
        raise Refused(_("更正原因：请写明更正原因"), "reason")
    with transaction.atomic():
        old = _locked(letter_pk)
        if old.status not in (S.SIGNED, S.ACCEPTED):
            raise Refused(
                _("责任书%(status)s，只有已签订或已验收的责任书才能更正；草稿可直接修改")
                % {"status": old.get_status_display()}
            )
        open_ = old.corrections.exclude(status=S.DELETED).first()
        if open_ is not None:
            raise Refused(
                _("这份责任书已有更正（第%(version)s版），请在其上继续")
                % {"version": open_.version}
            )
        try:
            with transaction.atomic():
                new = Letter.objects.create(
                    township_id=old.township_id,
                    unit_id=old.unit_id,
                    kind=old.kind,
                    title=old.title,
                    year=old.year,
                    campaign_id=old.campaign_id,
                    allocation_id=old.allocation_id,
                    party_a=old.party_a,
                    version=old.version + 1,
                    replaces=old,
                    correction_reason=reason,
                    created_by=_user(user),
                )
        except IntegrityError:  # the same letter corrected at the same moment
            raise Refused(_("这份责任书已有更正，请刷新页面后在其上继续")) from None
        Clause.objects.bulk_create(
            Clause(
                letter=new, number=c.number, kind=c.kind, text=c.text, figure=c.figure,
                target=c.target, path=c.path, period=c.period,
            )
            for c in old.clauses.all()
        )  # fmt: skip
        _event(new, E.CORRECT, user, N.CORRECTION % {"version": old.version, "reason": reason})
        _event(
            old,
            E.CORRECT,
            user,
            N.CORRECTION_STARTED % {"version": new.version, "reason": reason},
        )
    return new


def allocation_clause_text(allocation: Allocation, allocated: int) -> str:
    return f"完成{allocation.title}{allocated}个（按任务分解方案分配）"


def letters_from_allocation(
    allocation: Allocation,
    user: Any,
    *,
    campaign: Campaign | None = None,
    kind: str = Letter.Kind.ANNUAL,
) -> list[Letter]:
    """One letter per village of the allocation, its allocated figure as the first
    clause: the annual 目标管理任务书 (or a campaign's letters). A village that
    already has this allocation's letter gets none: issuing twice adds nothing."""
    year = allocation.period_obj.year
    title = campaign.title if campaign else f"{year}年度{allocation.title}"
    made = []
    with transaction.atomic():
        Allocation.objects.select_for_update().get(pk=allocation.pk)
        have = set(
            Letter.objects.filter(allocation=allocation, kind=kind)
            .exclude(status=S.DELETED)
            .values_list("unit_id", flat=True)
        )
        for share in allocation.shares.select_related("unit"):
            if share.unit_id in have:
                continue
            try:
                with transaction.atomic():
                    letter = create_letter(
                        allocation.township,
                        share.unit,
                        title=title,
                        year=year,
                        kind=kind,
                        campaign=campaign,
                        allocation=allocation,
                        user=user,
                    )
            except IntegrityError:  # issued at the same moment by someone else
                continue
            add_clause(
                letter.pk,
                K.ALLOCATION,
                allocation_clause_text(allocation, share.allocated),
                user,
                figure=share.allocated,
            )
            made.append(letter)
    return made


# --- signing ------------------------------------------------------------------------


def check_scan(name: str, data: bytes) -> str:
    """The scan's content type; refuses anything not a bounded PDF, JPEG or PNG."""
    limit = settings.KAOPING_LETTER_SCAN_BYTES
    if len(data) > limit:
        raise Refused(
            str(SCAN_TOO_BIG) % {"name": name, "size": len(data), "limit": limit},
            "scan",
        )
    if not data:
        raise Refused(_("扫描件：文件%(name)s是空的") % {"name": name}, "scan")
    suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    kind = SCAN_TYPES.get(suffix)
    if kind is None:
        raise Refused(_("扫描件：文件%(name)s不是PDF、JPG或PNG") % {"name": name}, "scan")
    magic, content_type = kind
    if not data.startswith(magic):
        raise Refused(
            _("扫描件：文件%(name)s的内容不是%(type)s文件")
            % {"name": name, "type": suffix[1:].upper()},
            "scan",
        )
    return content_type


def sign(letter_pk: int, signed_on: date, scan_name: str, scan: bytes, user: Any) -> Letter:
    content_type = check_scan(scan_name, scan)
    with transaction.atomic():
        letter = _locked(letter_pk)
        if letter.status != S.DRAFT:
            raise Refused(
                _("责任书%(status)s，不能再次签订") % {"status": letter.get_status_display()}
            )
        if not letter.clauses.exists():
            raise Refused(_("责任书没有条款，不能签订"))
        old = None
        if letter.replaces_id is not None:
            # Four eyes: a correction changes what was signed; whoever started it
            # does not also record it as signed.
            if _user(user) is not None and letter.created_by_id == user.pk:
                raise Refused(_("更正须由发起更正以外的人员签订（双人复核）"))
            old = _locked(letter.replaces_id)
            if old.status not in (S.SIGNED, S.ACCEPTED):
                raise Refused(
                    _("被更正的第%(version)s版%(status)s，不能签订更正")
                    % {"version": old.version, "status": old.get_status_display()}
                )
        if signed_on.year not in (letter.year, letter.year - 1):
            raise Refused(
                _("签订日期：%(date)s不在%(year)s年度（或其前一年）内")
                % {"date": signed_on.isoformat(), "year": letter.year},
                "signed_on",
            )
        letter.signed_on = signed_on
        letter.scan = scan
        letter.scan_name = scan_name[-200:]
        letter.scan_type = content_type
        letter.status = S.SIGNED
        letter.save()
        letter.signatories.all().delete()
        unit = Unit.objects.get(pk=letter.unit_id)
        found = holders(unit, signed_on)
        Signatory.objects.bulk_create(
            Signatory(letter=letter, role=r, role_label=ROLES[r], name=n) for r, n in found
        )
        missing = [ROLES[r] for r in signer_roles(unit) if r not in {r for r, _ in found}]
        signed = {"date": signed_on.isoformat(), "scan": scan_name}
        if missing:
            note = N.SIGNED_MISSING % {**signed, "roles": "、".join(missing)}
        else:
            note = N.SIGNED % signed
        _event(letter, E.SIGN, user, note)
        if old is not None:
            old.status = S.SUPERSEDED
            old.save(update_fields=["status"])
            _event(
                old,
                E.CORRECT,
                user,
                N.SUPERSEDED % {"version": letter.version, "date": signed_on.isoformat()},
            )
    return letter


# --- acceptance ----------------------------------------------------------------------


@dataclass(frozen=True)
class Judged:
    met: bool | None  # None: the figures cannot say (no data yet)
    observed: str  # in Chinese, as the clause keeps it

    @property
    def observed_shown(self) -> str:
        return N.observed_text_shown(self.observed)


def _allocation_judgement(clause: Clause, letter: Letter, on: date) -> Judged:
    assert letter.allocation is not None and clause.figure is not None
    end = letter.campaign.end if letter.campaign else on
    progress = {p.unit: p for p in progress_of(letter.allocation, min(end, on))}
    p = progress.get(letter.unit.code)
    done = p.done if p is not None else 0
    return Judged(done >= clause.figure, N.DONE_OF_TASK % {"done": done, "figure": clause.figure})


def _target_judgement(clause: Clause, letter: Letter) -> Judged:
    targets, _name, _problems = load_targets(letter.township, "shipped")
    target = targets.targets.get(clause.target) if targets else None
    if target is None:
        return Judged(None, N.NO_SUCH_TARGET % {"target": clause.target})
    results, problems, _frame = evaluate(
        letter.township, Targets({clause.target: target}, {}), Period.parse(clause.period), []
    )
    if not results:
        return Judged(None, "；".join(problems) or N.NO_DATA)
    value = results[0].values.get(letter.unit.code)
    comparison = target.every_unit or (
        target.share_of_units[0].value if target.share_of_units else None
    )
    if value is None or comparison is None:
        return Judged(
            None, N.UNIT_WITHOUT_DATA % {"target": target.title, "unit": letter.unit.name}
        )
    shown = format_percent(value) if target.scale == "percent" else f"{float(value):g}"
    wanted = comparison.source or f"{comparison.op}{float(comparison.threshold):g}"
    return Judged(
        comparison.holds(value),
        N.TARGET_VALUE % {"target": target.title, "value": shown, "wanted": wanted},
    )


def _rubric_judgement(clause: Clause, letter: Letter) -> Judged:
    from kaoping.web.assessment.models import Assessment
    from kaoping.web.assessment.services import parsed

    a = (
        Assessment.objects.filter(
            township=letter.township,
            period=clause.period,
            status__in=[Assessment.Status.APPROVED, Assessment.Status.PUBLISHED],
        )
        .order_by("-version")
        .first()
    )
    if a is None:
        return Judged(None, N.NOT_APPROVED_YET % {"period": clause.period})
    unit = next((u for u in a.results.get("units", []) if u["unit"] == letter.unit.code), None)
    if unit is None or clause.path not in unit["scores"]:
        return Judged(
            None,
            N.NO_SCORE % {"period": clause.period, "unit": letter.unit.name, "item": clause.path},
        )
    try:
        node = parsed(a.rubric).node(clause.path)
    except KeyError:
        return Judged(None, N.NO_SUCH_ITEM % {"item": clause.path})
    score, full = Decimal(unit["scores"][clause.path]), Decimal(node.max)
    return Judged(
        score >= full,
        N.SCORED % {"item": node.title, "score": format_exact(score), "full": format_exact(full)},
    )


def judge(clause: Clause, letter: Letter, on: date) -> Judged | None:
    """What the figures say of a clause; None for a written commitment (a person
    judges it)."""
    if clause.kind == K.ALLOCATION:
        return _allocation_judgement(clause, letter, on)
    if clause.kind == K.TARGET:
        return _target_judgement(clause, letter)
    if clause.kind == K.RUBRIC:
        return _rubric_judgement(clause, letter)
    return None


def accept(
    letter_pk: int,
    on: date,
    judgements: Mapping[int, tuple[bool | None, str]],
    user: Any,
) -> Letter:
    """Accept a signed letter: figure clauses from the figures, commitments from
    ``judgements`` (clause pk -> (met, note)); a commitment needs a verdict and a
    note, and a figure clause the figures cannot judge yet needs the inspector's."""
    with transaction.atomic():
        letter = _locked(letter_pk)
        if letter.status != S.SIGNED:
            raise Refused(
                _("责任书的状态是“%(status)s”，只有已签订的责任书才能验收")
                % {"status": letter.get_status_display()}
            )
        if letter.signed_on and on < letter.signed_on:
            raise Refused(
                _("验收日期：%(date)s早于签订日期%(signed)s")
                % {"date": on.isoformat(), "signed": letter.signed_on.isoformat()},
                "accepted_on",
            )
        letter = Letter.objects.select_related("township", "unit", "campaign", "allocation").get(
            pk=letter.pk
        )
        clauses = list(letter.clauses.all())
        met = 0
        for c in clauses:
            verdict, note = judgements.get(c.pk, (None, ""))
            note = note.strip()[:300]
            figures = judge(c, letter, on)
            if figures is not None and figures.met is not None:
                c.met, c.observed = figures.met, figures.observed
            else:
                if verdict is None:
                    raise Refused(
                        _("第%(number)s条“%(text)s”：请判断是否完成")
                        % {"number": c.number, "text": c.text},
                        f"met_{c.pk}",
                    )
                if not note:
                    raise Refused(
                        _("第%(number)s条“%(text)s”：请写明验收说明")
                        % {"number": c.number, "text": c.text},
                        f"note_{c.pk}",
                    )
                c.met = verdict
                c.observed = figures.observed if figures is not None else ""
            c.note = note
            c.save(update_fields=["met", "observed", "note"])
            met += bool(c.met)
        letter.status = S.ACCEPTED
        letter.accepted_on = on
        letter.accepted_by = _user(user)
        letter.clauses_met = met
        letter.save(update_fields=["status", "accepted_on", "accepted_by", "clauses_met"])
        _event(letter, E.ACCEPT, user, result_text(met, len(clauses)))
    return letter


def result_text(met: int, of: int) -> str:
    """The acceptance's result as the records keep it (the audit, the Word letter);
    a page says it with :func:`notes.result_shown`."""
    return N.result_written(met, of)


# --- what the assessment reads ----------------------------------------------------------

#: The elements a rubric may read (docs/letters.md); declare them with default 0.
LETTER_ELEMENTS = ("letter_met", "letter_clauses_met", "letter_clauses", "area_letter_met")


def letter_figures(
    units: Sequence[Unit], periods: Sequence[str]
) -> dict[tuple[str, str], dict[str, Decimal]]:
    """Per village and period, from the letters accepted within the period: of its
    own (``letter_met`` 1 when there is at least one and every clause of every one
    was met; the clauses met and their count) and of its work area's
    (``area_letter_met``)."""
    bounds = {}
    for p in periods:
        try:
            bounds[p] = period_bounds(Period.parse(p))
        except (PeriodError, ValueError):
            continue
    if not bounds or not units:
        return {}
    first = min(b[0] for b in bounds.values())
    last = max(b[1] for b in bounds.values())
    area_of = {u.pk: u.parent_id for u in units}
    wanted = set(area_of) | {a for a in area_of.values() if a is not None}
    letters = list(
        Letter.objects.filter(
            status=S.ACCEPTED, unit_id__in=wanted, accepted_on__gte=first, accepted_on__lte=last
        ).values_list("unit_id", "accepted_on", "clauses_met", "pk")
    )
    if not letters:
        return {}
    counts = dict(
        Letter.objects.filter(pk__in=[x[3] for x in letters])
        .annotate(n=Count("clauses"))
        .values_list("pk", "n")
    )
    # unit pk -> period -> [met, of, letters, fully met letters]
    tally: dict[int, dict[str, list[int]]] = {}
    for unit_id, on, met, pk in letters:
        for p, (start, end) in bounds.items():
            if on is not None and start <= on <= end:
                t = tally.setdefault(unit_id, {}).setdefault(p, [0, 0, 0, 0])
                t[0] += met or 0
                t[1] += counts.get(pk, 0)
                t[2] += 1
                t[3] += (met or 0) == counts.get(pk, 0)
    out: dict[tuple[str, str], dict[str, Decimal]] = {}
    for u in units:
        for p in bounds:
            own = tally.get(u.pk, {}).get(p)
            area_pk = area_of[u.pk]
            area = tally.get(area_pk, {}).get(p) if area_pk is not None else None
            cell: dict[str, Decimal] = {}
            if own:
                cell["letter_met"] = Decimal(int(own[3] == own[2]))
                cell["letter_clauses_met"] = Decimal(own[0])
                cell["letter_clauses"] = Decimal(own[1])
            if area:
                cell["area_letter_met"] = Decimal(int(area[3] == area[2]))
            if cell:
                out[(u.code, p)] = cell
    return out
