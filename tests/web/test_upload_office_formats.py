"""Uploads of .xls and .ods as an office suite writes them: the web app's own
template, filled in, is saved by LibreOffice headless as Excel 97–2003 (.xls)
and OpenDocument (.ods) in the test itself, then uploaded, previewed and
imported; a bad cell is named by row and column in either format. Skipped, with
the reason, where LibreOffice Calc is not installed. (WPS Office has no package
that installs on this Debian machine; its .xls and .et-as-.xls files are the
same BIFF8 format LibreOffice writes here.)"""

from __future__ import annotations

import subprocess
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from kaoping.web.core.models import FigureImport, Report
from tests.office import HAS_CALC, SOFFICE

from .test_upload import confirm, fill, template, upload, xlsx_bytes

pytestmark = pytest.mark.skipif(
    not HAS_CALC,
    reason="LibreOffice Calc is not installed (Debian: apt-get install libreoffice-calc-nogui)",
)
# The filter names LibreOffice saves these formats with.
FILTERS = {".xls": "xls:MS Excel 97", ".ods": "ods:calc8"}


def saved_as(xlsx: bytes, suffix: str, folder: Path) -> bytes:
    """``xlsx`` opened and saved again by LibreOffice headless as ``suffix``."""
    assert SOFFICE is not None
    source = folder / "填报.xlsx"
    source.write_bytes(xlsx)
    out = folder / "out"
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={(folder / 'lo-profile').as_uri()}",
            "--headless",
            "--convert-to",
            FILTERS[suffix],
            "--outdir",
            str(out),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    converted = out / f"填报{suffix}"
    data = converted.read_bytes()
    # BIFF8 in an OLE2 compound file; ODF is a zip whose first entry names its type.
    magic = b"\xd0\xcf\x11\xe0" if suffix == ".xls" else b"PK\x03\x04"
    assert data.startswith(magic), data[:8]
    return data


@pytest.mark.parametrize("suffix", [".xls", ".ods"])
def test_the_template_saved_as_xls_or_ods_by_libreoffice_imports_every_figure(
    login: Any, world: Any, suffix: str, tmp_path: Path
) -> None:
    client = login("admin")
    wb = template(client, world)
    fill(wb.active, {"V1": [40, 38, "是", 1], "V2": [20, 20, "否", 0.9], "V3": [10, 9, "是", 1]})
    content = saved_as(xlsx_bytes(wb), suffix, tmp_path)
    page = upload(client, world, content, f"东风镇{suffix}").content.decode()
    assert "确认导入" in page, page[-2000:]
    assert not Report.objects.exists()  # the preview writes nothing
    assert confirm(client, world, page).status_code == 302
    values = {
        r.unit.code: r.values()
        for r in Report.objects.filter(period="2026Q3").select_related("unit")
    }
    assert values == {
        "V1": {"invited": Decimal(40), "attended": Decimal(38), "records_ok": Decimal(1), "accuracy": Decimal(1)},
        "V2": {"invited": Decimal(20), "attended": Decimal(20), "records_ok": Decimal(0), "accuracy": Decimal("0.9")},
        "V3": {"invited": Decimal(10), "attended": Decimal(9), "records_ok": Decimal(1), "accuracy": Decimal(1)},
    }  # fmt: skip
    record = FigureImport.objects.get()
    assert (record.filename, record.units, record.filled) == (f"东风镇{suffix}", 3, 12)


@pytest.mark.parametrize("suffix", [".xls", ".ods"])
def test_a_bad_cell_saved_as_xls_or_ods_is_named_by_row_and_column(
    login: Any, world: Any, suffix: str, tmp_path: Path
) -> None:
    client = login("admin")
    wb = template(client, world)
    fill(wb.active, {"V1": [40, "abc", "是", 1]})
    content = saved_as(xlsx_bytes(wb), suffix, tmp_path)
    page = upload(client, world, content, f"东风镇{suffix}").content.decode()
    assert "确认导入" not in page
    problems = page.split('id="problems"')[1]
    # V1 is the template's first village, on row 3 (two header rows).
    assert "<td>3</td><td>实到人数</td><td>abc</td><td>“abc”不是数字</td>" in problems
    assert not Report.objects.exists()
