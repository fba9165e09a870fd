from django.urls import path

from mujigae.accounts import views

app_name = "accounts"

urlpatterns: list = [
    # people, invitations, roles, history, districts (top)
    path("invitations/", views.invitation_list, name="invitation_list"),
    path("invitations/new/", views.invitation_create, name="invitation_create"),
    path("invitations/import/", views.invitation_import, name="invitation_import"),
    path("invitations/template.xlsx", views.invitation_template, name="invitation_template"),
    path("invitations/<int:pk>/revoke/", views.invitation_revoke, name="invitation_revoke"),
    path("invitations/<int:pk>/resend/", views.invitation_resend, name="invitation_resend"),
    path("invite/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("people/", views.people, name="people"),
    path("people/<int:pk>/", views.person_detail, name="person_detail"),
    path("people/<int:pk>/deactivate/", views.person_deactivate, name="person_deactivate"),
    path("people/<int:pk>/reactivate/", views.person_reactivate, name="person_reactivate"),
    path("people/<int:pk>/roles/new/", views.membership_add, name="membership_add"),
    path("roles/<int:pk>/", views.membership_change, name="membership_change"),
    path("roles/<int:pk>/remove/", views.membership_remove, name="membership_remove"),
    path("role/switch/", views.role_switch, name="role_switch"),
    path("history/", views.history, name="history"),
    path("history/export.xlsx", views.history_export, name="history_export"),
    path("districts/", views.district_list, name="district_list"),
    path("districts/new/", views.district_create, name="district_create"),
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
