"""The requests for staff's routes (rules: access.py, section "staff requests")."""

from django.urls import path

from mujigae.sharing import request_views as views

urlpatterns = [
    path("requests/", views.requests, name="requests"),
    path("requests/new/", views.request_create, name="request_create"),
    path("requests/<int:pk>/", views.request_detail, name="request_detail"),
    path("requests/<int:pk>/answer/", views.request_move, name="request_move"),
]
