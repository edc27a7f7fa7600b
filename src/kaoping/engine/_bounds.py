"""Bounds on what an input may ask of kaoping, and the one located YAML loader.

Every rubric and targets file is read by :func:`load_yaml`, which refuses what
would make a small file cost a lot: aliases (``*name``: a 725-byte file of nested
aliases expands to gigabytes when walked), nesting deeper than any rubric needs
(PyYAML's composer recurses, so a deep file ends in ``RecursionError``), more
nodes than any rubric has, and files larger than :data:`MAX_YAML_BYTES`.

Every number a file, a form or the command line gives is checked by
:func:`number_problem`: at most :data:`MAX_INTEGER_DIGITS` digits before the
point and :data:`MAX_PLACES` after it. Exact arithmetic turns ``1e-99999999``
into a fraction with a hundred-million-digit denominator, and ``1e999999999``
into a billion-digit integer; both hang. The limits are those of a stored
figure (38 digits, 18 after the point), so anything accepted can also be kept.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import yaml
from yaml.events import (
    AliasEvent,
    CollectionEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceStartEvent,
)
from yaml.nodes import Node

__all__ = [
    "MAX_INTEGER_DIGITS",
    "MAX_PLACES",
    "MAX_TOTAL",
    "MAX_YAML_BYTES",
    "MAX_YAML_DEPTH",
    "MAX_YAML_NODES",
    "NumberOutOfBounds",
    "YamlRefused",
    "bounded_decimal",
    "bounded_whole",
    "load_yaml",
    "number_problem",
]

MAX_YAML_BYTES = 256 * 1024  # the shipped rubric is under 6 KB
MAX_YAML_DEPTH = 32  # the shipped rubric nests 9 deep
MAX_YAML_NODES = 20_000  # the shipped rubric has about 600
MAX_INTEGER_DIGITS = 20
MAX_PLACES = 18
MAX_TOTAL = 10**9  # an allocation's total or floor: a county's slots, never more


class YamlRefused(ValueError):
    """A YAML text refused before use. ``problems`` are ``FILE:LINE:COLUMN: message``;
    ``problems_zh`` the same in Chinese."""

    def __init__(self, problems: list[str], problems_zh: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems
        self.problems_zh = problems_zh


class NumberOutOfBounds(ValueError):
    """A number beyond the bounds; ``str()`` is the message, ``message_zh`` in Chinese."""

    def __init__(self, message: str, message_zh: str) -> None:
        super().__init__(message)
        self.message_zh = message_zh


class _Stop(Exception):
    def __init__(self, mark: Any, message: str, zh: str) -> None:
        self.mark, self.message, self.zh = mark, message, zh


class _BoundedLoader(yaml.SafeLoader):
    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0
        self._nodes = 0

    def compose_node(self, parent: Node | None, index: int) -> Node | None:
        event = self.peek_event()
        if isinstance(event, AliasEvent):
            raise _Stop(
                event.start_mark,
                f"YAML aliases (*{event.anchor}) are not accepted; write the value out",
                f"不接受 YAML 别名（*{event.anchor}），请把内容直接写出",
            )
        self._nodes += 1
        if self._nodes > MAX_YAML_NODES:
            raise _Stop(
                event.start_mark,
                f"more than {MAX_YAML_NODES} values; a rubric or targets file is far smaller",
                f"值的个数超过{MAX_YAML_NODES}个，考评细则或目标文件不会这么大",
            )
        self._depth += 1
        try:
            if self._depth > MAX_YAML_DEPTH:
                raise _Stop(
                    event.start_mark,
                    f"nested more than {MAX_YAML_DEPTH} levels deep",
                    f"嵌套超过{MAX_YAML_DEPTH}层",
                )
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def load_yaml(text: str, filename: str) -> Node | None:
    """The node tree of one YAML document, with line and column marks, or
    :class:`YamlRefused` naming the place: a syntax error or a bound crossed."""
    size = len(text.encode("utf-8"))
    if size > MAX_YAML_BYTES:
        raise YamlRefused(
            [f"{filename}:1:1: the file has {size} bytes; at most {MAX_YAML_BYTES} are read"],
            [f"{filename}:1:1: 文件有{size}字节，最多读取{MAX_YAML_BYTES}字节"],
        )
    fast = _compose_with_libyaml(text)
    if fast is not _DECLINED:
        return fast  # type: ignore[return-value]
    loader = _BoundedLoader(text)
    try:
        return loader.get_single_node()
    except _Stop as stop:
        line, col = _place(stop.mark)
        raise YamlRefused(
            [f"{filename}:{line}:{col}: {stop.message}"], [f"{filename}:{line}:{col}: {stop.zh}"]
        ) from None
    except yaml.MarkedYAMLError as err:
        line, col = _place(err.problem_mark or err.context_mark)
        raise YamlRefused(
            [f"{filename}:{line}:{col}: YAML syntax error: {err.problem or err}"],
            [f"{filename}:{line}:{col}: YAML 语法错误：{err.problem or err}"],
        ) from None
    except yaml.YAMLError as err:
        raise YamlRefused(
            [f"{filename}:1:1: YAML error: {err}"], [f"{filename}:1:1: YAML 错误：{err}"]
        ) from None
    except RecursionError:  # pragma: no cover - the depth bound comes first
        raise YamlRefused(
            [f"{filename}:1:1: nested too deeply"], [f"{filename}:1:1: 嵌套层数过多"]
        ) from None
    finally:
        loader.dispose()


_DECLINED = object()


def _compose_with_libyaml(text: str) -> object:
    """The node tree composed by libyaml (the pure-Python composer was a fifth of a
    township's scoring), or ``_DECLINED`` when libyaml is absent or the text comes
    near a bound or does not parse: then the located loader reads it and words why.
    The bounds are checked on libyaml's events first, so nothing is composed past them.
    """
    loader = getattr(yaml, "CSafeLoader", None)
    if loader is None:
        return _DECLINED
    try:
        depth = nodes = 0
        for event in yaml.parse(text, Loader=loader):
            if isinstance(event, ScalarEvent | MappingStartEvent | SequenceStartEvent):
                nodes += 1
                if nodes >= MAX_YAML_NODES or depth + 1 >= MAX_YAML_DEPTH:
                    return _DECLINED
                if not isinstance(event, ScalarEvent):
                    depth += 1
            elif isinstance(event, CollectionEndEvent):
                depth -= 1
            elif isinstance(event, AliasEvent):
                return _DECLINED
        return yaml.compose(text, Loader=loader)
    except yaml.YAMLError:
        return _DECLINED


def _place(mark: Any) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1) if mark else (1, 1)


def number_problem(value: Decimal) -> tuple[str, str] | None:
    """Why ``value`` is beyond the bounds (English, Chinese), or None."""
    if not value.is_finite():
        return "is not a finite number", "不是有限的数字"
    if not value:
        return None
    _sign, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)
    if value.adjusted() >= MAX_INTEGER_DIGITS:
        return (
            f"is too large (at most {MAX_INTEGER_DIGITS} digits before the point)",
            f"过大（整数部分最多{MAX_INTEGER_DIGITS}位）",
        )
    if exponent < -MAX_PLACES:
        trailing = len(digits) - len("".join(map(str, digits)).rstrip("0"))
        if exponent + trailing < -MAX_PLACES:
            return (
                f"has more than {MAX_PLACES} decimal places",
                f"小数位数超过{MAX_PLACES}位",
            )
    return None


def bounded_decimal(text: str) -> Decimal:
    """``text`` as a Decimal within the bounds; :class:`NumberOutOfBounds` if beyond
    them, ``InvalidOperation`` if not a number at all."""
    value = Decimal(text)
    problem = number_problem(value)
    if problem is not None:
        raise NumberOutOfBounds(f"{text.strip()!r} {problem[0]}", f"“{text.strip()}”{problem[1]}")
    return value


def bounded_whole(text: str) -> int:
    """A whole number's digits as an int, refusing more digits than any figure has
    before Python's own (slow, then failing) conversion of thousands of digits."""
    digits = text.strip().lstrip("+-").replace("_", "").lstrip("0")
    if len(digits) > MAX_INTEGER_DIGITS:
        raise NumberOutOfBounds(
            f"{text.strip()[:30]!r}… is too large (at most {MAX_INTEGER_DIGITS} digits)",
            f"“{text.strip()[:30]}…”过大（最多{MAX_INTEGER_DIGITS}位）",
        )
    return int(text.replace("_", ""), 0)
