from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "kaoping.web.core"
    label = "kaoping"
    verbose_name = "考评"
    default_auto_field = "django.db.models.BigAutoField"
