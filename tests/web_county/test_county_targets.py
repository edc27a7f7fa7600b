"""The county's own targets page (/assessment/county/<code>/targets/): the county's
admin uploads or replaces the county's targets file, its leader reads it, a
township's people and outsiders get 404; and the county's 工作总结 judges what
was uploaded, worded for townships (各乡镇).

The county of conftest.py, 2026Q3 (its table), hand-computed against TARGETS:

| township | attended / invited | >= 88%  | standard share | >= 0.666666666666666667      |
|----------|--------------------|---------|----------------|------------------------------|
| 东镇 T1  | 190 / 200 = 95%    | yes     | 1              | yes                          |
| 西镇 T2  | 178 / 200 = 89%    | yes     | 2/3 = 66.7%    | no (2/3 is just below it)    |
| 南镇 T3  | 188 / 200 = 94%    | yes     | 0              | no                           |

服务日到位率: 3 of 3 qualify, 3 needed: met. 例会记录规范率: 1 of 3 qualify, 3
needed: missed, short 南镇 (0.0%) then 西镇 (66.7%), the farthest first; the
threshold shown as a person wrote it to two places, 66.67%, as the township's
wording shows it.
"""

from __future__ import annotations

from html import escape as html_escape
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.web.test_english_pages import data_values, leftover_chinese

from .conftest import CountyWorld
from .test_county_documents import _paragraphs
from .test_county_summary import WHY_EN, WHY_ZH, _client, _q4, _quarter

TARGETS = """\
attendance:
  title: 服务日到位率
  indicator: attended / invited
  every_unit: ">= 0.88"
meetings:
  title: 例会记录规范率
  indicator: standard
  every_unit: ">= 0.666666666666666667"
"""
MET = "（一）服务日到位率。各乡镇达88%以上，达到（3个达标，需3个）。"
MISSED = (
    "（二）例会记录规范率。各乡镇达66.67%以上，未达到（1个达标，需3个），"
    "未达标的是南镇（0.0%）、西镇（66.7%）。"
)
FOCUS = (
    "例会记录规范率。本季度未达到“各乡镇达66.67%以上”的要求，未达标的是南镇、西镇。"
    "下季度将督促上述乡镇抓好落实。"
)
PAGE = "/assessment/county/C1/targets/"
UPLOAD = "/assessment/county/C1/targets/upload/"


def _upload(c: Client, text: str | bytes, name: str = "县级目标.yaml") -> Any:
    body = text.encode("utf-8") if isinstance(text, str) else text
    return c.post(UPLOAD, {"file": SimpleUploadedFile(name, body, "application/x-yaml")})


def _files() -> list[tuple[str, str]]:
    from kaoping.web.planning.models import TargetFile

    return list(TargetFile.objects.values_list("unit__code", "name"))


# --- who may open what -----------------------------------------------------------

PAGE_STATUS = [
    ("county_admin", 200),
    ("county_assessor", 200),
    ("county_leader", 200),
    ("township_admin", 404),
    ("township_leader", 404),
    ("reporter", 404),
    ("outsider", 404),
    ("outsider_township", 404),
]


@pytest.mark.parametrize(("persona", "status"), PAGE_STATUS)
def test_the_county_targets_page_is_read_by_the_countys_staff_alone(
    cw: CountyWorld, persona: str, status: int
) -> None:
    assert _client(persona).get(PAGE).status_code == status


UPLOAD_STATUS = [
    ("county_admin", 302),
    ("county_assessor", 302),
    ("county_leader", 403),  # reads, may not upload
    ("township_admin", 404),
    ("township_leader", 404),
    ("reporter", 404),
    ("outsider", 404),
    ("outsider_township", 404),
]


@pytest.mark.parametrize(("persona", "status"), UPLOAD_STATUS)
def test_only_the_countys_admin_and_assessor_upload_its_targets(
    cw: CountyWorld, persona: str, status: int
) -> None:
    assert _upload(_client(persona), TARGETS).status_code == status
    assert _files() == ([("C1", "县级目标.yaml")] if status == 302 else [])


def test_someone_signed_out_is_sent_to_sign_in(cw: CountyWorld) -> None:
    for r in (Client().get(PAGE), _upload(Client(), TARGETS)):
        assert r.status_code == 302
        assert "/login/" in r["Location"]
    assert _files() == []


def test_another_countys_code_answers_404_to_this_countys_admin(cw: CountyWorld) -> None:
    c = _client("county_admin")
    assert c.get("/assessment/county/C2/targets/").status_code == 404
    assert c.get("/assessment/county/T2/targets/").status_code == 404  # a township's code


def test_the_county_page_links_its_targets_for_its_staff_only(cw: CountyWorld) -> None:
    link = f'href="{PAGE}"'
    assert link in _client("county_leader").get("/assessment/county/C1/").content.decode()
    town = _client("township_admin").get("/assessment/county/C1/")
    assert town.status_code == 200
    assert link not in town.content.decode()


# --- what is uploaded, and what the summary makes of it ---------------------------


def test_after_upload_the_county_summary_judges_the_targets_uploaded(cw: CountyWorld) -> None:
    a = _quarter(cw, "2026Q3")
    r = _upload(_client("county_admin"), TARGETS)
    assert (r.status_code, r["Location"]) == (302, PAGE)
    web = _paragraphs(
        _client("county_leader").get(f"/assessment/county/a/{a.pk}/summary.docx").content
    )
    assert MET in web
    assert MISSED in web
    assert any(p.endswith(FOCUS) for p in web), "\n".join(web)
    assert not any("所有单位" in p for p in web)


def test_the_page_judges_the_targets_on_the_townships_figures_of_the_assessment(
    cw: CountyWorld,
) -> None:
    _quarter(cw, "2026Q3")
    _upload(_client("county_admin"), TARGETS)
    page = _client("county_leader").get(PAGE).content.decode()
    assert "各乡镇达88%以上" in page
    assert "各乡镇达66.67%以上" in page
    # The shortfalls, the farthest first, in the thresholds' points.
    # 西镇's 2/3 is short of 0.666666666666666667, by less than two decimals show.
    assert page.index("南镇 0%（差66.67个百分点）") < page.index(
        "西镇 66.67%（差不足0.01个百分点）"
    )
    assert "县级目标.yaml" in page
    assert "上传目标文件" not in page  # the leader reads; no upload form
    # The assessment chosen, its status after a dot, not in brackets inside brackets.
    assert ">2026年第三季度 · 已审定（冻结）</option>" in page


def test_an_upload_replaces_the_file_in_force_and_keeps_the_old_one(cw: CountyWorld) -> None:
    a = _quarter(cw, "2026Q3")
    c = _client("county_admin")
    _upload(c, TARGETS, "旧目标.yaml")
    _upload(c, TARGETS.replace('">= 0.88"', '">= 0.90"'), "新目标.yaml")
    assert sorted(n for _c, n in _files()) == ["新目标.yaml", "旧目标.yaml"]
    web = _paragraphs(c.get(f"/assessment/county/a/{a.pk}/summary.docx").content)
    # 90%: 西镇's 89% is short by a point.
    assert (
        "（一）服务日到位率。各乡镇达90%以上，未达到（2个达标，需3个），未达标的是西镇（89.0%）。"
        in web
    )
    table = c.get(PAGE).content.decode().split('id="target-files"', 1)[1]
    assert table.index("新目标.yaml") < table.index("现行") < table.index("旧目标.yaml")


BAD = [
    # (file, what the page says: the file, line and column, the field and its value)
    (
        'meetings:\n  title: 例会\n  indicator: standard\n  every_unit: ">= abc"\n',
        "县级目标.yaml:4:15: 目标 meetings 的 every_unit：“&gt;= abc”不是比较式",
    ),
    ("meetings: [1\n", "县级目标.yaml:2:1: YAML 语法错误"),
]


@pytest.mark.parametrize(("text", "said"), BAD)
def test_a_bad_file_is_refused_whole_saying_where(cw: CountyWorld, text: str, said: str) -> None:
    c = _client("county_admin")
    _upload(c, TARGETS, "现行.yaml")
    r = _upload(c, text)
    assert r.status_code == 400
    assert said in r.content.decode()
    assert _files() == [("C1", "现行.yaml")]  # nothing half-saved; the file in force stays


def test_a_file_too_large_or_not_utf8_is_refused_by_name(cw: CountyWorld) -> None:
    c = _client("county_admin")
    big = _upload(c, TARGETS + "#" * (256 * 1024), "大.yaml")
    assert big.status_code == 400
    assert "大.yaml：文件过大（上限256KB）" in big.content.decode()
    gbk = _upload(c, TARGETS.encode("gbk"), "gbk.yaml")
    assert gbk.status_code == 400
    assert "gbk.yaml：不是UTF-8编码的文本文件" in gbk.content.decode()
    none = c.post(UPLOAD, {})
    assert none.status_code == 400
    assert "请选择要上传的目标文件" in none.content.decode()
    assert _files() == []


def test_the_english_page_words_the_clauses_for_townships(cw: CountyWorld, settings: Any) -> None:
    _quarter(cw, "2026Q3")
    _upload(_client("county_admin"), TARGETS)
    c = _client("county_admin")
    c.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = c.get(PAGE).content.decode()
    assert "every township at or above 88%" in page
    assert "every township at or above 66.67%" in page
    assert "Upload a targets file" in page
    # Nothing in Chinese but data: the file's name and text, the targets' titles,
    # the townships' names (tests/web/test_english_pages.py's check).
    assert leftover_chinese(page, data_values()) == []


# --- a half-year, as its 工作总结 judges it ---------------------------------------------

# 2026H2 = 2026Q3 + 2026Q4 (the same figures again, test_county_summary._q4), by hand:
#
# | township | attended / invited summed | >= 88% | standard (a yes/no, no over_time) |
# |----------|---------------------------|--------|-----------------------------------|
# | 东镇 T1  | 380 / 400 = 95%           | yes    | not formed: no half-year figure   |
# | 西镇 T2  | 356 / 400 = 89%           | yes    | not formed                        |
# | 南镇 T3  | 376 / 400 = 94%           | yes    | not formed                        |
#
# 服务日到位率: 3 of 3, met. 例会记录规范率: not judged, in the words the command
# line refuses it with (test_county_summary.WHY_ZH, WHY_EN).
HALF_STATUS = [
    # (language, not judged, the reason, met)
    ("zh-hans", "未评判", "本期不评判该目标：" + WHY_ZH, "达到"),
    ("en", "not judged", "Not judged this period: " + WHY_EN, "met"),
]


@pytest.mark.both_databases
@pytest.mark.parametrize(("lang", "status", "reason", "met"), HALF_STATUS)
def test_a_half_years_target_on_a_yes_no_without_over_time_is_shown_not_judged_and_why(
    cw: CountyWorld, settings: Any, lang: str, status: str, reason: str, met: str
) -> None:
    _quarter(cw, "2026Q3")
    _q4(cw)
    _upload(_client("county_admin"), TARGETS)
    c = _client("county_leader")
    c.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    page = c.get(PAGE, {"period": "2026H2"}).content.decode()
    assert '<option value="2026H2" selected>' in page
    attendance, meetings = page.split('<section class="target">')[1:3]
    assert attendance.startswith("\n<h2>服务日到位率")
    assert f'<span class="status approved">{met}</span>' in attendance
    assert '<td class="num">3</td><td class="num">3</td><td class="num">3</td>' in attendance
    assert meetings.startswith("\n<h2>例会记录规范率")
    assert f'<span class="status">{status}</span>' in meetings
    assert f'<p class="not-judged">{html_escape(reason)}</p>' in meetings
    assert "<table>" not in meetings  # no clauses judged on a figure the half-year lacks
    if lang == "en":
        assert leftover_chinese(page, data_values()) == []


def test_a_half_year_not_yet_formed_says_which_quarter_is_not_approved(cw: CountyWorld) -> None:
    _quarter(cw, "2026Q3")
    _upload(_client("county_admin"), TARGETS)
    page = _client("county_leader").get(PAGE, {"period": "2026H2"}).content.decode()
    assert "2026年下半年工作总结由各季度审定的考评汇总，2026年第四季度还没有审定的考评" in page
    assert '<section class="target">' not in page


# The table's heads count townships on the county's page (the township's page
# keeps 达标单位: tests/web_planning/test_targets.py).
HEADS = {
    "zh-hans": "<th>要求</th><th>结果</th><th>达标乡镇</th><th>需要</th><th>参与计算</th>"
    "<th>未达标乡镇（差距）</th>",
    "en": "<th>Asked</th><th>Result</th><th>Townships qualifying</th><th>Needed</th>"
    "<th>Considered</th><th>Townships short (by)</th>",
}


@pytest.mark.parametrize("language", sorted(HEADS))
def test_the_county_targets_table_counts_townships_in_its_heads(
    cw: CountyWorld, settings: Any, language: str
) -> None:
    _quarter(cw, "2026Q3")
    _upload(_client("county_admin"), TARGETS)
    c = _client("county_leader")
    c.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    page = c.get(PAGE).content.decode()
    assert page.count(HEADS[language]) == 2  # one table per target
    assert "达标单位" not in page
