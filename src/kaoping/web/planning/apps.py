from django.apps import AppConfig


class PlanningConfig(AppConfig):
    name = "kaoping.web.planning"
    label = "planning"
    verbose_name = "计划与督办"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The demo township gets its planning examples once core's loader has
        # finished (see demo.py): core is not edited for it.
        from . import demo

        demo.connect()
