"""Targets evaluated on the stored figures, on the shipped file and an uploaded one."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from kaoping.web.planning.models import TargetFile

from .helpers import report

TARGETS = """\
visits:
  title: 见面率
  indicator: attended / invited
  every_unit: ">= 0.80"
  share_of_units:
    - {at_least: 1/2, value: ">= 0.90"}
  spot_checked_units: ">= 0.90"
"""


@pytest.fixture
def figures(world: Any) -> None:
    # V1 9/10 = 90%, V2 7/10 = 70%, V3 10/10 = 100%
    for unit, attended in ((world.v1, 9), (world.v2, 7), (world.v3, 10)):
        report(world.ds, unit, "2026Q2", {"invited": 10, "attended": attended})


def _upload(client: Any, text: str | bytes, name: str = "mine.yaml") -> Any:
    f = SimpleUploadedFile(name, text.encode() if isinstance(text, str) else text)
    return client.post("/planning/t/T1/targets/upload/", {"file": f}, follow=True)


def _inspected(world: Any, period: str, units: list[Any]) -> None:
    from datetime import date

    from kaoping.web.assessment.models import InspectedUnit, Inspection

    i = Inspection.objects.create(
        township=world.t1, period=period, kind="spot_check", level="county",
        inspectors="县卫健局 王某", day=date(2026, 6, 10),
    )  # fmt: skip
    for u in units:
        InspectedUnit.objects.create(inspection=i, unit=u)


def test_an_uploaded_file_is_judged_clause_by_clause(login: Any, figures: None, world: Any) -> None:
    client = login("admin")
    _upload(client, TARGETS)
    tf = TargetFile.objects.get()
    # The spot-checked units are the sample an inspection from above recorded.
    _inspected(world, "2026Q2", [world.v2, world.v3])
    r = client.get(f"/planning/t/T1/targets/?period=2026Q2&file={tf.pk}&spot=V1")
    (item,) = r.context["results"]
    rows = [
        (
            c["clause"].kind,
            c["clause"].met,
            c["clause"].qualifying,
            c["clause"].needed,
            [(s["unit"], s["value"], s["gap"]) for s in c["short"]],
        )
        for c in item["clauses"]
    ]
    assert rows == [
        ("every_unit", False, 2, 3, [("V2", "70%", "10.00个百分点")]),
        # 1/2 of 3 units rounds up to 2; V1 (90%) and V3 (100%) qualify
        ("share_of_units", True, 2, 2, [("V2", "70%", "20.00个百分点")]),
        ("spot_checked_units", False, 1, 2, [("V2", "70%", "20.00个百分点")]),
    ]
    assert item["result"].met is False
    assert "未达到" in r.content.decode()
    assert r.context["spot_names"] == ["西村", "镇中社区"]


LABELS = [
    # language, what each clause asks, the first clause's units short, as shown
    ("zh-hans", ["所有单位达80%以上", "二分之一的单位达90%以上", "抽查单位达90%以上"],
     "西村 70%（差10.00个百分点）"),
    ("en", ["every unit at or above 80%", "at least 1/2 of units at or above 90%",
            "spot-checked units at or above 90%"],
     "西村 70% (short by 10.00 percentage points)"),
]  # fmt: skip


@pytest.mark.parametrize(("language", "labels", "short"), LABELS)
def test_each_clause_says_what_it_asks_in_the_readers_language(
    login: Any, figures: None, world: Any, settings: Any, language: str, labels: list[str],
    short: str,
) -> None:  # fmt: skip
    client = login("admin")
    _upload(client, TARGETS)
    tf = TargetFile.objects.get()
    _inspected(world, "2026Q2", [world.v2, world.v3])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    r = client.get(f"/planning/t/T1/targets/?period=2026Q2&file={tf.pk}")
    (item,) = r.context["results"]
    assert [c["label"] for c in item["clauses"]] == labels
    rows = r.content.decode().split('<tr class="clause">')[1:]
    assert rows[0].startswith(f"<td>{labels[0]}</td>")
    # A township's targets count its units (the county's page counts townships).
    heads = {"zh-hans": ("达标单位", "未达标单位（差距）"), "en": ("Qualify", "Short (by)")}
    for head in heads[language]:
        assert f"<th>{head}</th>" in r.content.decode()
    assert short in rows[0]
    assert 'lang="zh' not in r.content.decode().split("<main>")[1]


def test_without_an_inspection_the_spot_checked_clause_is_not_judged(
    login: Any, figures: None
) -> None:
    client = login("admin")
    _upload(client, TARGETS)
    tf = TargetFile.objects.get()
    # A tick in the address no longer makes a unit spot-checked.
    r = client.get(f"/planning/t/T1/targets/?period=2026Q2&file={tf.pk}&spot=V2")
    (item,) = r.context["results"]
    spot = next(c for c in item["clauses"] if c["clause"].kind == "spot_checked_units")
    assert spot["clause"].evaluated is False
    assert "本期没有上级核查记录" in r.content.decode()


def test_the_shipped_targets_read_the_service_day_records(login: Any, plans: Any) -> None:
    # The data set has no sd_* figures: the records stand for them. It has no
    # postpartum figures either: that target says so, the other is still judged.
    for code, attended in (("V1", 9), ("V2", 7)):
        sd = plans.days[code]
        sd.invited, sd.attended, sd.absent_other = 10, attended, 10 - attended
        sd.save()
    r = login("leader").get("/planning/t/T1/targets/?period=2026Q2")
    assert r.context["problems"] == [
        "目标postpartum_visits：数据缺少“postpartum_visited”列",
        "目标postpartum_visits：数据缺少“postpartum_due”列",
    ]
    (item,) = r.context["results"]
    assert item["result"].target.name == "service_day_attendance"
    every = item["clauses"][0]
    assert (every["clause"].met, every["clause"].qualifying, every["clause"].needed) == (
        False,
        1,
        2,
    )
    assert every["short"] == [
        {"unit": "V2", "name": "西村", "value": "70%", "gap": "10.00个百分点"}
    ]
    assert every["undefined"] == ["镇中社区"]


def test_service_day_records_evaluate_the_attendance_target(login: Any, plans: Any) -> None:
    for code, attended in (("V1", 9), ("V2", 8)):
        sd = plans.days[code]
        sd.invited, sd.attended, sd.absent_other = 10, attended, 10 - attended
        sd.save()
    client = login("admin")
    only = TARGETS.replace("attended / invited", "sd_attended / sd_invited")
    _upload(client, only)
    tf = TargetFile.objects.get()
    r = client.get(f"/planning/t/T1/targets/?period=2026Q2&file={tf.pk}")
    (item,) = r.context["results"]
    every = item["clauses"][0]["clause"]
    # V3 has no record and no figure: not counted. V1 90%, V2 80%: both >= 80%.
    assert (every.met, every.qualifying, every.needed, every.undefined) == (True, 2, 2, ("V3",))
    assert r.context["from_sd"] == ["东村", "西村"]


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (
            "visits:\n  indicator: a / b\n  every_unit: 80%\n",
            "mine.yaml:3:15: 目标 visits 的 every_unit：“80%”不是比较式",
        ),
        ("visits:\n  indicator: a /\n  every_unit: '>= 0.8'\n", "mine.yaml:2:"),
        (
            "visits:\n  indicator: a / b\n  every_unit: '>= 0.8'\n  colour: red\n",
            "mine.yaml:4:3: 目标 visits：未知的键“colour”",
        ),
    ],
)
def test_a_bad_targets_file_is_refused_with_its_line_and_column(
    login: Any, world: Any, text: str, problem: str
) -> None:
    r = _upload(login("admin"), text)
    assert r.status_code == 400
    assert any(problem in m for m in r.context["upload_problems"]), r.context["upload_problems"]
    assert "upload-problems" in r.content.decode()
    assert not TargetFile.objects.exists()


def test_a_file_that_is_not_utf8_is_refused(login: Any, world: Any) -> None:
    r = _upload(login("admin"), "visits: 见面率".encode("gbk"))
    assert r.context["upload_problems"] == ["mine.yaml：不是UTF-8编码的文本文件"]
    assert not TargetFile.objects.exists()


def test_a_period_without_figures_says_so(login: Any, world: Any) -> None:
    r = login("admin").get("/planning/t/T1/targets/?period=2026Q2")
    assert any("数据缺少" in p for p in r.context["problems"])


def test_a_draft_is_not_counted(login: Any, world: Any) -> None:
    report(world.ds, world.v1, "2026Q2", {"invited": 10, "attended": 9})
    report(world.ds, world.v2, "2026Q2", {"invited": 10, "attended": 1}, submitted=None)
    client = login("admin")
    _upload(client, TARGETS)
    tf = TargetFile.objects.get()
    r = client.get(f"/planning/t/T1/targets/?period=2026Q2&file={tf.pk}")
    every = r.context["results"][0]["clauses"][0]
    assert (every["clause"].met, every["clause"].considered) == (True, 1)
    assert every["undefined"] == ["西村", "镇中社区"]


@pytest.mark.parametrize("owner", ["county", "t2"])
def test_another_units_targets_file_is_no_file_on_the_townships_page(
    login: Any, figures: None, world: Any, owner: str
) -> None:
    # Files are scoped by their unit: the county's own targets (its townships') and
    # a neighbouring township's are neither listed nor read by their id on T1's page.
    theirs = TargetFile.objects.create(unit=getattr(world, owner), name="theirs.yaml", text=TARGETS)
    mine = TargetFile.objects.create(unit=world.t1, name="mine.yaml", text=TARGETS)
    client = login("admin")
    r = client.get(f"/planning/t/T1/targets/?period=2026Q2&file={theirs.pk}")
    assert r.context["problems"] == ["所选目标文件不存在"]
    assert r.context["results"] == []
    assert list(r.context["files"]) == [mine]
    ok = client.get(f"/planning/t/T1/targets/?period=2026Q2&file={mine.pk}")
    assert (ok.context["problems"], len(ok.context["results"])) == ([], 1)
