from django.contrib import admin

from mujigae.core.admin_base import AuditedAdmin
from mujigae.partners.models import Organisation, Person


@admin.register(Organisation)
class OrganisationAdmin(AuditedAdmin):
    list_display = ("name", "kind", "district", "area", "is_signatory", "is_sample")
    list_filter = ("district", "kind", "is_signatory", "is_sample")
    search_fields = ("name", "name_en")


@admin.register(Person)
class PersonAdmin(AuditedAdmin):
    list_display = ("name", "position", "organisation", "district")
    list_filter = ("district",)
    search_fields = ("name",)
