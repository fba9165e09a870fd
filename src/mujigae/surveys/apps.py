from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "mujigae.surveys"
    label = "surveys"
    verbose_name = _("Surveys")

    def ready(self) -> None:
        from mujigae.surveys import signals

        signals.connect()
