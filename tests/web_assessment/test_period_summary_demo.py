"""The demo's half-year and year 工作总结, on the web and from `kaoping report
summary --period`: the scores are the quarters' means; the shipped rubric's yes/no
items declare ``over_time: last``, so their figures are the latest quarter's (the
demo's data.csv: 例会按规范召开并记录 21 villages in 2026Q2, 20 in 2026Q4; 应参加人员
全部到位 18 and 17), while 统计数据准确率 (a number without over_time) is still told
quarter by quarter.

The expected averages are the demo quarters' (Q1 89.2462, Q2 88.4090, Q3 86.1790,
Q4 85.27, over 21 villages): 2026H1 (Q1+Q2)/2 = 88.83, 2026 (Q1+…+Q4)/4 = 87.28.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from docx import Document

from kaoping.cli import main


@pytest.fixture
def demo_town(module_demo: Any, db: Any, settings: Any, tmp_path: Path) -> Any:
    """The demo (loaded once for the module, tests/conftest.py): its leader."""
    from django.contrib.auth import get_user_model

    settings.KAOPING_CACHE_DIR = tmp_path / "cache"
    return get_user_model().objects.get(username="leader")


def assess_the_fourth_quarter() -> None:
    """The demo leaves 2026Q4 for the user to assess; a year's summary waits for it."""
    from django.contrib.auth import get_user_model

    from kaoping.web.assessment import services
    from kaoping.web.core import services as core
    from kaoping.web.core.models import Report, Unit

    users = {u.username: u for u in get_user_model().objects.all()}
    town = Unit.objects.get(code="T01")
    for report in Report.objects.filter(period="2026Q4", status=Report.Status.DRAFT):
        core.submit(report, users["admin"])
    rv = services.saved_rubric_versions(town)[-1]
    a = services.create_assessment(town, "2026Q4", rv, users["assessor"])
    services.compute(a.pk, users["assessor"])
    services.transition(a.pk, "submit", users["assessor"])
    services.transition(a.pk, "approve", users["leader"], "党政联席会议审定")


def quarters_mean() -> str:
    from decimal import Decimal

    from kaoping.engine import format_number
    from kaoping.web.assessment import services
    from kaoping.web.assessment.models import Assessment

    totals: list[Decimal] = []
    for q in ("2026Q1", "2026Q2", "2026Q3", "2026Q4"):
        a = Assessment.objects.filter(township__code="T01", period=q, campaign__isnull=True).latest(
            "version"
        )
        totals += [u.total for u in services.run_engine(a).period(q).units]
    return format_number(sum(totals, Decimal(0)) / len(totals))


def test_the_demo_year_waits_for_its_fourth_quarter(demo_town: Any, client: Any) -> None:
    client.force_login(demo_town)
    response = client.get("/assessment/t/T01/summary.docx", {"period": "2026年度"})
    assert response.status_code == 400
    assert "2026年第四季度还没有审定的考评" in response.content.decode()


def paragraphs(data: bytes) -> list[str]:
    return [p.text for p in Document(io.BytesIO(data)).paragraphs]


@pytest.mark.parametrize(
    ("period", "opening"),
    [
        ("2026H1", "2026年上半年，全镇21个村（居）按照《村级人口与家庭服务工作季度考评细则》接受考评，平均得分88.83分"),
        ("2026年度", "2026年度，全镇21个村（居）按照《村级人口与家庭服务工作季度考评细则》接受考评，平均得分87.28分"),
    ],
)  # fmt: skip
def test_the_demo_half_year_and_year_are_summarised_on_the_web(
    demo_town: Any, client: Any, period: str, opening: str
) -> None:
    if period == "2026年度":
        assess_the_fourth_quarter()
    client.force_login(demo_town)
    response = client.get("/assessment/t/T01/summary.docx", {"period": period})
    import re

    assert response.status_code == 200, re.findall(
        r"<p[^>]*>([^<]+)</p>", response.content.decode()
    )
    text = paragraphs(response.content)
    if period == "2026年度":
        # The web's 2026Q4 is the one just assessed (its figures as the demo's
        # reports hold them): the year's average is the mean of the four quarters'.
        opening = opening.replace("87.28", quarters_mean())
    assert any(t.startswith(opening) for t in text), text[:3]
    body = "\n".join(text)
    latest = {
        "2026H1": "21个例会按规范召开并记录，18个",
        "2026年度": "20个例会按规范召开并记录，17个",
    }
    assert f"21个村（居）中，{latest[period]}应参加人员全部到位" in body
    assert "统计数据准确率达100%的第一季度16个、第二季度15个" in body


@pytest.mark.parametrize(
    ("period", "average"), [("2026H1", "88.83"), ("2026年度", "87.28"), ("2026年上半年", "88.83")]
)
def test_the_demo_half_year_and_year_are_summarised_on_the_command_line(
    tmp_path: Path, period: str, average: str
) -> None:
    runner = CliRunner()
    demo = tmp_path / "demo"
    assert runner.invoke(main, ["demo", "--out", str(demo)]).exit_code == 0
    out = tmp_path / "总结.docx"
    result = runner.invoke(
        main,
        ["report", "summary", str(demo / "rubric.yaml"), str(demo / "data.csv"),
         "--period", period, "-o", str(out)],
        env={"LANG": "C"},
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    body = "\n".join(p.text for p in Document(str(out)).paragraphs)
    assert f"平均得分{average}分" in body
    # The latest quarter's yes/no: 2026Q2's for the half-year, 2026Q4's for the year.
    latest = (
        "20个例会按规范召开并记录，17个" if average == "87.28" else "21个例会按规范召开并记录，18个"
    )
    assert f"21个村（居）中，{latest}应参加人员全部到位" in body
    assert "统计数据准确率达100%的第一季度16个、第二季度15个" in body
