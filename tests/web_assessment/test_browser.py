"""In a real browser (Debian's Chromium driven by Playwright): the assessor creates
and computes 2026Q4, reads why 镇中社区 lost points and what would regain them,
submits; the leader approves; the admin publishes and downloads the ledger.

Skipped, with the reason, where /usr/bin/chromium is absent; required in CI.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from kaoping.web.assessment.models import Assessment

from .conftest import PASSWORD, prepare

pytestmark = pytest.mark.browser


@pytest.fixture
def session(browser: Any, live_server: Any, transactional_db: Any, settings: Any) -> Iterator[Any]:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    contexts: list[Any] = []

    def as_(username: str) -> Any:
        context = browser.new_context(locale="zh-CN", accept_downloads=True)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(45000)
        page.base = live_server.url
        # As tests/conftest.py's page: questions kept, answered yes unless told no.
        page.dialogs = []
        page.dialog_answer = True

        def answer(dialog: Any, page: Any = page) -> None:
            page.dialogs.append(dialog.message)
            dialog.accept() if page.dialog_answer else dialog.dismiss()

        page.on("dialog", answer)
        page.goto(page.base + "/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", PASSWORD)
        page.click("main button[type=submit]")
        page.wait_for_url(page.base + "/")
        return page

    yield as_
    for c in contexts:
        c.close()


def _shots() -> Path:
    path = Path(os.environ.get("KAOPING_SCREENSHOTS", "/tmp/kaoping-screenshots"))
    path.mkdir(parents=True, exist_ok=True)
    return path


def test_compute_explain_approve_publish_and_download_the_ledger(
    session: Any, tmp_path: Path
) -> None:
    prepare()
    page = session("assessor")
    page.click("header nav >> text=季度考评")
    page.wait_for_url("**/assessment/t/T1/")
    page.select_option("#id_period", "2026Q4")
    page.click("#create-form button[type=submit]")
    page.locator("#not-computed").wait_for()
    page.click("#compute")
    page.locator("#ranking").wait_for()
    assert page.locator("#row-V3 td").nth(3).inner_text() == "60"
    page.screenshot(path=str(_shots() / "assessment-ranking.png"), full_page=True)

    page.click("#row-V3 a")
    page.locator("#lost").wait_for()
    assert "例会记录" in page.locator("#lost").inner_text()
    whatif = page.locator("#whatif").inner_text()
    assert "「实到人数」增加1（从18到19），达到95%" in whatif
    page.screenshot(path=str(_shots() / "assessment-unit.png"), full_page=True)
    # The page, not its charts: under load a chart can take longer than the timeout.
    page.go_back(wait_until="domcontentloaded")
    page.click("#submit")
    page.locator("#status").wait_for()
    assert page.locator("#status").inner_text() == "已提交联席会议"
    a = Assessment.objects.get()

    leader = session("leader")
    leader.goto(leader.base + f"/assessment/{a.pk}/")
    # 审定 asks first and says what it does; "no" sends nothing.
    leader.dialog_answer = False
    leader.click("#approve")
    assert leader.dialogs == [
        "审定后东风镇2026Q4考评第1版的结果冻结：3个村（居）的得分和名次不能再重新计算，"
        "所读报表一并锁定；讲评兑现没有要下达的整改事项。确定审定吗？"
    ]
    assert leader.locator("#status").inner_text() == "已提交联席会议"
    a.refresh_from_db()
    assert a.status == "submitted"
    leader.dialog_answer = True
    leader.click("#approve")
    leader.locator("text=已审定，结果已冻结").wait_for()
    assert leader.locator("#publish").count() == 0  # leaders approve, staff publish

    admin = session("admin")
    admin.goto(admin.base + f"/assessment/{a.pk}/")
    admin.click("#publish")
    admin.locator("text=已公布").first.wait_for()
    # Asked once, in the dialog: the server, told the answer, does not ask again.
    assert admin.dialogs == [
        "公布后东风镇2026Q4考评第1版的得分、名次和讲评兑现即对3个村（居）可见，公布不能撤回。"
        "确定公布吗？"
    ]
    with admin.expect_download() as dl:
        admin.click("#dl-ledger")
    path = tmp_path / "ledger.xlsx"
    dl.value.save_as(path)
    rows = list(openpyxl.load_workbook(path).worksheets[0].iter_rows(min_row=2, values_only=True))
    assert ("2026Q4", "V3", "镇中社区", "书记", "王五", "罚款", 300) in [r[:7] for r in rows]
    admin.screenshot(path=str(_shots() / "assessment-published.png"), full_page=True)

    reporter = session("reporter2")
    reporter.goto(reporter.base + f"/assessment/{a.pk}/")
    reporter.locator("#ranking").wait_for()
    assert reporter.locator("#row-V3 a").count() == 0
