"""Assessing a quarter from the stored figures: readiness, the frame, the engine,
the frozen results and the ledger; status changes; rubric versions.

Views call these; every change happens in one transaction and writes its audit
event in the same one. A refused change raises :class:`Refused` with a Chinese
message and leaves the database as it was.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from decimal import Decimal
from fractions import Fraction
from typing import Any

import polars as pl
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kaoping.engine import Assessment as EngineAssessment
from kaoping.engine import (
    AssessmentError,
    Figures,
    Period,
    Rubric,
    RubricError,
    SourceValue,
    as_decimals,
    check_data,
    format_exact,
    format_number,
    over_periods,
    parse_rubric,
    role_label,
    sources_for_period,
    unreported_elements,
)
from kaoping.engine import People as EnginePeople
from kaoping.engine import Person as EnginePerson
from kaoping.rubrics import default_rubric_text
from kaoping.web.core import extra_figures
from kaoping.web.core.labels import period_label
from kaoping.web.core.models import Figure, Person, Unit

from . import notes as N
from .models import (
    Assessment,
    AssessmentEvent,
    LedgerEntry,
    ManualDeduction,
    RubricVersion,
    SourceFigure,
)
from .rectifications import open_for
from .refusals import Problem, Refused

S = Assessment.Status
E = AssessmentEvent.Action
SHIPPED_NOTE = "随软件提供的考评细则"


# --- rubrics -------------------------------------------------------------------


def rubric_versions(township: Unit) -> list[RubricVersion]:
    """The township's versions, newest first. A township that has none is shown the
    shipped rubric as version 1, unsaved: reading a page writes nothing, and the
    first write that needs a version saves it (:func:`saved_rubric_versions`)."""
    return list(RubricVersion.objects.filter(township=township)) or [_shipped(township)]


def saved_rubric_versions(township: Unit) -> list[RubricVersion]:
    """:func:`rubric_versions`, the shipped rubric saved as version 1 if the township
    has none yet: for creating an assessment, uploading a rubric, loading the demo."""
    if not RubricVersion.objects.filter(township=township).exists():
        shipped = _shipped(township)
        with transaction.atomic():
            RubricVersion.objects.get_or_create(
                township=township,
                number=1,
                defaults={"name": shipped.name, "text": shipped.text, "note": shipped.note},
            )
    return list(RubricVersion.objects.filter(township=township))


def _shipped(township: Unit) -> RubricVersion:
    text = default_rubric_text()
    name = parse_rubric(text, "default.yaml").name
    return RubricVersion(township=township, number=1, name=name, text=text, note=SHIPPED_NOTE)


def upload_rubric(
    township: Unit, text: str, filename: str, user: Any, note: str = ""
) -> RubricVersion:
    """Parse, then keep as the next version. Raises ``RubricError`` (nothing saved)."""
    rubric = parse_rubric(text, filename)
    saved_rubric_versions(township)
    with transaction.atomic():
        last = (
            RubricVersion.objects.select_for_update()
            .filter(township=township)
            .order_by("-number")
            .first()
        )
        return RubricVersion.objects.create(
            township=township,
            number=(last.number if last else 0) + 1,
            name=rubric.name,
            text=text,
            note=note[:200],
            author=user,
        )


@functools.lru_cache(maxsize=64)
def _parse_cached(pk: int, text: str) -> Rubric:
    return parse_rubric(text, f"rubric-{pk}.yaml")


def parsed(rv: RubricVersion) -> Rubric:
    return _parse_cached(rv.pk, rv.text)


# --- figures -----------------------------------------------------------------


def township_units(township: Unit) -> list[Unit]:
    return list(
        Unit.objects.filter(
            township=township, level__in=[Unit.Level.VILLAGE, Unit.Level.COMMUNITY]
        ).select_related("parent")
    )


def _area_code(unit: Unit) -> str | None:
    parent = unit.parent
    return parent.code if parent is not None and parent.level == Unit.Level.AREA else None


def _live_figures(
    units: list[Unit],
    periods: Iterable[str],
    rubric: Rubric | None = None,
    unformed: dict[tuple[str, str], dict[str, str]] | None = None,
) -> dict[tuple[str, str], dict]:
    """(unit code, period) -> {element: value} from every report of the units.

    With the ``rubric``, a quarter's figures of the data sets that report monthly
    are formed from its months by each element's ``over_time``
    (:func:`_quarters_from_months`); why an element could not be formed (a month
    not reported, named) goes into ``unformed`` by (unit, quarter) and element."""
    by_pk = {u.pk: u.code for u in units}
    periods = list(periods)
    out: dict[tuple[str, str], dict[str, Decimal | None]] = {}
    # By the figure's own period: on PostgreSQL only the periods' partitions are read.
    rows = Figure.objects.filter(period__in=periods, report__unit_id__in=list(by_pk)).values_list(
        "report__unit_id", "period", "element", "value"
    )
    for unit_id, period, element, value in rows:
        cell = out.setdefault((by_pk[unit_id], period), {})
        if value is not None or element not in cell:
            cell[element] = value
    quarters = [p for p in periods if _is_quarter(p)]
    if rubric is not None and quarters:
        formed, why = _quarters_from_months(units, rubric, quarters)
        for key, values in formed.items():
            cell = out.setdefault(key, {})
            for element, value in values.items():
                if cell.get(element) is None:
                    cell[element] = value
        if unformed is not None:
            for key, reasons in why.items():
                left = {c: m for c, m in reasons.items() if out.get(key, {}).get(c) is None}
                if left:
                    unformed.setdefault(key, {}).update(left)
    # Figures other apps derive (a letter's acceptance: docs/letters.md) fill only
    # what a unit's reports left empty, and only where it reported: they alone
    # never make a quarter's row.
    for key, values in extra_figures.figures_for(units, periods).items():
        reported = out.get(key)
        if reported is None:
            continue
        for element, value in values.items():
            if reported.get(element) is None:
                reported[element] = value
    return out


def _quarters_from_months(
    units: list[Unit], rubric: Rubric, quarters: list[str]
) -> tuple[dict[tuple[str, str], dict[str, Decimal]], dict[tuple[str, str], dict[str, str]]]:
    """The quarters' figures of the data sets that report monthly (按月), formed
    from the months' reports by each element's ``over_time`` (engine
    ``over_periods``, as ``kaoping report summary`` forms them from files): a
    count summed, a stock the last month's, a rate computed by the rubric from the
    summed parts. An element that cannot be formed is left out of the figures and
    its reason kept, the months not reported named: nothing is guessed, not even
    an element's default."""
    from kaoping.web.core.models import DataElement, DataSet

    towns = {u.township_id for u in units}
    elements = rubric.data_elements()
    codes = sorted(
        set(
            DataElement.objects.filter(
                dataset__township_id__in=towns, dataset__frequency=DataSet.Frequency.MONTHLY
            ).values_list("code", flat=True)
        )
        & set(elements)
    )
    formed: dict[tuple[str, str], dict[str, Decimal]] = {}
    why: dict[tuple[str, str], dict[str, str]] = {}
    if not codes:
        return formed, why
    by_pk = {u.pk: u.code for u in units}
    wanted = [Period.parse(q) for q in quarters]
    months = [str(m) for q in wanted for m in q.parts("M")]
    cells: dict[tuple[str, str], dict[str, Any]] = {}
    for unit_id, period, element, value in Figure.objects.filter(
        period__in=months,
        report__unit_id__in=list(by_pk),
        report__dataset__frequency=DataSet.Frequency.MONTHLY,
        element__in=codes,
    ).values_list("report__unit_id", "period", "element", "value"):
        cell = cells.setdefault((by_pk[unit_id], period), {})
        if value is not None or element not in cell:
            cell[element] = value
    rows = [
        {"unit": unit, "period": month, "name": None, "area": None, **{c: v.get(c) for c in codes}}
        for (unit, month), v in cells.items()
    ]
    for code in codes:
        done = over_periods(elements, rows, [code], "Q")
        values = [{code: r[code]} for r in done.rows]
        as_decimals(values)  # sums and last figures of decimals are decimals
        for r, v in zip(done.rows, values, strict=True):
            if v[code] is not None and r["period"] in quarters:
                formed.setdefault((r["unit"], r["period"]), {})[code] = v[code]
        for problem in done.problems:
            why.setdefault((problem.unit, problem.period), {})[code] = problem.message_zh
    return formed, why


def _months_unreported(
    units: list[Unit], rubric: Rubric, period: str
) -> dict[tuple[str, str], dict[str, str]]:
    """Why a unit that reported none of the quarter's months lacks the monthly
    data sets' elements, every month named. Only the message: such a quarter is
    not one formed from months (it may have been reported quarterly before the
    data set became monthly), so an element's default still stands for it."""
    from kaoping.web.core.models import DataElement, DataSet

    q = Period.parse(period)
    if not q.is_quarter:
        return {}
    codes = set(
        DataElement.objects.filter(
            dataset__township_id__in={u.township_id for u in units},
            dataset__frequency=DataSet.Frequency.MONTHLY,
        ).values_list("code", flat=True)
    ) & set(rubric.data_elements())
    if not codes:
        return {}
    from kaoping.web.core.models import Report

    reported = set(
        Report.objects.filter(
            unit__in=units, period__in=[str(m) for m in q.parts("M")], figures__isnull=False
        ).values_list("unit__code", flat=True)
    )
    named = "、".join(m.label_zh() for m in q.parts("M"))
    return {
        (u.code, period): {c: f"{c}为{q.label_zh()}各月汇总，但{named}未填报" for c in codes}
        for u in units
        if u.code not in reported
    }


def _source_overrides(township: Unit, periods: Iterable[str]) -> dict[tuple[str, str], dict]:
    # A quarter's count of a source is its own, or the sum of its three months.
    wanted = [Period.parse(p) for p in periods]
    texts = {str(p) for q in wanted for p in (q, *q.parts("M"))}
    every = [
        SourceValue(f.unit.code, f.period, f.measure, f.source, f.value)
        for f in SourceFigure.objects.filter(township=township, period__in=texts).select_related(
            "unit"
        )
    ]
    values = [v for q in wanted for v in sources_for_period(every, q)]
    return unreported_elements(values)


def _row(
    rubric: Rubric,
    unit: Unit,
    period: str,
    figures: dict[str, Decimal | None],
    overrides: dict[str, Decimal],
    unformed: dict[str, str] | None = None,
) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """The frame row of a unit and the (code, label) of every element without a
    value. An element ``unformed`` from its months has none (not its default)."""
    row: dict[str, Any] = {
        "unit": unit.code,
        "name": unit.name,
        "area": _area_code(unit),
        "period": period,
    }
    missing = []
    for code, element in rubric.data_elements().items():
        value = overrides.get(code, figures.get(code))
        if value is None and code not in (unformed or {}):
            value = element.default
        if value is None:
            missing.append((code, element.label or code))
        row[code] = value
    return row, missing


def _frame(rubric: Rubric, rows: list[dict[str, Any]]) -> pl.DataFrame:
    columns: dict[str, pl.Series] = {
        c: pl.Series(c, [r[c] for r in rows], dtype=pl.Utf8)
        for c in ("unit", "name", "area", "period")
    }
    numeric = [*rubric.data_elements(), *rubric.manual_columns]
    for c in numeric:
        columns[c] = pl.Series(
            c, [_dec(r.get(c, 0 if c.endswith(".manual") else None)) for r in rows],
            dtype=pl.Decimal(38, 6),
        )  # fmt: skip
    return pl.DataFrame(columns)


def _figures(rubric: Rubric, rows: list[dict[str, Any]]) -> Figures:
    """The rows as the engine's plain figures: a township's quarter is scored and
    checked without building a Polars frame (``_frame`` is the same as a frame)."""
    numeric = [*rubric.data_elements(), *rubric.manual_columns]
    keys = ("unit", "name", "area", "period")
    return Figures(
        ("unit", "period", "name", "area", *numeric),
        tuple(
            {
                **{k: r[k] for k in keys},
                **{c: _dec(r.get(c, 0 if c.endswith(".manual") else None)) for c in numeric},
            }
            for r in rows
        ),
    )


def _dec(v: Any) -> Decimal | None:
    if v is None:
        return None
    return v if isinstance(v, Decimal) else Decimal(str(v))


def readiness(
    township: Unit, rubric: Rubric, period: str, use_sources: bool = False, campaign: Any = None
) -> list[Problem]:
    """Every unit and element that keeps the quarter (or a campaign) from being
    assessed: figures missing, or failing one of the rubric's checks."""
    units = township_units(township)
    unformed: dict[tuple[str, str], dict[str, str]] = {}
    live = _live_figures(units, [period], rubric, unformed)
    overrides = _overrides(township, [period], use_sources, campaign)
    problems: list[Problem] = []
    complete = []
    unreported = _months_unreported(units, rubric, period)
    for unit in units:
        why = unformed.get((unit.code, period), {})
        row, missing = _row(rubric, unit, period, live.get((unit.code, period), {}),
                            overrides.get((unit.code, period), {}), why)  # fmt: skip
        told = {**unreported.get((unit.code, period), {}), **why}
        for code, label in missing:
            problems.append(Problem(unit.code, unit.name, code, label, told.get(code, _("未填报"))))
        if not missing:
            complete.append(row)
    if complete:
        names = {u.code: u.name for u in units}
        # prev() in a check (RUBRIC.md §5.2) reads the quarter before: its complete
        # rows go into the frame, and only this quarter's violations are listed.
        before: list[dict[str, Any]] = []
        if rubric.prev_elements() and campaign is None:
            earlier = str(Period.parse(period).previous())
            old_unformed: dict[tuple[str, str], dict[str, str]] = {}
            old_live = _live_figures(units, [earlier], rubric, old_unformed)
            old_overrides = _source_overrides(township, [earlier]) if use_sources else {}
            for unit in units:
                figures = old_live.get((unit.code, earlier))
                if figures is None:
                    continue
                row, missing = _row(rubric, unit, earlier, figures,
                                    old_overrides.get((unit.code, earlier), {}),
                                    old_unformed.get((unit.code, earlier)))  # fmt: skip
                if not missing:
                    before.append(row)
        violations = [
            v
            for v in check_data(rubric, _figures(rubric, [*before, *complete]))
            if v.period == period
        ]
        for v in violations:
            figs = "，".join(
                f"{rubric.elements[k].label if k in rubric.elements else k}="
                f"{'—' if x is None else format_exact(x)}"
                for k, x in v.values.items()
            )
            problems.append(
                Problem(v.unit, names.get(v.unit, v.unit), ", ".join(v.values), figs, v.message)
            )
    return problems


def _show(v: Decimal | None) -> str:
    """A computed figure (a score, a total, a deduction) as every shell shows it."""
    return "—" if v is None else format_number(v)


def _people(township: Unit) -> list[dict[str, Any]]:
    return [
        {
            "unit": p.unit.code,
            "role": p.role,
            "name": p.name,
            "start": p.start.isoformat() if p.start else None,
            "end": p.end.isoformat() if p.end else None,
        }
        for p in Person.objects.filter(unit__township=township).select_related("unit")
    ]


def engine_people(snapshot_people: list[dict[str, Any]]) -> EnginePeople:
    from datetime import date

    return EnginePeople(
        EnginePerson(
            p["unit"],
            p["role"],
            p["name"],
            date.fromisoformat(p["start"]) if p["start"] else None,
            date.fromisoformat(p["end"]) if p["end"] else None,
        )
        for p in snapshot_people
    )


def _effective(township: Unit, period: str, campaign: Any = None) -> Assessment | None:
    """The assessment that counts for a quarter (``campaign`` None) or for a
    campaign: its newest approved or published version."""
    qs = Assessment.objects.filter(status__in=[S.APPROVED, S.PUBLISHED])
    if campaign is None:
        qs = qs.filter(township=township, period=period, campaign__isnull=True)
    else:
        qs = qs.filter(campaign=campaign)
    return qs.order_by("-version").first()


def siblings(a: Assessment) -> Any:
    """Every version of the same assessment: the quarter's own, or the campaign's."""
    if a.campaign_id is not None:
        return Assessment.objects.filter(campaign_id=a.campaign_id)
    return Assessment.objects.filter(township=a.township, period=a.period, campaign__isnull=True)


# The figures a campaign's rubric reads beside the quarter's (docs/campaign-assessment.md).
CAMPAIGN_ELEMENTS = {"campaign_done": "专项活动完成数", "campaign_allocated": "专项活动任务数"}


def campaign_figures(campaign: Any) -> dict[str, dict[str, Decimal]]:
    """unit code -> the campaign's own figures: what each unit did over the
    campaign's dates (the sum of its daily entries) and what it was allocated."""
    from django.db.models import Sum

    from kaoping.web.planning.models import AllocationShare, CampaignEntry

    out: dict[str, dict[str, Decimal]] = {}
    for code, allocated in AllocationShare.objects.filter(
        allocation_id=campaign.allocation_id
    ).values_list("unit__code", "allocated"):
        out[code] = {"campaign_allocated": Decimal(allocated), "campaign_done": Decimal(0)}
    done = (
        CampaignEntry.objects.filter(campaign=campaign, day__lte=campaign.end)
        .values("unit__code")
        .annotate(n=Sum("count"))
    )
    for row in done:
        cell = out.setdefault(row["unit__code"], {"campaign_allocated": Decimal(0)})
        cell["campaign_done"] = Decimal(int(row["n"]))
    return out


def is_campaign_rubric(rv: RubricVersion) -> bool:
    """A rubric that reads only a campaign's own figures: offered first for a
    campaign's assessment and last for a quarter's."""
    try:
        return set(parsed(rv).data_elements()) <= set(CAMPAIGN_ELEMENTS)
    except RubricError:  # a stored text that no longer parses is not a campaign's
        return False


def reads_only_months(rv: RubricVersion) -> bool:
    """A rubric every element of which a data set of its township reports monthly
    (按月): one for assessing months, offered after the quarter's."""
    from kaoping.web.core.models import DataElement, DataSet

    try:
        elements = set(parsed(rv).data_elements())
    except RubricError:
        return False
    monthly = DataElement.objects.filter(
        dataset__township_id=rv.township_id,
        dataset__frequency=DataSet.Frequency.MONTHLY,
        code__in=list(elements),
    ).values_list("code", flat=True)
    return bool(elements) and set(monthly) == elements


def offered_late_for_a_quarter(rv: RubricVersion) -> tuple[bool, bool]:
    """The order of the rubrics offered for a quarter, after newest first: a
    campaign's last, a monthly one before it, the quarter's own first."""
    return is_campaign_rubric(rv), reads_only_months(rv)


def campaign_period(campaign: Any) -> str:
    """The quarter a campaign's assessment belongs to: the one its last day falls in."""
    end = campaign.end
    return f"{end.year}Q{(end.month - 1) // 3 + 1}"


def _overrides(
    township: Unit, periods: Iterable[str], use_sources: bool, campaign: Any = None
) -> dict[tuple[str, str], dict]:
    """Figures that take the place of the reported ones: counts from other sources
    (when asked) and, for a campaign's assessment, the campaign's own figures."""
    out = _source_overrides(township, periods) if use_sources else {}
    if campaign is not None:
        for period in periods:
            for code, values in campaign_figures(campaign).items():
                out.setdefault((code, period), {}).update(values)
    return out


def _manual_columns(assessment: Assessment | None, period: str) -> dict[str, dict[str, Decimal]]:
    out: dict[str, dict[str, Decimal]] = {}
    if assessment is None:
        return out
    for m in assessment.manual_deductions.select_related("unit"):
        col = f"{m.path}.manual"
        cell = out.setdefault(m.unit.code, {})
        cell[col] = cell.get(col, Decimal(0)) + m.points
    return out


def _manual_reasons(assessment: Assessment, rows: list[dict[str, Any]]) -> list[list[str]]:
    """[unit, period, path, reason] for every manual deduction behind ``rows``: the
    reasons the assessors wrote, several on one item joined, kept in the snapshot so
    that the explanation a village reads is the same whenever it is recomputed."""
    out: list[list[str]] = []
    for p in sorted({str(r["period"]) for r in rows}, key=Period.parse):
        source = assessment if p == assessment.period else _effective(assessment.township, p)
        if source is None:
            continue
        joined: dict[tuple[str, str], list[str]] = {}
        for m in source.manual_deductions.select_related("unit"):
            joined.setdefault((m.unit.code, m.path), []).append(m.reason.strip())
        out.extend([u, p, path, "；".join(rs)] for (u, path), rs in sorted(joined.items()))
    return out


def _reasons_map(snapshot: dict[str, Any]) -> dict[tuple[str, str], dict[str, str]]:
    out: dict[tuple[str, str], dict[str, str]] = {}
    for unit, period, path, reason in snapshot.get("manual_reasons", []):
        out.setdefault((unit, period), {})[path] = reason
    return out


def build_rows(assessment: Assessment, rubric: Rubric) -> tuple[list[dict[str, Any]], list[str]]:
    """The frame's rows: the quarter's, and (for ranks and streaks) every earlier
    quarter's units whose figures are complete and pass the checks. Notes say
    which earlier rows were left out."""
    township = assessment.township
    period = Period.parse(assessment.period)
    units = township_units(township)
    campaign = assessment.campaign
    # A campaign is assessed once: no earlier quarters, so every streak is 1 and
    # prev() reads the element's default (docs/campaign-assessment.md).
    # A quarter's earlier quarters (a month of a data set reported monthly stands
    # for its quarter); a month's earlier months: ranks, streaks and prev() run
    # over periods of the assessment's own kind.
    earlier_of = _month_of if period.is_month else _quarter_of
    earlier_periods = (
        []
        if campaign is not None
        else sorted(
            {
                q
                for p in Figure.objects.filter(report__unit__township=township)
                .values_list("period", flat=True)
                .distinct()  # a few periods, not every figure of every report
                if (q := earlier_of(p)) is not None and Period.parse(q) < period
            },
            key=Period.parse,
        )
    )
    periods = [*earlier_periods, assessment.period]
    unformed: dict[tuple[str, str], dict[str, str]] = {}
    live = _live_figures(units, periods, rubric, unformed)
    overrides = _overrides(township, periods, assessment.use_sources, campaign)
    rows: list[dict[str, Any]] = []
    notes: list[str] = []
    own_manual = _manual_columns(assessment, assessment.period)
    for p in periods:
        manual = (
            own_manual if p == assessment.period else _manual_columns(_effective(township, p), p)
        )
        candidates = []
        for unit in units:
            figures = live.get((unit.code, p))
            if figures is None and p != assessment.period:
                continue
            row, missing = _row(rubric, unit, p, figures or {}, overrides.get((unit.code, p), {}),
                                unformed.get((unit.code, p)))  # fmt: skip
            row.update(manual.get(unit.code, {}))
            if missing:
                if p == assessment.period:
                    raise Refused(_("有单位的数据未填报，不能计算"), readiness(
                        township, rubric, p, assessment.use_sources, campaign))  # fmt: skip
                notes.append(f"{p} {unit.name}：数据不全，未计入排名和连续次数")
                continue
            candidates.append(row)
        if candidates:
            bad = {v.unit for v in check_data(rubric, _figures(rubric, candidates))}
            if bad and p == assessment.period:
                raise Refused(
                    _("有单位的数据未通过校验，不能计算"),
                    readiness(township, rubric, p, assessment.use_sources, campaign),
                )
            for row in candidates:
                if row["unit"] in bad:
                    notes.append(f"{p} {row['name']}：数据未通过校验，未计入排名和连续次数")
                else:
                    rows.append(row)
    return rows, notes


def _quarter_of(text: str) -> str | None:
    """The quarter a quarter's or a month's report counts in; None for others."""
    try:
        p = Period.parse(text)
    except ValueError:
        return None
    return str(p.enclosing("Q")) if p.kind in ("Q", "M") else None


def _month_of(text: str) -> str | None:
    """A month's report's month; None for a report of any other period."""
    try:
        p = Period.parse(text)
    except ValueError:
        return None
    return str(p) if p.is_month else None


def _is_quarter(text: str) -> bool:
    try:
        return Period.parse(text).kind == "Q"
    except ValueError:
        return False


def _json_row(row: dict[str, Any]) -> dict[str, Any]:
    return {k: (str(v) if isinstance(v, Decimal) else v) for k, v in row.items()}


def _snapshot_rows(assessment: Assessment) -> list[dict[str, Any]]:
    return [
        {k: (Decimal(v) if k not in ("unit", "name", "area", "period") and v is not None else v)
         for k, v in r.items()}
        for r in assessment.snapshot["rows"]
    ]  # fmt: skip


def snapshot_frame(assessment: Assessment, rubric: Rubric) -> pl.DataFrame:
    return _frame(rubric, _snapshot_rows(assessment))


def scored_rubric(assessment: Assessment) -> Rubric:
    """The rubric the assessment was scored with: its version's, and the veto from
    above when the snapshot holds one (kaoping.web.assessment.inspections)."""
    rubric = parsed(assessment.rubric)
    if assessment.snapshot.get("vetoes_from_above"):
        from .inspections import with_veto

        rubric = with_veto(rubric)
    return rubric


def explained(
    assessment: Assessment, result: dict[str, Any], lang: str
) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """A unit's (deductions, bonuses) as the results keep them, worded in ``lang``.

    The results keep the Chinese lines (the bulletin's, the ledger's); another
    language is worded again by the engine from the same figures, rubric and
    assessors' reasons, so that its lines are the same lines (paths and points)."""
    if lang == "zh":
        return list(result["deductions"]), list(result["bonuses"])
    from kaoping.engine import explain_unit

    env = {k: Fraction(Decimal(v)) for k, v in result["values"].items()}
    reasons = _reasons_map(assessment.snapshot).get((result["unit"], assessment.period))
    kind = "M" if assessment.is_monthly else "Q"  # prev() of a month: the month before's
    deductions, bonuses = explain_unit(scored_rubric(assessment), env, reasons, lang, kind)

    def rows(ds: list[Any]) -> list[dict[str, str]]:
        return [{"path": d.path, "points": str(d.points), "text": d.text} for d in ds]

    return rows(deductions), rows(bonuses)


def run_engine(assessment: Assessment) -> EngineAssessment:
    """The engine's assessment from the stored snapshot: the same figures, manual
    deductions and people, hence the same results, whenever it is asked."""
    from kaoping.engine import assess

    rubric = scored_rubric(assessment)
    people = engine_people(assessment.snapshot.get("people", []))
    return assess(
        rubric,
        _figures(rubric, _snapshot_rows(assessment)),
        people,
        manual_reasons=_reasons_map(assessment.snapshot),
    )


def _unit_results(result: EngineAssessment, period: str, rubric: Rubric) -> list[dict[str, Any]]:
    pr = result.period(period)
    try:
        before = {u.unit: u.rank for u in result.period(Period.parse(period).previous())}
    except KeyError:
        before = {}
    out = []
    for u in pr:
        out.append(
            {
                "unit": u.unit,
                "name": u.display_name,
                "area": u.area,
                "total": str(u.total),
                "rank": u.rank,
                "previous_rank": before.get(u.unit),
                "vetoed": u.vetoed,
                "group": u.group,
                "streak": u.streak,
                "group_rank": u.group_rank,
                "scores": {k: str(v) for k, v in u.scores.items()},
                "deductions": [
                    {"path": d.path, "points": str(d.points), "text": d.text} for d in u.deductions
                ],
                "bonuses": [
                    {"path": d.path, "points": str(d.points), "text": d.text} for d in u.bonuses
                ],
                # RUBRIC.md §5.1: what each action means and whether it is given,
                # kept for the ledger, the year view and the follow-ups.
                "actions": [
                    {
                        "kind": a.kind,
                        "effect": a.effect,
                        "to": a.to,
                        "person": a.person,
                        "amount": None if a.amount is None else str(a.amount),
                        "withheld": a.withheld,
                        "due": a.due.isoformat() if a.due else None,
                        "from": list(a.from_units),
                    }
                    for a in u.actions
                ],
                "carried": [
                    {"year": c.year, "period": str(c.period), "kind": c.kind, "effect": c.effect}
                    for c in u.carried
                ],
                "values": {k: str(v) for k, v in u.values.items()},
            }
        )
    return out


def _barred_by_quarters(a: Assessment) -> set[tuple[str, ...]]:
    """Whom the year's approved quarterly assessments made ineligible (取消评优资格,
    RUBRIC.md §5.1) by the campaign's quarter, as the engine names them: the person
    by name, else the unit, its area, or the unit's role."""
    period = Period.parse(a.period)
    return _barred_by(effective_assessments(a.township, period.year), period)


def _barred_by(
    assessments: list[Assessment], period: Period, *, by_last_day: bool = False
) -> set[tuple[str, ...]]:
    """Whom ``assessments`` made ineligible for ``period``: those of a period up to
    it (``by_last_day``: of a period ending by its last day, for months beside
    quarters), for the year unless the rubric says ``scope: quarter``, which holds
    for its own period only."""
    barred: set[tuple[str, ...]] = set()
    for q in assessments:
        since = Period.parse(q.period)
        if since.year != period.year:
            continue
        if by_last_day and since.last_day() > period.last_day():
            continue
        if not by_last_day and since > period:
            continue
        scopes = {
            spec.kind: spec.scope
            for rule in parsed(q.rubric).consequences
            for spec in rule.actions
            if spec.effect == "ineligible"
        }
        for u in q.results.get("units", []):
            for act in u.get("actions", []):
                if act.get("effect") != "ineligible" or act.get("withheld"):
                    continue
                if scopes.get(act["kind"], "year") == "quarter" and since != period:
                    continue
                barred.add(_who(u, act))
    return barred


def _who(u: dict[str, Any], act: dict[str, Any]) -> tuple[str, ...]:
    # The engine's reckoning of whom an action reaches (kaoping.engine consequences).
    if act.get("person"):
        return ("person", act["person"])
    if act["to"] == "unit":
        return ("unit", u["unit"])
    if act["to"] in ("area", "area_chief", "area_deputy"):
        return ("area", act["to"], u.get("area") or u["unit"])
    return ("role", act["to"], u["unit"])


def _withhold_for_quarterly_ineligibility(a: Assessment, units: list[dict[str, Any]]) -> None:
    """A person the quarter made ineligible for the year receives no commendation
    or award from a campaign's assessment either: listed, withheld, no amount."""
    _withhold(_barred_by_quarters(a), units)


def _withhold_for_other_cadence(a: Assessment, units: list[dict[str, Any]]) -> None:
    """A quarter's and a month's assessments of one township are computed apart: a
    person a month made ineligible for the year receives no commendation or award
    from the quarters ending after it, and one a quarter made ineligible none from
    the months ending after it (RUBRIC.md §5.1: from the period it is given, for
    the rest of the year). Listed, withheld, no amount."""
    period = Period.parse(a.period)
    other = "Q" if period.is_month else "M"
    assessed = [
        x
        for x in effective_assessments(a.township, period.year, months=True)
        if Period.parse(x.period).kind == other
    ]
    _withhold(_barred_by(assessed, period, by_last_day=True), units)


def _withhold(barred: set[tuple[str, ...]], units: list[dict[str, Any]]) -> None:
    if not barred:
        return
    for u in units:
        for act in u["actions"]:
            if (
                act["effect"] in ("commend", "award")
                and act["withheld"] is None
                and _who(u, act) in barred
            ):
                act["withheld"], act["amount"] = "ineligible", None


AREA_TARGETS = ("area", "area_chief", "area_deputy")


def _reach_areas(a: Assessment, units: list[dict[str, Any]]) -> dict[str, Unit]:
    """Mark each action addressed to a work area (``to: area`` or its chiefs) with
    the area's code; for a campaign's ``to: area`` also whom it reaches for the area
    (``holder``): the campaign's work group leader there, else the 片长 on the
    campaign's last day. Returns the areas by code."""
    wanted = {u["area"] for u in units if u.get("area")}
    areas = {x.code: x for x in Unit.objects.filter(
        code__in=wanted, township=a.township, level=Unit.Level.AREA)}  # fmt: skip
    if not areas:
        return {}
    holders: dict[str, str] = {}
    if a.campaign is not None:
        from kaoping.web.core.area_leaders import leaders_for

        leaders = leaders_for(a.campaign.pk, [x.pk for x in areas.values()])
        last = a.campaign.end
        chiefs = {
            p.unit_id: p.name
            for p in Person.objects.filter(unit__in=areas.values(), role="area_chief").order_by(
                "-start", "pk"
            )
            if (p.start is None or p.start <= last) and (p.end is None or p.end >= last)
        }
        for code, area in areas.items():
            name = leaders.get(area.pk) or chiefs.get(area.pk)
            if name:
                holders[code] = name
    for u in units:
        area_code = u.get("area")
        if area_code not in areas:
            continue
        for act in u["actions"]:
            if act["to"] in AREA_TARGETS:
                act["area"] = area_code
                if act["to"] == "area" and not act["person"] and area_code in holders:
                    act["holder"] = holders[area_code]
    return areas


def _barred_by_campaigns(a: Assessment) -> dict[tuple[str, ...], str]:
    """Whom the year's approved campaign assessments made ineligible (取消评优资格,
    RUBRIC.md §5.1) by this quarter, and the first campaign that did: a campaign's
    ``ineligible`` holds from the quarter of its last day for the rest of the year
    (``scope: quarter``: that quarter only), as a quarter's own does."""
    period = Period.parse(a.period)
    barred: dict[tuple[str, ...], str] = {}
    for c in effective_campaign_assessments(a.township, period.year):
        since = Period.parse(c.period)
        if since > period:
            continue
        scopes = {
            spec.kind: spec.scope
            for rule in parsed(c.rubric).consequences
            for spec in rule.actions
            if spec.effect == "ineligible"
        }
        title = c.campaign.title if c.campaign is not None else ""
        for u in c.results.get("units", []):
            for act in u.get("actions", []):
                if act.get("effect") != "ineligible" or act.get("withheld"):
                    continue
                if scopes.get(act["kind"], "year") == "quarter" and since != period:
                    continue
                barred.setdefault(_who(u, act), title)
    return barred


def _withhold_for_campaign_ineligibility(a: Assessment, units: list[dict[str, Any]]) -> list[Any]:
    """A person a campaign's assessment made ineligible receives no commendation or
    award from the quarter's assessment either: listed, withheld, no amount, and
    ``withheld_by`` naming the campaign. Returns what was read, for the snapshot."""
    barred = _barred_by_campaigns(a)
    if not barred:
        return []
    for u in units:
        for act in u["actions"]:
            if act["effect"] in ("commend", "award") and act["withheld"] is None:
                title = barred.get(_who(u, act))
                if title is not None:
                    act["withheld"], act["amount"] = "ineligible", None
                    act["withheld_by"] = title
    return [[*who, title] for who, title in sorted(barred.items())]


WITHHELD_NOTES = N.WITHHELD


def _withheld_note(act: dict[str, Any]) -> str:
    withheld = act.get("withheld")
    if withheld == "ineligible" and act.get("withheld_by"):
        return N.WITHHELD_BY % {"title": act["withheld_by"]}
    if not withheld:
        return ""
    return WITHHELD_NOTES.get(withheld, N.WITHHELD_OTHER % {"why": withheld})


def _reason(unit: dict[str, Any], period: str, campaign: Any = None) -> str:
    """Why a unit is in the ledger, as the ledger keeps it (in Chinese; a page says
    it with notes.reason_shown)."""
    if campaign is not None:
        label = N.CAMPAIGN_LABEL % {"title": campaign.title}
    else:
        label = Period.parse(period).label_zh()
    group = unit["group"] if unit["group"] in ("top", "bottom") else ""
    streak = None
    if unit["streak"] > 1:
        streak = "month" if campaign is None and Period.parse(period).is_month else "quarter"
    return N.REASONS[(group, streak)] % {
        "label": label,
        "total": _show(Decimal(unit["total"])),
        "rank": unit["rank"],
        "streak": unit["streak"],
    }


def quarterly_datasets(township: Unit, rubric: Rubric) -> list[tuple[Any, list[str]]]:
    """The township's data sets reported quarterly (按季度) that carry an element
    the rubric reads and no data set of the township reports monthly (按月), each
    with those elements' codes, in the data sets' order. An element a monthly data
    set carries too has a figure for every month, whatever its quarters hold."""
    from kaoping.web.core.models import DataElement, DataSet

    monthly = set(
        DataElement.objects.filter(
            dataset__township=township, dataset__frequency=DataSet.Frequency.MONTHLY
        ).values_list("code", flat=True)
    )
    found: dict[int, tuple[Any, list[str]]] = {}
    for element in (
        DataElement.objects.filter(
            dataset__township=township,
            dataset__frequency=DataSet.Frequency.QUARTERLY,
            code__in=[c for c in rubric.data_elements() if c not in monthly],
        )
        .select_related("dataset")
        .order_by("dataset__code", "position", "code")
    ):
        found.setdefault(element.dataset_id, (element.dataset, []))[1].append(element.code)
    return list(found.values())


def _refuse_period(township: Unit, rubric: Rubric, period: str) -> None:
    """A quarter or a month; a month only when every data set the rubric reads
    reports monthly: a quarter's figures cannot be split into its months."""
    from kaoping.web.core.models import DataElement, DataSet

    try:
        p = Period.parse(period)
    except ValueError:
        raise Refused(
            _("“%(value)s”不是季度或月份，例如 2026Q4 或 2026-11") % {"value": period}
        ) from None
    if p.is_quarter:
        return
    if not p.is_month:
        raise Refused(
            _("考评按季度或按月进行，“%(period)s”不是季度或月份，例如 2026Q4 或 2026-11")
            % {"period": period}
        )
    quarterly = quarterly_datasets(township, rubric)
    if quarterly:
        dataset, codes = quarterly[0]
        raise Refused(
            _(
                "不能按月考评%(month)s：考评细则读取的数据集“%(dataset)s”按季度报送"
                "（%(elements)s），季度数据不能拆分到各月"
            )
            % {"month": period_label(p), "dataset": dataset.name, "elements": "、".join(codes)}
        )
    if not DataElement.objects.filter(
        dataset__township=township,
        dataset__frequency=DataSet.Frequency.MONTHLY,
        code__in=list(rubric.data_elements()),
    ).exists():
        raise Refused(
            _("不能按月考评%(month)s：考评细则读取的数据没有按月报送的数据集")
            % {"month": period_label(p)}
        )


@transaction.atomic
def create_assessment(
    township: Unit,
    period: str,
    rv: RubricVersion,
    user: Any,
    use_sources: bool = False,
    campaign: Any = None,
) -> Assessment:
    """A new draft for the quarter, or for ``campaign`` (in the quarter of its last
    day, beside the quarterly one); refused while figures are missing or failing
    checks, or while a version of the same assessment is still open."""
    rubric = parsed(rv)
    if campaign is not None:
        from kaoping.web.planning.models import Campaign

        # Locked so that two people starting the campaign's assessment make one.
        campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
        if campaign.township_id != township.pk:
            raise Refused(_("该专项活动不属于本乡镇"))
        period = campaign_period(campaign)
    else:
        _refuse_period(township, rubric, period)
    same = siblings(Assessment(township=township, period=period, campaign=campaign))
    open_ = same.filter(status__in=[S.DRAFT, S.SUBMITTED]).first()
    if open_ is not None:
        if campaign is not None:
            raise Refused(
                _("“%(campaign)s”已有未审定的考评（第%(version)s版），请在其上继续")
                % {"campaign": campaign.title, "version": open_.version}
            )
        raise Refused(
            _("%(period)s 已有未审定的考评（第%(version)s版），请在其上继续")
            % {"period": period, "version": open_.version}
        )
    if same.exists():
        if campaign is not None:
            raise Refused(
                _("“%(campaign)s”的考评已审定；如需修改，请在该考评页面发起更正")
                % {"campaign": campaign.title}
            )
        raise Refused(
            _("%(period)s 的考评已审定；如需修改，请在该考评页面发起更正") % {"period": period}
        )
    problems = readiness(township, rubric, period, use_sources, campaign)
    if problems:
        raise Refused(_("以下单位的数据缺失或未通过校验，暂不能开始考评"), problems)
    a = Assessment.objects.create(
        township=township,
        period=period,
        campaign=campaign,
        version=1,
        rubric=rv,
        use_sources=use_sources,
        created_by=user,
    )
    AssessmentEvent.objects.create(
        assessment=a,
        action=E.CREATE,
        user=user,
        note=N.RUBRIC_USED % {"name": rv.name, "number": rv.number},
    )
    return a


def _locked(pk: int) -> Assessment:
    return (
        Assessment.objects.select_for_update(of=("self",))
        .select_related("township", "rubric", "campaign")
        .get(pk=pk)
    )


@transaction.atomic
def compute(assessment_pk: int, user: Any) -> Assessment:
    """Score the quarter with the engine and keep figures, results and ledger."""
    a = _locked(assessment_pk)
    if a.status != S.DRAFT:
        raise Refused(_("该考评%(status)s，不能重新计算") % {"status": a.get_status_display()})
    rubric = parsed(a.rubric)
    rows, notes = build_rows(a, rubric)
    from .inspections import VETO_ELEMENT, vetoes, with_veto

    # A veto from above (an inspection's) counts as the rubric's own veto would.
    vetoed = vetoes(a.township, sorted({str(r["period"]) for r in rows}), a.campaign_id)
    if vetoed:
        rubric = with_veto(rubric)
        for r in rows:
            r[VETO_ELEMENT] = Decimal(int((r["unit"], r["period"]) in vetoed))
    people = _people(a.township)
    from kaoping.engine import assess

    reasons = _manual_reasons(a, rows)
    try:
        result = assess(
            rubric,
            _figures(rubric, rows),
            engine_people(people),
            manual_reasons=_reasons_map({"manual_reasons": reasons}),
        )
    except AssessmentError as err:
        raise Refused(
            _("数据无法计分：%(violations)s")
            % {"violations": "；".join(str(v) for v in err.violations[:10])}
        ) from None
    units = _unit_results(result, a.period, rubric)
    barred_by_campaigns: list[Any] = []
    if a.campaign_id is not None:
        _withhold_for_quarterly_ineligibility(a, units)
    else:
        _withhold_for_other_cadence(a, units)
        barred_by_campaigns = _withhold_for_campaign_ineligibility(a, units)
    # After the withholding, which reckons whom an action reaches by its person.
    areas = _reach_areas(a, units)
    # The change of rank is against what was approved for the previous quarter,
    # when it was, rather than against today's recomputation of it.
    before = None
    if a.campaign_id is None:
        before = _effective(a.township, str(Period.parse(a.period).previous()))
    if before is not None:
        ranks = {u["unit"]: u["rank"] for u in before.results.get("units", [])}
        for u in units:
            u["previous_rank"] = ranks.get(u["unit"])
    a.snapshot = {
        "rows": [_json_row(r) for r in rows],
        "people": people,
        "notes": notes,
        "manual_reasons": reasons,
        "reports": _reports_read(a),
        "vetoes_from_above": [[u, p, why] for (u, p), why in sorted(vetoed.items())],
        # Whom approved campaign assessments had made ineligible when this was computed.
        "ineligible_by_campaigns": barred_by_campaigns,
    }
    reported = result.period(a.period)
    a.results = {
        "units": units,
        # Consequences that reach nobody (a role vacant on the quarter's last day).
        "warnings": reported.warnings_zh,
        "warnings_en": reported.warnings,
        "computed_at": timezone.now().isoformat(),
    }
    a.computed_at = timezone.now()
    a.revision += 1
    a.save(update_fields=["snapshot", "results", "computed_at", "revision"])
    a.ledger.all().delete()
    codes = {u.code: u for u in township_units(a.township)}
    LedgerEntry.objects.bulk_create(
        LedgerEntry(
            assessment=a,
            period=a.period,
            unit=codes[u["unit"]],
            kind=act["kind"],
            to=act["to"],
            person=act["person"] or act.get("holder") or "",
            amount=None if act["amount"] is None else Decimal(act["amount"]),
            reason=_reason(u, a.period, a.campaign) + _withheld_note(act),
            area=areas.get(act.get("area") or ""),
        )
        for u in units
        for act in u["actions"]
        if u["unit"] in codes
    )
    AssessmentEvent.objects.create(
        assessment=a, action=E.COMPUTE, user=user, note=N.UNITS_COMPUTED % {"n": len(units)}
    )
    return a


@transaction.atomic
def add_manual(
    assessment_pk: int, unit: Unit, path: str, points: Decimal, reason: str, user: Any
) -> ManualDeduction:
    a = _locked(assessment_pk)
    if a.status != S.DRAFT:
        raise Refused(
            _("该考评%(status)s，不能再录入人工扣分") % {"status": a.get_status_display()}
        )
    rubric = parsed(a.rubric)
    try:
        node = rubric.node(path)
    except KeyError:
        raise Refused(_("考评项目“%(item)s”不是人工扣分项") % {"item": path}) from None
    if not node.has_manual:
        raise Refused(_("考评项目“%(item)s”不是人工扣分项") % {"item": node.title})
    if points <= 0 or points > node.max:
        raise Refused(
            _("扣分应大于0且不超过该项满分%(max)s分，收到“%(points)s”")
            % {"max": _show(node.max), "points": format_exact(points)}
        )
    if not reason.strip():
        raise Refused(_("请写明扣分理由"))
    m = ManualDeduction.objects.create(
        assessment=a, unit=unit, path=path, points=points, reason=reason.strip(), author=user
    )
    AssessmentEvent.objects.create(
        assessment=a,
        action=E.MANUAL,
        user=user,
        note=N.MANUAL
        % {
            "unit": unit.name,
            "item": node.title,
            "points": _show(points),
            "reason": reason.strip(),
        },
    )
    # The stored results no longer match the manual figures: compute again.
    a.results = {}
    a.revision += 1
    a.save(update_fields=["results", "revision"])
    return m


_TRANSITIONS = {
    # action: (from, to, message when in another status)
    "submit": (S.DRAFT, S.SUBMITTED),
    "return": (S.SUBMITTED, S.DRAFT),
    "approve": (S.SUBMITTED, S.APPROVED),
    "publish": (S.APPROVED, S.PUBLISHED),
}

_ALREADY = {
    "submit": gettext_lazy("该考评已提交，不能再次提交（当前状态：%(status)s）"),
    "return": gettext_lazy("只有已提交联席会议的考评可以退回（当前状态：%(status)s）"),
    "approve": gettext_lazy("该考评不是待审定状态，不能审定（当前状态：%(status)s）"),
    "publish": gettext_lazy("只有已审定的考评可以公布（当前状态：%(status)s）"),
}


def report_periods(period: str) -> list[str]:
    """The periods whose reports a period's figures come from: a quarter's own
    and, for a quarter, its three months (a data set reported monthly,
    :func:`_quarters_from_months`). The township's and the county's assessments
    read, record and lock the reports of these periods."""
    p = Period.parse(period)
    return [period, *(str(m) for m in p.parts("M"))] if p.is_quarter else [period]


def _quarter_reports(a: Assessment) -> dict[int, int]:
    """Report pk -> version of every report the quarter's figures come from now."""
    from kaoping.web.core.models import Report

    if a.campaign_id is not None and set(parsed(a.rubric).data_elements()) <= set(
        CAMPAIGN_ELEMENTS
    ):
        # A campaign's rubric that reads only the campaign's own figures reads no
        # report: approving it locks none, and the villages' quarter stays open.
        return {}
    return dict(
        Report.objects.filter(
            unit__township=a.township, period__in=report_periods(a.period), figures__isnull=False
        )
        .distinct()
        .values_list("pk", "version")
    )


def _reports_read(a: Assessment) -> list[list[int]]:
    return sorted([pk, v] for pk, v in _quarter_reports(a).items())


def preparers(a: Assessment) -> set[int]:
    """Who prepared the assessment, by its record: created it, computed it, or
    entered one of its manual deductions. Starting a correction is not preparing;
    the computing that must follow is."""
    users = set(
        a.events.filter(action__in=[E.CREATE, E.COMPUTE, E.MANUAL], user__isnull=False).values_list(
            "user_id", flat=True
        )
    )
    users |= set(
        a.manual_deductions.filter(author__isnull=False).values_list("author_id", flat=True)
    )
    return users


def blocking_reports(a: Assessment) -> list[Any]:
    """The quarter's reports with figures that keep the assessment from being
    approved: drafts and returned ones."""
    from kaoping.web.core.models import Report

    return list(
        Report.objects.filter(
            pk__in=list(_quarter_reports(a)),
            status__in=[Report.Status.DRAFT, Report.Status.RETURNED],
        )
        .select_related("unit", "dataset")
        .order_by("unit__code", "dataset__code")
    )


def _approve_reports(a: Assessment, user: Any) -> None:
    """Lock every report the results were computed from, at the version read, in
    this transaction; refused while one is open or changed since."""
    from kaoping.web.core import services as core

    read = {pk: v for pk, v in a.snapshot.get("reports", [])}
    if "reports" not in a.snapshot:  # computed before reports were recorded
        read = _quarter_reports(a)
    new = sorted(set(_quarter_reports(a)) - set(read))
    if new:
        from kaoping.web.core.models import Report

        names = "、".join(
            f"{r.unit.name}（{r.dataset.name}）"
            for r in Report.objects.filter(pk__in=new).select_related("unit", "dataset")
        )
        raise Refused(
            _("计算之后又有报表录入了数据，请重新计算后再审定：%(reports)s") % {"reports": names}
        )
    try:
        core.approve_with_assessment(
            read, read, user, note=f"随{a.period}考评第{a.version}版审定锁定"
        )
    except core.Refused as refused:
        raise Refused(
            _("本考评读取的报表须全部已提交且计算后未被修改，才能审定：%(reasons)s")
            % {"reasons": refused.message}
        ) from None


@transaction.atomic
def transition(
    assessment_pk: int, action: str, user: Any, note: str = "", revision: int | None = None
) -> Assessment:
    """Move the assessment on. ``revision`` is the state the user was shown: an
    assessment computed, returned or changed since refuses (the view always
    passes it; callers that just computed it may leave it out)."""
    a = _locked(assessment_pk)
    refuse_step(a, action, user, note, revision)
    if action == "approve":
        _approve_reports(a, user)
    a.status = _TRANSITIONS[action][1]
    a.revision += 1
    a.save(update_fields=["status", "revision"])
    AssessmentEvent.objects.create(assessment=a, action=action, user=user, note=note.strip())
    if action == "approve":
        # The consequences bind from approval; their follow-ups open with it.
        open_for(a, user)
    return a


def refuse_step(
    a: Assessment, action: str, user: Any, note: str = "", revision: int | None = None
) -> None:
    """Raise :class:`Refused` if ``user`` may not take the step on ``a`` as it is:
    its status, its computation, the reason, the revision shown and the four eyes.
    Checked first by the page before it asks (a preparer is refused, not asked)
    and again under the lock by :func:`transition`, which also checks the reports
    an approval locks."""
    source, _target = _TRANSITIONS[action]
    if a.status != source:
        message = _ALREADY[action]
        if action == "approve" and a.status in (S.APPROVED, S.PUBLISHED):
            message = gettext_lazy("该考评已审定，不能再次审定（当前状态：%(status)s）")
        if action == "publish" and a.status == S.PUBLISHED:
            message = gettext_lazy("该考评已公布，不能再次公布（当前状态：%(status)s）")
        raise Refused(str(message) % {"status": a.get_status_display()})
    if action == "submit" and not a.computed:
        raise Refused(_("请先计算，再提交联席会议"))
    if action == "return" and not note.strip():
        raise Refused(_("退回时请写明原因"))
    if revision is not None and revision != a.revision:
        raise Refused(_("您查看之后，该考评已被重新计算或修改，请刷新页面核对后再操作"))
    if action == "approve":
        from kaoping.web.core.services import four_eyes

        who = four_eyes(user, preparers(a))
        if who:
            raise Refused(
                _("%(person)s参与编制了本考评（创建、计算或人工扣分），不能由其审定")
                % {"person": who}
            )


@transaction.atomic
def refuse_correction(old: Assessment, reason: str) -> None:
    """Raise Refused if ``old`` may not be corrected now: checked before the
    correction is asked about, and again by :func:`correct` under the lock."""
    if not old.frozen:
        raise Refused(_("只有已审定或已公布的考评可以更正；草稿可直接修改"))
    if old.campaign_id is None:
        # Under the assessment's lock (in correct), which the county's acceptance takes too.
        from .acceptance_lock import guard_quarter

        guard_quarter(old.township, old.period)
    if not reason.strip():
        raise Refused(_("请写明更正原因"))
    if siblings(old).filter(status__in=[S.DRAFT, S.SUBMITTED]).exists():
        raise Refused(_("该考评已有进行中的更正版本"))


def correction_version(old: Assessment) -> int:
    """The version a correction of ``old`` takes: the next of its versions."""
    return int(siblings(old).order_by("-version").values_list("version", flat=True)[0]) + 1


def correct(assessment_pk: int, reason: str, user: Any) -> Assessment:
    """A new draft version of a frozen assessment; the old one stays as it was."""
    old = _locked(assessment_pk)
    refuse_correction(old, reason)
    last = siblings(old).order_by("-version")[0]
    new = Assessment.objects.create(
        township=old.township,
        period=old.period,
        campaign=old.campaign,
        version=last.version + 1,
        rubric=old.rubric,
        use_sources=old.use_sources,
        corrects=old,
        correction_reason=reason.strip(),
        created_by=user,
    )
    ManualDeduction.objects.bulk_create(
        ManualDeduction(
            assessment=new,
            unit=m.unit,
            path=m.path,
            points=m.points,
            reason=m.reason,
            author=m.author,
            created_at=m.created_at,
        )
        for m in old.manual_deductions.all()
    )
    for target in (old, new):
        AssessmentEvent.objects.create(
            assessment=target,
            action=E.CORRECT,
            user=user,
            note=N.CORRECTED % {"old": old.version, "new": new.version, "reason": reason.strip()},
        )
    return new


def corrected_after_reopen(report: Any) -> list[Assessment]:
    """The approved assessments a reopening of ``report`` corrects: the version that
    counts of the quarter's, of the report's month and of each campaign of the
    quarter, where it read the report and no version of it is open already (which
    will read the new figures). The quarter's own comes first."""
    township = report.unit.township
    quarter = _quarter_of(report.period)  # a month's report counts in its quarter
    if township is None or quarter is None:
        return []
    # The quarterly assessment first (its new version is returned), then every
    # campaign's of the quarter that read the report.
    frozen_all = [_effective(township, quarter)]
    if (month := _month_of(report.period)) is not None:
        # A monthly assessment of the report's own month (after the quarter's).
        frozen_all.append(_effective(township, month))
    for c in (
        Assessment.objects.filter(township=township, period=quarter)
        .exclude(campaign__isnull=True)
        .values_list("campaign", flat=True)
        .distinct()
    ):
        frozen_all.append(_effective(township, quarter, c))
    corrected = []
    for frozen in frozen_all:
        if frozen is None:
            continue
        read = {pk for pk, _v in frozen.snapshot.get("reports", [])}
        if read and report.pk not in read:
            continue
        if siblings(frozen).filter(status__in=[S.DRAFT, S.SUBMITTED]).exists():
            continue
        corrected.append(frozen)
    return corrected


def correct_after_reopen(report: Any, user: Any, reason: str) -> Assessment | None:
    """A report an approved assessment read was reopened: each such assessment
    (:func:`corrected_after_reopen`) gets a new draft version in the reopening's
    transaction; the quarter's own new version is returned."""
    first: Assessment | None = None
    for frozen in corrected_after_reopen(report):
        new = correct(
            frozen.pk, f"{report.unit.name} {report.dataset.name} 解锁更正：{reason}", user
        )
        first = first or (new if frozen.campaign_id is None else None)
    return first


def effective_assessments(
    township: Unit, year: int | None = None, months: bool = False
) -> list[Assessment]:
    """The version that counts for every quarter (newest approved or published),
    and with ``months`` for every month assessed monthly too, in order of period.
    A campaign's is counted apart (:func:`effective_campaign_assessments`), never
    as a quarter's."""
    qs = Assessment.objects.filter(
        township=township, status__in=[S.APPROVED, S.PUBLISHED], campaign__isnull=True
    ).order_by("period", "-version")
    if year is not None:
        qs = qs.filter(period__startswith=str(year))
    seen: dict[str, Assessment] = {}
    for a in qs:
        kind = _kind(a.period)
        if kind == "Q" or (months and kind == "M"):
            seen.setdefault(a.period, a)
    return sorted(seen.values(), key=lambda a: Period.parse(a.period))


def _kind(text: str) -> str | None:
    try:
        return Period.parse(text).kind
    except ValueError:
        return None


def effective_campaign_assessments(township: Unit, year: int | None = None) -> list[Assessment]:
    """The version that counts for every campaign of the township (of ``year``, by
    the quarter of the campaign's last day), in order of quarter and campaign."""
    qs = (
        Assessment.objects.filter(
            township=township, status__in=[S.APPROVED, S.PUBLISHED], campaign__isnull=False
        )
        .select_related("campaign")
        .order_by("period", "campaign__start", "campaign_id", "-version")
    )
    if year is not None:
        qs = qs.filter(period__startswith=str(year))
    seen: dict[int, Assessment] = {}
    for a in qs:
        seen.setdefault(a.campaign_id, a)  # type: ignore[arg-type]
    return list(seen.values())


def target_label(to: str) -> str:
    """A consequence's ``to`` on a page: a role's label, 单位 for the unit itself."""
    return role_label(to, unit="单位")
