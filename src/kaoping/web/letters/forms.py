"""Forms of the letters pages: every field bounded, every refusal a Chinese
message on its field."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kaoping.web.core.labels import unit_label
from kaoping.web.core.models import Unit
from kaoping.web.planning.models import Allocation, Campaign

from .models import Clause, Letter

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class LetterForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("乙方单位"), queryset=Unit.objects.none())
    kind = forms.ChoiceField(label=_("类型"), choices=Letter.Kind.choices)
    title = forms.CharField(label=_("事项"), max_length=100, help_text=_("例如：春季服务活动"))
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    campaign = forms.ModelChoiceField(
        label=_("专项活动"), queryset=Campaign.objects.none(), required=False
    )

    def __init__(self, *args: Any, township: Unit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].label_from_instance = unit_label  # type: ignore[attr-defined]
        self.fields["unit"].queryset = Unit.objects.filter(  # type: ignore[attr-defined]
            township=township,
            level__in=[Unit.Level.VILLAGE, Unit.Level.COMMUNITY, Unit.Level.AREA],
        ).order_by("code")
        self.fields["campaign"].queryset = Campaign.objects.filter(  # type: ignore[attr-defined]
            township=township
        )


class ClauseForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("条款类型"),
        choices=[c for c in Clause.Kind.choices if c[0] != Clause.Kind.ALLOCATION],
    )
    text = forms.CharField(label=_("条款内容"), max_length=300)
    target = forms.CharField(
        label=_("目标名称"),
        max_length=64,
        required=False,
        help_text=_("目标文件条款：目标文件中的名称"),
    )
    path = forms.CharField(
        label=_("考评项目"),
        max_length=200,
        required=False,
        help_text=_("考评细则项目：项目路径，得满分为完成"),
    )
    period = forms.CharField(
        label=_("期间"), max_length=10, required=False, help_text=_("例如：2026Q2")
    )


class SignForm(forms.Form):
    signed_on = forms.DateField(label=_("签订日期"), widget=_DATE)
    scan = forms.FileField(
        label=_("签字盖章后的扫描件"),
        help_text=_("PDF、JPG或PNG，不超过5MB"),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )


class AllocationLettersForm(forms.Form):
    allocation = forms.ModelChoiceField(label=_("任务分解"), queryset=Allocation.objects.none())
    campaign = forms.ModelChoiceField(
        label=_("专项活动"), queryset=Campaign.objects.none(), required=False
    )

    def __init__(self, *args: Any, township: Unit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["allocation"].queryset = Allocation.objects.filter(  # type: ignore[attr-defined]
            township=township
        )
        self.fields["campaign"].queryset = Campaign.objects.filter(  # type: ignore[attr-defined]
            township=township
        )


class LetterEditForm(forms.Form):
    """What a draft's header may change; the parties and kind stay (a different
    unit is a different letter: delete the draft and draft anew)."""

    title = forms.CharField(label=_("事项"), max_length=100)
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    campaign = forms.ModelChoiceField(
        label=_("专项活动"), queryset=Campaign.objects.none(), required=False
    )

    def __init__(self, *args: Any, township: Unit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = Campaign.objects.filter(  # type: ignore[attr-defined]
            township=township
        )


class ClauseEditForm(forms.Form):
    text = forms.CharField(label=_("条款内容"), max_length=300)
    target = forms.CharField(label=_("目标名称"), max_length=64, required=False)
    path = forms.CharField(label=_("考评项目"), max_length=200, required=False)
    period = forms.CharField(label=_("期间"), max_length=10, required=False)

    def __init__(self, *args: Any, clause: Clause, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only what the clause's kind reads is shown.
        keep = {
            Clause.Kind.TARGET: ("text", "target", "period"),
            Clause.Kind.RUBRIC: ("text", "path", "period"),
        }.get(clause.kind, ("text",))  # type: ignore[call-overload]
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("原因"), max_length=300, widget=forms.TextInput)
