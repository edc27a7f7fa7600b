"""The charts' own words in the page's language: the documents keep Chinese (the
default), the web's English pages get English titles and axes; unit names and
item titles stay as the township wrote them."""

from __future__ import annotations

import re

import pytest

from kaoping.documents import heatmap_figure, ranking_chart_figure, trend_chart_figure
from kaoping.documents._charts import CHART_WORDING

from .town import town

ASSESSMENT = town()
Q3 = ASSESSMENT.period("2026Q3")
CJK = re.compile(r"[\u3400-\u9fff]")


@pytest.mark.parametrize(
    ("lang", "title", "xlabel"),
    [("zh", "2026年第三季度考评得分排名", "总分"), ("en", "Ranking by total, 2026Q3", "Total")],
)
def test_the_ranking_chart_is_titled_in_its_language(lang: str, title: str, xlabel: str) -> None:
    ax = ranking_chart_figure(Q3, lang=lang).axes[0]
    assert (ax.get_title(), ax.get_xlabel()) == (title, xlabel)


def test_the_heatmap_in_english_says_its_title_and_scale_in_english() -> None:
    fig = heatmap_figure(ASSESSMENT, Q3, lang="en")
    ax, bar = fig.axes
    assert ax.get_title() == "Item scores by village, 2026Q3"
    assert bar.get_ylabel() == "Share of the item's maximum"


def test_a_units_trend_in_english_has_english_ticks_legend_and_title() -> None:
    ax = trend_chart_figure(ASSESSMENT, "V02", lang="en").axes[0]
    name = ASSESSMENT.period("2026Q3").unit("V02").display_name
    assert ax.get_title() == f"{name}: total by quarter"
    assert ax.get_ylabel() == "Total"
    ticks = [t.get_text() for t in ax.get_xticklabels()]
    assert ticks and all(re.fullmatch(r"2026 Q[1-4]", t) for t in ticks), ticks
    legend = ax.get_legend()
    assert legend is not None
    assert [t.get_text() for t in legend.get_texts()] == ["Township average", name]
    # Only the unit's name (data) is Chinese.
    assert not CJK.search(ax.get_title().replace(name, ""))


def test_the_township_trend_in_chinese_is_unchanged() -> None:
    ax = trend_chart_figure(ASSESSMENT).axes[0]
    assert ax.get_title() == "全镇各季度平均得分"
    # The town's data start with its second quarter.
    assert ax.get_xticklabels()[0].get_text() == "2026年2季度"


def test_every_language_has_the_same_chart_words() -> None:
    assert sorted(CHART_WORDING["zh"]) == sorted(CHART_WORDING["en"])
