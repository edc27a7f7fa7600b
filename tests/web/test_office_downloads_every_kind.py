"""Every kind of file the web app downloads opens cleanly in LibreOffice: on the
demo township, each Word and Excel download (templates and exports, the
bulletin and its annex, summaries, the monthly bulletin, notices, reminders,
minutes, letters, the dispatch and campaign bulletins, the ledger) is converted
headlessly to PDF in one LibreOffice run, and the printed text must carry what
the file is about. Skipped, with the reason, where LibreOffice or poppler is not
installed. WPS Office has no package that installs on this Debian machine, so it
is not checked here; these files keep to the Office Open XML that WPS reads."""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests.office import PDFTOTEXT, SOFFICE, needs_libreoffice

pytestmark = needs_libreoffice


@pytest.fixture(scope="module")
def demo() -> Any:
    from kaoping.demo import build_demo

    return build_demo()


def _downloads(demo: Any) -> dict[str, tuple[str, list[str]]]:
    """name -> (URL, texts its printed PDF must carry)."""
    from kaoping.web.assessment.models import Assessment
    from kaoping.web.core.models import DataSet
    from kaoping.web.demo import load_demo
    from kaoping.web.dispatch.models import AreaReport
    from kaoping.web.letters.models import Letter
    from kaoping.web.meetings.models import Meeting
    from kaoping.web.planning.models import Campaign, Reminder, ServiceDay

    load_demo(demo)
    published = (
        Assessment.objects.filter(township__code="T01", status="published", campaign__isnull=True)
        .order_by("-period")
        .first()
    )
    assert published is not None
    town = published.township.name
    year = int(published.period[:4])
    ds = DataSet.objects.filter(township__code="T01").order_by("pk").first()
    assert ds is not None
    day = ServiceDay.objects.filter(township__code="T01").select_related("unit").first()
    assert day is not None
    # The demo issues no reminder: one as the reminders job writes them.
    reminder = Reminder.objects.create(
        township=day.township,
        unit=day.unit,
        period=published.period,
        number=f"{published.period}-{day.unit.code}-01",
        kind="late_report",
        key="late:q",
        to_roles="service_worker,director",
        to_names="专干，主任",
        subject="关于报表逾期未报的提醒",
        text=f"{day.unit.name}：请尽快报送。",
        signed_by="镇人口与家庭服务工作领导小组",
        issued_on=date(year, 7, 10),
    )
    campaign = Campaign.objects.filter(township__code="T01").order_by("pk").first()
    meeting = Meeting.objects.order_by("pk").first()
    letter = Letter.objects.order_by("pk").first()
    found = {"day": day, "reminder": reminder, "campaign": campaign, "meeting": meeting}
    assert None not in found.values() and letter is not None, found
    assert day and reminder and campaign and meeting
    report = AreaReport.objects.order_by("pk").first()
    assert report is not None
    dispatch = report.campaign_id
    a, q = published.pk, published.period
    return {
        "template.xlsx": (f"/datasets/{ds.pk}/{q}/template.xlsx", ["单位代码", q]),
        "completeness.xlsx": (f"/datasets/{ds.pk}/{q}/completeness.xlsx", ["单位"]),
        "ledger.xlsx": (f"/assessment/t/T01/ledger/{year}.xlsx", [str(year)]),
        "annex.xlsx": (f"/assessment/{a}/annex.xlsx", ["单位代码", "说明"]),
        "bulletin.docx": (f"/assessment/{a}/bulletin.docx", [town, "通报"]),
        "summary.docx": (f"/assessment/{a}/summary.docx", [town, "总结"]),
        "period-summary.docx": (f"/assessment/t/T01/summary.docx?period={year}H1", [town]),
        "monthly.docx": (f"/assessment/t/T01/monthly.docx?month={year}-06", [town]),
        "notices.docx": (f"/planning/t/T01/service-days/notices.docx?period={day.period}", ["服务日"]),
        "notice.docx": (f"/planning/service-days/{day.pk}/notice.docx", [day.unit.name, "服务日"]),
        "campaign-bulletin.docx": (f"/planning/campaigns/{campaign.pk}/bulletin.docx", [town]),
        "reminders.docx": (f"/planning/t/T01/reminders.docx?period={reminder.period}", ["提醒单"]),
        "reminder.docx": (f"/planning/reminders/{reminder.pk}/reminder.docx", [reminder.number]),
        "minutes.docx": (f"/meetings/{meeting.pk}/minutes.docx", ["会议"]),
        "letter.docx": (f"/letters/{letter.pk}/letter.docx", ["责任书"]),
        "dispatch-bulletin.docx": (f"/dispatch/campaigns/{dispatch}/bulletin.docx", ["通报"]),
    }  # fmt: skip


def test_every_download_prints_in_libreoffice_with_what_it_is_about(
    db: Any, client: Any, demo: Any, tmp_path: Path, settings: Any
) -> None:
    from django.contrib.auth import get_user_model

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.KAOPING_CACHE_DIR = tmp_path / "cache"
    files = _downloads(demo)
    client.force_login(get_user_model().objects.get(username="admin"))
    sources = []
    for name, (url, _texts) in files.items():
        r = client.get(url)
        assert r.status_code == 200, (name, url, r.status_code)
        path = tmp_path / name
        path.write_bytes(r.content)
        sources.append(str(path))
    assert SOFFICE is not None and PDFTOTEXT is not None
    # One LibreOffice run converts them all: starting it is most of the time.
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={(tmp_path / 'lo-profile').as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path / "pdf"),
            *sources,
        ],
        check=True,
        capture_output=True,
        timeout=600,
    )
    missing: dict[str, list[str]] = {}
    for name, (_url, texts) in files.items():
        pdf = tmp_path / "pdf" / (Path(name).stem + ".pdf")
        assert pdf.exists(), f"LibreOffice wrote nothing for {name}"
        assert pdf.read_bytes().startswith(b"%PDF-"), name
        text = subprocess.run(
            [PDFTOTEXT, "-layout", str(pdf), "-"], check=True, capture_output=True, timeout=60
        ).stdout.decode()
        lacking = [t for t in texts if t not in text]
        if lacking or not text.strip():
            missing[name] = lacking or ["(no text)"]
    assert missing == {}
