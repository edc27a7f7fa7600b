"""The demo's spring campaign (``serve --demo``): four work groups, 40 days of
dispatch with a numbered bulletin and a dispatch meeting each, catch-ups for the
area that fell behind."""

from __future__ import annotations

import time
from datetime import date
from typing import Any

import pytest
from django.urls import reverse


@pytest.fixture
def demo(module_demo: Any, db: Any, settings: Any) -> Any:
    """The demo township (loaded once for the module, tests/conftest.py)."""
    from kaoping.web.core.models import Unit

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return Unit.objects.get(code="T01")


def test_the_spring_campaign_has_four_work_groups_and_forty_days_of_dispatch(
    demo: Any, client: Any
) -> None:
    from django.contrib.auth import get_user_model

    from kaoping.web.dispatch.demo import TITLE, load_dispatch_demo, load_spring_campaign
    from kaoping.web.dispatch.models import AreaReport, Bulletin, CatchUp, WorkGroup
    from kaoping.web.meetings.models import Meeting
    from kaoping.web.planning.models import Campaign

    c = Campaign.objects.get(township=demo, title=TITLE)
    assert (c.start, c.end) == (date(2026, 3, 1), date(2026, 4, 9))
    groups = WorkGroup.objects.filter(campaign=c)
    assert groups.count() == 4
    assert all(g.members.filter(is_leader=True).count() == 1 for g in groups)
    assert list(
        Bulletin.objects.filter(campaign=c).order_by("day").values_list("number", flat=True)
    ) == list(range(1, 41))
    assert AreaReport.objects.filter(campaign=c).count() == 160
    assert AreaReport.objects.filter(campaign=c, late=True).exists()
    assert (
        Meeting.objects.filter(township=demo, kind="dispatch", title__startswith=TITLE).count()
        == 40
    )
    lagging = set(CatchUp.objects.filter(campaign=c).values_list("area__name", flat=True))
    assert "西片" in lagging
    # The township's total is what the villages did, whatever their areas.
    assert sum(c.entries.values_list("count", flat=True)) == sum(
        AreaReport.objects.filter(campaign=c).values_list("done", flat=True)
    )
    assert load_dispatch_demo(demo) is False  # idempotent
    assert load_spring_campaign(demo) is False

    client.force_login(get_user_model().objects.get(username="admin"))
    html = client.get(reverse("dispatch:board", args=[c.pk]) + "?day=2026-03-10").content.decode()
    assert "调度通报（第10期）" in html and "西片" in html
    docx = client.get(reverse("dispatch:bulletin_docx", args=[c.pk]) + "?day=2026-03-10")
    assert docx.status_code == 200


def test_the_dispatch_demo_loads_in_well_under_a_second(demo: Any) -> None:
    from kaoping.web.dispatch.demo import TITLE, load_dispatch_demo
    from kaoping.web.dispatch.models import (
        AreaReport,
        Bulletin,
        CatchUp,
        DispatchSettings,
        WorkGroup,
    )
    from kaoping.web.meetings.models import Meeting

    for model in (AreaReport, Bulletin, CatchUp):
        model.objects.all().delete()
    Meeting.objects.filter(title__startswith=TITLE).delete()
    WorkGroup.objects.all().delete()
    DispatchSettings.objects.all().delete()
    began = time.perf_counter()
    assert load_dispatch_demo(demo) is True
    # Measured 0.21 s on 2 shared cores at a load average of 13.
    seconds = time.perf_counter() - began
    print(f"load_dispatch_demo: {seconds:.2f} s")
    assert seconds < 5
