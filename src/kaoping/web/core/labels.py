"""The engine's Chinese labels (periods, roles, absence reasons, yes/no) in the
language of the page. The engine is pure and writes Chinese; documents (通报,
提醒单) stay Chinese as official papers do; a page says them in the reader's
language, each as a whole phrase from the catalogue."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from kaoping.engine import ROLES, Period

_QUARTERS = {
    1: lambda y: _("%(year)s年第一季度") % {"year": y},
    2: lambda y: _("%(year)s年第二季度") % {"year": y},
    3: lambda y: _("%(year)s年第三季度") % {"year": y},
    4: lambda y: _("%(year)s年第四季度") % {"year": y},
}


def period_label(period: Period | str) -> str:
    """``2026年第三季度`` in Chinese, ``Q3 2026`` in English, and so on."""
    p = Period.parse(period) if isinstance(period, str) else period
    if p.is_quarter:
        return _QUARTERS[p.number](p.year)
    if p.is_half:
        if p.number == 1:
            return _("%(year)s年上半年") % {"year": p.year}
        return _("%(year)s年下半年") % {"year": p.year}
    if p.is_year:
        return _("%(year)s年度") % {"year": p.year}
    return _("%(year)s年%(month)s月") % {"year": p.year, "month": p.start_month}


def role_text(code: str) -> str:
    """A consequence's ``to`` on a page: a role's label, 单位 for the unit itself."""
    if code == "unit":
        return _("单位")
    if code == "area":
        return _("片区")
    label = ROLES.get(code)
    # The labels are the engine's one table (kaoping.engine.ROLES); their
    # English is in core's catalogue, entered by hand since makemessages cannot
    # see a variable.
    return _(label) if label else code


def yes_no(value: bool) -> str:
    return _("是") if value else _("否")


def unit_label(unit: Any) -> str:
    """A unit in a choice list or a sentence: ``东风村（V01）``; ``东风村 (V01)`` on an
    English page (the brackets are the page's, as the in_parens filter puts them).
    ``str(unit)`` stays ``东风村（V01）``: the role audit keeps it."""
    return str(unit.name) + pgettext("in brackets", "（%(text)s）") % {"text": unit.code}
