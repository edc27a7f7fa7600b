"""A campaign's own bulletin and summary are laid out for the campaign: its title
and dates, its own rubric's items, 本次活动 for 本季度, no quarter named, no
comparison with an earlier quarter. campaign_world: 秋季服务活动 2026-10-08 to
11-30, ten villages, V1 100 first, V10 55 last (awards 500+300+200, fines 100+300)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from .campaign_world import campaign_assessment, prepare_campaign
from .conftest import Prepared, assessment_in


@pytest.fixture
def campaign(db: Any) -> Prepared:
    return prepare_campaign()


def _texts(a: Any, what: str) -> list[str]:
    from kaoping.documents import CampaignTitle, bulletin_blocks, summary_blocks, text_of
    from kaoping.web.assessment import services

    c = a.campaign
    title = CampaignTitle(c.title, c.start, c.end) if c is not None else None
    result = services.run_engine(a)
    make = bulletin_blocks if what == "bulletin" else summary_blocks
    return text_of(
        make(
            result,
            a.period,
            township="东风镇",
            when=date(2026, 12, 10),
            charts=False,
            campaign=title,
        )
    )


def test_the_campaigns_bulletin_names_the_campaign_and_its_dates(campaign: Prepared) -> None:
    texts = _texts(campaign_assessment(campaign, "approved"), "bulletin")
    assert texts[0] == "关于秋季服务活动考评情况的通报"
    assert texts[2] == (
        "根据《秋季服务活动考评细则》，对全镇10个村（居）在秋季服务活动"
        "（2026年10月8日至11月30日）中的工作进行了考评。现将考评情况通报如下："
    )
    assert "根据考评细则，本次活动奖励3人次，共1000元，罚款2人次，共400元。明细如下：" in texts
    assert "附件：1．秋季服务活动考评得分和名次表" in texts
    assert not [t for t in texts if "季度" in t]


def test_the_campaigns_summary_reads_its_own_items_and_no_earlier_quarter(
    campaign: Prepared,
) -> None:
    texts = _texts(campaign_assessment(campaign, "approved"), "summary")
    assert texts[0] == "东风镇秋季服务活动工作总结"
    # (100 + 95 + ... + 55) / 10 = 77.5
    assert texts[1] == (
        "秋季服务活动（2026年10月8日至11月30日），全镇10个村（居）按照《秋季服务活动考评细则》"
        "接受考评，平均得分77.5分，最高100分（东村），最低55分（第10村）。现将本次活动工作总结如下。"
    )
    assert "一、主要工作完成情况" in texts
    assert next(t for t in texts if t.startswith("（一）")).startswith("（一）任务完成率。")
    assert "下一步工作重点" in "".join(texts)
    assert not [t for t in texts if "季度" in t or "与上" in t]


def test_the_quarters_documents_keep_the_quarters_layout(campaign: Prepared) -> None:
    texts = _texts(assessment_in(campaign, "2026Q3", "approved"), "bulletin")
    assert texts[0].startswith("关于2026年第三季度") and texts[0].endswith("考评情况的通报")


def test_the_downloaded_campaign_bulletin_is_the_campaign_layout(campaign: Prepared) -> None:
    import io

    from docx import Document

    from kaoping.web.assessment.document_files import draw

    a = campaign_assessment(campaign, "approved")
    doc = Document(io.BytesIO(draw(a, "bulletin", date(2026, 12, 10))))
    paragraphs = [p.text for p in doc.paragraphs if p.text.strip()]
    assert paragraphs[0] == "关于秋季服务活动考评情况的通报"
    summary = Document(io.BytesIO(draw(a, "summary", date(2026, 12, 10))))
    assert (
        next(p.text for p in summary.paragraphs if p.text.strip()) == "东风镇秋季服务活动工作总结"
    )


# chart, language -> the title a campaign assessment's chart has, and a quarter's.
CHART_TITLES = [
    ("ranking", "zh", "秋季服务活动考评得分排名", "2026年第四季度考评得分排名"),
    ("ranking", "en", "Ranking by total, 秋季服务活动", "Ranking by total, 2026Q4"),
    ("heatmap", "zh", "秋季服务活动各村（居）分项得分", "2026年第四季度各村（居）分项得分"),
    ("heatmap", "en", "Item scores by village, 秋季服务活动", "Item scores by village, 2026Q4"),
]


@pytest.mark.parametrize(
    ("chart", "lang", "campaigns", "quarters"),
    CHART_TITLES,
    ids=[f"{c}-{la}" for c, la, *_ in CHART_TITLES],
)
def test_the_campaigns_charts_are_titled_by_the_campaign_and_a_quarters_by_its_quarter(
    campaign: Prepared,
    client: Any,
    monkeypatch: Any,
    settings: Any,
    tmp_path: Any,
    chart: str,
    lang: str,
    campaigns: str,
    quarters: str,
) -> None:
    """The campaign's ranking chart read "2026年第四季度考评得分排名"."""
    from kaoping import documents

    settings.KAOPING_CACHE_DIR = tmp_path
    drawn: list[str] = []
    figure: dict[str, Any] = {
        "ranking": documents.ranking_chart_figure,
        "heatmap": documents.heatmap_figure,
    }

    def titled(*args: Any, **kwargs: Any) -> bytes:
        drawn.append(figure[chart](*args, **kwargs).axes[0].get_title())
        return b"png"

    monkeypatch.setattr(documents, f"{chart}_png" if chart == "heatmap" else "ranking_chart_png",
                        titled)  # fmt: skip
    client.force_login(campaign.users["assessor"])
    for a in (
        campaign_assessment(campaign, "approved"),
        assessment_in(campaign, "2026Q4", "approved"),
    ):
        r = client.get(f"/assessment/{a.pk}/charts/{chart}.png", HTTP_ACCEPT_LANGUAGE=lang)
        assert r.status_code == 200
    assert drawn == [campaigns, quarters]
