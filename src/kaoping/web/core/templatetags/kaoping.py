from __future__ import annotations

import re
from decimal import Decimal
from fractions import Fraction

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _

from kaoping.engine import LADDER_LABELS_ZH, format_number

from ..services import show

register = template.Library()


@register.filter
def figure(value: Decimal | None) -> str:
    """A reported figure exactly as it was typed (``0.95``, ``40``)."""
    return show(value) if value is not None else "—"


@register.filter
def number(value: Decimal | Fraction | int | None) -> str:
    """A computed figure (points, a total, an amount) as every shell shows it: two
    decimals, half up (RUBRIC.md §3). Templates use this, never ``floatformat``."""
    return format_number(value) if value is not None else "—"


@register.filter
def get(mapping: dict, key: object) -> object:
    return mapping.get(key) if mapping else None


_DATE = re.compile(r"\d{4}-\d{2}-\d{2}|(?<!\d)\d{2}-\d{2}(?!\d)")


@register.filter(needs_autoescape=True)
def whole_dates(text: object, autoescape: bool = True) -> str:
    """A sentence with each date in it kept on one line (``<span class="date">``):
    a phone would otherwise break "2026-12-01" at its hyphens."""
    escaped = conditional_escape(str(text)) if autoescape else str(text)
    return mark_safe(_DATE.sub(lambda m: f'<span class="date">{m.group()}</span>', escaped))


@register.filter
def overdue_on(item: object, today: object) -> bool:
    """``{{ item|overdue_on:today }}``: the one overdue rule of a follow-up or reminder."""
    return bool(item.overdue_on(today))  # type: ignore[attr-defined]


#: The two ladder levels that are not roles; the roles' labels are the engine's, and
#: every label is translated by the catalogue (a role label is never spelled twice).
_NOT_ROLES = (  # for the catalogue's extraction
    _("村（居）"),
    _("镇领导"),
)


@register.filter
def ladder_label(level: str) -> str:
    """A level of the escalation ladder in words (包村干部, 片长, 镇领导), in the page's language."""
    return gettext(LADDER_LABELS_ZH.get(level, level))


@register.filter(name="period_label")
def period_label_filter(period: object) -> str:
    """A period (``2026Q3`` or a Period) said in the page's language."""
    from ..labels import period_label

    return period_label(period)  # type: ignore[arg-type]


@register.filter(name="role_text")
def role_text_filter(code: str) -> str:
    from ..labels import role_text

    return role_text(code)


@register.filter
def in_parens(value: object) -> str:
    """``value`` in brackets after a word: full-width ``（V01）`` on a Chinese page, ``
    (V01)`` with a space on an English one (a page's own punctuation, not data's)."""
    return pgettext("in brackets", "（%(text)s）") % {"text": value}


@register.filter
def worded_in(value: object) -> str:
    """An engine's warning or problem (``message`` and ``message_zh``) in the page's
    language, as ``core.services.worded`` picks it."""
    from ..services import worded

    return worded(str(getattr(value, "message", value)), str(getattr(value, "message_zh", value)))
