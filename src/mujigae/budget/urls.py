from django.urls import path

from mujigae.budget import execution_views, views

app_name = "budget"

# Years are the user's own district's (`policy.home_district`); the ministry
# has its own comparison page. views.py: plan, amendments, spending, import;
# execution_views.py: the execution figures, their rows, the xlsx, the
# ministry's comparison. Rules: access.py.
urlpatterns = [
    path("", views.year_list, name="year_list"),
    path("lists/", views.lists, name="lists"),
    path("years/new/", views.year_create, name="year_create"),
    path("years/<int:year>/", views.year_detail, name="year_detail"),
    path("years/<int:year>/close/", views.year_close, name="year_close"),
    path("years/<int:year>/projects/new/", views.project_create, name="project_create"),
    path("projects/<int:pk>/", views.project_detail, name="project_detail"),
    path("projects/<int:pk>/edit/", views.project_edit, name="project_edit"),
    path("years/<int:year>/amend/", views.amend, name="amend"),
    path("years/<int:year>/spending/new/", views.spending_create, name="spending_create"),
    path("years/<int:year>/import/", views.ledger_import, name="ledger_import"),
    path("import/mapping/", views.ledger_mapping, name="ledger_mapping"),
    path("import/template.xlsx", views.ledger_template, name="ledger_template"),
    path("years/<int:year>/execution/", execution_views.execution, name="execution"),
    path("years/<int:year>/execution.xlsx", execution_views.execution_xlsx, name="execution_xlsx"),
    path("years/<int:year>/spending/", execution_views.spending_list, name="spending_list"),
    path("national/", execution_views.national, name="national"),
]
