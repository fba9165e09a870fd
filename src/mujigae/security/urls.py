from django.urls import path

from mujigae.security import views

app_name = "security"

urlpatterns = [
    path("verify/", views.verify, name="verify"),
    path("enrol/", views.enrol, name="enrol"),
    path("second-factor/", views.second_factor, name="second_factor"),
    path("second-factor/reset/<int:pk>/", views.second_factor_reset, name="second_factor_reset"),
    path("password/", views.PasswordChange.as_view(), name="password_change"),
    path("password/reset/", views.password_reset, name="password_reset"),
    path("password/reset/sent/", views.password_reset_done, name="password_reset_done"),
    path(
        "password/reset/<uidb64>/<token>/",
        views.PasswordResetConfirm.as_view(),
        name="password_reset_confirm",
    ),
    path("password/reset/done/", views.password_reset_complete, name="password_reset_complete"),
    path("keepalive/", views.keepalive, name="keepalive"),
]
