from django.urls import path

from mujigae.legal import views

app_name = "legal"

urlpatterns = [
    path("privacy/", views.privacy, name="privacy"),
    path("privacy/edit/", views.privacy_edit, name="privacy_edit"),
    path("privacy/versions/<int:pk>/", views.privacy_version, name="privacy_version"),
    path("privacy/<slug:code>/", views.privacy_district, name="privacy_district"),
    path("terms/", views.terms, name="terms"),
    path("contact/", views.contact, name="contact"),
    path("contact/edit/", views.contact_edit, name="contact_edit"),
    path("contact/<slug:code>/", views.contact_district, name="contact_district"),
]
