"""django-otp registers its TOTP devices in the admin (keys, QR codes). Our
admin shows none of it: a person's second factor is reset by a coordinator
(security:second_factor_reset), recorded in the access-rights history."""

from django.contrib import admin
from django_otp.plugins.otp_totp.models import TOTPDevice

if admin.site.is_registered(TOTPDevice):
    admin.site.unregister(TOTPDevice)
