"""The outcome dashboard's national roll-up: every district's graduates, the
figures the ministry reads (취업률, in-region rate, 유지취업률, further study,
settlement), computed for the ministry's page.

Per database (SQLite always; PostgreSQL too when the server answers, on a
database of its own created and dropped here), in a child process
(`python -m bench.outcomes --child`) whose settings come from the environment:

1. not timed: `migrate`, then bulk inserts of 15 districts × 8 schools, three
   graduation years of graduates (statuses drawn like the 2024 national
   shares), a hire for each employed one, follow-ups at 6/12/24 months (80 %
   still insured), some further study while employed, settlement participants;
2. timed (median of 3): `selectors.dashboard_table(district=None)` as the
   ministry's page calls it — plain values in bulk;
3. peer, same data, same process: the per-graduate path the drill-down uses
   (model rows with prefetches, `graduate_facts` one by one). Both must give
   identical figures.

`--quick`: 3,000 graduates.
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

DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432/mujigae_bench_outcomes"
FULL, QUICK = 60_000, 3_000
TARGET_S = 1.0  # a page
SEED = 20261124


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _generate(graduates: int) -> dict:
    from mujigae.core.models import District, Role, User
    from mujigae.outcomes.models import (
        FollowUp,
        FurtherStudy,
        GraduateRecord,
        Hire,
        Participation,
        SettlementProgramme,
    )
    from mujigae.partners.models import Organisation
    from mujigae.students.models import Student

    rng = random.Random(SEED)
    districts = District.objects.bulk_create(
        [District(name=f"표본지구 {i:02d}", code=f"bench-{i:02d}") for i in range(15)]
    )
    schools = Organisation.objects.bulk_create(
        [
            Organisation(district=d, name=f"표본고 {d.code}-{j}", kind="school")
            for d in districts
            for j in range(8)
        ]
    )
    companies = Organisation.objects.bulk_create(
        [
            Organisation(district=d, name=f"표본기업 {d.code}-{j}", kind="company")
            for d in districts
            for j in range(20)
        ]
    )
    programmes = SettlementProgramme.objects.bulk_create(
        [
            SettlementProgramme(
                district=d,
                name="청년 주거 지원",
                kind="housing",
                starts_on=dt.date(2023, 3, 1),
            )
            for d in districts
        ]
    )
    programme_of = {p.district_id: p for p in programmes}
    students = []
    for i in range(graduates):
        school = schools[i % len(schools)]
        seat = i // len(schools)
        students.append(
            Student(
                district_id=school.district_id,
                school=school,
                school_year=2022 + seat % 3,
                grade=3,
                class_no=1 + seat // 99,
                number=1 + seat % 99,
                name="표본학생",
                birth_date=dt.date(2005, 3, 1),
            )
        )
    Student.objects.bulk_create(students, batch_size=2000)
    records, hires, studies, joins = [], [], [], []
    statuses = ["employed"] * 55 + ["further_study"] * 25 + ["military"] * 8
    statuses += ["excluded"] * 2 + ["not_employed"] * 10
    for s in Student.objects.only("pk", "district_id", "school_id", "school_year"):
        status = rng.choice(statuses)
        year = s.school_year + 1
        records.append(
            GraduateRecord(
                district_id=s.district_id,
                school_id=s.school_id,
                student_id=s.pk,
                graduation_year=year,
                status=status,
                exclusion_reason="질병" if status == "excluded" else "",
            )
        )
        if status == "employed":
            hires.append(
                Hire(
                    district_id=s.district_id,
                    student_id=s.pk,
                    company=rng.choice(companies),
                    workplace_in_district=rng.random() < 0.7,
                    start_date=dt.date(year, 3, 2),
                    contract_type="permanent",
                )
            )
            if rng.random() < 0.05:
                studies.append(
                    FurtherStudy(
                        district_id=s.district_id,
                        student_id=s.pk,
                        institution="표본대학",
                        start_date=dt.date(year, 9, 1),
                        while_employed=True,
                    )
                )
        if rng.random() < 0.1:
            joins.append(
                Participation(
                    programme=programme_of[s.district_id],
                    student_id=s.pk,
                    joined_on=dt.date(year, 5, 1),
                )
            )
    GraduateRecord.objects.bulk_create(records, batch_size=2000)
    Hire.objects.bulk_create(hires, batch_size=2000)
    FurtherStudy.objects.bulk_create(studies, batch_size=2000)
    Participation.objects.bulk_create(joins, batch_size=2000)
    follow_ups = []
    for h in Hire.objects.only("pk", "district_id", "start_date"):
        for months in (6, 12, 24):
            due = h.start_date + dt.timedelta(days=round(30.4 * months))
            done = due if due <= dt.date(2026, 11, 1) else None
            follow_ups.append(
                FollowUp(
                    district_id=h.district_id,
                    hire_id=h.pk,
                    months=months,
                    due_on=due,
                    done_on=done,
                    still_employed=done and True,
                    still_insured=done and rng.random() < 0.8,
                    in_district=done and True,
                )
            )
    FollowUp.objects.bulk_create(follow_ups, batch_size=2000)
    User.objects.create(username="bench-ministry", role=Role.MINISTRY)
    return {
        "graduates": len(records),
        "hires": len(hires),
        "follow_ups": len(follow_ups),
        "districts": len(districts),
    }


def core(graduates: int) -> dict:
    """Generate `graduates` in the current database and measure (used by the
    child process and by tests/outcomes/test_bench.py on a small size)."""
    from mujigae.core.models import District, User
    from mujigae.outcomes import rates, selectors
    from mujigae.outcomes.models import GraduateRecord

    data = _generate(graduates)
    ministry = User.objects.get(username="bench-ministry")
    ours, rows = [], []
    for _ in range(3):
        started = time.perf_counter()
        rows = selectors.dashboard_table(user=ministry, district=None, per_school=False)
        ours.append(time.perf_counter() - started)
    started = time.perf_counter()
    groups: dict[tuple[int, int | None], list] = {}
    qs = selectors._records(GraduateRecord.objects.select_related("district"))
    for record in qs.iterator(chunk_size=500):
        facts = selectors.graduate_facts(record)
        groups.setdefault((record.graduation_year, None), []).append(facts)
        groups.setdefault((record.graduation_year, record.district_id), []).append(facts)
    peer_figures = {k: rates.figures(v) for k, v in groups.items()}
    peer = time.perf_counter() - started
    names = dict(District.objects.values_list("pk", "name"))
    peer_rows = {(y, names[d] if d else ""): f for (y, d), f in peer_figures.items()}
    identical = {(r.year, r.label): r.figures for r in rows} == peer_rows
    return {
        **data,
        "rows": len(rows),
        "ours_s": statistics.median(ours),
        "peer_s": peer,
        "identical": identical,
    }


def _child(args: argparse.Namespace) -> int:
    return harness.child_main(args.out, lambda: core(QUICK if args.quick else FULL))


def _run_one(label: str, url: str, var_dir: Path, args: argparse.Namespace) -> dict | None:
    return harness.run_child_json(
        "bench.outcomes", label, url, var_dir, ["--quick"] if args.quick else [], _say
    )


def render(payload: dict) -> str:
    rows = []
    for run in payload["runs"]:
        rows.append(
            [
                f"{run['label']}: national roll-up, {run['graduates']:,} graduates, "
                f"{run['districts']} districts",
                f"{run['ours_s']:.2f} s",
                f"< {TARGET_S:.0f} s",
                f"{run['peer_s']:.2f} s",
                harness.fmt_ratio(harness.ratio(run["ours_s"], run["peer_s"])),
                "yes" if run["identical"] else "NO",
            ]
        )
    head = ["figure", "ours", "target", "peer: per-graduate ORM", "ours/peer", "identical"]
    text = "mujigae bench: outcome dashboard (ministry)\n"
    text += harness.table(head, rows, [False, True, True, True, True, False])
    for note in payload["notes"]:
        text += f"\n  {note}"
    return text


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench outcomes", description=__doc__)
    parser.add_argument("--quick", action="store_true", help=f"{QUICK:,} graduates")
    parser.add_argument("--only", choices=("sqlite", "postgres"))
    parser.add_argument("--postgres", help="a PostgreSQL URL (a database created and dropped)")
    parser.add_argument("--json", default=str(harness.ROOT / "var" / "bench" / "outcomes.json"))
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return _child(args)
    payload, failed = harness.run_benchmark(
        "outcomes",
        only=args.only,
        explicit_pg=args.postgres,
        default_pg=DEFAULT_POSTGRES,
        prefix="mujigae-bench-outcomes-",
        run_one=lambda label, url, var_dir: _run_one(label, url, var_dir, args),
        say=_say,
        render=render,
        json_path=args.json,
        config={"quick": args.quick},
        targets={"national_s": TARGET_S},
    )
    return 1 if failed or not all(r["identical"] for r in payload["runs"]) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
