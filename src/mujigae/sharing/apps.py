from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SharingConfig(AppConfig):
    name = "mujigae.sharing"
    label = "sharing"
    verbose_name = _("Sharing")

    def ready(self) -> None:
        from mujigae.sharing import hooks

        hooks.register()  # organisation page section, erasure of attached files
