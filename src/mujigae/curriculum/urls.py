from django.urls import path

from mujigae.curriculum import views

app_name = "curriculum"

urlpatterns = [
    path("", views.programme_list, name="programme_list"),
    path("export.xlsx", views.programme_export, name="programme_export"),
    path("new/", views.programme_create, name="programme_create"),
    path("<int:pk>/", views.programme_detail, name="programme_detail"),
    path("<int:pk>/edit/", views.programme_edit, name="programme_edit"),
    path("<int:pk>/modules/new/", views.module_create, name="module_create"),
    path("modules/<int:pk>/edit/", views.module_edit, name="module_edit"),
    path("modules/<int:pk>/delete/", views.module_delete, name="module_delete"),
    path("<int:pk>/cohorts/new/", views.cohort_create, name="cohort_create"),
    path("cohorts/<int:pk>/edit/", views.cohort_edit, name="cohort_edit"),
    path("cohorts/<int:pk>/delete/", views.cohort_delete, name="cohort_delete"),
    path("cohorts/import/", views.cohort_import, name="cohort_import"),
    path("units/search/", views.unit_search, name="unit_search"),
    path("proposals/", views.proposal_list, name="proposal_list"),
    path("proposals/new/", views.proposal_create, name="proposal_create"),
    path("proposals/<int:pk>/", views.proposal_detail, name="proposal_detail"),
    path("proposals/<int:pk>/edit/", views.proposal_edit, name="proposal_edit"),
    path("proposals/<int:pk>/step/", views.proposal_transition, name="proposal_transition"),
    path("proposals/<int:pk>/comments/", views.proposal_comment, name="proposal_comment"),
]
