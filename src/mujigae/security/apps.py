from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SecurityConfig(AppConfig):
    name = "mujigae.security"
    label = "security"
    verbose_name = _("Passwords and the second factor")
