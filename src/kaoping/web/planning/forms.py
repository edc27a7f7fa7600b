"""Forms of the planning pages. Every refusal is a message on its field in the
request's language (the engine's English or Chinese picked by ``worded``);
the rules behind them (notice days, overlaps, records that add up, allocation
inputs) are the engine's."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kaoping.engine import (
    MAX_TOTAL,
    AttendanceRecord,
    NumberOutOfBounds,
    Period,
    PeriodError,
    ServiceDayPlan,
    bounded_decimal,
    check_record,
    find_overlaps,
    format_date_zh,
    notice_warning,
)
from kaoping.web.core.labels import unit_label
from kaoping.web.core.models import Unit
from kaoping.web.core.services import worded

from .models import (
    ABSENT_FIELDS,
    Allocation,
    Campaign,
    CampaignTarget,
    ServiceDay,
    split_names,
)

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
_TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class ServiceDayForm(forms.ModelForm):
    class Meta:
        model = ServiceDay
        fields = (
            "unit",
            "day",
            "start",
            "end",
            "place",
            "services",
            "staff",
            "notice_on",
            "late_notice_reason",
        )
        widgets = {  # noqa: RUF012
            "day": _DATE,
            "notice_on": _DATE,
            "start": _TIME,
            "end": _TIME,
            "late_notice_reason": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, township: Unit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.township = township
        self.fields["unit"].queryset = Unit.objects.filter(  # type: ignore[attr-defined]
            township=township, level__in=[Unit.Level.VILLAGE, Unit.Level.COMMUNITY]
        ).order_by("code")
        # 东风村 (V01) on an English page, as the overlap messages name it.
        self.fields["unit"].label_from_instance = unit_label  # type: ignore[attr-defined]
        self.fields["services"].widget.attrs["placeholder"] = "两癌筛查、产后访视、育儿补贴咨询"
        self.warning: str | None = None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        day, start, end = data.get("day"), data.get("start"), data.get("end")
        unit, notice_on = data.get("unit"), data.get("notice_on")
        if start and end and end <= start:
            self.add_error("end", _("结束时间应晚于开始时间"))
            return data
        if day and notice_on:
            warning = notice_warning(day, notice_on)
            if warning is not None:
                self.warning = worded(warning.message, warning.message_zh)
                if warning.days_ahead < 0:
                    self.add_error("notice_on", self.warning)
                elif not (data.get("late_notice_reason") or "").strip():
                    self.add_error("late_notice_reason", self.warning)
        if day and start and end and unit:
            plan = ServiceDayPlan(
                unit_label(unit),
                day,
                start,
                end,
                data.get("place") or "",
                split_names(data.get("services") or ""),
                split_names(data.get("staff") or ""),
                id=f"{unit.name} {day:%m-%d} {start:%H:%M}",
            )
            others = ServiceDay.objects.filter(township=self.township, day=day).select_related(
                "unit"
            )
            if self.instance.pk:
                others = others.exclude(pk=self.instance.pk)
            for o in find_overlaps([plan, *(s.as_plan(labelled=True) for s in others)]):
                if o.first is plan or o.second is plan:
                    self.add_error("start", worded(o.message, o.message_zh))
        if not split_names(data.get("services") or ""):
            self.add_error("services", _("请至少填写一项服务"))
        return data

    def save(self, commit: bool = True) -> ServiceDay:
        obj: ServiceDay = super().save(commit=False)
        obj.township = self.township
        obj.period = str(Period.quarter(obj.day.year, (obj.day.month - 1) // 3 + 1))
        if commit:
            obj.save()
        return obj


class RecordForm(forms.Form):
    """What the day counted. Negative numbers pass the field and are refused by
    the engine's check, so that the message names the figure and its value."""

    invited = forms.IntegerField(label=_("应到人数"))
    attended = forms.IntegerField(label=_("实到人数"))
    declined = forms.IntegerField(
        label=_("知情后自愿不参加"),
        initial=0,
        help_text=_("已告知服务内容、本人自愿不参加的人数；不计入见面率的分母，也不算缺席"),
    )
    absent_moved_away = forms.IntegerField(label=_("缺席：迁居外地"), initial=0)
    absent_ill = forms.IntegerField(label=_("缺席：生病"), initial=0)
    absent_unreachable = forms.IntegerField(label=_("缺席：联系不上"), initial=0)
    absent_other = forms.IntegerField(label=_("缺席：其他"), initial=0)

    def __init__(
        self,
        *args: Any,
        unit: Unit,
        day: date | None = None,
        today: date | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.unit = unit
        self.day, self.today = day, today

    @property
    def too_early(self) -> str | None:
        """Why the day cannot be recorded yet: it has not been held."""
        if self.day is None or self.today is None or self.day <= self.today:
            return None
        return _("服务日定于%(d)s，尚未举行（今天是%(t)s），不能提前记录；请在当天或之后记录。") % {
            "d": format_date_zh(self.day),
            "t": format_date_zh(self.today),
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.too_early:
            raise forms.ValidationError(self.too_early)
        if self.errors:
            return data
        record = AttendanceRecord(
            self.unit.name,
            data["invited"],
            data["attended"],
            {r: data[f] for f, r in ABSENT_FIELDS},
            data["declined"],
        )
        for p in check_record(record):
            name = p.field.replace("absent.", "absent_")
            self.add_error(
                name if name in self.fields else "invited", worded(p.message, p.message_zh)
            )
        return data

    def apply(self, sd: ServiceDay) -> None:
        d = self.cleaned_data
        sd.invited, sd.attended, sd.declined = d["invited"], d["attended"], d["declined"]
        for f, _r in ABSENT_FIELDS:
            setattr(sd, f, d[f])


def parse_period_field(text: str) -> Period:
    try:
        p = Period.parse(text.strip())
    except PeriodError:
        raise forms.ValidationError(
            _("“%(v)s”不是期间，应写作如 2026Q2 或 2026-05") % {"v": text}
        ) from None
    return p


class AllocationForm(forms.Form):
    title = forms.CharField(label=_("任务名称"), max_length=100)
    period = forms.CharField(label=_("期间"), max_length=10, help_text=_("如 2026Q2"))
    total = forms.IntegerField(label=_("总数"), max_value=MAX_TOTAL)
    floor = forms.IntegerField(label=_("每村保底"), initial=0, max_value=MAX_TOTAL)

    def __init__(self, *args: Any, figures: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.figure_names = figures
        for name in figures:
            self.fields[f"w_{name}"] = forms.CharField(
                label=_("权重：%(n)s") % {"n": name}, required=False, initial="0"
            )

    def clean_period(self) -> str:
        return str(parse_period_field(self.cleaned_data["period"]))

    def weights(self) -> dict[str, Decimal]:
        return {
            n: self.cleaned_data[f"w_{n}"]
            for n in self.figure_names
            if self.cleaned_data.get(f"w_{n}") is not None
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for n in self.figure_names:
            raw = (data.get(f"w_{n}") or "").strip() or "0"
            try:
                value = bounded_decimal(raw)
            except NumberOutOfBounds as err:
                self.add_error(
                    f"w_{n}", _("权重%(why)s") % {"why": worded(str(err), err.message_zh)}
                )
                continue
            except InvalidOperation:
                self.add_error(f"w_{n}", _("权重“%(v)s”不是数字") % {"v": raw})
                continue
            data[f"w_{n}"] = value
        return data

    def place_problems(self, problems: list[str]) -> None:
        """The engine's problems, each beside the field it is about."""
        weight_field = f"w_{self.figure_names[0]}" if self.figure_names else None
        for p in problems:
            if p.startswith("总数"):
                self.add_error("total", p)
            elif p.startswith("保底"):
                self.add_error("floor", p)
            elif p.startswith(("权重", "未给出权重")) and weight_field:
                m = re.match(r"权重(\S+?)的值", p)
                named = f"w_{m[1]}" if m and f"w_{m[1]}" in self.fields else weight_field
                self.add_error(named, p)
            else:
                self.add_error(None, p)


class CampaignForm(forms.ModelForm):
    class Meta:
        model = Campaign
        fields = ("title", "task", "start", "end", "allocation")
        widgets = {"start": _DATE, "end": _DATE}  # noqa: RUF012

    def __init__(self, *args: Any, township: Unit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.township = township
        self.fields["allocation"].queryset = Allocation.objects.filter(  # type: ignore[attr-defined]
            township=township
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("结束日期不能早于开始日期"))
        return data

    def save(self, commit: bool = True) -> Campaign:
        obj: Campaign = super().save(commit=False)
        obj.township = self.township
        if commit:
            obj.save()
        return obj


class CampaignTargetForm(forms.ModelForm):
    """A campaign target: a township total, or a completion rate of their
    allocation that every village (or a share of them) reaches by the end date."""

    class Meta:
        model = CampaignTarget
        fields = ("kind", "total", "rate", "share")

    def __init__(self, *args: Any, campaign: Campaign, **kwargs: Any) -> None:
        kwargs["prefix"] = "target"
        super().__init__(*args, **kwargs)
        self.campaign = campaign
        self.fields["total"].help_text = _("目标为全镇合计完成数时填写")
        self.fields["rate"].help_text = _("目标为各村（居）完成率时填写，如 90")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("kind")
        if kind == CampaignTarget.Kind.TOTAL:
            total = data.get("total")
            if total is None and "total" not in self.errors:
                self.add_error("total", _("请填写全镇合计目标数"))
            elif total is not None and total <= 0:
                self.add_error("total", _("全镇合计目标数应大于0，现为%(v)s") % {"v": total})
            data["rate"], data["share"] = None, CampaignTarget.Share.ALL
        elif kind == CampaignTarget.Kind.UNITS:
            rate = data.get("rate")
            if rate is None and "rate" not in self.errors:
                self.add_error("rate", _("请填写完成率，如 90"))
            elif rate is not None and not (0 < rate <= 100):
                self.add_error("rate", _("完成率应大于0且不超过100，现为%(v)s") % {"v": rate})
            if not data.get("share") and "share" not in self.errors:
                self.add_error("share", _("请选择达到完成率的村（居）范围"))
            data["total"] = None
        return data

    def save(self, commit: bool = True) -> CampaignTarget:
        obj: CampaignTarget = super().save(commit=False)
        obj.campaign = self.campaign
        if commit:
            obj.save()
        return obj


class EntriesForm(forms.Form):
    """One day's counts for several units: a field per unit, blank for none."""

    day = forms.DateField(label=_("日期"), widget=_DATE)

    def __init__(self, *args: Any, campaign: Campaign, units: list[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.campaign = campaign
        self.units = units
        for u in units:
            # Bounded: a 30-digit count overflowed the database column (a 500).
            self.fields[f"u_{u.code}"] = forms.IntegerField(
                label=u.name, required=False, max_value=MAX_TOTAL
            )

    def clean_day(self) -> Any:
        day = self.cleaned_data["day"]
        c = self.campaign
        if not (c.start <= day <= c.end):
            raise forms.ValidationError(
                _("%(d)s不在活动期间（%(s)s至%(e)s）内") % {"d": day, "s": c.start, "e": c.end}
            )
        return day

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for u in self.units:
            v = data.get(f"u_{u.code}")
            if v is not None and v < 0:
                self.add_error(f"u_{u.code}", _("%(u)s：完成数%(v)s为负数") % {"u": u.name, "v": v})
        return data

    def counts(self) -> dict[Unit, int]:
        return {
            u: self.cleaned_data[f"u_{u.code}"]
            for u in self.units
            if self.cleaned_data.get(f"u_{u.code}") is not None
        }


class TargetsUploadForm(forms.Form):
    file = forms.FileField(label=_("目标文件（YAML）"))


class BaseFiguresUploadForm(forms.Form):
    file = forms.FileField(label=_("基数表（CSV 或 XLSX）"))
