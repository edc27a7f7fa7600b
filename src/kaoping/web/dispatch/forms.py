"""The dispatch forms: an area's day report, the campaign's dispatch settings and
an area's work group. Every field bounded; every refusal names the field and value."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from kaoping.web.core.models import Membership, Person, Unit
from kaoping.web.planning.models import Campaign

from .models import MAX_CATCH_UP_DAYS, MAX_LAG_POINTS, MAX_MEMBERS, MAX_NOTE, DispatchSettings

#: A village's count for one day: far above any day's work, far below the column's limit.
MAX_DAY_COUNT = 100_000
_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ReportForm(forms.Form):
    """An area's figures of one day: a count per village of the area, and a note."""

    day = forms.DateField(
        label=_("日期"),
        widget=_DATE,
        error_messages={"invalid": _("日期格式不正确，应为2026-05-01这样的年-月-日")},
    )
    note = forms.CharField(
        label=_("当日情况"),
        max_length=MAX_NOTE,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": MAX_NOTE}),
        help_text=_("简要说明当日工作，不写居民个人信息"),
    )

    def __init__(self, *args: Any, campaign: Campaign, villages: list[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.campaign = campaign
        self.villages = villages
        for v in villages:
            self.fields[f"u_{v.code}"] = forms.IntegerField(
                label=v.name,
                required=False,
                min_value=0,
                max_value=MAX_DAY_COUNT,
                widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 0}),
                error_messages={
                    "invalid": _("%(u)s当日完成数应为整数") % {"u": v.name},
                    "min_value": _("%(u)s当日完成数不能为负数") % {"u": v.name},
                    "max_value": _("%(u)s当日完成数超过上限%(m)s")
                    % {"u": v.name, "m": MAX_DAY_COUNT},
                },
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for v in self.villages:
            raw = self.data.get(self.add_prefix(f"u_{v.code}"), "")
            field = f"u_{v.code}"
            if field in self.errors and raw:
                # The field's own message names the village; the value is added here.
                self.errors[field] = self.error_class(
                    [
                        _("%(error)s（填写的是“%(value)s”）") % {"error": e, "value": str(raw)[:20]}
                        for e in self.errors[field]
                    ]
                )
        return data

    def counts(self) -> dict[int, int]:
        return {
            v.pk: self.cleaned_data[f"u_{v.code}"]
            for v in self.villages
            if self.cleaned_data.get(f"u_{v.code}") is not None
        }


class SettingsForm(forms.ModelForm):
    class Meta:
        model = DispatchSettings
        fields = ("report_by", "lag_points", "catch_up_days")
        widgets = {"report_by": forms.TimeInput(attrs={"type": "time"}, format="%H:%M")}  # noqa: RUF012

    def clean_lag_points(self) -> Decimal:
        v = self.cleaned_data["lag_points"]
        if v < 0 or v > MAX_LAG_POINTS:
            raise forms.ValidationError(
                _("落后进度阈值应在0至%(m)s个百分点之间，填写的是%(v)s")
                % {"m": MAX_LAG_POINTS, "v": v}
            )
        return v

    def clean_catch_up_days(self) -> int:
        v = self.cleaned_data["catch_up_days"]
        if not 1 <= v <= MAX_CATCH_UP_DAYS:
            raise forms.ValidationError(
                _("限期赶上天数应在1至%(m)s天之间，填写的是%(v)s")
                % {"m": MAX_CATCH_UP_DAYS, "v": v}
            )
        return v


class PersonChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return _("%(name)s（%(unit)s%(role)s）") % {
            "name": obj.name,
            "unit": obj.unit.name,
            "role": obj.get_role_display(),
        }


class PeopleChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return _("%(name)s（%(unit)s%(role)s）") % {
            "name": obj.name,
            "unit": obj.unit.name,
            "role": obj.get_role_display(),
        }


class GroupForm(forms.Form):
    """An area's work group: a leader and members from the township's people, and
    the accounts with which they report (``姓名 用户名`` per line)."""

    name = forms.CharField(label=_("工作组名称"), max_length=100)
    leader = PersonChoice(label=_("组长"), queryset=Person.objects.none())
    members = PeopleChoice(
        label=_("成员"),
        queryset=Person.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    accounts = forms.CharField(
        label=_("报送账号"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("每行“姓名 用户名”，该成员即可用此账号为本片区报送"),
    )

    def __init__(self, *args: Any, campaign: Campaign, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.campaign = campaign
        people = (
            Person.objects.filter(unit__township=campaign.township)
            .select_related("unit")
            .order_by("unit__code", "role", "name")
        )
        self.fields["leader"].queryset = people  # type: ignore[attr-defined]
        self.fields["members"].queryset = people  # type: ignore[attr-defined]
        self.fields["leader"].error_messages["invalid_choice"] = _(
            "组长应为本乡镇登记的人员，所选“%(value)s”不是"
        )

    def clean_members(self) -> Any:
        members = self.cleaned_data["members"]
        if len(members) > MAX_MEMBERS:
            raise forms.ValidationError(
                _("成员最多%(m)s人，选择了%(n)s人") % {"m": MAX_MEMBERS, "n": len(members)}
            )
        return members

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        people = [data["leader"]] if data.get("leader") else []
        people += list(data.get("members") or [])
        by_name = {p.name: p for p in people}
        accounts: dict[int, Any] = {}
        User = get_user_model()
        for line in (data.get("accounts") or "").splitlines():
            line = line.strip()
            if not line:
                continue
            parts = line.replace("\u3000", " ").split()
            if len(parts) != 2:
                self.add_error("accounts", _("报送账号“%(l)s”应为“姓名 用户名”") % {"l": line[:40]})
                continue
            name, username = parts
            person = by_name.get(name)
            if person is None:
                self.add_error(
                    "accounts", _("报送账号：“%(n)s”不是本工作组的组长或成员") % {"n": name[:20]}
                )
                continue
            user = User.objects.filter(username=username).first()
            if user is None:
                self.add_error(
                    "accounts", _("报送账号：用户名“%(u)s”不存在") % {"u": username[:40]}
                )
                continue
            if not Membership.objects.filter(
                user=user, unit__township=self.campaign.township
            ).exists():
                self.add_error(
                    "accounts",
                    _("报送账号：用户“%(u)s”不是本乡镇的用户") % {"u": username[:40]},
                )
                continue
            accounts[person.pk] = user
        data["account_map"] = accounts
        return data
