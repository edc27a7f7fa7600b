"""Sending one delivery is a job: the remote call runs in ``prepare``, outside
any transaction and bounded by its timeout; the log row is marked sent in the
attempt's transaction, with the job's own success.

A failed call is recorded on the row at once (attempts, why) and raised, so the
queue retries it with its back-off (KAOPING_JOB_RETRY_SECONDS, doubling); on the
last attempt the row is marked failed and the job refused, not retried again.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy

from kaoping.web.jobs import JobContext, JobRefused, Outcome, job_kind

from .models import Channel, Delivery, Preference, UnitRobot
from .services import DELIVER
from .transports import (
    DingTalkRobot,
    EmailTransport,
    Message,
    SmsTransport,
    TransportError,
    WeComRobot,
)

S = Delivery.State


def _address(d: Delivery) -> str:
    if d.user is None:
        return ""
    if d.channel == Channel.EMAIL:
        return d.user.email
    pref = Preference.objects.filter(user=d.user).first()
    return pref.phone if pref is not None else ""


def transmit(d: Delivery) -> None:
    """Hand the message to its channel's transport; TransportError when not taken."""
    message = Message(d.subject, d.text, d.url)
    if d.channel in (Channel.WECOM, Channel.DINGTALK):
        robot = UnitRobot.objects.filter(pk=d.robot_id or 0, enabled=True).first()
        if robot is None:
            raise TransportError("群机器人已删除或停用")
        transport = WeComRobot() if d.channel == Channel.WECOM else DingTalkRobot()
        transport.send(message, robot.webhook, robot.secret)
        return
    # The address is read now, not when the event happened: a corrected e-mail
    # or phone number is used by the retry that follows.
    address = _address(d)
    if not address:
        raise TransportError("接收人没有填写地址")
    if d.channel == Channel.EMAIL:
        EmailTransport().send(message, address)
    else:
        SmsTransport().send(message, address)


def _send(ctx: JobContext) -> Any:
    d = Delivery.objects.select_related("user").filter(pk=ctx.params["delivery"]).first()
    if d is None or d.state in (S.SENT, S.FAILED):
        return None  # deleted with its unit, or finished by an earlier attempt
    try:
        transmit(d)
    except TransportError as exc:
        last = ctx.attempt >= ctx.job.max_attempts
        Delivery.objects.filter(pk=d.pk).update(
            state=S.FAILED if last else S.RETRYING, attempts=ctx.attempt, error=str(exc)[:500]
        )
        if last:
            raise JobRefused(f"通知发送失败（已尝试{ctx.attempt}次）：{exc}") from None
        raise
    return d.pk


@job_kind(DELIVER, gettext_lazy("发送通知"), prepare=_send)
def deliver(ctx: JobContext, sent: Any) -> Outcome:
    if sent is not None:
        Delivery.objects.filter(pk=sent).update(
            state=S.SENT, attempts=ctx.attempt, error="", sent_at=timezone.now()
        )
    return Outcome(str(gettext_lazy("通知已发送")))
