"""`serve --demo`: the demo township gets its planning examples from the demo
loader (kaoping.web.demo), and no other township ever does."""

from __future__ import annotations

from typing import Any

import pytest

from kaoping.web.planning.models import (
    Allocation,
    BaseFigure,
    Campaign,
    CampaignEntry,
    ServiceDay,
)


@pytest.fixture(scope="module")
def demo() -> Any:
    from kaoping.demo import build_demo

    return build_demo()


def test_the_demo_loader_brings_the_examples_after_commit(
    db: Any, demo: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from kaoping.web.demo import load_demo

    with django_capture_on_commit_callbacks(execute=True):
        load_demo(demo)
    days = list(ServiceDay.objects.order_by("day"))
    assert [(d.unit.code, d.recorded) for d in days] == [("V01", True), ("V02", False)]
    held = days[0]
    absent = sum(
        getattr(held, f"absent_{r}") for r in ("moved_away", "ill", "unreachable", "other")
    )
    assert held.attended is not None and held.declined is not None
    assert held.attended + held.declined + absent == held.invited
    assert BaseFigure.objects.count() == 2 * len(demo.units)
    # The spring campaign of the dispatch demo has an allocation of its own.
    campaign = Campaign.objects.get(title="两癌筛查预约专项活动")
    alloc = Allocation.objects.get(campaigns=campaign)
    shares = [s.allocated for s in alloc.shares.all()]
    assert (len(shares), sum(shares), min(shares) >= 1) == (21, 321, True)
    assert campaign.allocation == alloc
    assert CampaignEntry.objects.filter(campaign=campaign).exists()
    assert [t.text_zh for t in campaign.targets.all()] == [
        "全镇合计完成321个",
        "所有村（居）完成任务的90%以上",
    ]


def test_loading_twice_adds_nothing(db: Any, demo: Any) -> None:
    from kaoping.web.core.loading import load_demo
    from kaoping.web.core.models import Unit
    from kaoping.web.planning.demo import load_planning_demo

    load_demo(demo)
    township = Unit.objects.get(code=demo.township[0])
    assert load_planning_demo(township, demo) is True
    assert load_planning_demo(township, demo) is False
    assert ServiceDay.objects.count() == 2


def test_other_townships_get_no_examples(db: Any, django_capture_on_commit_callbacks: Any) -> None:
    from tests.web.conftest import build_world

    with django_capture_on_commit_callbacks(execute=True):
        build_world()
    assert not ServiceDay.objects.exists()


def test_a_real_township_with_the_demo_code_is_left_alone(
    db: Any, demo: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from django.contrib.auth import get_user_model

    from kaoping.web.core.models import Unit

    township = Unit.objects.create(code=demo.township[0], name="真实镇", level="township")
    for u in demo.units:
        Unit.objects.create(code=u.code, name=u.name, level="village", parent=township)
    with django_capture_on_commit_callbacks(execute=True):
        get_user_model().objects.create_user(username="leader", password="x")
    assert not ServiceDay.objects.exists()
