"""The web app's Excel downloads open cleanly in LibreOffice: converted headlessly to
PDF, the printed page carries the headers and the figures (skipped, with the
reason, where LibreOffice is not installed). WPS Office has no Linux package
that installs here; its reader follows Excel's format, which these files keep."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kaoping.web.core.models import Report
from tests.office import needs_libreoffice, printed

pytestmark = needs_libreoffice


def _download(client: Any, url: str, to: Path) -> Path:
    r = client.get(url)
    assert r.status_code == 200
    to.write_bytes(r.content)
    return to


def test_the_upload_template_prints_its_headers_and_villages(
    login: Any, world: Any, tmp_path: Path
) -> None:
    source = _download(
        login("admin"), f"/datasets/{world.ds.pk}/2026Q3/template.xlsx", tmp_path / "模板.xlsx"
    )
    text, png = printed(source)
    for expected in ("单位代码", "应到人数", "例会记录规范", "东村", "西村", "镇中社区", "2026Q3"):
        assert expected in text
    assert png.stat().st_size > 1000


def test_the_completeness_export_prints_every_village_and_its_state(
    login: Any, world: Any, tmp_path: Path
) -> None:
    Report.objects.create(dataset=world.ds, unit=world.v1, period="2026Q3", status="submitted")
    source = _download(
        login("admin"),
        f"/datasets/{world.ds.pk}/2026Q3/completeness.xlsx",
        tmp_path / "completeness.xlsx",
    )
    text, png = printed(source)
    for expected in ("东村", "西村", "镇中社区"):
        assert expected in text
    assert png.stat().st_size > 1000
