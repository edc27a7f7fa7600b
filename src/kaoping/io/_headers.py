"""What a data file's headers and plain cells look like: the fixed columns' header
texts, element codes, and the cell texts that parse in bulk. No Polars, so that
the small files' reader (``_small``) and the full one (``_data``) share them."""

from __future__ import annotations

import re

from kaoping.engine import RANGES, ElementType

__all__ = ["HEADER_ALIASES", "header_kind", "is_data_header"]

#: Header texts accepted for the fixed columns (compared without case and spaces).
HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "unit": ("unit", "单位代码", "代码", "村居代码"),
    "name": ("name", "单位名称", "名称", "村居", "村居名称"),
    "area": ("area", "片区", "片"),
    "period": ("period", "期间", "季度", "月份"),
    "element": ("element", "指标", "要素"),
    "value": ("value", "数值", "值"),
}
_ALIAS = {alias.casefold(): key for key, aliases in HEADER_ALIASES.items() for alias in aliases}
_CODE = re.compile(r"^[a-z][a-z0-9_]*$")


# Texts Polars parses to exactly the value Decimal() gives and that lie inside
# their type's range (one digit short of its bound); anything else goes through
# parse_value, which words the problem. Per type, so that the bulk path never
# accepts what the type refuses (a negative count, 0.5 people, a 2 for yes/no).
def _plain(kind: ElementType) -> str:
    bounds = RANGES[kind]
    sign = "[+-]?" if bounds.low < 0 else r"\+?"
    whole = f"[0-9]{{1,{bounds.digits - 1}}}"
    if bounds.places == 0:
        return rf"^{sign}{whole}(\.0*)?$"
    places = bounds.places
    return rf"^{sign}({whole}(\.[0-9]{{0,{places}}}0*)?|\.[0-9]{{1,{places}}}0*)$"


_PLAIN: dict[ElementType, str] = {k: _plain(k) for k in ElementType if k is not ElementType.BOOL}
_PLAIN[ElementType.BOOL] = r"^[01](\.0{0,18})?$"


def _is_data_header(texts: list[str]) -> bool:
    kinds = {_ALIAS.get(_norm(t)) for t in texts}
    return "unit" in kinds and "period" in kinds


def header_kind(text: str | None) -> str | None:
    """What a header names: ``unit``, ``period``, ``name``, ``area``, ``element``,
    ``value`` (in English or Chinese), or None for anything else."""
    return _ALIAS.get(_norm(text or ""))


is_data_header = _is_data_header


def _norm(text: str) -> str:
    return "".join(text.split()).casefold()
