"""工作总结 of a half-year or a year on the web: scored from the quarters' approved
assessments (the mean of their totals, or the rubric's annual rule), with the
figures of their rows formed into the period by each element's ``over_time`` —
the same engine function (``over_quarters``) ``kaoping report summary --period
2026H1`` uses on files; a yes/no figure is told quarter by quarter. Its targets
are judged on those formed figures, as ``--targets`` judges them.

A quarter has its own assessment (and summary); a month has none, so the web
forms half-years and years only."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.apps import apps

from kaoping.engine import Assessment as EngineAssessment
from kaoping.engine import Period, YearError, over_quarters

from ..core.completeness import reporting_totals
from ..core.models import Unit
from . import services
from .document_inputs import follow_ups_of
from .models import Assessment

_APPROVED = (Assessment.Status.APPROVED, Assessment.Status.PUBLISHED)


class NotFormed(Exception):
    """The period cannot be formed; ``message`` says why in Chinese, ``missing``
    the quarters not yet approved when that is why (for a page to word in its
    reader's language)."""

    def __init__(self, message: str, missing: Sequence[Period] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.missing = tuple(missing)


@dataclass
class Formed:
    result: Any  # kaoping.engine.Assessment
    quarters: list[Any]  # the period's approved assessments, a quarter each


@dataclass(frozen=True)
class Quarters:
    """Where a half-year's or a year's quarters come from: a township's approved
    assessments of its villages, or a county's of its townships (county_summary)."""

    of: Callable[[Period], list[Any]]  # the approved assessment of each quarter, or None
    result: Callable[[Any], Any]  # the engine's result of an assessment's own quarter
    rows: Callable[[Any], list[dict[str, Any]]]  # the figures it was scored on
    rubric: Callable[[Any], Any]  # the rubric it was scored with


def _quarters(town: Unit, p: Period) -> list[Assessment | None]:
    return [services._effective(town, str(q)) for q in p.parts("Q")]


def township_quarters(town: Unit) -> Quarters:
    return Quarters(
        of=lambda p: list(_quarters(town, p)),
        result=lambda a: services.run_engine(a).period(a.period),
        rows=services._snapshot_rows,
        rubric=services.scored_rubric,
    )


def form(town: Unit, period: Period) -> Formed:
    """The engine's assessment of ``period`` and of the periods it is compared with
    (where all their quarters are approved); raises NotFormed."""
    return form_from(township_quarters(town), period)


def form_from(source: Quarters, period: Period) -> Formed:
    """:func:`form` from any source of approved quarters."""
    if not (period.is_half or period.is_year):
        raise NotFormed(f"“{period}”不是半年或年度：请选择如 2026H1、2026年上半年或 2026年度")
    own = source.of(period)
    missing = [q for q, a in zip(period.parts("Q"), own, strict=True) if a is None]
    if missing:
        raise NotFormed(
            f"{period.label_zh()}工作总结由各季度审定的考评汇总，"
            f"{'、'.join(q.label_zh() for q in missing)}还没有审定的考评",
            missing,
        )
    quarters = [a for a in own if a is not None]
    rubric = source.rubric(quarters[-1])
    # Scores come from the quarters' results (the mean of their totals, or the
    # rubric's annual rule); figures from their rows by each element's over_time
    # (engine over_quarters, as `kaoping report summary --period 2026H1`).
    results: list[Any] = []
    rows: list[dict[str, Any]] = []
    seen: set[int] = set()
    for target in dict.fromkeys([period, period.previous(), period.same_period_last_year()]):
        found = own if target == period else source.of(target)
        for a in found:
            if a is None or a.pk in seen:
                continue
            seen.add(a.pk)
            results.append(source.result(a))
            rows += [dict(r) for r in source.rows(a) if r["period"] == a.period]
    results.sort(key=lambda r: r.period)
    columns = list(dict.fromkeys(c for r in rows for c in r))
    try:
        result = over_quarters(rubric, EngineAssessment(rubric, results), rows, columns, period)
    except YearError as err:
        shown = "；".join(p.format_zh() for p in err.problems[:5])
        more = f"等{len(err.problems)}处" if len(err.problems) > 5 else ""
        raise NotFormed(f"{period.label_zh()}的数据不能由各季度汇总：{shown}{more}。") from None
    return Formed(result, quarters)


def attendance(town: Unit, period: Period) -> list[Any]:
    """The service days of the period's quarters, absences by reason."""
    return attendance_of([town], period)


def attendance_of(towns: Sequence[Unit], period: Period) -> list[Any]:
    """The service days the townships' villages held in the period's quarters (none
    in a month), absences by reason."""
    if not apps.is_installed("kaoping.web.planning") or period.span < 3:
        return []
    from kaoping.web.planning.models import ServiceDay

    days = ServiceDay.objects.filter(
        township__in=list(towns), period__in=[str(q) for q in period.parts("Q")]
    ).select_related("unit")
    return [r for d in days if (r := d.as_record()) is not None]


def spot_checked(town: Unit, period: Period) -> list[str]:
    """The units inspections from above sampled in any quarter of the period."""
    if not apps.is_installed("kaoping.web.planning"):
        return []
    from kaoping.web.planning.services import spot_checked as of_quarter

    return sorted({c for q in period.parts("Q") for c in of_quarter(town, q)})


def targets(town: Unit, formed: Formed, period: Period) -> tuple[list[Any], list[str]]:
    """目标完成情况 of the period: the township's newest targets file (else the
    shipped one) judged on the period's figures as formed from its quarters
    (:func:`formed_targets`)."""
    if not apps.is_installed("kaoping.web.planning"):
        return [], []
    from kaoping.web.planning.models import TargetFile
    from kaoping.web.planning.services import load_targets

    newest = TargetFile.objects.filter(unit=town).first()
    loaded, _name, problems = load_targets(town, str(newest.pk) if newest else "shipped")
    if loaded is None:
        return [], problems
    return formed_targets(town, loaded, formed, period, problems)


def formed_targets(
    town: Unit, loaded: Any, formed: Formed, period: Period, problems: Sequence[str] = ()
) -> tuple[list[Any], list[str]]:
    """The targets ``loaded`` judged on the township's figures of ``period`` as
    formed from its quarters (the rows ``kaoping report summary --period 2026H1
    --targets`` judges), with the units inspections sampled in its quarters as the
    spot-checked ones: what its 工作总结 writes and its targets page shows. A target
    on an element that does not add up over periods is not judged, with the reason
    (``judged``); one the figures cannot answer otherwise is left out, its problems
    (Chinese) returned after ``problems``."""
    units = formed.result.period(period).units
    codes = list(dict.fromkeys(c for u in units for c in u.values))
    rows = tuple({"unit": u.unit, "name": u.name, "period": str(period), **u.values} for u in units)
    return judged(
        loaded,
        ("unit", "name", "period", *codes),
        rows,
        period,
        spot_checked(town, period),
        problems,
        formed_from=formed.result.rubric.data_elements(),
    )


def formed_periods(town: Unit) -> list[Period]:
    """The half-years and years the township's targets page offers, newest first:
    those of the years it has an approved quarterly assessment in (one not yet
    formable is still offered, and says which quarter is missing)."""
    years = sorted(
        {
            int(p[:4])
            for p in Assessment.objects.filter(
                township=town, campaign__isnull=True, status__in=_APPROVED
            )
            .values_list("period", flat=True)
            .distinct()
            if services._is_quarter(p)
        },
        reverse=True,
    )
    out: list[Period] = []
    for y in years:
        out += [Period.whole_year(y), Period.half(y, 2), Period.half(y, 1)]
    return out


def assessed_months(town: Unit) -> list[Period]:
    """The months the township has an approved monthly assessment of, newest first
    (docs/assessment.md, 按月考评): its targets page offers them beside the
    half-years, judged as a month is, on the month's reports (nothing is formed)."""
    texts = (
        Assessment.objects.filter(township=town, campaign__isnull=True, status__in=_APPROVED)
        .values_list("period", flat=True)
        .distinct()
    )
    return sorted({p for t in texts if (p := Period.parse(t)).is_month}, reverse=True)


def judged(
    loaded: Any,
    columns: Sequence[str],
    rows: Sequence[dict[str, Any]],
    period: Period,
    spot: Sequence[str] = (),
    problems: Sequence[str] = (),
    level: str = "village",
    formed_from: Mapping[str, Any] | None = None,
) -> tuple[list[Any], list[str]]:
    """Each target of ``loaded`` judged on the figures ``rows`` (a township's
    rolled-up share of 2/3 kept exact, Figures.to_exact_frame); a target they
    cannot answer is left out, its problems (Chinese) returned after ``problems``.
    ``level``: the level of the units the rows are (``township``: 各乡镇).
    ``formed_from``: the rubric's elements when the rows are a half-year or a year
    formed from its quarters: a target on an element that does not add up over
    periods is then kept, not judged, with the reason the command line exits with
    (the engine's TargetNotFormed)."""
    from kaoping.engine import Figures, TargetDataError, TargetNotFormed, evaluate_target

    frame = Figures(tuple(columns), tuple(rows)).to_exact_frame()
    out, said = [], list(problems)
    for target in loaded.targets.values():
        try:
            out.append(evaluate_target(target, frame, period, spot, level, formed_from))
        except TargetNotFormed as e:
            out.append(e.as_result())
        except TargetDataError as e:
            said.extend(e.problems_zh)
    return out, list(dict.fromkeys(said))


def follow_ups(town: Unit, period: Period, today: date) -> list[Any]:
    """The follow-ups due in the period: given by the quarter before each of its
    quarters (documents.follow_up_quarters), as of the document's date."""
    return follow_ups_of_all([town], period, today)


def follow_ups_of_all(towns: Sequence[Unit], period: Period, today: date) -> list[Any]:
    """:func:`follow_ups` of several townships, township by township."""
    from kaoping.documents import follow_up_quarters

    quarters = list(follow_up_quarters(period))
    return [line for t in towns for line in follow_ups_of(t, quarters, today)]


def reporting_of(towns: Sequence[Unit], period: Period) -> Any:
    """信息上报情况 of the townships together: their forms due, submitted and on
    time summed before any rate (5 of 7 on time is 71.4%, never the mean of the
    townships' rates)."""
    from kaoping.documents import Reporting

    totals = [reporting_totals(t, period) for t in towns]
    return Reporting(*(sum(t[i] for t in totals) for i in range(3)))


def draw(town: Unit, period: Period, today: date) -> bytes:
    from kaoping.documents import summary_docx

    formed = form(town, period)
    return summary_docx(
        formed.result,
        period,
        township=town.name,
        when=today,
        targets=targets(town, formed, period)[0],
        attendance=attendance(town, period),
        reporting=reporting_of([town], period),
        follow_ups=follow_ups(town, period, today),
    )


def file_name(town: Unit, period: Period) -> str:
    return f"{town.name}{period.label_zh()}工作总结.docx"


def cache_path(town: Unit, period: Period, today: date) -> Any:
    """Keyed by what the document is drawn from: the quarters' assessments as
    computed, the service days, the reporting and the date."""
    import hashlib
    import json
    from pathlib import Path

    from django.conf import settings

    drawn_from = {
        "township": [town.pk, town.name],
        "period": str(period),
        "date": today.isoformat(),
        "quarters": [
            [a.pk, a.revision, a.computed_at.isoformat() if a.computed_at else None]
            for a in Assessment.objects.filter(
                township=town, campaign__isnull=True, period__in=[str(q) for q in _years(period)]
            ).order_by("pk")
        ],
        "attendance": repr(attendance(town, period)),
        "reporting": repr(reporting_totals(town, period)),
        "follow_ups": repr(follow_ups(town, period, today)),
        "targets": _targets_drawn_from(town, period),
    }
    digest = hashlib.sha256(json.dumps(drawn_from, sort_keys=True).encode()).hexdigest()[:24]
    name = f"summary-{town.pk}-{period}-{digest}.docx"
    return Path(settings.KAOPING_CACHE_DIR) / "documents" / name


def _targets_drawn_from(town: Unit, period: Period) -> list[Any]:
    # The targets file chosen (its id and text) and the spot-checked units; the
    # figures they are judged on are the quarters' assessments', keyed above.
    if not apps.is_installed("kaoping.web.planning"):
        return []
    from kaoping.web.planning.models import TargetFile
    from kaoping.web.planning.services import shipped_targets_text

    newest = TargetFile.objects.filter(unit=town).first()
    chosen = [newest.pk, newest.text] if newest else ["shipped", shipped_targets_text()]
    return [*chosen, spot_checked(town, period)]


def _years(period: Period) -> list[Period]:
    # The quarters of the period and of the periods it is compared with.
    out: list[Period] = []
    for p in (period, period.previous(), period.same_period_last_year()):
        out += p.parts("Q")
    return out
