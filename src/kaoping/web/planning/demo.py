"""The demo township's planning examples: base figures, a planned and recorded
service day (and one planned only), the shipped screening-slot allocation and a
campaign with daily figures and two targets.

Loaded by :func:`kaoping.web.demo.load_demo` after core's part; idempotent.
"""

from __future__ import annotations

import hashlib
from datetime import date, time, timedelta
from decimal import Decimal
from functools import lru_cache
from typing import Any

from django.db import transaction

from kaoping.engine import Period, parse_targets
from kaoping.web.core.models import Person, Unit

from .models import (
    BaseFigure,
    Campaign,
    CampaignEntry,
    CampaignTarget,
    ServiceDay,
    period_bounds,
)
from .services import compute_allocation, save_allocation, shipped_targets_text, villages


@lru_cache(maxsize=1)
def _demo() -> Any:
    from kaoping.demo import build_demo

    return build_demo()


def _spread(code: str, low: int, high: int) -> int:
    """A number in low..high fixed by the code, so the demo is the same every time."""
    h = int(hashlib.sha256(code.encode()).hexdigest()[:8], 16)
    return low + h % (high - low + 1)


@transaction.atomic
def load_planning_demo(township: Unit, demo: Any = None) -> bool:
    """Add the examples to the demo township; False when they are already there."""
    if ServiceDay.objects.filter(township=township).exists():
        return False
    demo = demo or _demo()
    units = {u.code: u for u in villages(township)}

    for row in demo.base.iter_rows(named=True):
        u = units.get(str(row["unit"]))
        if u is None:
            continue
        for name in ("population", "eligible_women"):
            BaseFigure.objects.update_or_create(
                unit=u, name=name, defaults={"value": Decimal(str(row[name]))}
            )

    # Plain rows, no frame operations: this runs in the server's parent process
    # before it forks, where a started Polars thread pool would deadlock the workers.
    rows = list(demo.frame.iter_rows(named=True))
    latest = max(Period.parse(str(r["period"])) for r in rows)
    first, _last = period_bounds(latest)
    mid = first.replace(month=first.month + 1, day=15)
    code, other = sorted(units)[0], sorted(units)[1]

    def staff_of(u: Unit) -> str:
        people = Person.objects.filter(unit=u, role__in=["service_worker", "resident_cadre"])
        return "、".join(p.name for p in people if p.held_during(latest))

    held = ServiceDay.objects.create(
        township=township,
        unit=units[code],
        period=str(latest),
        day=mid,
        start=time(8, 30),
        end=time(11, 30),
        place=f"{units[code].name}党群服务中心",
        services="两癌筛查、产后访视、育儿补贴咨询",
        staff=staff_of(units[code]),
        notice_on=mid - timedelta(days=5),
    )
    figures = next(r for r in rows if r["unit"] == code and str(r["period"]) == str(latest))
    invited, attended = int(figures["sd_invited"]), int(figures["sd_attended"])
    declined = int(figures["sd_declined"])
    absent = invited - attended - declined
    parts = {"moved_away": absent // 3, "ill": absent // 4, "unreachable": absent // 5}
    parts["other"] = absent - sum(parts.values())
    held.invited, held.attended, held.declined = invited, attended, declined
    for reason, n in parts.items():
        setattr(held, f"absent_{reason}", n)
    held.save()
    ServiceDay.objects.create(
        township=township,
        unit=units[other],
        period=str(latest),
        day=mid + timedelta(days=20),
        start=time(14, 0),
        end=time(17, 0),
        place=f"{units[other].name}卫生室",
        services="两癌筛查、育儿补贴咨询",
        staff=staff_of(units[other]),
        notice_on=mid + timedelta(days=15),
    )

    spec = parse_targets(shipped_targets_text(), "targets.yaml").allocations["screening_slots"]
    weights = {k: Decimal(v.numerator) / Decimal(v.denominator) for k, v in spec.weights.items()}
    result = compute_allocation(township, spec.total, weights, spec.floor)
    alloc = save_allocation(township, latest, spec.title, result, weights, None)

    start = date(2026, 11, 20) if latest == Period.parse("2026Q4") else mid
    campaign = Campaign.objects.create(
        township=township,
        title="两癌筛查预约专项活动",
        task="两癌筛查预约",
        start=start,
        end=start + timedelta(days=20),
        allocation=alloc,
    )
    days = 21
    entries = []
    for share in alloc.shares.select_related("unit"):
        # Some villages run ahead of the schedule, some behind.
        speed = Decimal(_spread(share.unit.code, 60, 140)) / 100
        done = 0
        for d in range(9):
            due = int(share.allocated * speed * (d + 1) / days)
            n = max(0, min(due, share.allocated) - done)
            done += n
            if n:
                entries.append(
                    CampaignEntry(
                        campaign=campaign, unit=share.unit, day=start + timedelta(days=d), count=n
                    )
                )
    CampaignEntry.objects.bulk_create(entries)
    # The township total by the end date, and every village at 90% of its share.
    CampaignTarget.objects.create(campaign=campaign, kind="total", total=alloc.total)
    CampaignTarget.objects.create(campaign=campaign, kind="units", rate=Decimal(90), share="1")
    return True
