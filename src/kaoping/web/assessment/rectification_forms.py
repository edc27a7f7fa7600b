"""Forms of the follow-up pages: the township's filters and each step's note."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.validators import FileExtensionValidator
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from .forms import _Errors
from .models import Rectification

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
    # The year view links each quarter's counts here; a quarter like 2026Q3.
    period = forms.RegexField(
        label=_("季度"),
        required=False,
        max_length=6,
        regex=r"^\d{4}Q[1-4]$",
        error_messages={"invalid": _("%(value)s 不是季度，应写作 2026Q3 这样的形式。")},
    )

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
