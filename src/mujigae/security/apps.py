from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SecurityConfig(AppConfig):
    name = "mujigae.security"
    label = "security"
    verbose_name = _("Passwords and the second factor")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from mujigae.security.middleware import stamp_on_login

        user_logged_in.connect(stamp_on_login, dispatch_uid="security.idle_stamp")
