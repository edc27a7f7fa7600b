"""The JSON API: token authentication, the same org-unit scope as the pages.

Figures travel as strings (``"12"``, ``"0.95"``) so that they stay exact;
numbers are accepted on input too. Errors are JSON objects with ``error`` and,
where a value is wrong, ``problems`` naming element, value and message.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from . import gate, services
from .access import get_unit_for_user, readable_datasets, readable_units, staff_required
from .input_guard import check_json
from .models import ApiToken, Unit
from .openapi import openapi_document
from .services import Conflict, Refused, show
from .views.reports import get_report_for_user

View = Callable[..., HttpResponse]


def _error(status: int, message: str, message_zh: str, **extra: Any) -> JsonResponse:
    return JsonResponse({"error": message, "error_zh": message_zh, **extra}, status=status)


def _authenticate(request: HttpRequest) -> Any:
    header = request.META.get("HTTP_AUTHORIZATION", "")
    scheme, _sep, key = header.partition(" ")
    if scheme.lower() not in ("token", "bearer") or not key.strip():
        return None
    token = (
        ApiToken.objects.filter(key_hash=ApiToken.hash(key.strip())).select_related("user").first()
    )
    if token is None or not token.usable():
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used=timezone.now())
    return token.user


def api_view(methods: tuple[str, ...]) -> Callable[[View], View]:
    """Token auth (never the session cookie, so CSRF does not apply), JSON errors."""

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.method not in methods:
                return _error(405, "method not allowed", "不支持该请求方法")
            user = _authenticate(request)
            if user is None:
                request.user = AnonymousUser()
                return _error(401, "a valid API token is required", "需要有效的接口令牌")
            request.user = user
            try:
                gate.check(request)  # the permission table, for the token's user
                return view(request, *args, **kwargs)
            except Http404:
                return _error(404, "not found", "未找到")
            except PermissionDenied:
                return _error(403, "not allowed", "无权进行此操作")

        wrapper.token_auth = True  # type: ignore[attr-defined]  # the gate waits for the token
        return csrf_exempt(wrapper)

    return decorate


def _body(request: HttpRequest) -> dict[str, Any]:
    try:
        data = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError):
        raise _BadRequest("the body is not valid JSON", "请求内容不是有效的JSON") from None
    except RecursionError:
        raise _BadRequest("the body is nested too deeply", "请求内容嵌套过深") from None
    if not isinstance(data, dict):
        raise _BadRequest("the body must be a JSON object", "请求内容必须是JSON对象")
    problem = check_json(data)
    if problem is not None:
        raise _BadRequest("the body is nested too deeply or holds a control character", problem)
    return data


class _BadRequest(Exception):
    def __init__(self, message: str, message_zh: str) -> None:
        super().__init__(message)
        self.message_zh = message_zh


def _unit_json(u: Unit) -> dict[str, Any]:
    return {
        "code": u.code,
        "name": u.name,
        "level": u.level,
        "parent": u.parent.code if u.parent_id and u.parent else None,
    }


@api_view(("GET", "POST"))
def units(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        qs = readable_units(request.user).select_related("parent").order_by("code")
        return JsonResponse({"units": [_unit_json(u) for u in qs]})
    try:
        data = _body(request)
    except _BadRequest as bad:
        return _error(400, str(bad), bad.message_zh)
    parent_code = str(data.get("parent") or "")
    parent, access = get_unit_for_user(request.user, parent_code)
    if not access.manage:
        raise PermissionDenied
    level = str(data.get("level") or "")
    code, name = str(data.get("code") or "").strip(), str(data.get("name") or "").strip()
    allowed = {
        Unit.Level.TOWNSHIP: {Unit.Level.AREA, Unit.Level.VILLAGE, Unit.Level.COMMUNITY},
        Unit.Level.AREA: {Unit.Level.VILLAGE, Unit.Level.COMMUNITY},
    }.get(Unit.Level(parent.level), set())
    if level not in allowed or not code or not name:
        return _error(
            400,
            "code, name and a level that fits under the parent are required",
            "须提供代码、名称，以及与上级相符的层级",
        )
    try:
        with transaction.atomic():
            unit = Unit(code=code, name=name, level=level, parent=parent)
            unit.save(changed_by=request.user, path="api")
    except ValidationError as error:
        return _error(
            400,
            "the unit does not fit the hierarchy",
            "；".join(m for ms in error.message_dict.values() for m in ms),
            problems=[
                {"field": k, "message_zh": m} for k, ms in error.message_dict.items() for m in ms
            ],
        )
    except IntegrityError:
        return _error(400, f"unit code {code!r} is taken", f"单位代码“{code}”已存在")
    return JsonResponse(_unit_json(unit), status=201)


@api_view(("GET",))
def datasets(request: HttpRequest) -> HttpResponse:
    result = []
    for d in readable_datasets(request.user).prefetch_related("elements"):
        result.append(
            {
                "id": d.pk,
                "code": d.code,
                "name": d.name,
                "frequency": d.frequency,
                "deadline_day": d.deadline_day,
                "elements": [
                    {
                        "code": e.code,
                        "label": e.label,
                        "type": e.type,
                        "default": show(e.default) or None,
                    }
                    for e in d.elements.all()
                ],
            }
        )
    return JsonResponse({"datasets": result})


def _report_json(report: Any) -> dict[str, Any]:
    values = report.values() if report.pk else {}
    return {
        "dataset": report.dataset_id,
        "unit": report.unit.code,
        "period": report.period,
        "status": report.status,
        "version": report.version,
        "figures": {
            e.code: (show(values[e.code]) if values.get(e.code) is not None else None)
            for e in report.dataset.elements.all()
        },
    }


@api_view(("GET", "PUT"))
def report(request: HttpRequest, dataset_pk: int, unit_code: str, period: str) -> HttpResponse:
    rep, access = get_report_for_user(request.user, dataset_pk, unit_code, period)
    if request.method == "GET":
        return JsonResponse(_report_json(rep))
    if not access.edit:
        raise PermissionDenied
    try:
        data = _body(request)
    except _BadRequest as bad:
        return _error(400, str(bad), bad.message_zh)
    figures = data.get("figures")
    version = data.get("version")
    if not isinstance(figures, dict) or not isinstance(version, int):
        return _error(
            400,
            "'figures' (object) and 'version' (integer) are required",
            "须提供figures对象和version整数",
        )
    elements = list(rep.dataset.elements.all())
    known = {e.code for e in elements}
    unknown = sorted(set(figures) - known)
    if unknown:
        return _error(
            400,
            f"unknown elements: {', '.join(unknown)}",
            f"未知指标：{'、'.join(unknown)}",
            problems=[
                {
                    "element": c,
                    "value": figures[c],
                    "message": "unknown element",
                    "message_zh": "未知指标",
                }
                for c in unknown
            ],
        )
    sent = [e for e in elements if e.code in figures]
    raw = {c: ("" if v is None else str(v)) for c, v in figures.items()}
    checked = services.validate(rep.dataset, raw, complete=False, elements=sent)
    if not checked.ok:
        return _error(
            400,
            "some values do not fit their element",
            "部分数值不符合要求",
            problems=[
                {"element": c, "value": figures.get(c), "message_zh": m}
                for c, ms in checked.errors.items()
                for m in ms
            ],
        )
    try:
        services.save_figures(
            rep, checked.values, user=request.user, path="api", base_version=version
        )
    except Conflict as conflict:
        return _error(
            409,
            "the figures were changed since that version",
            "该版本之后数据已被他人修改",
            version=conflict.version,
            conflicts={
                c: {"yours": show(m) or None, "saved": show(t) or None}
                for c, (m, t) in conflict.conflicts.items()
            },
        )
    except Refused as refused:
        if refused.errors:
            return _error(
                400,
                "a submitted report keeps only complete figures that pass the checks",
                refused.message,
                problems=[
                    {"element": c, "value": figures.get(c), "message_zh": m}
                    for c, ms in refused.errors.items()
                    for m in ms
                ],
            )
        return _refused(refused)
    rep.refresh_from_db()
    return JsonResponse(_report_json(rep))


def _refused(refused: Refused) -> JsonResponse:
    """409: the report's state, read under its lock, does not allow the change."""
    return _error(
        409,
        "the report's state does not allow this change now",
        refused.message,
        changed=[
            {
                "element": c.element,
                "old": show(c.old_value) or None,
                "new": show(c.new_value) or None,
                "version": c.version,
                "user": c.user.get_username() if c.user is not None else None,
            }
            for c in refused.changed
        ],
    )


@api_view(("POST",))
def report_approve(
    request: HttpRequest, dataset_pk: int, unit_code: str, period: str
) -> HttpResponse:
    """Approve and lock at ``version``, the version the approver checked."""
    rep, access = get_report_for_user(request.user, dataset_pk, unit_code, period)
    if rep.pk is None or not access.approve:
        raise PermissionDenied
    try:
        data = _body(request)
    except _BadRequest as bad:
        return _error(400, str(bad), bad.message_zh)
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        return _error(400, "'version' (integer) is required", "须提供version整数")
    try:
        services.approve(rep, request.user, version=version)
    except Refused as refused:
        return _refused(refused)
    return JsonResponse(_report_json(rep))


def openapi(request: HttpRequest) -> HttpResponse:
    return JsonResponse(openapi_document(request.build_absolute_uri("/api/v1")))


@staff_required
def api_docs(request: HttpRequest) -> HttpResponse:
    doc = openapi_document("/api/v1", tokens_page=_("接口令牌"))
    return render(request, "kaoping/api_docs.html", {"doc": doc})
