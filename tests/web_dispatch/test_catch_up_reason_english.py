"""Why a work area must catch up is kept in Chinese as written and shown in the
reader's language."""

from __future__ import annotations

from django.utils import translation


def test_a_catch_ups_reason_is_shown_in_english_and_kept_in_chinese() -> None:
    from kaoping.web.dispatch.models import CATCH_UP_REASON, CatchUp

    reason = CATCH_UP_REASON % {"rate": "11.4%", "pace": "20.0%", "points": "8.6"}
    assert reason == "完成率11.4%，进度20.0%，落后8.6个百分点"
    item = CatchUp(reason=reason)
    with translation.override("en"):
        assert item.reason_shown == (
            "Done 11.4% against a pace of 20.0%: 8.6 percentage points behind"
        )
    with translation.override("zh-hans"):
        assert item.reason_shown == reason
    # A reason of another shape (an older record): as stored.
    with translation.override("en"):
        assert CatchUp(reason="人工登记").reason_shown == "人工登记"
