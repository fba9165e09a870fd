from django.urls import path

from mujigae.students import views

app_name = "students"

urlpatterns = [
    path("", views.student_list, name="student_list"),
    path("export.xlsx", views.student_list_export, name="student_list_export"),
    path("import/", views.student_import, name="student_import"),
    path("import/template.xlsx", views.import_template, name="import_template"),
    path("summary/", views.summary, name="summary"),
    path("me/", views.me, name="me"),
    path("access-review/", views.access_review, name="access_review"),
    path("<int:pk>/", views.student_detail, name="student_detail"),
    path("<int:pk>/edit/", views.student_edit, name="student_edit"),
    path("<int:pk>/consents/new/", views.consent_add, name="consent_add"),
    path("consents/<int:pk>/withdraw/", views.consent_withdraw, name="consent_withdraw"),
    path("<int:pk>/access-log/", views.access_log, name="access_log"),
    path("<int:pk>/export/", views.student_export, name="student_export"),
    path("<int:pk>/erase/", views.student_erase, name="student_erase"),
]
