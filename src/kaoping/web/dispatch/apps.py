from django.apps import AppConfig


class DispatchConfig(AppConfig):
    name = "kaoping.web.dispatch"
    label = "dispatch"
    verbose_name = "工作组与每日调度"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # A campaign's consequence addressed to a work area (to: area) names the
        # area's work group leader as the person receiving it (core.area_leaders).
        from django.db.models.signals import post_save

        from kaoping.web.core import area_leaders, followup_sources

        from .followups import LADDER, announce, due_catch_ups, township_catch_ups
        from .models import CatchUp
        from .services import group_leaders

        area_leaders.register(group_leaders)
        # The 限期赶上 are listed on the township's follow-up list (整改落实) and
        # escalated by its ladder while overdue; the daily pass of notices tells
        # the area's 组长 when one is due soon or overdue.
        followup_sources.register(township_catch_ups)
        followup_sources.register_ladder(LADDER)
        followup_sources.register_notices(due_catch_ups)
        # ... and tells the 组长 as soon as the dispatch meeting opens one.
        post_save.connect(announce, sender=CatchUp, dispatch_uid="dispatch-catch-up-issued")
