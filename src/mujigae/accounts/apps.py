from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "mujigae.accounts"
    label = "accounts"
    verbose_name = _("People and access")

    def ready(self) -> None:
        from django.conf import settings
        from django.db.models.signals import post_save

        from mujigae.accounts.signals import user_saved

        post_save.connect(
            user_saved, sender=settings.AUTH_USER_MODEL, dispatch_uid="accounts.user_membership"
        )
