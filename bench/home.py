"""The home pages at national scale: server time and query count of the to-do
inbox of a coordinator, a company, a school and a student, beside a plain page
of the same layout, on a small district and on 15 districts of 100,000
students — to show that what the inbox costs is flat in the number of rows.

Per database (SQLite always; PostgreSQL too when the server answers, on a
database of its own, default `mujigae_bench_home`, created and dropped here),
in a child process (`python -m bench.home --child`) whose settings come from
the environment set before `django.setup()`:

1. not timed: `migrate`, then the **small** size: the Ansan demo district
   (`load_ansan` through `generate_national(districts=1)`) filled by bulk
   inserts with what the to-do providers read (`populate`): students (third
   graders of this year and last year's graduates, with consents), one field-
   training slot for every fourth student, a published matching round with
   placements waiting for an answer, accepted ones with and without a standard
   agreement, an open second round with student choices and company ranks
   (half of the applicants unranked), an open round past its deadline; last
   year's graduates with 1 April records (some missing), hires and follow-ups
   due and overdue; an open demand survey closing in five days with 30 % of
   the invited companies answered; module proposals reviewed (waiting for a
   decision) and submitted; action items of the personas' organisations (some
   overdue). The personas are logins of Ansan: its coordinator, a company
   with many applicants to rank, a school, and a student with an open round
   to rank and a placement to answer;
2. timed: `measure` (below) on the small size;
3. not timed: the **national** size: `generate_national(districts=15)` adds 14
   sample districts (organisations, meetings, MOU commitments, action items)
   and `populate` fills each with students until the database holds 100,000;
   the personas and their own district do not change — only the rest of every
   table grows;
4. timed: `measure` again, the same personas.

`measure`: per persona, warm-up requests, then one request of each page under
`CaptureQueriesContext` (the query count; not timed) and every to-do provider
alone under it too (its queries and SQL time: which provider grows, if one
does), then `--repeat` rounds, each: the home page with the to-do count cache
cleared first (`inbox.forget`: the cost after any POST, and at least once a
minute), then the peer — the terms page (same base template and menu, no
to-do list) with the count cached, as on any page within the minute — and the
same terms page with the cache cleared (what the menu's count costs when it
is recomputed). Server time: `django.test.Client` (`force_login`) through the
whole middleware stack; `time.perf_counter()` around `client.get()`; median
and p95 (nearest rank).

`--quick`: small = Ansan with 300 students, national = 3 districts and 3,000
students. `core(...)` runs all of it in the current database (used by
tests/reports/test_bench_home.py on a tiny size).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import re
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

from bench import harness

DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432/mujigae_bench_home"
SEED = 20261203

# Targets (server time of a home page at national scale, to-do count recomputed):
TARGET_MEDIAN_MS = 150.0
TARGET_P95_MS = 400.0
# and the same query count at both sizes (flat in the number of rows).

FULL = {
    "small": {"districts": 1, "students": 2_000},
    "national": {"districts": 15, "students": 100_000},
    "orgs_per_district": 300,
    "meetings_per_district": 40,
    "action_items": 15 * 400,
    "repeat": 30,
}
QUICK = {
    "small": {"districts": 1, "students": 300},
    "national": {"districts": 3, "students": 3_000},
    "orgs_per_district": 60,
    "meetings_per_district": 8,
    "action_items": 3 * 150,
    "repeat": 10,
}

WARMUP = 2
PERSONAS = ("coordinator", "company", "school", "student")
USERNAMES = {p: f"bench-home-{p}" for p in PERSONAS}
PAGES = ("home", "peer", "peer_cold")
PAGE_TITLES = {
    "home": "home (to-do count cache cleared)",
    "peer": "peer: terms page, count cached",
    "peer_cold": "terms page, count cache cleared",
}


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# =============================================================================
# data (not timed)
# =============================================================================


def _orgs(district, kind: str) -> list:
    from mujigae.partners.models import Organisation

    return list(Organisation.objects.filter(district=district, kind=kind).order_by("pk"))


def populate(district, n_students: int, seed: int, persona: bool = False) -> dict[str, int]:
    """Bulk-insert into `district` what the to-do providers read (see the module
    docstring) for `n_students` students; with `persona`, the personas' logins
    and their own to-dos too. Returns row counts."""
    from django.db import transaction
    from django.utils import timezone

    from bench.surveys import build_survey, make_responses
    from mujigae.core.models import Role, User
    from mujigae.curriculum.models import ModuleProposal, Programme, ProgrammeKind, ProposalStatus
    from mujigae.governance.models import ActionItem
    from mujigae.outcomes.models import FollowUp, GraduateRecord, Hire
    from mujigae.partners.models import OrgKind
    from mujigae.placements.models import Slot, StandardAgreement
    from mujigae.rounds.models import (
        Assignment,
        CompanyRank,
        Entrant,
        Response,
        Round,
        RoundSlot,
        RoundStatus,
        StudentChoice,
    )
    from mujigae.students.models import Consent, ConsentPurpose, Student
    from mujigae.surveys.models import Invitation

    rng = random.Random(f"{seed}-{district.code}")
    now = timezone.now()
    today = timezone.localdate()
    year = today.year if today.month >= 3 else today.year - 1  # this school year
    schools = _orgs(district, OrgKind.SCHOOL)
    companies = _orgs(district, OrgKind.COMPANY)
    office = _orgs(district, OrgKind.EDUCATION_OFFICE)[0]
    if not schools or not companies:
        raise RuntimeError(f"{district.code}: no school or no company to fill")
    counts: Counter[str] = Counter()
    with transaction.atomic():
        # --- students: third graders of this year, last year's graduates
        current_n = max(4, n_students * 3 // 5)
        students = []
        for cohort, n in ((year, current_n), (year - 1, n_students - current_n)):
            for i in range(n):
                seat = i // len(schools)
                students.append(
                    Student(
                        district=district,
                        school=schools[i % len(schools)],
                        school_year=cohort,
                        grade=3,
                        class_no=seat // 30 + 1,
                        number=seat % 30 + 1,
                        name=f"벤치학생{i:05d}",
                        birth_date=dt.date(cohort - 17, 1 + i % 12, 1 + i % 28),
                        major="기계과",
                        is_sample=True,
                    )
                )
        students = Student.objects.bulk_create(students, batch_size=2000)
        current, graduates = students[:current_n], students[current_n:]
        consents = [
            Consent(student=s, purpose=ConsentPurpose.PLACEMENT, version="bench", given_at=today)
            for k, s in enumerate(current)
            if (persona and k < 2) or rng.random() < 0.97
        ] + [
            Consent(student=s, purpose=ConsentPurpose.FOLLOW_UP, version="bench", given_at=today)
            for k, s in enumerate(graduates)
            if (persona and k <= len(schools)) or rng.random() < 0.95
        ]
        Consent.objects.bulk_create(consents, batch_size=5000)
        counts["students"] += len(students)

        # --- slots: one for every fourth current student, the first company has ten
        persona_company = companies[0]
        slot_companies = [persona_company] * 10 + [
            companies[k % len(companies)] for k in range(1, max(2, current_n // 4))
        ]
        slots = Slot.objects.bulk_create(
            [
                Slot(
                    district=district,
                    company=c,
                    kind="field_training",
                    title=f"벤치 현장실습 {k:05d}",
                    duties="설비 점검 보조",
                    location="반월국가산단",
                    daily_hours=7,
                    weekly_hours=35,
                    start_time=dt.time(9),
                    end_time=dt.time(17),
                    pay=1_500_000,
                    capacity=rng.randint(1, 3),
                    status="open",
                    is_sample=True,
                )
                for k, c in enumerate(slot_companies)
            ],
            batch_size=2000,
        )
        counts["slots"] += len(slots)
        coordinator = User.objects.filter(role=Role.COORDINATOR, district=district).first()

        def new_round(name: str, status: str, deadline, response_deadline=None, previous=None):
            rnd = Round.objects.create(
                district=district,
                name=name,
                kind="field_training",
                max_choices=5,
                deadline=deadline,
                response_deadline=response_deadline,
                status=status,
                school_year=year,
                grade=3,
                previous=previous,
                created_by=coordinator,
                is_sample=True,
            )
            rnd.schools.set(schools)
            return rnd

        # --- a published round: placements waiting for an answer, accepted, declined
        first = new_round(
            f"{year} 1차 현장실습 매칭",
            RoundStatus.PUBLISHED,
            now - dt.timedelta(days=20),
            now + dt.timedelta(days=3),
        )
        first_slots = RoundSlot.objects.bulk_create(
            [RoundSlot(round=first, slot=s, capacity=s.capacity) for s in slots], batch_size=2000
        )
        entrants = Entrant.objects.bulk_create(
            [Entrant(round=first, student=s) for s in current], batch_size=2000
        )
        assignments, accepted = [], set()
        # with the personas: the student's placement waits for an answer; the next
        # student is the persona company's trainee, without a standard agreement
        no_agreement = {(persona_company.pk, current[1].school_id)} if persona else set()
        for k, e in enumerate(entrants):
            if persona and k == 1:
                assignments.append(
                    Assignment(
                        round=first,
                        entrant=e,
                        round_slot=first_slots[0],
                        choice=1,
                        response=Response.ACCEPTED,
                    )
                )
                continue
            placed = (persona and k == 0) or rng.random() < 0.5
            if not placed:
                assignments.append(Assignment(round=first, entrant=e, round_slot=None))
                continue
            rs = rng.choice(first_slots)
            roll = rng.random()
            if (persona and k == 0) or roll < 0.4:
                response = Response.PENDING
            elif roll < 0.9:
                response = Response.ACCEPTED
                accepted.add((rs.slot.company_id, current[k].school_id))
            else:
                response = Response.DECLINED
            assignments.append(
                Assignment(round=first, entrant=e, round_slot=rs, choice=1, response=response)
            )
        Assignment.objects.bulk_create(assignments, batch_size=2000)
        counts["assignments"] += len(assignments)
        # standard agreements for most (company, school) pairs of accepted trainees
        StandardAgreement.objects.bulk_create(
            [
                StandardAgreement(
                    district=district,
                    company_id=company_id,
                    school_id=school_id,
                    signed_on=today - dt.timedelta(days=10),
                    period_start=today,
                    period_end=today + dt.timedelta(days=60),
                    supervisor="현장교사",
                    allowance=600_000,
                    safety_training_done=True,
                    is_sample=True,
                )
                for company_id, school_id in sorted(accepted - no_agreement)
                if rng.random() < 0.7
            ],
            batch_size=2000,
        )

        # --- an open second round: choices by 60 % of the students, half ranked
        second = new_round(
            f"{year} 2차 현장실습 매칭",
            RoundStatus.OPEN,
            now + dt.timedelta(days=5),
            previous=first,
        )
        second_slots = RoundSlot.objects.bulk_create(
            [RoundSlot(round=second, slot=s, capacity=s.capacity) for s in slots], batch_size=2000
        )
        mine = second_slots[:10]  # the persona company's
        entrants = Entrant.objects.bulk_create(
            [Entrant(round=second, student=s) for s in current], batch_size=2000
        )
        choices, ranks, next_rank = [], [], Counter()
        for k, e in enumerate(entrants):
            if persona and k == 1:  # an applicant the persona company has not ranked
                choices.append(StudentChoice(entrant=e, round_slot=mine[0], rank=1))
                continue
            if (persona and k == 0) or rng.random() >= 0.6:
                continue  # the persona student has not ranked yet
            picked = rng.sample(second_slots, min(len(second_slots), rng.randint(3, 5)))
            if rng.random() < 0.3 and not any(rs in mine for rs in picked):
                picked[-1] = rng.choice(mine)  # the persona company's slots are popular
            for r, rs in enumerate(picked, 1):
                choices.append(StudentChoice(entrant=e, round_slot=rs, rank=r))
                if rng.random() < 0.5:
                    next_rank[rs.pk] += 1
                    ranks.append(CompanyRank(round_slot=rs, entrant=e, rank=next_rank[rs.pk]))
        StudentChoice.objects.bulk_create(choices, batch_size=5000)
        CompanyRank.objects.bulk_create(ranks, batch_size=5000)
        counts["choices"] += len(choices)
        counts["company_ranks"] += len(ranks)
        # an extra round whose deadline has passed and that nobody closed
        new_round(f"{year} 추가 모집", RoundStatus.OPEN, now - dt.timedelta(days=1), previous=first)

        # --- last year's graduates: 1 April records (10 % missing), hires, follow-ups
        # with the personas: the school's first graduate has no record, and another
        # one of its graduates has a follow-up overdue
        records, hires, late = [], [], None
        for k, s in enumerate(graduates):
            if (persona and k == 0) or rng.random() < 0.1:
                continue
            status = rng.choice(["employed"] * 55 + ["further_study"] * 30 + ["not_employed"] * 15)
            start = today - dt.timedelta(days=183 + rng.randint(-25, 90))
            if persona and k == len(schools):
                status, start, late = "employed", today - dt.timedelta(days=200), s.pk
            records.append(
                GraduateRecord(
                    district=district,
                    school_id=s.school_id,
                    student=s,
                    graduation_year=year,
                    status=status,
                    is_sample=True,
                )
            )
            if status == "employed":
                hires.append(
                    Hire(
                        district=district,
                        student=s,
                        company=rng.choice(companies),
                        start_date=start,
                        contract_type="permanent",
                        is_sample=True,
                    )
                )
        GraduateRecord.objects.bulk_create(records, batch_size=2000)
        hires = Hire.objects.bulk_create(hires, batch_size=2000)
        follow_ups = []
        for h in hires:
            for months, days in ((6, 183), (12, 365)):
                due = h.start_date + dt.timedelta(days=days)
                done = due < today and rng.random() < 0.6 and h.student_id != late
                follow_ups.append(
                    FollowUp(
                        district=district,
                        hire=h,
                        months=months,
                        due_on=due,
                        done_on=due if done else None,
                        still_employed=True if done else None,
                        still_insured=True if done else None,
                        in_district=True if done else None,
                        is_sample=True,
                    )
                )
        FollowUp.objects.bulk_create(follow_ups, batch_size=5000)
        counts["graduate_records"] += len(records)
        counts["follow_ups"] += len(follow_ups)

        # --- an open demand survey closing in five days, 30 % answered
        survey, questions = build_survey(district, f"{year} 기업 인력수요 조사", status="open")
        survey.deadline = now + dt.timedelta(days=5)
        survey.save(update_fields=["deadline"])
        invited = companies[1:]  # the persona company has not answered
        rng.shuffle(invited)
        answered = [c.pk for c in invited[: len(invited) * 3 // 10]]
        if answered:
            make_responses(survey, questions, answered, seed)
        Invitation.objects.bulk_create(
            [
                Invitation(
                    survey=survey,
                    organisation=c,
                    token=f"h{survey.pk}-{c.pk}-{rng.getrandbits(48):012x}",
                    status=Invitation.Status.SENT,
                    sent_at=now - dt.timedelta(days=10),
                )
                for c in [companies[0], *invited[len(answered) :]]
            ],
            batch_size=2000,
        )
        counts["invitations"] += len(companies)
        counts["survey_answers"] += len(answered)

        # --- module proposals: reviewed (waiting for a decision) and submitted
        programme = Programme.objects.create(
            district=district,
            provider=schools[0],
            kind=ProgrammeKind.SCHOOL_MAJOR,
            name="스마트제조 전공",
            is_sample=True,
        )
        ModuleProposal.objects.bulk_create(
            [
                ModuleProposal(
                    district=district,
                    programme=programme,
                    proposer=companies[k % len(companies)],
                    status=ProposalStatus.REVIEWED if k < 3 else ProposalStatus.SUBMITTED,
                    submitted_at=now - dt.timedelta(days=k + 1),
                    is_sample=True,
                )
                for k in range(6)
            ]
        )

        if persona:
            # the personas' organisations own action items, some overdue
            ActionItem.objects.bulk_create(
                [
                    ActionItem(
                        district=district,
                        title=f"벤치 할 일 {k}",
                        owner=org,
                        due_date=today + dt.timedelta(days=d),
                        status=ActionItem.Status.OPEN,
                    )
                    for org in (persona_company, schools[0])
                    for k, d in enumerate((-20, -3, 0, 2, 10, 30, 60))
                ]
            )
            logins = {
                "coordinator": (Role.COORDINATOR, office),
                "company": (Role.COMPANY, persona_company),
                "school": (Role.SCHOOL, schools[0]),
                "student": (Role.STUDENT, current[0].school),
            }
            for key, (role, org) in logins.items():
                user = User.objects.create_user(
                    username=USERNAMES[key],
                    password=None,
                    role=role,
                    district=district,
                    organisation=org,
                    display_name=f"벤치 {key}",
                )
                if key == "student":
                    Student.objects.filter(pk=current[0].pk).update(user=user)
                    Consent.objects.get_or_create(
                        student=current[0],
                        purpose=ConsentPurpose.PLACEMENT,
                        defaults={"version": "bench", "given_at": today},
                    )
    return dict(counts)


def _analyze() -> None:
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def generate_small(config: dict, seed: int = SEED) -> dict[str, Any]:
    """Ansan (the demo district) filled for the small size, with the personas."""
    from mujigae.demo.national import generate_national

    t0 = time.perf_counter()
    (ansan,) = generate_national(
        districts=1,
        orgs_per_district=config["orgs_per_district"],
        action_items=0,
        meetings_per_district=config["meetings_per_district"],
    )
    counts = populate(ansan, config["small"]["students"], seed, persona=True)
    _analyze()
    return {"seconds": time.perf_counter() - t0, **_rows(), "added": counts}


def generate_national_rest(config: dict, seed: int = SEED) -> dict[str, Any]:
    """The other districts of the national size, filled until the database
    holds its number of students. Ansan and the personas stay as they are."""
    from mujigae.demo.national import generate_national

    t0 = time.perf_counter()
    size = config["national"]
    districts = generate_national(
        districts=size["districts"],
        orgs_per_district=config["orgs_per_district"],
        action_items=config["action_items"],
        meetings_per_district=config["meetings_per_district"],
    )
    rest = [d for d in districts if d.code.startswith("sample-")]
    left = size["students"] - config["small"]["students"]
    counts: Counter[str] = Counter()
    for i, district in enumerate(rest):
        n = left // len(rest) + (1 if i < left % len(rest) else 0)
        counts.update(populate(district, n, seed))
    _analyze()
    return {"seconds": time.perf_counter() - t0, **_rows(), "added": dict(counts)}


def _rows() -> dict[str, int]:
    from mujigae.core.models import District
    from mujigae.governance.models import ActionItem
    from mujigae.outcomes.models import FollowUp
    from mujigae.partners.models import Organisation
    from mujigae.rounds.models import Entrant, StudentChoice
    from mujigae.students.models import Student
    from mujigae.surveys.models import Invitation

    models = {
        "districts": District,
        "organisations": Organisation,
        "students": Student,
        "entrants": Entrant,
        "choices": StudentChoice,
        "follow_ups": FollowUp,
        "invitations": Invitation,
        "action_items": ActionItem,
    }
    return {name: model.objects.count() for name, model in models.items()}


# =============================================================================
# measurements
# =============================================================================


def _provider_name(provider) -> str:
    module = getattr(provider, "__module__", "") or ""
    app = module.removeprefix("mujigae.").removesuffix(".inbox")
    return f"{app}.{getattr(provider, '__name__', 'todos')}"


def _providers(user) -> list[dict[str, Any]]:
    """Each to-do provider alone for `user`: its queries, SQL time and items."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from mujigae.core import inbox

    out = []
    for provider in inbox.TODO_PROVIDERS:
        t0 = time.perf_counter()
        with CaptureQueriesContext(connection) as ctx:
            items = list(provider(user))
        out.append(
            {
                "provider": _provider_name(provider),
                "queries": len(ctx.captured_queries),
                "ms": 1000 * (time.perf_counter() - t0),
                "sql_ms": 1000 * sum(float(q["time"]) for q in ctx.captured_queries),
                "items": len(items),
                "slowest_sql": max(
                    ctx.captured_queries, key=lambda q: float(q["time"]), default={"sql": ""}
                )["sql"][:300],
            }
        )
    return out


def _probe(client, url: str, user_id: int, cold: bool) -> dict[str, Any]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from mujigae.core import inbox

    for _ in range(WARMUP):
        if cold:
            inbox.forget(user_id)
        client.get(url)
    if cold:
        inbox.forget(user_id)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    queries = ctx.captured_queries
    repeated = Counter(q["sql"] for q in queries)
    html = response.content.decode("utf-8", "replace")
    return {
        "url": url,
        "status": response.status_code,
        # the to-dos the page shows (reports/_todos.html marks each with its kind)
        "todo_kinds": sorted(re.findall(r'<li class="todo[^"]*" data-kind="([^"]+)"', html)),
        "bytes": len(response.content),
        "queries": len(queries),
        "sql_ms": 1000 * sum(float(q["time"]) for q in queries),
        "repeated_sql": sum(n for n in repeated.values() if n > 1),
    }


def measure(repeat: int) -> dict[str, Any]:
    """Every persona's home page and the peers: probes, then `repeat` timed rounds."""
    import gc

    from django.test import Client
    from django.urls import reverse

    from mujigae.core import inbox
    from mujigae.core.models import User

    home, terms = reverse("home"), reverse("legal:terms")
    urls = {"home": home, "peer": terms, "peer_cold": terms}
    cold = {"home": True, "peer": False, "peer_cold": True}
    users = {p: User.objects.get(username=USERNAMES[p]) for p in PERSONAS}
    clients = {}
    result: dict[str, Any] = {}
    for p, user in users.items():
        client = Client()
        client.force_login(user)
        clients[p] = client
        todos = inbox.todos_for(user)
        result[p] = {
            "todos": [
                {"kind": t.kind, "count": t.count, "urgent": t.urgent, "title": str(t.title)}
                for t in todos
            ],
            "providers": _providers(user),
            "pages": {page: _probe(client, urls[page], user.pk, cold[page]) for page in PAGES},
        }
    samples: dict[tuple[str, str], list[float]] = {
        (p, page): [] for p in PERSONAS for page in PAGES
    }
    cpu: dict[tuple[str, str], list[float]] = {(p, page): [] for p in PERSONAS for page in PAGES}
    gc.collect()
    for _ in range(repeat):
        for p, user in users.items():
            client = clients[p]
            for page in PAGES:
                if result[p]["pages"][page]["status"] != 200:
                    continue
                if cold[page]:
                    inbox.forget(user.pk)
                else:
                    inbox.todo_count(user)  # cached, as on any page within the minute
                t0, c0 = time.perf_counter(), time.process_time()
                client.get(urls[page])
                cpu[p, page].append(time.process_time() - c0)
                samples[p, page].append(time.perf_counter() - t0)
    for (p, page), values in samples.items():
        if values:
            result[p]["pages"][page].update(harness.summary_ms(values))
            cpu_ms = harness.summary_ms(cpu[p, page])
            result[p]["pages"][page]["cpu_median_ms"] = cpu_ms["median_ms"]
    return result


def core(config: dict, seed: int = SEED, say=_say) -> dict[str, Any]:
    """Both sizes in the current database: generate the small one, measure it,
    grow it to the national one, measure again (the personas are the same)."""
    repeat = config["repeat"]
    out: dict[str, Any] = {"sizes": {}}
    for size, grow in (("small", generate_small), ("national", generate_national_rest)):
        say(f"  {size}: generating …")
        data = grow(config, seed)
        say(
            f"  {size}: {data['districts']} districts, {data['students']:,} students, "
            f"{data['organisations']:,} organisations in {data['seconds']:.0f} s; "
            f"timing {repeat} rounds …"
        )
        out["sizes"][size] = {"data": data, "personas": measure(repeat)}
    return out


# =============================================================================
# child process
# =============================================================================


def _db_version(connection) -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
            return f"PostgreSQL {cursor.fetchone()[0].split()[0]}"
        cursor.execute("SELECT sqlite_version()")
        return f"SQLite {cursor.fetchone()[0]}"


def child(args: argparse.Namespace) -> int:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    config = _config(args)
    call_command("migrate", verbosity=0)
    result = core(config)
    result["database"] = _db_version(connection)
    result["repeat"] = config["repeat"]
    Path(args.result).write_text(json.dumps(result, ensure_ascii=False, default=str))
    return 0


# =============================================================================
# the parent
# =============================================================================


def _config(args: argparse.Namespace) -> dict:
    config = dict(QUICK if args.quick else FULL)
    if args.repeat:
        config["repeat"] = args.repeat
    return config


def verdict(home: dict, small_home: dict | None) -> str:
    """'meets target' when the median and p95 are within target and the query
    count equals the small size's; else 'misses target' with what missed."""
    misses = []
    if home.get("median_ms", float("inf")) > TARGET_MEDIAN_MS:
        misses.append("median")
    if home.get("p95_ms", float("inf")) > TARGET_P95_MS:
        misses.append("p95")
    if small_home is not None and home["queries"] != small_home["queries"]:
        misses.append(f"queries {home['queries'] - small_home['queries']:+d}")
    if home["status"] != 200:
        misses = [f"HTTP {home['status']}"]
    return "meets target" if not misses else f"misses target ({', '.join(misses)})"


def _size_text(data: dict) -> str:
    return (
        f"{data['districts']} district{'s' if data['districts'] != 1 else ''}, "
        f"{data['students']:,} students, {data['organisations']:,} organisations, "
        f"{data['choices']:,} round choices, {data['follow_ups']:,} follow-ups, "
        f"{data['action_items']:,} action items"
    )


def _findings(run: dict) -> list[str]:
    """Per persona: the home page's queries split into the plain page's, the
    providers' (once, for the list; the menu's count reuses it:
    `inbox.remember_count`) and the rest of the home page; what the menu's count
    costs on another page when it is not cached; and any provider whose query
    count differs between the sizes."""
    sizes = run["sizes"]
    size = "national" if "national" in sizes else "small"
    out = []
    for p in PERSONAS:
        persona = sizes[size]["personas"][p]
        pages = persona["pages"]
        todo_q = sum(x["queries"] for x in persona["providers"])
        home, peer, cold = pages["home"]["queries"], pages["peer"]["queries"], pages["peer_cold"]
        menu = cold["queries"] - peer
        rest = home - peer - todo_q
        line = (
            f"{p}: {home} = {peer} of the plain page + {todo_q} of the to-do providers "
            f"(the list; the menu's count reuses it) + {rest} of the home page's own panels; "
            f"on any other page the menu's count costs {menu} once a minute"
        )
        if "small" in sizes and "national" in sizes:
            small = {
                x["provider"]: x["queries"] for x in sizes["small"]["personas"][p]["providers"]
            }
            grows = [
                f"{x['provider']} {small.get(x['provider'])} → {x['queries']}"
                for x in sizes["national"]["personas"][p]["providers"]
                if small.get(x["provider"]) != x["queries"]
            ]
            if grows:
                line += "; queries grow with the rows in: " + ", ".join(grows)
        out.append(line)
    return out


def report(run: dict) -> str:
    sizes = run["sizes"]
    lines = [f"== {run['label']} ({run['database']}) — {run['repeat']} timed rounds =="]
    for size in ("small", "national"):
        if size in sizes:
            lines.append(f"  {size}: {_size_text(sizes[size]['data'])}")
    rows = []
    for p in PERSONAS:
        for size in ("small", "national"):
            if size not in sizes:
                continue
            pages = sizes[size]["personas"][p]["pages"]
            home, peer, peer_cold = pages["home"], pages["peer"], pages["peer_cold"]
            small = sizes["small"]["personas"][p]["pages"]["home"] if size == "national" else None
            n_todos = len(sizes[size]["personas"][p]["todos"])
            rows.append(
                [
                    f"{p} · {size} ({n_todos} to-dos)",
                    harness.fmt_ms(home.get("median_ms")),
                    harness.fmt_ms(home.get("p95_ms")),
                    harness.fmt_int(home["queries"]),
                    harness.fmt_ms(peer.get("median_ms")),
                    harness.fmt_ms(peer.get("p95_ms")),
                    harness.fmt_int(peer["queries"]),
                    harness.fmt_ratio(harness.ratio(home.get("median_ms"), peer.get("median_ms"))),
                    f"{harness.fmt_ms(home.get('cpu_median_ms'))} / "
                    f"{harness.fmt_ms(peer.get('cpu_median_ms'))}",
                    f"{harness.fmt_ms(peer_cold.get('median_ms'))} / "
                    f"{harness.fmt_int(peer_cold['queries'])}",
                    verdict(home, small),
                ]
            )
    lines.append(
        harness.table(
            [
                "persona · size",
                "home med",
                "home p95",
                "home q",
                "peer med",
                "peer p95",
                "peer q",
                "home/peer",
                "CPU med home / peer",
                "terms, count cleared: med / q",
                "vs target",
            ],
            rows,
            [False, True, True, True, True, True, True, True, True, True, False],
        )
    )
    findings = _findings(run)
    if findings:
        lines += ["", "  Where the home page's queries go (national size):"]
        lines += [f"    - {line}" for line in findings]
    # the providers, one by one: where the queries and the time go
    prow = []
    for p in PERSONAS:
        by_size = {
            s: sizes[s]["personas"][p]["providers"] for s in ("small", "national") if s in sizes
        }
        names = [x["provider"] for x in by_size.get("small", by_size.get("national", []))]
        for k, name in enumerate(names):
            small = by_size["small"][k] if "small" in by_size else None
            nat = by_size["national"][k] if "national" in by_size else None
            if not any(x and (x["queries"] or x["items"]) for x in (small, nat)):
                continue
            prow.append(
                [
                    f"{p} · {name}",
                    f"{small['queries']} / {small['items']}" if small else "—",
                    f"{nat['queries']} / {nat['items']}" if nat else "—",
                    harness.fmt_ms(small["ms"]) if small else "—",
                    harness.fmt_ms(nat["ms"]) if nat else "—",
                    "flat"
                    if small and nat and small["queries"] == nat["queries"]
                    else "GROWS"
                    if small and nat
                    else "",
                ]
            )
    if prow:
        lines += [
            "",
            "  To-do providers alone (one call each, not in the timed rounds): "
            "queries / items, and ms",
            harness.table(
                [
                    "persona · provider",
                    "small q/items",
                    "national q/items",
                    "small ms",
                    "national ms",
                    "queries",
                ],
                prow,
                [False, True, True, True, True, False],
            ),
        ]
    return "\n".join(lines)


def render(payload: dict) -> str:
    cfg = payload["config"]
    texts = [
        f"mujigae bench: home pages — {payload['machine']['date']} — "
        f"{payload['machine']['cores']} cores, Python {payload['machine']['python']}"
        + (" (--quick)" if cfg.get("quick") else ""),
        f"Targets: home page median ≤ {TARGET_MEDIAN_MS:.0f} ms and p95 ≤ {TARGET_P95_MS:.0f} ms "
        "server time with the to-do count cache cleared before each request; the same "
        "query count at both sizes.",
        "Peer: the terms page (same base template and menu, no to-do list) with the count "
        "cached, timed in the same rounds; last timed column: the terms page with the "
        "count cache cleared (what the menu's count costs once a minute and after a POST).",
        "",
    ]
    for run in payload["runs"]:
        texts += [report(run), ""]
    texts += payload.get("notes", [])
    return "\n".join(texts).rstrip()


def _parse(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m bench home", description=__doc__.splitlines()[0])
    p.add_argument(
        "--quick",
        action="store_true",
        help="small = 300 students; national = 3 districts, 3,000 students",
    )
    p.add_argument("--repeat", type=int, default=None, help="timed rounds (default 30; quick 10)")
    p.add_argument("--postgres", metavar="URL", default=None, help=f"default {DEFAULT_POSTGRES}")
    p.add_argument("--only", choices=["sqlite", "postgres"], default=None)
    p.add_argument("--json", default=str(harness.ROOT / "var" / "bench" / "home.json"))
    p.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    p.add_argument("--result", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.repeat is not None and args.repeat < 1:
        p.error("--repeat must be at least 1")
    return args


def _run_one(label: str, url: str, var_dir: Path, args: argparse.Namespace) -> dict | None:
    result = var_dir / "home.json"
    child_args = ["--child", "--result", str(result)]
    child_args += ["--quick"] if args.quick else []
    child_args += ["--repeat", str(args.repeat)] if args.repeat else []
    code = harness.run_child("bench.home", child_args, harness.child_env(url, var_dir))
    if code != 0 or not result.exists():
        _say(f"  {label}: the run failed (exit code {code})")
        return None
    run = json.loads(result.read_text())
    run["label"] = label
    return run


def main(argv: list[str] | None = None) -> int:
    args = _parse(argv)
    if args.child:
        return child(args)
    config = _config(args)
    payload, failed = harness.run_benchmark(
        "home",
        only=args.only,
        explicit_pg=args.postgres or os.environ.get("BENCH_HOME_DATABASE_URL"),
        default_pg=DEFAULT_POSTGRES,
        prefix="mujigae-bench-home-",
        run_one=lambda label, url, var_dir: _run_one(label, url, var_dir, args),
        say=_say,
        render=render,
        json_path=args.json,
        config={"quick": args.quick, **config},
        targets={
            "median_ms": TARGET_MEDIAN_MS,
            "p95_ms": TARGET_P95_MS,
            "queries": "the same at both sizes",
        },
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
