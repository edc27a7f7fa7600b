"""The reporting form: drafts, submission, validation in Chinese, conflicts, locking."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from kaoping.web.core.models import FigureChange, Report
from tests.asking import yes

# Run on PostgreSQL too (tests/conftest.py): a save's version check and write share one transaction, locked differently on each database.
pytestmark = pytest.mark.both_databases

URL = "/report/{ds}/{unit}/2026Q3/"


def url(world: Any, unit: str = "V1", ds: Any = None) -> str:
    return URL.format(ds=(ds or world.ds).pk, unit=unit)


def post(client: Any, world: Any, version: int = 0, action: str = "save", **values: str) -> Any:
    data = {"version": str(version), "action": action, **values}
    return client.post(url(world), data)


def report(world: Any) -> Report:
    return Report.objects.get(dataset=world.ds, unit=world.v1, period="2026Q3")


def test_a_reporter_sees_an_empty_form_with_chinese_labels(login: Any, world: Any) -> None:
    page = login("reporter").get(url(world)).content.decode()
    assert "应到人数" in page and "例会记录规范" in page
    assert 'type="radio" name="records_ok" value="1"' in page
    assert not Report.objects.exists()  # looking writes nothing


def test_a_draft_saves_partial_figures_and_audits_each(login: Any, world: Any) -> None:
    r = post(login("reporter"), world, invited="40")
    assert r.status_code == 302
    rep = report(world)
    assert rep.status == "draft" and rep.version == 1
    assert rep.values() == {"invited": Decimal("40")}
    change = FigureChange.objects.get()
    assert (change.element, change.old_value, change.new_value, change.path) == (
        "invited",
        None,
        Decimal("40"),
        "form",
    )
    assert change.user == world.users["reporter"]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("invited", "abc", "“abc”不是数字"),
        ("invited", "-3", "“-3”是负数，人数/件数不能为负"),
        ("invited", "2.5", "“2.5”不是整数，人数/件数应为整数"),
        ("records_ok", "maybe", "“maybe”不是是/否值"),
    ],
)
def test_a_bad_value_is_refused_with_a_chinese_message_next_to_its_field(
    login: Any, world: Any, field: str, value: str, message: str
) -> None:
    r = post(login("reporter"), world, **{field: value})  # type: ignore[arg-type]  # a field, never version
    page = r.content.decode()
    assert r.status_code == 200
    assert message in page
    # the message sits in the field's own error slot
    slot = page.split(f'id="err-{field}"')[1].split("</div>")[0]
    assert message in slot
    assert not Report.objects.exists()


def test_submitting_needs_every_value_without_a_default(login: Any, world: Any) -> None:
    r = post(login("reporter"), world, action="submit", invited="40", records_ok="1")
    page = r.content.decode()
    assert "必填：请填写“实到人数”" in page.split('id="err-attended"')[1].split("</div>")[0]
    assert "accuracy" not in page.split("必填")[0][-200:]  # has a default, not required
    assert not Report.objects.exists()


def test_submitting_applies_the_data_sets_checks(login: Any, world: Any) -> None:
    r = post(login("reporter"), world, action="submit", invited="40", attended="41", records_ok="1")
    page = r.content.decode()
    assert "实到人数不能大于应到人数" in page.split('id="err-attended"')[1].split("</div>")[0]
    assert not Report.objects.exists()


def test_a_complete_submission_is_recorded_with_its_time(login: Any, world: Any) -> None:
    r = post(login("reporter"), world, action="submit", invited="40", attended="38", records_ok="1")
    assert r.status_code == 302
    rep = report(world)
    assert rep.status == "submitted" and rep.first_submitted_at is not None
    assert rep.values() == {
        "invited": Decimal("40"),
        "attended": Decimal("38"),
        "records_ok": Decimal("1"),
    }


def test_a_submitted_form_is_out_of_the_reporters_hands(login: Any, world: Any) -> None:
    client = login("reporter")
    post(client, world, action="submit", invited="40", attended="38", records_ok="1")
    assert post(client, world, version=1, invited="41").status_code == 403
    assert report(world).values()["invited"] == Decimal("40")


def test_returning_needs_a_reason_and_reopens_the_form(login: Any, world: Any, client: Any) -> None:
    post(login("reporter"), world, action="submit", invited="40", attended="38", records_ok="1")
    login("assessor")
    client.post(url(world) + "return/", {"reason": ""})
    assert report(world).status == "submitted"
    client.post(url(world) + "return/", {"reason": "应到人数有误"})
    rep = report(world)
    assert (rep.status, rep.return_reason) == ("returned", "应到人数有误")
    page = login("reporter").get(url(world)).content.decode()
    assert "应到人数有误" in page
    assert post(client, world, version=1, invited="42").status_code == 302


def test_approval_locks_the_form_for_everyone(login: Any, world: Any, client: Any) -> None:
    post(login("reporter"), world, action="submit", invited="40", attended="38", records_ok="1")
    assert login("leader").post(url(world) + "approve/", yes({"version": "1"})).status_code == 302
    assert report(world).status == "approved"
    for persona in ["reporter", "assessor", "admin"]:
        assert post(login(persona), world, version=1, invited="1").status_code == 403
    assert report(world).values()["invited"] == Decimal("40")


def test_a_later_save_of_the_same_field_shows_both_values(
    login: Any, world: Any, client: Any
) -> None:
    post(login("reporter"), world, invited="40")
    # the reporter and the assessor both load version 1
    login("assessor")
    assert post(client, world, version=1, invited="45").status_code == 302
    r = post(login("reporter"), world, version=1, invited="41")
    page = r.content.decode()
    assert r.status_code == 409
    assert "其他人已保存" in page
    assert 'value="41"' in page and 'value="45"' in page
    assert report(world).values()["invited"] == Decimal("45")  # nothing overwritten
    # the person chooses their own value, against the version shown
    assert post(client, world, version=2, invited="41").status_code == 302
    assert report(world).values()["invited"] == Decimal("41")


def test_a_stale_form_keeps_fields_changed_by_others_that_it_left_alone(
    login: Any, world: Any, client: Any
) -> None:
    post(login("reporter"), world, invited="40", attended="30")
    login("assessor")
    post(client, world, version=1, invited="40", attended="35")
    # the reporter, still on version 1, changes only invited
    r = post(login("reporter"), world, version=1, invited="42", attended="30")
    assert r.status_code == 302
    assert report(world).values() == {"invited": Decimal("42"), "attended": Decimal("35")}


def test_htmx_posts_get_the_form_fragment(login: Any, world: Any) -> None:
    client = login("reporter")
    r = client.post(
        url(world), {"version": "0", "action": "save", "invited": "x"}, HTTP_HX_REQUEST="true"
    )
    page = r.content.decode()
    assert page.startswith('<div id="report-form">') or page.lstrip().startswith(
        '<div id="report-form">'
    )
    assert "“x”不是数字" in page


@pytest.mark.parametrize(
    ("value", "message"),
    [("abc", "“abc”不是数字"), ("-1", "“-1”是负数，人数/件数不能为负"), ("12", "")],
)
def test_a_field_is_checked_as_it_is_left(login: Any, world: Any, value: str, message: str) -> None:
    r = login("reporter").post(url(world) + "check/invited/", {"invited": value})
    fragment = r.content.decode()
    assert fragment.startswith('<div class="error" id="err-invited"')
    assert message in fragment
    if not message:
        assert "不是" not in fragment and "负数" not in fragment
    assert not Report.objects.exists()


def test_checking_a_field_needs_the_right_to_edit(login: Any, world: Any) -> None:
    assert login("leader").post(url(world) + "check/invited/", {"invited": "1"}).status_code == 403
    assert (
        login("reporter2").post(url(world) + "check/invited/", {"invited": "1"}).status_code == 404
    )
    assert login("reporter").post(url(world) + "check/nonsense/", {"x": "1"}).status_code == 404


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("first", [False, True], ids=["report saved before", "first save"])
def test_two_saves_at_the_same_moment_never_both_win(world: Any, first: bool) -> None:
    """Two people save the same figure from the same version at once: exactly one
    is written and the other is a conflict. On a first save both create the
    report: one insert waits for the other, finds it, and takes the locked path."""
    import threading

    from django.db import connection

    if connection.vendor == "sqlite":
        pytest.skip(
            "the in-memory test database shares one cache whose table locks do not wait; "
            "the file database of kaoping serve takes its write lock at BEGIN "
            "(transaction_mode IMMEDIATE) instead of SELECT ... FOR UPDATE"
        )

    from kaoping.web.core import services
    from kaoping.web.core.models import Report

    saved = None if first else services.report_for(world.ds, world.v1, "2026Q3")
    outcomes: list[str] = []
    barrier = threading.Barrier(2)

    def save(value: str, persona: str) -> None:
        # each request has its own object, unsaved when it found no report
        rep = saved or Report(dataset=world.ds, unit=world.v1, period="2026Q3")
        try:
            barrier.wait()
            services.save_figures(
                rep,
                {"invited": Decimal(value)},
                user=world.users[persona],
                path="form",
                base_version=0,
            )
            outcomes.append("saved")
        except services.Conflict:
            outcomes.append("conflict")
        finally:
            connection.close()

    threads = [
        threading.Thread(target=save, args=("41", "reporter")),
        threading.Thread(target=save, args=("45", "assessor")),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["conflict", "saved"]
    assert FigureChange.objects.count() == 1
    assert Report.objects.filter(unit=world.v1).count() == 1
