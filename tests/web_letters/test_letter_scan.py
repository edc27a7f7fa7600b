"""The signed scan: served to whoever reads the letter, as an attachment."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from kaoping.web.letters import services

from .conftest import PDF


@pytest.mark.parametrize(
    ("persona", "status"),
    [("admin", 200), ("leader", 200), ("reporter", 200), ("reporter2", 404), ("outsider", 404)],
)
def test_it_serves_the_scan_to_readers_only(
    login: Any, letter: Any, persona: str, status: int
) -> None:
    services.sign(letter.pk, date(2026, 4, 20), "东村责任书.pdf", PDF, None)
    r = login(persona).get(f"/letters/{letter.pk}/scan/")
    assert r.status_code == status
    if status == 200:
        assert r.content == PDF and r["Content-Type"] == "application/pdf"
        assert r["Content-Disposition"].startswith("attachment;")


def test_a_letter_without_a_scan_has_none(login: Any, letter: Any) -> None:
    assert login("admin").get(f"/letters/{letter.pk}/scan/").status_code == 404
