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


@pytest.mark.parametrize(
    ("reason", "period", "english"),
    [
        (
            "2026年第一季度考评总分100分，排名第1位，列前列",
            "2026Q1",
            "Q1 2026: total 100 points, rank 1, in the top group",
        ),
        (
            "2026年第三季度考评总分72.25分，排名第20位，列后列，连续2个季度",
            "2026Q3",
            "Q3 2026: total 72.25 points, rank 20, in the bottom group 2 quarters in a row",
        ),
        (
            "2026年7月考评总分60分，排名第9位，列后列，连续3个月",
            "2026-07",
            "2026-7: total 60 points, rank 9, in the bottom group 3 months in a row",
        ),
        (
            "“春季服务专项活动”专项考评总分89.8分，排名第21位，列后列",
            "2026Q1",
            'Campaign "春季服务专项活动": total 89.8 points, rank 21, in the bottom group',
        ),
        (
            "2026年第一季度考评总分100分，排名第1位，列前列（不予兑现：一票否决）",
            "2026Q1",
            "Q1 2026: total 100 points, rank 1, in the top group (withheld: vetoed)",
        ),
        (
            "2026年第一季度考评总分99分，排名第2位，列前列（不予兑现：已在“春季服务专项活动”专项活动考评中取消评优资格）",
            "2026Q1",
            "Q1 2026: total 99 points, rank 2, in the top group (withheld: made ineligible by "
            "the assessment of the campaign “春季服务专项活动”)",
        ),
        ("镇党委研究决定", "2026Q1", "镇党委研究决定"),
    ],
)
def test_a_ledger_reason_is_shown_in_english_and_kept_in_chinese(
    reason: str, period: str, english: str
) -> None:
    from kaoping.web.assessment.notes import reason_shown

    with translation.override("en"):
        assert reason_shown(reason, period) == english
    with translation.override("zh-hans"):
        assert reason_shown(reason, period) == reason


def test_the_ledger_keeps_its_reasons_in_chinese_whatever_the_language() -> None:
    from kaoping.web.assessment.services import _reason, _withheld_note

    unit = {"group": "bottom", "streak": 2, "total": "72.25", "rank": 20}
    with translation.override("en"):
        assert (
            _reason(unit, "2026Q3")
            == "2026年第三季度考评总分72.25分，排名第20位，列后列，连续2个季度"
        )
        assert _withheld_note({"withheld": "veto"}) == "（不予兑现：一票否决）"


def test_an_inspections_record_and_an_assessment_are_named_in_the_pages_language() -> None:
    from kaoping.web.assessment.models import Assessment
    from kaoping.web.assessment.notes import sampled_shown

    event = SimpleNamespace(action="record", note="抽查：东风村、红旗村")
    a = Assessment(period="2026Q1", version=2)
    with translation.override("en"):
        assert sampled_shown(event) == "Spot-checked: 东风村, 红旗村"
        assert str(a) == "2026Q1, version 2"
    with translation.override("zh-hans"):
        assert sampled_shown(event) == "抽查：东风村、红旗村"
        assert str(a) == "2026Q1 第2版"
