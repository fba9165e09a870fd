"""Routes of the district's annual report and the entered indicator values
(namespace "annual": annual:list, annual:detail …)."""

from django.urls import path

from mujigae.reports import entered_views, report_views

app_name = "annual"

urlpatterns: list = [
    path("", report_views.report_list, name="list"),
    path("new/", report_views.report_create, name="create"),
    path("<int:pk>/", report_views.report_detail, name="detail"),
    path("sections/<int:pk>/", report_views.section_edit, name="section"),
    path("<int:pk>/generate/", report_views.generate, name="generate"),
    path("<int:pk>/progress/", report_views.progress, name="progress"),
    path("<int:pk>/submit/", report_views.submit, name="submit"),
    path("<int:pk>/new-version/", report_views.new_version, name="new_version"),
    path("files/<int:pk>/", report_views.download, name="file"),
    path("entered/<int:year>/", entered_views.entered, name="entered"),
    path("national/<int:year>/", report_views.national, name="national"),
    path("national/<int:year>/generate/", report_views.national_generate, name="national_generate"),
]
