from django.apps import AppConfig


class PlanningConfig(AppConfig):
    name = "kaoping.web.planning"
    label = "planning"
    verbose_name = "计划与督办"
    default_auto_field = "django.db.models.BigAutoField"
