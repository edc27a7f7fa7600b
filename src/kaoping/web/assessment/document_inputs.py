"""What the bulletin and the work summary read from the database beside the
assessment: the previous quarter's follow-ups, the service days' records, how
completely the villages reported, and the township's targets. The documents take
them as plain values (kaoping.documents knows nothing of the database), so the web
download and `kaoping report` write the same sentences from the same inputs."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from django.apps import apps

from kaoping.engine import AttendanceRecord, Period, TargetResult

from ..core.completeness import reporting_totals
from ..core.models import Unit
from .models import Assessment, Rectification
from .rectifications import who_answers

if TYPE_CHECKING:
    from kaoping.documents import FollowUpLine, Reporting


def previous_follow_ups(a: Assessment, today: date) -> list[FollowUpLine]:
    """The previous quarter's follow-ups as plain lines for 上季度整改落实情况;
    overdue as of the document's date."""
    if a.campaign_id is not None:
        return []  # a campaign is assessed once: it has no previous quarter's items
    return follow_ups_of(a.township, [Period.parse(a.period).previous()], today)


def follow_ups_of(township: Unit, periods: list[Period], today: date) -> list[FollowUpLine]:
    """The follow-ups the quarters ``periods`` gave the township's villages (the
    quarter's own and its inspections', not a campaign's), as plain lines; overdue
    as of the document's date."""
    from kaoping.documents import FollowUpLine

    items = list(
        Rectification.objects.filter(
            township=township, period__in=[str(p) for p in periods], campaign=None
        )
        .select_related("unit")
        .order_by("period", "unit__code", "due", "kind", "id")
    )
    return [
        FollowUpLine(
            unit=item.unit.name,
            kind=item.kind,
            person=who,
            due=item.due,
            state="overdue" if item.overdue_on(today) else item.state,
        )
        for item, who in zip(items, who_answers(items), strict=True)
    ]


@dataclass
class SummaryInputs:
    attendance: list[AttendanceRecord] = field(default_factory=list)
    reporting: Reporting | None = None
    targets: list[TargetResult] = field(default_factory=list)
    follow_ups: list[FollowUpLine] = field(default_factory=list)
    # Targets the stored figures could not judge, with why (Chinese), for the page.
    target_problems: list[str] = field(default_factory=list)


def summary_inputs(a: Assessment, today: date) -> SummaryInputs:
    from kaoping.documents import Reporting

    period = Period.parse(a.period)
    out = SummaryInputs(follow_ups=previous_follow_ups(a, today))
    due, submitted, on_time = reporting_totals(a.township, period)
    out.reporting = Reporting(due, submitted, on_time)
    # Service days and targets live in the planning app, which a deployment may leave
    # out; the summary then says nothing of them rather than failing.
    if apps.is_installed("kaoping.web.planning"):
        from kaoping.web.planning.models import ServiceDay, TargetFile
        from kaoping.web.planning.services import evaluate, load_targets, spot_checked

        days = ServiceDay.objects.filter(township=a.township, period=str(period))
        out.attendance = [
            r for d in days.select_related("unit") if (r := d.as_record()) is not None
        ]
        newest = TargetFile.objects.filter(unit=a.township).first()
        targets, _name, problems = load_targets(
            a.township, str(newest.pk) if newest is not None else "shipped"
        )
        out.target_problems = problems
        if targets is not None:
            spot = spot_checked(a.township, period)
            results, data_problems, _frame = evaluate(a.township, targets, period, spot)
            out.targets = results
            out.target_problems += data_problems
    return out
