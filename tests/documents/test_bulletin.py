"""The assessment bulletin's text, tables and Excel annex for the prepared quarter."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from docx import Document

from kaoping.documents import (
    ANNEX_HEADERS,
    bulletin_blocks,
    money_rows,
    text_of,
    write_bulletin,
)

from .town import ROWS, town

# rank, unit, total, the four items, adjustments (worked out in town.ROWS).
RANKING_Q3 = [
    ("1", "东村", "50", "20", "15", "10", "5", "0"),
    ("2", "西村", "38.75", "18", "8.75", "7", "5", "0"),
    ("3", "北村", "38", "19", "15", "4", "5", "-5"),
    ("4", "南村", "37", "12", "15", "10", "0", "0"),
]


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    out = tmp_path_factory.mktemp("bulletin") / "通报.docx"
    return write_bulletin(
        town(), "2026Q3", out, people=object(), township="青山镇", when=date(2026, 10, 8)
    )


def _table_rows(path: Path, index: int) -> list[tuple[str, ...]]:
    table = Document(str(path)).tables[index]
    return [tuple(c.text for c in row.cells) for row in table.rows]


def test_the_ranking_table_has_one_row_per_unit_after_its_header(
    written: tuple[Path, Path],
) -> None:
    rows = _table_rows(written[0], -1)
    assert rows[0] == (
        "名次", "村（居）", "总分（50）", "季度服务日定时定点到位（20）", "出生信息及时报告（15）",
        "育儿补贴申领协助（10）", "村级例会记录符合要求（5）", "加减分",
    )  # fmt: skip
    assert rows[1:] == RANKING_Q3


def test_the_ranking_table_shows_the_engines_figures(written: tuple[Path, Path]) -> None:
    result = town().period("2026Q3")
    rows = _table_rows(written[0], -1)[1:]
    for row, unit in zip(rows, result.units, strict=True):
        assert Decimal(row[2]) == unit.total
        assert [Decimal(c) for c in row[3:7]] == [
            unit.scores[p] for p in ("service_day", "birth_info", "childcare_subsidy", "meetings")
        ]


def test_awards_are_listed_per_person_with_their_amounts(written: tuple[Path, Path]) -> None:
    assert _table_rows(written[0], 0) == [
        ("序号", "村（居）", "职务", "姓名", "事项", "金额（元）"),
        ("1", "东村", "专干", "李四", "奖励", "300"),
        ("2", "东村", "片长", "季末无人在任", "奖励", "200"),
    ]


EXPECTED_TEXT = [
    "关于2026年第三季度村级人口与家庭服务工作考评情况的通报",
    "各村（居）、各片：",
    "根据《村级人口与家庭服务工作季度考评细则》，对全镇4个村（居）2026年第三季度工作进行了考评。"
    "现将考评情况通报如下：",
    "一、考评结果",
    "全镇平均得分40.94分。第1名为东村（50分），最后一名为南村（37分）。各村（居）得分和名次见附件1。",
    "二、表扬和批评",
    "（一）表扬。东村（第1名，50分）位列前1名。其中东村连续2个季度位列前1名。"
    "通报表扬：东村及其驻村干部张三。",
    "（二）批评。南村（第4名，37分）位列后1名。其中南村连续2个季度位列后1名。"
    "通报批评：南村及其专干王五。表态发言：南村书记赵六。",
    "三、奖惩兑现",
    "根据考评细则，本季度奖励2人次，共500元。明细如下：",
    "以下职务本季度末无人在任，相应奖惩待明确责任人后兑现：东村片长。",
    "希望各村（居）对照《村级人口与家庭服务工作季度考评细则》查找差距，抓好整改落实。",
    "",
    "附件：1．2026年第三季度考评得分和名次表",
    "　　　2．2026年第三季度考评扣分明细表（Excel文件：通报-扣分明细.xlsx）",
    "附件1",
    "2026年第三季度考评得分和名次表",
]


def test_the_text_reads_as_written_by_hand() -> None:
    blocks = bulletin_blocks(
        town(), "2026Q3", "青山镇", date(2026, 10, 8), annex_name="通报-扣分明细.xlsx",
        charts=False,
    )  # fmt: skip
    assert text_of(blocks) == EXPECTED_TEXT


def test_the_word_file_carries_the_text_and_the_signature(written: tuple[Path, Path]) -> None:
    paragraphs = [p.text for p in Document(str(written[0])).paragraphs]
    for line in EXPECTED_TEXT:
        assert line in paragraphs
    assert paragraphs.index("青山镇") < paragraphs.index("2026年10月8日")


def test_without_a_people_file_roles_are_listed_without_names() -> None:
    result = town(people=False).period("2026Q3")
    assert money_rows(result, has_people=False) == [
        ("1", "东村", "专干", "未登记", "奖励", "300"),
        ("2", "东村", "片长", "未登记", "奖励", "200"),
    ]
    text = text_of(bulletin_blocks(town(people=False), "2026Q3", has_people=False, charts=False))
    assert "未提供人员名单，奖惩对象按职务列出，姓名待核实后补充。" in text
    assert (
        "（一）表扬。东村（第1名，50分）位列前1名。其中东村连续2个季度位列前1名。通报表扬：东村及其驻村干部。"
        in text
    )


def test_a_quarter_without_data_says_so_instead_of_failing() -> None:
    text = text_of(bulletin_blocks(town(), "2025Q4", charts=False))
    assert text == [
        "关于2025年第四季度村级人口与家庭服务工作考评情况的通报",
        "各村（居）：",
        "2025年第四季度没有考评数据，本期不作考评通报。",
    ]


def test_the_annex_lists_every_deduction_of_the_quarter(written: tuple[Path, Path]) -> None:
    sheet = openpyxl.load_workbook(written[1]).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ANNEX_HEADERS
    assert [(r[0], r[2], r[3], r[5]) for r in rows[1:]] == [
        (2, "西村", "季度服务日定时定点到位—缺席对象回访", -2),
        (2, "西村", "出生信息及时报告", -6.25),
        (2, "西村", "育儿补贴申领协助", -3),
        (3, "北村", "季度服务日定时定点到位—缺席对象回访", -1),
        (3, "北村", "育儿补贴申领协助", -6),
        (3, "北村", "出生信息漏报", -5),
        (4, "南村", "季度服务日定时定点到位—服务日到位率", -8),
        (4, "南村", "村级例会记录符合要求", -5),
    ]


def test_the_annex_neutralises_a_name_that_looks_like_a_formula(tmp_path: Path) -> None:
    rows = [tuple("=HYPERLINK(1)" if v == "北村" else v for v in r) for r in ROWS]
    _, annex = write_bulletin(town(rows=rows), "2026Q3", tmp_path / "b.docx")
    names = {
        r[2] for r in openpyxl.load_workbook(annex).active.iter_rows(min_row=2, values_only=True)
    }
    assert "'=HYPERLINK(1)" in names
