"""How figures are shown: the one home of every shown figure's text, for every shell.

Computed figures (scores, totals, deductions, amounts, rates) are exact until
shown, then rounded half up on the exact value to two decimals with trailing
zeros dropped (RUBRIC.md §3: ``9.5``, not ``9.499999`` or ``9.50``; ``0.125`` →
``0.13``): :func:`format_number`. Rates keep a fixed number of decimals, as
offices write them (``98.0%``): :func:`format_percent` and :func:`format_fixed`.
A figure a person reported is shown digit for digit as it was typed:
:func:`format_exact`. A target's threshold and a unit's value against it are
shown on the target's scale (percent, ‰ or a number): :func:`format_scaled`,
:func:`format_scaled_fixed`, and a gap in points of the scale by :func:`format_gap`.
A date in Chinese text is :func:`format_date_zh`. All of them round with
:func:`_half_up`.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction

__all__ = [
    "format_date_zh",
    "format_exact",
    "format_fixed",
    "format_gap",
    "format_gap_zh",
    "format_number",
    "format_percent",
    "format_scaled",
    "format_scaled_fixed",
    "to_decimal",
    "to_shown",
]

Number = Fraction | Decimal | int


def _half_up(value: Number, places: int) -> int:
    """``value × 10^places`` rounded half up on the exact value: away from zero at
    a tie for negatives too, as a clerk expects (−0.125 → −0.13)."""
    # On the integers n / d: floor(|n| 10^p / d + 1/2) = (2 |n| 10^p + d) // 2d. Fraction
    # arithmetic here was most of the time spent writing a township's explanations.
    if value.__class__ is int:
        return value * 10**places
    n, d = value.as_integer_ratio()
    whole = (2 * abs(n) * 10**places + d) // (2 * d)
    return -whole if n < 0 else whole


def _text(whole: int, places: int, *, trim: bool) -> str:
    digits = str(abs(whole)).rjust(places + 1, "0")
    text = f"{digits[:-places]}.{digits[-places:]}" if places else digits
    if trim and places:
        text = text.rstrip("0").rstrip(".")
    return f"-{text}" if whole < 0 else text


def format_number(value: Number, places: int = 2) -> str:
    """A computed figure as shown: half up to ``places`` decimals, trailing zeros
    dropped (``58.42``, ``9.5``, ``98``), never exponent notation."""
    return _text(_half_up(value, places), places, trim=True)


def format_fixed(value: Number, places: int = 2) -> str:
    """Half up to exactly ``places`` decimals, zeros kept (``12.50``)."""
    return _text(_half_up(value, places), places, trim=False)


def format_percent(ratio: Number, places: int = 1) -> str:
    """``0.94`` → ``94.0%``: a fixed number of decimals, as in the office's documents."""
    return f"{format_fixed(Fraction(ratio) * 100, places)}%"


def _terse(value: Number) -> str:
    """Exact when the decimal terminates within 4 places, else two decimals."""
    for places in range(5):
        if (Fraction(value) * 10**places).denominator == 1:
            return format_fixed(value, places)
    return format_fixed(value, 2)


def format_scaled(value: Number, scale: str) -> str:
    """A threshold on its scale, as a person wrote it: a ratio as a percentage
    (``0.8`` → ``80%``, scale ``percent``), a rate in ‰ (``permille``) or a plain
    number (``number``); exact to 4 decimals, else two."""
    if scale == "percent":
        return f"{_terse(Fraction(value) * 100)}%"
    if scale == "permille":
        return f"{_terse(value)}‰"
    return _terse(value)


def format_scaled_fixed(value: Number, scale: str) -> str:
    """A measured value on its scale, two decimals kept (``78.00%``, ``11.25‰``)."""
    if scale == "percent":
        return f"{format_fixed(Fraction(value) * 100, 2)}%"
    if scale == "permille":
        return f"{format_fixed(value, 2)}‰"
    return format_fixed(value, 2)


_POINTS = {"percent": "percentage points", "permille": "per-mille points", "number": ""}
_POINTS_ZH = {"percent": "个百分点", "permille": "个千分点", "number": ""}


def _too_small(points: Number) -> bool:
    """A gap there is, that two decimals would show as none (2/3 short of
    ``>= 0.666666666666666667`` by 0.0000000000000000003 points)."""
    return 0 < abs(Fraction(points)) < Fraction(1, 200)


def format_gap(points: Number, scale: str) -> str:
    """How far a value is from a threshold, in the points of its scale, two
    decimals kept: ``2.00 percentage points``, ``1.25 per-mille points``, ``3.00``;
    a gap that would show as 0.00 is ``less than 0.01 percentage points``."""
    if _too_small(points):
        return f"less than 0.01 {_POINTS[scale]}".rstrip()
    return f"{format_fixed(points, 2)} {_POINTS[scale]}".rstrip()


def format_gap_zh(points: Number, scale: str) -> str:
    """:func:`format_gap` in Chinese: ``2.00个百分点``, ``1.25个千分点``, ``3.00``,
    ``不足0.01个百分点``."""
    if _too_small(points):
        return f"不足0.01{_POINTS_ZH[scale]}"
    return f"{format_fixed(points, 2)}{_POINTS_ZH[scale]}"


def format_date_zh(d: date) -> str:
    """A date as written in Chinese text, Arabic numerals without leading zeros
    (``2026年4月3日``; GB/T 9704-2012 7.3.5.3 for a document's date)."""
    return f"{d.year}年{d.month}月{d.day}日"


def format_exact(value: Decimal | int) -> str:
    """A reported figure as a person writes it: ``12``, ``0.95``, never ``1.2E+1``
    or ``0.950000``; nothing is rounded."""
    text = format(Decimal(value), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def to_shown(value: Number, places: int = 2) -> Decimal:
    """:func:`format_number` as a decimal, for writers that store numbers (xlsx, JSON)."""
    return Decimal(format_number(value, places))


def to_decimal(value: Number, places: int = 18) -> Decimal:
    """An exact fraction as a decimal: exact when it terminates within ``places``
    decimals, else rounded half up there. Trailing zeros are dropped."""
    if value.__class__ is int:
        return Decimal(value)
    if value.__class__ is Fraction and value.denominator == 1:
        return Decimal(value.numerator)
    return Decimal(format_number(value, places))
