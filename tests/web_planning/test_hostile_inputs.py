"""Hostile targets files and allocation forms are refused beside their field."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from kaoping.web.planning.models import Allocation, BaseFigure, TargetFile

TARGET_CASES = {
    "an alias": ("a: &x {indicator: a / b, every_unit: '>= 0.5'}\nb: *x\n", "mine.yaml:2:4:"),
    "deep nesting": ("a: " + "{b: " * 5000 + "1" + "}" * 5000 + "\n", "mine.yaml:1:"),
    "a weight of 1e999999999": (
        "s:\n  total: 10\n  weights: {a: 1e999999999}\n",
        "mine.yaml:3:16:",
    ),
    "a threshold with 22 places": (
        't:\n  indicator: a / b\n  every_unit: ">= 0.0000000000000000000001"\n',
        "mine.yaml:3:15:",
    ),
}


@pytest.mark.parametrize("case", TARGET_CASES)
def test_a_hostile_targets_upload_is_refused_with_its_place(
    case: str, login: Any, world: Any
) -> None:
    text, place = TARGET_CASES[case]
    r = login("admin").post(
        "/planning/t/T1/targets/upload/",
        {"file": SimpleUploadedFile("mine.yaml", text.encode())},
        follow=True,
    )
    problems = r.context["upload_problems"]
    assert any(p.startswith(place) for p in problems), problems
    assert not TargetFile.objects.exists()


@pytest.fixture
def base(world: Any) -> None:
    for unit, population in ((world.v1, 1000), (world.v2, 2000)):
        BaseFigure.objects.create(unit=unit, name="population", value=Decimal(population))


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("w_population", "1e999999999", "过大"),
        ("w_population", "1e-99999999", "小数位数超过18位"),
        ("total", "1" + "0" * 30, "1000000000"),
        ("floor", "1" + "0" * 30, "1000000000"),
    ],
)
def test_an_allocation_beyond_the_bounds_is_refused_beside_its_field(
    login: Any, base: None, field: str, value: str, words: str
) -> None:
    data = {"title": "名额", "period": "2026Q2", "total": "10", "floor": "0", "w_population": "1"}
    data[field] = value
    r = login("admin").post("/planning/t/T1/allocations/new/", {**data, "preview": "1"})
    assert r.status_code in (200, 400)
    errors = r.context["form"].errors
    assert field in errors and words in " ".join(errors[field]), errors
    assert not Allocation.objects.exists()


@pytest.mark.parametrize(
    ("text", "place", "words"),
    [
        (
            "t:\n  standard: birth_rate\n  every_unit: '<= 12‰'\n",
            "mine.yaml:3:15:",
            "出生率只作统计",
        ),
        (
            "t:\n  title: 计外孕人数\n  indicator: a / b\n  every_unit: '>= 0.9'\n",
            "mine.yaml:2:10:",
            "计划外怀孕或生育",
        ),
    ],
)
def test_a_targets_file_out_of_scope_is_refused_with_the_reason(
    login: Any, world: Any, text: str, place: str, words: str
) -> None:
    r = login("admin").post(
        "/planning/t/T1/targets/upload/",
        {"file": SimpleUploadedFile("mine.yaml", text.encode())},
        follow=True,
    )
    problems = r.context["upload_problems"]
    assert any(p.startswith(place) and words in p for p in problems), problems
    assert not TargetFile.objects.exists()
