"""Printed from Chromium: the ranking, the ledger, the reminders, the
township's follow-ups and a campaign's bulletin come out on A4 landscape, every
table whole across the page with its header row on each page, and no menu,
buttons or forms.

The demo township gives the pages their real size; 36 more reminders make the
reminders' table run over several pages, and the demo's follow-ups (the
rectifications of three quarters and the 限期赶上 of a campaign's dispatch) theirs.
"""

from __future__ import annotations

import datetime
import re
import shutil
import subprocess
from typing import Any

import pytest

from .test_browser import _shots

pytestmark = pytest.mark.browser

# The printable area of A4 landscape with the stylesheet's margins (12 mm, 10 mm)
# in CSS pixels (96 per inch).
PRINTABLE = {"width": round((297 - 20) / 25.4 * 96), "height": round((210 - 24) / 25.4 * 96)}
A4_LANDSCAPE = (841.92, 594.96)  # points

# page, the tables it prints (each with a header row), and for a page that ends
# in one long table, a header found nowhere else: it must head every page on
# (and so every page after the first shows that it was repeated)
PAGES = [
    ("ranking", ["ranking", "consequences"], None),
    ("ledger", ["totals", "ledger"], "事由"),
    ("reminders", ["reminders"], "事由"),
    ("followups", ["followups"], "责任人"),
    ("bulletin", ["campaign-targets", "bulletin-table", "daily"], None),
]

# Words of what is done on the screen, not on paper: a column of actions left
# on paper would be an empty column or links nobody can click.
NOT_PRINTED = {"followups": ["操作", "到调度页办理", "验收通过", "报告完成", "筛选"]}

# What a printout must not show, and tables wider than the paper.
PRINT_PROBLEMS = """(ids) => {
  const out = [];
  for (const el of document.querySelectorAll('header.top, main form, main button, main .button')) {
    if (el.getClientRects().length) out.push(`${el.tagName.toLowerCase()}.${el.className} shown`);
  }
  for (const id of ids) {
    const t = document.getElementById(id);
    if (!t) { out.push(`#${id} missing`); continue; }
    const r = t.getBoundingClientRect();
    if (r.right > innerWidth + 0.5 || t.scrollWidth > t.clientWidth + 1)
      out.push(`#${id} is ${Math.round(Math.max(r.right, t.scrollWidth))}px on ${innerWidth}px paper`);
    const head = t.querySelector('thead');
    if (!head || getComputedStyle(head).display !== 'table-header-group')
      out.push(`#${id} has no header row repeated on each page`);
  }
  return out;
}"""


@pytest.fixture
def urls(live_server: Any, transactional_db: Any, settings: Any) -> dict[str, Any]:
    from kaoping.demo import build_demo
    from kaoping.web.assessment.models import Assessment
    from kaoping.web.core.models import Unit
    from kaoping.web.demo import load_demo
    from kaoping.web.planning.models import Campaign, Reminder

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    logins = load_demo(build_demo())
    township = Unit.objects.get(code="T01")  # the demo county has three
    villages = list(Unit.objects.filter(township=township, code__startswith="V").order_by("code"))
    Reminder.objects.bulk_create(
        Reminder(
            township=township,
            unit=villages[i % len(villages)],
            period="2026Q4",
            number=f"2026Q4-{i:03d}",
            kind="behind",
            key=f"behind:{i}",
            to_roles="主任,专干",
            to_names="主任朱海燕，专干许小红，驻村干部朱春燕，包村干部贾凤英",
            subject="关于任务进度落后的提醒",
            text="请抓紧落实。",
            signed_by="平安镇人口与家庭服务工作领导小组",
            issued_on=datetime.date(2026, 12, 1),
        )
        for i in range(36)
    )
    ranking = Assessment.objects.get(period="2026Q3", campaign__isnull=True).pk
    return {
        "password": next(x.password for x in logins if x.username == "admin"),
        "ranking": f"/assessment/{ranking}/",
        "ledger": f"/assessment/t/{township.code}/ledger/2026/",
        "reminders": f"/planning/t/{township.code}/reminders/?period=2026Q4",
        "followups": f"/assessment/t/{township.code}/followups/",
        "bulletin": f"/planning/campaigns/{Campaign.objects.get(title='两癌筛查预约专项活动').pk}/",
    }


def page_sizes(pdf: bytes) -> list[tuple[float, float]]:
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
    return [(round(float(w), 2), round(float(h), 2)) for w, h in boxes]


def test_each_list_prints_whole_on_a4_landscape_with_its_header_on_every_page(
    page: Any, urls: dict[str, Any], tmp_path: Any
) -> None:
    page.goto(page.base + "/login/")
    page.fill("#id_username", "admin")
    page.fill("#id_password", urls["password"])
    page.click("main button[type=submit]")
    page.wait_for_url(page.base + "/")
    page.set_viewport_size(PRINTABLE)
    page.emulate_media(media="print")
    pdftotext = shutil.which("pdftotext")
    problems: list[str] = []
    pages = {}
    for name, tables, header in PAGES:
        page.goto(page.base + urls[name])
        problems += [f"{name}: {p}" for p in page.evaluate(PRINT_PROBLEMS, tables)]
        pdf = page.pdf(prefer_css_page_size=True, print_background=True)
        (_shots() / f"print-{name}.pdf").write_bytes(pdf)
        sizes = page_sizes(pdf)
        pages[name] = len(sizes)
        if set(sizes) != {A4_LANDSCAPE}:
            problems.append(f"{name}: pages of {set(sizes)} points, not A4 landscape")
        if pdftotext:
            source = tmp_path / f"{name}.pdf"
            source.write_bytes(pdf)
            text = subprocess.run(
                [pdftotext, "-layout", str(source), "-"], capture_output=True, check=True
            ).stdout.decode()
            sheets = [s for s in text.split("\f") if s.strip()]
            if header is not None:
                first = next(i for i, s in enumerate(sheets) if header in s)
                problems += [
                    f"{name}: page {i + 1} has no header row"
                    for i, s in enumerate(sheets[first:], start=first)
                    if header not in s
                ]
            if "退出" in text or "计划与督办" in text:
                problems.append(f"{name}: the menu is printed")
            problems += [f"{name}: {w} is printed" for w in NOT_PRINTED.get(name, []) if w in text]
    # A filtered list says so on paper, where its form is not printed; the screen
    # has the form and does not say it twice.
    page.goto(page.base + urls["followups"] + "?state=open&overdue=on")
    filtered = _shots() / "print-followups-filtered.pdf"
    filtered.write_bytes(page.pdf(prefer_css_page_size=True))
    if pdftotext:
        text = subprocess.run(
            [pdftotext, "-layout", str(filtered), "-"], capture_output=True, check=True
        ).stdout.decode()
        if "筛选条件：" not in text or "状态：待整改" not in text or "只看逾期" not in text:
            problems.append("followups: the filters applied are not printed")
    page.emulate_media(media="screen")
    if page.locator("#print-filters").is_visible():
        problems.append("followups: the filters are said twice on the screen")
    assert problems == []
    # So that the header was repeated at all.
    assert pages["reminders"] > 1 and pages["followups"] > 1
