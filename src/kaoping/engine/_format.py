"""How figures are shown, in one place for every shell.

Computed figures (scores, totals, deductions, amounts due) are rounded to two
decimals half up only when shown (RUBRIC.md §3): :func:`format_number`. A figure
a person reported is shown digit for digit as it was typed: :func:`format_exact`.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

__all__ = ["format_exact", "format_number", "format_percent", "to_decimal", "to_shown"]

_TWO = Decimal("0.01")


def to_decimal(value: Fraction | Decimal | int, places: int = 18) -> Decimal:
    """An exact fraction as a decimal: exact when it terminates within ``places``
    decimals, else rounded half up there. Trailing zeros are dropped."""
    f = Fraction(value)
    scaled = f * 10**places
    whole = int(abs(scaled) + Fraction(1, 2))
    d = Decimal(-whole if scaled < 0 else whole).scaleb(-places)
    return _plain(d)


def _plain(d: Decimal) -> Decimal:
    d = d.normalize()
    if d == d.to_integral_value():
        d = d.quantize(Decimal(1))
    return d + Decimal(0)  # turns -0 into 0


def to_shown(value: Fraction | Decimal | int, places: int = 2) -> Decimal:
    """Rounded half up to ``places`` decimals, trailing zeros dropped (9.5, not 9.50)."""
    f = Fraction(value) if not isinstance(value, Fraction) else value
    scaled = f * 10**places
    # Half up on the exact value, away from zero for negatives as a clerk expects.
    whole = int(abs(scaled) + Fraction(1, 2))
    return _plain(Decimal(-whole if scaled < 0 else whole).scaleb(-places))


def format_exact(value: Decimal | int) -> str:
    """A reported figure as a person writes it: ``12``, ``0.95``, never ``1.2E+1``
    or ``0.950000``; nothing is rounded."""
    text = format(Decimal(value), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def format_number(value: Fraction | Decimal | int, places: int = 2) -> str:
    return str(to_shown(value, places))


def format_percent(ratio: Fraction | Decimal, places: int = 1) -> str:
    """``0.94`` → ``94.0%``: a fixed number of decimals, as in the office's documents."""
    f = Fraction(ratio) * 100
    shown = to_shown(f, places)
    return f"{shown:.{places}f}%"
