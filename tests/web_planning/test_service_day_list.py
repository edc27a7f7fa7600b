"""The quarter's service days and the attendance rate per village."""

from __future__ import annotations

from datetime import time
from typing import Any

from kaoping.web.planning.models import ServiceDay


def _record(sd: Any, invited: int, attended: int) -> None:
    sd.invited, sd.attended, sd.absent_other = invited, attended, invited - attended
    sd.save()


def test_the_rate_per_village_adds_its_days_together(login: Any, plans: Any) -> None:
    _record(plans.days["V1"], 10, 9)
    _record(plans.days["V2"], 40, 29)
    second = ServiceDay.objects.get(pk=plans.days["V2"].pk)
    second.pk = None
    second.start, second.end = time(15, 0), time(16, 0)
    second.save()
    _record(second, 20, 16)
    r = login("leader").get("/planning/t/T1/service-days/?period=2026Q2")
    rows = {row["unit"].code: row for row in r.context["rows"]}
    # V2: (29 + 16) / (40 + 20) = 45 / 60 = 75%; the township: 54 / 70 = 77.14...%
    assert (rows["V1"]["rate"], rows["V2"]["rate"]) == ("90.0%", "75.0%")
    assert r.context["total_rate"] == "77.1%"
    assert [u.code for u in r.context["unplanned"]] == ["V3"]
    assert "W1" not in rows


def test_a_quarter_without_records_shows_no_rate(login: Any, plans: Any) -> None:
    r = login("admin").get("/planning/t/T1/service-days/?period=2026Q2")
    assert r.context["total_rate"] == "—"
    assert "安排服务日" in r.content.decode()


def test_the_leader_cannot_plan(login: Any, plans: Any) -> None:
    r = login("leader").get("/planning/t/T1/service-days/?period=2026Q2")
    assert r.context["can_plan"] is False


def test_the_page_speaks_english_when_asked(login: Any, plans: Any) -> None:
    client = login("admin")
    client.cookies["django_language"] = "en"
    body = client.get("/planning/t/T1/service-days/?period=2026Q2").content.decode()
    assert "Plan a service day" in body and "安排服务日" not in body
