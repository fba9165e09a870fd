"""The `mujigae` command: the project's manage.py, installed into the virtualenv."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mujigae.settings")
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        settings.INSTALLED_APPS  # noqa: B018 - load the settings now
    except ImproperlyConfigured as exc:
        # A missing secret key or a malformed variable: one line an operator can act
        # on, and exit status 1, instead of a traceback.
        sys.exit(f"mujigae: {exc}")
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
