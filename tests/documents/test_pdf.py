"""LibreOffice, where installed, opens the Word files and prints them to PDF."""

from __future__ import annotations

import re
import subprocess
from datetime import date
from pathlib import Path

import pytest

from kaoping.documents import write_bulletin, write_summary
from tests.office import SOFFICE, needs_writer

from .town import town

pytestmark = needs_writer


@pytest.mark.parametrize("kind", ["bulletin", "summary"])
def test_libreoffice_converts_the_document_to_pdf(tmp_path: Path, kind: str) -> None:
    assert SOFFICE is not None
    source = tmp_path / f"{kind}.docx"
    if kind == "bulletin":
        write_bulletin(
            town(), "2026Q3", source, people=object(), township="青山镇", when=date(2026, 10, 8)
        )
    else:
        write_summary(town(), "2026Q3", source, township="青山镇", when=date(2026, 10, 8))
    subprocess.run(
        [
            SOFFICE,
            # A profile of its own, so that a running LibreOffice cannot block this one.
            f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = (tmp_path / f"{kind}.pdf").read_bytes()
    assert pdf.startswith(b"%PDF-")
    # Both run past one page: the bulletin's annexed table has a landscape page of
    # its own, the summary's charts take a page's room.
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) >= 2


def test_the_annex_workbook_prints_every_column_on_one_landscape_page(tmp_path: Path) -> None:
    from kaoping.documents import ANNEX_HEADERS
    from tests.office import PDFTOTEXT, printed

    if PDFTOTEXT is None:
        pytest.skip("pdftotext is not installed (Debian: apt-get install poppler-utils)")
    _, annex = write_bulletin(
        town(), "2026Q3", tmp_path / "b.docx", people=object(), township="青山镇"
    )
    first_page, png = printed(Path(annex), first_page_only=True)
    # Before the page setup, 分值 and 说明 spilled onto a second, portrait page.
    assert all(header in first_page for header in ANNEX_HEADERS)
    assert "村级例会记录符合要求" in first_page
    assert png.stat().st_size > 1000
