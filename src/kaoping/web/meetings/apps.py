from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "kaoping.web.meetings"
    label = "meetings"
    verbose_name = "会议"
    default_auto_field = "django.db.models.BigAutoField"
