from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from mujigae.core.admin_base import AuditedAdmin, AuditedMixin
from mujigae.core.models import ApiToken, AuditEntry, District, Industry, User


@admin.register(District)
class DistrictAdmin(AuditedAdmin):
    list_display = ("name", "code", "region", "year_designated", "is_sample")
    search_fields = ("name", "code")


@admin.register(Industry)
class IndustryAdmin(AuditedAdmin):
    list_display = ("name", "district", "code", "fixed_on")
    list_filter = ("district",)


@admin.register(User)
class UserAdmin(AuditedMixin, BaseUserAdmin):
    """Accounts: every grant, change and removal of a role is in the audit log."""

    list_display = ("username", "display_name", "role", "district", "organisation", "is_active")
    list_filter = ("role", "district", "is_active")
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (_("mujigae"), {"fields": ("role", "district", "organisation", "display_name")}),
    )
    autocomplete_fields = ("organisation",)


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ("at", "actor_name", "action", "object_type", "object_repr", "via")
    list_filter = ("action", "object_type", "via")
    readonly_fields = [f.name for f in AuditEntry._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("name", "user", "prefix", "created_at", "last_used_at", "revoked_at")
    readonly_fields = ("prefix", "digest", "created_at", "last_used_at")
    exclude = ()

    def has_add_permission(self, request):
        return False
