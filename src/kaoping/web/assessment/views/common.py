"""Shared by the assessment pages: the status names, the refusal page, shown figures."""

from __future__ import annotations

from decimal import Decimal

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from kaoping.engine import format_number

from ..models import Assessment

S = Assessment.Status
#: A rubric is a few kilobytes; anything near this is not one.
MAX_RUBRIC_BYTES = 1024 * 1024


def _english(request: HttpRequest) -> bool:
    return (getattr(request, "LANGUAGE_CODE", "") or "").startswith("en")


def _forbidden(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "assessment/forbidden.html", {"message": message}, status=403)


def _show(v: Decimal | str | None) -> str:
    """A computed figure as every shell shows it: two decimals, half up."""
    return "—" if v is None else format_number(Decimal(v))
