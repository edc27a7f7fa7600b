"""Pages of the quarterly assessment: the year's ledger of consequences (page and
workbook) and the year view."""

from __future__ import annotations

import io
from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from kaoping.engine import (
    IMPLIED_EFFECTS,
    Period,
)
from kaoping.web.core.models import Unit

from .. import rectifications, services
from ..access import get_township_for_user
from ..annual import annual_result
from ..models import Assessment, LedgerEntry
from ..services import target_label
from .assessment import _ledger_row
from .common import _show
from .documents import XLSX, _download

# What a ledger entry means (RUBRIC.md §5.1), read from the stored results of its
# assessment: (assessment, unit, kind, to, person) -> (effect, withheld).
Effects = dict[tuple[int, str, str, str, str], tuple[str, str | None]]


def _effects(assessments: list[Assessment]) -> Effects:
    out: Effects = {}
    for a in assessments:
        for u in a.results.get("units", []):
            for act in u.get("actions", []):
                # Results stored before effects existed: the kind's implied effect.
                effect = act.get("effect") or IMPLIED_EFFECTS.get(act["kind"].strip(), "note")
                key = (a.pk, u["unit"], act["kind"], act["to"], act.get("person") or "")
                out.setdefault(key, (effect, act.get("withheld")))
    return out


def _effect_of(e: LedgerEntry, effects: Effects) -> tuple[str, str | None]:
    key = (e.assessment_id, e.unit.code, e.kind, e.to, e.person)
    return effects.get(key, (IMPLIED_EFFECTS.get(e.kind.strip(), "note"), None))


_CATEGORIES = {
    "award": "award",
    "fine": "fine",
    "commend": "commendation",
    "criticize": "criticism",
}


def _category(effect: str, withheld: str | None) -> str:
    if withheld is not None:
        return "withheld"
    return _CATEGORIES.get(effect, "other")


def ledger_totals(entries: list[LedgerEntry], effects: Effects) -> dict[str, dict[str, Any]]:
    """Per quarter and for the year: award and fine amounts, counts of commendations,
    criticisms, other measures and withheld awards, by each entry's effect."""
    totals: dict[str, dict[str, Any]] = defaultdict(
        lambda: {
            "award": Decimal(0),
            "fine": Decimal(0),
            "commendation": 0,
            "criticism": 0,
            "other": 0,
            "withheld": 0,
        }
    )
    for e in entries:
        cat = _category(*_effect_of(e, effects))
        for key in (e.period, "year"):
            if cat in ("award", "fine"):
                totals[key][cat] += e.amount or Decimal(0)
            else:
                totals[key][cat] += 1
    return dict(totals)


def period_word(periods: list[str]) -> str:
    """What the ledger's period column is called: 季度 when it lists quarters
    only (or nothing), 月份 when months only, 期间 when both (a township that
    assesses some months monthly beside its quarters)."""
    kinds = {Period.parse(p).kind for p in periods}
    if kinds <= {"Q"}:
        return "季度"
    return "月份" if kinds == {"M"} else "期间"


def _shown(word: str) -> str:
    """The same word on the page, in the reader's language."""
    return {"季度": _("季度"), "月份": _("月份"), "期间": _("期间")}[word]


def _year_entries(
    town: Unit, year: int, months: bool = True
) -> tuple[list[Assessment], list[LedgerEntry], Effects]:
    # The ledger lists the months assessed monthly beside the quarters; the year
    # view's columns are the quarters.
    effective = services.effective_assessments(town, year, months)
    entries = sorted(
        LedgerEntry.objects.filter(assessment__in=effective)
        .select_related("unit", "area", "assessment")
        .order_by("period", "unit__code", "id"),
        # In order of period (2027Q1 before its months, as Period orders them).
        key=lambda e: Period.parse(e.period),
    )
    return effective, entries, _effects(effective)


def _campaign_entries(town: Unit, year: int) -> tuple[list[Assessment], list[LedgerEntry], Effects]:
    """The campaigns' own assessments of the year and their entries: listed apart,
    never added to a quarter's totals (docs/campaign-assessment.md)."""
    effective = services.effective_campaign_assessments(town, year)
    entries = list(
        LedgerEntry.objects.filter(assessment__in=effective)
        .select_related("unit", "area", "assessment", "assessment__campaign")
        .order_by("assessment__period", "assessment__campaign__start", "unit__code", "id")
    )
    return effective, entries, _effects(effective)


def _campaign_sections(town: Unit, year: int) -> list[dict[str, Any]]:
    effective, entries, effects = _campaign_entries(town, year)
    out = []
    for a in effective:
        mine = [e for e in entries if e.assessment_id == a.pk]
        totals = ledger_totals(mine, effects).get("year", {})
        out.append(
            {
                "a": a,
                "totals": {
                    k: (_show(v) if isinstance(v, Decimal) else v) for k, v in totals.items()
                },
                "rows": [_ledger_row(e) for e in mine],
            }
        )
    return out


@login_required
def ledger(request: HttpRequest, code: str, year: int) -> HttpResponse:
    town, r = get_township_for_user(request.user, code)
    if not r.read_all:
        raise Http404
    effective, entries, effects = _year_entries(town, year)
    word = period_word([a.period for a in effective])
    totals = ledger_totals(entries, effects)
    quarters = [
        {"period": a.period, "version": a.version, "status": a.get_status_display(),
         **{k: (_show(v) if isinstance(v, Decimal) else v) for k, v in totals.get(a.period, {}).items()}}
        for a in effective
    ]  # fmt: skip
    year_total = {
        k: (_show(v) if isinstance(v, Decimal) else v) for k, v in totals.get("year", {}).items()
    }
    return render(
        request,
        "assessment/ledger.html",
        {
            "township": town,
            "year": year,
            "rows": [_ledger_row(e) for e in entries],
            "quarters": quarters,
            "year_total": year_total,
            "campaigns": _campaign_sections(town, year),
            "period_word": _shown(word),
            "quarters_only": word == "季度",
            "rights": r,
        },
    )


LEDGER_HEADERS = ["季度", "单位代码", "单位", "对象", "姓名", "措施", "金额（元）", "事由"]


def ledger_headers(periods: list[str]) -> list[str]:
    """:data:`LEDGER_HEADERS` with the period column named for ``periods``."""
    return [period_word(periods), *LEDGER_HEADERS[1:]]


@login_required
def ledger_xlsx(request: HttpRequest, code: str, year: int) -> HttpResponse:
    from kaoping.io import write_xlsx

    town, r = get_township_for_user(request.user, code)
    if not r.read_all:
        raise Http404
    effective, entries, effects = _year_entries(town, year)
    word = period_word([a.period for a in effective])
    rows = [
        [
            e.period,
            e.unit.code,
            e.unit.name,
            target_label(e.to),
            e.person,
            e.kind,
            e.amount,
            e.reason,
        ]
        for e in entries
    ]
    totals = ledger_totals(entries, effects)
    total_rows = [
        [
            key if key != "year" else f"{year}年合计",
            t["award"],
            t["fine"],
            t["commendation"],
            t["criticism"],
            t["other"],
            t["withheld"],
        ]
        for key, t in sorted(totals.items(), key=lambda kv: (kv[0] == "year", kv[0]))
    ]
    out = io.BytesIO()
    # The campaigns' own consequences on a sheet of their own, when there are any.
    campaign_rows = _campaign_xlsx_rows(town, year)
    campaign_headers = ledger_headers(sorted({row[1] for row in campaign_rows}))
    campaign_sheet = (
        {"专项活动考评": (["专项活动", *campaign_headers], campaign_rows)} if campaign_rows else {}
    )
    write_xlsx(
        out,
        {
            f"{year}年奖惩台账": ([word, *LEDGER_HEADERS[1:]], rows),
            "合计": (
                [
                    word,
                    "奖励金额",
                    "罚款金额",
                    "表扬（人次）",
                    "批评（人次）",
                    "其他措施（人次）",
                    "不予兑现（人次）",
                ],
                total_rows,
            ),
            **campaign_sheet,
        },
    )
    return _download(out.getvalue(), f"{town.name}{year}年考评奖惩台账.xlsx", XLSX)


def _campaign_xlsx_rows(town: Unit, year: int) -> list[list[Any]]:
    _effective, entries, _fx = _campaign_entries(town, year)
    return [
        [
            e.assessment.campaign.title if e.assessment.campaign else "",
            e.period,
            e.unit.code,
            e.unit.name,
            target_label(e.to),
            e.person,
            e.kind,
            e.amount,
            e.reason,
        ]
        for e in entries
    ]


@login_required
def year_view(request: HttpRequest, code: str, year: int) -> HttpResponse:
    town, r = get_township_for_user(request.user, code)
    if not r.read_all:
        raise Http404
    effective, entries, effects = _year_entries(town, year, months=False)
    periods = [a.period for a in effective]
    by_unit: dict[str, dict[str, Any]] = {}
    for a in effective:
        for u in a.results.get("units", []):
            row = by_unit.setdefault(
                u["unit"], {"unit": u["unit"], "name": u["name"], "cells": {},
                            "yellow_periods": set(), "key_periods": set(), "ineligible": set(),
                            "unfit": set(), "carried": []},
            )  # fmt: skip
            row["cells"][a.period] = u
            for c in u.get("carried", []):
                row["carried"].append(f"{c['kind']}（{Period.parse(c['period']).label_zh()}）")
    for e in entries:
        found = by_unit.get(e.unit.code)
        if found is None:
            continue
        effect, _withheld = _effect_of(e, effects)
        # A card is on the village's record once a quarter, however many lines name it.
        if effect == "yellow_card":
            found["yellow_periods"].add(e.period)
        if effect == "key_management":
            found["key_periods"].add(e.period)
        if effect in ("ineligible", "unfit"):
            found[effect].add(f"{target_label(e.to)}{e.person}")
    for row in by_unit.values():
        row["yellow"] = len(row.pop("yellow_periods"))
        row["key_management"] = len(row.pop("key_periods"))
    group = {"top": "前列", "bottom": "后列"}
    rows = []
    for _code, row in sorted(by_unit.items()):
        cells = []
        for p in periods:
            u = row["cells"].get(p)
            cells.append(
                None
                if u is None
                else {
                    "rank": u["rank"],
                    "total": _show(u["total"]),
                    "group": group.get(u["group"] or "", ""),
                    "streak": u["streak"],
                }
            )
        rows.append(
            {**row, "cells": cells, "ineligible": sorted(row["ineligible"]),
             "unfit": sorted(row["unfit"])}
        )  # fmt: skip
    annual, annual_missing = annual_result(effective, year)
    if annual is not None:
        by_code = {u.unit: u for u in annual.units}
        for row in rows:
            u = by_code.get(row["unit"])
            row["annual"] = (
                None
                if u is None
                else {"rank": u.rank, "total": _show(u.total), "group": group.get(u.group or "", ""),
                      "actions": "、".join(f"{a.kind}（{target_label(a.to)}）" for a in u.actions)}
            )  # fmt: skip
    return render(
        request,
        "assessment/year.html",
        {
            "township": town,
            "year": year,
            "periods": periods,
            "rows": rows,
            "annual": annual,
            "annual_missing": annual_missing,
            "rights": r,
            "followups": rectifications.quarter_counts(town, periods, timezone.localdate(), year),
        },
    )
