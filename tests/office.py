"""Opening a download in LibreOffice headless, as an office would, and reading
what it printed: the PDF's text and a PNG of its first page to look at."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
PDFTOTEXT = shutil.which("pdftotext")
PDFTOPPM = shutil.which("pdftoppm")


def _has_component(library: str) -> bool:
    # Debian splits LibreOffice by component: `soffice` comes with Calc alone, and
    # then converts no Word file (it exits 0 and writes nothing).
    if SOFFICE is None:
        return False
    return (Path(os.path.realpath(SOFFICE)).parent / library).exists()


HAS_WRITER = _has_component("libswlo.so")
HAS_CALC = _has_component("libsclo.so")

needs_writer = pytest.mark.skipif(
    not HAS_WRITER,
    reason="LibreOffice Writer is not installed (Debian: apt-get install libreoffice-writer-nogui)",
)

needs_libreoffice = pytest.mark.skipif(
    not (HAS_WRITER and HAS_CALC) or PDFTOTEXT is None or PDFTOPPM is None,
    reason="LibreOffice or poppler is not installed "
    "(Debian: apt-get install libreoffice-calc-nogui libreoffice-writer-nogui poppler-utils)",
)


def printed(source: Path, *, first_page_only: bool = False) -> tuple[str, Path]:
    """``source`` converted to PDF by LibreOffice: its text (all pages, or the first)
    and its first page as PNG."""
    assert SOFFICE and PDFTOTEXT and PDFTOPPM
    out = source.parent
    subprocess.run(
        [
            SOFFICE,
            # A profile of its own, so that a running LibreOffice cannot block this one.
            f"-env:UserInstallation={(out / 'lo-profile').as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = source.with_suffix(".pdf")
    assert pdf.read_bytes().startswith(b"%PDF-")
    text = subprocess.run(
        [PDFTOTEXT, "-layout", *(["-l", "1"] if first_page_only else []), str(pdf), "-"],
        check=True,
        capture_output=True,
        timeout=60,
    ).stdout.decode()
    png = source.with_suffix("")
    subprocess.run(
        [PDFTOPPM, "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(png)],
        check=True,
        capture_output=True,
        timeout=60,
    )
    return text, png.with_suffix(".png")
