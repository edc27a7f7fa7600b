"""Progress of each unit against its allocation, from the campaign's entries."""

from __future__ import annotations

from datetime import date
from typing import Any

from kaoping.web.planning.models import CampaignEntry


def test_progress_follows_the_campaign_schedule(login: Any, plans: Any) -> None:
    c = plans.campaigns["T1"]  # 2026-05-01 .. 05-10, 10 allocated to each village
    for unit, day, n in ((plans.world.v1, 2, 4), (plans.world.v1, 4, 2), (plans.world.v3, 3, 5)):
        CampaignEntry.objects.create(campaign=c, unit=unit, day=date(2026, 5, day), count=n)
    r = login("leader").get(f"/planning/allocations/{c.allocation.pk}/?as_of=2026-05-05")
    # by the 5th, half the schedule: 5 of 10 expected
    rows = {
        row["share"].unit.code: (row["p"].done, row["expected"], row["p"].status)
        for row in r.context["rows"]
    }
    assert rows == {
        "V1": (6, "5.0", "ahead"),
        "V2": (0, "5.0", "behind"),
        "V3": (5, "5.0", "on_schedule"),
    }
    assert (r.context["total"], r.context["done"]) == (30, 11)


def test_entries_after_the_day_asked_for_do_not_count(login: Any, plans: Any) -> None:
    c = plans.campaigns["T1"]
    CampaignEntry.objects.create(campaign=c, unit=plans.world.v1, day=date(2026, 5, 9), count=9)
    r = login("admin").get(f"/planning/allocations/{c.allocation.pk}/?as_of=2026-05-05")
    assert r.context["done"] == 0
