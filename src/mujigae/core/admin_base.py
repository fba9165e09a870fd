"""Django admin for superusers (the route policy allows nobody else). Every
change made here — on the page and in its inlines — is audited like any other."""

from __future__ import annotations

from django.contrib import admin

from mujigae.core import audit


def _plain_fields(obj, names) -> list[str]:
    """The names among `names` that are concrete, non-many-to-many model fields."""
    fields = {f.name: f for f in obj._meta.get_fields()}
    return [n for n in names if n in fields and fields[n].concrete and not fields[n].many_to_many]


class AuditedMixin:
    """Audit rows for what the admin saves or deletes (via="admin")."""

    def save_model(self, request, obj, form, change):
        fields = _plain_fields(obj, form.changed_data)
        before = {}
        if change:
            stored = type(obj)._default_manager.get(pk=obj.pk)
            before = audit.snapshot(stored, fields)
        super().save_model(request, obj, form, change)
        audit.record(
            actor=request.user,
            action="update" if change else "create",
            obj=obj,
            changes=audit.diff(before, audit.snapshot(obj, fields)),
            via="admin",
        )

    def delete_model(self, request, obj):
        audit.record(actor=request.user, action="delete", obj=obj, via="admin")
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            audit.record(actor=request.user, action="delete", obj=obj, via="admin")
        super().delete_queryset(request, queryset)

    def save_formset(self, request, form, formset, change):
        """Inline rows: each created, changed and deleted row leaves its own entry."""
        formset.save(commit=False)
        for obj in formset.deleted_objects:
            audit.record(actor=request.user, action="delete", obj=obj, via="admin")
            obj.delete()
        for obj, changed in formset.changed_objects:
            fields = _plain_fields(obj, changed)
            before = audit.snapshot(type(obj)._default_manager.get(pk=obj.pk), fields)
            obj.save()
            changes = audit.diff(before, audit.snapshot(obj, fields))
            if changes:
                audit.record(
                    actor=request.user, action="update", obj=obj, changes=changes, via="admin"
                )
        for obj in formset.new_objects:
            obj.save()
            fields = _plain_fields(obj, [f.name for f in obj._meta.concrete_fields])
            audit.record(
                actor=request.user,
                action="create",
                obj=obj,
                changes={k: [None, v] for k, v in audit.snapshot(obj, fields).items()},
                via="admin",
            )
        formset.save_m2m()


class AuditedAdmin(AuditedMixin, admin.ModelAdmin):
    pass
