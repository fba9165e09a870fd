"""`mujigae demo`: load the demo data (Ansan) or national-scale sample data."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from mujigae.core.models import District
from mujigae.demo import DEMO_PASSWORD
from mujigae.demo.accounts import load_ansan_accounts
from mujigae.demo.ansan import load_ansan, login_table
from mujigae.demo.ansan_history import load_ansan_history
from mujigae.demo.benefits import load_ansan_benefits
from mujigae.demo.budget import load_ansan_budget, load_national_budgets
from mujigae.demo.competencies import load_ansan_competencies
from mujigae.demo.curriculum import load_ansan_curriculum
from mujigae.demo.evaluation_history import load_evaluation_history
from mujigae.demo.insights import load_ansan_insights
from mujigae.demo.legal import load_ansan_legal
from mujigae.demo.light import load_light_national
from mujigae.demo.national import generate_national
from mujigae.demo.outcomes import load_ansan_outcomes
from mujigae.demo.placements import load_ansan_placements
from mujigae.demo.rounds import load_ansan_rounds
from mujigae.demo.sharing_attachments import load_ansan_attachments
from mujigae.demo.sharing_documents import load_ansan_documents
from mujigae.demo.sharing_notices import load_ansan_notices
from mujigae.demo.student_accounts import load_ansan_student_accounts
from mujigae.demo.students import load_ansan_students
from mujigae.demo.surveys import load_ansan_surveys
from mujigae.security.demo import enrol_demo_devices, login_note


def _url() -> str:
    """Where `make demo` serves (it passes HOST and PORT as MUJIGAE_DEMO_URL)."""
    url = settings.MUJIGAE_DEMO_URL
    return url if url.endswith("/") else url + "/"


class Command(BaseCommand):
    help = (
        "Load demo data. --scale demo (default): the Ansan demo below plus 14 invented "
        "sample districts in light form (codes 'sample-…', five years of the rows every "
        "evaluation measure counts), so the ministry sees a country. "
        "--scale ansan: the Ansan district from the source "
        "article (18 signing parties, the 2024 meetings, the MOU and its 8 clauses) with "
        "invented sample companies, contacts, follow-up meetings and action items, and 7 "
        f"demo logins with the password '{DEMO_PASSWORD}'. --scale national: Ansan plus "
        "N-1 invented sample districts (codes 'sample-…'), for benchmarks. Both are "
        "idempotent: Ansan rows are updated in place; a generated district whose "
        "fingerprint and counts match the request is kept, otherwise it is deleted and "
        "generated again, and generated districts beyond --districts are deleted. "
        "Refuses to run unless MUJIGAE_DEBUG is on or --force is given, because it sets "
        "a known password on the demo accounts."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", choices=["demo", "ansan", "national"], default="demo")
        parser.add_argument(
            "--districts",
            type=int,
            default=13,
            help="national: number of districts, Ansan included (default 13)",
        )
        parser.add_argument(
            "--orgs-per-district",
            type=int,
            default=300,
            help="national: organisations in each generated district (default 300)",
        )
        parser.add_argument(
            "--action-items",
            type=int,
            default=5000,
            help="national: action items in total, Ansan's included (default 5000)",
        )
        parser.add_argument(
            "--meetings-per-district",
            type=int,
            default=40,
            help="national: meetings in each generated district (default 40)",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="run even when DEBUG is off (never on a production database)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "데모 데이터는 개발·시연용입니다(알려진 비밀번호로 계정을 만듭니다). "
                "MUJIGAE_DEBUG=1로 실행하거나 --force를 붙이세요. / Demo data sets a known "
                "password on demo accounts: run with MUJIGAE_DEBUG=1 or pass --force."
            )
        started = time.monotonic()
        if options["scale"] == "national":
            if options["districts"] < 1:
                raise CommandError("--districts must be at least 1")
            for name in ("orgs_per_district", "action_items", "meetings_per_district"):
                if options[name] < 0:
                    raise CommandError(f"--{name.replace('_', '-')} must not be negative")
            generate_national(
                districts=options["districts"],
                orgs_per_district=max(1, options["orgs_per_district"]),
                action_items=options["action_items"],
                meetings_per_district=options["meetings_per_district"],
                stdout=self.stdout,
            )
            load_national_budgets(out=self.stdout)  # the ministry's comparison of 집행률
            surveys = None
        else:
            load_ansan(stdout=self.stdout)
            surveys = load_ansan_surveys(stdout=self.stdout)
            load_ansan_competencies(out=self.stdout)
            load_ansan_curriculum(out=self.stdout)
            load_ansan_students(out=self.stdout)
            if options["scale"] == "demo":
                load_light_national(out=self.stdout)
            load_ansan_placements(out=self.stdout)
            load_ansan_rounds(out=self.stdout)
            load_ansan_outcomes(out=self.stdout)
            load_ansan_accounts(out=self.stdout)
            load_ansan_student_accounts(out=self.stdout)
            load_ansan_legal(out=self.stdout)
            load_ansan_budget(out=self.stdout)
            load_ansan_benefits(out=self.stdout)
            load_ansan_history(out=self.stdout)
            load_ansan_insights(out=self.stdout)  # the gap, from every district's rows
            load_ansan_documents(out=self.stdout)
            load_ansan_notices(out=self.stdout)
            load_ansan_attachments(out=self.stdout)
            if options["scale"] == "demo":
                load_evaluation_history(out=self.stdout)  # every indicator has data

        enrol_demo_devices(usernames=tuple(row[0] for row in login_table()), out=self.stdout)
        elapsed = time.monotonic() - started
        self.stdout.write(self.style.SUCCESS(f"완료 / done ({elapsed:.1f} s)"))
        sample = District.objects.filter(is_sample=True).count()
        self.stdout.write(
            f"지구 / districts: {District.objects.count()}곳 (예시 / sample {sample}곳)"
        )
        self._print_logins()
        if surveys is not None and surveys.sample_token:
            self.stdout.write("")
            self.stdout.write(
                f"설문 / Survey: {surveys.demand.title} — 기업 화면 체험(로그인 없이) / "
                "try the company side (no account):"
            )
            self.stdout.write(f"  {_url()}s/{surveys.sample_token}/")

    def _print_logins(self) -> None:
        out = self.stdout
        out.write("")
        out.write(f"주소 / URL: {_url()}")
        out.write("")
        out.write("로그인 / Logins (아이디 / 비밀번호 — 역할 (기관) | role (organisation))")
        with translation.override("en"):
            rows = [
                (username, ko_role, str(en_role), org, org_en)
                for username, ko_role, en_role, org, org_en in login_table()
            ]
        width = max(len(row[0]) for row in rows)
        for username, ko_role, en_role, org, org_en in rows:
            out.write(
                f"  {username:<{width}} / {DEMO_PASSWORD} — {ko_role} ({org})"
                f" | {en_role} ({org_en})"
            )
        out.write(login_note())
