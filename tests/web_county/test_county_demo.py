"""The web demo's county (``kaoping serve --demo``): 清河县 with 平安镇 and two small
townships, a county admin and a county leader, and the county's 2026Q3 assessment
of the three computed by the one and approved by the other."""

from __future__ import annotations

import io
from typing import Any

import pytest


@pytest.fixture
def loaded(module_demo: list[Any], db: Any, settings: Any) -> list[Any]:
    """The demo's logins (the demo loaded once for the module, tests/conftest.py)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return list(module_demo)


def test_the_demo_county_assessment_is_approved_by_someone_who_did_not_prepare_it(
    loaded: list[Any],
) -> None:
    from kaoping.web.assessment.models import CountyAssessment

    a = CountyAssessment.objects.get(county__code="C01")
    assert (a.county.name, a.period, a.status) == ("清河县", "2026Q3", "approved")
    who = {e.action: e.user and e.user.username for e in a.events.select_related("user")}
    assert who == {
        "create": "county_admin",
        "entry": "county_admin",
        "compute": "county_admin",
        "approve": "county_leader",
    }
    units = a.results["units"]
    assert sorted(u["name"] for u in units) == ["双龙乡", "平安镇", "石桥镇"]
    assert sorted(u["rank"] for u in units) == [1, 2, 3]
    # 双龙乡's county deduction (县级督查) and its accuracy below 0.98 both cost it points.
    shuanglong = next(u for u in units if u["unit"] == "T03")
    lost = {d["path"] for d in shuanglong["deductions"]}
    assert {"statistics", "supervision"} <= lost


def test_the_county_logins_are_printed_with_the_others_and_open_their_accounts(
    loaded: list[Any], client: Any
) -> None:
    by_name = {login.username: login for login in loaded}
    assert list(by_name) == [
        "admin", "assessor", "reporter", "leader", "county_admin", "county_leader",
        "province_admin", "province_leader",
    ]  # fmt: skip
    assert by_name["county_leader"].description == "县领导 county leader · 清河县"
    assert client.login(username="county_leader", password=by_name["county_leader"].password)
    html = client.get("/assessment/county/C01/").content.decode()
    for name in ("平安镇", "石桥镇", "双龙乡"):
        assert name in html


def test_the_county_leader_downloads_the_demo_county_bulletin(
    loaded: list[Any], client: Any
) -> None:
    import docx

    from kaoping.web.assessment.models import CountyAssessment

    a = CountyAssessment.objects.get(county__code="C01")
    login = next(x for x in loaded if x.username == "county_leader")
    assert client.login(username=login.username, password=login.password)
    page = client.get(f"/assessment/county/a/{a.pk}/").content.decode()
    assert f"/assessment/county/a/{a.pk}/bulletin.docx" in page
    response = client.get(f"/assessment/county/a/{a.pk}/bulletin.docx")
    text = [p.text for p in docx.Document(io.BytesIO(response.content)).paragraphs]
    assert "各乡镇：" in text
    assert any(
        p.startswith("根据《乡镇人口与家庭服务工作季度考评细则》，对全县3个乡镇") for p in text
    )


def test_serving_the_demo_again_gives_the_county_logins_new_passwords(
    loaded: list[Any],
) -> None:
    from django.contrib.auth import get_user_model

    from kaoping.demo import build_demo
    from kaoping.web.assessment.models import CountyAssessment
    from kaoping.web.demo import reload_demo

    again = {login.username: login for login in reload_demo(build_demo())}
    leader = get_user_model().objects.get(username="county_leader")
    assert leader.check_password(again["county_leader"].password)
    assert "county_admin" in again
    assert CountyAssessment.objects.count() == 2  # the county's and the province's, once each
