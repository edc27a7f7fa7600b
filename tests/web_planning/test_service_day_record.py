"""Recording a service day: counts only, checked by the engine, nothing half-saved."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

ZERO = {
    "absent_moved_away": "0",
    "absent_ill": "0",
    "declined": "0",
    "absent_unreachable": "0",
    "absent_other": "0",
}


def _post(client: Any, sd: Any, **values: str) -> Any:
    return client.post(f"/planning/service-days/{sd.pk}/record/", {**ZERO, **values})


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"invited": "10", "attended": "11"}, "attended", "东村：实到人数（11）大于应到人数（10）"),
        ({"invited": "-1", "attended": "0"}, "invited", "东村：应到人数-1为负数"),
        (
            {"invited": "10", "attended": "8", "absent_ill": "-2"},
            "absent_ill",
            "东村：缺席（生病）人数-2为负数",
        ),
        (
            {"invited": "10", "attended": "8", "absent_ill": "1"},
            "invited",
            "东村：实到8人+缺席1人（迁居外地0+生病1+联系不上0+其他0）=9人，与应到10人不符",
        ),
        (
            {"invited": "10", "attended": "8", "declined": "3"},
            "declined",
            "东村：实到（8）与知情后自愿不参加（3）之和大于应到人数（10）",
        ),
        (
            {"invited": "10", "attended": "8", "declined": "1"},
            "invited",
            "东村：实到8人+知情后自愿不参加1人+缺席0人（迁居外地0+生病0+联系不上0+其他0）=9人，与应到10人不符",
        ),
        ({"invited": "十", "attended": "8"}, "invited", "输入整数"),
    ],
)
def test_a_record_that_does_not_add_up_is_refused(
    login: Any, plans: Any, values: dict[str, str], field: str, message: str
) -> None:
    sd = plans.days["V1"]
    r = _post(login("reporter"), sd, **values)
    assert r.status_code == 200
    assert any(message in e for e in r.context["form"].errors[field]), r.context["form"].errors
    sd.refresh_from_db()
    assert sd.invited is None and sd.attended is None and sd.absent_ill is None


def test_a_reporter_records_their_village_and_sees_the_rate(login: Any, plans: Any) -> None:
    sd = plans.days["V1"]
    client = login("reporter")
    r = _post(
        client,
        sd,
        invited="40",
        attended="36",
        declined="1",
        absent_moved_away="1",
        absent_ill="1",
        absent_unreachable="1",
    )
    assert r.status_code == 302
    sd.refresh_from_db()
    assert (sd.invited, sd.attended, sd.declined, sd.absent_other) == (40, 36, 1, 0)
    page = client.get(f"/planning/service-days/{sd.pk}/").content.decode()
    # 36 of the 39 still to serve: the one informed decline is not in the denominator
    assert 'id="rate">92.3%' in page
    assert 'id="declined">1<' in page


def test_everyone_declining_leaves_no_rate_rather_than_zero(login: Any, plans: Any) -> None:
    sd = plans.days["V1"]
    _post(login("admin"), sd, invited="5", attended="0", declined="5")
    sd.refresh_from_db()
    assert sd.recorded and sd.declined == 5 and sd.rate == "—"


def test_nobody_invited_has_no_rate(login: Any, plans: Any) -> None:
    sd = plans.days["V1"]
    _post(login("admin"), sd, invited="0", attended="0")
    sd.refresh_from_db()
    assert sd.recorded and sd.rate == "—"


@pytest.mark.parametrize(
    ("today", "status", "recorded"),
    [
        # the day is 2026-05-20
        (date(2026, 5, 19), 200, False),
        (date(2026, 5, 20), 302, True),
        (date(2026, 5, 21), 302, True),
    ],
)
def test_a_day_is_recorded_on_the_day_or_after_it_never_before(
    login: Any, plans: Any, monkeypatch: Any, today: date, status: int, recorded: bool
) -> None:
    monkeypatch.setattr("kaoping.web.planning.views.service_days.today", lambda: today)
    sd = plans.days["V1"]
    r = _post(login("reporter"), sd, invited="10", attended="10")
    assert r.status_code == status
    sd.refresh_from_db()
    assert sd.recorded is recorded
    if not recorded:
        message = "服务日定于2026年5月20日，尚未举行（今天是2026年5月19日），不能提前记录；请在当天或之后记录。"
        assert r.context["form"].non_field_errors() == [message]
        assert message in r.content.decode()


def test_the_record_page_says_before_the_day_that_it_is_too_early(
    login: Any, plans: Any, monkeypatch: Any
) -> None:
    monkeypatch.setattr("kaoping.web.planning.views.service_days.today", lambda: date(2026, 5, 19))
    sd = plans.days["V1"]
    body = login("reporter").get(f"/planning/service-days/{sd.pk}/record/").content.decode()
    assert 'id="too-early"' in body and "尚未举行" in body
