from django.urls import path  # noqa: F401

from mujigae.accounts import views  # noqa: F401

app_name = "accounts"

urlpatterns: list = [
    # people, invitations, roles, history, districts (top)
]

# student accounts and activation codes (appended below)
from mujigae.accounts import student_views  # noqa: E402

urlpatterns += [
    path("students/", student_views.student_accounts, name="student_accounts"),
    path("students/create/", student_views.student_accounts_create, name="student_accounts_create"),
    path(
        "students/<int:pk>/code/", student_views.student_code_reissue, name="student_code_reissue"
    ),
    path("activate/", student_views.student_activate, name="student_activate"),
    path("activate/<str:code>/", student_views.student_activate, name="student_activate_code"),
]
