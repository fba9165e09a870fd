from django.contrib import admin

from mujigae.competencies.models import (
    CompetencyElement,
    CompetencyUnit,
    NcsClass,
    NcsImport,
    Occupation,
    UnitTag,
)
from mujigae.core.admin_base import AuditedAdmin


@admin.register(NcsClass)
class NcsClassAdmin(AuditedAdmin):
    list_display = ("code", "name", "level", "is_sample")
    list_filter = ("level", "is_sample")
    search_fields = ("code", "name")
    raw_id_fields = ("parent",)


class ElementInline(admin.TabularInline):
    model = CompetencyElement
    extra = 0


@admin.register(CompetencyUnit)
class CompetencyUnitAdmin(AuditedAdmin):
    list_display = ("code", "name", "level", "job", "is_sample")
    list_filter = ("level", "is_sample")
    search_fields = ("code", "name")
    raw_id_fields = ("job",)
    inlines = [ElementInline]


@admin.register(Occupation)
class OccupationAdmin(AuditedAdmin):
    list_display = ("name", "district", "industry", "job", "is_sample")
    list_filter = ("district", "is_sample")
    search_fields = ("name",)
    raw_id_fields = ("job", "units")


@admin.register(UnitTag)
class UnitTagAdmin(AuditedAdmin):
    list_display = ("source_kind", "source_id", "unit", "district", "confirmed_by", "confirmed_at")
    list_filter = ("district", "source_kind")
    raw_id_fields = ("unit",)


@admin.register(NcsImport)
class NcsImportAdmin(admin.ModelAdmin):
    list_display = ("file_name", "rows", "is_sample", "imported_by", "imported_at")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
