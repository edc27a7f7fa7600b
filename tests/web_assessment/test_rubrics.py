"""Rubric versions: the shipped one from the start (saved by the first write, never
by a page view), uploads with problems located,
versions kept, and a diff in words."""

from __future__ import annotations

from typing import Any

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile

from kaoping.web.assessment import services
from kaoping.web.assessment.models import Assessment, RubricVersion

from .conftest import RUBRIC, Prepared


def _upload(client: Any, text: str, name: str = "细则.yaml") -> Any:
    return client.post(
        "/assessment/t/T1/rubrics/",
        {"file": SimpleUploadedFile(name, text.encode()), "note": "第二季度修订"},
    )


def _rows() -> dict[str, int]:
    return {
        m.__name__: m._default_manager.count()
        for m in apps.get_app_config("assessment").get_models()
    }


@pytest.mark.parametrize(
    "page",
    ["/assessment/t/T1/rubrics/", "/assessment/t/T1/", "/assessment/t/T1/rubrics/1/"],
)
def test_a_township_without_versions_is_shown_the_shipped_rubric_and_nothing_is_written(
    prepared: Prepared, login: Any, page: str
) -> None:
    RubricVersion.objects.all().delete()
    before = _rows()
    response = login("assessor").get(page)
    assert response.status_code == 200
    assert "村级人口与家庭服务工作季度考评细则" in response.content.decode()
    assert _rows() == before


def test_the_first_assessment_saves_the_shipped_rubric_as_version_1(
    prepared: Prepared, login: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The test world's figures fit the test rubric: ship that one here.
    monkeypatch.setattr(services, "default_rubric_text", lambda: RUBRIC)
    RubricVersion.objects.all().delete()
    response = login("assessor").post("/assessment/t/T1/new/", {"period": "2026Q4", "rubric": "1"})
    assert response.status_code == 302
    rv = RubricVersion.objects.get(township=prepared.world.t1)
    assert (rv.number, rv.text, rv.note) == (1, RUBRIC, services.SHIPPED_NOTE)
    assert Assessment.objects.get(township=prepared.world.t1).rubric == rv


def test_a_broken_rubric_shows_line_and_column_and_saves_nothing(
    prepared: Prepared, login: Any
) -> None:
    broken = RUBRIC.replace("max: 30", "max: 三十")
    response = _upload(login("assessor"), broken)
    assert response.status_code == 400
    html = response.content.decode()
    line = broken.splitlines().index("    max: 三十") + 1
    assert f"细则.yaml:{line}:" in html
    assert RubricVersion.objects.count() == 1


def test_a_file_that_is_not_utf8_is_refused_in_chinese(prepared: Prepared, login: Any) -> None:
    response = login("assessor").post(
        "/assessment/t/T1/rubrics/",
        {"file": SimpleUploadedFile("细则.yaml", RUBRIC.encode("gbk"))},
    )
    assert response.status_code == 400
    assert "不是 UTF-8" in response.content.decode()
    assert RubricVersion.objects.count() == 1


def test_a_good_upload_is_the_next_version_with_its_author(prepared: Prepared, login: Any) -> None:
    response = _upload(login("admin"), RUBRIC.replace("max: 10\n", "max: 12\n", 1))
    assert response.status_code == 302
    rv = RubricVersion.objects.get(number=2)
    assert rv.author is not None
    assert (rv.author.username, rv.note) == ("admin", "第二季度修订")
    assert RubricVersion.objects.get(number=1).text == RUBRIC


@pytest.mark.parametrize(
    ("change", "sentence"),
    [
        (("max: 30", "max: 25"), "项目 records“例会记录”满分由30改为25"),
        (
            ("per_point_below: 2", "per_point_below: 3"),
            "项目 attendance“服务日到位率”规则改为：比率 attended / invited，满分线0.95，60分，"
            "每低1个百分点扣3分，不足1个百分点按1计，无法计算时得满分"
            "（原为：比率 attended / invited，满分线0.95，60分，每低1个百分点扣2分，"
            "不足1个百分点按1计，无法计算时得满分）",
        ),
        (
            (
                "  births_unreported:",
                "  visits: {label: 走访户数, type: count}\n  births_unreported:",
            ),
            "新增数据项 visits（走访户数）",
        ),
        (
            (
                "ranking: {order: desc, ties: shared, top: 1,",
                "ranking: {order: desc, ties: shared, top: 2,",
            ),
            "排名规则改变：前列1→2，后列1→1，并列shared→shared，边界include_ties→include_ties，顺序desc→desc",
        ),
        (
            ("      - {kind: 黄牌警告, to: [unit]}\n", ""),
            "兑现规则（后列连续2次）改为",
        ),
    ],
)
def test_the_diff_says_what_changed_in_words(
    prepared: Prepared, login: Any, change: tuple[str, str], sentence: str
) -> None:
    client = login("assessor")
    assert _upload(client, RUBRIC.replace(*change)).status_code == 302
    html = client.get("/assessment/t/T1/rubrics/diff/?a=1&b=2").content.decode()
    items = html.split('id="diff"')[1]
    assert sentence in items


@pytest.mark.parametrize(
    ("change", "sentence"),
    [
        (("max: 30", "max: 25"), 'Item records "例会记录": full points changed from 30 to 25'),
        (
            ("per_point_below: 2", "per_point_below: 3"),
            'Item attendance "服务日到位率": rule changed to: rate attended / invited, '
            "full points at 0.95, 60 points, 3 points off per percentage point below, "
            "part of a percentage point counted as one, full points when it cannot be computed "
            "(was: rate attended / invited, full points at 0.95, 60 points, "
            "2 points off per percentage point below, part of a percentage point counted as one, "
            "full points when it cannot be computed)",
        ),
        (
            (
                "ranking: {order: desc, ties: shared, top: 1,",
                "ranking: {order: desc, ties: shared, top: 2,",
            ),
            "Ranking changed: top 1 → 2, bottom 1 → 1, ties shared → shared, "
            "boundary include_ties → include_ties, order desc → desc",
        ),
        (
            ("      - {kind: 黄牌警告, to: [unit]}\n", ""),
            "Consequence rule (bottom 2 times in a row) changed to",
        ),
    ],
)
def test_the_diff_says_what_changed_in_english_to_an_english_page(
    prepared: Prepared, login: Any, change: tuple[str, str], sentence: str, settings: Any
) -> None:
    client = login("assessor")
    assert _upload(client, RUBRIC.replace(*change)).status_code == 302
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get("/assessment/t/T1/rubrics/diff/?a=1&b=2").content.decode()
    items = html.split('id="diff"')[1].replace("&quot;", '"')
    assert sentence in items


def test_added_and_removed_items_are_named(prepared: Prepared, login: Any) -> None:
    extra = RUBRIC.replace(
        "  - id: other\n",
        "  - id: visits\n    title: 入户走访\n    max: 5\n    rules:\n"
        "      - {manual: true}\n  - id: other\n",
    ).replace(
        "  - id: records\n    title: 例会记录\n    max: 30\n    rules:\n"
        "      - {check: records_ok, points: 30}\n",
        "",
    )
    client = login("assessor")
    assert _upload(client, extra).status_code == 302
    html = client.get("/assessment/t/T1/rubrics/diff/?a=1&b=2").content.decode()
    assert "新增考评项目 visits“入户走访”，满分5" in html
    assert "删除考评项目 records“例会记录”" in html


def test_a_quarter_is_assessed_with_the_version_chosen(prepared: Prepared, login: Any) -> None:
    client = login("assessor")
    _upload(client, RUBRIC.replace("name: 测试细则", "name: 测试细则（修订）"))
    client.post("/assessment/t/T1/new/", {"period": "2026Q4", "rubric": 1})
    from kaoping.web.assessment.models import Assessment

    assert Assessment.objects.get().rubric.number == 1


def test_a_huge_file_is_refused_before_it_is_read(prepared: Prepared, login: Any) -> None:
    response = _upload(login("assessor"), RUBRIC + "#" * (1024 * 1024))
    assert response.status_code == 400
    assert "不能超过 1048576 字节" in response.content.decode()
    assert RubricVersion.objects.count() == 1
