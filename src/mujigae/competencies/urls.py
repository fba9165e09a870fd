from django.urls import path

from mujigae.competencies import views

app_name = "competencies"

urlpatterns = [
    # the national NCS taxonomy
    path("", views.taxonomy, name="taxonomy"),
    path("classes/<int:pk>/", views.class_detail, name="class_detail"),
    path("units/<int:pk>/", views.unit_detail, name="unit_detail"),
    path("import/", views.taxonomy_import, name="taxonomy_import"),
    # the district competency map
    path("map/", views.competency_map, name="map"),
    path("map/export.xlsx", views.map_export, name="map_export"),
    path("map/occupations/new/", views.occupation_create, name="occupation_create"),
    path("map/occupations/<int:pk>/", views.occupation_detail, name="occupation_detail"),
    path("map/occupations/<int:pk>/edit/", views.occupation_edit, name="occupation_edit"),
    path("map/occupations/<int:pk>/delete/", views.occupation_delete, name="occupation_delete"),
    path(
        "map/occupations/<int:pk>/units/add/",
        views.occupation_units_add,
        name="occupation_units_add",
    ),
    path(
        "map/occupations/<int:pk>/units/remove/",
        views.occupation_unit_remove,
        name="occupation_unit_remove",
    ),
    # free text -> competency units, confirmed by a coordinator
    path("confirm/", views.queue, name="queue"),
    path("confirm/hiring/<int:pk>/", views.hiring_confirm, name="hiring_confirm"),
    path("confirm/answers/<int:pk>/", views.answer_confirm, name="answer_confirm"),
    path("confirm/text/", views.text_confirm, name="text_confirm"),
    path("confirm/tags/<int:pk>/remove/", views.tag_remove, name="tag_remove"),
]
