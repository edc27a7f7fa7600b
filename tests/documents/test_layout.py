"""The Word files follow GB/T 9704-2012: page, margins, grid, fonts, page numbers."""

from __future__ import annotations

import io
from datetime import date

import pytest
from docx import Document
from docx.document import Document as DocumentObject
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.shared import Mm

from kaoping.documents import bulletin_docx, summary_docx

from .town import town


@pytest.fixture(scope="module", params=["bulletin", "summary"])
def doc(request: pytest.FixtureRequest) -> DocumentObject:
    assessment = town()
    when = date(2026, 10, 8)
    if request.param == "bulletin":
        data = bulletin_docx(assessment, "2026Q3", object(), "青山镇", when)
    else:
        data = summary_docx(assessment, "2026Q3", "青山镇", when)
    return Document(io.BytesIO(data))


def _mm(length: int | None) -> float:
    assert length is not None
    return round(length / Mm(1), 1)


@pytest.mark.parametrize(
    ("attribute", "mm"),
    [
        ("page_width", 210),
        ("page_height", 297),
        ("top_margin", 37),
        ("bottom_margin", 35),
        ("left_margin", 28),
        ("right_margin", 26),
    ],
)
def test_the_first_section_is_a4_with_the_standard_margins(
    doc: DocumentObject, attribute: str, mm: float
) -> None:
    assert _mm(getattr(doc.sections[0], attribute)) == pytest.approx(mm, abs=0.1)


def test_the_page_grid_is_22_lines_of_28_characters(doc: DocumentObject) -> None:
    grid = doc.sections[0]._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:type")) == "linesAndChars"
    # 225 mm of text block / 22 lines, and 156 mm / 28 characters of 16 pt.
    assert int(grid.get(qn("w:linePitch"))) == 579
    assert int(grid.get(qn("w:charSpace"))) == -849
    normal = doc.styles["Normal"].paragraph_format
    assert normal.line_spacing.pt == pytest.approx(225 / 22 / 25.4 * 72, abs=0.05)


def _fonts(run) -> tuple[str | None, float | None]:  # type: ignore[no-untyped-def]
    rfonts = run._r.rPr.find(qn("w:rFonts"))
    return rfonts.get(qn("w:eastAsia")), run.font.size.pt if run.font.size else None


def test_the_title_is_2hao_xiaobiaosong(doc: DocumentObject) -> None:
    title = doc.paragraphs[0]
    assert {_fonts(r) for r in title.runs} == {("方正小标宋简体", 22.0)}
    assert title.alignment == 1  # centred


def test_the_body_is_3hao_fangsong(doc: DocumentObject) -> None:
    body = next(p for p in doc.paragraphs if p.text.startswith(("根据", "2026年第三季度，")))
    assert {_fonts(r) for r in body.runs} == {("仿宋_GB2312", 16.0)}
    assert body.paragraph_format.first_line_indent.pt == 32  # two characters


@pytest.mark.parametrize(("prefix", "font"), [("一、", "黑体"), ("（一）", "楷体_GB2312")])
def test_headings_use_heiti_and_kaiti(doc: DocumentObject, prefix: str, font: str) -> None:
    heading = next(p for p in doc.paragraphs if p.text.startswith(prefix))
    assert _fonts(heading.runs[0]) == (font, 16.0)


def test_every_cjk_font_has_a_fallback_named_in_the_font_table(doc: DocumentObject) -> None:
    blob = doc.part.part_related_by(RT.FONT_TABLE).blob.decode("utf-8")
    for font, fallback in [
        ("方正小标宋简体", "Noto Serif CJK SC"),
        ("仿宋_GB2312", "仿宋"),
        ("楷体_GB2312", "楷体"),
        ("黑体", "Noto Sans CJK SC"),
    ]:
        assert f'w:name="{font}"><w:altName w:val="{fallback}"' in blob.replace("\n", "")


def test_odd_and_even_pages_number_at_the_outer_side(doc: DocumentObject) -> None:
    assert doc.settings.odd_and_even_pages_header_footer
    section = doc.sections[0]
    odd, even = section.footer.paragraphs[0], section.even_page_footer.paragraphs[0]
    assert (odd.alignment, even.alignment) == (2, 0)  # right, left
    for p in (odd, even):
        assert p.text == "— 1 —"  # the PAGE field's placeholder between the dashes
        assert " PAGE " in p._p.xml
        assert {_fonts(r)[1] for r in p.runs} == {14.0}
