"""Signing: the date, the scan (PDF/JPG/PNG, bounded, checked by content) and the
signatories as they held their roles that day, kept whatever changes later."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from kaoping.web.letters.models import Letter

from .conftest import JPG, PDF, PNG


def _sign(client: Any, letter: Any, name: str = "signed.pdf", data: bytes = PDF,
          on: str = "2026-04-20") -> Any:  # fmt: skip
    return client.post(
        f"/letters/{letter.pk}/sign/",
        {"signed_on": on, "scan": SimpleUploadedFile(name, data)},
    )


@pytest.mark.parametrize(("on", "secretary"), [("2026-04-10", "赵书记"), ("2026-04-15", "钱书记")])
def test_signatories_are_who_held_the_role_on_the_day(
    login: Any, letter: Any, on: str, secretary: str
) -> None:
    r = _sign(login("assessor"), letter, on=on)
    assert r.status_code == 302
    letter.refresh_from_db()
    assert letter.status == "signed" and str(letter.signed_on) == on
    assert [(s.role_label, s.name) for s in letter.signatories.all()] == [
        ("书记", secretary), ("主任", "孙主任"), ("专干", "李专干"),
    ]  # fmt: skip
    assert letter.events.filter(action="sign").count() == 1


def test_a_later_role_change_does_not_rewrite_a_signed_letter(login: Any, letter: Any) -> None:
    from kaoping.web.core.models import Person

    _sign(login("admin"), letter)
    Person.objects.filter(name="孙主任").update(name="吴主任")
    page = login("admin").get(f"/letters/{letter.pk}/").content.decode()
    assert "孙主任" in page and "吴主任" not in page


@pytest.mark.parametrize(("name", "data"), [("a.png", PNG), ("b.JPG", JPG), ("c.jpeg", JPG)])
def test_photos_of_the_paper_are_accepted(login: Any, letter: Any, name: str, data: bytes) -> None:
    assert _sign(login("admin"), letter, name, data).status_code == 302


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("scan.txt", b"hello", "扫描件：文件scan.txt不是PDF、JPG或PNG"),
        ("scan.pdf", b"<html>", "扫描件：文件scan.pdf的内容不是PDF文件"),
        ("scan.png", JPG, "扫描件：文件scan.png的内容不是PNG文件"),
        ("big.pdf", PDF + b"0" * 2000, "扫描件：文件big.pdf有2045字节，超过上限1024字节"),
    ],
)
def test_bad_scans_are_refused_and_nothing_is_signed(
    login: Any, letter: Any, settings: Any, name: str, data: bytes, message: str
) -> None:
    settings.KAOPING_LETTER_SCAN_BYTES = 1024
    r = _sign(login("admin"), letter, name, data)
    assert r.status_code == 400
    assert message in r.content.decode()
    letter.refresh_from_db()
    assert (letter.status, letter.scan_name) == ("draft", "")


def test_it_refuses_to_sign_twice(login: Any, letter: Any) -> None:
    _sign(login("admin"), letter)
    r = _sign(login("admin"), letter, on="2026-05-01")
    assert r.status_code == 400
    assert "责任书已签订，不能再次签订" in r.content.decode()
    letter.refresh_from_db()
    assert str(letter.signed_on) == "2026-04-20"


def test_it_refuses_a_signing_date_outside_the_year(login: Any, letter: Any) -> None:
    r = _sign(login("admin"), letter, on="2023-01-01")
    assert "签订日期：2023-01-01不在2026年度（或其前一年）内" in r.content.decode()
    assert Letter.objects.get().status == "draft"


@pytest.mark.parametrize(
    ("persona", "status"),
    [("leader", 403), ("reporter", 403), ("reporter2", 404), ("outsider", 404)],
)
def test_it_refuses_who_may_not_sign(login: Any, letter: Any, persona: str, status: int) -> None:
    assert _sign(login(persona), letter).status_code == status
    assert Letter.objects.get().status == "draft"
