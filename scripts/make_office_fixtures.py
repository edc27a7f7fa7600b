"""Write the .xls and .ods upload fixtures in tests/fixtures/office/ with LibreOffice.

Each sheet is first written as .xlsx (openpyxl), then converted by LibreOffice
headless, so the files are what a real office suite saves, not what a Python
writer imagines. The files are committed; run this again only to change them:
``uv run python scripts/make_office_fixtures.py`` (needs ``soffice``; Debian:
libreoffice-calc-nogui).
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from openpyxl import Workbook

OUT = Path(__file__).resolve().parent.parent / "tests/fixtures/office"
HEADER = ["单位代码", "期间", "应到人数", "实到人数", "例会记录规范"]

SHEETS = {
    # A reporter of V1 uploads their village's figures.
    "v1": [["2026年第三季度村级数据"], HEADER, ["V1", "2026Q3", 40, 38, "是"]],
    # The same with one bad cell: D4 holds text where a count belongs.
    "v1_v2_bad": [
        ["2026年第三季度村级数据"],
        HEADER,
        ["V1", "2026Q3", 40, 38, "是"],
        ["V2", "2026Q3", 20, "abc", "否"],
    ],
}


def main() -> None:
    soffice = shutil.which("soffice")
    if soffice is None:
        raise SystemExit("soffice not found: apt-get install libreoffice-calc-nogui")
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for name, rows in SHEETS.items():
            workbook = Workbook()
            sheet = workbook.active
            assert sheet is not None
            for row in rows:
                sheet.append(row)
            source = work / f"{name}.xlsx"
            workbook.save(source)
            for target in ("xls", "ods"):
                subprocess.run(
                    [
                        soffice,
                        f"-env:UserInstallation=file://{work}/profile",
                        "--headless",
                        "--convert-to",
                        target,
                        "--outdir",
                        str(OUT),
                        str(source),
                    ],
                    check=True,
                    capture_output=True,
                    timeout=120,
                )
    for path in sorted(OUT.iterdir()):
        print(path.relative_to(OUT.parent.parent.parent), path.stat().st_size)


if __name__ == "__main__":
    main()
