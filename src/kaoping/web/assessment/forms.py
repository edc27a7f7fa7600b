"""Forms of the assessment pages and of the follow-ups (the township's filters,
each step's note); labels and messages in Chinese."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.conf import settings
from django.core.validators import FileExtensionValidator
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from kaoping.engine import MEASURES, Period, PeriodError
from kaoping.web.core.labels import period_label

from .models import Rectification, RubricVersion


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
    period = forms.ChoiceField(label=_("季度或月份"))
    rubric = forms.TypedChoiceField(label=_("考评细则版本"), coerce=int)
    use_sources = forms.BooleanField(label=_("出生、初婚漏报例数取自信息核对"), required=False)

    def __init__(
        self,
        versions: list[RubricVersion],
        quarters: list[str],
        *args: Any,
        months: list[str] | None = None,
    ) -> None:
        super().__init__(*args)
        choices: list[Any] = [(q, period_label(q)) for q in quarters]
        if months:
            # A month is assessed when every data set the rubric reads reports
            # monthly (services._refuse_period says which one does not).
            choices = [
                (_("季度"), choices),
                (_("月份（按月报送的数据集）"), [(m, period_label(m)) for m in months]),
            ]
        self.fields["period"].choices = choices  # type: ignore[attr-defined]
        self.fields["rubric"].choices = [(v.number, str(v)) for v in versions]  # type: ignore[attr-defined]


class CampaignCreateForm(_Errors, forms.Form):
    """A campaign's own assessment: which campaign, with which rubric version."""

    campaign = forms.TypedChoiceField(label=_("专项活动"), coerce=int)
    rubric = forms.TypedChoiceField(label=_("考评细则版本"), coerce=int)

    def __init__(self, versions: list[RubricVersion], campaigns: list[Any], *args: Any) -> None:
        super().__init__(*args)
        self.fields["campaign"].choices = [  # type: ignore[attr-defined]
            (
                c.pk,
                _("%(title)s（%(start)s至%(end)s）")
                % {"title": c.title, "start": f"{c.start:%Y-%m-%d}", "end": f"{c.end:%Y-%m-%d}"},
            )
            for c in campaigns
        ]
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
    measure = forms.ChoiceField(
        label=_("项目"), choices=[(k, _(v[0])) for k, v in MEASURES.items()]
    )
    source = forms.ChoiceField(
        label=_("来源"),
        # The engine's labels, translated lazily (their English is entered by hand).
        choices=[
            (s, _(label))
            for s, label in sorted(
                {(s, label) for v in MEASURES.values() for s, label in v[2].items()}
            )
        ],
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


#: Photos of a meeting, a scanned report: enough for those, far below the upload bound.
ATTACHMENT_EXTENSIONS = ["pdf", "jpg", "jpeg", "png", "doc", "docx", "xls", "xlsx"]


def max_attachment_bytes() -> int:
    return int(getattr(settings, "KAOPING_MAX_ATTACHMENT_BYTES", 5 * 1024 * 1024))


class FilterForm(_Errors, forms.Form):
    state = forms.ChoiceField(label=_("状态"), required=False)
    area = forms.ChoiceField(label=_("片区"), required=False)
    # The person asked, or one it was escalated to (包村干部, 片长, 镇领导).
    person = forms.CharField(label=_("责任人"), required=False, max_length=50)
    overdue = forms.BooleanField(label=_("只看逾期"), required=False)
    escalated = forms.BooleanField(label=_("只看已升级"), required=False)
    # The year view links each quarter's counts here (2026Q3); a month assessed
    # monthly is a period too (2026-03), in the forms people write (2026年3月).
    period = forms.CharField(label=_("季度或月份"), required=False, max_length=20)

    def clean_period(self) -> str:
        text = self.cleaned_data["period"].strip()
        if not text:
            return ""
        try:
            p = Period.parse(text)
        except PeriodError:
            p = None
        if p is None or p.kind not in ("Q", "M"):
            raise forms.ValidationError(
                _("%(value)s 不是季度或月份，应写作 2026Q3 或 2026-03 这样的形式。")
                % {"value": text}
            )
        return str(p)

    def __init__(self, *args: Any, areas: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["state"]
        field.choices = [("", _("全部")), *Rectification.State.choices]
        area: Any = self.fields["area"]
        area.choices = [("", _("全部")), *areas]


class ReportForm(_Errors, forms.Form):
    note = forms.CharField(label=_("整改落实情况"), max_length=2000, widget=forms.Textarea)
    attachment = forms.FileField(
        label=_("附件（可选）"),
        required=False,
        max_length=100,
        validators=[FileExtensionValidator(ATTACHMENT_EXTENSIONS)],
    )

    def clean_attachment(self) -> Any:
        f = self.cleaned_data.get("attachment")
        limit = max_attachment_bytes()
        if f is not None and f.size > limit:
            raise forms.ValidationError(
                _("附件“%(name)s”大小为%(size)s，超过上限%(limit)s"),
                params={
                    "name": f.name,
                    "size": filesizeformat(f.size),
                    "limit": filesizeformat(limit),
                },
            )
        return f


class VerifyForm(_Errors, forms.Form):
    note = forms.CharField(label=_("验收意见"), max_length=2000, required=False)


class ReopenForm(_Errors, forms.Form):
    note = forms.CharField(label=_("退回原因"), max_length=2000)


class InspectionForm(_Errors, forms.Form):
    """An inspection from above and its sample (which units it checked)."""

    kind = forms.ChoiceField(label=_("类型"))
    level = forms.ChoiceField(label=_("核查层级"))
    day = forms.DateField(label=_("核查日期"), widget=forms.DateInput(attrs={"type": "date"}))
    period = forms.ChoiceField(label=_("季度"))
    campaign = forms.TypedChoiceField(
        label=_("验收的专项活动"), coerce=int, required=False, empty_value=None
    )
    inspectors = forms.CharField(label=_("核查人员"), max_length=200)
    units = forms.MultipleChoiceField(
        label=_("抽查单位"), widget=forms.CheckboxSelectMultiple, error_messages={
            "required": _("请至少选择一个村（社区）")}
    )  # fmt: skip
    note = forms.CharField(
        label=_("说明"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(
        self,
        units: list[Any],
        quarters: list[str],
        campaigns: list[Any],
        *args: Any,
        levels: list[str] | None = None,
    ) -> None:
        from .models import Inspection

        super().__init__(*args)
        f: Any = self.fields
        f["kind"].choices = Inspection.Kind.choices
        # The level is the recorder's unit's (inspections.recorder_levels): only
        # those are offered, the lowest first.
        f["level"].choices = [
            (v, label) for v, label in Inspection.Level.choices if levels is None or v in levels
        ]
        f["period"].choices = [(q, period_label(q)) for q in quarters]
        if any(Period.parse(q).is_month for q in quarters):
            f["period"].label = _("期间")
        f["campaign"].choices = [("", _("（不针对专项活动）"))] + [
            (c.pk, c.title) for c in campaigns
        ]
        f["units"].choices = [(u.code, u.name) for u in units]


class FindingsForm(_Errors, forms.Form):
    """What an inspection found in one unit; ``obs_<element>`` fields are added per
    figure the unit reported (blank: not checked)."""

    verdict = forms.ChoiceField(label=_("结论"))
    veto = forms.BooleanField(label=_("一票否决"), required=False)
    veto_reason = forms.CharField(label=_("否决理由"), required=False, max_length=300)
    note = forms.CharField(
        label=_("核查意见"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, figures: list[tuple[str, str, Any]], *args: Any, **kwargs: Any) -> None:
        from .models import InspectedUnit

        super().__init__(*args, **kwargs)
        f: Any = self.fields
        f["verdict"].choices = InspectedUnit.Verdict.choices
        self.codes = [code for code, _label, _v in figures]
        for code, label, _v in figures:
            self.fields[f"obs_{code}"] = forms.DecimalField(
                label=label, required=False, max_digits=20, decimal_places=6, min_value=0
            )

    def observed(self) -> dict[str, Decimal]:
        return {
            c: self.cleaned_data[f"obs_{c}"]
            for c in self.codes
            if self.cleaned_data.get(f"obs_{c}") is not None
        }


class CountyCreateForm(_Errors, forms.Form):
    """A county's assessment of its townships: which period, which rubric version."""

    period = forms.CharField(
        label=_("期间"), max_length=20, help_text=_("例如 2026Q3、2026年第三季度")
    )
    rubric = forms.TypedChoiceField(label=_("考评细则版本"), coerce=int)

    def __init__(self, versions: list[Any], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["rubric"].choices = [(v.number, str(v)) for v in versions]  # type: ignore[attr-defined]


class CountyEntryForm(_Errors, forms.Form):
    """A township's figure or deduction entered by county staff (checked by the service)."""

    township = forms.CharField(label=_("乡镇"), max_length=32)
    kind = forms.ChoiceField(
        label=_("类型"), choices=[("figure", "figure"), ("deduction", "deduction")]
    )
    key = forms.CharField(label=_("指标或考评项目"), max_length=200)
    value = forms.CharField(label=_("数值"), max_length=30, required=False)
    reason = forms.CharField(label=_("理由"), max_length=1000, required=False)
