"""``kaoping report summary --units --level township --targets``: the county's
targets judged on its townships' rolled-up figures, a share that is no decimal
(西镇's 2/3 of meetings kept to standard) exact, neither failing nor rounded.

The county (villages' ``standard`` 1 or 0, rolled up as a share):

| township | villages' standard | share | >= 0.60 | >= 0.66 | >= 0.67 | >= 0.666666666666666667 |
|----------|--------------------|-------|---------|---------|---------|-------------------------|
| 东镇 T1  | 1, 1               | 1     | yes     | yes     | yes     | yes                     |
| 西镇 T2  | 1, 0, 1            | 2/3   | yes     | yes     | no      | no (a rounded 2/3 would pass) |
| 南镇 T3  | 0, 0               | 0     | no      | no      | no      | no                      |

2/3 is 66.7% when shown.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from click.testing import CliRunner

from kaoping.cli import main

RUBRIC = """\
kaoping: 1
name: 县考核乡镇细则
total: 10
elements:
  invited: {label: 应到人数, type: count}
  attended: {label: 实到人数, type: count}
  standard: {label: 例会记录规范, type: bool, rollup: share}
items:
  - id: att
    title: 服务日到位
    max: 6
    rules:
      - {rate: attended / invited, full_at: 0.95, points: 6, per_point_below: 0.5}
  - id: std
    title: 例会规范
    max: 4
    rules:
      - {per_case: 1 - standard, deduct: 3}
ranking: {order: desc, ties: shared, top: 1, bottom: 1}
"""
UNITS = """\
unit,parent,level,name
C1,,county,示范县
T1,C1,township,东镇
T2,C1,township,西镇
T3,C1,township,南镇
V11,T1,village,甲村
V12,T1,village,乙村
V21,T2,village,丙村
V22,T2,village,丁村
V23,T2,village,戊村
V31,T3,village,己村
V32,T3,village,庚村
"""
DATA = """\
unit,period,invited,attended,standard
V11,2026Q3,100,90,1
V12,2026Q3,100,100,1
V21,2026Q3,100,90,1
V22,2026Q3,50,40,0
V23,2026Q3,50,48,1
V31,2026Q3,80,76,0
V32,2026Q3,120,112,0
"""


def _targets(threshold: str) -> str:
    return f'meetings:\n  title: 例会规范\n  indicator: standard\n  every_unit: ">= {threshold}"\n'


def _summary(tmp_path: Path, threshold: str) -> tuple[int, str, list[str]]:
    import docx

    for name, text in (("r.yaml", RUBRIC), ("units.csv", UNITS), ("data.csv", DATA),
                       ("t.yaml", _targets(threshold))):  # fmt: skip
        (tmp_path / name).write_text(text, encoding="utf-8")
    out = tmp_path / "s.docx"
    result = CliRunner().invoke(
        main,
        ["report", "summary", str(tmp_path / "r.yaml"), str(tmp_path / "data.csv"),
         "--units", str(tmp_path / "units.csv"), "--level", "township",
         "--targets", str(tmp_path / "t.yaml"), "-o", str(out), "--date", "2026-10-08"],
    )  # fmt: skip
    if result.exit_code != 0:
        return result.exit_code, result.output, []
    paragraphs = [p.text for p in docx.Document(io.BytesIO(out.read_bytes())).paragraphs]
    return 0, result.output, paragraphs


# (every_unit threshold, the target's sentence in 目标完成情况), written out by hand:
# those short are listed lowest first.
CASES = [
    (
        "0.60",
        "（一）例会规范。各乡镇达60%以上，未达到（2个达标，需3个），未达标的是南镇（0.0%）。",
    ),
    (
        "0.66",
        "（一）例会规范。各乡镇达66%以上，未达到（2个达标，需3个），未达标的是南镇（0.0%）。",
    ),
    (
        "0.67",
        "（一）例会规范。各乡镇达67%以上，未达到（1个达标，需3个），"
        "未达标的是南镇（0.0%）、西镇（66.7%）。",
    ),
    # The threshold is shown to two places; 2/3 is below it, a rounded 2/3 is not.
    (
        "0.666666666666666667",
        "（一）例会规范。各乡镇达66.67%以上，未达到（1个达标，需3个），"
        "未达标的是南镇（0.0%）、西镇（66.7%）。",
    ),
]


@pytest.mark.parametrize(("threshold", "sentence"), CASES)
def test_a_rolled_up_share_of_two_thirds_is_judged_exactly(
    tmp_path: Path, threshold: str, sentence: str
) -> None:
    code, output, paragraphs = _summary(tmp_path, threshold)
    assert code == 0, output
    assert sentence in paragraphs


def test_a_missed_county_target_joins_next_quarters_focus(tmp_path: Path) -> None:
    code, output, paragraphs = _summary(tmp_path, "0.67")
    assert code == 0, output
    assert (
        "（三）例会规范。本季度未达到“各乡镇达67%以上”的要求，未达标的是南镇、西镇。"
        "下季度将督促上述乡镇抓好落实。"
    ) in paragraphs
