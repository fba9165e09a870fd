"""Attachment routes (rules: access.py, section "attachments")."""

from django.urls import path

from mujigae.sharing import attachment_views as views

urlpatterns = [
    path("attachments/<str:label>/<int:pk>/", views.attachments_page, name="attachments"),
    path(
        "attachments/<str:label>/<int:pk>/upload/",
        views.attachment_upload,
        name="attachment_upload",
    ),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment_download"),
    path("attachments/<int:pk>/delete/", views.attachment_delete, name="attachment_delete"),
]
