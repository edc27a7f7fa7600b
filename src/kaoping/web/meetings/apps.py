from typing import Any

from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "kaoping.web.meetings"
    label = "meetings"
    verbose_name = "会议"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from kaoping.web.assessment.rectifications import follow_ups_opened

        follow_ups_opened.connect(_follow_ups_opened, dispatch_uid="meetings-after-approval")


def _follow_ups_opened(sender: Any, assessment: Any, user: Any, **kwargs: Any) -> None:
    # In the approval's transaction: follow-ups due at the next quarter's first 例会.
    from .services import after_approval

    after_approval(assessment, user)
