"""``kaoping report bulletin|summary --units --level county`` in the words of the
units file's top level, as the web picks them by the assessor's level
(kaoping.documents for_tree and for_assessor): a city's counties are 全市's, a
province's 全省's. The figures of region_world.py as files (2026Q3: 东县 C1 7.75,
直管县 C2 6.5 with the province's deduction; the city 青山市 M1 ranks 东县 alone)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from click.testing import CliRunner

from .region_world import ACCURACY, PERIOD, RUBRIC, VILLAGES

NAMES = {"P1": "江南省", "M1": "青山市"}


def _paragraphs(data: bytes) -> list[str]:
    import docx

    return [p.text for p in docx.Document(io.BytesIO(data)).paragraphs if p.text.strip()]


def _files(tmp_path: Path, top: str) -> list[str]:
    """The same figures as files, under the province (``top`` P1) or the city alone
    (M1): the rubric, the villages' figures of both quarters, the counties' own
    (accuracy entered by the province, C2's deduction of 2026Q3), and ``--units``."""
    from .region_world import UNITS

    wanted = {"P1": {"P1", "M1", "C1", "T1", "T2", "C2", "T3"}, "M1": {"M1", "C1", "T1", "T2"}}[top]
    units = ["unit,parent,level,name"]
    units += [
        f"{code},{parent if code != top and parent else ''},{level},{name}"
        for code, (name, level, parent) in UNITS.items()
        if code in wanted
    ]
    villages = ["unit,period,invited,attended,standard"]
    for code, (town, invited, attended, standard) in VILLAGES.items():
        if town not in wanted:
            continue
        units.append(f"{code},{town},village,{code}村")
        for q in (PERIOD, "2026Q4"):
            villages.append(f"{code},{q},{invited},{attended},{standard}")
    counties = ["unit,period,accuracy,work.manual"]
    for c, value in ACCURACY.items():
        if c in wanted:
            counties.append(f"{c},{PERIOD},{value},{'0.5' if c == 'C2' and top == 'P1' else '0'}")
            counties.append(f"{c},2026Q4,{value},0")
    files = {"r.yaml": RUBRIC, "villages.csv": villages, "c.csv": counties, "units.csv": units}
    for name, text in files.items():
        body = text if isinstance(text, str) else "\n".join(text) + "\n"
        (tmp_path / name).write_text(body, encoding="utf-8")
    paths = [str(tmp_path / name) for name in files]
    return [*paths[:3], "--units", paths[3], "--level", "county"]


NAMES = {"P1": "江南省", "M1": "青山市"}


# kaoping report … --level county in the words of the units file's top level, as
# the web's province and city say them (Q3: C2 6.5 under the province, its
# deduction; the city's 东县 alone at 7.75).
BULLETIN_BY_TOP = {
    "P1": (
        "根据《省考核县细则》，对全省2个县（市、区）2026年第三季度工作进行了考评。现将考评情况通报如下：",
        "全省平均得分7.13分。第1名为东县（7.75分），最后一名为直管县（6.5分）。"
        "各县（市、区）得分和名次见附件1。",
    ),
    "M1": (
        "根据《省考核县细则》，对全市1个县（市、区）2026年第三季度工作进行了考评。现将考评情况通报如下：",
        "全市平均得分7.75分。第1名为东县（7.75分），最后一名为东县（7.75分）。"
        "各县（市、区）得分和名次见附件1。",
    ),
}


@pytest.mark.parametrize("top", sorted(BULLETIN_BY_TOP))
def test_the_command_line_bulletin_of_counties_names_the_whole_by_the_top_level(
    tmp_path: Path, top: str
) -> None:
    from kaoping.cli import main

    out = tmp_path / "bulletin.docx"
    args = ["report", "bulletin", *_files(tmp_path, top), "--period", PERIOD, "-o", str(out),
            "--township", NAMES[top], "--date", "2026-10-08"]  # fmt: skip
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    text = _paragraphs(out.read_bytes())
    assert [p for p in BULLETIN_BY_TOP[top] if p not in text] == [], "\n".join(text)
    other = {"P1": "全市", "M1": "全省"}[top]
    assert other not in "".join(text)
