from django.urls import path

from mujigae.surveys import views_analysis as v

# Included by mujigae.surveys.urls under the "surveys" namespace.
urlpatterns = [
    path("<int:pk>/analysis/", v.analysis, name="analysis"),
    path("<int:pk>/analysis/export.xlsx", v.analysis_xlsx, name="analysis_xlsx"),
    path("<int:pk>/analysis/export.csv", v.analysis_csv, name="analysis_csv"),
]
