"""Spot checks and acceptance visits from above (上级抽查、验收): who came, when,
which units they sampled, the figures they observed beside those reported, the
verdict per unit and an optional veto (docs/inspections.md).

- An inspection concerns a quarter, or a month where the township reports monthly
  (a data set 按月, as a month's assessment needs). Its stored sample is that
  period's list of spot-checked units: targets on spot-checked units (抽查村居),
  reminders and documents read it; its differences read that period's reported
  figures.
- An observed figure that differs from the reported one opens a follow-up
  (:class:`~.models.Rectification`, ``inspection`` set) in the same transaction.
- A veto applies to the unit's assessment as a rubric's ``veto`` does (RUBRIC.md
  §4): the quarterly one, or the campaign's when the inspection accepts a campaign.
  It takes effect when that assessment is next computed; a frozen one needs a
  correction.

Leaders above the township record them: the county's, and those of the city and
province above the county (the superuser too), each at their own unit's level
(县级, 市级, 省级: :func:`recorder_levels`); the township's staff and those above
read them; nobody else sees them (404).
"""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from kaoping.engine import (
    Adjustment,
    Element,
    ElementType,
    Period,
    Rubric,
    format_exact,
    parse_expr,
)
from kaoping.web.core.labels import period_label
from kaoping.web.core.models import DataElement, DataSet, Figure, Unit
from kaoping.web.core.permissions import PERMISSIONS, memberships, regions_of

from . import notes as N
from .access import rights
from .models import (
    InspectedFigure,
    InspectedUnit,
    Inspection,
    InspectionEvent,
    Rectification,
    RectificationEvent,
)
from .refusals import Refused

#: The figure a veto from above gives a unit, and the adjustment that reads it.
VETO_ELEMENT = "inspection_veto"
VETO_TITLE = "上级核查一票否决"
#: What a difference between observed and reported figures asks of the unit.
DIFFERENCE_KIND = "上级核查数据不符整改"
DIFFERENCE_DAYS = 30
MAX_SAMPLE = 200
NOT_A_QUARTER = gettext_lazy("季度：“%(text)s”不是季度，例如 2026Q2")
NOT_A_PERIOD = gettext_lazy("期间：“%(text)s”不是季度或月份，例如 2026Q2 或 2026-05")
NO_MONTHS = gettext_lazy(
    "期间：%(township)s没有按月报送的数据集，核查%(month)s请改为所在季度（%(quarter)s）"
)


def recorder_levels(user: Any, township: Unit) -> list[str]:
    """The levels at which the user records an inspection of ``township``: that of
    each unit above it where they hold ``inspection.record`` (a leader of its county
    records 县级, of the city above 市级, of the province 省级), lowest first; every
    level for the superuser, none for anyone else."""
    if not user.is_authenticated:
        return []
    levels = [v for v, _label in Inspection.Level.choices]
    if user.is_superuser:
        return levels
    rule = PERMISSIONS["inspection.record"]
    held: set[str] = set()
    regions: frozenset[int] | None = None
    for m in memberships(user):
        if m.unit.level == Unit.Level.COUNTY and m.role in rule.county:
            if m.unit_id == township.parent_id:
                held.add(m.unit.level)
        elif m.unit.level in (Unit.Level.CITY, Unit.Level.PROVINCE) and m.role in rule.region:
            if regions is None:
                regions = regions_of(township)
            if m.unit_id in regions:
                held.add(m.unit.level)
    return [level for level in levels if level in held]


def may_record(user: Any, township: Unit) -> bool:
    """A leader above the township (its county's, its city's or province's) or the
    superuser records inspections."""
    return bool(recorder_levels(user, township))


def may_read(user: Any, township: Unit) -> bool:
    return may_record(user, township) or rights(user, township).read_all


def sampled_codes(township: Unit, period: Period) -> list[str]:
    """The codes of the units inspections from above sampled in the quarter or month,
    in code order: targets' spot-checked units (抽查村居), asked for by planning.services."""
    return sorted(
        set(
            InspectedUnit.objects.filter(
                inspection__township=township, inspection__period=str(period)
            ).values_list("unit__code", flat=True)
        )
    )


def vetoes(
    township: Unit, periods: list[str], campaign_id: int | None
) -> dict[tuple[str, str], str]:
    """(unit code, quarter) -> the reason of every veto from above that applies to
    the quarterly assessment (``campaign_id`` None) or to that campaign's."""
    out: dict[tuple[str, str], str] = {}
    rows = InspectedUnit.objects.filter(
        veto=True, inspection__township=township, inspection__period__in=periods
    ).select_related("inspection", "unit")
    rows = (
        rows.filter(inspection__campaign__isnull=True)
        if campaign_id is None
        else rows.filter(inspection__campaign_id=campaign_id)
    )
    for row in rows.order_by("inspection__day", "id"):
        key = (row.unit.code, row.inspection.period)
        reason = f"{row.inspection}：{row.veto_reason}"
        out[key] = f"{out[key]}；{reason}" if key in out else reason
    return out


def with_veto(rubric: Rubric) -> Rubric:
    """The rubric with one more veto adjustment reading ``inspection_veto``: a veto
    from above zeroes the total, marks the unit vetoed and withholds its awards,
    exactly as the rubric's own veto would."""
    if any(a.id == VETO_ELEMENT for a in rubric.adjustments):
        return rubric
    adjustment = Adjustment(
        id=VETO_ELEMENT, title=VETO_TITLE, kind="veto", expr=parse_expr(VETO_ELEMENT)
    )
    elements = dict(rubric.elements)
    if elements:
        elements[VETO_ELEMENT] = Element(
            VETO_ELEMENT, VETO_TITLE, ElementType.BOOL, default=Decimal(0)
        )
    return dataclasses.replace(
        rubric, elements=elements, adjustments=(*rubric.adjustments, adjustment)
    )


def reports_monthly(township: Unit) -> bool:
    """Whether the township has a data set reported monthly: then an inspection,
    like an assessment, may concern a month."""
    return DataSet.objects.filter(township=township, frequency=DataSet.Frequency.MONTHLY).exists()


def _period(township: Unit, text: str) -> str:
    monthly = reports_monthly(township)
    wrong = NOT_A_PERIOD if monthly else NOT_A_QUARTER
    try:
        p = Period.parse(text.strip())
    except ValueError:
        raise Refused(str(wrong) % {"text": text[:20]}) from None
    if p.is_month and not monthly:
        raise Refused(
            str(NO_MONTHS)
            % {
                "township": township.name,
                "month": period_label(p),
                "quarter": period_label(p.enclosing("Q")),
            }
        )
    if not (p.is_quarter or p.is_month):
        raise Refused(str(wrong) % {"text": text[:20]})
    return str(p)


@transaction.atomic
def record(
    township: Unit,
    *,
    kind: str,
    level: str,
    day: date,
    period: str,
    inspectors: str,
    units: list[Unit],
    user: Any,
    campaign: Any = None,
    note: str = "",
) -> Inspection:
    """Record an inspection and its sample; refused (nothing saved) when the
    sample is empty or holds a unit of another township."""
    levels = recorder_levels(user, township)
    if not levels:
        raise Refused(_("只有本县及其上级市、省的领导可以登记上级核查"))
    if level not in levels:
        raise Refused(_("核查层级：“%(level)s”不是登记人所在单位的层级") % {"level": level[:20]})
    period = _period(township, period)
    if not inspectors.strip():
        raise Refused(_("核查人员：请填写"))
    if not units:
        raise Refused(_("抽查单位：请至少选择一个村（社区）"))
    if len(units) > MAX_SAMPLE:
        raise Refused(
            _("抽查单位：最多%(most)s个，收到%(got)s个") % {"most": MAX_SAMPLE, "got": len(units)}
        )
    foreign = [u.name for u in units if u.township_id != township.pk or not u.reports_figures]
    if foreign:
        raise Refused(
            _("抽查单位：不是本乡镇的村（社区）：%(units)s")
            % {"units": pgettext("list separator", "、").join(foreign)}
        )
    if campaign is not None and campaign.township_id != township.pk:
        raise Refused(_("专项活动：不属于本乡镇"))
    i = Inspection.objects.create(
        township=township,
        period=period,
        campaign=campaign,
        kind=kind,
        level=level,
        inspectors=inspectors.strip()[:200],
        day=day,
        note=note.strip(),
        recorded_by=user,
    )
    InspectedUnit.objects.bulk_create(InspectedUnit(inspection=i, unit=u) for u in units)
    InspectionEvent.objects.create(
        inspection=i,
        action=InspectionEvent.Action.RECORD,
        user=user,
        note=N.SAMPLED % {"units": "、".join(u.name for u in sorted(units, key=lambda u: u.code))},
    )
    return i


def reported_figures(inspection: Inspection, unit: Unit) -> list[tuple[str, str, Decimal | None]]:
    """(element, label, reported value) of every figure the unit reported for the
    inspection's quarter or month, in the data sets' order."""
    labels = dict(
        DataElement.objects.filter(dataset__township=inspection.township).values_list(
            "code", "label"
        )
    )
    order = {
        code: i
        for i, code in enumerate(
            DataElement.objects.filter(dataset__township=inspection.township)
            .order_by("dataset__code", "position", "id")
            .values_list("code", flat=True)
        )
    }
    values: dict[str, Decimal | None] = {}
    for element, value in Figure.objects.filter(
        period=inspection.period, report__unit=unit
    ).values_list("element", "value"):
        if value is not None or element not in values:
            values[element] = value
    return sorted(
        ((code, labels.get(code, code), v) for code, v in values.items()),
        key=lambda t: (order.get(t[0], len(order)), t[0]),
    )


@transaction.atomic
def record_findings(
    sampled_pk: int,
    *,
    verdict: str,
    veto: bool,
    veto_reason: str,
    note: str,
    observed: dict[str, Decimal],
    user: Any,
) -> InspectedUnit:
    """What the inspection found in one unit: its verdict, an optional veto with
    its reason, and the figures observed (beside the reported ones, read now).
    Differences open (or update) the unit's follow-up in this transaction."""
    s = (
        InspectedUnit.objects.select_for_update(of=("self",))
        .select_related("inspection", "inspection__township", "unit")
        .get(pk=sampled_pk)
    )
    i = s.inspection
    if not may_record(user, i.township):
        raise Refused(_("只有本县及其上级市、省的领导可以录入核查结果"))
    if veto and not veto_reason.strip():
        raise Refused(_("否决理由：一票否决时请写明理由"))
    reported = {code: (label, v) for code, label, v in reported_figures(i, s.unit)}
    unknown = [c for c in observed if c not in reported]
    if unknown:
        raise Refused(
            _("核查数：该单位%(period)s没有上报这些指标：%(elements)s")
            % {
                "period": period_label(i.period),
                "elements": pgettext("list separator", "、").join(unknown),
            }
        )
    s.verdict, s.veto = verdict, veto
    s.veto_reason = veto_reason.strip()[:300] if veto else ""
    s.note = note.strip()
    s.save(update_fields=["verdict", "veto", "veto_reason", "note"])
    s.figures.all().delete()
    figures = [
        InspectedFigure(
            sampled=s,
            element=code,
            label=reported[code][0],
            reported=reported[code][1],
            observed=value,
        )
        for code, value in observed.items()
    ]
    InspectedFigure.objects.bulk_create(figures)
    # The records keep kaoping's sentences in Chinese whoever entered the findings
    # (a page shows them in the reader's language: notes.sampled_shown).
    with translation.override(settings.LANGUAGE_CODE):
        differences = [
            N.DIFFERENCE
            % {
                "label": f.label,
                "reported": "—" if f.reported is None else format_exact(f.reported),
                "observed": format_exact(f.observed),
            }
            for f in figures
            if f.differs
        ]
        InspectionEvent.objects.create(
            inspection=i,
            action=InspectionEvent.Action.FINDINGS,
            user=user,
            note=N.findings(s.unit.name, str(s.get_verdict_display()), veto, differences),
        )
        if differences:
            _open_followup(s, N.DIFFERENCES_JOIN.join(differences), user)
    return s


def _open_followup(s: InspectedUnit, text: str, user: Any) -> Rectification:
    i = s.inspection
    area = s.unit.parent.code if s.unit.parent and s.unit.parent.level == Unit.Level.AREA else ""
    item, created = Rectification.objects.select_for_update().get_or_create(
        inspection=i,
        unit=s.unit,
        kind=DIFFERENCE_KIND,
        defaults={
            "township": i.township,
            "period": i.period,
            "campaign": i.campaign,
            "version": 0,
            "area": area,
            "effect": "rectify",
            "to": "unit",
            "due": i.day + timedelta(days=DIFFERENCE_DAYS),
        },
    )
    if not created and item.state == Rectification.State.VERIFIED:
        # New differences after the township verified the last ones: work again.
        item.state = Rectification.State.OPEN
        item.save(update_fields=["state"])
    RectificationEvent.objects.create(
        rectification=item,
        action=RectificationEvent.Action.OPEN if created else RectificationEvent.Action.REOPEN,
        user=user,
        note=f"{i}：{text}",
    )
    return item
