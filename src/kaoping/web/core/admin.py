from typing import Any

from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import roles
from .models import DataCheck, DataElement, DataSet, Membership, Person, Unit


class ElementInline(admin.TabularInline):
    model = DataElement
    extra = 0


class CheckInline(admin.TabularInline):
    model = DataCheck
    extra = 0


@admin.register(DataSet)
class DataSetAdmin(admin.ModelAdmin):
    list_display = (
        "code",
        "name",
        "township",
        "frequency",
        "deadline_day",
    )
    inlines = (
        ElementInline,
        CheckInline,
    )


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = (
        "code",
        "name",
        "level",
        "parent",
    )
    list_filter = ("level",)
    search_fields = (
        "code",
        "name",
    )

    def save_model(self, request: Any, obj: Unit, form: Any, change: bool) -> None:
        # The form has run Unit.clean (the hierarchy rule); save checks again under
        # a lock and writes the audit row with who made the change.
        obj.save(changed_by=request.user, path="admin")


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "role",
        "unit",
        "start",
        "end",
    )
    list_filter = ("role",)


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    """Roles changed here are audited like those of the users page (:mod:`..roles`)."""

    list_display = (
        "user",
        "role",
        "unit",
    )
    list_filter = ("role",)

    def save_model(self, request: HttpRequest, obj: Membership, form: Any, change: bool) -> None:
        A = roles.RoleChange.Action
        with transaction.atomic():
            if change:
                old = Membership.objects.select_related("user", "unit").get(pk=obj.pk)
                roles.record(A.REVOKE, request.user, old.user, old.role, old.unit)
            obj.save()
            roles.record(A.GRANT, request.user, obj.user, obj.role, obj.unit)

    def _revoke(self, request: HttpRequest, obj: Membership) -> None:
        try:
            roles.revoke(request.user, obj)
        except roles.LastAdmin:
            self.message_user(
                request,
                _("%(unit)s只剩这一位管理员，不能撤销：请先为该单位授予另一位管理员。")
                % {"unit": obj.unit.name},
                level=messages.ERROR,
            )

    def delete_model(self, request: HttpRequest, obj: Membership) -> None:
        self._revoke(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Membership]) -> None:
        for m in queryset.select_related("user", "unit"):
            self._revoke(request, m)


class AuditedUserAdmin(UserAdmin):
    """Django's user admin; an account created here is in the role record too."""

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            if not change:
                roles.account_created(request.user, obj, None)


admin.site.unregister(get_user_model())
admin.site.register(get_user_model(), AuditedUserAdmin)


# django-otp's own admin pages would let a device be deleted without the audit
# row of the users page (two_factor.reset_by_admin). A superuser who lost their
# phone uses a recovery code, or `manage.py addstatictoken <name>`.
for _model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)
