"""Forms of the assessment pages; labels and messages in Chinese."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kaoping.engine import MEASURES, Period, PeriodError

from .models import RubricVersion


class _Errors:
    def errors_text(self) -> str:
        errors: Any = getattr(self, "errors", {})
        fields: Any = getattr(self, "fields", {})
        parts = []
        for name, errs in errors.items():
            label = fields[name].label if name in fields else ""
            parts.append(f"{label or name}：{'；'.join(str(e) for e in errs)}")
        return "；".join(parts)


class CreateForm(_Errors, forms.Form):
    period = forms.ChoiceField(label=_("季度"))
    rubric = forms.TypedChoiceField(label=_("考评细则版本"), coerce=int)
    use_sources = forms.BooleanField(label=_("出生、初婚漏报例数取自信息核对"), required=False)

    def __init__(self, versions: list[RubricVersion], quarters: list[str], *args: Any) -> None:
        super().__init__(*args)
        self.fields["period"].choices = [(q, Period.parse(q).label_zh()) for q in quarters]  # type: ignore[attr-defined]
        self.fields["rubric"].choices = [(v.number, str(v)) for v in versions]  # type: ignore[attr-defined]


class RubricUploadForm(_Errors, forms.Form):
    file = forms.FileField(label=_("考评细则 YAML 文件"))
    note = forms.CharField(label=_("修订说明"), max_length=200, required=False)


class ManualForm(_Errors, forms.Form):
    path = forms.ChoiceField(label=_("考评项目"))
    points = forms.DecimalField(
        label=_("扣分"), max_digits=6, decimal_places=2, min_value=Decimal("0.01")
    )
    reason = forms.CharField(label=_("扣分理由"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, nodes: list[tuple[str, str, str]], *args: Any) -> None:
        super().__init__(*args)
        self.fields["path"].choices = [(p, f"{t}（满分{m}）") for p, t, m in nodes]  # type: ignore[attr-defined]


class NoteForm(forms.Form):
    note = forms.CharField(label=_("说明"), required=False, max_length=2000)


class CorrectForm(forms.Form):
    reason = forms.CharField(label=_("更正原因"), widget=forms.Textarea(attrs={"rows": 2}))


def _period(text: str) -> str:
    # Counts from other sources are entered by month (月核对) or by quarter.
    try:
        p = Period.parse(text)
    except PeriodError:
        raise forms.ValidationError(f"“{text}”不是季度或月份，例如 2026Q4 或 2026-11") from None
    if p.kind not in ("Q", "M"):
        raise forms.ValidationError(f"“{text}”不是季度或月份，例如 2026Q4 或 2026-11")
    return str(p)


class SourceForm(_Errors, forms.Form):
    unit = forms.CharField(label=_("单位代码"), max_length=32)
    period = forms.CharField(label=_("季度或月份"), max_length=20)
    measure = forms.ChoiceField(label=_("项目"), choices=[(k, v[0]) for k, v in MEASURES.items()])
    source = forms.ChoiceField(
        label=_("来源"),
        choices=sorted({(s, label) for v in MEASURES.values() for s, label in v[2].items()}),
    )
    value = forms.DecimalField(label=_("数值"), min_value=0, max_digits=12, decimal_places=2)

    def clean_period(self) -> str:
        return _period(self.cleaned_data["period"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        m, s = data.get("measure"), data.get("source")
        if m and s and s not in MEASURES[m][2]:
            raise forms.ValidationError(f"“{MEASURES[m][0]}”没有来源“{s}”")
        return data
