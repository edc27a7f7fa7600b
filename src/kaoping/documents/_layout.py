"""Official papers after GB/T 9704-2012 (党政机关公文格式), built with python-docx.

The standard fixes the page (A4; margins top 37 mm, bottom 35 mm, left 28 mm,
right 26 mm, so a 156 x 225 mm text block), 22 lines of 28 characters of 3号
(16 pt) 仿宋, the title in 2号 (22 pt) 小标宋, headings 一、 in 黑体 and （一） in
楷体, and page numbers "— 1 —" in 4号 (14 pt) at the outer side of the page.
Offices rarely have the same fonts installed, so every CJK font the document
names is declared in the font table with an ``altName`` that Word and
LibreOffice use when the first choice is missing.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from xml.etree import ElementTree as ET
from xml.sax.saxutils import escape

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.simpletypes import ST_HpsMeasure, ST_TwipsMeasure
from docx.shared import Mm, Pt
from docx.table import Table
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from ..engine import format_date_zh

__all__ = [
    "BODY_FONT",
    "BODY_PT",
    "FONT_FALLBACKS",
    "HEADING1_FONT",
    "HEADING2_FONT",
    "PAGE_NUMBER_FONT",
    "TITLE_FONT",
    "TITLE_PT",
    "OfficialDocument",
]

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING1_FONT = "黑体"
HEADING2_FONT = "楷体_GB2312"
PAGE_NUMBER_FONT = "宋体"
TABLE_FONT = "仿宋_GB2312"

# First choice -> (the font Windows offices have, a free serif/sans CJK font, family).
FONT_FALLBACKS: dict[str, tuple[str, str]] = {
    TITLE_FONT: ("Noto Serif CJK SC", "roman"),
    BODY_FONT: ("仿宋", "modern"),
    "仿宋": ("Noto Serif CJK SC", "modern"),
    HEADING1_FONT: ("Noto Sans CJK SC", "modern"),
    HEADING2_FONT: ("楷体", "script"),
    "楷体": ("Noto Serif CJK SC", "script"),
    PAGE_NUMBER_FONT: ("Noto Serif CJK SC", "roman"),
}

TITLE_PT = 22  # 2号
BODY_PT = 16  # 3号
PAGE_NUMBER_PT = 14  # 4号
TABLE_PT = 10.5  # 5号: a ranking table of ten items does not fit in 3号

PAGE_W_MM, PAGE_H_MM = 210, 297
MARGIN_TOP_MM, MARGIN_BOTTOM_MM, MARGIN_LEFT_MM, MARGIN_RIGHT_MM = 37, 35, 28, 26
# 225 mm / 22 lines = 10.23 mm = 579.8 twips; Word's own 公文 templates use 579.
LINE_PITCH_TWIPS = 579
# 156 mm / 28 characters = 15.79 pt per character, 0.207 pt narrower than the
# 16 pt default font: charSpace is that difference in 1/4096 pt.
CHAR_SPACE = -849
CHAR_CONDENSE_TWENTIETHS = -5  # -0.25 pt
TITLE_LINE_PT = 35
# The page number's rule line sits 7 mm below the text block (GB/T 9704 7.5).
FOOTER_DISTANCE_MM = 23
INDENT_CHARS = 2


def _set_fonts(run: Run, font: str, size_pt: float, *, bold: bool = False) -> None:
    """Set a run's font for Latin and CJK text alike; python-docx's ``font.name``
    only sets the Latin slots, so ``w:eastAsia`` is written by hand."""
    run.font.name = font
    run.font.size = Pt(size_pt)
    run.font.bold = bold
    rpr = run._r.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attr), font)
    rfonts.set(qn("w:hint"), "eastAsia")


def _run_content(text: str) -> str:
    """The XML inside a ``w:r`` for ``text``, as python-docx's ``Run.text`` writes
    it: a tab is ``w:tab``, a line break ``w:br``, the rest ``w:t`` (spaces kept
    when the text starts or ends with one)."""
    out: list[str] = []
    for piece in re.split(r"([\t\r\n])", text):
        if piece == "\t":
            out.append("<w:tab/>")
        elif piece in ("\r", "\n"):
            out.append("<w:br/>")
        elif piece:
            keep = ' xml:space="preserve"' if len(piece.strip()) < len(piece) else ""
            out.append(f"<w:t{keep}>{escape(piece)}</w:t>")
    return "".join(out)


def _no_grid(paragraph: Paragraph) -> None:
    # Tables, pictures and footers take their natural height: a picture in an
    # exactly-spaced paragraph would be cut to one line.
    paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE


def _doc_grid(section_pr: object, *, lines_and_chars: bool) -> None:
    sect_pr = section_pr
    grid = sect_pr.find(qn("w:docGrid"))  # type: ignore[attr-defined]
    if grid is None:
        grid = OxmlElement("w:docGrid")
        sect_pr.append(grid)  # type: ignore[attr-defined]
    if lines_and_chars:
        grid.set(qn("w:type"), "linesAndChars")
        grid.set(qn("w:linePitch"), str(LINE_PITCH_TWIPS))
        grid.set(qn("w:charSpace"), str(CHAR_SPACE))
    else:
        for attr in ("w:type", "w:charSpace"):
            if grid.get(qn(attr)) is not None:
                del grid.attrib[qn(attr)]
        grid.set(qn("w:linePitch"), "312")


def _page_field(paragraph: Paragraph, font: str, size: float) -> None:
    """``— PAGE —`` with a real field so that Word and LibreOffice number pages."""

    def text_run(text: str) -> None:
        _set_fonts(paragraph.add_run(text), font, size)

    def field_char(kind: str) -> None:
        r = paragraph.add_run()
        _set_fonts(r, font, size)
        fc = OxmlElement("w:fldChar")
        fc.set(qn("w:fldCharType"), kind)
        r._r.append(fc)

    text_run("— ")
    field_char("begin")
    r = paragraph.add_run()
    _set_fonts(r, font, size)
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = " PAGE "
    r._r.append(instr)
    field_char("separate")
    text_run("1")
    field_char("end")
    text_run(" —")


def _declare_fonts(document: object) -> None:
    """Add every CJK font to the font table with its fallback as ``w:altName``."""
    part = document.part.part_related_by(RT.FONT_TABLE)  # type: ignore[attr-defined]
    ns = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    ET.register_namespace("w", ns)
    for prefix, uri in (
        ("mc", "http://schemas.openxmlformats.org/markup-compatibility/2006"),
        ("r", "http://schemas.openxmlformats.org/officeDocument/2006/relationships"),
        ("w14", "http://schemas.microsoft.com/office/word/2010/wordml"),
    ):
        ET.register_namespace(prefix, uri)
    root = ET.fromstring(part.blob)
    w = f"{{{ns}}}"
    present = {f.get(f"{w}name") for f in root.findall(f"{w}font")}
    for name, (alt, family) in FONT_FALLBACKS.items():
        if name in present:
            continue
        font = ET.SubElement(root, f"{w}font", {f"{w}name": name})
        ET.SubElement(font, f"{w}altName", {f"{w}val": alt})
        ET.SubElement(font, f"{w}charset", {f"{w}val": "86"})  # GB2312
        ET.SubElement(font, f"{w}family", {f"{w}val": family})
        ET.SubElement(font, f"{w}pitch", {f"{w}val": "variable"})
    part._blob = ET.tostring(root, xml_declaration=True, encoding="UTF-8")


class OfficialDocument:
    """A Word document laid out as a 公文; add content in reading order, then save."""

    def __init__(self) -> None:
        self.doc = Document()
        self._setup_styles()
        section = self.doc.sections[0]
        self._setup_section(section, landscape=False)
        self.doc.settings.odd_and_even_pages_header_footer = True
        self._setup_footers(section)
        _declare_fonts(self.doc)

    # --- page and styles -----------------------------------------------------------

    def _setup_styles(self) -> None:
        normal = self.doc.styles["Normal"]
        normal.font.name = BODY_FONT
        normal.font.size = Pt(BODY_PT)
        rpr = normal.element.get_or_add_rPr()
        rfonts = rpr.find(qn("w:rFonts"))
        if rfonts is None:
            rfonts = OxmlElement("w:rFonts")
            rpr.insert(0, rfonts)
        rfonts.set(qn("w:eastAsia"), BODY_FONT)
        pf = normal.paragraph_format
        pf.space_before = Pt(0)
        pf.space_after = Pt(0)
        # The section's docGrid states 22 lines of 28 characters as Word's page
        # setup shows it, but LibreOffice puts a 16 pt character that is wider
        # than the 15.79 pt grid cell into two cells (14 characters a line). So
        # text does not snap to the grid: lines are exactly 579 twips apart and
        # characters 0.25 pt condensed (28 x 15.75 pt fit the 442.2 pt line),
        # which lays out 22 x 28 the same in Word, WPS and LibreOffice.
        pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        pf.line_spacing = Pt(LINE_PITCH_TWIPS / 20)
        ppr = normal.element.get_or_add_pPr()
        snap = OxmlElement("w:snapToGrid")
        snap.set(qn("w:val"), "0")
        ppr.insert(0, snap)
        condensed = OxmlElement("w:spacing")
        condensed.set(qn("w:val"), str(CHAR_CONDENSE_TWENTIETHS))
        rpr.append(condensed)
        # The docDefaults size is what w:charSpace is measured against.
        defaults = self.doc.styles.element.find(qn("w:docDefaults"))
        if defaults is not None:
            for sz in defaults.iter(qn("w:sz")):
                sz.set(qn("w:val"), str(BODY_PT * 2))
            for sz in defaults.iter(qn("w:szCs")):
                sz.set(qn("w:val"), str(BODY_PT * 2))
            for sp in defaults.iter(qn("w:spacing")):
                sp.set(qn("w:after"), "0")
                sp.set(qn("w:line"), "240")
            for lang in defaults.iter(qn("w:lang")):
                lang.set(qn("w:eastAsia"), "zh-CN")

    def _setup_section(self, section: object, *, landscape: bool) -> None:
        s = section
        if landscape:
            s.orientation = WD_ORIENT.LANDSCAPE  # type: ignore[attr-defined]
            s.page_width, s.page_height = Mm(PAGE_H_MM), Mm(PAGE_W_MM)  # type: ignore[attr-defined]
            # Rotated margins keep the binding edge (left on portrait) at the top.
            s.top_margin, s.bottom_margin = Mm(MARGIN_LEFT_MM), Mm(MARGIN_RIGHT_MM)  # type: ignore[attr-defined]
            s.left_margin, s.right_margin = Mm(MARGIN_BOTTOM_MM), Mm(MARGIN_TOP_MM)  # type: ignore[attr-defined]
        else:
            s.orientation = WD_ORIENT.PORTRAIT  # type: ignore[attr-defined]
            s.page_width, s.page_height = Mm(PAGE_W_MM), Mm(PAGE_H_MM)  # type: ignore[attr-defined]
            s.top_margin, s.bottom_margin = Mm(MARGIN_TOP_MM), Mm(MARGIN_BOTTOM_MM)  # type: ignore[attr-defined]
            s.left_margin, s.right_margin = Mm(MARGIN_LEFT_MM), Mm(MARGIN_RIGHT_MM)  # type: ignore[attr-defined]
        s.header_distance = Mm(15)  # type: ignore[attr-defined]
        s.footer_distance = Mm(FOOTER_DISTANCE_MM if not landscape else 12)  # type: ignore[attr-defined]
        _doc_grid(s._sectPr, lines_and_chars=not landscape)  # type: ignore[attr-defined]

    def _setup_footers(self, section: object) -> None:
        odd = section.footer.paragraphs[0]  # type: ignore[attr-defined]
        even = section.even_page_footer.paragraphs[0]  # type: ignore[attr-defined]
        for p, align in ((odd, WD_ALIGN_PARAGRAPH.RIGHT), (even, WD_ALIGN_PARAGRAPH.LEFT)):
            _no_grid(p)
            p.alignment = align
            # 单页码居右空一字，双页码居左空一字.
            if align == WD_ALIGN_PARAGRAPH.RIGHT:
                p.paragraph_format.right_indent = Pt(PAGE_NUMBER_PT)
            else:
                p.paragraph_format.left_indent = Pt(PAGE_NUMBER_PT)
            _page_field(p, PAGE_NUMBER_FONT, PAGE_NUMBER_PT)

    # --- content -------------------------------------------------------------------

    def _paragraph(
        self,
        text: str,
        font: str,
        size: float,
        *,
        align: WD_ALIGN_PARAGRAPH = WD_ALIGN_PARAGRAPH.JUSTIFY,
        indent: bool = True,
        bold: bool = False,
    ) -> Paragraph:
        p = self.doc.add_paragraph()
        p.alignment = align
        if indent:
            p.paragraph_format.first_line_indent = Pt(BODY_PT * INDENT_CHARS)
        if text:
            _set_fonts(p.add_run(text), font, size, bold=bold)
        return p

    def title(self, text: str, *, blank_after: bool = True) -> Paragraph:
        p = self._paragraph(
            text, TITLE_FONT, TITLE_PT, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False
        )
        p.paragraph_format.line_spacing = Pt(TITLE_LINE_PT)
        if blank_after:
            self.blank()
        return p

    def blank(self) -> Paragraph:
        return self._paragraph("", BODY_FONT, BODY_PT, indent=False)

    def addressee(self, text: str) -> Paragraph:
        """主送机关: flush left, ending with a full-width colon."""
        return self._paragraph(
            text, BODY_FONT, BODY_PT, align=WD_ALIGN_PARAGRAPH.LEFT, indent=False
        )

    def para(self, text: str) -> Paragraph:
        return self._paragraph(text, BODY_FONT, BODY_PT)

    def heading1(self, text: str) -> Paragraph:
        return self._paragraph(text, HEADING1_FONT, BODY_PT)

    def heading2(self, text: str, rest: str = "") -> Paragraph:
        """A （一） heading in 楷体; ``rest`` continues the paragraph in the body font."""
        p = self._paragraph(text, HEADING2_FONT, BODY_PT)
        if rest:
            _set_fonts(p.add_run(rest), BODY_FONT, BODY_PT)
        return p

    def label(self, text: str) -> Paragraph:
        return self._paragraph(
            text, HEADING1_FONT, BODY_PT, align=WD_ALIGN_PARAGRAPH.LEFT, indent=False
        )

    def note(self, text: str) -> Paragraph:
        """A flush-left line such as 附件：…, indented two characters like body text."""
        return self._paragraph(text, BODY_FONT, BODY_PT, align=WD_ALIGN_PARAGRAPH.LEFT)

    def signature(self, organisation: str | None, when: date) -> None:
        """发文机关署名 centred over the date; the date 右空四字 (GB/T 9704 7.3.5.2)."""
        self.blank()
        self.blank()
        date_text = format_date_zh(when)
        date_p = None
        if organisation:
            org_p = self._paragraph(
                organisation, BODY_FONT, BODY_PT, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False
            )
            # Centre the name over the date: the date's width in characters, digits
            # counting half, plus the four-character right space.
            date_chars = sum(0.5 if c.isascii() else 1 for c in date_text)
            offset = 4 + max(0.0, (date_chars - len(organisation)) / 2)
            org_p.paragraph_format.right_indent = Pt(BODY_PT * offset)
        date_p = self._paragraph(
            date_text, BODY_FONT, BODY_PT, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False
        )
        date_p.paragraph_format.right_indent = Pt(BODY_PT * 4)

    def picture(self, png: bytes, width_mm: float, caption: str | None = None) -> None:
        p = self.doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _no_grid(p)
        p.add_run().add_picture(io.BytesIO(png), width=Mm(width_mm))
        if caption:
            c = self._paragraph(
                caption, BODY_FONT, TABLE_PT + 1.5, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False
            )
            _no_grid(c)

    def table(
        self,
        headers: Sequence[str],
        rows: Sequence[Sequence[str]],
        widths_mm: Sequence[float],
        *,
        size: float = TABLE_PT,
        left_columns: Sequence[int] = (),
        ruled: bool = True,
    ) -> Table:
        """A ruled table; the header row repeats on every page.

        Written as one piece of XML, parsed once: python-docx's cell by cell
        calls walk the table's grid for every cell and made a 240-village
        ranking take seconds. The XML is what those calls wrote (the tests
        compare the two), cell by cell: the width, exact line spacing (CJK
        fonts' natural line height is ~1.45 em; exact spacing keeps a
        21-village table on one landscape page), the alignment and the fonts.
        """
        line = ST_TwipsMeasure.convert_to_xml(Pt(round(size * 1.3, 1)))
        half_points = ST_HpsMeasure.convert_to_xml(Pt(size))
        widths = [ST_TwipsMeasure.convert_to_xml(Mm(w)) for w in widths_mm]

        def cell(value: object, width: str, font: str, align: str) -> str:
            face = escape(font, {'"': "&quot;"})
            return (
                f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{width}"/></w:tcPr><w:p><w:pPr>'
                f'<w:spacing w:lineRule="exact" w:line="{line}"/><w:jc w:val="{align}"/>'
                f'</w:pPr><w:r><w:rPr><w:rFonts w:ascii="{face}" w:hAnsi="{face}"'
                f' w:eastAsia="{face}" w:cs="{face}" w:hint="eastAsia"/><w:b w:val="0"/>'
                f'<w:sz w:val="{half_points}"/></w:rPr>{_run_content(str(value))}</w:r></w:p></w:tc>'
            )

        left = set(left_columns)
        parts = [f"<w:tbl {nsdecls('w')}><w:tblPr>"]
        if ruled:
            parts.append(f'<w:tblStyle w:val="{self.doc.styles["Table Grid"].style_id}"/>')
        parts.append(
            '<w:tblW w:type="auto" w:w="0"/><w:jc w:val="center"/><w:tblLayout w:type="fixed"/>'
            '<w:tblLook w:firstColumn="1" w:firstRow="1" w:lastColumn="0" w:lastRow="0"'
            ' w:noHBand="0" w:noVBand="1" w:val="04A0"/></w:tblPr><w:tblGrid>'
        )
        parts += [f'<w:gridCol w:w="{w}"/>' for w in widths]
        parts.append("</w:tblGrid><w:tr><w:trPr><w:tblHeader/></w:trPr>")
        parts += [cell(h, widths[c], HEADING1_FONT, "center") for c, h in enumerate(headers)]
        parts.append("</w:tr>")
        for values in rows:
            parts.append("<w:tr>")
            parts += [
                cell(v, widths[c], TABLE_FONT, "left" if c in left else "center")
                for c, v in enumerate(values)
            ]
            parts.append("</w:tr>")
        parts.append("</w:tbl>")
        tbl = parse_xml("".join(parts))
        body = self.doc._body
        body._element._insert_tbl(tbl)  # before the last section's properties
        return Table(tbl, body)

    def landscape(self) -> None:
        """Start a landscape section (for a wide table); footers carry on."""
        s = self.doc.add_section(WD_SECTION.NEW_PAGE)
        self._setup_section(s, landscape=True)

    def page_break(self) -> None:
        self.doc.add_page_break()

    def portrait(self) -> None:
        s = self.doc.add_section(WD_SECTION.NEW_PAGE)
        self._setup_section(s, landscape=False)

    # --- output --------------------------------------------------------------------

    def save(self, path: str | Path) -> None:
        self.doc.save(str(path))

    def to_bytes(self) -> bytes:
        buf = io.BytesIO()
        self.doc.save(buf)
        return buf.getvalue()
