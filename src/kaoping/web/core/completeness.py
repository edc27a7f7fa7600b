"""Whether a village has reported a data set for a period, and in time: one rule
for the completeness page and the work summary (信息上报情况)."""

from __future__ import annotations

from kaoping.engine import Period

from .models import DataSet, Report, Unit


def reporting_status(report: Report | None) -> tuple[bool, bool]:
    """(submitted, on time). A report counts once it has been submitted and is not
    back in draft; it is on time when its first submission was by the deadline."""
    submitted = (
        report is not None
        and report.first_submitted_at is not None
        and report.status != Report.Status.DRAFT
    )
    on_time = bool(submitted and report is not None and report.on_time)
    return submitted, on_time


def reporting_totals(township: Unit, period: Period) -> tuple[int, int, int]:
    """(due, submitted, on time) over every data set of the township for ``period``:
    a quarterly data set is due once per village and quarter of the period (none in
    a month), a monthly one once per month.

    Both rates are over what was due, on the completeness page and in the summary
    alike: a village that never reported was not on time either."""
    villages = list(
        Unit.objects.filter(
            township=township, level__in=[Unit.Level.VILLAGE, Unit.Level.COMMUNITY]
        ).values_list("pk", flat=True)
    )
    due = submitted = on_time = 0
    for dataset in DataSet.objects.filter(township=township).order_by("pk"):
        if dataset.frequency == "Q":
            # Due once per quarter of a half-year or a year; a month owes none.
            periods = list(period.parts("Q")) if period.span >= 3 else []
        else:
            periods = list(period.parts("M"))
        for p in periods:
            reports = {
                r.unit_id: r
                for r in Report.objects.filter(
                    dataset=dataset, period=str(p), unit_id__in=villages
                ).select_related("dataset")
            }
            for pk in villages:
                s, t = reporting_status(reports.get(pk))
                due += 1
                submitted += s
                on_time += t
    return due, submitted, on_time
