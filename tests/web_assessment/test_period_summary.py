"""工作总结 of a half-year or a year on the township's page, scored from the
quarters' approved assessments (the mean of their totals) with the figures of
their rows formed by each element's over_time, and the same document from
`kaoping report summary --period` on the same figures.

The conftest's quarters (scores there), by hand for 2026H2 (Q3 + Q4):

| unit | invited/attended (summed) | rate   | Q3 total | Q4 total | mean |
|------|---------------------------|--------|----------|----------|------|
| V1   | 80/78                     | 97.5%  | 100      | 100      | 100  |
| V2   | 80/73                     | 91.25% | 90       | 94       | 92   |
| V3   | 40/38                     | 95%    | 70       | 60       | 65   |

average (100+92+65)/3 = 85.67. 例会记录 (records_ok, a yes/no): V1 and V2 yes in
both quarters, V3 no; its item's mean (30+30+0)/3 = 20.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from docx import Document

from kaoping.cli import main

from .conftest import RUBRIC, Prepared, assessment_in

LAST = RUBRIC.replace(
    "records_ok: {label: 例会记录规范, type: bool}",
    "records_ok: {label: 例会记录规范, type: bool, over_time: last}",
)


@pytest.fixture
def halves(prepared: Prepared, settings: Any, tmp_path: Path) -> Prepared:
    from kaoping.web.assessment.models import RubricVersion

    settings.KAOPING_CACHE_DIR = tmp_path / "cache"
    prepared.rubric = RubricVersion.objects.create(
        township=prepared.world.t1, number=2, name="测试细则", text=LAST, note="over_time"
    )
    for q in ("2026Q3", "2026Q4"):
        assessment_in(prepared, q, "approved")
    return prepared


def paragraphs(data: bytes) -> list[str]:
    return [p.text for p in Document(io.BytesIO(data)).paragraphs]


def test_the_half_year_is_summed_from_its_quarters(halves: Prepared, login: Any) -> None:
    response = login("leader").get("/assessment/t/T1/summary.docx?period=2026年下半年")
    assert response.status_code == 200, response.content.decode()[:500]
    text = paragraphs(response.content)
    assert text[0] == "东风镇2026年下半年工作总结"
    assert (
        "2026年下半年，全镇3个村（居）按照《测试细则》接受考评，平均得分85.67分，最高100分"
        "（东村），最低65分（镇中社区）。现将下半年工作总结如下。"
    ) in text
    body = "\n".join(text)
    assert "应到200人，实到189人，服务日到位率94.5%。" in body  # 80+80+40, 78+73+38
    assert any(t.endswith("与上半年和去年同期比较") for t in text)
    assert "上半年无考评数据，无法比较" in body
    # Reporting over both quarters: 3 villages x 2 quarters due.
    assert "下半年应报报表6份" in body


def _cli(
    halves: Prepared, tmp_path: Path, period: str, extra: tuple[str, ...] = (),
    rubric: str = LAST, lang: str = "C",
) -> tuple[int, list[str], str]:  # fmt: skip
    from kaoping.web.assessment import services
    from kaoping.web.assessment.models import Assessment

    rows = [
        r
        for a in Assessment.objects.filter(township=halves.world.t1).order_by("period")
        for r in services._snapshot_rows(a)
        if r["period"] == a.period
    ]
    columns = ["unit", "name", "area", "period", "invited", "attended", "records_ok",
               "births_unreported", "other.manual"]  # fmt: skip
    with (tmp_path / "data.csv").open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(columns)
        for r in rows:
            w.writerow(["" if r.get(c) is None else r.get(c) for c in columns])
    (tmp_path / "rubric.yaml").write_text(rubric, encoding="utf-8")
    # The follow-ups the web reads, as the file the command line takes.
    from django.utils import timezone

    from kaoping.engine import Period
    from kaoping.web.assessment import period_summary
    from kaoping.web.core.completeness import reporting_totals

    lines = period_summary.follow_ups(halves.world.t1, Period.parse(period), timezone.localdate())
    with (tmp_path / "follow-ups.csv").open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["unit", "kind", "person", "due", "state"])
        for x in lines:
            w.writerow([x.unit, x.kind, x.person, x.due.isoformat(), x.state])
    out = tmp_path / "cli.docx"
    result = CliRunner().invoke(
        main,
        ["report", "summary", str(tmp_path / "rubric.yaml"), str(tmp_path / "data.csv"),
         "--period", period, "--township", "东风镇", "-o", str(out),
         "--follow-ups", str(tmp_path / "follow-ups.csv"),
         "--reporting", ",".join(str(n) for n in reporting_totals(halves.world.t1, Period.parse(period))),
         *extra],
        env={"LANG": lang},
    )  # fmt: skip
    if result.exit_code:
        return result.exit_code, [], result.stderr
    return 0, paragraphs(out.read_bytes()), result.stderr


@pytest.mark.parametrize("period", ["2026H2", "2026年下半年"])
def test_the_web_and_the_command_line_write_the_same_half_year(
    halves: Prepared, login: Any, tmp_path: Path, period: str
) -> None:
    web = paragraphs(login("admin").get(f"/assessment/t/T1/summary.docx?period={period}").content)
    code, cli, stderr = _cli(halves, tmp_path, period)
    assert code == 0, stderr
    # The same inputs (the reporting totals and follow-ups given to the command
    # line as the web reads them), the same sentences; the date is today's.
    assert web[:-1] == cli[:-1]
    assert any("整改落实情况" in t for t in cli)
    assert any("下半年应报报表6份" in t for t in cli)


TARGETS = """\
attendance:
  title: 服务日到位率
  indicator: attended / invited
  every_unit: ">= 0.90"
  share_of_units:
    - {at_least: 1/2, value: ">= 0.95"}
"""


def test_the_half_years_targets_are_judged_on_its_summed_figures_as_the_cli_judges_them(
    halves: Prepared, login: Any, tmp_path: Path
) -> None:
    # 2026H2 summed (module docstring): V1 78/80 = 97.5%, V2 73/80 = 91.25%,
    # V3 38/40 = 95%. Every unit >= 90%: met. Half of them >= 95%: V1 and V3, 2 of
    # 3, met. V2's quarters alone (90%, 92.5%) would not say so of the half-year.
    from kaoping.web.planning.models import TargetFile

    TargetFile.objects.create(unit=halves.world.t1, name="mine.yaml", text=TARGETS)
    (tmp_path / "targets.yaml").write_text(TARGETS, encoding="utf-8")
    web = paragraphs(login("admin").get("/assessment/t/T1/summary.docx?period=2026H2").content)
    code, cli, stderr = _cli(
        halves, tmp_path, "2026H2", ("--targets", str(tmp_path / "targets.yaml"))
    )
    assert code == 0, stderr
    assert web[:-1] == cli[:-1]
    assert "二、目标完成情况" in web
    assert (
        "（一）服务日到位率。所有单位达90%以上，达到（3个达标，需3个）；"
        "二分之一的单位达95%以上，达到（2个达标，需2个）。"
    ) in web


RECORDS = """\
records:
  title: 例会记录规范率
  indicator: records_ok
  every_unit: ">= 1"
"""
NOT_JUDGED = (
    "（二）例会记录规范率。未评判：目标records：records_ok不能由各期汇总（over_time: none），"
    "由各季度汇总的2026年下半年没有该项数据，无法评判该目标。"
)


def test_a_half_year_target_on_a_yes_no_without_over_time_is_said_not_judged_and_why(
    prepared: Prepared, login: Any, settings: Any, tmp_path: Path
) -> None:
    # The conftest's rubric: records_ok (a yes/no) has no over_time, so 2026H2 formed
    # from its quarters has no figure of it. The web says so where the target goes,
    # in the words the command line exits 2 with; the attendance target is judged
    # as in the test above (V1 97.5%, V2 91.25%, V3 95%).
    from kaoping.web.planning.models import TargetFile

    settings.KAOPING_CACHE_DIR = tmp_path / "cache"
    for q in ("2026Q3", "2026Q4"):
        assessment_in(prepared, q, "approved")
    TargetFile.objects.create(unit=prepared.world.t1, name="mine.yaml", text=TARGETS + RECORDS)
    web = paragraphs(login("admin").get("/assessment/t/T1/summary.docx?period=2026H2").content)
    at = web.index("二、目标完成情况")
    assert web[at + 1 : at + 3] == [
        "（一）服务日到位率。所有单位达90%以上，达到（3个达标，需3个）；"
        "二分之一的单位达95%以上，达到（2个达标，需2个）。",
        NOT_JUDGED,
    ]
    (tmp_path / "targets.yaml").write_text(TARGETS + RECORDS, encoding="utf-8")
    code, _cli_text, stderr = _cli(
        prepared, tmp_path, "2026H2", ("--targets", str(tmp_path / "targets.yaml")),
        rubric=RUBRIC, lang="zh_CN.UTF-8",
    )  # fmt: skip
    assert code == 2
    assert stderr.splitlines()[-1] == NOT_JUDGED.split("未评判：", 1)[1].rstrip("。")


@pytest.mark.parametrize(
    ("period", "status", "message"),
    [
        ("2026", 400, "2026年第一季度、2026年第二季度还没有审定的考评"),
        ("2026Q4", 400, "期间“2026Q4”无效：请选择半年或年度"),
        ("2026-10", 400, "期间“2026-10”无效"),
        ("soon", 400, "期间“soon”无效"),
    ],
)
def test_a_period_that_cannot_be_formed_is_refused_with_why(
    halves: Prepared, login: Any, period: str, status: int, message: str
) -> None:
    response = login("admin").get("/assessment/t/T1/summary.docx", {"period": period})
    assert response.status_code == status
    assert message in response.content.decode()


def test_a_yes_no_without_over_time_is_told_quarter_by_quarter(
    prepared: Prepared, login: Any, settings: Any, tmp_path: Path
) -> None:
    # The conftest's rubric: records_ok has no over_time, so it has no half-year
    # figure; the half-year's scores are the quarters' means all the same.
    settings.KAOPING_CACHE_DIR = tmp_path
    for q in ("2026Q3", "2026Q4"):
        assessment_in(prepared, q, "approved")
    response = login("admin").get("/assessment/t/T1/summary.docx?period=2026H2")
    assert response.status_code == 200, response.content.decode()[:500]
    body = "\n".join(paragraphs(response.content))
    assert "3个村（居）中，例会记录规范的第三季度2个、第四季度2个。" in body
    assert "该项全镇平均得分20分（满分30分），2个村（居）得满分，1个村（居）失分。" in body
    assert "平均得分85.67分" in body


@pytest.mark.parametrize("persona", ["outsider", "reporter", "anonymous"])
def test_it_refuses_those_who_do_not_read_the_township(
    halves: Prepared, login: Any, persona: str
) -> None:
    response = login(persona).get("/assessment/t/T1/summary.docx?period=2026H2")
    assert response.status_code in (302, 404)
    assert "attachment" not in response.get("Content-Disposition", "")


def test_the_township_page_offers_the_half_years_and_years(halves: Prepared, login: Any) -> None:
    html = login("assessor").get("/assessment/t/T1/").content.decode()
    assert 'id="period-summary-form"' in html
    for value, label in (
        ("2026", "2026年度"),
        ("2026H2", "2026年下半年"),
        ("2026H1", "2026年上半年"),
    ):
        assert f'<option value="{value}">{label}</option>' in html
