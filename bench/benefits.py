"""Eligibility of every company for every benefit (issue 14, Performance):
5,000 companies of one district, 20 benefits with 1–4 conditions each, all
verdicts recomputed — target under 5 s — beside the naive per-company
evaluation.

Per database (SQLite always; PostgreSQL too when the server answers, on a
database of its own created and dropped here), in a child process
(`python -m bench.benefits --child`) whose settings come from the environment:

1. not timed: `migrate`, then bulk inserts of realistic evidence rows: the
   companies (a tier record for 80 %, some expired), one field-training slot
   each (8 % with night hours: an outstanding violation), 12 schools and three
   students per company, two field-training rounds (this year and last) whose
   accepted and declined assignments spread over the companies, hires of
   graduates (last year and this), approved and submitted module proposals,
   this year's demand survey answered (submitted or draft) by 60 %; and 20
   benefits whose conditions are drawn from every kind (thresholds 1–3,
   windows this year / last year / both);
2. timed (median of 3): `eligibility.evaluate` for all 20 benefits and every
   company — one query per condition kind for the district, verdicts in
   Python — as the pages, the company's view and the to-do call it;
3. peer, same data, same process: the naive per-company evaluation: for each
   company, one query per condition kind for that company alone
   (`collect_facts(company_ids=[pk])`), then the same verdicts. Both must give
   identical verdicts; the query counts are printed beside the times.

`--quick`: 500 companies.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import time
from pathlib import Path

from bench import harness

DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432/mujigae_bench_benefits"
FULL, QUICK = 5_000, 500
BENEFITS = 20
TARGET_S = 5.0
SEED = 20261203
KINDS = ("hosted", "hired", "modules", "survey", "status", "no_violation")


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _generate(companies: int, year: int) -> dict:
    from django.utils import timezone

    from mujigae.benefits.models import Benefit, Condition
    from mujigae.core.models import District
    from mujigae.curriculum.models import ModuleProposal, Programme
    from mujigae.outcomes.models import Hire
    from mujigae.partners.models import Organisation
    from mujigae.placements.models import CompanyEligibility, Slot
    from mujigae.rounds.models import Assignment, Entrant, Round, RoundSlot
    from mujigae.students.models import Student
    from mujigae.surveys.models import Invitation, Response, Survey

    rng = random.Random(SEED)
    district = District.objects.create(name="표본지구", code="bench-benefits")
    schools = Organisation.objects.bulk_create(
        [Organisation(district=district, name=f"표본고 {j}", kind="school") for j in range(12)]
    )
    orgs = Organisation.objects.bulk_create(
        [
            Organisation(district=district, name=f"표본기업 {i:05d}", kind="company")
            for i in range(companies)
        ],
        batch_size=2000,
    )
    today = timezone.localdate()
    tiers = []
    for org in orgs:
        if rng.random() < 0.8:
            tiers.append(
                CompanyEligibility(
                    district=district,
                    company=org,
                    tier=rng.choice(["leading", "participating", "participating"]),
                    inspected_on=today - dt.timedelta(days=rng.randint(10, 600)),
                    valid_until=today + dt.timedelta(days=rng.randint(-200, 400)),
                )
            )
    CompanyEligibility.objects.bulk_create(tiers, batch_size=2000)
    night, day = (dt.time(16, 30), dt.time(23, 30)), (dt.time(9, 0), dt.time(17, 0))
    slots = Slot.objects.bulk_create(
        [
            Slot(
                district=district,
                company=org,
                kind="field_training",
                title="표본 실습",
                daily_hours=7,
                weekly_hours=35,
                start_time=shift[0],
                end_time=shift[1],
                capacity=3,
            )
            for org in orgs
            for shift in [night if rng.random() < 0.08 else day]
        ],
        batch_size=2000,
    )
    students = Student.objects.bulk_create(
        [
            Student(
                district=district,
                school=schools[i % len(schools)],
                school_year=year - (i % 2),
                grade=3,
                class_no=1 + (i // len(schools)) // 99 % 99,
                number=1 + (i // len(schools)) % 99,
                name="표본학생",
                birth_date=dt.date(year - 18, 3, 1),
            )
            for i in range(3 * companies)
        ],
        batch_size=2000,
    )
    rounds = [
        Round.objects.create(
            district=district,
            name=f"{y} 현장실습",
            kind="field_training",
            deadline=timezone.now(),
            status="finished",
            school_year=y,
            grade=3,
        )
        for y in (year - 1, year)
    ]
    assignments = 0
    for rnd in rounds:
        round_slots = RoundSlot.objects.bulk_create(
            [RoundSlot(round=rnd, slot=s, capacity=3) for s in slots], batch_size=2000
        )
        entrants = Entrant.objects.bulk_create(
            [Entrant(round=rnd, student=s) for s in students if rng.random() < 0.6],
            batch_size=2000,
        )
        rows = [
            Assignment(
                round=rnd,
                entrant=e,
                round_slot=rng.choice(round_slots),
                choice=1,
                response=rng.choice(["accepted", "accepted", "accepted", "declined"]),
            )
            for e in entrants
        ]
        Assignment.objects.bulk_create(rows, batch_size=2000)
        assignments += len(rows)
    hires = Hire.objects.bulk_create(
        [
            Hire(
                district=district,
                student=s,
                company=rng.choice(orgs),
                start_date=dt.date(s.school_year + 1 if s.school_year < year else year, 3, 2),
                contract_type="permanent",
            )
            for s in students
            if rng.random() < 0.4
        ],
        batch_size=2000,
    )
    programmes = Programme.objects.bulk_create(
        [
            Programme(district=district, provider=s, kind="school_major", name=f"과정 {s.pk}")
            for s in schools
        ]
    )
    decided = [timezone.make_aware(dt.datetime(y, 5, 1, 10)) for y in (year - 1, year)]
    proposals = ModuleProposal.objects.bulk_create(
        [
            ModuleProposal(
                district=district,
                programme=rng.choice(programmes),
                proposer=rng.choice(orgs),
                status=rng.choice(["approved", "approved", "submitted"]),
                decided_at=rng.choice(decided),
            )
            for _ in range(companies // 2)
        ],
        batch_size=2000,
    )
    survey = Survey.objects.create(district=district, kind="demand", title="수요조사", year=year)
    invitations = Invitation.objects.bulk_create(
        [Invitation(survey=survey, organisation=o, token=f"bench-{o.pk}") for o in orgs],
        batch_size=2000,
    )
    responses = Response.objects.bulk_create(
        [
            Response(
                invitation=inv,
                survey=survey,
                organisation_id=inv.organisation_id,
                is_submitted=rng.random() < 0.8,
            )
            for inv in invitations
            if rng.random() < 0.6
        ],
        batch_size=2000,
    )
    for i in range(BENEFITS):
        benefit = Benefit.objects.create(
            district=district,
            name=f"표본 혜택 {i:02d}",
            kind=rng.choice(["certification", "points", "facility", "training"]),
            unit_label="회",
            starts_on=dt.date(year - 1, 1, 1),
            ends_on=dt.date(year + 1, 12, 31),
            yearly_cap=3,
        )
        for kind in rng.sample(KINDS, rng.randint(1, 4)):
            Condition.objects.create(
                benefit=benefit,
                kind=kind,
                threshold=rng.randint(1, 3),
                window=rng.choice(["year", "previous", "two_years"]),
                tier=rng.choice(["any", "leading"]),
            )
    return {
        "district_id": district.pk,
        "companies": len(orgs),
        "benefits": BENEFITS,
        "evidence_rows": len(tiers)
        + len(slots)
        + assignments
        + len(hires)
        + len(proposals)
        + len(responses),
    }


def _key(verdicts: dict) -> dict:
    return {
        pk: [(v.company_id, tuple((c.condition.kind, c.have) for c in v.checks)) for v in vs]
        for pk, vs in verdicts.items()
    }


def core(companies: int) -> dict:
    """Generate `companies` in the current database and measure (used by the
    child process and by tests/reports/test_bench_benefits.py on a tiny size)."""
    from django.db import connection
    from django.utils import timezone

    from mujigae.benefits import eligibility
    from mujigae.benefits.models import Benefit

    year = timezone.localdate().year
    data = _generate(companies, year)
    district_id = data["district_id"]

    def benefits():
        return list(Benefit.objects.filter(district_id=district_id).prefetch_related("conditions"))

    count = [0]

    def counted(execute, sql, params, many, context):
        count[0] += 1
        return execute(sql, params, many, context)

    ours, result = [], {}
    with connection.execute_wrapper(counted):
        eligibility.evaluate(district_id=district_id, year=year, benefits=benefits())
    ours_queries, count[0] = count[0], 0
    for _ in range(3):
        started = time.perf_counter()
        result = eligibility.evaluate(district_id=district_id, year=year, benefits=benefits())
        ours.append(time.perf_counter() - started)

    # the peer: per company, one query per condition kind for that company alone
    started = time.perf_counter()
    with connection.execute_wrapper(counted):
        chosen = benefits()
        kinds, years = eligibility.needed(chosen, year)
        on = eligibility.evaluation_day(year)
        naive: dict[int, list] = {b.pk: [] for b in chosen}
        for company_id, name in eligibility.district_companies(district_id):
            facts = eligibility.collect_facts(
                district_id=district_id, kinds=kinds, years=years, on=on, company_ids=[company_id]
            )
            for b in chosen:
                naive[b.pk].extend(eligibility.verdicts(b, [(company_id, name)], facts, year))
    peer = time.perf_counter() - started
    qualifying = sum(1 for vs in result.values() for v in vs if v.qualifies)
    near = sum(1 for vs in result.values() for v in vs if v.near_miss)
    return {
        **data,
        "verdicts": sum(len(vs) for vs in result.values()),
        "qualifying": qualifying,
        "near_misses": near,
        "ours_s": statistics.median(ours),
        "ours_queries": ours_queries,
        "peer_s": peer,
        "peer_queries": count[0],
        "identical": _key(result) == _key(naive),
    }


def _child(args: argparse.Namespace) -> int:
    return harness.child_main(args.out, lambda: core(QUICK if args.quick else FULL))


def _run_one(label: str, url: str, var_dir: Path, args: argparse.Namespace) -> dict | None:
    return harness.run_child_json(
        "bench.benefits", label, url, var_dir, ["--quick"] if args.quick else [], _say
    )


def render(payload: dict) -> str:
    rows = []
    for run in payload["runs"]:
        rows.append(
            [
                f"{run['label']}: {run['companies']:,} companies × {run['benefits']} benefits "
                f"({run['evidence_rows']:,} evidence rows)",
                f"{run['ours_s']:.2f} s / {run['ours_queries']} q",
                f"< {TARGET_S:.0f} s",
                f"{run['peer_s']:.2f} s / {run['peer_queries']:,} q",
                harness.fmt_ratio(harness.ratio(run["ours_s"], run["peer_s"])),
                "yes" if run["identical"] else "NO",
            ]
        )
    head = [
        "eligibility recomputed",
        "ours",
        "target",
        "peer: per company",
        "ours/peer",
        "identical",
    ]
    text = "mujigae bench: benefit eligibility (every company, every benefit)\n"
    text += harness.table(head, rows, [False, True, True, True, True, False])
    for run in payload["runs"]:
        text += (
            f"\n  {run['label']}: {run['verdicts']:,} verdicts, {run['qualifying']:,} qualify, "
            f"{run['near_misses']:,} one condition short"
        )
    for note in payload["notes"]:
        text += f"\n  {note}"
    return text


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench benefits", description=__doc__)
    parser.add_argument("--quick", action="store_true", help=f"{QUICK:,} companies")
    parser.add_argument("--only", choices=("sqlite", "postgres"))
    parser.add_argument("--postgres", help="a PostgreSQL URL (a database created and dropped)")
    parser.add_argument("--json", default=str(harness.ROOT / "var" / "bench" / "benefits.json"))
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return _child(args)
    payload, failed = harness.run_benchmark(
        "benefits",
        only=args.only,
        explicit_pg=args.postgres,
        default_pg=DEFAULT_POSTGRES,
        prefix="mujigae-bench-benefits-",
        run_one=lambda label, url, var_dir: _run_one(label, url, var_dir, args),
        say=_say,
        render=render,
        json_path=args.json,
        config={"quick": args.quick},
        targets={"eligibility_s": TARGET_S},
    )
    return 1 if failed or not all(r["identical"] for r in payload["runs"]) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
