"""The words of the units a document ranks: a township's bulletin names its
villages (各村（居）, 全镇), a county's its townships (各乡镇, 全县), a province's
or a city's its counties (各县（市、区）, 全省 or 全市).

The documents are one code for both: the public functions take ``level``, the
level of the units ranked as ``kaoping score --level`` names it (``village``, the
default, ``township`` or ``county``; ``city_county``: a city's counties, whose
whole is 全市), and draw their blocks inside :func:`at_level`; every
sentence reads its words from :func:`words`. Nothing else differs: a county's
rates are the engine's, from the townships' summed parts.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

__all__ = ["LEVELS", "LevelWords", "at_level", "for_assessor", "for_tree", "words"]


@dataclass(frozen=True)
class LevelWords:
    level: str  # the level of the units ranked
    unit: str  # their word: 村（居）, 乡镇, 县（市、区）
    whole: str  # all of them together, the office's whole area: 全镇, 全县, 全省, 全市


LEVELS = {
    "village": LevelWords("village", "村（居）", "全镇"),
    "township": LevelWords("township", "乡镇", "全县"),
    "county": LevelWords("county", "县（市、区）", "全省"),  # a province's counties
    "city_county": LevelWords("county", "县（市、区）", "全市"),  # a city's
}

# The units an office of each level ranks, by their words' key in LEVELS: the web
# picks by the assessor's level (web/assessment/county_documents.py), the command
# line by the units file's top level (for_tree), so both say 全市 for a city.
_RANKED_BY = {
    "township": "village",
    "county": "township",
    "city": "city_county",
    "province": "county",
}


def for_assessor(level: str) -> str:
    """The key in :data:`LEVELS` of the units an office of ``level`` ranks: a
    township's villages, a county's townships, a city's or a province's counties
    (whose whole is 全市 or 全省); raises KeyError for any other level."""
    return _RANKED_BY[level]


def for_tree(ranked: str, top: str | None) -> str:
    """The key in :data:`LEVELS` of units of level ``ranked`` in a units file whose
    top level is ``top``: counties under a city are the city's (全市), under a
    province (or with nothing above them) the province's (全省)."""
    if ranked == "county" and top == "city":
        return for_assessor("city")
    return ranked


_WORDS: ContextVar[LevelWords] = ContextVar("kaoping_document_level", default=LEVELS["village"])


def words() -> LevelWords:
    """The words of the level being drawn (villages' unless :func:`at_level` says)."""
    return _WORDS.get()


@contextmanager
def at_level(level: str) -> Iterator[LevelWords]:
    """Draw in the words of ``level``; raises ValueError for a level without them."""
    try:
        chosen = LEVELS[level]
    except KeyError:
        raise ValueError(
            f"no document words for units of level {level!r} (have {', '.join(LEVELS)})"
        ) from None
    token = _WORDS.set(chosen)
    try:
        yield chosen
    finally:
        _WORDS.reset(token)
