"""A document as a list of blocks: built by pure functions, rendered to Word once.

Keeping the text apart from python-docx lets tests read the sentences a document
will carry, and lets the web app show the same draft as HTML.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from ._layout import OfficialDocument

__all__ = [
    "Addressee",
    "Block",
    "Heading1",
    "Heading2",
    "Label",
    "Landscape",
    "Note",
    "PageBreak",
    "Para",
    "Picture",
    "Signature",
    "TableBlock",
    "Title",
    "render",
    "text_of",
]


@dataclass(frozen=True)
class Title:
    text: str
    blank_after: bool = True


@dataclass(frozen=True)
class Addressee:
    text: str


@dataclass(frozen=True)
class Heading1:
    text: str


@dataclass(frozen=True)
class Heading2:
    text: str
    rest: str = ""


@dataclass(frozen=True)
class Label:
    """Flush-left 黑体 line such as 附件1 (GB/T 9704 8.2)."""

    text: str


@dataclass(frozen=True)
class Para:
    text: str


@dataclass(frozen=True)
class Note:
    text: str


@dataclass(frozen=True)
class Picture:
    png: bytes = field(repr=False)
    width_mm: float
    caption: str | None = None


@dataclass(frozen=True)
class TableBlock:
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths_mm: tuple[float, ...]
    left_columns: tuple[int, ...] = ()
    size: float = 10.5
    # False: no rules, for a layout in columns (a letter's signature block).
    ruled: bool = True


@dataclass(frozen=True)
class Signature:
    organisation: str | None
    when: date


@dataclass(frozen=True)
class PageBreak:
    """The next block starts a new page (one notice or reminder per sheet)."""


@dataclass(frozen=True)
class Landscape:
    """Starts a landscape section (an annexed wide table)."""


Block = (
    Title
    | Addressee
    | Heading1
    | Heading2
    | Label
    | Para
    | Note
    | Picture
    | TableBlock
    | Signature
    | Landscape
    | PageBreak
)


def render(blocks: Sequence[Block]) -> OfficialDocument:
    doc = OfficialDocument()
    for b in blocks:
        if isinstance(b, Title):
            doc.title(b.text, blank_after=b.blank_after)
        elif isinstance(b, Addressee):
            doc.addressee(b.text)
        elif isinstance(b, Heading1):
            doc.heading1(b.text)
        elif isinstance(b, Heading2):
            doc.heading2(b.text, b.rest)
        elif isinstance(b, Label):
            doc.label(b.text)
        elif isinstance(b, Para):
            doc.para(b.text)
        elif isinstance(b, Note):
            doc.note(b.text)
        elif isinstance(b, Picture):
            doc.picture(b.png, b.width_mm, b.caption)
        elif isinstance(b, TableBlock):
            doc.table(
                b.headers, b.rows, b.widths_mm, size=b.size, left_columns=b.left_columns,
                ruled=b.ruled,
            )  # fmt: skip
        elif isinstance(b, Signature):
            doc.signature(b.organisation, b.when)
        elif isinstance(b, Landscape):
            doc.landscape()
        elif isinstance(b, PageBreak):
            doc.page_break()
    return doc


def text_of(blocks: Sequence[Block]) -> list[str]:
    """The running text, one string per paragraph (headings included)."""
    out: list[str] = []
    for b in blocks:
        if isinstance(b, Heading2):
            out.append(b.text + b.rest)
        elif isinstance(b, Title | Addressee | Heading1 | Label | Para | Note):
            out.append(b.text)
    return out
