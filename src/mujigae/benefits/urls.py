from django.urls import path

from mujigae.benefits import views

app_name = "benefits"

# Rules: access.py. The catalogue is the district's; a company sees its own
# verdicts and grants only.
urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("new/", views.benefit_create, name="benefit_create"),
    path("<int:pk>/", views.benefit_detail, name="benefit_detail"),
    path("<int:pk>/edit/", views.benefit_edit, name="benefit_edit"),
    path("<int:pk>/delete/", views.benefit_delete, name="benefit_delete"),
    path("<int:pk>/conditions/new/", views.condition_add, name="condition_add"),
    path("conditions/<int:pk>/", views.condition_edit, name="condition_edit"),
    path("conditions/<int:pk>/delete/", views.condition_delete, name="condition_delete"),
    path("<int:pk>/qualifying/", views.qualifying, name="qualifying"),
    path("<int:pk>/evidence/", views.evidence, name="evidence"),
    path("<int:pk>/apply/", views.apply, name="apply"),
    path("grants/", views.ledger, name="ledger"),
    path("grants/<int:pk>/", views.grant_detail, name="grant_detail"),
    path("grants/<int:pk>/move/", views.grant_move, name="grant_move"),
    path("national/", views.national, name="national"),
]
