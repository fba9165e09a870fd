"""Student logins: 2,000 accounts with their activation sheet, made by the
school in one go, beside the same 2,000 made one by one.

Per database (SQLite always; PostgreSQL too when the server answers, on a
database of its own created and dropped here), in a child process
(`python -m bench.student_accounts --child`) whose settings come from the
environment:

1. not timed: `migrate`, one district, four schools of 2,000 students each
   (grades 1-3, classes of 30, no e-mail: every code goes on the sheet), a
   school login per school;
2. ours: `student_accounts_create(actor, students=<the school's 2,000>)` — one
   transaction, bulk inserts — then the printable sheet rendered (the view's
   `_sheet`: 67 class pages, 2,000 slips), as the POST does;
3. peer, same process, another school's 2,000: the same service called once
   per student (2,000 calls, 2,000 transactions), then one sheet of all the
   codes;
4. each measured twice on fresh schools: wall time without tracing, then peak
   Python memory with `tracemalloc` (which slows the code down, so its run is
   not timed).

Both paths must end with 2,000 logins, 2,000 codes and 2,000 slips.
`--quick`: 200 students per school.
"""

from __future__ import annotations

import argparse
import sys
import time
import tracemalloc
from pathlib import Path

from bench import harness

DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432/mujigae_bench_student_accounts"
FULL, QUICK = 2_000, 200
PER_CLASS = 30
TARGET_S = 5.0  # one POST a school coordinator waits for


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _generate(n: int) -> list[tuple]:
    """Four schools of `n` students each, a school login each."""
    import datetime as dt

    from mujigae.core.models import District, Role, User
    from mujigae.partners.models import Organisation
    from mujigae.students.models import Student

    district = District.objects.create(code="bench-logins", name="표본지구", region="표본시")
    schools = []
    for k in range(4):
        school = Organisation.objects.create(district=district, name=f"표본고 {k}", kind="school")
        actor = User.objects.create(
            username=f"bench-school-{k}",
            role=Role.SCHOOL,
            district=district,
            organisation=school,
        )
        students = []
        for i in range(n):
            grade, rest = 1 + i % 3, i // 3
            students.append(
                Student(
                    district=district,
                    school=school,
                    school_year=2025,
                    grade=grade,
                    class_no=1 + rest // PER_CLASS,
                    number=1 + rest % PER_CLASS,
                    name="표본학생",
                    birth_date=dt.date(2008, 3, 1),
                    email="",
                )
            )
        Student.objects.bulk_create(students, batch_size=2000)
        schools.append((school, actor))
    return schools


def _request(actor):
    from django.test import RequestFactory

    request = RequestFactory().post("/accounts/students/create/")
    request.user = actor
    request.session = {}
    request._messages = []
    return request


def _ours(school, actor) -> tuple[int, int]:
    from mujigae.accounts import student_services, student_views
    from mujigae.students.models import Student

    students = Student.objects.filter(school=school)
    result = student_services.student_accounts_create(actor=actor, students=students)
    response = student_views._sheet(_request(actor), result)
    return result.created, response.content.decode().count('data-testid="slip"')


def _peer(school, actor) -> tuple[int, int]:
    from mujigae.accounts import student_services, student_views
    from mujigae.students.models import Student

    total = student_services.AccountsResult()
    for student in Student.objects.filter(school=school).select_related("school"):
        one = student_services.student_accounts_create(actor=actor, students=[student])
        total.issued.extend(one.issued)
    response = student_views._sheet(_request(actor), total)
    return total.created, response.content.decode().count('data-testid="slip"')


def _timed(fn, school, actor) -> tuple[float, tuple[int, int]]:
    started = time.perf_counter()
    out = fn(school, actor)
    return time.perf_counter() - started, out


def _traced(fn, school, actor) -> tuple[int, tuple[int, int]]:
    tracemalloc.start()
    try:
        out = fn(school, actor)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak, out


def core(n: int) -> dict:
    """Generate and measure in the current database (the child process, and
    tests/accounts/test_student_bench.py on a small size)."""
    from mujigae.accounts import student_services, student_views
    from mujigae.accounts.models import ActivationCode
    from mujigae.core.models import User

    (s1, a1), (s2, a2), (s3, a3), (s4, a4) = _generate(n)
    # a warm server: URLs resolved and templates loaded once before timing
    student_views._sheet(_request(a1), student_services.AccountsResult())
    ours_s, ours_out = _timed(_ours, s1, a1)
    peer_s, peer_out = _timed(_peer, s2, a2)
    ours_peak, ours_mem_out = _traced(_ours, s3, a3)
    peer_peak, peer_mem_out = _traced(_peer, s4, a4)
    outputs = {ours_out, peer_out, ours_mem_out, peer_mem_out}
    return {
        "students": n,
        "ours_s": ours_s,
        "peer_s": peer_s,
        "ours_peak_mb": ours_peak / 2**20,
        "peer_peak_mb": peer_peak / 2**20,
        "logins": User.objects.filter(role="student").count(),
        "codes": ActivationCode.objects.count(),
        "identical": outputs == {(n, n)},
    }


def _child(args: argparse.Namespace) -> int:
    return harness.child_main(args.out, lambda: core(QUICK if args.quick else FULL))


def _run_one(label: str, url: str, var_dir: Path, args: argparse.Namespace) -> dict | None:
    return harness.run_child_json(
        "bench.student_accounts", label, url, var_dir, ["--quick"] if args.quick else [], _say
    )


def render(payload: dict) -> str:
    rows = []
    for run in payload["runs"]:
        n = f"{run['students']:,}"
        rows.append(
            [
                f"{run['label']}: {n} logins + sheet, time",
                f"{run['ours_s']:.2f} s",
                f"< {TARGET_S:.0f} s",
                f"{run['peer_s']:.2f} s",
                harness.fmt_ratio(harness.ratio(run["ours_s"], run["peer_s"])),
                "yes" if run["identical"] else "NO",
            ]
        )
        rows.append(
            [
                f"{run['label']}: {n} logins + sheet, peak memory",
                f"{run['ours_peak_mb']:.1f} MB",
                "reported",
                f"{run['peer_peak_mb']:.1f} MB",
                harness.fmt_ratio(harness.ratio(run["ours_peak_mb"], run["peer_peak_mb"])),
                "",
            ]
        )
    head = [
        "figure",
        "ours: one bulk call",
        "target",
        "peer: one call per student",
        "ours/peer",
        "same output",
    ]
    text = "mujigae bench: student logins and their activation sheet\n"
    text += harness.table(head, rows, [False, True, True, True, True, False])
    for note in payload["notes"]:
        text += f"\n  {note}"
    return text


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench student_accounts", description=__doc__)
    parser.add_argument("--quick", action="store_true", help=f"{QUICK:,} students")
    parser.add_argument("--only", choices=("sqlite", "postgres"))
    parser.add_argument("--postgres", help="a PostgreSQL URL (a database created and dropped)")
    parser.add_argument(
        "--json", default=str(harness.ROOT / "var" / "bench" / "student_accounts.json")
    )
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return _child(args)
    payload, failed = harness.run_benchmark(
        "student_accounts",
        only=args.only,
        explicit_pg=args.postgres,
        default_pg=DEFAULT_POSTGRES,
        prefix="mujigae-bench-logins-",
        run_one=lambda label, url, var_dir: _run_one(label, url, var_dir, args),
        say=_say,
        render=render,
        json_path=args.json,
        config={"quick": args.quick},
        targets={"bulk_s": TARGET_S},
    )
    return 1 if failed or not all(r["identical"] for r in payload["runs"]) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
