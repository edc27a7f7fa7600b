"""The preferences form and the group-robot form."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .models import Channel, Delivery, Preference, UnitRobot

PHONE = re.compile(r"1[3-9]\d{9}")
# The robots' own hosts, and loopback for a local receiver in tests and trials.
ROBOT_HOSTS = {
    Channel.WECOM: ("qyapi.weixin.qq.com",),
    Channel.DINGTALK: ("oapi.dingtalk.com",),
}


def event_field(event: str, channel: str) -> str:
    return f"{event}__{channel}"


class PreferenceForm(forms.Form):
    email = forms.EmailField(
        label=_("电子邮箱"),
        required=False,
        max_length=254,
        error_messages={"invalid": _("电子邮箱“%(value)s”不是有效的地址")},
    )
    phone = forms.CharField(label=_("手机号码"), required=False, max_length=20)
    by_email = forms.BooleanField(label=_("通过电子邮件接收通知"), required=False)
    by_sms = forms.BooleanField(label=_("通过短信接收通知"), required=False)

    def __init__(self, *args: Any, muted: list[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        off = set(muted or ())
        # One box per event and personal channel, ticked unless turned off.
        for event, label in Delivery.Event.choices:
            for channel in Preference.PERSONAL_CHANNELS:
                # A screen reader names the box by its row and column.
                named = f"{label} · {Channel(channel).label}"
                self.fields[event_field(event, channel)] = forms.BooleanField(
                    required=False,
                    initial=f"{event}:{channel}" not in off,
                    widget=forms.CheckboxInput(attrs={"aria-label": named}),
                )

    def event_rows(self) -> list[tuple[Any, list[Any]]]:
        """(event label, [its e-mail box, its SMS box]) for the table of events."""
        return [
            (label, [self[event_field(event, c)] for c in Preference.PERSONAL_CHANNELS])
            for event, label in Delivery.Event.choices
        ]

    def personal_fields(self) -> list[Any]:
        return [self[name] for name in ("email", "phone", "by_email", "by_sms")]

    def muted(self) -> list[str]:
        """The "event:channel" pairs left unticked, in a stable order."""
        return [
            f"{event}:{channel}"
            for event, _label in Delivery.Event.choices
            for channel in Preference.PERSONAL_CHANNELS
            if not self.cleaned_data.get(event_field(event, channel))
        ]

    def clean_phone(self) -> str:
        phone = re.sub(r"[\s-]", "", self.cleaned_data.get("phone") or "")
        if phone and not PHONE.fullmatch(phone):
            raise forms.ValidationError(
                _("手机号码“%(value)s”不是11位的中国大陆手机号"), params={"value": phone[:20]}
            )
        return phone

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("by_email") and not data.get("email") and "email" not in self.errors:
            self.add_error("email", _("选择通过电子邮件接收通知时，请填写电子邮箱"))
        if data.get("by_sms") and not data.get("phone") and "phone" not in self.errors:
            self.add_error("phone", _("选择通过短信接收通知时，请填写手机号码"))
        return data


class RobotForm(forms.Form):
    unit = forms.ChoiceField(label=_("单位"))
    channel = forms.ChoiceField(
        label=_("渠道"), choices=[(c.value, c.label) for c in UnitRobot.ROBOT_CHANNELS]
    )
    webhook = forms.CharField(
        label=_("Webhook 地址"),
        required=False,
        max_length=500,
        help_text=_("已保存的地址不再完整显示；留空则保留原地址"),
    )
    secret = forms.CharField(
        label=_("加签密钥（仅钉钉）"),
        required=False,
        max_length=200,
        widget=forms.PasswordInput(render_value=False),
        help_text=_("留空则保留原密钥"),
    )
    enabled = forms.BooleanField(label=_("启用"), required=False, initial=True)

    def __init__(self, *args: Any, units: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [(u.code, u.name) for u in units]  # type: ignore[attr-defined]

    def clean_webhook(self) -> str:
        url = (self.cleaned_data.get("webhook") or "").strip()
        if not url:
            return ""
        parts = urlsplit(url)
        channel = self.data.get("channel", "")
        hosts = ROBOT_HOSTS.get(channel, ())
        # A local receiver (trials, tests) only where the settings allow it: the
        # server posts to this address, so it may not point inside the network.
        local = settings.KAOPING_NOTIFY_ALLOW_LOOPBACK and parts.hostname in (
            "127.0.0.1",
            "localhost",
        )
        if parts.scheme not in ("https", "http") or not parts.hostname:
            raise forms.ValidationError(
                _("Webhook 地址“%(value)s”不是有效的网址"), params={"value": url[:80]}
            )
        if not local and (parts.scheme != "https" or parts.hostname not in hosts):
            raise forms.ValidationError(
                _("Webhook 地址“%(value)s”不是该渠道机器人的地址（应以 https://%(host)s/ 开头）"),
                params={"value": url[:80], "host": hosts[0] if hosts else ""},
            )
        return url
