from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    name = "kaoping.web.assessment"
    label = "assessment"
    verbose_name = "季度考评"
    default_auto_field = "django.db.models.BigAutoField"
