"""A campaign's own targets: a township total, or a completion rate that every
village (or a share of them) reaches; judged so far and against a linear pace
over the campaign's dates, on the page, in the htmx bulletin and in Word.

The campaign of T1 runs 2026-05-01 to 05-10 (10 days); V1, V2 and V3 are each
allocated 10. Entries on 05-02: V1 4, V2 7, V3 5 (16 in all). By the end of
05-05, 5 of the 10 days are due (half); by 05-02, 2 of 10; by 05-08, 8 of 10.
"""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import docx
import pytest

from kaoping.web.planning.models import CampaignEntry, CampaignTarget


@pytest.fixture
def entered(plans: Any) -> Any:
    c = plans.campaigns["T1"]
    for code, n in (("V1", 4), ("V2", 7), ("V3", 5)):
        unit = getattr(plans.world, code.lower())
        CampaignEntry.objects.create(campaign=c, unit=unit, day=date(2026, 5, 2), count=n)
    return c


def _target(c: Any, **fields: Any) -> CampaignTarget:
    return CampaignTarget.objects.create(campaign=c, **fields)


# (target, as_of) -> (status, met so far, on schedule, the pace sentence's ending)
TOTALS = [
    # 40 by 05-10; half due: 20 expected, 16 done, 4 behind
    (40, "2026-05-05", "落后于进度", False, False, "截至05-05应完成50.0%）应完成20.0个，落后4.0个"),
    # 2/10 due: 8 expected, 16 done, 8 ahead
    (40, "2026-05-02", "符合进度", False, True, "截至05-02应完成20.0%）应完成8.0个，超出8.0个"),
    # 3/10 of 30 = 9 expected, 16 done
    (30, "2026-05-03", "符合进度", False, True, "截至05-03应完成30.0%）应完成9.0个，超出7.0个"),
    # half of 32 is exactly the 16 done
    (32, "2026-05-05", "符合进度", False, True, "截至05-05应完成50.0%）应完成16.0个，符合进度"),
    # 16 of 16 reached already
    (16, "2026-05-05", "已达到", True, True, "截至05-05应完成50.0%）应完成8.0个，超出8.0个"),
    # before the start nothing is due and nothing counts yet
    (40, "2026-04-30", "符合进度", False, True, "截至04-30应完成0.0%）应完成0.0个，符合进度"),
]


@pytest.mark.parametrize(("total", "as_of", "status", "met", "on", "pace"), TOTALS)
def test_a_township_total_is_judged_against_a_linear_pace(
    login: Any,
    entered: Any,
    total: int,
    as_of: str,
    status: str,
    met: bool,
    on: bool,
    pace: str,
) -> None:
    _target(entered, kind="total", total=total)
    r = login("leader").get(f"/planning/campaigns/{entered.pk}/?as_of={as_of}")
    (s,) = r.context["targets"]
    assert (s.status_zh, s.met, s.on_schedule) == (status, met, on)
    assert s.schedule_zh.endswith(pace), s.schedule_zh
    assert s.schedule_zh.startswith("按进度（05-01至05-10，")


def test_a_total_says_how_many_are_done_and_how_many_remain(login: Any, entered: Any) -> None:
    _target(entered, kind="total", total=40)
    r = login("leader").get(f"/planning/campaigns/{entered.pk}/?as_of=2026-05-05")
    (s,) = r.context["targets"]
    assert s.met_zh == "已完成16个，目标40个，尚差24个"


# Rates done / allocated: V1 40%, V2 70%, V3 50%.
UNIT_RATES = [
    # every village at 90%; paced at half: 45% -> V1 (40%) short by 5 points
    ("1", "90", "2026-05-05", "落后于进度", False, False, "2个达标，需3个（共3个）"),
    # half of the villages (2 of 3) at 60%; paced 30%: all three qualify
    ("1/2", "60", "2026-05-05", "符合进度", False, True, "3个达标，需2个（共3个）"),
    # two thirds (2 of 3) at 80%; paced 8/10 of 80% = 64%: only V2 (70%)
    ("2/3", "80", "2026-05-08", "落后于进度", False, False, "1个达标，需2个（共3个）"),
    # a third (1 of 3) at 70%: V2 is at 70% already
    ("1/3", "70", "2026-05-05", "已达到", True, True, "3个达标，需1个（共3个）"),
    # every village at 45% (V1 is at 40%); paced 2/10 of 45% = 9%: all three
    ("1", "45", "2026-05-02", "符合进度", False, True, "3个达标，需3个（共3个）"),
]


@pytest.mark.parametrize(("share", "rate", "as_of", "status", "met", "on", "counted"), UNIT_RATES)
def test_a_completion_rate_for_villages_is_judged_against_a_linear_pace(
    login: Any,
    entered: Any,
    share: str,
    rate: str,
    as_of: str,
    status: str,
    met: bool,
    on: bool,
    counted: str,
) -> None:
    _target(entered, kind="units", rate=rate, share=share)
    r = login("leader").get(f"/planning/campaigns/{entered.pk}/?as_of={as_of}")
    (s,) = r.context["targets"]
    assert (s.status_zh, s.met, s.on_schedule) == (status, met, on)
    assert counted in s.schedule_zh, s.schedule_zh


def test_a_rate_target_names_the_villages_short_of_the_pace(login: Any, entered: Any) -> None:
    _target(entered, kind="units", rate="90", share="1")
    r = login("leader").get(f"/planning/campaigns/{entered.pk}/?as_of=2026-05-05")
    (s,) = r.context["targets"]
    assert s.target.text_zh == "所有村（居）完成任务的90%以上"
    assert "达45%以上：未达到" in s.schedule_zh
    assert "未达标：V1 东村 40.00%（差5.00个百分点）" in s.schedule_zh
    assert "达90%以上：未达到，0个达标，需3个（共3个）" in s.met_zh


def test_targets_show_in_the_htmx_bulletin(login: Any, entered: Any) -> None:
    _target(entered, kind="total", total=40)
    r = login("admin").get(
        f"/planning/campaigns/{entered.pk}/?as_of=2026-05-05", HTTP_HX_REQUEST="true"
    )
    body = r.content.decode()
    assert 'id="campaign-targets"' in body
    assert "全镇合计完成40个" in body and "落后4.0个" in body


def test_targets_are_in_the_word_bulletin(login: Any, entered: Any) -> None:
    _target(entered, kind="total", total=40)
    _target(entered, kind="units", rate="60", share="1/2")
    r = login("admin").get(f"/planning/campaigns/{entered.pk}/bulletin.docx?as_of=2026-05-05")
    paragraphs = [p.text for p in docx.Document(io.BytesIO(r.content)).paragraphs]
    text = "\n".join(paragraphs)
    assert "目标完成情况" in paragraphs
    assert (
        "1. 全镇合计完成40个（落后于进度）。目前：已完成16个，目标40个，尚差24个。"
        "按进度（05-01至05-10，截至05-05应完成50.0%）应完成20.0个，落后4.0个。"
    ) in text
    assert "2. 二分之一的村（居）完成任务的60%以上（符合进度）。" in text
    # before the annexed table of units
    assert paragraphs.index("目标完成情况") < paragraphs.index("附：各村（居）进度情况")


def test_staff_add_a_target_and_remove_it(login: Any, plans: Any) -> None:
    c = plans.campaigns["T1"]
    client = login("assessor")
    r = client.post(
        f"/planning/campaigns/{c.pk}/targets/new/",
        {"target-kind": "units", "target-rate": "87.5", "target-share": "1/2"},
    )
    assert r.status_code == 302
    t = CampaignTarget.objects.get()
    assert (t.kind, str(t.rate), t.share, t.total) == ("units", "87.5", "1/2", None)
    page = client.get(f"/planning/campaigns/{c.pk}/").content.decode()
    assert "二分之一的村（居）完成任务的87.5%以上" in page
    r = client.post(f"/planning/campaigns/{c.pk}/targets/{t.pk}/delete/")
    assert r.status_code == 302 and not CampaignTarget.objects.exists()


def test_a_total_target_keeps_no_rate(login: Any, plans: Any) -> None:
    c = plans.campaigns["T1"]
    login("admin").post(
        f"/planning/campaigns/{c.pk}/targets/new/",
        {"target-kind": "total", "target-total": "25", "target-rate": "90", "target-share": "1/3"},
    )
    t = CampaignTarget.objects.get()
    assert (t.kind, t.total, t.rate, t.share) == ("total", 25, None, "1")


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"kind": "total", "total": ""}, "total", "请填写全镇合计目标数"),
        ({"kind": "total", "total": "0"}, "total", "全镇合计目标数应大于0，现为0"),
        ({"kind": "total", "total": "三百"}, "total", "输入整数。"),
        ({"kind": "units", "rate": "", "share": "1"}, "rate", "请填写完成率，如 90"),
        (
            {"kind": "units", "rate": "120", "share": "1"},
            "rate",
            "完成率应大于0且不超过100，现为120",
        ),
        ({"kind": "units", "rate": "0", "share": "1"}, "rate", "完成率应大于0且不超过100，现为0"),
        ({"kind": "units", "rate": "-5", "share": "1"}, "rate", "完成率应大于0且不超过100，现为-5"),
        ({"kind": "units", "rate": "90", "share": ""}, "share", "请选择达到完成率的村（居）范围"),
        ({"kind": "units", "rate": "90", "share": "1/7"}, "share", "1/7 不在可用的选项中"),
        ({"kind": "", "total": "30"}, "kind", "这个字段是必填项。"),
    ],
)
def test_a_bad_target_is_refused_beside_its_field(
    login: Any, plans: Any, data: dict[str, str], field: str, message: str
) -> None:
    c = plans.campaigns["T1"]
    r = login("admin").post(
        f"/planning/campaigns/{c.pk}/targets/new/", {f"target-{k}": v for k, v in data.items()}
    )
    assert r.status_code == 400
    errors = r.context["target_form"].errors[field]
    assert any(message in e for e in errors) and len(errors) == 1, errors
    assert f'id="err-{field}"' in r.content.decode()
    assert not CampaignTarget.objects.exists()


def test_another_campaigns_target_cannot_be_removed_through_this_one(
    login: Any, plans: Any
) -> None:
    other = _target(plans.campaigns["T2"], kind="total", total=5)
    c = plans.campaigns["T1"]
    r = login("admin").post(f"/planning/campaigns/{c.pk}/targets/{other.pk}/delete/")
    assert r.status_code == 404
    assert CampaignTarget.objects.filter(pk=other.pk).exists()
