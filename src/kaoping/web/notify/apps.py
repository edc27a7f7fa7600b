from django.apps import AppConfig


class NotifyConfig(AppConfig):
    name = "kaoping.web.notify"
    label = "notify"
    verbose_name = "通知"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The events are heard where their audit rows are written (hooks.py).
        from kaoping.web.core import followup_sources

        from . import hooks  # noqa: F401
        from .services import followup_issued

        # Other apps' follow-ups (the dispatch's 限期赶上) are told as they are given.
        followup_sources.listen_issued(followup_issued)
