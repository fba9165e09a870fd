from django.contrib import admin

from mujigae.core.admin_base import AuditedAdmin
from mujigae.curriculum.models import (
    Cohort,
    Module,
    ModuleProposal,
    ModuleUnit,
    Programme,
    ProposalComment,
    ProposalVersion,
)


@admin.register(Programme)
class ProgrammeAdmin(AuditedAdmin):
    list_display = ("name", "kind", "provider", "district", "is_sample")
    list_filter = ("district", "kind", "is_sample")
    search_fields = ("name", "provider__name")
    raw_id_fields = ("provider",)


class ModuleUnitInline(admin.TabularInline):
    model = ModuleUnit
    extra = 0
    raw_id_fields = ("unit",)


@admin.register(Module)
class ModuleAdmin(AuditedAdmin):
    list_display = ("name", "programme", "order")
    search_fields = ("name", "programme__name")
    raw_id_fields = ("programme",)
    inlines = [ModuleUnitInline]


@admin.register(Cohort)
class CohortAdmin(AuditedAdmin):
    list_display = ("programme", "year", "enrolled", "completed", "district")
    list_filter = ("district", "year")
    raw_id_fields = ("programme",)


class VersionInline(admin.TabularInline):
    model = ProposalVersion
    extra = 0
    can_delete = False
    readonly_fields = ("number", "name", "description", "units", "author_name", "created_at")
    exclude = ("author",)


class CommentInline(admin.TabularInline):
    model = ProposalComment
    extra = 0
    can_delete = False
    readonly_fields = ("author_name", "organisation", "text", "status_to", "created_at")
    exclude = ("author",)


@admin.register(ModuleProposal)
class ModuleProposalAdmin(AuditedAdmin):
    """Read-only: proposals move only through the workflow (services)."""

    list_display = ("__str__", "programme", "proposer", "status", "district", "is_sample")
    list_filter = ("district", "status", "is_sample")
    inlines = [VersionInline, CommentInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
