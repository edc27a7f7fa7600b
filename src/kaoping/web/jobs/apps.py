from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "kaoping.web.jobs"
    label = "jobs"
    verbose_name = "后台任务"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Each app says what long work it has in its own job_kinds module; the worker
        # must know every kind before it takes a job off the queue.
        from django.conf import settings
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("job_kinds")
        import importlib

        for name in getattr(settings, "KAOPING_JOB_MODULES", []):
            importlib.import_module(name)
