"""Sharing's routes: each part keeps its patterns in its own module."""

from mujigae.sharing import urls_attachments

app_name = "sharing"

urlpatterns: list = [
    # one line per part: *urls_<part>.urlpatterns,
    *urls_attachments.urlpatterns,
]
