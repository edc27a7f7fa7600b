"""The township's follow-up list: who may open it, its filters, and the overdue
state derived from the due date and the state (never stored)."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from .conftest import Prepared
from .followup_world import approved_q3, approved_q3_v1_bottom, v1_item

pytestmark = pytest.mark.django_db

URL = reverse("assessment:followups", args=["T1"])


def _shown(r: Any) -> list[str]:
    """The (unit, kind, responsible) of every row the page lists, in order."""
    import re

    html = r.content.decode()
    return [
        f"{unit} {kind} {who}"
        for unit, who, kind in re.findall(
            r'<tr id="followup-\d+" class="followup">\s*<td>[^<]*</td><td>([^<]*)</td>'
            r"<td>([^<]*)</td><td>([^<]*)</td>",
            html,
        )
    ]


@pytest.mark.parametrize(
    ("persona", "code"),
    [("admin", 200), ("assessor", 200), ("leader", 200), ("county", 200),
     ("reporter", 404), ("reporter2", 404), ("outsider", 404)],
)  # fmt: skip
def test_the_township_list_is_for_the_township_and_its_county(
    login: Any, prepared: Prepared, persona: str, code: int
) -> None:
    approved_q3(prepared)
    assert login(persona).get(URL).status_code == code


def test_the_list_shows_every_item_with_its_responsible_person_and_a_printable_head(
    login: Any, prepared: Prepared
) -> None:
    approved_q3(prepared)
    r = login("leader").get(URL)
    assert _shown(r) == [
        "镇中社区 整改 镇中社区",
        "镇中社区 整改 书记 李四",
        "镇中社区 召开分析会 镇中社区",
        "镇中社区 表态发言 书记 李四",
    ]
    html = r.content.decode()
    assert "<thead>" in html and 'id="nav-followups"' in html
    assert "style=" not in html and "<script>" not in html
    # The leader reads; only staff verify.
    assert "验收通过" not in html


def _states(prepared: Prepared) -> None:
    """V1 asked too (in a second township-wide set), some items moved on."""
    from kaoping.web.assessment.models import Rectification

    approved_q3_v1_bottom(prepared)
    Rectification.objects.filter(pk=v1_item().pk).update(state="reported")
    Rectification.objects.filter(pk=v1_item("召开分析会").pk).update(state="verified")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"state": "reported"}, ["东村 整改 东村"]),
        ({"state": "verified"}, ["东村 召开分析会 东村"]),
        ({"person": "李"}, []),
        ({"area": "A1", "state": "open"}, ["东村 整改 书记（空缺）", "东村 表态发言 书记（空缺）"]),
    ],
)
def test_the_filters_narrow_the_list(
    login: Any, prepared: Prepared, query: dict[str, str], expected: list[str]
) -> None:
    _states(prepared)
    assert _shown(login("admin").get(URL, query)) == expected


def test_a_filter_value_that_is_not_offered_is_named_and_the_list_still_shows(
    login: Any, prepared: Prepared
) -> None:
    approved_q3(prepared)
    r = login("admin").get(URL, {"state": "lost", "person": "x" * 51})
    html = r.content.decode()
    assert r.status_code == 200
    assert "状态：选择一个有效的选项。 lost 不在可用的选项中。" in html
    assert "责任人：确保该变量包含不超过 50 字符 (目前字符数 51)。" in html
    assert len(_shown(r)) == 4


TODAY = date(2026, 12, 1)


@pytest.mark.parametrize(
    ("due", "state", "overdue"),
    [
        (TODAY - timedelta(days=1), "open", True),
        (TODAY - timedelta(days=1), "reported", True),  # reported but not yet verified
        (TODAY - timedelta(days=1), "verified", False),
        (TODAY - timedelta(days=1), "superseded", False),
        (TODAY, "open", False),  # due today is not yet late
        (TODAY + timedelta(days=1), "open", False),
    ],
)
def test_an_item_is_overdue_when_its_due_date_passed_and_it_is_not_verified(
    prepared: Prepared, due: date, state: str, overdue: bool
) -> None:
    from kaoping.web.assessment import rectifications
    from kaoping.web.assessment.models import Rectification

    approved_q3_v1_bottom(prepared)
    it = v1_item()
    Rectification.objects.filter(pk=it.pk).update(due=due, state=state)
    it.refresh_from_db()
    assert it.overdue_on(TODAY) is overdue
    late = Rectification.objects.filter(rectifications.overdue_filter(TODAY), pk=it.pk)
    assert late.exists() is overdue


def test_the_overdue_filter_lists_the_late_items_marked_as_late(
    login: Any, prepared: Prepared
) -> None:
    from kaoping.web.assessment.models import Rectification

    approved_q3_v1_bottom(prepared)
    today = timezone.localdate()
    Rectification.objects.update(due=today + timedelta(days=3))
    Rectification.objects.filter(pk=v1_item().pk).update(due=today - timedelta(days=2))
    r = login("assessor").get(URL, {"overdue": "on"})
    assert _shown(r) == ["东村 整改 东村"]
    assert r.content.decode().count("已逾期") == 1


def test_the_list_reads_in_english_for_an_english_browser(login: Any, prepared: Prepared) -> None:
    approved_q3(prepared)
    html = login("admin").get(URL, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    for words in ("Follow-ups", "Responsible", "Due", "To do", "Overdue only", "Filter"):
        assert words in html


def test_a_follow_up_asked_of_the_work_area_names_the_area_as_responsible(
    login: Any, prepared: Prepared
) -> None:
    from .conftest import RUBRIC, assessment_in

    prepared.rubric.text = RUBRIC.replace(
        "      - {kind: 通报批评, to: [unit, secretary]}\n  - group: bottom\n    streak: 2\n",
        "      - {kind: 整改, to: [area], due_days: 10}\n  - group: bottom\n    streak: 2\n",
    )
    prepared.rubric.save(update_fields=["text"])
    assessment_in(prepared, "2026Q3", "approved")
    r = login("admin").get(URL)
    assert _shown(r) == ["镇中社区 整改 第一片"]
    assert "2026-10-10" in r.content.decode()


@pytest.mark.parametrize(
    ("language", "shown", "not_shown"),
    [
        (
            "zh-hans",
            [
                "升级至片长：赵六",
                "升级至镇领导：leader",
                # The engine's words, as stored: 22 days late on 11-21, 7 and 21 the steps.
                "期限2026-10-30，已逾期22天，满7天升级至片长。包村干部空缺，顺延。",
                "期限2026-10-30，已逾期22天，满21天升级至镇领导。",
            ],
            ["Escalated to", "Due 2026"],
        ),
        # The step's reason is worded from its facts in the reader's language.
        (
            "en",
            [
                "Escalated to Area chief: 赵六",
                "Escalated to Township leader: leader",
                "Due 2026-10-30, 22 days overdue: at 7 days it goes up to Area chief. "
                "Liaison cadre: nobody holds it, passed over.",
                "Due 2026-10-30, 22 days overdue: at 21 days it goes up to Township leader.",
            ],
            ["升级至片长：", "已逾期", "顺延"],
        ),
    ],
)
def test_the_escalation_ladder_is_said_in_the_pages_language(
    login: Any, prepared: Prepared, language: str, shown: list[str], not_shown: list[str]
) -> None:
    from kaoping.web.assessment.escalations import escalate_overdue

    approved_q3(prepared)
    escalate_overdue(date(2026, 11, 21))
    html = login("admin").get(URL, HTTP_ACCEPT_LANGUAGE=language).content.decode()
    text = re.sub(r"<[^>]+>", "", html)  # dates sit in <span class="date">
    for words in shown:
        assert words in text
    for words in not_shown:
        assert words not in text


def test_the_ladder_labels_marked_for_translation_are_the_engines() -> None:
    from django.utils import translation

    from kaoping.engine import LADDER, LADDER_LABELS_ZH
    from kaoping.web.core.templatetags.kaoping import ladder_label

    with translation.override("zh-hans"):
        assert [ladder_label(level) for level in LADDER] == [LADDER_LABELS_ZH[x] for x in LADDER]
    with translation.override("en"):
        assert [ladder_label(level) for level in LADDER] == [
            "Village (community)",
            "Liaison cadre",
            "Area chief",
            "Township leader",
        ]
