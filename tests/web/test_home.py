"""The start page: a reporter's units by period; staff's links per period."""

from __future__ import annotations

from typing import Any

from kaoping.web.core.models import Report


def test_a_reporter_sees_their_village_and_its_states(login: Any, world: Any) -> None:
    from kaoping.web.core.views.common import current_period

    period = str(current_period(world.ds))
    Report.objects.create(dataset=world.ds, unit=world.v1, period=period, status="returned")
    page = login("reporter").get("/").content.decode()
    assert "东村" in page and "西村" not in page
    assert f"/report/{world.ds.pk}/V1/{period}/" in page
    assert "已退回" in page
    assert "上报情况" not in page  # no completeness for a reporter


def test_staff_see_the_completeness_links(login: Any, world: Any) -> None:
    page = login("assessor").get("/").content.decode()
    assert "上报情况" in page and "下载Excel模板" in page


def test_a_user_without_roles_sees_nothing_to_report(client: Any, world: Any) -> None:
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.create_user("nobody", password="x-y-z-123456"))
    page = client.get("/").content.decode()
    assert "没有任何角色" in page and "/account/password/" in page
