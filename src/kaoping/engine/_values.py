"""Data elements and the typed parsing of their values.

Every figure is held as an exact :class:`~decimal.Decimal`; a value that does not
fit its element's type raises :class:`ValueProblem` with a message a clerk can act on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum

from ._bounds import number_problem

__all__ = ["Element", "ElementType", "ValueProblem", "parse_value"]


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


@dataclass(frozen=True)
class Element:
    """One aggregate figure a unit reports for a period."""

    code: str
    label: str
    type: ElementType = ElementType.NUMBER
    default: Decimal | None = None

    @property
    def display(self) -> str:
        return self.label or self.code


class ValueProblem(ValueError):
    """A raw value that does not fit an element's type; ``str()`` is the message."""

    def __init__(self, message: str, message_zh: str) -> None:
        super().__init__(message)
        self.message_zh = message_zh


# Figures are held in 38 digits with 18 after the point: 20 before it.
MAX_DIGITS = 20
_THOUSANDS = re.compile(r"^-?\d{1,3}(,\d{3})+(\.\d+)?$")
_TRUE = {"1", "是", "yes", "y", "true", "t", "对", "√"}
_FALSE = {"0", "否", "no", "n", "false", "f", "×", "错"}


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
    if value and value.adjusted() >= MAX_DIGITS:
        raise ValueProblem(
            f"{text!r} is too large (at most {MAX_DIGITS} digits before the point)",
            f"“{text}”过大（整数部分最多{MAX_DIGITS}位）",
        )
    bound = number_problem(value)  # 1e-99999999 would hang exact arithmetic
    if bound is not None:
        raise ValueProblem(f"{text!r} {bound[0]}", f"“{text}”{bound[1]}")

    if type_ is ElementType.COUNT:
        if value < 0:
            raise ValueProblem(
                f"{text!r} is negative; a count must be 0 or more",
                f"“{text}”是负数，人数/件数不能为负",
            )
        if value != value.to_integral_value():
            raise ValueProblem(
                f"{text!r} is not a whole number; a count must be whole",
                f"“{text}”不是整数，人数/件数应为整数",
            )
        return value.to_integral_value()
    if type_ is ElementType.AMOUNT and value < 0:
        raise ValueProblem(
            f"{text!r} is negative; an amount must be 0 or more",
            f"“{text}”是负数，金额不能为负",
        )
    return value


def _is_number(text: str, target: int) -> bool:
    try:
        return Decimal(text) == target
    except InvalidOperation:
        return False
