"""What sharing plugs into other apps at start-up (SharingConfig.ready): each
part adds one line here (organisation page sections, attachment panels, the
erasure of attached files)."""

from __future__ import annotations

from mujigae.sharing import attachables, requests_page


def register() -> None:
    # one line per part
    requests_page.register()  # the organisation page's section (staff requests)
    attachables.setup()  # attachments: models, panels, erasure, purge
    return None
