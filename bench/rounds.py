"""The matching-round benchmark: a round of 100,000 students × 20,000 slots run
from the page, from the click on "run" to published results.

Per database (SQLite always; PostgreSQL too when the server answers — on a
database of its own, default `mujigae_bench_rounds`, created and dropped here),
in two child processes (`python -m bench.rounds --child generate|run`) whose
settings come from the environment set before `django.setup()`:

1. `generate` (not timed): fresh database, `migrate`, then bulk inserts of one
   district, 20 schools, 10,000 companies (eligible, with company-wide 표준협약서
   for most schools), 20,000 field-training slots (2 % with night hours, which
   the law forbids for trainees), 100,000 third-graders (98 % with a placement
   consent) and a closed round: every slot offered, every student entered,
   lists of 5–15 choices (`mujigae.matching.generate`, seeded) and a company
   rank for every applicant of every slot;
2. `run` (timed, a fresh process): the coordinator's POST on "run the
   matching" through Django's test client and the whole middleware stack; the
   round is larger than the inline limit, so the request queues the
   django-tasks task, which a database worker then executes as in production
   (`db_worker --batch`, in the same process); then the POST on "publish".
   The figure is the time from the first request to the published results,
   with the steps the run recorded (read, rules, matching, explaining, saving)
   and the process's peak RSS (`ru_maxrss`, this child only: no data
   generation in it).
3. peers, on the same instance in the same process: the engine alone
   (`stable_matching` on the arrays the run built) and the `mujigae match`
   JSON path in process (instance JSON text → parse → validate → match →
   JSON output), the shape of the command-line tool.

`--quick`: 5,000 students × 1,000 slots. `core(size)` runs both phases in the
current database (used by tests/rounds/test_bench.py on a small size).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import resource
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from bench import harness

DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432/mujigae_bench_rounds"
FULL = {"students": 100_000, "slots": 20_000, "companies": 10_000, "schools": 20}
QUICK = {"students": 5_000, "slots": 1_000, "companies": 500, "schools": 10}
SEED = 20261124


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# =============================================================================
# data (not timed)
# =============================================================================


def generate(size: dict[str, int], seed: int = SEED) -> dict[str, Any]:
    """Bulk-insert a closed round of `size`; returns its ids and counts."""
    from django.db import connection, transaction
    from django.utils import timezone

    from mujigae.core.models import District, Role, User
    from mujigae.matching.generate import generate as market
    from mujigae.partners.models import Organisation, OrgKind
    from mujigae.placements.models import CompanyEligibility, Slot, StandardAgreement
    from mujigae.rounds.models import (
        CompanyRank,
        Entrant,
        Round,
        RoundSlot,
        RoundStatus,
        StudentChoice,
    )
    from mujigae.students.models import Consent, Student

    rng = random.Random(seed)
    now = timezone.now()
    today = timezone.localdate()
    n, m = size["students"], size["slots"]
    data = market(n, m, seed=seed, max_list=15)
    with transaction.atomic():
        district = District.objects.create(
            code=f"bench-rounds-{seed}", name="벤치 혁신지구", region="벤치", is_sample=True
        )
        office = Organisation.objects.create(
            district=district, name="벤치 교육지원청", kind=OrgKind.EDUCATION_OFFICE
        )
        Organisation.objects.bulk_create(
            [
                Organisation(district=district, name=f"벤치고 {k:02d}", kind=OrgKind.SCHOOL)
                for k in range(size["schools"])
            ]
        )
        Organisation.objects.bulk_create(
            [
                Organisation(district=district, name=f"벤치기업 {k:05d}", kind=OrgKind.COMPANY)
                for k in range(size["companies"])
            ],
            batch_size=5000,
        )
        schools = harness.ids_of(Organisation, district=district, kind=OrgKind.SCHOOL)
        companies = harness.ids_of(Organisation, district=district, kind=OrgKind.COMPANY)
        coordinator = User.objects.create_user(
            username=f"bench-coordinator-{seed}",
            password=None,
            role=Role.COORDINATOR,
            district=district,
            organisation=office,
        )
        did = district.pk
        stamp = connection.ops.adapt_datetimefield_value(now)
        harness.bulk_insert(
            CompanyEligibility._meta.db_table,
            ("district_id", "company_id", "tier", "inspected_on", "valid_until", "note",
             "is_sample", "updated_at"),
            [
                (did, c, "leading", str(today - dt.timedelta(days=30)), str(today + dt.timedelta(days=365)),
                 "", True, stamp)
                for c in companies
            ],
        )  # fmt: skip
        agreements = []
        for c in companies:
            for s in schools:
                if rng.random() < 0.9:
                    agreements.append(
                        (did, c, None, s, str(today - dt.timedelta(days=10)), str(today),
                         str(today + dt.timedelta(days=180)), "현장교사", 600_000, True, True, stamp)
                    )  # fmt: skip
        harness.bulk_insert(
            StandardAgreement._meta.db_table,
            ("district_id", "company_id", "slot_id", "school_id", "signed_on", "period_start",
             "period_end", "supervisor", "allowance", "safety_training_done", "is_sample",
             "created_at"),
            agreements,
        )  # fmt: skip
        slot_rows = []
        for j, h in enumerate(data["slots"]):
            night = rng.random() < 0.02
            slot_rows.append(
                (did, companies[j % len(companies)], "field_training", f"벤치 실습 {j:05d}", "",
                 "[]", "", 7, 35, False, "15:00:00" if night else "09:00:00",
                 "23:00:00" if night else "16:00:00", False, 1_500_000,
                 max(1, h["capacity"]), "[]", "open", True, stamp)
            )  # fmt: skip
        harness.bulk_insert(
            Slot._meta.db_table,
            ("district_id", "company_id", "kind", "title", "duties", "hazardous_duties",
             "location", "daily_hours", "weekly_hours", "hours_extension_agreed", "start_time",
             "end_time", "works_holidays", "pay", "capacity", "required_certificates", "status",
             "is_sample", "created_at"),
            slot_rows,
        )  # fmt: skip
        slot_ids = harness.ids_of(Slot, district=district)
        year = today.year
        harness.bulk_insert(
            Student._meta.db_table,
            ("district_id", "school_id", "school_year", "grade", "class_no", "number",
             "student_no", "name", "birth_date", "major", "phone", "email", "certificates",
             "is_sample", "created_at", "updated_at"),
            [
                (did, schools[i % len(schools)], year, 3, (i // len(schools)) // 90 + 1,
                 (i // len(schools)) % 90 + 1, "", f"학생{i:06d}",
                 str(dt.date(year - 18 + (i % 2), 1 + i % 12, 1 + i % 28)), "기계과", "", "", "[]",
                 True, stamp, stamp)
                for i in range(n)
            ],
        )  # fmt: skip
        student_ids = harness.ids_of(Student, district=district)
        harness.bulk_insert(
            Consent._meta.db_table,
            ("student_id", "purpose", "version", "given_at", "recorded_by", "created_at"),
            [
                (sid, "placement", "bench", str(today), "bench", stamp)
                for sid in student_ids
                if rng.random() < 0.98
            ],
        )
        rnd = Round.objects.create(
            district=district,
            name="벤치 라운드",
            kind="field_training",
            max_choices=15,
            deadline=now - dt.timedelta(hours=1),
            status=RoundStatus.CLOSED,
            school_year=year,
            grade=3,
            created_by=coordinator,
            is_sample=True,
        )
        rnd.schools.set(schools)
        harness.bulk_insert(
            RoundSlot._meta.db_table,
            ("round_id", "slot_id", "capacity"),
            [(rnd.pk, slot_ids[j], h["capacity"]) for j, h in enumerate(data["slots"])],
        )
        harness.bulk_insert(
            Entrant._meta.db_table,
            ("round_id", "student_id"),
            [(rnd.pk, sid) for sid in student_ids],
        )
        rs_ids = harness.ids_of(RoundSlot, round=rnd)
        e_ids = harness.ids_of(Entrant, round=rnd)
        index = {f"s{i + 1:06d}": i for i in range(n)}  # mujigae.matching.generate ids
        choices = []
        applied: list[list[int]] = [[] for _ in range(m)]
        for i, s in enumerate(data["students"]):
            for k, h in enumerate(s["preferences"], 1):  # slot ids are 1-based
                choices.append((e_ids[i], rs_ids[h - 1], k))
                applied[h - 1].append(i)
        harness.bulk_insert(
            StudentChoice._meta.db_table, ("entrant_id", "round_slot_id", "rank"), choices
        )
        ranks = []
        for j, h in enumerate(data["slots"]):
            mine = set(applied[j])
            order = [index[s] for s in h["preferences"] if index[s] in mine]
            seen = set(order)
            order += [i for i in applied[j] if i not in seen]  # every applicant ranked
            ranks.extend((rs_ids[j], e_ids[i], k) for k, i in enumerate(order, 1))
        harness.bulk_insert(
            CompanyRank._meta.db_table, ("round_slot_id", "entrant_id", "rank"), ranks
        )
    return {
        "round_id": rnd.pk,
        "coordinator_id": coordinator.pk,
        "students": n,
        "slots": m,
        "choices": len(choices),
        "company_ranks": len(ranks),
        "places": int(sum(h["capacity"] for h in data["slots"])),
        "agreements": len(agreements),
    }


# =============================================================================
# the timed run
# =============================================================================


def timed_run(round_id: int, coordinator_id: int) -> dict[str, Any]:
    """POST "run" (queues the task), the database worker executes it, POST
    "publish": the seconds from the first request to published results."""
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client
    from django.urls import reverse

    from mujigae.core.models import User
    from mujigae.rounds.models import Assignment, Round, RoundStatus

    settings.MUJIGAE_ROUND_INLINE_MAX = 0  # as for any round beyond the inline limit
    client = Client()
    client.force_login(User.objects.get(pk=coordinator_id))
    t0 = time.perf_counter()
    r = client.post(reverse("rounds:round_run", args=[round_id]))
    t_post = time.perf_counter() - t0
    assert r.status_code == 302, r.status_code
    queued = Round.objects.get(pk=round_id).run_status
    call_command(
        "db_worker", batch=True, startup_delay=False, reload=False, verbosity=0, queue_name="*"
    )
    t_worker = time.perf_counter() - t0 - t_post
    r = client.post(reverse("rounds:round_transition", args=[round_id]), {"action": "publish"})
    total = time.perf_counter() - t0
    assert r.status_code == 302, r.status_code
    rnd = Round.objects.get(pk=round_id)
    assert rnd.status == RoundStatus.PUBLISHED, (rnd.status, rnd.run_status, rnd.run_error)
    return {
        "total_s": total,
        "post_s": t_post,
        "worker_s": t_worker,
        "publish_s": total - t_post - t_worker,
        "queued_status": queued,
        "run_seconds": rnd.run_seconds,
        "timings": rnd.stats.get("timings", {}),
        "placed": rnd.stats.get("placed"),
        "forbidden_pairs": rnd.stats.get("forbidden_pairs"),
        "stored": Assignment.objects.filter(round=rnd).count(),
    }


def peers(round_id: int) -> dict[str, Any]:
    """The engine alone and the `mujigae match` JSON path, on the same instance."""
    from mujigae.matching import Instance, stable_matching
    from mujigae.matching.instance import forbidden_from_data
    from mujigae.rounds import engine
    from mujigae.rounds.models import Assignment, Round

    rnd = Round.objects.get(pk=round_id)
    computed = engine.compute(rnd)
    inst, forb = computed.instance, computed.forbidden
    times = []
    for _ in range(3):
        t0 = time.perf_counter()
        result = stable_matching(inst, forb)
        times.append(time.perf_counter() - t0)
    data = inst.to_data()
    data["forbidden"] = [
        {"student": inst.student_ids[i], "slot": inst.slot_ids[j], "rule": forb.reasons[r]}
        for i, j, r in zip(
            forb.student.tolist(), forb.slot.tolist(), forb.reason.tolist(), strict=True
        )
    ]
    text = json.dumps(data)
    t0 = time.perf_counter()
    parsed = json.loads(text)
    again = Instance.from_data(parsed)
    out = stable_matching(again, forbidden_from_data(parsed.get("forbidden", [])))
    dumped = json.dumps({"assignments": {str(k): v for k, v in out.assignments.items()}})
    json_s = time.perf_counter() - t0
    stored = dict(Assignment.objects.filter(round=rnd).values_list("entrant_id", "round_slot_id"))
    return {
        "engine_s": statistics.median(times),
        "json_path_s": json_s,
        "json_mb": len(text) / 1e6,
        "output_bytes": len(dumped),
        "identical": result.assignments == stored and out.assignments == stored,
        "compute_timings": computed.timings,
    }


def core(size: dict[str, int], seed: int = SEED) -> dict[str, Any]:
    """Both phases in the current database (the test's quick path)."""
    info = generate(size, seed)
    run = timed_run(info["round_id"], info["coordinator_id"])
    return {"data": info, "run": run, "peers": peers(info["round_id"])}


# =============================================================================
# child processes
# =============================================================================


def _db_version(connection) -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
        else:
            cursor.execute("SELECT sqlite_version()")
        return str(cursor.fetchone()[0])


def child(args: argparse.Namespace) -> int:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    result_file = Path(args.result)
    if args.child == "generate":
        t0 = time.perf_counter()
        call_command("migrate", verbosity=0)
        data = generate(QUICK if args.quick else FULL)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        data["generate_s"] = time.perf_counter() - t0
        result_file.write_text(json.dumps(data))
        return 0
    data = json.loads(Path(args.data).read_text())
    run = timed_run(data["round_id"], data["coordinator_id"])
    run["maxrss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    peer = peers(data["round_id"])
    result = {
        "vendor": connection.vendor,
        "version": _db_version(connection),
        "data": data,
        "run": run,
        "peers": peer,
    }
    result_file.write_text(json.dumps(result, default=str))
    return 0


# =============================================================================
# the parent
# =============================================================================


def render(payload: dict) -> str:
    rows = []
    for r in payload["runs"]:
        vendor = "SQLite" if r["vendor"] == "sqlite" else "PostgreSQL"
        name = f"{vendor} {r['version'].split()[0]}"
        run, peer = r["run"], r["peers"]
        rows.append(
            [
                f"{name}: click 'run' → published",
                f"{run['total_s']:.2f} s",
                f"{peer['engine_s'] * 1000:.0f} ms",
                "engine alone (same instance)",
                harness.fmt_ratio(harness.ratio(run["total_s"], peer["engine_s"])),
            ]
        )
        rows.append(
            [
                f"{name}: same, JSON path peer",
                f"{run['total_s']:.2f} s",
                f"{peer['json_path_s']:.2f} s",
                f"`mujigae match` JSON in process ({peer['json_mb']:.0f} MB)",
                harness.fmt_ratio(harness.ratio(run["total_s"], peer["json_path_s"])),
            ]
        )
        t = run["timings"]
        order = ("read", "rules", "matching", "explaining", "rows", "saving")
        steps = ", ".join(f"{k} {t[k]:.2f}" for k in order if k in t)
        rows.append(
            [
                f"  steps: POST {run['post_s']:.2f} s, worker {run['worker_s']:.2f} s "
                f"(in the task: {steps}; task total {run['run_seconds']:.2f}), "
                f"publish {run['publish_s']:.2f} s"
            ]
        )
        rows.append([f"  peak memory of the run process: {run['maxrss_mb']:.0f} MB"])
        d = r["data"]
        rows.append(
            [
                f"  data: {d['students']:,} students × {d['slots']:,} slots, {d['choices']:,} "
                f"choices, {d['company_ranks']:,} company ranks, {d['places']:,} places → "
                f"{run['placed']:,} placed, {run['forbidden_pairs']:,} pairs forbidden by rules; "
                f"{run['stored']:,} results stored; identical to the peers: {peer['identical']}"
            ]
        )
    text = harness.table(
        ["figure", "ours", "peer", "peer is", "ours/peer"],
        rows,
        [False, True, True, False, True],
    )
    notes = "\n".join(payload.get("notes", []))
    return f"mujigae bench: matching round from the page\n{text}" + (f"\n{notes}" if notes else "")


def _parse(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m bench rounds", description=__doc__.splitlines()[0])
    p.add_argument("--quick", action="store_true", help="5,000 students × 1,000 slots")
    p.add_argument("--postgres", metavar="URL", default=None, help=f"default {DEFAULT_POSTGRES}")
    p.add_argument("--only", choices=["sqlite", "postgres"], default=None)
    p.add_argument("--json", default=str(harness.ROOT / "var" / "bench" / "rounds.json"))
    p.add_argument("--child", choices=["generate", "run"], help=argparse.SUPPRESS)
    p.add_argument("--result", help=argparse.SUPPRESS)
    p.add_argument("--data", help=argparse.SUPPRESS)
    return p.parse_args(argv)


def _run_one(name: str, url: str, var_dir: Path, args) -> dict | None:
    env = harness.child_env(url, var_dir)
    quick = ["--quick"] if args.quick else []
    data = var_dir / "data.json"
    code = harness.run_child(
        "bench.rounds", ["--child", "generate", "--result", str(data), *quick], env
    )
    if code != 0 or not data.exists():
        _say(f"  {name}: generating the data failed (exit code {code})")
        return None
    _say(f"  {name}: data in {json.loads(data.read_text())['generate_s']:.0f} s")
    result = var_dir / "result.json"
    code = harness.run_child(
        "bench.rounds",
        ["--child", "run", "--data", str(data), "--result", str(result), *quick],
        env,
    )
    if code != 0 or not result.exists():
        _say(f"  {name}: the run failed (exit code {code})")
        return None
    return json.loads(result.read_text())


def main(argv: list[str] | None = None) -> int:
    args = _parse(argv)
    if args.child:
        return child(args)
    explicit_pg = args.postgres or os.environ.get("BENCH_ROUNDS_DATABASE_URL")
    payload, failed = harness.run_benchmark(
        "rounds",
        only=args.only,
        explicit_pg=explicit_pg,
        default_pg=DEFAULT_POSTGRES,
        prefix="mujigae-bench-rounds-",
        run_one=lambda label, url, var_dir: _run_one(label, url, var_dir, args),
        say=_say,
        render=render,
        json_path=args.json,
        config={"quick": args.quick, "size": QUICK if args.quick else FULL},
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
