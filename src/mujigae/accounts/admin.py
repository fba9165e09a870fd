"""People and access in Django's admin: read-only. Invitations, roles and the
access-rights history are written by the services (each change leaves an
AccessChange row); a role given to a user in the User admin becomes a
membership by itself (signals.py). The history is never edited nor deleted."""

from django.contrib import admin

from mujigae.accounts.models import AccessChange, Invitation, Membership


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyAdmin):
    list_display = (
        "name",
        "email",
        "organisation",
        "role",
        "created_at",
        "expires_at",
        "accepted_at",
        "revoked_at",
    )
    list_filter = ("role", "district")
    search_fields = ("name", "email")
    exclude = ("digest",)


@admin.register(Membership)
class MembershipAdmin(ReadOnlyAdmin):
    list_display = ("user", "role", "district", "organisation", "granted_at", "granted_by")
    list_filter = ("role", "district")


@admin.register(AccessChange)
class AccessChangeAdmin(ReadOnlyAdmin):
    list_display = ("at", "actor_name", "kind", "subject_name", "district")
    list_filter = ("kind", "district")
