from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "mujigae.core"
    label = "core"
    verbose_name = _("Platform")

    def ready(self) -> None:
        # Every app declares its routes, scopes and change rules in its own
        # access.py; import them all now, as the admin does with admin.py.
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("access")
        # ... and what it owes its users, its events and calendar entries (core/inbox.py)
        autodiscover_modules("inbox")
        # ... and the figures it computes for the evaluation (core/indicators.py)
        autodiscover_modules("indicators")
