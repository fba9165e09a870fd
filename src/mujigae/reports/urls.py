from django.urls import include, path

from mujigae.reports import views

urlpatterns = [
    path("", views.home, name="home"),
    # the district's annual report and the entered indicator values (urls_annual.py)
    path("reports/", include("mujigae.reports.urls_annual")),
    # the ministry's national view and the evaluation framework (urls_national.py)
    path("national/", include("mujigae.reports.urls_national")),
]
