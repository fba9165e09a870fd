"""Sharing's routes: each part keeps its patterns in its own module."""

app_name = "sharing"

urlpatterns: list = [
    # one line per part: *urls_<part>.urlpatterns,
]
