"""One small class per channel: it turns a message into the provider's request
and says whether the provider took it. Nothing here touches the database.

The HTTP channels use the standard library's urllib: the project has no HTTP
client in its lock (httpx is not there), and four JSON or form POSTs with a
timeout need nothing more. Every call is bounded by ``KAOPING_NOTIFY_TIMEOUT``
seconds and runs only in a job, never in a request.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Message:
    subject: str
    text: str  # whole sentences, already translated
    url: str = ""  # the page it is about, absolute


class TransportError(Exception):
    """The provider did not take the message; ``str()`` says why, for the log."""


def _timeout() -> float:
    return float(getattr(settings, "KAOPING_NOTIFY_TIMEOUT", 10))


def post(url: str, body: bytes, content_type: str) -> dict[str, Any]:
    """POST and read the JSON answer; any failure is a TransportError saying why."""
    request = urllib.request.Request(
        url, data=body, method="POST", headers={"Content-Type": content_type}
    )
    return _open(request)


def _open(request: urllib.request.Request) -> dict[str, Any]:
    try:
        with urllib.request.urlopen(request, timeout=_timeout()) as response:
            raw = response.read(64 * 1024)
    except urllib.error.HTTPError as exc:
        raise TransportError(f"HTTP {exc.code}") from None
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise TransportError(f"连接失败：{reason}") from None
    try:
        answer = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise TransportError("应答不是 JSON") from None
    if not isinstance(answer, dict):
        raise TransportError("应答不是 JSON 对象")
    return answer


def _markdown(message: Message) -> str:
    lines = [f"### {message.subject}", "", message.text]
    if message.url:
        lines += ["", f"[{_('查看详情')}]({message.url})"]
    return "\n".join(lines)


class EmailTransport:
    """Django's mail framework (EMAIL_* settings; EMAIL_TIMEOUT bounds the SMTP talk)."""

    channel = "email"

    def send(self, message: Message, address: str) -> None:
        body = message.text
        if message.url:
            body += "\n\n" + _("查看详情：") + message.url
        try:
            sent = EmailMessage(message.subject, body, to=[address]).send(fail_silently=False)
        except Exception as exc:  # smtplib, socket and backend errors alike
            raise TransportError(f"邮件发送失败：{type(exc).__name__}: {exc}"[:500]) from None
        if not sent:
            raise TransportError("邮件发送失败：服务器未接收")


class WeComRobot:
    """企业微信群机器人: POST {"msgtype": "markdown", ...} to the robot's webhook;
    the answer's errcode is 0 when it was taken."""

    channel = "wecom"

    def body(self, message: Message) -> dict[str, Any]:
        return {"msgtype": "markdown", "markdown": {"content": _markdown(message)}}

    def send(self, message: Message, webhook: str, secret: str = "") -> None:
        answer = post(webhook, json.dumps(self.body(message)).encode(), "application/json")
        if answer.get("errcode") != 0:
            raise TransportError(f"企业微信返回 {answer.get('errcode')}：{answer.get('errmsg')}")


def dingtalk_sign(secret: str, timestamp_ms: int) -> str:
    """钉钉 加签: base64(HMAC-SHA256(secret, "timestamp\\nsecret")), not yet URL-encoded."""
    to_sign = f"{timestamp_ms}\n{secret}".encode()
    digest = hmac.new(secret.encode(), to_sign, hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


class DingTalkRobot:
    """钉钉群机器人: markdown message; with a 加签 secret the webhook gets
    ``&timestamp=…&sign=…`` (milliseconds, the signature URL-encoded)."""

    channel = "dingtalk"

    def body(self, message: Message) -> dict[str, Any]:
        return {
            "msgtype": "markdown",
            "markdown": {"title": message.subject, "text": _markdown(message)},
        }

    def signed_url(self, webhook: str, secret: str, now_ms: int | None = None) -> str:
        if not secret:
            return webhook
        ts = int(time.time() * 1000) if now_ms is None else now_ms
        sign = urllib.parse.quote_plus(dingtalk_sign(secret, ts))
        joiner = "&" if "?" in webhook else "?"
        return f"{webhook}{joiner}timestamp={ts}&sign={sign}"

    def send(self, message: Message, webhook: str, secret: str = "") -> None:
        url = self.signed_url(webhook, secret)
        answer = post(url, json.dumps(self.body(message)).encode(), "application/json")
        if answer.get("errcode") != 0:
            raise TransportError(f"钉钉返回 {answer.get('errcode')}：{answer.get('errmsg')}")


# --- SMS ---------------------------------------------------------------------


class SmsProvider:
    """What the SMS channel needs of a provider: send one templated text."""

    def send(self, phone: str, params: dict[str, str]) -> None:
        raise NotImplementedError


def _pe(value: str) -> str:
    # Aliyun's percent-encoding: RFC 3986 unreserved characters stay, everything
    # else is %XX in UTF-8 (so a space is %20, never +, and * is %2A).
    return urllib.parse.quote(value, safe="~")


def aliyun_signature(params: dict[str, str], secret: str, method: str = "GET") -> str:
    """The RPC signature (SignatureVersion 1.0, HMAC-SHA1) of Aliyun's APIs."""
    canonical = "&".join(f"{_pe(k)}={_pe(v)}" for k, v in sorted(params.items()))
    to_sign = f"{method}&{_pe('/')}&{_pe(canonical)}"
    digest = hmac.new(f"{secret}&".encode(), to_sign.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


class AliyunSms(SmsProvider):
    """阿里云短信 dysmsapi SendSms (API version 2017-05-25), signed RPC request."""

    def __init__(
        self,
        *,
        access_key_id: str,
        access_key_secret: str,
        sign_name: str,
        template_code: str,
        endpoint: str = "https://dysmsapi.aliyuncs.com",
        region: str = "cn-hangzhou",
    ) -> None:
        self.access_key_id = access_key_id
        self.access_key_secret = access_key_secret
        self.sign_name = sign_name
        self.template_code = template_code
        self.endpoint = endpoint.rstrip("/")
        self.region = region

    def params(
        self, phone: str, template_params: dict[str, str], *, nonce: str, timestamp: str
    ) -> dict[str, str]:
        return {
            "AccessKeyId": self.access_key_id,
            "Action": "SendSms",
            "Format": "JSON",
            "PhoneNumbers": phone,
            "RegionId": self.region,
            "SignName": self.sign_name,
            "SignatureMethod": "HMAC-SHA1",
            "SignatureNonce": nonce,
            "SignatureVersion": "1.0",
            "TemplateCode": self.template_code,
            "TemplateParam": json.dumps(template_params, ensure_ascii=False),
            "Timestamp": timestamp,
            "Version": "2017-05-25",
        }

    def url(self, params: dict[str, str]) -> str:
        signature = aliyun_signature(params, self.access_key_secret)
        query = "&".join(f"{_pe(k)}={_pe(v)}" for k, v in sorted(params.items()))
        return f"{self.endpoint}/?Signature={_pe(signature)}&{query}"

    def send(self, phone: str, params: dict[str, str]) -> None:
        signed = self.params(
            phone,
            params,
            nonce=str(uuid.uuid4()),
            timestamp=datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        )
        answer = _open(urllib.request.Request(self.url(signed), method="GET"))
        if answer.get("Code") != "OK":
            raise TransportError(f"短信服务返回 {answer.get('Code')}：{answer.get('Message')}")


def sms_provider() -> SmsProvider | None:
    """The provider the settings name, or None when SMS is not configured."""
    name = getattr(settings, "KAOPING_SMS_PROVIDER", "")
    if name == "aliyun":
        return AliyunSms(
            access_key_id=settings.KAOPING_SMS_ACCESS_KEY_ID,
            access_key_secret=settings.KAOPING_SMS_ACCESS_KEY_SECRET,
            sign_name=settings.KAOPING_SMS_SIGN_NAME,
            template_code=settings.KAOPING_SMS_TEMPLATE_CODE,
            endpoint=settings.KAOPING_SMS_ENDPOINT,
        )
    return None


class SmsTransport:
    """Texts are templates approved by the provider: the template receives the
    subject (``title``, cut to the provider's 35-character variable limit) and
    the link (``url``)."""

    channel = "sms"

    def __init__(self, provider: SmsProvider | None = None) -> None:
        self.provider = provider

    def send(self, message: Message, phone: str) -> None:
        provider = self.provider or sms_provider()
        if provider is None:
            raise TransportError("未配置短信服务（KAOPING_SMS_PROVIDER）")
        provider.send(phone, {"title": message.subject[:35], "url": message.url})
