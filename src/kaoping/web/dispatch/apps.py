from django.apps import AppConfig


class DispatchConfig(AppConfig):
    name = "kaoping.web.dispatch"
    label = "dispatch"
    verbose_name = "工作组与每日调度"
    default_auto_field = "django.db.models.BigAutoField"
