"""Pages of the quarterly assessment, one module per page: townships, rubrics,
one assessment, its documents and charts, the ledger and year, checks across
sources. ``urls.py`` names the views through this package."""

from __future__ import annotations

from .assessment import compute, correct, detail, manual, step, unit
from .charts import heatmap_chart, ranking_chart, trend_chart
from .checks import resolve, sources_view
from .documents import DOCX, XLSX, annex, bulletin, monthly, period_summary, summary
from .ledger import LEDGER_HEADERS, Effects, ledger, ledger_totals, ledger_xlsx, year_view
from .rubrics import rubric_detail, rubric_diff, rubrics
from .townships import create, create_campaign, index, township

__all__ = [
    "DOCX",
    "LEDGER_HEADERS",
    "XLSX",
    "Effects",
    "annex",
    "bulletin",
    "compute",
    "correct",
    "create",
    "create_campaign",
    "detail",
    "heatmap_chart",
    "index",
    "ledger",
    "ledger_totals",
    "ledger_xlsx",
    "manual",
    "monthly",
    "period_summary",
    "ranking_chart",
    "resolve",
    "rubric_detail",
    "rubric_diff",
    "rubrics",
    "sources_view",
    "step",
    "summary",
    "township",
    "trend_chart",
    "unit",
    "year_view",
]
