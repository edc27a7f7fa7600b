"""The official document's tables are written as one piece of XML: the same XML,
cell for cell, that python-docx's own calls wrote before (the reference below is
that earlier code), for every kind of text a cell can hold."""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.shared import Mm, Pt
from lxml import etree

from kaoping.documents._layout import (
    HEADING1_FONT,
    TABLE_FONT,
    TABLE_PT,
    OfficialDocument,
    _set_fonts,
)


def _reference(
    d: OfficialDocument,
    headers: Sequence[str],
    rows: Sequence[Sequence[object]],
    widths_mm: Sequence[float],
    *,
    size: float = TABLE_PT,
    left_columns: Sequence[int] = (),
    ruled: bool = True,
) -> object:
    t = d.doc.add_table(rows=1 + len(rows), cols=len(headers))
    if ruled:
        t.style = d.doc.styles["Table Grid"]
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    t.autofit = False
    for r, values in enumerate([headers, *rows]):
        row = t.rows[r]
        if r == 0:
            row._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
        for c, value in enumerate(values):
            cell = row.cells[c]
            cell.width = Mm(widths_mm[c])
            p = cell.paragraphs[0]
            p.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
            p.paragraph_format.line_spacing = Pt(round(size * 1.3, 1))
            p.alignment = (
                WD_ALIGN_PARAGRAPH.LEFT
                if r > 0 and c in left_columns
                else WD_ALIGN_PARAGRAPH.CENTER
            )
            _set_fonts(p.add_run(str(value)), HEADING1_FONT if r == 0 else TABLE_FONT, size)
    for c, w in enumerate(widths_mm):
        t.columns[c].width = Mm(w)
    return t


ROWS = [
    ["1", "东风村", "98.5", ""],
    ["2", " 红旗村", "a\tb", "第一行\n第二行"],
    ["3", "李家庄 ", "<&>\"'", "=1+2"],
]


@pytest.mark.parametrize(
    ("size", "left", "ruled"),
    [(TABLE_PT, (1,), True), (12, (), True), (9, (1, 3), False)],
    ids=["ranking", "wider-text", "unruled"],
)
def test_a_table_is_the_xml_python_docx_wrote(
    size: float, left: tuple[int, ...], ruled: bool
) -> None:
    widths = [12.5, 30, 20.25, 40]
    headers = ["名次", "单位", "得分", "备注"]
    fast, slow = OfficialDocument(), OfficialDocument()
    got = fast.table(headers, ROWS, widths, size=size, left_columns=left, ruled=ruled)
    want = _reference(slow, headers, ROWS, widths, size=size, left_columns=left, ruled=ruled)
    assert etree.tostring(got._tbl, method="c14n") == etree.tostring(want._tbl, method="c14n")  # type: ignore[attr-defined]
    # In the same place of the body: before the section's properties.
    assert [e.tag for e in fast.doc.element.body] == [e.tag for e in slow.doc.element.body]


def test_a_cell_reads_back_as_written() -> None:
    d = OfficialDocument()
    t = d.table(["单位", "备注"], [[" 红旗村", "甲\t乙"]], [30, 30])
    assert [c.text for c in t.rows[1].cells] == [" 红旗村", "甲\t乙"]
    assert t.rows[0].cells[0].text == "单位"
