from django.urls import path  # noqa: F401

from mujigae.accounts import views  # noqa: F401

app_name = "accounts"

urlpatterns: list = [
    # people, invitations, roles, history, districts (top)
]

# student accounts and activation codes (appended below)
