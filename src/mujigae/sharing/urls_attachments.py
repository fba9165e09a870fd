"""Attachment routes (rules: access.py, section "attachments"). An object is
named in the URL as "<app>.<model>-<pk>" ("governance.meeting-12")."""

from django.urls import path, register_converter

from mujigae.sharing import attachment_views as views


class TargetConverter:
    """ "governance.meeting-12": an attachable object's label and id, as text
    (the view looks it up through the policy)."""

    regex = r"[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*-[0-9]+"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return str(value)


register_converter(TargetConverter, "attachable")

urlpatterns = [
    path("attachments/<attachable:target>/", views.attachments_page, name="attachments"),
    path(
        "attachments/<attachable:target>/upload/",
        views.attachment_upload,
        name="attachment_upload",
    ),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment_download"),
    path("attachments/<int:pk>/delete/", views.attachment_delete, name="attachment_delete"),
]
