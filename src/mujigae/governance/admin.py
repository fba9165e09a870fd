from django.contrib import admin

from mujigae.core.admin_base import AuditedAdmin
from mujigae.governance.models import ActionItem, Agreement, Clause, Commitment, Decision, Meeting


@admin.register(Meeting)
class MeetingAdmin(AuditedAdmin):
    list_display = ("title", "kind", "starts_at", "district", "status")
    list_filter = ("district", "kind", "status")
    search_fields = ("title",)


@admin.register(Decision)
class DecisionAdmin(AuditedAdmin):
    list_display = ("meeting", "number", "text")


@admin.register(ActionItem)
class ActionItemAdmin(AuditedAdmin):
    list_display = ("title", "owner", "due_date", "status", "district")
    list_filter = ("district", "status")
    search_fields = ("title",)


@admin.register(Agreement)
class AgreementAdmin(AuditedAdmin):
    list_display = ("title", "district", "signed_on")


@admin.register(Clause)
class ClauseAdmin(AuditedAdmin):
    list_display = ("agreement", "number", "title")


@admin.register(Commitment)
class CommitmentAdmin(AuditedAdmin):
    list_display = ("clause", "organisation", "status", "district")
    list_filter = ("district", "status")
