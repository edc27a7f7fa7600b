"""The meeting form: every field bounded, problems named by field and value."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kaoping.web.assessment.models import Rectification
from kaoping.web.assessment.services import target_label
from kaoping.web.core.models import Unit, out_of_scope

from .models import MAX_LINES, MAX_TEXT, Meeting
from .services import ROLE_ORDER, MeetingData

#: Meetings are recorded for this century only; a typo such as 0202 is caught.
FIRST_YEAR, LAST_YEAR = 2000, 2099


def _lines(value: str, label: Any) -> str:
    lines = [line for line in value.splitlines() if line.strip()]
    if len(lines) > MAX_LINES:
        raise forms.ValidationError(
            _("%(label)s有%(n)s行，最多%(max)s行"),
            params={"label": label, "n": len(lines), "max": MAX_LINES},
        )
    return "\n".join(line.strip() for line in lines)


class MeetingForm(forms.Form):
    kind = forms.ChoiceField(label=_("会议类型"), choices=Meeting.Kind.choices)
    date = forms.DateField(
        label=_("日期"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("请按 2026-10-12 的形式填写日期")},
    )
    title = forms.CharField(label=_("会议名称"), max_length=200, required=False)
    place = forms.CharField(label=_("地点"), max_length=100, required=False)
    chair = forms.CharField(label=_("主持人"), max_length=50, required=False)
    recorder = forms.CharField(label=_("记录人"), max_length=50, required=False)
    units = forms.MultipleChoiceField(
        label=_("涉及村（居）"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("不选即全镇各村（居）"),
    )
    roles = forms.MultipleChoiceField(
        label=_("参会职务"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("按会议当天在任的人员生成参会名单"),
    )
    others = forms.CharField(
        label=_("其他参会人员"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("每行一人：姓名 职务"),
    )
    agenda = forms.CharField(
        label=_("议程"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("每行一项"),
    )
    decisions = forms.CharField(
        label=_("议定事项"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("每行一项"),
    )
    handled = forms.MultipleChoiceField(
        label=_("本次会议处理的整改事项"), required=False, widget=forms.CheckboxSelectMultiple
    )
    revision = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=0)

    def __init__(
        self,
        *args: Any,
        township: Unit,
        follow_ups: list[Rectification],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.township = township
        self.villages = {
            str(u.pk): u
            for u in Unit.objects.filter(
                township=township, level__in=[Unit.Level.VILLAGE, Unit.Level.COMMUNITY]
            ).order_by("code")
        }
        f: Any = self.fields
        f["units"].choices = [(pk, u.name) for pk, u in self.villages.items()]
        f["roles"].choices = [(r, target_label(r)) for r in ROLE_ORDER]
        f["handled"].choices = [
            (str(i.pk), f"{i.period} {i.unit.name} {i.kind}"
             + (f"（{i.person}）" if i.person else "") + f" · {i.get_state_display()}")
            for i in follow_ups
        ]  # fmt: skip

    def clean_date(self) -> dt.date:
        d: dt.date = self.cleaned_data["date"]
        if not FIRST_YEAR <= d.year <= LAST_YEAR:
            raise forms.ValidationError(
                _("日期%(value)s不在%(first)s—%(last)s年之间"),
                params={"value": d.isoformat(), "first": FIRST_YEAR, "last": LAST_YEAR},
            )
        return d

    def clean_others(self) -> str:
        return _lines(self.cleaned_data["others"], self.fields["others"].label)

    def clean_agenda(self) -> str:
        return _lines(self.cleaned_data["agenda"], self.fields["agenda"].label)

    def clean_decisions(self) -> str:
        return _lines(self.cleaned_data["decisions"], self.fields["decisions"].label)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in ("title", "agenda", "decisions"):
            problem = out_of_scope(str(data.get(name) or ""), str(self.fields[name].label))
            if problem is not None:
                self.add_error(name, problem)
        return data

    def meeting_data(self) -> MeetingData:
        d = self.cleaned_data
        return MeetingData(
            kind=d["kind"],
            date=d["date"],
            title=d["title"].strip(),
            place=d["place"].strip(),
            chair=d["chair"].strip(),
            recorder=d["recorder"].strip(),
            units=[self.villages[pk] for pk in d["units"]],
            roles=list(d["roles"]),
            others=d["others"],
            agenda=d["agenda"],
            decisions=d["decisions"],
            handled=[int(pk) for pk in d["handled"]],
        )


def initial_of(m: Meeting) -> dict[str, Any]:
    return {
        "kind": m.kind,
        "date": m.date,
        "title": m.title,
        "place": m.place,
        "chair": m.chair,
        "recorder": m.recorder,
        "units": [str(u.pk) for u in m.units.all()],
        "roles": m.role_codes,
        "others": m.others,
        "agenda": m.agenda,
        "decisions": m.decisions,
        "handled": [str(h.rectification_id) for h in m.handled.all()],
        "revision": m.revision,
    }
