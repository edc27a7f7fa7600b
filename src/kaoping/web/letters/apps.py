from django.apps import AppConfig


class LettersConfig(AppConfig):
    name = "kaoping.web.letters"
    label = "letters"
    verbose_name = "目标责任书"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from kaoping.web.core import extra_figures

        from .services import letter_figures

        extra_figures.register(letter_figures)
