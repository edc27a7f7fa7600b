"""With the English locale, the main pages of every persona say nothing in Chinese
but data: what a page shows of its own (headings, explanations, buttons, the
questions asked before an action, messages) comes from the catalogues.

The check: render the page under ``en``, drop what is data (every Chinese text
stored in the database — unit, person, data set and element names, rubric text,
target files, reminders — and its parts between separators, nothing else), drop
the language chooser's own names (简体中文 is its own name in every language) and
the documents a page shows as they are sent (:data:`DOCUMENTS`, declared
``lang="zh-Hans"``), and fail on any CJK ideograph left, naming the page and the
text. A page declaring anything else Chinese does not escape: the engine's
explanations, targets and reconciliation texts are worded in English.
A string a template forgot to mark, or a Python message without gettext, or a
msgid without English, is caught here.

The notification, letters and dispatch pages are covered too.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

import pytest

CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
SEPARATORS = re.compile(r"[\n、，,；;：:（）()·/]")
# What a person may type or a sheet must carry, quoted as it is in the English help:
# the column names, and a quarter written the Chinese way.
FILE_HEADERS = [
    "2026年第三季度",
    "上级代码",
    "单位代码",
    "起始日期",
    "终止日期",
    "代码",
    "名称",
    "层级",
    "职务",
    "姓名",
    "片",
    "村",
    "社区",
]
TEXT_ATTRS = {"title", "aria-label", "placeholder", "alt"}
# Chinese documents shown as they are published (the dispatch board's bulletin):
# the one place besides the language chooser a page may say Chinese of its own,
# and only inside an element declared Chinese that carries one of these ids.
DOCUMENTS = frozenset({"bulletin"})
# Elements without an end tag: never pushed on the stack of skipped ones.
VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)


class _Text(HTMLParser):
    """The visible text and the texts of attributes a person reads, outside
    scripts, styles, the language chooser and the documents declared Chinese."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.skip: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        declared = (a.get("lang") or "").lower().startswith("zh") and a.get("id") in DOCUMENTS
        if self.skip or declared or tag in ("script", "style") or a.get("name") == "language":
            if tag not in VOID:
                self.skip.append(tag)
            return
        for k, v in attrs:
            if v and (k in TEXT_ATTRS or k.startswith("data-")):
                self.out.append(v)

    def handle_endtag(self, tag: str) -> None:
        if self.skip and self.skip[-1] == tag:
            self.skip.pop()

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.out.append(data)


# Texts kaoping writes into the database itself: interface, not data, although
# stored (in Chinese, as the records they are): a letter's audit notes and the
# judgement of a clause from the figures, a signer's role as of the signing date,
# an assessment's audit notes and ledger, why a work area must catch up. A page
# words them in the reader's language; only what a person typed inside them (a
# reason, a note) is data, and found as such in the fields that keep it too.
# Each field with the rows kaoping words (None: all of them); the others' texts
# (a letter's reason for deletion, an approval's note) were typed by a person.
WRITTEN_BY_KAOPING: dict[str, dict[str, Any] | None] = {
    "letters.LetterEvent.note": {
        "action__in": ["clause", "edit", "remove_clause", "correct", "sign", "accept"]
    },
    "letters.Clause.observed": None,
    "dispatch.CatchUp.reason": None,
    "assessment.LedgerEntry.reason": None,
    "assessment.InspectionEvent.note": {"action": "record"},
    "meetings.MeetingEvent.note": {"action": "create"},
    "meetings.Attendee.role_label": None,
    "letters.Signatory.role_label": None,
    "assessment.AssessmentEvent.note": {"action__in": ["create", "compute", "manual", "correct"]},
    "assessment.CountyAssessmentEvent.note": {"action__in": ["create", "entry", "compute"]},
}


def data_values() -> list[str]:
    from django.apps import apps
    from django.db import models

    found: set[str] = set()
    for model in apps.get_models():
        label = model._meta.label
        for f in model._meta.fields:
            if not isinstance(f, models.CharField | models.TextField):
                continue
            rows = model._default_manager.all()
            key = f"{label}.{f.name}"
            if key in WRITTEN_BY_KAOPING:
                worded = WRITTEN_BY_KAOPING[key]
                if worded is None:
                    continue
                rows = rows.exclude(**worded)
            for v in rows.values_list(f.name, flat=True):
                if isinstance(v, str) and CJK.search(v):
                    found.add(v.strip())
                    found.update(p.strip() for p in SEPARATORS.split(v) if CJK.search(p))
    return sorted(found, key=len, reverse=True)


def leftover_chinese(html: str, data: list[str]) -> list[str]:
    parser = _Text()
    parser.feed(html)
    text = "\n".join(parser.out)
    for value in [*data, *FILE_HEADERS]:
        text = text.replace(value, " ")
    return sorted({line.strip() for line in text.splitlines() if CJK.search(line)})


@pytest.fixture
def township(module_demo: Any, db: Any, settings: Any) -> dict[str, Any]:
    """The demo township (loaded once for the module, tests/conftest.py), a county
    admin and an outsider (another township's admin)."""
    from django.contrib.auth import get_user_model

    from kaoping.web.core.models import Membership, Unit

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    county = Unit.objects.get(level=Unit.Level.COUNTY, code="C01")
    other = Unit.objects.create(code="T99", name="远山镇", level=Unit.Level.TOWNSHIP, parent=county)
    User = get_user_model()
    for name, unit in (("county", county), ("outsider", other)):
        user = User.objects.create_user(username=name, password="x-9-correct-horse")
        Membership.objects.create(user=user, role=Membership.Role.ADMIN, unit=unit)
    from kaoping.web.assessment.models import Assessment
    from kaoping.web.core.models import DataSet

    published = (
        Assessment.objects.filter(township__code="T01", status="published")
        .order_by("-period")
        .first()
    )
    assert published is not None
    from kaoping.web.dispatch.models import AreaReport
    from kaoping.web.letters.models import Letter

    # The targets kaoping ships, stored as a township's uploaded file: their titles
    # are then the township's data, in the database like every other.
    from kaoping.web.planning.models import TargetFile
    from kaoping.web.planning.services import shipped_targets_text

    targets = TargetFile.objects.create(
        unit=published.township, name="targets.yaml", text=shipped_targets_text()
    )
    from kaoping.web.assessment.models import CountyAssessment, Inspection
    from kaoping.web.meetings.models import Meeting

    report = AreaReport.objects.select_related("area").order_by("pk").first()
    letter = Letter.objects.order_by("pk").first()
    # An accepted letter (its clauses judged, its signers, its notes) and a
    # signed one (the acceptance form judges its clauses from the figures).
    accepted = Letter.objects.filter(status="accepted").order_by("pk").first()
    signed = Letter.objects.filter(status="signed").order_by("pk").first()
    county_assessment = CountyAssessment.objects.order_by("pk").first()
    assert report is not None and letter is not None and accepted is not None
    assert county_assessment is not None
    if signed is None:  # sign one more: the demo's letters are all accepted
        signed = _a_signed_letter(accepted)
    return {
        "ds": DataSet.objects.get(township__code="T01", code="quarterly").pk,
        "a": published.pk,
        "campaign": report.campaign_id,
        "area": report.area.code,
        "letter": letter.pk,
        "accepted": accepted.pk,
        "signed": signed.pk,
        "targets": targets.pk,
        "county": county.code,
        "ca": county_assessment.pk,
        "inspection": Inspection.objects.order_by("pk").values_list("pk", flat=True)[0],
        # The last meeting: its attendees resolved from the roles held on its day.
        "meeting": Meeting.objects.order_by("-pk").values_list("pk", flat=True)[0],
    }


def _a_signed_letter(accepted: Any) -> Any:
    """A correction of an accepted letter, signed by someone else than who started
    it: signed, not yet accepted, with a clause the figures judge."""
    from datetime import date

    from django.contrib.auth import get_user_model

    from kaoping.web.letters import services

    new = services.correct(accepted.pk, "演示更正原因", None)
    signer = get_user_model().objects.get(username="admin")
    on = accepted.signed_on or date(accepted.year, 1, 1)
    return services.sign(new.pk, on, "更正扫描件.pdf", b"%PDF-1.4 demo", signer)


STAFF = [
    "/",
    "/units/",
    "/units/T01/",
    "/units/V01/",
    "/units/V01/history/",
    "/units/new/",
    "/units/import/",
    "/users/",
    "/datasets/new/",
    "/report/{ds}/V01/2026Q4/",
    "/datasets/{ds}/2026Q4/completeness/",
    "/datasets/{ds}/2026Q4/upload/",
    "/account/tokens/",
    "/account/password/",
    "/account/two-factor/",
    "/planning/",
    "/planning/villages/V01/",
    "/planning/t/T01/service-days/",
    "/planning/t/T01/service-days/new/",
    "/planning/t/T01/targets/?file={targets}",
    "/planning/t/T01/base-figures/",
    "/planning/t/T01/allocations/",
    "/planning/t/T01/allocations/new/",
    "/planning/t/T01/campaigns/",
    "/planning/t/T01/reminders/",
    "/assessment/",
    "/assessment/t/T01/",
    "/assessment/t/T01/rubrics/",
    "/assessment/t/T01/ledger/2026/",
    "/assessment/t/T01/year/2026/",
    "/assessment/t/T01/sources/",
    "/assessment/t/T01/followups/",
    "/assessment/{a}/",
    "/assessment/{a}/unit/V01/",
    "/meetings/t/T01/",
    "/meetings/{meeting}/",
    "/jobs/",
    "/notify/account/",
    "/notify/t/T01/robots/",
    "/notify/t/T01/log/",
    "/letters/t/T01/",
    "/letters/{letter}/",
    "/letters/{accepted}/",
    "/letters/{signed}/",
    "/letters/{signed}/accept/",
    "/letters/units/V01/",
    "/assessment/t/T01/rubrics/1/",
    "/assessment/inspections/{inspection}/",
    "/assessment/t/T01/rubrics/diff/?a=1&b=2",
    "/api/",
    "/dispatch/campaigns/{campaign}/",
    "/dispatch/campaigns/{campaign}/areas/{area}/",
]
PAGES = {
    "admin": STAFF,
    "assessor": STAFF,
    "leader": STAFF,
    "reporter": [
        "/",
        "/report/{ds}/V01/2026Q4/",
        "/datasets/{ds}/2026Q4/upload/",
        "/planning/villages/V01/",
        "/planning/villages/V01/reminders/",
        "/assessment/{a}/unit/V01/",
        "/letters/units/V01/",
        "/account/password/",
        "/account/two-factor/",
        "/jobs/",
    ],
    "county": ["/", "/units/", "/users/county/", "/assessment/", "/account/two-factor/"],
    # The demo county's leader: the county page (its rubrics, its assessments),
    # the county's assessment of its townships with its notes.
    "county_leader": [
        "/",
        "/assessment/",
        "/assessment/county/{county}/",
        "/assessment/county/a/{ca}/",
        "/api/",
    ],
    # Another township's admin meets the refusals: those must be English too.
    "outsider": ["/", "/units/V01/", "/report/{ds}/V01/2026Q4/", "/assessment/{a}/unit/V01/"],
}
# Pages that must show what-if sentences (东风村 loses points in the published
# quarter), so that the check above reads them in English, not an empty list.
WITH_WHATIF = frozenset({"/assessment/{a}/unit/V01/"})


@pytest.mark.parametrize("persona", list(PAGES))
def test_every_main_page_says_nothing_in_chinese_but_data_under_english(
    client: Any, township: dict[str, Any], persona: str, settings: Any
) -> None:
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username=persona))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    data = data_values()
    found: dict[str, list[str]] = {}
    for template in PAGES[persona]:
        path = template.format(**township)
        r = client.get(path, follow=True)
        assert r.status_code in (200, 403, 404), (path, r.status_code)
        assert r.headers["Content-Language"] == "en", path
        if template in WITH_WHATIF and r.status_code == 200:
            assert '<ul id="whatif">' in r.content.decode(), path
        left = leftover_chinese(r.content.decode(), data)
        if left:
            found[path] = left

    assert found == {}


@pytest.mark.parametrize(
    ("html", "left"),
    [
        ("<p>Reports of 东村</p>", []),
        ("<p>未翻译的说明</p>", ["未翻译的说明"]),
        ('<button data-confirm="确定吗？">OK</button>', ["确定吗？"]),
        ('<td lang="zh-Hans">扣3分</td><td>ok</td>', ["扣3分"]),
        ('<div id="bulletin" lang="zh-Hans"><p>通报</p></div><p>ok</p>', []),
        ('<div id="bulletin"><p>通报</p></div>', ["通报"]),
        ("<script>var a = '中文';</script>", []),
        ('<select name="language"><option>简体中文</option></select>', []),
    ],
)
def test_the_check_finds_chinese_outside_data_and_declared_text(html: str, left: list[str]) -> None:
    assert leftover_chinese(html, ["东村"]) == left


FULL_WIDTH = re.compile(r"[（）：]")
# Pages whose own brackets and colons around data are ASCII under English (through
# in_parens and the "after a label" colon): none of （）： may be left once the data
# is dropped, and the sentences below are shown as typed here.
ASCII_PUNCTUATION = {
    "/planning/t/T01/allocations/new/": [
        '<nav class="subnav">平安镇: ',
        '<a href="?spec=screening_slots">春季服务日两癌筛查预约名额 (321)</a>',
    ],
    "/planning/t/T01/campaigns/": ["<td>春季两癌筛查预约任务 (2000)</td>"],
    "/planning/t/T01/service-days/": ["</a> (not recorded)<br>"],
    "/planning/t/T01/targets/?file={targets}": [
        "Villages spot-checked by the city or county: <span",
        "<td>not evaluated (aim)</td>",
    ],
    "/planning/t/T01/reminders/": ['<nav class="subnav">平安镇: '],
    "/notify/account/": ['<li>平安镇: <a href="/notify/t/T01/robots/">Group robots</a>'],
    "/report/{ds}/V01/2026Q4/": [
        "<p>东风村 (V01) · 2026Q4 · Deadline",
        '<p>Status: <span class="status draft">Draft</span>',
    ],
    "/letters/{letter}/": [
        '<p class="party">Party A: 平安镇人民政府</p>',
        '<p class="party">Party B: 东风村</p>',
        '<span class="clause-kind no-print"> (Allocated task)</span>',
    ],
    "/letters/{letter2}/accept/": [
        '<p class="verdict met">From the figures: Done (105 of 105 done)</p>'
    ],
    "/dispatch/campaigns/{campaign}/areas/{area}/": ["<strong>东片工作组</strong>: Leader <a"],
    "/dispatch/people/{person}/": ["<h1>杨建国 (东风村, Party secretary)</h1>"],
    "/units/V01/": ["<p>Parent: 东片 · "],
}


def test_the_fixed_pages_put_data_in_ascii_brackets_under_english(
    client: Any, township: dict[str, Any], settings: Any
) -> None:
    from django.contrib.auth import get_user_model

    from kaoping.web.dispatch.models import Person
    from kaoping.web.letters.models import Letter

    person = Person.objects.get(name="杨建国")
    letter2 = Letter.objects.order_by("pk")[1].pk
    client.force_login(get_user_model().objects.get(username="admin"))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    data = data_values()
    found: dict[str, list[str]] = {}
    for template, shown in ASCII_PUNCTUATION.items():
        path = template.format(**township, person=person.pk, letter2=letter2)
        html = client.get(path).content.decode()
        missing = [s for s in shown if s not in html]
        left = [line for line in leftover_punctuation(html, data) if FULL_WIDTH.search(line)]
        if missing or left:
            found[path] = missing + left

    assert found == {}


def leftover_punctuation(html: str, data: list[str]) -> list[str]:
    parser = _Text()
    parser.feed(html)
    text = "\n".join(parser.out)
    for value in [*data, *FILE_HEADERS]:
        text = text.replace(value, " ")
    return sorted({line.strip() for line in text.splitlines() if FULL_WIDTH.search(line)})


def _upload_with_a_bad_number(client: Any, township: dict[str, Any]) -> Any:
    """The demo data set's sheet for 东风村 with one value that is no number."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from kaoping.web.core.models import DataSet

    elements = list(DataSet.objects.get(pk=township["ds"]).elements.all())
    head = ",".join(["单位代码", "期间", *(e.label for e in elements)])
    row = ",".join(["V01", "2026Q4", "3x", *("1" for _ in elements[1:])])
    sheet = SimpleUploadedFile("bad.csv", f"{head}\n{row}\n".encode())
    return client.post(f"/datasets/{township['ds']}/2026Q4/upload/", {"file": sheet})


def _an_overlapping_service_day(client: Any, township: dict[str, Any]) -> Any:
    """A second service day for the unit and time of one already planned."""
    from kaoping.web.planning.models import ServiceDay

    day = ServiceDay.objects.select_related("unit").order_by("pk").first()
    assert day is not None
    return client.post(
        "/planning/t/T01/service-days/new/",
        {
            "unit": day.unit.pk,
            "day": day.day.isoformat(),
            "notice_on": day.notice_on.isoformat() if day.notice_on else day.day.isoformat(),
            "start": f"{day.start:%H:%M}",
            "end": f"{day.end:%H:%M}",
            "place": day.place,
            "services": day.services,
            "staff": day.staff,
            "late_notice_reason": "told late",
        },
    )


# What a persona sends that the page answers with its refusals: they are English
# too, with the data between ASCII brackets.
POSTED = {
    "admin": {"upload": _upload_with_a_bad_number, "overlap": _an_overlapping_service_day},
    "reporter": {"upload": _upload_with_a_bad_number},
}
# The sentence each answer must hold, so that the check reads the refusal itself.
REFUSED = {"upload": "is not a number", "overlap": "overlap"}


@pytest.mark.parametrize(
    ("persona", "action"), [(p, a) for p, actions in POSTED.items() for a in actions]
)
def test_the_refusals_of_what_a_persona_sends_are_english_around_data(
    client: Any, township: dict[str, Any], persona: str, action: str, settings: Any
) -> None:
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username=persona))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    data = data_values()
    r = POSTED[persona][action](client, township)
    html = r.content.decode()
    assert r.headers["Content-Language"] == "en"
    assert REFUSED[action] in html
    assert leftover_chinese(html, data) == []
    assert leftover_punctuation(html, data) == []
