"""Who wants what by which channel, each unit's group robots, and the delivery log."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    EMAIL = "email", _("电子邮件")
    SMS = "sms", _("短信")
    WECOM = "wecom", _("企业微信群机器人")
    DINGTALK = "dingtalk", _("钉钉群机器人")


class Preference(models.Model):
    """A person's own channels; the e-mail address is the account's."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notify_preference"
    )
    phone = models.CharField(_("手机号码"), max_length=20, blank=True, default="")
    by_email = models.BooleanField(_("通过电子邮件接收通知"), default=True)
    by_sms = models.BooleanField(_("通过短信接收通知"), default=False)
    # The events this person turned off on a channel, as "event:channel" (e.g.
    # "report_due:sms"): everything is told unless turned off, so that an event
    # kind added later reaches people without them opting in again.
    muted = models.JSONField(_("不接收的通知"), default=list, blank=True)

    PERSONAL_CHANNELS = ("email", "sms")

    def __str__(self) -> str:
        return f"{self.user}"

    def wants(self, event: str, channel: str) -> bool:
        """Whether this person is told of ``event`` by ``channel``: the channel is
        on (with an address) and the event is not turned off on it."""
        return f"{event}:{channel}" not in set(self.muted or ())


class UnitRobot(models.Model):
    """A 企业微信 or 钉钉 group robot of a township or village. The webhook carries
    the robot's key, and the 钉钉 secret signs: both are shown masked once saved."""

    ROBOT_CHANNELS = (Channel.WECOM, Channel.DINGTALK)

    unit = models.ForeignKey("kaoping.Unit", on_delete=models.CASCADE, related_name="+")
    channel = models.CharField(_("渠道"), max_length=10, choices=Channel.choices)
    webhook = models.URLField(_("Webhook 地址"), max_length=500)
    secret = models.CharField(_("加签密钥"), max_length=200, blank=True, default="")
    enabled = models.BooleanField(_("启用"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = (
            models.UniqueConstraint(
                fields=["unit", "channel"], name="notify_one_robot_per_channel"
            ),
        )

    def __str__(self) -> str:
        return f"{self.unit} {self.get_channel_display()}"

    @property
    def masked_webhook(self) -> str:
        return mask(self.webhook)

    @property
    def masked_secret(self) -> str:
        return mask(self.secret) if self.secret else ""


class RobotChange(models.Model):
    """Who set, changed or deleted a unit's robot, and when; written in the same
    transaction as the change. The webhook and secret are recorded masked."""

    class Action(models.TextChoices):
        SAVE = "save", _("保存")
        DELETE = "delete", _("删除")

    unit = models.ForeignKey("kaoping.Unit", on_delete=models.CASCADE, related_name="+")
    channel = models.CharField(max_length=10, choices=Channel.choices)
    action = models.CharField(max_length=8, choices=Action.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField(max_length=300, blank=True, default="")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-at", "-pk")


def mask(value: str, keep: int = 4) -> str:
    """Enough of a secret to recognise it, never enough to use it: the address up
    to its query and the last few characters."""
    if not value:
        return ""
    head, sep, query = value.partition("?")
    if sep:
        tail = query[-keep:] if len(query) > keep * 3 else ""
        return f"{head}?…{tail}"
    return ("…" + value[-keep:]) if len(value) > keep * 3 else "…"


class Delivery(models.Model):
    """One message to one address by one channel, and what became of it.

    Written in the transaction of the event it tells about (a returned report, an
    issued reminder), so that an event rolled back leaves no row and sends nothing;
    the job that sends it starts when that transaction commits. ``dedupe`` makes
    the daily due and overdue notices idempotent: one per item, day, channel and
    address."""

    class Event(models.TextChoices):
        REPORT_DUE = "report_due", _("报表即将截止")
        REPORT_OVERDUE = "report_overdue", _("报表逾期未报")
        REPORT_RETURNED = "report_returned", _("报表被退回")
        REMINDER_ISSUED = "reminder_issued", _("提醒单下发")
        REMINDER_DUE = "reminder_due", _("提醒单即将到期")
        REMINDER_OVERDUE = "reminder_overdue", _("提醒单逾期")
        RECTIFICATION_ISSUED = "rectification_issued", _("整改事项下达")
        RECTIFICATION_DUE = "rectification_due", _("整改事项即将到期")
        RECTIFICATION_OVERDUE = "rectification_overdue", _("整改事项逾期")
        # The dispatch's 限期赶上 (core.followup_sources, family "catch_up").
        CATCH_UP_ISSUED = "catch_up_issued", _("限期赶上下达")
        CATCH_UP_DUE = "catch_up_due", _("限期赶上即将到期")
        CATCH_UP_OVERDUE = "catch_up_overdue", _("限期赶上逾期")
        ASSESSMENT_PUBLISHED = "assessment_published", _("考评结果公布")

    class State(models.TextChoices):
        QUEUED = "queued", _("待发送")
        RETRYING = "retrying", _("重试中")
        SENT = "sent", _("已发送")
        FAILED = "failed", _("发送失败")

    # Whose log it is: the township admin of this township reads it.
    township = models.ForeignKey("kaoping.Unit", on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey("kaoping.Unit", on_delete=models.CASCADE, related_name="+")
    event = models.CharField(_("事件"), max_length=24, choices=Event.choices)
    channel = models.CharField(_("渠道"), max_length=10, choices=Channel.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    robot = models.ForeignKey(
        UnitRobot, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The address as the log shows it: an e-mail, a masked phone or webhook.
    shown_to = models.CharField(_("接收方"), max_length=200)
    subject = models.CharField(_("标题"), max_length=200)
    text = models.TextField(_("内容"))
    url = models.CharField(max_length=500, blank=True, default="")
    dedupe = models.CharField(max_length=200, null=True, blank=True, unique=True)
    state = models.CharField(_("状态"), max_length=10, choices=State.choices, default="queued")
    attempts = models.PositiveSmallIntegerField(_("尝试次数"), default=0)
    error = models.CharField(_("失败原因"), max_length=500, blank=True, default="")
    created_at = models.DateTimeField(_("生成时间"), auto_now_add=True)
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True)

    class Meta:
        ordering = ("-created_at", "-pk")
        indexes = (models.Index(fields=["township", "-created_at"]),)

    def __str__(self) -> str:
        return f"{self.get_event_display()} → {self.shown_to} ({self.state})"
