"""The words of the level a document ranks: a township's bulletin names its
villages (各村（居）, 全镇), a county's its townships (各乡镇, 全县).

The documents are one code for both levels: the public functions take ``level``
(``"township"``, the default, or ``"county"``) and draw their blocks inside
:func:`at_level`; every sentence reads its words from :func:`words`. Nothing else
differs: a county's rates are the engine's, from the townships' summed parts.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

__all__ = ["LEVELS", "LevelWords", "at_level", "words"]


@dataclass(frozen=True)
class LevelWords:
    level: str  # the level of the office that writes the document
    unit: str  # the units it ranks: 村（居）, 乡镇
    whole: str  # all of them together: 全镇, 全县


LEVELS = {
    "township": LevelWords("township", "村（居）", "全镇"),
    "county": LevelWords("county", "乡镇", "全县"),
}

_WORDS: ContextVar[LevelWords] = ContextVar("kaoping_document_level", default=LEVELS["township"])


def words() -> LevelWords:
    """The words of the level being drawn (a township's unless :func:`at_level` says)."""
    return _WORDS.get()


@contextmanager
def at_level(level: str) -> Iterator[LevelWords]:
    """Draw in the words of ``level``; raises ValueError for a level without them."""
    try:
        chosen = LEVELS[level]
    except KeyError:
        raise ValueError(
            f"no document words for level {level!r} (have {', '.join(LEVELS)})"
        ) from None
    token = _WORDS.set(chosen)
    try:
        yield chosen
    finally:
        _WORDS.reset(token)
