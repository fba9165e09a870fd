from django.urls import path

from mujigae.placements import views

app_name = "placements"

urlpatterns = [
    path("", views.slot_list, name="slot_list"),
    path("export.xlsx", views.slot_export, name="slot_export"),
    path("new/", views.slot_create, name="slot_create"),
    path("<int:pk>/", views.slot_detail, name="slot_detail"),
    path("<int:pk>/edit/", views.slot_edit, name="slot_edit"),
    path("<int:pk>/status/", views.slot_status, name="slot_status"),
    path("agreements/", views.agreement_list, name="agreement_list"),
    path("agreements/new/", views.agreement_create, name="agreement_create"),
    path("eligibility/", views.eligibility_list, name="eligibility_list"),
    path("eligibility/<int:pk>/", views.eligibility_edit, name="eligibility_edit"),
    path("authorisations/", views.exception_list, name="exception_list"),
    path("authorisations/new/", views.exception_create, name="exception_create"),
    path("check/", views.pair_check, name="pair_check"),
]
