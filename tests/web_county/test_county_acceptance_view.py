"""POST /assessment/county/<code>/acceptance/ by persona: the county's leader,
staff and admin accept 西镇's approved quarter or return it with a reason;
township staff, a village reporter, an outsider and a leader of another county
get 404 (the county's page does not open for them) and nothing changes."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from kaoping.web.assessment.models import TownshipAcceptance
from kaoping.web.core.models import Membership

from .conftest import PERIOD, CountyWorld, township_approved

# persona -> status of either write
EXPECTED = {
    "county_leader": 302,
    "county_assessor": 302,
    "county_admin": 302,
    "township_admin": 404,
    "township_leader": 404,
    "reporter": 404,
    "outsider": 404,
    "other_county_leader": 404,
}


@pytest.fixture
def approved(cw: CountyWorld) -> Any:
    from django.contrib.auth import get_user_model

    other = get_user_model().objects.create_user(username="other_county_leader", password="x")
    Membership.objects.create(user=other, role="leader", unit=cw.units["C2"])
    cw.users["other_county_leader"] = other
    return township_approved(cw)


def _post(client: Any, cw: CountyWorld, persona: str, data: dict[str, Any]) -> Any:
    client.force_login(cw.users[persona])
    return client.post(
        reverse("assessment:county_acceptance", args=["C1"]),
        {"township": "T2", "period": PERIOD, **data},
    )


@pytest.mark.parametrize("persona", sorted(EXPECTED))
def test_accepting_by_persona(client: Any, cw: CountyWorld, approved: Any, persona: str) -> None:
    r = _post(client, cw, persona, {"action": "accept", "assessment": approved.pk})
    assert r.status_code == EXPECTED[persona]
    row = TownshipAcceptance.objects.filter(township=cw.units["T2"]).first()
    if EXPECTED[persona] == 302:
        assert r["Location"] == reverse("assessment:county", args=["C1"]) + f"?period={PERIOD}"
        assert row is not None and (row.status, row.by) == ("accepted", cw.users[persona])
    else:
        assert row is None


@pytest.mark.parametrize("persona", sorted(EXPECTED))
def test_returning_by_persona(client: Any, cw: CountyWorld, approved: Any, persona: str) -> None:
    r = _post(client, cw, persona, {"action": "return", "reason": "台账不全"})
    assert r.status_code == EXPECTED[persona]
    row = TownshipAcceptance.objects.filter(township=cw.units["T2"]).first()
    if EXPECTED[persona] == 302:
        assert row is not None and (row.status, row.reason) == ("returned", "台账不全")
    else:
        assert row is None


def test_the_dashboard_offers_acceptance_and_shows_the_state_after_it(
    client: Any, cw: CountyWorld, approved: Any
) -> None:
    client.force_login(cw.users["county_leader"])
    page = client.get(reverse("assessment:county", args=["C1"])).content.decode()
    assert "乡镇已审定（第1版），待验收" in page
    assert 'value="accept"' in page
    r = _post(client, cw, "county_leader", {"action": "accept", "assessment": approved.pk})
    page = client.get(r["Location"]).content.decode()
    assert "已验收西镇2026年第三季度考评（第1版），其读取的报表已锁定" in page
    assert "县级已验收（第1版）" in page
    assert 'value="accept"' not in page  # accepted: nothing more to accept


def test_a_refusal_is_shown_on_the_dashboard_not_as_an_error_page(
    client: Any, cw: CountyWorld, approved: Any
) -> None:
    r = _post(client, cw, "county_leader", {"action": "return", "reason": " "})
    assert r.status_code == 302
    page = client.get(r["Location"]).content.decode()
    assert "退回乡镇时请写明原因" in page
    assert not TownshipAcceptance.objects.exists()


def test_a_township_leader_reads_the_returned_state_but_has_no_buttons(
    client: Any, cw: CountyWorld, approved: Any
) -> None:
    _post(client, cw, "county_assessor", {"action": "return", "reason": "台账不全"})
    client.force_login(cw.users["township_leader"])
    page = client.get(reverse("assessment:county", args=["C1"]) + f"?period={PERIOD}")
    html = page.content.decode()
    assert "已退回乡镇" in html and "退回原因：台账不全" in html
    assert 'name="action"' not in html


def test_an_unknown_action_is_refused_with_a_message(
    client: Any, cw: CountyWorld, approved: Any
) -> None:
    r = _post(client, cw, "county_leader", {"action": "delete"})
    assert r.status_code == 302
    assert "操作无法识别" in client.get(r["Location"]).content.decode()
    assert not TownshipAcceptance.objects.exists()


def test_the_acceptance_buttons_speak_english_to_an_english_reader(
    client: Any, cw: CountyWorld, approved: Any, settings: Any
) -> None:
    """They read 验收并锁定 and 退回乡镇 on the English page: they had no English."""
    from tests.web.test_english_pages import leftover_chinese

    client.force_login(cw.users["county_leader"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("assessment:county", args=["C1"])).content.decode()
    assert ">Accept and lock</button>" in page
    assert ">Return to the township</button>" in page
    assert not [t for t in leftover_chinese(page, []) if "验收" in t or "退回" in t]
