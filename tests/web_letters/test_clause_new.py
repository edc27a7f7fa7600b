"""Adding a clause to a draft: a rubric item, a target or a commitment."""

from __future__ import annotations

from typing import Any

import pytest

from kaoping.web.letters.models import Clause


def test_staff_add_a_rubric_item_clause(login: Any, letter: Any) -> None:
    r = login("admin").post(
        f"/letters/{letter.pk}/clauses/",
        {"kind": "rubric", "text": "服务日工作得满分", "path": "service_day", "period": "2026Q2"},
    )
    assert r.status_code == 302
    c = Clause.objects.get(letter=letter, number=3)
    assert (c.kind, c.path, c.period) == ("rubric", "service_day", "2026Q2")
    assert letter.events.filter(action="clause").count() == 3


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"kind": "rubric", "text": "x", "path": "a", "period": "2026Q9"},
         "期间：“2026Q9”不是期间（例如2026Q2、2026）"),
        ({"kind": "rubric", "text": "x", "path": "", "period": "2026Q2"},
         "考评项目：考评细则项目须写明项目路径（例如service_day）"),
        ({"kind": "target", "text": "x", "target": "", "period": "2026Q2"},
         "目标：目标文件条款须写明目标名称"),
    ],
)  # fmt: skip
def test_bad_clauses_are_named(login: Any, letter: Any, data: dict[str, str], message: str) -> None:
    r = login("admin").post(f"/letters/{letter.pk}/clauses/", data)
    assert r.status_code == 400
    assert message in r.content.decode()
    assert letter.clauses.count() == 2


@pytest.mark.parametrize(
    ("persona", "status"),
    [("leader", 403), ("reporter", 403), ("reporter2", 404), ("outsider", 404)],
)
def test_it_refuses_who_may_not_write(login: Any, letter: Any, persona: str, status: int) -> None:
    r = login(persona).post(
        f"/letters/{letter.pk}/clauses/", {"kind": "commitment", "text": "按时上报"}
    )
    assert r.status_code == status
    assert letter.clauses.count() == 2
