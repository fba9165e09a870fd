from django.urls import path

from mujigae.calendars import views

app_name = "calendars"

urlpatterns = [
    path("", views.page, name="page"),
    path("feed/new/", views.feed_create, name="feed_create"),
    path("feed/revoke/", views.feed_revoke, name="feed_revoke"),
    # the token is the credential: never logged by us (calendars.log_filters)
    path("feed/<str:token>.ics", views.feed, name="feed"),
    path("meeting/<int:pk>.ics", views.meeting_ics, name="meeting_ics"),
]
