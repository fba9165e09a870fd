from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """Above the domain apps: the home page of every role and the national
    roll-up (the annual report comes next). It asks each app for its figures;
    no domain app imports it."""

    name = "mujigae.reports"
    label = "reports"
    verbose_name = _("Reports")
