from django.urls import path

from mujigae.outcomes import views

app_name = "outcomes"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("export.xlsx", views.dashboard_export, name="dashboard_export"),
    path("figure/", views.figure_rows, name="figure_rows"),
    path("graduates/", views.graduate_list, name="graduate_list"),
    path("graduates/import/", views.graduate_import, name="graduate_import"),
    path("students/<int:pk>/", views.student_outcomes, name="student_outcomes"),
    path("students/<int:pk>/hires/new/", views.hire_create, name="hire_create"),
    path("students/<int:pk>/study/new/", views.study_create, name="study_create"),
    path("hires/<int:pk>/edit/", views.hire_edit, name="hire_edit"),
    path("follow-ups/", views.followup_list, name="followup_list"),
    path("follow-ups/<int:pk>/", views.followup_edit, name="followup_edit"),
    path("programmes/", views.programme_list, name="programme_list"),
    path("programmes/new/", views.programme_create, name="programme_create"),
    path("programmes/<int:pk>/", views.programme_detail, name="programme_detail"),
    path("programmes/<int:pk>/edit/", views.programme_edit, name="programme_edit"),
    path("programmes/<int:pk>/participants/", views.participant_add, name="participant_add"),
    path("participants/<int:pk>/remove/", views.participant_remove, name="participant_remove"),
    path("me/", views.me, name="me"),
]
