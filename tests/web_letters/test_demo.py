"""The demo's campaign has a signed letter for every village and work area, about
half of them accepted, and loading again adds none."""

from __future__ import annotations

import time
from typing import Any

import pytest

from kaoping.web.letters.models import Letter


@pytest.fixture(scope="module")
def demo() -> Any:
    from kaoping.demo import build_demo

    return build_demo()


def test_the_demo_campaign_has_letters_for_every_village_and_area(
    db: Any, demo: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from kaoping.web.core.models import Unit
    from kaoping.web.demo import load_demo
    from kaoping.web.letters.demo import load_letters_demo

    with django_capture_on_commit_callbacks(execute=True):
        load_demo(demo)
    township = Unit.objects.get(code=demo.township[0])
    units = set(
        Unit.objects.filter(township=township, level__in=["village", "community", "area"])
        .values_list("code", flat=True)
    )  # fmt: skip
    letters = list(Letter.objects.select_related("unit"))
    assert {lt.unit.code for lt in letters} == units
    assert {lt.status for lt in letters} == {"signed", "accepted"}
    accepted = [lt for lt in letters if lt.status == "accepted"]
    assert len(accepted) == (len(letters) + 1) // 2
    assert all(lt.signatories.exists() for lt in letters if lt.unit.level != "area")
    assert all(lt.scan_name.endswith(".pdf") for lt in letters)
    # Every village's third clause (公开服务项目) was judged not met.
    village = next(lt for lt in accepted if lt.unit.level != "area")
    assert [c.met for c in village.clauses.all()][1:] == [True, False]
    start = time.perf_counter()
    assert load_letters_demo(township) is False
    assert time.perf_counter() - start < 1
