"""The demo township's assessment history: 2026Q1–Q3 assessed, approved and
published with the shipped rubric (so that the year view, streaks, yellow cards
and the ledger have something to show), 2026Q4 left for the user to assess, and
counts from other sources (月信息核对) with a few disagreements.

Loaded by :func:`kaoping.web.demo.load_demo` after core's part, in ``serve``'s
spawned preparation process (scoring starts Polars' thread pool, which must not
run in the process gunicorn forks). :func:`ensure_history` completes a demo
database loaded by an older kaoping, whose figures were all loaded by the demo
loader (their audit says so) and that has no assessment yet.
"""

from __future__ import annotations

import contextlib
import hashlib
from decimal import Decimal
from functools import lru_cache
from typing import Any

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction

from kaoping.engine import Period
from kaoping.web.core.models import FigureChange, Unit

from . import services
from .models import Assessment, SourceFigure
from .notes import SAMPLED

HISTORY = ("2026Q1", "2026Q2", "2026Q3")


@lru_cache(maxsize=1)
def _demo() -> Any:
    from kaoping.demo import build_demo

    return build_demo()


def ensure_history(township: Unit) -> None:
    """Add the demo history when ``township`` is the untouched demo township."""
    if Assessment.objects.filter(township=township).exists():
        return
    changes = FigureChange.objects.filter(report__unit__township=township)
    if not changes.filter(path=FigureChange.Path.DEMO).exists():
        return
    # The history is the demo's own: only the quarters it covers must be as loaded.
    # A reporter trying the form for the latest quarter first must not lose it.
    if changes.filter(report__period__in=HISTORY).exclude(path=FigureChange.Path.DEMO).exists():
        return
    if township.code != _demo().township[0]:
        return
    # Another request may have added it meanwhile: then there is nothing to do.
    with contextlib.suppress(services.Refused, IntegrityError):
        load_assessment_demo(township)


DEMO_MANUAL_REASON = "年度计划未按时上报（演示数据中的人工扣分）"


def is_demo_township(township: Unit) -> bool:
    return (
        township.code == _demo().township[0]
        and FigureChange.objects.filter(
            report__unit__township=township, path=FigureChange.Path.DEMO
        ).exists()
    )


def add_demo_manual(assessment: Assessment, user: Any) -> int:
    """The assessor's manual deductions that the demo's figures carry (``<path>.manual``
    columns), entered with a reason, so that the web app scores the demo township as
    ``kaoping demo`` does. Returns how many were added."""
    frame = _demo().frame
    columns = [c for c in frame.columns if c.endswith(".manual")]
    rows = [r for r in frame.iter_rows(named=True) if r["period"] == assessment.period]
    units = {u.code: u for u in Unit.objects.filter(township=assessment.township)}
    added = 0
    for row in rows:
        for column in columns:
            points = Decimal(row[column] or 0)
            unit = units.get(row["unit"])
            if points > 0 and unit is not None:
                services.add_manual(
                    assessment.pk,
                    unit,
                    column.removesuffix(".manual"),
                    points,
                    DEMO_MANUAL_REASON,
                    user,
                )
                added += 1
    return added


def _spread(key: str, low: int, high: int) -> int:
    digest = hashlib.sha256(key.encode()).digest()
    return low + digest[0] % (high - low + 1)


def load_assessment_demo(township: Unit) -> bool:
    """Add the history and the sources once; False when the township has them."""
    if Assessment.objects.filter(township=township).exists():
        return False
    User = get_user_model()
    users = {
        u.username: u for u in User.objects.filter(username__in=["admin", "assessor", "leader"])
    }
    rv = services.saved_rubric_versions(township)[-1]
    with transaction.atomic():
        for period in HISTORY:
            a = services.create_assessment(township, period, rv, users.get("assessor"))
            with contextlib.suppress(services.Refused):
                add_demo_manual(a, users.get("assessor"))
            services.compute(a.pk, users.get("assessor"))
            services.transition(a.pk, "submit", users.get("assessor"))
            services.transition(a.pk, "approve", users.get("leader"), "党政联席会议审定")
            services.transition(a.pk, "publish", users.get("admin"))
        _sources(township)
        load_campaign_demo(township, users)
    return True


CAMPAIGN_RUBRIC = """\
kaoping: 1
name: {title}考评细则
total: 100
elements:
  campaign_done: {{label: 活动完成数, type: count}}
  campaign_allocated: {{label: 活动任务数, type: count}}
items:
  - id: progress
    title: 任务完成率
    max: 100
    rules:
      - {{rate: campaign_done / campaign_allocated, full_at: 1, points: 100, per_point_below: 1}}
ranking: {{order: desc, ties: shared, top: 7, bottom: 3, boundary: include_ties}}
consequences:
  - group: top
    streak: 1
    actions:
      - {{kind: 通报表扬, to: [unit, service_worker]}}
  - group: bottom
    streak: 1
    actions:
      - {{kind: 通报批评, to: [unit, service_worker]}}
      - {{kind: 通报批评, to: [area], once_per: person}}
      - {{kind: 表态发言, to: [secretary], due_days: 15}}
"""


def load_campaign_demo(township: Unit, users: dict[str, Any]) -> None:
    """The demo campaign's own assessment (top 7 praised, bottom 3 criticised; its
    own rubric version), approved and published, and the county's acceptance visit
    sampling three villages, one of whose figures differ from those reported."""
    from datetime import timedelta

    from kaoping.web.planning.models import Campaign

    from . import inspections
    from .models import InspectedFigure, InspectedUnit, Inspection, InspectionEvent

    campaigns = list(Campaign.objects.filter(township=township).order_by("start"))
    if not campaigns:
        return
    # The spring campaign when the demo has one, else its first.
    campaign = next((c for c in campaigns if "春" in c.title), campaigns[0])
    rv = services.upload_rubric(
        township,
        CAMPAIGN_RUBRIC.format(title=campaign.title),
        "campaign.yaml",
        users.get("assessor"),
        note=f"{campaign.title}专项考评",
    )
    period = services.campaign_period(campaign)
    sample = [u for u in services.township_units(township)][:3]
    visit = Inspection.objects.create(
        township=township,
        period=period,
        campaign=campaign,
        kind=Inspection.Kind.ACCEPTANCE,
        level=Inspection.Level.COUNTY,
        inspectors="县卫生健康局 验收组",
        day=campaign.end + timedelta(days=2),
        note="演示数据：专项活动结束后的县级验收",
    )
    InspectionEvent.objects.create(
        inspection=visit,
        action=InspectionEvent.Action.RECORD,
        note=SAMPLED % {"units": "、".join(u.name for u in sample)},
    )
    for n, unit in enumerate(sample):
        s = InspectedUnit.objects.create(
            inspection=visit,
            unit=unit,
            verdict=InspectedUnit.Verdict.FAILED if n == 2 else InspectedUnit.Verdict.PASSED,
            note="台账与上报数不一致" if n == 2 else "台账齐全",
        )
        reported = [
            (code, label, value)
            for code, label, value in inspections.reported_figures(visit, unit)
            if value is not None
        ][:2]
        figures = [
            InspectedFigure(
                sampled=s,
                element=code,
                label=label,
                reported=value,
                # The third village's first figure was over-reported by one.
                observed=value - 1 if n == 2 and value and k == 0 else value,
            )
            for k, (code, label, value) in enumerate(reported)
        ]
        InspectedFigure.objects.bulk_create(figures)
        differing = [f for f in figures if f.differs]
        if differing:
            text = "；".join(f"{f.label}上报{f.reported}，核查{f.observed}" for f in differing)
            inspections._open_followup(s, text, None)
    a = services.create_assessment(township, period, rv, users.get("assessor"), campaign=campaign)
    services.compute(a.pk, users.get("assessor"))
    services.transition(a.pk, "submit", users.get("assessor"))
    services.transition(a.pk, "approve", users.get("leader"), "党政联席会议审定专项考评")
    services.transition(a.pk, "publish", users.get("admin"))


def _sources(township: Unit) -> None:
    units = {u.code: u for u in services.township_units(township)}
    rows = []
    for r in _demo().frame.iter_rows(named=True):
        unit = units.get(str(r["unit"]))
        if unit is None:
            continue
        period = str(Period.parse(str(r["period"])))
        births = Decimal(r["births"])
        registered = births + Decimal(r["births_unreported"] or 0)
        marriages = Decimal(_spread(f"{unit.code}{period}m", 0, 3))
        values = {
            ("births", "village"): births,
            ("births", "hospital"): registered,
            ("births", "household"): registered,
            ("marriages", "village"): marriages,
            ("marriages", "civil_affairs"): marriages,
        }
        if period == "2026Q4":
            # A few disagreements in the latest quarter to follow up.
            if _spread(unit.code, 0, 6) == 0:
                values[("births", "hospital")] += 1
            if _spread(unit.code + "h", 0, 6) == 0 and births > 0:
                values[("births", "household")] -= 1  # registration still pending
            if _spread(unit.code + "m", 0, 9) == 0:
                values[("marriages", "civil_affairs")] += 1
        for (measure, source), value in values.items():
            rows.append(
                SourceFigure(
                    township=township,
                    unit=unit,
                    period=period,
                    measure=measure,
                    source=source,
                    value=value,
                )
            )
    SourceFigure.objects.bulk_create(rows)
