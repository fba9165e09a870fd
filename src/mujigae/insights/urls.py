from django.urls import path

from mujigae.insights import views

app_name = "insights"

urlpatterns = [
    path("gap/", views.gap, name="gap"),
    path("gap/export.xlsx", views.gap_export, name="gap_export"),
    path("gap/recompute/", views.gap_recompute, name="gap_recompute"),
    path("gap/unit/<int:pk>/", views.gap_unit, name="gap_unit"),
]
