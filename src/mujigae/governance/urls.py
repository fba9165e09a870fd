from django.urls import path

from mujigae.governance import views

app_name = "governance"

urlpatterns = [
    path("meetings/", views.meeting_list, name="meeting_list"),
    path("meetings/new/", views.meeting_create, name="meeting_create"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/edit/", views.meeting_edit, name="meeting_edit"),
    path("meetings/<int:pk>/minutes/", views.meeting_minutes, name="meeting_minutes"),
    path("meetings/<int:pk>/decisions/", views.decision_add, name="decision_add"),
    path("actions/", views.action_list, name="action_list"),
    path("actions/export.xlsx", views.action_list_export, name="action_list_export"),
    path("actions/new/", views.action_create, name="action_create"),
    path("actions/<int:pk>/", views.action_detail, name="action_detail"),
    path("actions/<int:pk>/update/", views.action_update, name="action_update"),
    path("mou/", views.agreement_current, name="agreement_current"),
    path("mou/<int:pk>/", views.agreement_detail, name="agreement_detail"),
    path("commitments/<int:pk>/", views.commitment_update, name="commitment_update"),
    path("timeline/", views.timeline, name="timeline"),
]
