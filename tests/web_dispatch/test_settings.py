"""A campaign's dispatch settings (dispatch:settings)."""

from __future__ import annotations

from datetime import time
from typing import Any

import pytest
from django.urls import reverse

from kaoping.web.dispatch.models import DispatchEvent, DispatchSettings

from .conftest import Dispatch

GOOD = {"report_by": "16:30", "lag_points": "8", "catch_up_days": "2"}


def post(client: Any, d: Dispatch, **extra: str) -> Any:
    return client.post(reverse("dispatch:settings", args=[d.campaign.pk]), GOOD | extra)


@pytest.mark.parametrize(
    ("persona", "status"),
    [("admin", 302), ("assessor", 302), ("leader", 403), ("chief", 404), ("outsider", 404)],
)
def test_settings_are_changed_by_the_townships_admin_and_assessors(
    login: Any, dispatch: Dispatch, persona: str, status: int
) -> None:
    assert post(login(persona), dispatch).status_code == status
    assert DispatchSettings.objects.exists() is (status == 302)


def test_saved_settings_are_audited(login: Any, dispatch: Dispatch) -> None:
    post(login("admin"), dispatch)
    s = DispatchSettings.objects.get()
    assert (s.report_by, s.lag_points, s.catch_up_days) == (time(16, 30), 8, 2)
    assert (
        DispatchEvent.objects.get(action="settings").note
        == "每日16:30前报送，落后进度8个百分点限期2天赶上"
    )


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"lag_points": "101"}, "落后进度阈值应在0至100个百分点之间，填写的是101"),
        ({"lag_points": "-1"}, "落后进度阈值应在0至100个百分点之间，填写的是-1"),
        ({"catch_up_days": "0"}, "限期赶上天数应在1至30天之间，填写的是0"),
        ({"catch_up_days": "31"}, "限期赶上天数应在1至30天之间，填写的是31"),
        ({"report_by": "25:00"}, "每日报送截止时间"),
    ],
)
def test_bad_settings_are_refused_naming_the_field_and_value(
    login: Any, dispatch: Dispatch, extra: dict[str, str], message: str
) -> None:
    response = post(login("admin"), dispatch, **extra)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not DispatchSettings.objects.exists()
