"""Correcting a signed letter: a new version (第2版) drafted with the same clauses,
signed by someone other than whoever started it (four eyes); the signed letter is
kept as it was and marked 已被更正 once the correction is signed. Audited on both."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction

from kaoping.web.letters.models import Letter

from .conftest import PDF


@pytest.fixture
def signed(letter: Any, world: Any) -> Any:
    from kaoping.web.letters import services

    services.sign(letter.pk, date(2026, 4, 20), "s.pdf", PDF, world.users["admin"])
    letter.refresh_from_db()
    return letter


def _correct(client: Any, letter: Any, reason: str = "任务数调整") -> Any:
    return client.post(f"/letters/{letter.pk}/correct/", {"correct-reason": reason})


def _sign(client: Any, letter: Any) -> Any:
    return client.post(
        f"/letters/{letter.pk}/sign/",
        {"signed_on": "2026-04-25", "scan": SimpleUploadedFile("v2.pdf", PDF)},
    )


def test_a_correction_is_a_new_draft_with_the_same_clauses(login: Any, signed: Any) -> None:
    r = _correct(login("assessor"), signed)
    assert r.status_code == 302
    new = Letter.objects.get(replaces=signed)
    assert r["Location"] == f"/letters/{new.pk}/"
    assert (new.version, new.status, new.correction_reason) == (2, "draft", "任务数调整")
    assert [(c.number, c.kind, c.text, c.figure) for c in new.clauses.all()] == [
        (c.number, c.kind, c.text, c.figure) for c in signed.clauses.all()
    ]
    signed.refresh_from_db()
    assert signed.status == "signed"  # kept as signed until the correction is
    assert signed.events.filter(action="correct").get().note == "发起更正（第2版）：任务数调整"
    assert new.events.get(action="correct").note == "更正第1版：任务数调整"


def test_whoever_started_it_may_not_sign_it_and_another_may(login: Any, signed: Any) -> None:
    _correct(login("assessor"), signed)
    new = Letter.objects.get(replaces=signed)
    r = _sign(login("assessor"), new)
    assert r.status_code == 400
    assert "更正须由发起更正以外的人员签订（双人复核）" in r.content.decode()
    new.refresh_from_db()
    assert new.status == "draft"
    assert _sign(login("admin"), new).status_code == 302
    new.refresh_from_db()
    signed.refresh_from_db()
    assert (new.status, signed.status) == ("signed", "superseded")
    # The old letter keeps its date, scan and signatories.
    assert (str(signed.signed_on), signed.scan_name) == ("2026-04-20", "s.pdf")
    assert signed.signatories.count() == 3
    assert signed.events.filter(action="correct").last().note == "已被第2版取代（2026-04-25签订）"
    page = login("leader").get(f"/letters/{signed.pk}/").content.decode()
    assert "已被第2版取代" in page


def test_a_draft_is_edited_not_corrected(login: Any, letter: Any) -> None:
    r = _correct(login("admin"), letter)
    assert r.status_code == 400
    assert "只有已签订或已验收的责任书才能更正" in r.content.decode()
    assert not Letter.objects.filter(replaces=letter).exists()


def test_one_open_correction_at_a_time(login: Any, signed: Any) -> None:
    _correct(login("assessor"), signed)
    r = _correct(login("admin"), signed, "另一原因")
    assert r.status_code == 400
    assert "这份责任书已有更正（第2版），请在其上继续" in r.content.decode()
    assert Letter.objects.filter(replaces=signed).count() == 1
    # Held by the database too, for two at the same moment.
    with pytest.raises(IntegrityError), transaction.atomic():
        Letter.objects.create(
            township_id=signed.township_id, unit_id=signed.unit_id, kind=signed.kind,
            title="x", year=2026, party_a="x", version=2, replaces=signed,
        )  # fmt: skip


def test_a_deleted_correction_can_be_started_again(login: Any, signed: Any, world: Any) -> None:
    from kaoping.web.letters import services

    _correct(login("assessor"), signed)
    first = Letter.objects.get(replaces=signed)
    services.delete_letter(first.pk, "原因写错", world.users["assessor"])
    assert _correct(login("assessor"), signed, "任务数调整为12").status_code == 302
    assert Letter.objects.filter(replaces=signed).exclude(status="deleted").get().version == 2


def test_only_the_accepted_version_counts_in_the_figures(signed: Any, world: Any) -> None:
    from kaoping.web.letters import services

    _c1, c2 = signed.clauses.all()
    services.accept(signed.pk, date(2026, 5, 10), {c2.pk: (True, "已公开")}, world.users["admin"])
    key = ("V1", "2026Q2")
    assert key in services.letter_figures([world.v1], ["2026Q2"])
    new = services.correct(signed.pk, "任务数调整", world.users["assessor"])
    services.sign(new.pk, date(2026, 5, 12), "v2.pdf", PDF, world.users["admin"])
    # The accepted first version is superseded; the second is not accepted yet.
    assert services.letter_figures([world.v1], ["2026Q2"]) == {}


@pytest.mark.parametrize(
    ("persona", "status"),
    [("leader", 403), ("reporter", 403), ("reporter2", 404), ("outsider", 404)],
)
def test_it_refuses_who_may_not_write(login: Any, signed: Any, persona: str, status: int) -> None:
    assert _correct(login(persona), signed).status_code == status
    assert not Letter.objects.filter(replaces=signed).exists()
