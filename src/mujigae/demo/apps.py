from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The demo data loaders and the `mujigae demo` command: above every other
    app (it fills them all)."""

    name = "mujigae.demo"
    label = "demo"
    verbose_name = _("Demo data")
