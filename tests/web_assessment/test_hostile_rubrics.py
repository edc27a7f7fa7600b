"""A hostile rubric upload is refused with its place in the page, and nothing is saved.

Before the bounds, an alias bomb ran a worker to gigabytes, 1.0e-99999999 was
accepted and hung scoring, and deep nesting answered 500.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from kaoping.web.assessment.models import RubricVersion

from .conftest import RUBRIC, Prepared

ALIAS_BOMB = "".join(
    f"{n}: &{n} [{', '.join([f'*{p}'] * 9)}]\n" for p, n in zip("abcde", "bcdef", strict=True)
)
ALIAS_BOMB = 'a: &a ["x","x","x","x","x","x","x","x","x"]\n' + ALIAS_BOMB


def _line_of(text: str, fragment: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if fragment in line)


CASES = {
    # name: (text, the place shown, words shown in Chinese)
    "an alias bomb": (ALIAS_BOMB, "细则.yaml:2:8:", "不接受 YAML 别名"),
    "5000 nested lists": (
        "a: " + "[" * 5000 + "]" * 5000 + "\n",
        "细则.yaml:1:35:",
        "嵌套超过32层",
    ),
    "a ratio of 1.0e-99999999": (
        RUBRIC.replace("full_at: 0.95", "full_at: 1.0e-99999999", 1),
        f"细则.yaml:{_line_of(RUBRIC, 'full_at: 0.95')}:",
        "小数位数超过18位",
    ),
    "a maximum of 1.0e+999999999": (
        RUBRIC.replace("max: 30", "max: 1.0e+999999999", 1),
        f"细则.yaml:{_line_of(RUBRIC, 'max: 30')}:",
        "过大",
    ),
}


@pytest.mark.parametrize("case", CASES)
def test_a_hostile_rubric_upload_is_refused_with_its_place(
    case: str, prepared: Prepared, login: Any
) -> None:
    text, place, words = CASES[case]
    assert "full_at: 0.95" in RUBRIC and "max: 30" in RUBRIC  # the cases bite
    response = login("assessor").post(
        "/assessment/t/T1/rubrics/",
        {"file": SimpleUploadedFile("细则.yaml", text.encode()), "note": ""},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert place in html and words in html, html
    assert RubricVersion.objects.count() == 1


def test_a_rubric_naming_a_coercive_measure_is_refused_in_the_page(
    prepared: Prepared, login: Any
) -> None:
    label = next(line for line in RUBRIC.splitlines() if "label:" in line)
    text = RUBRIC.replace(label, label.split("label:")[0] + "label: 结扎人数, type: count}", 1)
    response = login("assessor").post(
        "/assessment/t/T1/rubrics/",
        {"file": SimpleUploadedFile("细则.yaml", text.encode()), "note": ""},
    )
    assert response.status_code == 400
    html = response.content.decode()
    line = _line_of(text, "结扎人数")
    assert f"细则.yaml:{line}:" in html and "涉及结扎或绝育" in html, html
    assert RubricVersion.objects.count() == 1
