from django.urls import path

from mujigae.reports import views

urlpatterns = [
    path("", views.home, name="home"),
]
