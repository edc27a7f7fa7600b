"""The county's 工作总结 says what the township's says (issue 15, "every level,
every period"): service-day attendance with absences by reason, reporting and
timeliness, targets met and missed, follow-ups closed and open, for a quarter and
for a half-year or a year formed from the county's approved quarters; and the
command line (``kaoping report summary --units --level township`` with
``--service-days --reporting --follow-ups --targets``) writes the same paragraphs
from the same inputs.

The county of conftest.py (V32 at 220 invited, 212 attended, as in
test_county_documents.py). Hand-computed for 2026Q3:

| village | township | service day: invited / declined / attended | absent by reason     | first submitted | on time (by 10-05) |
|---------|----------|--------------------------------------------|----------------------|-----------------|--------------------|
| V11     | 东镇 T1  | 100 / 0 / 90                               | 迁居外地 4, 生病 6     | 10-03           | yes                |
| V12     | 东镇 T1  | 100 / 0 / 100                              | —                    | 10-03           | yes                |
| V21     | 西镇 T2  | 100 / 2 / 90                               | 联系不上 8            | 10-03           | yes                |
| V22     | 西镇 T2  | 50 / 0 / 40                                | 生病 10               | 10-08           | no                 |
| V23     | 西镇 T2  | 50 / 0 / 48                                | 其他 2                | 10-03           | yes                |
| V31     | 南镇 T3  | 80 / 0 / 76                                | 生病 3, 联系不上 1     | 10-03           | yes                |
| V32     | 南镇 T3  | 220 / 0 / 212                              | 迁居外地 8            | 10-08           | no                 |

Attendance: 700 invited, 2 declined, 656 attended: 656 / 698 = 93.98% -> 94.0%;
absent 42 = 迁居外地 12, 生病 19, 联系不上 9, 其他 2.
Reporting: 7 due, 7 submitted (100.0%), 5 on time: 5 / 7 = 71.4% (the mean of the
townships' 100%, 66.7% and 50% would be 72.2%).
Follow-ups given by 2026Q2: V11 verified, V32 reported, V22 open (due later),
V21 open and past due (逾期): 4 items, 已验收1, 已报告1, 未完成1, 逾期1.
The county's target 例会记录规范率, every township at 67% or more of its meetings
to standard: 东镇 1, 西镇 2/3 = 66.7% (short of 0.67), 南镇 0: 1 of 3, missed;
服务日到位率, every township at 90%: 东镇 190/200 = 95%, 西镇 178/200 = 89.0%,
南镇 288/300 = 96%: 2 of 3, missed (over H2 the same, the quarters summed).

2026Q4: the same figures and service days, no reports submitted, T2 without its
manual deduction (total 5, not 4.5). 2026H2 = (Q3 + Q4) / 2: 东镇 10, 西镇 4.75,
南镇 8; average 22.75 / 3 = 7.58. Reporting over H2: 14 due, 7 submitted (50.0%),
5 on time (35.7%). Follow-ups due in H2: those given by 2026Q2 and 2026Q3. The
target 例会记录规范率 reads ``standard``, a yes/no without ``over_time``: H2 has no
figure of it, and the half-year says that target is not judged, and why, in the
words the command line refuses it with (exit 2).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner
from django.test import Client
from django.utils import timezone

from .conftest import ACCURACY, PASSWORD, PERIOD, CountyWorld, fill_entries
from .test_county_documents import V32, _cli_files, _paragraphs

BEIJING = ZoneInfo("Asia/Shanghai")
# village: (declined, attended on the service day, absences by reason); invited as reported
SERVICE_DAYS: dict[str, tuple[int, dict[str, int]]] = {
    "V11": (0, {"moved_away": 4, "ill": 6}),
    "V12": (0, {}),
    "V21": (2, {"unreachable": 8}),
    "V22": (0, {"ill": 10}),
    "V23": (0, {"other": 2}),
    "V31": (0, {"ill": 3, "unreachable": 1}),
    "V32": (0, {"moved_away": 8}),
}
LATE = {"V22", "V32"}
TARGETS = """\
meetings:
  title: 例会记录规范率
  indicator: standard
  every_unit: ">= 0.67"
attendance:
  title: 服务日到位率
  indicator: attended / invited
  every_unit: ">= 0.90"
"""
H2_TARGETS = TARGETS[TARGETS.index("attendance:") :]
# Why 例会记录规范率 is not judged over 2026H2 (the engine's TargetNotFormed), in the
# summary as the command line refuses it.
WHY_ZH = (
    "目标meetings：standard不能由各期汇总（over_time: none），"
    "由各季度汇总的2026年下半年没有该项数据，无法评判该目标"
)
WHY_EN = (
    "target meetings: standard does not add up over periods (over_time: none), so 2026H2 "
    "formed from its quarters has no figure of it to judge the target on"
)
NOT_JUDGED = f"（一）例会记录规范率。未评判：{WHY_ZH}。"
# (unit, kind, state, days from today to its due date)
FOLLOW_UPS = [
    ("V11", "整改", "verified", -3),
    ("V32", "整改", "reported", 6),
    ("V22", "召开分析会", "open", 5),
    ("V21", "表态发言", "open", -1),
]

ATTENDANCE = (
    "全县服务日应到700人，知情后自愿不参加2人，实到656人，到位率94.0%；"
    "未参加42人，其中迁居外地12人、生病19人、联系不上9人、其他2人。"
)
QUARTER = [
    "（五）服务日参加情况。" + ATTENDANCE,
    "（六）信息上报情况。本季度应报报表7份，已报7份，上报率100.0%，其中按时报送5份，及时率71.4%。",
    "（七）整改落实情况。2026年第二季度考评下达整改落实事项4项，"
    "其中已验收1项，已报告1项，未完成1项，逾期1项。",
    "二、目标完成情况",
    "（一）例会记录规范率。各乡镇达67%以上，未达到（1个达标，需3个），"
    "未达标的是南镇（0.0%）、西镇（66.7%）。",
    "（二）服务日到位率。各乡镇达90%以上，未达到（2个达标，需3个），未达标的是西镇（89.0%）。",
    "（四）例会记录规范率。本季度未达到“各乡镇达67%以上”的要求，未达标的是南镇、西镇。"
    "下季度将督促上述乡镇抓好落实。",
    "（五）服务日到位率。本季度未达到“各乡镇达90%以上”的要求，未达标的是西镇。"
    "下季度将督促上述乡镇抓好落实。",
]
HALF = [
    "示范县2026年下半年工作总结",
    "2026年下半年，全县3个乡镇按照《县考核乡镇细则》接受考评，平均得分7.58分，"
    "最高10分（东镇），最低4.75分（西镇）。现将下半年工作总结如下。",
    "（五）服务日参加情况。" + ATTENDANCE,
    "（六）信息上报情况。下半年应报报表14份，已报7份，上报率50.0%，其中按时报送5份，"
    "及时率35.7%；未报7份。",
    "（七）整改落实情况。2026年第二季度至2026年第三季度考评下达整改落实事项4项，"
    "其中已验收1项，已报告1项，未完成1项，逾期1项。",
    "二、目标完成情况",
    "（一）服务日到位率。各乡镇达90%以上，未达到（2个达标，需3个），未达标的是西镇（89.0%）。",
]


def _client(persona: str) -> Client:
    c = Client()
    assert c.login(username=persona, password=PASSWORD)
    return c


def _service_days(cw: CountyWorld, period: str) -> None:
    from kaoping.web.planning.models import ServiceDay

    from .conftest import VILLAGES

    for code, (declined, absent) in SERVICE_DAYS.items():
        invited = V32[0] if code == "V32" else VILLAGES[code][2]
        ServiceDay.objects.create(
            township=cw.units[VILLAGES[code][0]], unit=cw.units[code], period=period,
            day=date(2026, 8, 20), start=time(9), end=time(11), place="活动室",
            services="健康咨询", notice_on=date(2026, 8, 15), invited=invited, declined=declined,
            attended=invited - declined - sum(absent.values()),
            **{f"absent_{k}": v for k, v in absent.items()},
        )  # fmt: skip


def _stamp(cw: CountyWorld) -> None:
    from kaoping.web.core.models import Report

    for code in SERVICE_DAYS:
        day = 8 if code in LATE else 3
        Report.objects.filter(unit=cw.units[code], period=PERIOD).update(
            first_submitted_at=datetime(2026, 10, day, 12, tzinfo=BEIJING)
        )


def _follow_ups(cw: CountyWorld, today: date) -> None:
    from kaoping.web.assessment.models import Rectification

    from .conftest import VILLAGES

    for code, kind, state, days in FOLLOW_UPS:
        Rectification.objects.create(
            township=cw.units[VILLAGES[code][0]], period="2026Q2", version=1,
            unit=cw.units[code], effect="rectify", kind=kind, to="unit", state=state,
            due=today + timedelta(days=days),
        )  # fmt: skip


def _targets(cw: CountyWorld) -> None:
    from kaoping.web.planning.models import TargetFile

    TargetFile.objects.create(unit=cw.units["C1"], name="县级目标.yaml", text=TARGETS)


def _v32(cw: CountyWorld, period: str) -> None:
    from kaoping.web.core.models import Figure

    for element, value in zip(("invited", "attended"), V32, strict=True):
        Figure.objects.filter(
            report__unit=cw.units["V32"], report__period=period, element=element
        ).update(value=Decimal(value))


def _quarter(cw: CountyWorld, period: str, deduct: bool = True) -> Any:
    from kaoping.web.assessment import county

    a = county.create(cw.units["C1"], period, cw.rubric, cw.users["county_admin"])
    if deduct:
        fill_entries(cw, a)
    else:
        for t, value in ACCURACY.items():
            county.enter(a.pk, t, "figure", "accuracy", value, "", cw.users["county_assessor"])
    county.compute(a.pk, cw.users["county_assessor"])
    return county.transition(a.pk, "approve", cw.users["county_leader"])


@pytest.fixture
def world(cw: CountyWorld) -> CountyWorld:
    today = timezone.localdate()
    _v32(cw, PERIOD)
    _service_days(cw, PERIOD)
    _stamp(cw)
    _follow_ups(cw, today)
    _targets(cw)
    return cw


def _q4(cw: CountyWorld) -> Any:
    """2026Q4: the villages report the same figures again (approved, never submitted)."""
    from kaoping.web.core.models import Figure, Report

    for report in Report.objects.filter(period=PERIOD, unit__code__in=list(SERVICE_DAYS)):
        figures = list(report.figures.all())
        report.pk = None
        report.period = "2026Q4"
        report.first_submitted_at = None
        report.save()
        for f in figures:
            Figure.objects.create(report=report, element=f.element, value=f.value)
    return _quarter(cw, "2026Q4", deduct=False)


def _cli(
    tmp_path: Path,
    today: date,
    period: str = PERIOD,
    reporting: str = "7,7,5",
    targets: str = TARGETS,
    refused: bool = False,
    env: dict[str, str] | None = None,
) -> list[str]:
    """The command line's summary's paragraphs; ``refused``: its exit 2's lines."""
    from kaoping.cli import main

    from .conftest import VILLAGES

    rubric, units, villages, towns, _people = _cli_files(tmp_path)
    if period == "2026H2":  # 2026Q4 as _q4 makes it: the same figures, no deduction for T2
        for path in (villages, towns):
            lines = Path(path).read_text(encoding="utf-8").splitlines()
            again = [line.replace(PERIOD, "2026Q4") for line in lines[1:]]
            if path == towns:
                again = [line.replace(",0.5", ",0") for line in again]
            Path(path).write_text("\n".join([*lines, *again]) + "\n", encoding="utf-8")
    days = ["unit,invited,attended,declined,moved_away,ill,unreachable,other"]
    for code, (declined, absent) in SERVICE_DAYS.items():
        invited = V32[0] if code == "V32" else VILLAGES[code][2]
        attended = invited - declined - sum(absent.values())
        reasons = ",".join(
            str(absent.get(r, 0)) for r in ("moved_away", "ill", "unreachable", "other")
        )
        days.append(f"{code},{invited},{attended},{declined},{reasons}")
    follow = ["unit,kind,person,due,state"]
    for code, kind, st, d in FOLLOW_UPS:
        due = today + timedelta(days=d)
        shown = "overdue" if st == "open" and due < today else st  # as the web says it
        follow.append(f"{code}村,{kind},{code}村,{due.isoformat()},{shown}")
    for name, text in (("days.csv", days), ("follow.csv", follow), ("t.yaml", [targets])):
        (tmp_path / name).write_text("\n".join(text) + "\n", encoding="utf-8")
    out = tmp_path / "summary.docx"
    args = ["report", "summary", rubric, villages, towns, "--units", units, "--level", "township",
            "-o", str(out), "--township", "示范县", "--date", today.isoformat(),
            "--period", period, "--service-days", str(tmp_path / "days.csv"),
            "--reporting", reporting,
            "--follow-ups", str(tmp_path / "follow.csv"), "--targets", str(tmp_path / "t.yaml")]  # fmt: skip
    result = CliRunner().invoke(main, args, env=env)
    if refused:
        assert result.exit_code == 2, result.output
        return result.stderr.splitlines()
    assert result.exit_code == 0, result.output
    return _paragraphs(out.read_bytes())


def test_the_county_quarter_tells_attendance_reporting_follow_ups_and_targets(
    world: CountyWorld, tmp_path: Path
) -> None:
    a = _quarter(world, PERIOD)
    web = _paragraphs(
        _client("county_leader").get(f"/assessment/county/a/{a.pk}/summary.docx").content
    )
    missing = [p for p in QUARTER if p not in web]
    assert missing == [], "\n".join(web)
    assert "72.2%" not in "".join(web)
    assert web == _cli(tmp_path, timezone.localdate())


def test_a_follow_up_reported_draws_the_county_summary_anew(world: CountyWorld) -> None:
    from kaoping.web.assessment import county_documents
    from kaoping.web.assessment.models import Rectification

    a = _quarter(world, PERIOD)
    today = timezone.localdate()
    before = county_documents.cache_path(a, "summary", today)
    Rectification.objects.filter(unit__code="V22").update(state="reported")
    assert county_documents.cache_path(a, "summary", today) != before
    assert county_documents.cache_path(a, "bulletin", today) == county_documents.cache_path(
        a, "bulletin", today
    )


def test_the_county_half_year_is_formed_from_its_approved_quarters(world: CountyWorld) -> None:
    _quarter(world, PERIOD)
    _q4(world)
    response = _client("county_admin").get("/assessment/county/C1/summary.docx?period=2026H2")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    web = _paragraphs(response.content)
    # ``standard`` (a yes/no, no over_time) has no half-year figure: its target is
    # said not judged, and why, in the command line's words; the other one follows.
    half = [*HALF[:-1], NOT_JUDGED, HALF[-1].replace("（一）", "（二）")]
    missing = [p for p in half if p not in web]
    assert missing == [], "\n".join(web)
    assert web.index(NOT_JUDGED) == web.index("二、目标完成情况") + 1
    assert not any("例会记录规范率" in p for p in web if p != NOT_JUDGED)


def test_the_command_line_writes_the_county_half_year_alike(
    world: CountyWorld, tmp_path: Path
) -> None:
    from kaoping.web.planning.models import TargetFile

    _quarter(world, PERIOD)
    _q4(world)
    # The command line refuses a target its figures cannot answer (exit 2) where the
    # web shows it not judged: the county's newest file holds the one H2 can judge.
    TargetFile.objects.create(unit=world.units["C1"], name="下半年.yaml", text=H2_TARGETS)
    response = _client("county_leader").get("/assessment/county/C1/summary.docx?period=2026H2")
    web = _paragraphs(response.content)
    cli = _cli(tmp_path, timezone.localdate(), "2026H2", "14,7,5", H2_TARGETS)
    assert web == cli
    assert [p for p in HALF if p not in cli] == []


@pytest.mark.parametrize(("lang", "why"), [("zh_CN.UTF-8", WHY_ZH), ("C", WHY_EN)])
def test_the_command_line_refuses_the_half_years_target_the_web_says_is_not_judged(
    world: CountyWorld, tmp_path: Path, lang: str, why: str
) -> None:
    _quarter(world, PERIOD)
    _q4(world)
    lines = _cli(
        tmp_path, timezone.localdate(), "2026H2", "14,7,5", refused=True, env={"LANG": lang}
    )
    # After the warnings that the half-year has nothing to be compared with: the reason.
    assert lines[-1] == why
    assert [line for line in lines if "meetings" in line] == [why]


@pytest.mark.parametrize(
    ("period", "shown"),
    [
        ("2026H2", "2026年下半年工作总结由各季度审定的考评汇总，2026年第四季度还没有审定的考评"),
        (
            "2026年度",
            "2026年度工作总结由各季度审定的考评汇总，2026年第一季度、2026年第二季度、"
            "2026年第四季度还没有审定的考评",
        ),
        ("2026Q3", "期间“2026Q3”无效：请选择半年或年度，如 2026H1、2026年度"),
    ],
)
def test_a_period_without_its_approved_quarters_is_refused_saying_which(
    world: CountyWorld, period: str, shown: str
) -> None:
    _quarter(world, PERIOD)
    response = _client("county_admin").get(f"/assessment/county/C1/summary.docx?period={period}")
    assert response.status_code == 400
    assert shown in response.content.decode()


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("county_admin", 200),
        ("county_leader", 200),
        ("county_assessor", 200),
        ("township_admin", 404),  # reads its own row of the county's assessment, no more
        ("township_leader", 404),
        ("reporter", 404),
        ("outsider", 404),  # another county's admin
        ("outsider_township", 404),
    ],
)
def test_who_downloads_the_county_half_year(world: CountyWorld, persona: str, status: int) -> None:
    _quarter(world, PERIOD)
    _q4(world)
    response = _client(persona).get("/assessment/county/C1/summary.docx?period=2026H2")
    assert response.status_code == status


def test_the_county_page_offers_its_half_years_and_years(world: CountyWorld) -> None:
    _quarter(world, PERIOD)
    page = _client("county_leader").get("/assessment/county/C1/").content.decode()
    assert 'id="county-period-summary-form"' in page
    for value in ("2026", "2026H2", "2026H1"):
        assert f'<option value="{value}">' in page
    township = _client("township_admin").get("/assessment/county/C1/").content.decode()
    assert "county-period-summary-form" not in township
