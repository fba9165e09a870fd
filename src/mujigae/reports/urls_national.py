"""Routes of the ministry's national view and the evaluation framework
(namespace "national": national:comparison, national:framework …)."""

from django.urls import path

from mujigae.reports import framework_views, national_views

app_name = "national"

urlpatterns: list = [
    # the evaluation framework (framework_views.py): the ministry edits, districts read
    path("frameworks/", framework_views.frameworks, name="frameworks"),
    path("frameworks/<int:year>/", framework_views.framework, name="framework"),
    path("frameworks/<int:year>/copy/", framework_views.framework_copy, name="framework_copy"),
    path("frameworks/<int:year>/areas/new/", framework_views.area_create, name="area_create"),
    path("frameworks/areas/<int:pk>/", framework_views.area_edit, name="area_edit"),
    path("frameworks/areas/<int:pk>/move/", framework_views.area_move, name="area_move"),
    path(
        "frameworks/<int:year>/indicators/new/",
        framework_views.indicator_create,
        name="indicator_create",
    ),
    path("frameworks/indicators/<int:pk>/", framework_views.indicator_edit, name="indicator_edit"),
    path(
        "frameworks/indicators/<int:pk>/delete/",
        framework_views.indicator_delete,
        name="indicator_delete",
    ),
    # the national view (national_views.py): the ministry
    path("", national_views.comparison, name="comparison"),
    path("comparison.xlsx", national_views.comparison_xlsx, name="comparison_xlsx"),
    path("indicators/<int:pk>/", national_views.indicator, name="indicator"),
    path("districts/<int:pk>/", national_views.district, name="district"),
]
