"""Routes of the documents library (rules: sharing/access.py "documents")."""

from django.urls import path

from mujigae.sharing import document_views as views

urlpatterns = [
    path("", views.documents, name="documents"),
    path("documents/new/", views.document_create, name="document_create"),
    path("documents/<int:pk>/", views.document_detail, name="document_detail"),
    path("documents/<int:pk>/edit/", views.document_edit, name="document_edit"),
    path("documents/<int:pk>/delete/", views.document_delete, name="document_delete"),
    path("documents/<int:pk>/versions/new/", views.version_upload, name="version_upload"),
    path("documents/<int:pk>/record/", views.document_log, name="document_log"),
    path("documents/<int:pk>/record.xlsx", views.document_log_export, name="document_log_export"),
    path("versions/<int:pk>/download/", views.version_download, name="version_download"),
    path("folders/new/", views.folder_create, name="folder_create"),
    path("folders/<int:pk>/edit/", views.folder_edit, name="folder_edit"),
    path("folders/<int:pk>/delete/", views.folder_delete, name="folder_delete"),
]
