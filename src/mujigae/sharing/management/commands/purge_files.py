"""`mujigae purge_files`: remove for good the files deleted more than
MUJIGAE_FILES_RETENTION_DAYS ago, and stored files no row knows (older than a
day). The scheduler runs it daily (`sharing.purge_files`); docs/files.md."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from mujigae.sharing.purge import purge_all


class Command(BaseCommand):
    help = "Remove deleted files past the retention period and orphaned stored files."

    def handle(self, *args, **options) -> None:
        result = purge_all()
        self.stdout.write(
            f"purged: {result.documents} documents, {result.files} files, "
            f"{result.orphans} orphaned files"
        )
