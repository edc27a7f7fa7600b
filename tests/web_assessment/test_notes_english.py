"""An assessment's audit notes (a township's, a county's) are kept in Chinese
as written and shown in the reader's language; a note a person typed is shown
as typed."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.utils import translation


@pytest.mark.parametrize(
    ("action", "note", "english"),
    [
        ("create", "考评细则：村级考评细则（第2版）", "Rubric: 村级考评细则 (version 2)"),
        ("compute", "21个单位", "21 units"),
        ("compute", "3个乡镇", "3 townships"),
        (
            "manual",
            "东风村 服务日 扣2.5分：台账缺失（需重新计算）",
            "东风村, 服务日: 2.5 points deducted: 台账缺失 (to be computed again)",
        ),
        ("correct", "第1版 → 第2版：数据有误", "Version 1 → version 2: 数据有误"),
        (
            "entry",
            "双龙乡 县级督查：1（台账未及时归档）（需重新计算）",
            "双龙乡, 县级督查: 1 (台账未及时归档) (to be computed again)",
        ),
        (
            "entry",
            "双龙乡 统计数据准确率：0.97（需重新计算）",
            "双龙乡, 统计数据准确率: 0.97 (to be computed again)",
        ),
        (
            "entry",
            "双龙乡 县级督查：清除（需重新计算）",
            "双龙乡, 县级督查: cleared (to be computed again)",
        ),
        # Typed by a person: as typed, whatever its shape.
        ("approve", "党政联席会议审定", "党政联席会议审定"),
        ("return", "3个单位", "3个单位"),
    ],
)
def test_an_assessments_note_is_shown_in_english_and_kept_in_chinese(
    action: str, note: str, english: str
) -> None:
    from kaoping.web.assessment.notes import note_shown

    event = SimpleNamespace(action=action, note=note)
    with translation.override("en"):
        assert note_shown(event) == english
    with translation.override("zh-hans"):
        assert note_shown(event) == note


def test_a_rubric_version_is_labelled_in_the_pages_language() -> None:
    from kaoping.web.assessment.models import RubricVersion

    rv = RubricVersion(name="村级考评细则", number=3)
    with translation.override("en"):
        assert str(rv) == "村级考评细则 (version 3)"
    with translation.override("zh-hans"):
        assert str(rv) == "村级考评细则（第3版）"
