"""A letter's records (audit notes, clauses judged from the figures) are kept in
Chinese as written and shown in the reader's language; a note of no known shape
stays as it was stored."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import translation


@pytest.mark.parametrize(
    ("action", "note", "english"),
    [
        ("clause", "（2）完成入户宣传", "(2) 完成入户宣传"),
        ("edit", "第1条：旧条款→新条款", "Clause 1: 旧条款 → 新条款"),
        ("edit", "第1条：旧条款", "Clause 1: 旧条款"),
        (
            "edit",
            "事项：春季活动→秋季活动；年度：2026→2027",
            "Subject: 春季活动 → 秋季活动; Year: 2026 → 2027",
        ),
        ("edit", "专项活动：无→春季活动", "Campaign: None → 春季活动"),
        ("remove_clause", "第3条：完成入户宣传", "Clause 3: 完成入户宣传"),
        ("correct", "更正第1版：任务数有误", "Corrects version 1: 任务数有误"),
        ("correct", "发起更正（第2版）：任务数有误", "Correction started (version 2): 任务数有误"),
        (
            "correct",
            "已被第2版取代（2026-03-01签订）",
            "Replaced by version 2 (signed on 2026-03-01)",
        ),
        ("sign", "签订日期2026-02-28；扫描件东风村.pdf", "Signed on 2026-02-28; scan 东风村.pdf"),
        (
            "sign",
            "签订日期2026-02-28；扫描件东风村.pdf；签订日无人任职：书记、专干",
            "Signed on 2026-02-28; scan 东风村.pdf; nobody held these roles on the signing date: "
            "Party secretary, Service worker",
        ),
        ("accept", "全部完成", "All met"),
        ("accept", "完成1条，共3条", "1 of 3 clauses met"),
        # Typed by a person, or of no known shape: as stored.
        ("delete", "重复起草", "重复起草"),
        ("sign", "手工补录", "手工补录"),
    ],
)
def test_a_letters_note_is_shown_in_english_and_kept_in_chinese(
    action: str, note: str, english: str
) -> None:
    from kaoping.web.letters.models import LetterEvent
    from kaoping.web.letters.notes import note_shown

    event = LetterEvent(action=action, note=note)
    with translation.override("en"):
        assert note_shown(event) == english
    with translation.override("zh-hans"):
        assert note_shown(event) == note


@pytest.mark.parametrize(
    ("observed", "english"),
    [
        ("完成22个，任务87个", "22 of 87 done"),
        ("目标文件中没有目标“screening”", 'The targets file has no target "screening"'),
        ("无数据", "no data"),
        ("服务日到场率：东风村无数据", "服务日到场率: no data for 东风村"),
        ("服务日到场率92.5%（要求>=90）", "服务日到场率: 92.5% (required: >=90)"),
        ("2026Q1的考评尚未审定", "The assessment of 2026Q1 is not approved yet"),
        (
            "2026Q1考评中没有东风村的“mch”得分",
            'The assessment of 2026Q1 has no score of 东风村 for "mch"',
        ),
        ("考评细则中没有项目“mch”", 'The rubric has no item "mch"'),
        ("妇幼健康得8.5分（满分10分）", "妇幼健康: 8.5 points (of 10)"),
    ],
)
def test_a_clause_judged_from_the_figures_is_shown_in_english(observed: str, english: str) -> None:
    from kaoping.web.letters.notes import observed_text_shown

    with translation.override("en"):
        assert observed_text_shown(observed) == english
    with translation.override("zh-hans"):
        assert observed_text_shown(observed) == observed


def test_the_records_keep_the_sentences_in_chinese(db: Any) -> None:
    from kaoping.web.letters.services import result_text

    with translation.override("en"):
        assert result_text(1, 3) == "完成1条，共3条"
        assert result_text(3, 3) == "全部完成"
