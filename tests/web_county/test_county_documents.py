"""The county's documents of its townships (县级通报, 工作总结): the township's
documents in the county's words, the same paragraphs from the web (an approved
county assessment, drawn by a job and kept) as from the command line
(``kaoping report bulletin|summary --units --level township``) for the same figures.

The county of conftest.py with 松林 V32 at 220 invited and 212 attended, so that
the townships' denominators differ and a pooled rate is not the mean of rates:

| township | invited / attended      | rate  | 到位 (6) | 规范 (2) | 数据 (1) | 落实 (1) | total | rank |
|----------|-------------------------|-------|----------|----------|----------|----------|-------|------|
| 东镇 T1  | 100+100 / 90+100 = 200/190 | 95%   | 6        | 2        | 1        | 1        | 10    | 1    |
| 南镇 T3  | 80+220 / 76+212 = 300/288  | 96%   | 6        | 0        | 1        | 1        | 8     | 2    |
| 西镇 T2  | 100+50+50 / 90+40+48 = 200/178 | 89% | 3      | 1        | 0        | 0.5      | 4.5   | 3    |

The county: 700 invited, 656 attended, 656/700 = 93.71% → 93.7% (the mean of the
three rates, (95 + 96 + 89) / 3 = 93.33%, would read 93.3%); average total
22.5 / 3 = 7.5.
"""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from django.test import Client
from django.utils import timezone

from .conftest import ACCURACY, PASSWORD, PERIOD, RUBRIC, VILLAGES, CountyWorld, fill_entries

V32 = (220, 212)


def _paragraphs(data: bytes) -> list[str]:
    import docx

    return [p.text for p in docx.Document(io.BytesIO(data)).paragraphs if p.text.strip()]


def _comparable(paragraphs: list[str]) -> list[str]:
    # The annex's file name is the one thing each side names its own way.
    return [p for p in paragraphs if "Excel文件" not in p]


@pytest.fixture
def approved(cw: CountyWorld) -> Any:
    from kaoping.web.assessment import county
    from kaoping.web.core.models import Figure

    for element, value in zip(("invited", "attended"), V32, strict=True):
        Figure.objects.filter(report__unit=cw.units["V32"], element=element).update(
            value=Decimal(value)
        )
    a = county.create(cw.units["C1"], PERIOD, cw.rubric, cw.users["county_admin"])
    fill_entries(cw, a)
    county.compute(a.pk, cw.users["county_assessor"])
    return county.transition(a.pk, "approve", cw.users["county_leader"])


def _client(persona: str) -> Client:
    c = Client()
    assert c.login(username=persona, password=PASSWORD)
    return c


def _cli_files(tmp_path: Path) -> list[str]:
    """The same county as files: units, the villages' figures, the townships' own
    (accuracy entered by the county, T2's manual deduction), the secretaries."""
    units = ["unit,parent,level,name", "C1,,county,示范县"]
    units += [f"{t},C1,township,{n}" for t, n in (("T1", "东镇"), ("T2", "西镇"), ("T3", "南镇"))]
    units.append("A2,T2,area,第一片")
    villages = ["unit,period,invited,attended,standard"]
    for code, (town, area, invited, attended, standard) in VILLAGES.items():
        if town == "T9":
            continue
        if code == "V32":
            invited, attended = V32
        units.append(f"{code},{area or town},village,{code}村")
        villages.append(f"{code},{PERIOD},{invited},{attended},{standard}")
    towns = ["unit,period,accuracy,work.manual"]
    towns += [f"{t},{PERIOD},{v},{'0.5' if t == 'T2' else '0'}" for t, v in ACCURACY.items()]
    people = ["unit,role,name,from,to"]
    people += [
        f"{t},secretary,{n},," for t, n in (("T1", "张书记"), ("T2", "王书记"), ("T3", "李书记"))
    ]
    files = {
        "county.yaml": RUBRIC,
        "units.csv": "\n".join(units),
        "villages.csv": "\n".join(villages),
        "towns.csv": "\n".join(towns),
        "people.csv": "\n".join(people),
    }
    for name, text in files.items():
        (tmp_path / name).write_text(text + "\n", encoding="utf-8")
    return [str(tmp_path / n) for n in files]


def _cli(tmp_path: Path, what: str) -> list[str]:
    from kaoping.cli import main

    rubric, units, villages, towns, people = _cli_files(tmp_path)
    out = tmp_path / f"{what}.docx"
    args = ["report", what, rubric, villages, towns, "--units", units, "--level", "township",
            "-o", str(out), "--township", "示范县", "--date", timezone.localdate().isoformat()]  # fmt: skip
    if what == "bulletin":
        args += ["--people", people]
    else:
        # What the web reads beside the assessment (test_county_summary.py gives them
        # all): 7 reports due and none submitted, no follow-ups from 2026Q2.
        (tmp_path / "none.csv").write_text("unit,kind,person,due,state\n", encoding="utf-8")
        args += ["--reporting", "7,0,0", "--follow-ups", str(tmp_path / "none.csv")]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    return _paragraphs(out.read_bytes())


# Hand-computed (the table above); each is a paragraph of the document, whole.
BULLETIN = [
    "关于2026年第三季度县考核乡镇考评情况的通报",
    "各乡镇：",
    "根据《县考核乡镇细则》，对全县3个乡镇2026年第三季度工作进行了考评。现将考评情况通报如下：",
    "全县平均得分7.5分。第1名为东镇（10分），最后一名为西镇（4.5分）。各乡镇得分和名次见附件1。",
    "（一）表扬。东镇（第1名，10分）位列前1名。通报表扬：东镇及其书记张书记。",
    "（二）批评。西镇（第3名，4.5分）位列后1名。通报批评：西镇及其书记王书记。",
    "希望各乡镇对照《县考核乡镇细则》查找差距，抓好整改落实。",
]
SUMMARY = [
    "示范县2026年第三季度工作总结",
    "2026年第三季度，全县3个乡镇按照《县考核乡镇细则》接受考评，平均得分7.5分，"
    "最高10分（东镇），最低4.5分（西镇）。现将本季度工作总结如下。",
    "（一）服务日到位。应到700人，实到656人，服务日到位率93.7%。3个乡镇中，2个服务日到位率"
    "达到95%以上，未达到的1个：西镇（89.0%）。该项全县平均得分5分（满分6分），2个乡镇得满分，"
    "1个乡镇失分。",
    "后1名的乡镇是：西镇（4.5分）。",
]


@pytest.mark.parametrize(("what", "expected"), [("bulletin", BULLETIN), ("summary", SUMMARY)])
def test_the_web_and_the_command_line_write_the_same_county_paragraphs(
    approved: Any, tmp_path: Path, what: str, expected: list[str]
) -> None:
    response = _client("county_admin").get(f"/assessment/county/a/{approved.pk}/{what}.docx")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    web = _paragraphs(response.content)
    assert _comparable(web) == _comparable(_cli(tmp_path, what))
    missing = [p for p in expected if p not in web]
    assert missing == []


def test_the_county_rate_is_the_summed_parts_not_the_mean_of_the_townships_rates(
    approved: Any,
) -> None:
    text = "".join(
        _paragraphs(_client("county_leader").get(
            f"/assessment/county/a/{approved.pk}/summary.docx").content)
    )  # fmt: skip
    assert "服务日到位率93.7%" in text and "93.3%" not in text


def test_the_county_annex_heads_its_unit_column_with_townships(approved: Any) -> None:
    from openpyxl import load_workbook

    response = _client("county_assessor").get(f"/assessment/county/a/{approved.pk}/annex.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("名次", "单位代码", "乡镇", "项目", "类别", "分值", "说明")
    by_rank = [r[:6] for r in rows[1:]]
    assert by_rank[0] == (2, "T3", "南镇", "例会规范", "扣分", -2)
    assert (3, "T2", "西镇", "服务日到位", "扣分", -3) in by_rank


def test_a_second_download_is_read_from_the_cache(approved: Any, monkeypatch: Any) -> None:
    from kaoping.web.assessment import county_documents

    drawn: list[str] = []
    real = county_documents.draw

    def counted(a: Any, what: str, today: Any) -> bytes:
        drawn.append(what)
        return real(a, what, today)

    monkeypatch.setattr(county_documents, "draw", counted)
    c = _client("county_leader")
    first = c.get(f"/assessment/county/a/{approved.pk}/bulletin.docx")
    second = c.get(f"/assessment/county/a/{approved.pk}/bulletin.docx")
    assert first.content == second.content and drawn == ["bulletin"]


@pytest.mark.parametrize(
    ("persona", "frozen", "status"),
    [
        ("county_admin", True, 200),
        ("county_leader", True, 200),
        ("county_admin", False, 404),  # a draft has no documents yet
        ("township_admin", True, 404),  # a township reads its own row, not the county's documents
        ("reporter", True, 404),
        ("outsider", True, 404),
    ],
)
def test_who_downloads_the_county_documents(
    cw: CountyWorld, persona: str, frozen: bool, status: int
) -> None:
    from kaoping.web.assessment import county

    a = county.create(cw.units["C1"], PERIOD, cw.rubric, cw.users["county_admin"])
    fill_entries(cw, a)
    county.compute(a.pk, cw.users["county_assessor"])
    if frozen:
        county.transition(a.pk, "approve", cw.users["county_leader"])
    response = _client(persona).get(f"/assessment/county/a/{a.pk}/annex.xlsx")
    assert response.status_code == status
