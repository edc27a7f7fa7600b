"""The demo township's monthly data set (出生登记月报): births registered, reported
on time and missed, per village and month of 2026, so that the monthly bulletin
(月通报), the monthly check across sources (月核对) and a month's inspection can be
tried in ``serve --demo``. Aggregate counts only, as every figure of kaoping.

Each quarter's counts of the demo (kaoping.demo) are split across its three months
by a hash of the unit and month, never by the demo's random generator: every figure
the demo had before stays what it was, and the months of a quarter add up to it
(the quarter's own reports keep their figures, which a quarter's assessment reads
first: services._live_figures). The months of 2026Q1–Q3 are approved, those of
2026Q4 submitted, as the quarters' reports are (core.loading.load_demo)."""

from __future__ import annotations

import hashlib
from datetime import datetime, time
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from kaoping.engine import Period
from kaoping.web.core.models import (
    DataCheck,
    DataElement,
    DataSet,
    Figure,
    FigureChange,
    Report,
    ReportEvent,
    Unit,
)

from . import services
from .models import SourceFigure

# After the quarterly data set ("quarterly") in code order: pages that take the
# first data set of the township keep taking the quarterly one.
CODE = "registration_monthly"
NAME = "出生登记月报"
ELEMENTS = (
    ("births", "本月出生数"),
    ("births_reported_on_time", "出生信息按时报告数"),
    ("births_unreported", "出生信息漏报例数"),
)
CHECK = ("births_reported_on_time <= births", "按时报告数不能大于出生数")
#: The quarter whose months are submitted, not yet approved (as its reports are).
OPEN_QUARTER = "2026Q4"


def _spread(key: str, low: int, high: int) -> int:
    if high <= low:
        return low
    digest = hashlib.sha256(key.encode()).digest()
    return low + int.from_bytes(digest[:4], "big") % (high - low + 1)


def split(unit: str, quarter: str, births: int, on_time: int, missed: int) -> list[tuple]:
    """(month, births, on time, missed) of each month of the quarter: the births
    spread over the months, those not reported on time in the month with the most
    births, a missed report in the quarter's middle month. They add up to the
    quarter's counts."""
    months = [str(m) for m in Period.parse(quarter).parts("M")]
    first = _spread(f"{unit}{months[0]}", 0, births)
    second = _spread(f"{unit}{months[1]}", 0, births - first)
    counts = [first, second, births - first - second]
    late = births - on_time
    busiest = max(range(3), key=lambda i: (counts[i], -i))
    out = []
    for i, (month, n) in enumerate(zip(months, counts, strict=True)):
        out.append((month, n, n - late if i == busiest else n, missed if i == 1 else 0))
    return out


def holds_monthly(township: Unit) -> bool:
    return DataSet.objects.filter(township=township, code=CODE).exists()


def load_monthly_demo(township: Unit, demo: Any) -> bool:
    """The data set, its months' reports and the sources' monthly counts, once;
    False when the township has the data set already."""
    if holds_monthly(township):
        return False
    with transaction.atomic():
        _load(township, demo)
    return True


def _load(township: Unit, demo: Any) -> None:
    from django.contrib.auth import get_user_model

    ds = DataSet.objects.create(
        township=township, code=CODE, name=NAME, frequency=DataSet.Frequency.MONTHLY
    )
    DataElement.objects.bulk_create(
        DataElement(dataset=ds, code=code, label=label, type="count", position=i)
        for i, (code, label) in enumerate(ELEMENTS)
    )
    DataCheck.objects.create(dataset=ds, rule=CHECK[0], message=CHECK[1])
    users = get_user_model().objects.filter(username__in=["reporter", "leader"])
    by_name = {u.username: u for u in users}
    units = {u.code: u for u in services.township_units(township)}
    first = min(units) if units else None
    sources = []
    for row in demo.frame.iter_rows(named=True):
        unit = units.get(str(row["unit"]))
        quarter = str(row["period"])
        if unit is None:
            continue
        births = int(row["births"])
        on_time = int(row["births_reported_on_time"])
        missed = int(row["births_unreported"] or 0)
        approved = quarter != OPEN_QUARTER
        for month, n, in_time, lost in split(unit.code, quarter, births, on_time, missed):
            values = dict(zip((c for c, _l in ELEMENTS), (n, in_time, lost), strict=True))
            _report(ds, unit, month, values, approved, by_name, unit.code == first)
            registered = Decimal(n + lost)
            for source, value in (
                ("village", Decimal(n)),
                ("hospital", registered + _differs(unit.code, month, "hospital")),
                ("household", registered - _differs(unit.code, month, "household", n)),
            ):
                sources.append(
                    SourceFigure(
                        township=township, unit=unit, period=month, measure="births",
                        source=source, value=value,
                    )
                )  # fmt: skip
    SourceFigure.objects.bulk_create(sources)


def _differs(unit: str, month: str, source: str, births: int = 1) -> int:
    """A few disagreements in the latest two months to check (月核对): a birth the
    hospital counted that the village did not report, a household registration
    still pending."""
    if month not in ("2026-11", "2026-12") or births <= 0:
        return 0
    return 1 if _spread(f"{unit}{month}{source}", 0, 7) == 0 else 0


def _report(
    ds: DataSet,
    unit: Unit,
    month: str,
    values: dict[str, int],
    approved: bool,
    users: dict[str, Any],
    own: bool,
) -> None:
    deadline = ds.deadline(Period.parse(month))
    at = min(timezone.make_aware(datetime.combine(deadline, time(9, 0))), timezone.now())
    report = Report.objects.create(
        dataset=ds,
        unit=unit,
        period=month,
        status=Report.Status.APPROVED if approved else Report.Status.SUBMITTED,
        version=1,
        first_submitted_at=at,
        submitted_at=at,
    )
    Figure.objects.bulk_create(
        Figure(report=report, period=month, element=c, value=Decimal(v)) for c, v in values.items()
    )
    FigureChange.objects.bulk_create(
        FigureChange(
            report=report, element=c, old_value=None, new_value=Decimal(v), user=None, at=at,
            path=FigureChange.Path.DEMO, version=1,
        )
        for c, v in values.items()
    )  # fmt: skip
    ReportEvent.objects.create(
        report=report,
        action=ReportEvent.Action.SUBMIT,
        user=users.get("reporter") if own else None,
        at=at,
    )
    if approved:
        ReportEvent.objects.create(
            report=report, action=ReportEvent.Action.APPROVE, user=users.get("leader"), at=at
        )


# --- the township assessing months, the county accepting one ------------------

#: A births-only rubric for a month (RUBRIC.md's 百分制): aggregate counts of the
#: monthly data set, nothing else. No consequences: the demo's ledger, follow-ups
#: and yellow cards stay those of its quarters.
RUBRIC = """\
kaoping: 1
name: 出生登记月度考评细则
total: 100
elements:
  births: {label: 本月出生数, type: count}
  births_reported_on_time: {label: 出生信息按时报告数, type: count}
  births_unreported: {label: 出生信息漏报例数, type: count, default: 0}
checks:
  - {rule: births_reported_on_time <= births, message: 按时报告数不能大于出生数}
items:
  - id: on_time
    title: 出生登记及时率
    max: 80
    rules:
      - rate: births_reported_on_time / births
        full_at: 1.0
        points: 80
        per_point_below: 0.5
        if_undefined: full
  - id: unreported
    title: 出生信息漏报
    max: 20
    rules:
      - {per_case: births_unreported, deduct: 10}
ranking: {order: desc, ties: shared, top: 3, bottom: 3, boundary: include_ties}
"""
RUBRIC_NOTE = "演示数据：出生登记按月考评"
#: The months the demo township assesses, and the one the county accepts.
ASSESSED = ("2026-09", "2026-10", "2026-11")
ACCEPTED = "2026-10"


def holds_month_assessments(township: Unit) -> bool:
    from .models import Assessment

    return Assessment.objects.filter(township=township, period__in=ASSESSED).exists()


def load_month_assessments(township: Unit) -> bool:
    """The births rubric, the months of ASSESSED computed by the demo's assessor and
    approved by its leader (four eyes, through the services), and the county's
    acceptance of ACCEPTED by its leader; once, after the county is loaded. False
    when the township has them already, or lacks the data set or the county."""
    from django.contrib.auth import get_user_model

    from . import acceptance

    county = township.parent
    if not holds_monthly(township) or holds_month_assessments(township) or county is None:
        return False
    names = ["assessor", "leader", "county_leader"]
    users = {u.username: u for u in get_user_model().objects.filter(username__in=names)}
    if len(users) != len(names):
        return False
    with transaction.atomic():
        # Saved after the shipped rubric, which the quarters keep offering first
        # (views.townships: a rubric only monthly data sets answer comes after).
        rv = services.upload_rubric(
            township, RUBRIC, "births_monthly.yaml", users["assessor"], note=RUBRIC_NOTE
        )
        done = {}
        for month in ASSESSED:
            a = services.create_assessment(township, month, rv, users["assessor"])
            services.compute(a.pk, users["assessor"])
            services.transition(a.pk, "submit", users["assessor"])
            services.transition(a.pk, "approve", users["leader"], "镇考评工作领导小组审定")
            done[month] = a
        acceptance.accept(
            county, township.code, ACCEPTED, done[ACCEPTED].pk, users["county_leader"]
        )
    return True
