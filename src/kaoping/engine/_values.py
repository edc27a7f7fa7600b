"""Data elements and the typed parsing of their values.

Every figure is held as an exact :class:`~decimal.Decimal`; a value that does not
fit its element's type raises :class:`ValueProblem` with a message a clerk can act on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Context, Decimal, InvalidOperation
from enum import StrEnum

from ._bounds import MAX_INTEGER_DIGITS

__all__ = [
    "FIGURE_DIGITS",
    "FIGURE_PLACES",
    "OVER_TIME",
    "RANGES",
    "ROLLUPS",
    "Element",
    "ElementType",
    "ValueProblem",
    "ValueRange",
    "parse_value",
]


class ElementType(StrEnum):
    COUNT = "count"
    NUMBER = "number"
    AMOUNT = "amount"
    BOOL = "bool"

    @property
    def label_zh(self) -> str:
        return {"count": "人数/件数", "number": "数值", "amount": "金额", "bool": "是/否"}[
            self.value
        ]


#: How an element adds up over units: ``sum`` (counts, amounts), ``count`` (a yes/no as
#: the number of units with yes), ``share`` (as the share of units with yes, 0..1),
#: ``none`` (does not add up: the level reports it itself).
ROLLUPS = ("sum", "count", "share", "none")
#: How an element adds up over periods: ``sum`` (a quarter's births are its months'),
#: ``last`` (a stock: the last month's figure), ``none`` (the period reports it itself).
OVER_TIME = ("sum", "last", "none")


@dataclass(frozen=True)
class Element:
    """One aggregate figure a unit reports for a period."""

    code: str
    label: str
    type: ElementType = ElementType.NUMBER
    default: Decimal | None = None
    # How the figure adds up over units and over periods (docs/rubric.md, "Levels
    # and periods"); None: the type's rule (``kaoping.engine._levels``).
    rollup: str | None = None
    over_time: str | None = None

    @property
    def display(self) -> str:
        return self.label or self.code


class ValueProblem(ValueError):
    """A raw value that does not fit an element's type; ``str()`` is the message."""

    def __init__(self, message: str, message_zh: str) -> None:
        super().__init__(message)
        self.message_zh = message_zh


@dataclass(frozen=True)
class ValueRange:
    """What an element type admits: ``low <= value <= high`` with at most ``places``
    decimals. ``digits`` is how many digits may stand before the point."""

    low: Decimal
    high: Decimal
    places: int

    @property
    def digits(self) -> int:
        return len(str(int(self.high)))


# The one statement of each type's range (docs/rubric.md, docs/io.md); the form,
# the API, uploads, the command line and the database columns all follow it.
# A count or an amount above a trillion is a typing slip in a township's return;
# a number keeps the 20 digits every number is bounded by (_bounds), to six decimals.
_WIDEST_NUMBER = Decimal(10) ** MAX_INTEGER_DIGITS - Decimal("0.000001")
RANGES: dict[ElementType, ValueRange] = {
    ElementType.COUNT: ValueRange(Decimal(0), Decimal(10) ** 12, 0),
    ElementType.AMOUNT: ValueRange(Decimal(0), Decimal(10) ** 12, 2),
    ElementType.NUMBER: ValueRange(-_WIDEST_NUMBER, _WIDEST_NUMBER, 6),
    ElementType.BOOL: ValueRange(Decimal(0), Decimal(1), 0),
}
#: Digits and decimals a stored figure needs to hold every value of every type.
FIGURE_PLACES = max(r.places for r in RANGES.values())
FIGURE_DIGITS = max(r.digits for r in RANGES.values()) + FIGURE_PLACES
_THOUSANDS = re.compile(r"^-?\d{1,3}(,\d{3})+(\.\d+)?$")
_TRUE = {"1", "是", "yes", "y", "true", "t", "对", "√"}
_FALSE = {"0", "否", "no", "n", "false", "f", "×", "错"}
#: The words :func:`parse_value` reads as yes and as no (lower case), for readers
#: that map a whole column of them at once.
YES_WORDS = frozenset(_TRUE)
NO_WORDS = frozenset(_FALSE)


def parse_value(raw: object, type_: ElementType) -> Decimal | None:
    """Parse one cell. Returns ``None`` for an empty cell (the caller applies defaults).

    Raises :class:`ValueProblem` when the value does not fit ``type_``.
    """
    if raw is None:
        return None
    if isinstance(raw, bool):
        return Decimal(int(raw))
    if isinstance(raw, str):
        text = raw.strip()
        if text == "":
            return None
    else:
        text = repr(raw) if isinstance(raw, float) else str(raw)

    if type_ is ElementType.BOOL:
        low = text.lower()
        if low in _TRUE or _is_number(text, 1):
            return Decimal(1)
        if low in _FALSE or _is_number(text, 0):
            return Decimal(0)
        raise ValueProblem(
            f"{text!r} is not a yes/no value (use 1/0, 是/否, yes/no, true/false, Y/N)",
            f"“{text}”不是是/否值（应填1/0、是/否、yes/no、true/false、Y/N）",
        )

    if _THOUSANDS.match(text):
        text = text.replace(",", "")
    # Python's Decimal reads "1_0" as 10; a clerk's "1_0" is a typing slip.
    if "_" in text:
        raise ValueProblem(f"{text!r} is not a number", f"“{text}”不是数字")
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValueProblem(f"{text!r} is not a number", f"“{text}”不是数字") from None
    if not value.is_finite():
        raise ValueProblem(f"{text!r} is not a number", f"“{text}”不是数字")
    return _in_range(text, value, type_)


def _in_range(text: str, value: Decimal, type_: ElementType) -> Decimal:
    bounds = RANGES[type_]
    label = type_.label_zh
    if value < 0 <= bounds.low:
        raise ValueProblem(
            f"{text!r} is negative; {_EN[type_]} must be 0 or more",
            f"“{text}”是负数，{label}不能为负",
        )
    if value.copy_abs() > bounds.high:  # copy_abs: abs() overflows on 1e999999999
        if type_ is ElementType.NUMBER:
            raise ValueProblem(
                f"{text!r} is too large (at most {bounds.digits} digits before the point)",
                f"“{text}”过大（整数部分最多{bounds.digits}位）",
            )
        raise ValueProblem(
            f"{text!r} is too large; {_EN[type_]} is at most {bounds.high}",
            f"“{text}”过大，{label}最大为{bounds.high}",
        )
    if type_ is ElementType.COUNT and value != value.to_integral_value():
        raise ValueProblem(
            f"{text!r} is not a whole number; a count must be whole",
            f"“{text}”不是整数，人数/件数应为整数",
        )
    if type_ is ElementType.COUNT:
        return value.to_integral_value()
    # In a context wide enough for every admitted value, so nothing is rounded away.
    if value != value.quantize(Decimal(1).scaleb(-bounds.places), context=_WIDE):
        raise ValueProblem(
            f"{text!r} has more than {bounds.places} decimal places; {_EN[type_]} has at most "
            f"{bounds.places}",
            f"“{text}”的小数超过{bounds.places}位，{label}最多{bounds.places}位小数",
        )
    return value


_WIDE = Context(prec=60)
_EN = {
    ElementType.COUNT: "a count",
    ElementType.AMOUNT: "an amount",
    ElementType.NUMBER: "a number",
    ElementType.BOOL: "a yes/no value",
}


def _is_number(text: str, target: int) -> bool:
    try:
        return Decimal(text) == target
    except InvalidOperation:
        return False
