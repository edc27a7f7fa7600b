from typing import Any

from django.apps import AppConfig


def _store_normalised_username(sender: Any, instance: Any, **kwargs: Any) -> None:
    # Every path that creates or renames a user (forms, admin, createsuperuser, the
    # demo) stores the one form the login looks up.
    from .accounts import normalise_username

    field = sender.USERNAME_FIELD
    setattr(instance, field, normalise_username(getattr(instance, field)))


class CoreConfig(AppConfig):
    name = "kaoping.web.core"
    label = "kaoping"
    verbose_name = "考评"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.contrib.auth import get_user_model
        from django.db.models.signals import pre_save

        pre_save.connect(
            _store_normalised_username, sender=get_user_model(), dispatch_uid="kaoping-username"
        )
