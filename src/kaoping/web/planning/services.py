"""What the planning pages compute: frames from the stored figures, allocations
and their progress, and what is outstanding for reminders. The rules themselves
are the engine's; this module reads the database into them and back."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any, cast

import polars as pl
from django.conf import settings
from django.db import transaction
from django.db.models import Prefetch, Sum
from django.dispatch import Signal
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from kaoping.documents import Block, Heading1, Para
from kaoping.engine import (
    ROUTING,
    SERVICE_DAY_ELEMENTS,
    BehindSchedule,
    Comparison,
    ExprError,
    FailedCheck,
    LateReport,
    Outstanding,
    Period,
    ReminderStatus,
    ShareClause,
    Target,
    TargetDataError,
    TargetResult,
    Targets,
    TargetsError,
    UnitProgress,
    allocate,
    allocation_progress,
    clause_label,
    evaluate_target,
    format_fixed,
    format_gap,
    format_gap_zh,
    format_scaled,
    generate_reminders,
    missed_targets,
    parse_expr,
    parse_targets,
    schedule_fraction,
)
from kaoping.engine import Allocation as EngineAllocation
from kaoping.engine import (
    Reminder as EngineReminder,
)
from kaoping.rubrics import TARGETS_NAME, default_targets_text
from kaoping.web.core.models import ROLE_CHOICES, DataSet, Figure, Person, Report, Unit

from .models import (
    Allocation,
    AllocationShare,
    BaseFigure,
    Campaign,
    CampaignEntry,
    CampaignTarget,
    Reminder,
    ServiceDay,
    TargetFile,
    period_bounds,
)

SHIPPED_TARGETS = TARGETS_NAME
# The elements a service-day record stands for in a data set and in targets.
SD_INVITED, SD_ATTENDED, SD_DECLINED = SERVICE_DAY_ELEMENTS


def villages(township: Unit) -> list[Unit]:
    return list(
        Unit.objects.filter(
            township=township, level__in=[Unit.Level.VILLAGE, Unit.Level.COMMUNITY]
        ).order_by("code")
    )


def shipped_targets_text() -> str:
    return default_targets_text()


def load_targets(unit: Unit, choice: str) -> tuple[Targets | None, str, list[str]]:
    """The targets of ``unit`` (a township, or a county) chosen on the page:
    ``shipped`` or the id of one of its own uploaded files (another unit's id reads
    as no such file). Returns the parsed targets (or None), the file's name, and
    its problems."""
    if choice and choice != "shipped":
        tf = TargetFile.objects.filter(unit=unit, pk=choice).first()
        if tf is not None:
            name, text = tf.name, tf.text
        else:
            return None, "", ["所选目标文件不存在"]
    else:
        name, text = SHIPPED_TARGETS, shipped_targets_text()
    try:
        return parse_targets(text, name), name, []
    except TargetsError as e:
        return (
            None,
            name,
            list(e.problems if (get_language() or "").startswith("en") else e.problems_zh),
        )


#: The largest targets file an upload takes.
MAX_TARGETS_BYTES = 256 * 1024


def _english() -> bool:
    return (get_language() or "").startswith("en")


def store_targets(unit: Unit, upload: Any) -> tuple[TargetFile | None, list[str]]:
    """An uploaded targets file of ``unit`` (a township, or a county for its own
    targets), kept once it reads whole: else nothing is kept and its problems come
    back, located (``t.yaml:3:14: …``) in the reader's language."""
    name = upload.name or "targets.yaml"
    if upload.size > MAX_TARGETS_BYTES:
        return None, [_("%(n)s：文件过大（上限256KB）") % {"n": name}]
    try:
        text = upload.read().decode("utf-8-sig")
    except UnicodeDecodeError:
        return None, [_("%(n)s：不是UTF-8编码的文本文件") % {"n": name}]
    try:
        parse_targets(text, name)
    except TargetsError as e:
        return None, list(e.problems if _english() else e.problems_zh)
    with transaction.atomic():
        return TargetFile.objects.create(unit=unit, name=name, text=text), []


def clause_rows(
    results: Sequence[TargetResult], lang: str, level: str = "village"
) -> list[dict[str, Any]]:
    """Each target's clauses for a page, what they ask and how far each unit is, in
    ``lang``; ``level``: the level of the units judged (``township``: 各乡镇)."""
    gap = format_gap_zh if lang == "zh" else format_gap
    out: list[dict[str, Any]] = []
    for r in results:
        scale = r.target.scale
        clauses = []
        for c in r.clauses:
            clauses.append(
                {
                    "clause": c,
                    "label": clause_label(c.kind, c.comparison, c.share, scale, lang, level),
                    "undefined": [r.names.get(u) or u for u in c.undefined],
                    "short": [
                        {
                            "unit": s.unit,
                            "name": s.name,
                            "value": format_scaled(s.value, scale),
                            "gap": gap(s.gap_points, scale),
                        }
                        for s in c.short
                    ],
                }
            )
        # Not judged (engine TargetNotFormed): the reason in the reader's language.
        reason = r.reason_zh if lang == "zh" else r.reason
        out.append({"result": r, "clauses": clauses, "reason": reason})
    return out


# --- frames -----------------------------------------------------------------------------


@dataclass
class Frame:
    frame: pl.DataFrame
    # (unit code, element) -> where the value came from, when not a report
    from_service_days: set[str] = field(default_factory=set)


def figures_frame(township: Unit, period: Period) -> Frame:
    """One row per village: the figures reported for ``period`` in every data set
    of the township, with ``sd_invited``/``sd_attended``/``sd_declined`` taken from the recorded
    service days of the quarter where a village has one (the record is the
    first-hand count; the reported figure is a copy of it)."""
    units = villages(township)
    values: dict[str, dict[str, Decimal | None]] = {u.code: {} for u in units}
    # Drafts are not figures yet: they may be half typed.
    reports = (
        Report.objects.filter(dataset__township=township, period=str(period), unit__in=units)
        .exclude(status=Report.Status.DRAFT)
        .select_related("unit")
        .prefetch_related(Prefetch("figures", Figure.objects.filter(period=str(period))))
    )
    for r in reports:
        for f in r.figures.all():
            values[r.unit.code][f.element] = f.value
    out = Frame(pl.DataFrame())
    if period.is_quarter:
        sums = (
            ServiceDay.objects.filter(township=township, period=str(period), invited__isnull=False)
            .values("unit__code")
            .annotate(invited=Sum("invited"), attended=Sum("attended"), declined=Sum("declined"))
        )
        for row in sums:
            code = row["unit__code"]
            if code in values:
                values[code][SD_INVITED] = Decimal(row["invited"])
                values[code][SD_ATTENDED] = Decimal(row["attended"])
                values[code][SD_DECLINED] = Decimal(row["declined"] or 0)
                out.from_service_days.add(code)
    columns = sorted({k for v in values.values() for k in v})
    data: dict[str, list[Any]] = {
        "unit": [u.code for u in units],
        "name": [u.name for u in units],
        "period": [str(period)] * len(units),
    }
    for c in columns:
        data[c] = [values[u.code].get(c) for u in units]
    schema: dict[str, Any] = {"unit": pl.String, "name": pl.String, "period": pl.String}
    schema.update({c: pl.Decimal(38, 6) for c in columns})
    out.frame = pl.DataFrame(data, schema=schema)
    return out


# The units inspections from above sampled are the assessment app's record
# (assessment/inspections.py): it answers this signal with their codes for
# ``township`` and ``period``, as it answers ``open_differences_wanted`` below, so
# that planning, which assessment reads, never imports assessment.
spot_checks_wanted = Signal()


def spot_checked(township: Unit, period: Period) -> list[str]:
    """The units inspections from above sampled in the quarter, in code order: the
    spot-checked units (抽查村居) of targets (none without the assessment app)."""
    found: set[str] = set()
    for _receiver, codes in spot_checks_wanted.send(sender=Unit, township=township, period=period):
        found.update(cast("list[str]", codes))
    return sorted(found)


@dataclass(frozen=True)
class FormedTargets:
    """The targets of a half-year or a year judged on the figures formed from its
    approved quarters, as its 工作总结 judges them (the assessment app's
    period_summary.formed_targets): the results, the problems (Chinese), the
    quarters not yet approved (then nothing is judged) and the units inspections
    sampled in its quarters."""

    results: list[TargetResult]
    problems: list[str]
    missing: tuple[Period, ...]
    spot: list[str]


# A half-year's or a year's figures are formed from the township's approved
# quarterly assessments, the assessment app's record: it answers these signals
# (assessment/apps.py) as it answers ``spot_checks_wanted``.
formed_periods_wanted = Signal()
formed_targets_wanted = Signal()


def offered_periods(township: Unit) -> list[Period]:
    """What the township's targets page offers beside the quarters, newest first:
    the half-years and years formed from its approved quarters, then the months it
    has an approved monthly assessment of (none without the assessment app)."""
    found: list[Period] = []
    for _receiver, periods in formed_periods_wanted.send(sender=Unit, township=township):
        found.extend(cast("list[Period]", periods))
    return found


def formed_targets(township: Unit, targets: Targets, period: Period) -> FormedTargets | None:
    """``targets`` judged on the township's figures of the half-year or year
    ``period`` formed from its quarters; None without the assessment app."""
    for _receiver, answer in formed_targets_wanted.send(
        sender=Unit, township=township, targets=targets, period=period
    ):
        return cast("FormedTargets", answer)
    return None


def evaluate(
    township: Unit, targets: Targets, period: Period, spot: Sequence[str]
) -> tuple[list[TargetResult], list[str], Frame]:
    """Each target's result on the stored figures; a target the data cannot
    answer (a missing figure...) gives its problems (Chinese) instead, and the
    others are still judged."""
    frame = figures_frame(township, period)
    results: list[TargetResult] = []
    problems: list[str] = []
    for target in targets.targets.values():
        try:
            results.append(evaluate_target(target, frame.frame, period, spot))
        except TargetDataError as e:
            problems.extend(e.problems_zh)
    return results, list(dict.fromkeys(problems)), frame


# --- allocation ---------------------------------------------------------------------------


def base_frame(township: Unit, names: Iterable[str]) -> pl.DataFrame:
    units = villages(township)
    wanted = list(names)
    stored = {
        (b.unit_id, b.name): b.value
        for b in BaseFigure.objects.filter(unit__in=units, name__in=wanted)
    }
    data: dict[str, list[Any]] = {"unit": [u.code for u in units], "name": [u.name for u in units]}
    for n in wanted:
        data[n] = [stored.get((u.pk, n)) for u in units]
    schema: dict[str, Any] = {"unit": pl.String, "name": pl.String}
    schema.update({n: pl.Decimal(38, 4) for n in wanted})
    return pl.DataFrame(data, schema=schema)


def compute_allocation(
    township: Unit, total: int, weights: dict[str, Decimal], floor: int
) -> EngineAllocation:
    """Raises AllocationError with the engine's problems."""
    return allocate(base_frame(township, weights), total, weights, floor)


@transaction.atomic
def save_allocation(
    township: Unit,
    period: Period,
    title: str,
    result: EngineAllocation,
    weights: dict[str, Decimal],
    user: Any,
) -> Allocation:
    alloc = Allocation.objects.create(
        township=township,
        period=str(period),
        title=title,
        total=result.total,
        weights={k: str(v) for k, v in weights.items()},
        floor=result.floor,
        created_by=user if getattr(user, "is_authenticated", False) else None,
    )
    units = {u.code: u for u in villages(township)}
    AllocationShare.objects.bulk_create(
        AllocationShare(
            allocation=alloc,
            unit=units[u.unit],
            allocated=u.allocated,
            explanation=u.explanation_zh(),
            explanation_en=u.explanation(),
        )
        for u in result.units
    )
    return alloc


def done_by_unit(allocation: Allocation, as_of: date | None = None) -> dict[str, int]:
    """What each unit has done on the allocation: the sum of its campaigns' entries."""
    q = CampaignEntry.objects.filter(campaign__allocation=allocation)
    if as_of is not None:
        q = q.filter(day__lte=as_of)
    return {
        row["unit__code"]: int(row["n"]) for row in q.values("unit__code").annotate(n=Sum("count"))
    }


def schedule_of(allocation: Allocation) -> tuple[date, date]:
    """A campaign's dates when one works through the allocation, else its period's."""
    c = allocation.campaigns.order_by("start").first()
    if c is not None:
        last = allocation.campaigns.order_by("-end").first()
        assert last is not None
        return c.start, last.end
    return period_bounds(allocation.period_obj)


def progress_of(allocation: Allocation, as_of: date) -> list[UnitProgress]:
    shares = allocation.shares.select_related("unit")
    start, end = schedule_of(allocation)
    return allocation_progress(
        {s.unit.code: s.allocated for s in shares},
        done_by_unit(allocation, as_of),
        start,
        end,
        as_of,
    )


def campaign_progress(campaign: Campaign, as_of: date) -> list[UnitProgress]:
    shares = campaign.allocation.shares.select_related("unit")
    done = {
        row["unit__code"]: int(row["n"])
        for row in campaign.entries.filter(day__lte=as_of)
        .values("unit__code")
        .annotate(n=Sum("count"))
    }
    return allocation_progress(
        {s.unit.code: s.allocated for s in shares}, done, campaign.start, campaign.end, as_of
    )


@dataclass(frozen=True)
class TargetStatus:
    """A campaign target judged on the figures entered up to a day: ``met`` by
    now (the end-date target already reached), and ``on_schedule`` against a
    linear pace: by the end of day d of n, d/n of the target is due."""

    target: CampaignTarget
    met: bool
    on_schedule: bool
    due: Fraction  # the share of the campaign's days elapsed
    met_zh: str  # the state by now, in a sentence
    schedule_zh: str  # the state against the pace, in a sentence

    @property
    def status_zh(self) -> str:
        if self.met:
            return "已达到"
        return "符合进度" if self.on_schedule else "落后于进度"


_RATE = parse_expr("done / allocated")


def _units_frame(campaign: Campaign, as_of: date) -> pl.DataFrame:
    progress = campaign_progress(campaign, as_of)
    names = {u.code: u.name for u in villages(campaign.township)}
    return pl.DataFrame(
        {
            "unit": [p.unit for p in progress],
            "name": [names.get(p.unit, p.unit) for p in progress],
            "done": [p.done for p in progress],
            "allocated": [p.allocated for p in progress],
        },
        schema={"unit": pl.String, "name": pl.String, "done": pl.Int64, "allocated": pl.Int64},
    )


def _units_clause(t: CampaignTarget, threshold: Fraction, frame: pl.DataFrame) -> Any:
    """The engine's clause ``share of units: done / allocated >= threshold``; a
    village with nothing allocated has no rate and is not counted."""
    share = Fraction(t.share or "1")
    cmp = Comparison(">=", threshold)
    target = Target(
        name=f"campaign_target_{t.pk}",
        title=t.text_zh,
        indicator=_RATE,
        every_unit=cmp if share == 1 else None,
        share_of_units=() if share == 1 else (ShareClause(share, cmp),),
    )
    (clause,) = evaluate_target(target, frame).clauses
    return clause


def campaign_target_status(campaign: Campaign, as_of: date) -> list[TargetStatus]:
    """Each of the campaign's targets, judged on the entries up to ``as_of``."""
    due = schedule_fraction(campaign.start, campaign.end, as_of)
    pace = f"按进度（{campaign.start:%m-%d}至{campaign.end:%m-%d}，截至{as_of:%m-%d}应完成{fraction_str(due * 100)}%）"
    out: list[TargetStatus] = []
    frame: pl.DataFrame | None = None
    for t in campaign.targets.all():
        if t.kind == CampaignTarget.Kind.TOTAL:
            total = t.total or 0
            done = campaign.entries.filter(day__lte=as_of).aggregate(n=Sum("count"))["n"] or 0
            expected = total * due
            gap = done - expected
            met = done >= total
            on = gap >= 0
            met_zh = f"已完成{done}个，目标{total}个" + (
                "，已达到" if met else f"，尚差{total - done}个"
            )
            schedule_zh = f"{pace}应完成{fraction_str(expected)}个，" + (
                f"超出{fraction_str(gap)}个"
                if gap > 0
                else "符合进度"
                if on
                else f"落后{fraction_str(-gap)}个"
            )
            out.append(TargetStatus(t, met, on, due, met_zh, schedule_zh))
            continue
        if frame is None:
            frame = _units_frame(campaign, as_of)
        rate = Fraction(t.rate or 0) / 100
        now = _units_clause(t, rate, frame)
        paced = _units_clause(t, rate * due, frame)
        out.append(
            TargetStatus(
                t,
                bool(now.met),
                bool(paced.met),
                due,
                now.text_zh,
                f"{pace}：{paced.text_zh}",
            )
        )
    return out


def target_blocks(statuses: Sequence[TargetStatus]) -> list[Block]:
    """The targets' paragraphs of the Word bulletin (进度通报)."""
    if not statuses:
        return []
    blocks: list[Block] = [Heading1("目标完成情况")]
    for i, s in enumerate(statuses, start=1):
        blocks.append(
            Para(f"{i}. {s.target.text_zh}（{s.status_zh}）。目前：{s.met_zh}。{s.schedule_zh}。")
        )
    return blocks


# --- reminders ----------------------------------------------------------------------------


@dataclass
class Gathered:
    items: list[tuple[str, Outstanding]]  # (key, item)
    notes: list[str]  # what could not be looked at, in Chinese


def _late_reports(township: Unit, period: Period, as_of: date) -> list[tuple[str, Outstanding]]:
    out: list[tuple[str, Outstanding]] = []
    units = villages(township)
    for ds in DataSet.objects.filter(township=township).order_by("code"):
        if period.kind != ds.frequency:
            continue
        deadline = ds.deadline(period)
        if as_of <= deadline:
            continue
        submitted = set(
            Report.objects.filter(
                dataset=ds, period=str(period), first_submitted_at__isnull=False
            ).values_list("unit_id", flat=True)
        )
        for u in units:
            if u.pk not in submitted:
                out.append((f"late:{ds.code}", LateReport(u.code, ds.name, deadline)))
    return out


def _failed_checks(township: Unit, period: Period) -> list[tuple[str, Outstanding]]:
    out: list[tuple[str, Outstanding]] = []
    for ds in DataSet.objects.filter(township=township).order_by("code"):
        checks = []
        for c in ds.checks.all().order_by("pk"):
            try:
                checks.append((c, parse_expr(c.rule)))
            except ExprError:
                continue
        if not checks:
            continue
        reports = (
            Report.objects.filter(dataset=ds, period=str(period))
            .exclude(status=Report.Status.DRAFT)
            .select_related("unit")
            .prefetch_related(Prefetch("figures", Figure.objects.filter(period=str(period))))
            .order_by("unit__code")
        )
        for r in reports:
            env = {f.element: f.value for f in r.figures.all() if f.value is not None}
            for c, expr in checks:
                names = list(expr.names())
                if not names or any(n not in env for n in names):
                    continue
                if expr.evaluate(env) is False:
                    shown = {n: env[n] for n in dict.fromkeys(names)}
                    out.append(
                        (f"check:{ds.code}:{c.pk}", FailedCheck(r.unit.code, c.message, shown))
                    )
    return out


def _behind(township: Unit, period: Period, as_of: date) -> list[tuple[str, Outstanding]]:
    out: list[tuple[str, Outstanding]] = []
    first, last = period_bounds(period)
    campaigns = Campaign.objects.filter(township=township, start__lte=last, end__gte=first)
    for c in campaigns.order_by("start", "pk"):
        when = min(as_of, c.end)
        for p in campaign_progress(c, when):
            if p.status == "behind":
                out.append(
                    (
                        f"behind:{c.pk}",
                        BehindSchedule(p.unit, c.task, p.done, p.allocated, p.expected),
                    )
                )
    return out


# The reminders' open differences between sources (村级报告, 医院分娩, 户籍登记...) are
# the assessment app's: it answers this signal (assessment/apps.py) with a list of
# (key, OpenDifference) for ``township`` and ``period``. A signal, not an import:
# the assessment app reads planning's reminders and targets, so planning never
# imports it. No answer means the app is not installed.
open_differences_wanted = Signal()


def _open_differences(township: Unit, period: Period) -> list[tuple[str, Outstanding]] | None:
    answers = open_differences_wanted.send(sender=Unit, township=township, period=period)
    if not answers:
        return None
    found: list[tuple[str, Outstanding]] = []
    for _receiver, items in answers:
        found.extend(cast("list[tuple[str, Outstanding]]", items))
    return found


def gather_outstanding(
    township: Unit, period: Period, as_of: date, targets: Targets | None
) -> Gathered:
    notes: list[str] = []
    items = _late_reports(township, period, as_of) + _failed_checks(township, period)
    differences = _open_differences(township, period)
    if differences is None:
        notes.append("数据来源不一致：未安装考评模块，本次未纳入")
    else:
        items += differences
    if targets is not None:
        spot = spot_checked(township, period)
        results, problems, _frame = evaluate(township, targets, period, spot)
        notes.extend(problems)
        for r in results:
            for m in missed_targets(r):
                out_key = f"target:{r.target.name}:{m.requirement}"
                items.append((out_key, m))
    items += _behind(township, period, as_of)
    return Gathered(items, notes)


_ROLE_ZH = dict(ROLE_CHOICES)
_KIND_ORDER = tuple(ROUTING)


def addressed_names(unit: Unit, roles: Sequence[str], period: Period) -> list[str]:
    """Each role with the names of who held it in the period: ``专干朱海燕``; a role
    nobody held is named alone, so the slip still reaches the desk."""
    people = [p for p in Person.objects.filter(unit=unit, role__in=roles) if p.held_during(period)]
    out = []
    for role in roles:
        names = [p.name for p in people if p.role == role]
        out.append(f"{_ROLE_ZH.get(role, role)}{'、'.join(names)}")
    return out


@dataclass
class Due:
    """What generating reminders now would issue: the items, in the engine's order,
    with the villages they go to (by code) and what was gathered."""

    fresh: list[tuple[str, Outstanding]]
    units: dict[str, Unit]
    gathered: Gathered

    def by_village(self) -> dict[str, int]:
        """How many reminders each village would get, by name, in the items' order."""
        counts: dict[str, int] = {}
        for _key, item in self.fresh:
            name = self.units[item.unit].name
            counts[name] = counts.get(name, 0) + 1
        return counts


def reminders_due(township: Unit, period: Period, as_of: date, targets: Targets | None) -> Due:
    """Every outstanding item of a village that has no reminder yet this period: the
    one home of what :func:`issue_reminders` issues (under the township's lock) and
    of the count the page asks with before generating (a dry run)."""
    gathered = gather_outstanding(township, period, as_of, targets)
    existing = set(
        Reminder.objects.filter(township=township, period=str(period)).values_list(
            "unit__code", "key"
        )
    )
    units = {u.code: u for u in villages(township)}
    # Only villages answer reminders; a figure kept for the township itself does not.
    fresh = [(k, i) for k, i in gathered.items if i.unit in units and (i.unit, k) not in existing]
    # The engine's order: unit, then kind, then as gathered.
    fresh.sort(key=lambda pair: (pair[1].unit, _KIND_ORDER.index(pair[1].kind)))
    return Due(fresh, units, gathered)


@transaction.atomic
def issue_reminders(
    township: Unit, period: Period, as_of: date, targets: Targets | None
) -> tuple[list[Reminder], Gathered]:
    """Issue a reminder for every outstanding item that has none yet this period."""
    # Two people generating at once: the second waits and then finds the first's.
    Unit.objects.select_for_update().filter(pk=township.pk).first()
    due = reminders_due(township, period, as_of, targets)
    fresh, units, gathered = due.fresh, due.units, due.gathered
    names = {c: u.name for c, u in units.items()}
    created: list[Reminder] = []
    for key, item in fresh:
        (r,) = generate_reminders(
            period, [item], as_of, names, due_days=settings.KAOPING_REMINDER_DUE_DAYS
        )
        unit = units[r.unit]
        seq = Reminder.objects.filter(township=township, period=str(period), unit=unit).count()
        created.append(
            Reminder.objects.create(
                township=township,
                unit=unit,
                period=str(period),
                number=f"{period}-{unit.code}-{seq + 1:02d}",
                kind=r.kind,
                key=key[:300],
                to_roles=",".join(r.to),
                to_names="，".join(addressed_names(unit, r.to, period)),
                subject=r.subject_zh,
                text=r.text_zh,
                signed_by=r.signed_by,
                issued_on=r.issued_on,
                due=r.due,
            )
        )
    return created, gathered


def as_engine(r: Reminder) -> EngineReminder:
    """The stored reminder in the engine's shape, for the status rules and Word."""
    return EngineReminder(
        id=r.number,
        period=Period.parse(r.period),
        unit=r.unit.code,
        unit_name=r.unit.name,
        kind=r.kind,
        # Role labels with names: the document shows them as they are.
        to=tuple(r.to_names.split("，")) if r.to_names else tuple(r.to_roles.split(",")),
        subject_zh=r.subject,
        text_zh=r.text,
        signed_by=r.signed_by,
        issued_on=r.issued_on,
        status=ReminderStatus(r.status),
        acknowledged_on=r.acknowledged_on,
        resolved_on=r.resolved_on,
        due=r.due,
    )


def fraction_str(value: Fraction, places: int = 1) -> str:
    """A pace or a quota with a fixed number of decimals (``12.5``, ``0.0``)."""
    return format_fixed(value, places)
