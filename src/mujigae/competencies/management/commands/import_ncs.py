"""`mujigae import_ncs FILE [--sample]`: import the NCS taxonomy (CSV or xlsx)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from mujigae.competencies import services
from mujigae.core.imports import ImportRejected


class Command(BaseCommand):
    help = "Import the NCS taxonomy from a file in the official export layout (CSV or xlsx)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--sample", action="store_true", help="mark the imported rows as sample data"
        )

    def handle(self, *args, file: Path, sample: bool, **options):
        if not file.is_file():
            raise CommandError(f"no such file: {file}")
        try:
            record = services.ncs_import_file(
                actor=None,
                raw=file.read_bytes(),
                file_name=file.name,
                is_sample=sample,
                via="system",
            )
        except ImportRejected as exc:
            for e in exc.errors:
                self.stderr.write(f"{e.sheet}\t{e.row}\t{e.column}\t{e.reason}")
            if exc.total > len(exc.errors):
                self.stderr.write(f"… {exc.total - len(exc.errors)} more")
            raise CommandError(exc.message) from exc
        counts = ", ".join(f"{k}={v}" for k, v in record.counts.items())
        self.stdout.write(f"imported {record.rows} rows from {file.name}: {counts}")
