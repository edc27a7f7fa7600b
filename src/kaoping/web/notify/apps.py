from django.apps import AppConfig


class NotifyConfig(AppConfig):
    name = "kaoping.web.notify"
    label = "notify"
    verbose_name = "通知"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The events are heard where their audit rows are written (hooks.py).
        from . import hooks  # noqa: F401
