"""A village's own page (/units/<code>/) shows what inspections from above found
there: the visit, the verdict, a veto with its reason, observed beside reported.
Its reporter sees their own village's verdicts and nobody else's.

An acceptance samples V1 and V2 (2026Q4 reported: V1 40/38/1, V2 40/37/1):
V1 不合格 with a veto, 实到人数 observed 35 against 38 reported; V2 合格.
V1's difference opens its follow-up 上级核查数据不符整改, due 30 days after the visit
(2026-12-03 + 30 = 2027-01-02); V2's figures agree, so V2 has none.

| persona                      | /units/V1/        | /units/V2/        |
|------------------------------|-------------------|-------------------|
| reporter (V1's)              | V1's verdict      | 404               |
| reporter2 (V2's)             | 404               | V2's verdict      |
| outsider (T2's admin)        | 404               | 404               |
| anonymous                    | to the login page | to the login page |
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from .campaign_world import prepare_campaign
from .conftest import PASSWORD, Prepared

# Run on PostgreSQL too (tests/conftest.py): inspected figures are read back from the database.
pytestmark = pytest.mark.both_databases


@pytest.fixture
def inspected(db: Any) -> Prepared:
    from kaoping.web.assessment import inspections

    p = prepare_campaign()
    i = inspections.record(
        p.world.t1, kind="acceptance", level="county", day=date(2026, 12, 3), period="2026Q4",
        inspectors="县卫健局 王某", units=[p.world.v1, p.world.v2], user=p.users["county"],
        campaign=p.campaign,  # type: ignore[attr-defined]
    )  # fmt: skip
    for code, verdict, veto, note, observed in [
        ("V1", "failed", True, "台账与实际不符", {"attended": Decimal(35)}),
        ("V2", "passed", False, "资料齐全", {}),
    ]:
        inspections.record_findings(
            i.sampled.get(unit__code=code).pk, user=p.users["county"], verdict=verdict,
            veto=veto, veto_reason="虚报服务人数" if veto else "", note=note, observed=observed,
        )  # fmt: skip
    return p


def _section(client: Any, code: str) -> str:
    r = client.get(f"/units/{code}/")
    assert r.status_code == 200
    page = r.content.decode()
    assert 'id="unit-inspections"' in page
    return page.split('id="unit-inspections"', 1)[1].split("</table>", 1)[0]


def test_the_village_reporter_sees_their_own_villages_verdict(
    inspected: Prepared, client: Any
) -> None:
    client.login(username="reporter", password=PASSWORD)
    section = _section(client, "V1")
    for shown in ("2026-12-03", "县级验收（秋季服务活动）", "不合格", "一票否决", "虚报服务人数",
                  "实到人数：上报38，核查35", "台账与实际不符"):  # fmt: skip
        assert shown in section, shown
    # Nothing of the other village sampled in the same visit.
    assert "资料齐全" not in section and "合格</span>" not in section.replace("不合格", "")


def test_the_other_villages_reporter_sees_only_theirs(inspected: Prepared, client: Any) -> None:
    client.login(username="reporter2", password=PASSWORD)
    section = _section(client, "V2")
    assert "合格" in section and "资料齐全" in section
    assert "虚报服务人数" not in section and "台账与实际不符" not in section
    assert client.get("/units/V1/").status_code == 404


def test_township_staff_see_it_on_the_village_page_too(inspected: Prepared, client: Any) -> None:
    client.login(username="leader", password=PASSWORD)
    assert "虚报服务人数" in _section(client, "V1")


def test_a_village_never_sampled_has_no_section(inspected: Prepared, client: Any) -> None:
    client.login(username="admin", password=PASSWORD)
    assert 'id="unit-inspections"' not in client.get("/units/V3/").content.decode()


@pytest.mark.parametrize(
    ("language", "shown", "not_shown"),
    [("zh-hans", "县级验收", "CountyAcceptance"), ("en", "County acceptance", "CountyAcceptance")],
)
def test_the_inspection_is_named_as_a_whole_in_the_readers_language(
    inspected: Prepared, client: Any, language: str, shown: str, not_shown: str
) -> None:
    client.login(username="reporter", password=PASSWORD)
    client.cookies.load({"django_language": language})
    section = _section(client, "V1")
    assert shown in section and not_shown not in section


def test_the_village_reporter_sees_their_own_villages_follow_up(
    inspected: Prepared, client: Any
) -> None:
    client.login(username="reporter", password=PASSWORD)
    section = _section(client, "V1")
    cell = section.split('class="inspection-followup"', 1)[1].split("</td>", 1)[0]
    assert "上级核查数据不符整改" in cell and "期限2027-01-02" in cell and "待整改" in cell
    client.logout()
    client.login(username="reporter2", password=PASSWORD)
    v2 = _section(client, "V2").split('class="inspection-followup"', 1)[1].split("</td>", 1)[0]
    assert v2.strip(">").strip() == "—"


def test_the_follow_up_is_marked_overdue_after_its_due_date(
    inspected: Prepared, client: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: date(2027, 1, 3))
    client.login(username="reporter", password=PASSWORD)
    cell = _section(client, "V1").split('class="inspection-followup"', 1)[1].split("</td>", 1)[0]
    assert "已逾期" in cell


def test_someone_outside_the_township_sees_no_village_of_it(
    inspected: Prepared, client: Any
) -> None:
    client.login(username="outsider", password=PASSWORD)
    assert client.get("/units/V1/").status_code == 404
    assert client.get("/units/V2/").status_code == 404


def test_an_anonymous_visitor_is_sent_to_sign_in(inspected: Prepared, client: Any) -> None:
    r = client.get("/units/V1/")
    assert r.status_code == 302 and "login" in r["Location"]
    assert "虚报服务人数" not in r.content.decode()
