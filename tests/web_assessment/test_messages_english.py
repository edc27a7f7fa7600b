"""The assessment pages' own messages (a version created, a rubric file refused)
are whole sentences of the catalogue: English to an English request, the Chinese
unchanged to a Chinese one."""

from __future__ import annotations

import html
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.asking import yes

from .conftest import RUBRIC, Prepared, assessment_in


def _correct_an_approved(prepared: Prepared, login: Any, lang: str) -> Any:
    a = assessment_in(prepared, "2026Q4", "approved")
    return login("assessor").post(
        f"/assessment/{a.pk}/correct/",
        yes({"reason": "数据有误"}),
        follow=True,
        HTTP_ACCEPT_LANGUAGE=lang,
    )


def _start_one(prepared: Prepared, login: Any, lang: str) -> Any:
    return login("assessor").post(
        "/assessment/t/T1/new/",
        {"period": "2026Q4", "rubric": "1"},
        follow=True,
        HTTP_ACCEPT_LANGUAGE=lang,
    )


def _upload_gbk(prepared: Prepared, login: Any, lang: str) -> Any:
    return login("assessor").post(
        "/assessment/t/T1/rubrics/",
        {"file": SimpleUploadedFile("rubric.yaml", RUBRIC.encode("gbk"))},
        HTTP_ACCEPT_LANGUAGE=lang,
    )


# (the request, what it says in Chinese, what it says in English)
MESSAGES = [
    (
        _correct_an_approved,
        "已建立第2版（草稿），原版本保留",
        "Version 2 created (draft); the earlier version is kept",
    ),
    (
        _start_one,
        "已创建 2026Q4 考评（草稿），请点“计算”",
        'The 2026Q4 assessment is created (draft); press "Compute"',
    ),
    (
        _upload_gbk,
        "rubric.yaml：文件不是 UTF-8 编码的文本，请另存为 UTF-8",
        "rubric.yaml: the file is not UTF-8 text; please save it as UTF-8",
    ),
]


@pytest.mark.parametrize(("request_", "chinese", "english"), MESSAGES)
def test_an_assessment_message_is_said_in_english_to_an_english_request(
    prepared: Prepared, login: Any, request_: Any, chinese: str, english: str
) -> None:
    page = html.unescape(request_(prepared, login, "en").content.decode())
    assert english in page
    assert chinese not in page


@pytest.mark.parametrize(("request_", "chinese", "english"), MESSAGES)
def test_the_same_message_is_said_in_chinese_to_a_chinese_request(
    prepared: Prepared, login: Any, request_: Any, chinese: str, english: str
) -> None:
    page = html.unescape(request_(prepared, login, "zh-hans").content.decode())
    assert chinese in page
    assert english not in page


def test_the_missing_figures_table_is_english_with_ascii_brackets(
    prepared: Prepared, login: Any
) -> None:
    import re

    from kaoping.web.core.models import Figure

    Figure.objects.filter(
        report__unit=prepared.world.v2, report__period="2026Q4", element="attended"
    ).delete()
    r = login("assessor").post(
        "/assessment/t/T1/new/", {"period": "2026Q4", "rubric": 1}, HTTP_ACCEPT_LANGUAGE="en"
    )
    table = r.content.decode().split('id="problems"')[1].split("</table>")[0]
    rows = [
        [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td>(.*?)</td>", row)]
        for row in table.split("<tr>")[2:]
    ]
    # The unit's and element's names are data; the brackets and the verdict are the page's.
    assert rows == [["西村 (V2)", "实到人数 (attended)", "Not reported"]]


def test_the_sources_heading_counts_in_ascii_brackets(prepared: Prepared, login: Any) -> None:
    page = login("assessor").get("/assessment/t/T1/sources/", HTTP_ACCEPT_LANGUAGE="en")
    assert "<h2>Units whose sources disagree (0 open)</h2>" in page.content.decode()
    page = login("assessor").get("/assessment/t/T1/sources/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert "<h2>来源不一致的单位（待核实 0）</h2>" in page.content.decode()


def test_a_bad_source_row_is_located_in_english(prepared: Prepared, login: Any) -> None:
    from .test_sources import GOOD

    bad = GOOD + "X9,2026Q4,出生,村级报告,1\nV2,2026Q4,死亡,医院分娩,1\n"
    r = login("assessor").post(
        "/assessment/t/T1/sources/",
        {"file": SimpleUploadedFile("check.csv", bad.encode())},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    problems = html.unescape(r.content.decode().split('id="problems"')[1].split("</div>")[0])
    assert r.status_code == 400
    assert (
        'check.csv row 7, column A: "X9" is not the code of a village (community) of this township'
        in problems
    )
    assert (
        'check.csv row 8, column C: "死亡" is not a measure that can be checked '
        "(births, first marriages)"
    ) in problems
