from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BenefitsConfig(AppConfig):
    name = "mujigae.benefits"
    label = "benefits"
    verbose_name = _("Company benefits")

    def ready(self) -> None:
        from mujigae.benefits import partner_page

        partner_page.register()  # the organisation page's section, the directory's filter
