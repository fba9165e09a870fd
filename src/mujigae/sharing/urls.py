"""Sharing's routes: each part keeps its patterns in its own module."""

from mujigae.sharing import urls_attachments, urls_documents, urls_notices, urls_requests

app_name = "sharing"

urlpatterns: list = [
    # one line per part: *urls_<part>.urlpatterns,
    *urls_documents.urlpatterns,
    *urls_notices.urlpatterns,
    *urls_requests.urlpatterns,
    *urls_attachments.urlpatterns,
]
