"""A campaign (专项活动) named in its documents: the bulletin and the summary of a
campaign's own assessment carry the campaign's title and dates, not a quarter's."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..engine import format_date_zh

__all__ = ["CampaignTitle"]


@dataclass(frozen=True)
class CampaignTitle:
    """The campaign a document is about: ``春季服务专项活动``, 2026-03-01 to 04-09."""

    title: str
    start: date
    end: date

    @property
    def dates(self) -> str:
        """``2026年3月1日至4月9日`` (the year once when both ends share it)."""
        end = format_date_zh(self.end)
        if self.end.year == self.start.year:
            end = end.split("年", 1)[1]
        return f"{format_date_zh(self.start)}至{end}"

    @property
    def label(self) -> str:
        """``春季服务专项活动（2026年3月1日至4月9日）``."""
        return f"{self.title}（{self.dates}）"
