from django.urls import path

from mujigae.notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.notification_list, name="list"),
    path("read/", views.notification_read, name="read"),
    path("open/", views.notification_open, name="open"),
    path("preferences/", views.preferences, name="preferences"),
    path("deliveries/", views.deliveries, name="deliveries"),
    path("deliveries/retry/", views.delivery_retry, name="delivery_retry"),
]
