"""Control characters are refused where text enters: every request's path, query
and form fields (middleware), API bodies (core/api.py) and the text cells of
uploaded sheets (unit and people imports).

A vertical tab or a NUL stored in a name makes every Word and Excel export fail
(XML 1.0 has no such characters) and PostgreSQL refuses NUL outright. Tab,
line feed and carriage return stay allowed: text areas hold lines.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

_FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def forbidden_character(text: str) -> str | None:
    """The first control character in ``text`` as ``U+000B``, or None."""
    found = _FORBIDDEN.search(text)
    return f"U+{ord(found.group()):04X}" if found else None


def shown(text: str, limit: int = 40) -> str:
    """The text with its control characters made visible, for a message."""
    visible = _FORBIDDEN.sub(lambda m: f"\\x{ord(m.group()):02x}", text)
    return visible if len(visible) <= limit else visible[: limit - 1] + "…"


def refusal(field: str, text: str) -> str | None:
    char = forbidden_character(text)
    if char is None:
        return None
    return _("“%(field)s”含有不可见的控制字符 %(char)s（%(value)s），请删除后重试。") % {
        "field": field,
        "char": char,
        "value": shown(text),
    }


def _pairs(request: HttpRequest) -> Iterable[tuple[str, str]]:
    yield _("网址"), request.path
    # The API reads its own body (JSON, checked by check_json); parsing it as a
    # form here would consume the stream the API reads.
    sources = [request.GET] if request.path.startswith("/api/") else [request.GET, request.POST]
    for source in sources:
        for key, values in source.lists():
            yield _("参数名"), key
            for value in values:
                yield key, value


class ControlCharacterMiddleware:
    """Answers 400 with the field and the character before any view sees them."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        for field, text in _pairs(request):
            message = refusal(field, text)
            if message is not None:
                return _refuse(request, message)
        return self.get_response(request)


def _refuse(request: HttpRequest, message: str) -> HttpResponse:
    if request.path.startswith("/api/"):
        from django.http import JsonResponse

        return JsonResponse(
            {"error": "control character in the request", "error_zh": message}, status=400
        )
    return render(request, "400.html", {"message": message}, status=400)


def check_json(value: Any, max_depth: int = 20, _depth: int = 0, _where: str = "") -> str | None:
    """The first problem of a parsed JSON body: too deep, or a control character
    in a key or a string."""
    if _depth > max_depth:
        return _("请求内容嵌套过深（超过%(n)s层）") % {"n": max_depth}
    if isinstance(value, str):
        return refusal(_where or "body", value)
    if isinstance(value, dict):
        for key, item in value.items():
            problem = refusal(_where or "body", key) or check_json(
                item, max_depth, _depth + 1, f"{_where}.{key}" if _where else key
            )
            if problem:
                return problem
    if isinstance(value, list):
        for n, item in enumerate(value):
            problem = check_json(item, max_depth, _depth + 1, f"{_where}[{n}]")
            if problem:
                return problem
    return None
