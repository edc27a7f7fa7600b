from typing import Any

from django.contrib import admin

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
    list_display = (
        "user",
        "role",
        "unit",
    )
    list_filter = ("role",)
