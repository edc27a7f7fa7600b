"""Django forms for the township admin's pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import UserCreationForm
from django.utils.translation import gettext_lazy as _

from .labels import unit_label
from .models import DataSet, Membership, Person, Unit, out_of_scope


class UnitForm(forms.ModelForm):
    class Meta:
        model = Unit
        fields = (
            "code",
            "name",
            "level",
            "parent",
        )

    def __init__(self, *args: Any, parents: Any = None, top: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A township admin adds areas and villages inside their own township only;
        # the superuser (``top``) also sets up counties and townships.
        self.top = top
        self.fields["parent"].queryset = parents  # type: ignore[attr-defined]
        self.fields["parent"].required = not top
        levels = [Unit.Level.AREA, Unit.Level.VILLAGE, Unit.Level.COMMUNITY]
        if top:
            levels = [
                Unit.Level.PROVINCE,
                Unit.Level.CITY,
                Unit.Level.COUNTY,
                Unit.Level.TOWNSHIP,
                *levels,
            ]
        self.fields["level"].choices = [  # type: ignore[attr-defined]
            (v, label) for v, label in Unit.Level.choices if v in levels
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        level, parent = data.get("level"), data.get("parent")
        # A province, city or county: the model says which parents it may have
        # (Unit.hierarchy_problems, run by the form's model validation).
        if level == Unit.Level.TOWNSHIP and (parent is None or parent.level != Unit.Level.COUNTY):
            self.add_error("parent", _("乡镇的上级必须是县"))
        if level in (Unit.Level.AREA, Unit.Level.VILLAGE, Unit.Level.COMMUNITY) and parent is None:
            self.add_error("parent", _("请选择上级"))
        if level == Unit.Level.AREA and parent is not None and parent.level != Unit.Level.TOWNSHIP:
            self.add_error("parent", _("片的上级必须是乡镇"))
        if (
            level in (Unit.Level.VILLAGE, Unit.Level.COMMUNITY)
            and parent is not None
            and (parent.level not in (Unit.Level.TOWNSHIP, Unit.Level.AREA))
        ):
            self.add_error("parent", _("村/社区的上级必须是片或乡镇"))
        return data


class PersonForm(forms.ModelForm):
    class Meta:
        model = Person
        fields = (
            "role",
            "name",
            "start",
            "end",
        )
        widgets = {  # noqa: RUF012
            "start": forms.DateInput(attrs={"type": "date"}),
            "end": forms.DateInput(attrs={"type": "date"}),
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("任职结束日期不能早于开始日期"))
        return data


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("退回原因"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("解锁更正原因"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )


class DataSetForm(forms.Form):
    code = forms.SlugField(label=_("代码"), max_length=32)
    name = forms.CharField(label=_("名称"), max_length=100, required=False)
    frequency = forms.ChoiceField(label=_("周期"), choices=DataSet.Frequency.choices)
    deadline_day = forms.IntegerField(
        label=_("截止日（次月几日）"), min_value=1, max_value=28, initial=5
    )
    rubric = forms.FileField(
        label=_("考评细则（YAML）"),
        required=False,
        help_text=_("不上传则使用系统自带的考评细则"),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in ("code", "name"):
            problem = out_of_scope(str(data.get(name) or ""), str(self.fields[name].label))
            if problem is not None:
                self.add_error(name, problem)
        return data


class TokenForm(forms.Form):
    name = forms.CharField(label=_("名称"), max_length=100)


class NewUserForm(UserCreationForm):
    """Django's own user creation (password rules, hashing) plus the role and units."""

    role = forms.ChoiceField(label=_("角色"), choices=Membership.Role.choices)
    email = forms.EmailField(
        label=_("电子邮箱"), required=False, help_text=_("用于找回密码；可不填")
    )
    units = forms.ModelMultipleChoiceField(
        label=_("负责的村/社区（填报员）"),
        queryset=Unit.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, villages: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = villages  # type: ignore[attr-defined]
        self.fields["units"].label_from_instance = unit_label  # type: ignore[attr-defined]

    def save(self, commit: bool = True) -> Any:
        user = super().save(commit=False)
        user.email = self.cleaned_data.get("email") or ""
        if commit:
            user.save()
        return user

    def clean_username(self) -> str:
        from django.contrib.auth import get_user_model

        from .accounts import normalise_username

        name = normalise_username(self.cleaned_data.get("username"))
        if get_user_model().objects.filter(username=name).exists():
            raise forms.ValidationError(
                _("用户名“%(name)s”已被使用（不区分大小写和全角半角）") % {"name": name}
            )
        return name

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("role") == Membership.Role.REPORTER and not data.get("units"):
            self.add_error("units", _("填报员至少要负责一个村/社区"))
        return data
