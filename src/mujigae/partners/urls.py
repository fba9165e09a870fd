from django.urls import path

from mujigae.partners import views

app_name = "partners"

urlpatterns = [
    path("", views.directory, name="directory"),
    path("export.xlsx", views.directory_export, name="directory_export"),
    path("new/", views.organisation_create, name="organisation_create"),
    path("<int:pk>/", views.organisation_detail, name="organisation_detail"),
    path("<int:pk>/edit/", views.organisation_edit, name="organisation_edit"),
    path("<int:pk>/people/new/", views.person_create, name="person_create"),
    path("people/<int:pk>/edit/", views.person_edit, name="person_edit"),
]
