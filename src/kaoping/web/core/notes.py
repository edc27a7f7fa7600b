"""Sentences kaoping writes into its own records (audit notes, a clause's
judgement from the figures): stored in Chinese as they were written, shown in
the reader's language.

A record's sentence is written from a catalogue entry: its Chinese msgid (marked
with ``gettext_noop``) with its named places filled, ``MSGID % {...}``. A page shows it through :func:`reworded`: on a Chinese
page the stored text as it is, byte for byte; on another, the first of the
sentence's msgids whose shape the text has is translated and filled with the
values read back out of the text. A text of no known shape (written by hand, or
before its sentence had a msgid, or cut short) is shown as it was stored.

A msgid read back has text between its places (``第%(a)s版 → 第%(b)s版``), or a
``shapes`` pattern for a place that meets another; a list whose shape is
longer than another's comes first.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from functools import lru_cache

from django.utils.translation import get_language, gettext

_PLACE = re.compile(r"%\((\w+)\)s")


@lru_cache(maxsize=256)
def _shape(msgid: str, shapes: tuple[tuple[str, str], ...]) -> re.Pattern[str]:
    wanted = dict(shapes)
    out, at = [], 0
    for m in _PLACE.finditer(msgid):
        out.append(re.escape(msgid[at : m.start()]))
        out.append(f"(?P<{m.group(1)}>{wanted.get(m.group(1), '.*?')})")
        at = m.end()
    out.append(re.escape(msgid[at:]))
    return re.compile("".join(out), re.DOTALL)


def chinese_page() -> bool:
    return (get_language() or "zh-hans").lower().startswith("zh")


def read_back(
    text: str, msgids: Iterable[str], shapes: Mapping[str, str] | None = None
) -> tuple[str, dict[str, str]] | None:
    """The first msgid whose shape ``text`` has, and the values read out of it."""
    key = tuple(sorted((shapes or {}).items()))
    for msgid in msgids:
        m = _shape(msgid, key).fullmatch(text)
        if m is not None:
            return msgid, m.groupdict()
    return None


def reworded(
    text: str,
    msgids: Iterable[str],
    *,
    shapes: Mapping[str, str] | None = None,
    values: Mapping[str, Callable[[str], str]] | None = None,
) -> str:
    """A stored sentence in the active language; ``values`` words a value that is
    kaoping's own too (a role, a nested sentence) by its place's name."""
    if chinese_page() or not text:
        return text
    found = read_back(text, msgids, shapes)
    if found is None:
        return text
    msgid, got = found
    convert = values or {}
    return gettext(msgid) % {k: convert[k](v) if k in convert else v for k, v in got.items()}
