"""The notices' routes (rules: access.py, section "notices")."""

from django.urls import path

from mujigae.sharing import notice_views as views

urlpatterns = [
    path("notices/", views.notices, name="notices"),
    path("notices/new/", views.notice_create, name="notice_create"),
    path("notices/<int:pk>/", views.notice_detail, name="notice_detail"),
    path("notices/<int:pk>/acknowledge/", views.notice_ack, name="notice_ack"),
    path("notices/<int:pk>/edit/", views.notice_edit, name="notice_edit"),
    path("notices/<int:pk>/delete/", views.notice_delete, name="notice_delete"),
    path("notices/<int:pk>/remind/", views.notice_remind, name="notice_remind"),
]
