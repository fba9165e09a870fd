"""Django admin for superusers (the route policy allows nobody else). Every
change made here is audited like any other."""

from __future__ import annotations

from django.contrib import admin

from mujigae.core import audit


class AuditedAdmin(admin.ModelAdmin):
    def save_model(self, request, obj, form, change):
        fields = [f for f in form.changed_data if f in {fld.name for fld in obj._meta.get_fields()}]
        before = {}
        if change:
            stored = type(obj)._default_manager.get(pk=obj.pk)
            before = audit.snapshot(
                stored, [f for f in fields if not obj._meta.get_field(f).many_to_many]
            )
        super().save_model(request, obj, form, change)
        after = audit.snapshot(obj, [f for f in fields if not obj._meta.get_field(f).many_to_many])
        audit.record(
            actor=request.user,
            action="update" if change else "create",
            obj=obj,
            changes=audit.diff(before, after),
            via="admin",
        )

    def delete_model(self, request, obj):
        audit.record(actor=request.user, action="delete", obj=obj, via="admin")
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            audit.record(actor=request.user, action="delete", obj=obj, via="admin")
        super().delete_queryset(request, queryset)
