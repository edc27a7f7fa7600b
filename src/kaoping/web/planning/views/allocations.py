"""Allocation (任务分解): base figures per unit, allocations per period, progress."""

from __future__ import annotations

import tempfile
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kaoping.engine import (
    AllocationError,
    ElementType,
    ValueProblem,
    format_exact,
    format_number,
    parse_value,
)
from kaoping.web.core.notes import chinese_page
from kaoping.web.core.services import worded

from ..access import can_manage_township, get_allocation_for_user, get_township_for_user
from ..forms import AllocationForm, BaseFiguresUploadForm
from ..models import Allocation, BaseFigure, Deletion
from ..services import (
    compute_allocation,
    fraction_str,
    progress_of,
    save_allocation,
    shipped_targets_text,
    villages,
)
from ..undo import allocation_blocker, recent_deletions
from .common import quarter_of, query_date, today
from .undo import allocation_question

_MAX_BASE_BYTES = 2 * 1024 * 1024


def figure_names(township: Any) -> list[str]:
    return sorted(
        set(BaseFigure.objects.filter(unit__township=township).values_list("name", flat=True))
    )


@login_required
@require_http_methods(["GET", "POST"])
def base_figures(request: HttpRequest, code: str) -> HttpResponse:
    """The table of base figures: one row per village, one column per figure; a
    new figure's name may be added as a column."""
    township = get_township_for_user(request.user, code, write=request.method == "POST")
    units = villages(township)
    names = figure_names(township)
    errors: dict[str, str] = {}
    if request.method == "POST":
        new = request.POST.get("new_name", "").strip()
        if new and new not in names:
            names.append(new)
        parsed: dict[tuple[int, str], Decimal | None] = {}
        for u in units:
            for n in names:
                raw = request.POST.get(f"{u.code}:{n}", "")
                try:
                    value = parse_value(raw, ElementType.NUMBER)
                except ValueProblem as e:
                    errors[f"{u.code}:{n}"] = _("%(u)s·%(n)s：%(why)s") % {
                        "u": u.name,
                        "n": n,
                        "why": worded(str(e), e.message_zh),
                    }
                    continue
                if value is not None and value < 0:
                    errors[f"{u.code}:{n}"] = _("%(u)s·%(n)s：%(v)s为负数") % {
                        "u": u.name,
                        "n": n,
                        "v": raw,
                    }
                    continue
                parsed[(u.pk, n)] = value
        if not errors:
            with transaction.atomic():
                _store(units, names, parsed)
            messages.success(request, _("已保存基数"))
            return redirect("planning:base_figures", code=township.code)
    return _base_page(request, township, units, names, errors)


def _base_page(
    request: HttpRequest,
    township: Any,
    units: list[Any],
    names: list[str],
    errors: dict[str, str],
    upload_problems: list[str] | None = None,
) -> HttpResponse:
    stored = {(b.unit_id, b.name): b.value for b in BaseFigure.objects.filter(unit__in=units)}
    typed = request.method == "POST" and not upload_problems
    rows = []
    for u in units:
        cells = []
        for n in names:
            key = f"{u.code}:{n}"
            posted = request.POST.get(key) if typed else None
            value = stored.get((u.pk, n))
            shown = posted if posted is not None else ("" if value is None else format_exact(value))
            cells.append({"key": key, "value": shown, "error": errors.get(key)})
        rows.append({"unit": u, "cells": cells})
    bad = bool(errors or upload_problems)
    return render(
        request,
        "planning/base_figures.html",
        {
            "township": township,
            "names": names,
            "rows": rows,
            "errors": errors,
            "upload_problems": upload_problems or [],
            "can_edit": can_manage_township(request.user, township),
            "upload_form": BaseFiguresUploadForm(),
        },
        status=400 if bad and request.method == "POST" else 200,
    )


def _store(units: list[Any], names: list[str], parsed: dict[tuple[int, str], Any]) -> None:
    for u in units:
        for n in names:
            if (u.pk, n) not in parsed:
                continue
            value = parsed[(u.pk, n)]
            if value is None:
                BaseFigure.objects.filter(unit=u, name=n).delete()
            else:
                BaseFigure.objects.update_or_create(unit=u, name=n, defaults={"value": value})


@login_required
@require_POST
def base_figures_upload(request: HttpRequest, code: str) -> HttpResponse:
    """A CSV or XLSX with a unit column and one column per figure: all or nothing."""
    township = get_township_for_user(request.user, code, write=True)
    form = BaseFiguresUploadForm(request.POST, request.FILES)
    units = villages(township)
    if not form.is_valid():
        chosen = [_("请选择要上传的文件")]
        return _base_page(request, township, units, figure_names(township), {}, chosen)
    f = form.cleaned_data["file"]
    name = f.name or "base.csv"
    suffix = Path(name).suffix.lower()
    problems: list[str] = []
    if suffix not in (".csv", ".xlsx"):
        problems.append(_("%(n)s：只接受CSV或XLSX文件") % {"n": name})
    elif f.size > _MAX_BASE_BYTES:
        problems.append(_("%(n)s：文件过大（上限2MB）") % {"n": name})
    else:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / f"upload{suffix}"
            path.write_bytes(f.read())
            values, problems = read_base_table(path, name, villages(township))
        if not problems:
            with transaction.atomic():
                _store(villages(township), sorted({n for _u, n in values}), values)
            messages.success(request, _("已导入%(k)s个基数") % {"k": len(values)})
            return redirect("planning:base_figures", code=township.code)
    return _base_page(request, township, units, figure_names(township), {}, problems)


def read_base_table(
    path: Path, shown_name: str, units: list[Any]
) -> tuple[dict[tuple[int, str], Decimal | None], list[str]]:
    from kaoping.io import HEADER_ALIASES, read_table

    aliases = {a.casefold(): key for key, al in HEADER_ALIASES.items() for a in al}

    def is_header(cells: list[str]) -> bool:
        return any(aliases.get(c.strip().casefold()) == "unit" for c in cells)

    table, found = read_table(path, is_header=is_header)
    problems = [
        worded(p.message, p.message_zh or p.message).replace(str(path), shown_name) for p in found
    ]
    if table is None or problems:
        return {}, problems or [_("%(n)s：无法读取") % {"n": shown_name}]
    kinds = [aliases.get((h or "").strip().casefold()) for h in table.headers]
    if "unit" not in kinds:
        return {}, [_("%(n)s：缺少单位代码列") % {"n": shown_name}]
    by_code = {u.code: u for u in units}
    codes = table.texts(kinds.index("unit"))
    figure_cols = [
        (i, (h or "").strip())
        for i, (h, k) in enumerate(zip(table.headers, kinds, strict=True))
        if k is None and (h or "").strip()
    ]
    if not figure_cols:
        return {}, [_("%(n)s：没有基数列（如 population、eligible_women）") % {"n": shown_name}]
    values: dict[tuple[int, str], Decimal | None] = {}
    for col, header in figure_cols:
        texts = table.texts(col)
        for r, (row, unit_code) in enumerate(zip(table.rows, codes, strict=True)):
            where = _("%(f)s第%(r)s行“%(c)s”列") % {"f": shown_name, "r": row, "c": header}
            u = by_code.get((unit_code or "").strip())
            if u is None:
                if col == figure_cols[0][0]:
                    problems.append(
                        _("%(w)s：单位“%(u)s”不是本镇的村（社区）")
                        % {"w": where, "u": unit_code or ""}
                    )
                continue
            raw = texts[r]
            try:
                value = parse_value(raw, ElementType.NUMBER)
            except ValueProblem as e:
                problems.append(
                    _("%(w)s：%(why)s") % {"w": where, "why": worded(str(e), e.message_zh)}
                )
                continue
            if value is not None and value < 0:
                problems.append(_("%(w)s：%(v)s为负数") % {"w": where, "v": raw})
                continue
            values[(u.pk, header)] = value
    return values, problems


@login_required
def allocation_list(request: HttpRequest, code: str) -> HttpResponse:
    township = get_township_for_user(request.user, code)
    return render(
        request,
        "planning/allocation_list.html",
        {
            "township": township,
            "allocations": Allocation.objects.filter(township=township),
            "can_edit": can_manage_township(request.user, township),
            "deletions": recent_deletions(township, Deletion.Kind.ALLOCATION),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def allocation_new(request: HttpRequest, code: str) -> HttpResponse:
    """Preview first (the split with every unit's explanation), then save."""
    township = get_township_for_user(request.user, code, write=True)
    names = figure_names(township)
    initial: dict[str, Any] = {"floor": 0, "period": str(quarter_of(today()))}
    initial.update({f"w_{n}": "0" for n in names})
    specs = _shipped_allocations()
    spec = specs.get(request.GET.get("spec", ""))
    if spec is not None:
        # The shipped file's entry as a starting point: its title, total, floor, weights.
        initial.update({"title": spec.title, "total": spec.total, "floor": spec.floor})
        initial.update({f"w_{k}": _decimal_text(v) for k, v in spec.weights.items()})
    form = AllocationForm(request.POST or None, figures=names, initial=initial)
    result = None
    if request.method == "POST" and form.is_valid():
        weights = form.weights()
        try:
            result = compute_allocation(
                township, form.cleaned_data["total"], weights, form.cleaned_data["floor"]
            )
        except AllocationError as e:
            form.place_problems(list(e.problems_zh))
        else:
            period = _period(form.cleaned_data["period"]) if "save" in request.POST else None
            same = (
                Allocation.objects.filter(
                    township=township, period=str(period), title=form.cleaned_data["title"]
                ).first()
                if period is not None
                else None
            )
            if same is not None:
                # Saving the preview twice must not leave two splits of one task.
                form.add_error(
                    "title",
                    _("%(period)s 已有同名的任务分解“%(title)s”，请换一个名称或查看已保存的分解")
                    % {"period": same.period, "title": same.title},
                )
            elif "save" in request.POST:
                alloc = save_allocation(
                    township,
                    _period(form.cleaned_data["period"]),
                    form.cleaned_data["title"],
                    result,
                    weights,
                    request.user,
                )
                messages.success(request, _("已保存任务分解：%(t)s") % {"t": alloc.title})
                return redirect("planning:allocation", pk=alloc.pk)
    rows = []
    if result is not None:
        rows = [
            {
                "u": u,
                "quota": fraction_str(u.quota, 4),
                "explanation": u.explanation_zh() if chinese_page() else u.explanation(),
            }
            for u in result.units
        ]
    return render(
        request,
        "planning/allocation_new.html",
        {
            "township": township,
            "form": form,
            "names": names,
            "rows": rows,
            "result_total": sum(u.allocated for u in result.units) if result else None,
            "specs": specs,
        },
    )


def _shipped_allocations() -> dict[str, Any]:
    from kaoping.engine import parse_targets

    return dict(parse_targets(shipped_targets_text(), "targets.yaml").allocations)


def _decimal_text(value: Fraction) -> str:
    return format_number(value, 4)


def _period(text: str) -> Any:
    from kaoping.engine import Period

    return Period.parse(text)


@login_required
def allocation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    alloc = get_allocation_for_user(request.user, pk)
    as_of = query_date(request)
    progress = {p.unit: p for p in progress_of(alloc, as_of)}
    shares = list(alloc.shares.select_related("unit"))
    rows = [
        {
            "share": s,
            "p": progress.get(s.unit.code),
            "expected": fraction_str(progress[s.unit.code].expected),
        }
        for s in shares
    ]
    return render(
        request,
        "planning/allocation_detail.html",
        {
            "alloc": alloc,
            "township": alloc.township,
            "rows": rows,
            "as_of": as_of,
            "total": sum(s.allocated for s in shares),
            "done": sum(p.done for p in progress.values()),
            "campaigns": alloc.campaigns.all(),
            "can_delete": can_manage_township(request.user, alloc.township),
            "delete_blocker": allocation_blocker(alloc),
            "confirm": allocation_question(alloc),
        },
    )
