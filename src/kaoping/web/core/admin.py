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
