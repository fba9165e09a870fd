"""The annual evaluation at national scale (issue 16, Tests and benchmarks):
15 districts, 100,000 students, 1,000,000 hiring rows, 200,000 spending rows.

Per database (SQLite always; PostgreSQL too when the server answers, on a
database of its own, default `mujigae_bench_annual`, created and dropped
here), in a child process (`python -m bench.annual --child`):

1. not timed (its duration printed): `migrate` (which ships the 2022–2026
   evaluation frameworks), then bulk inserts at the *small* size, 1/10 of
   every row count: the districts with their budgets and spending
   (`bench.budget.generate`, reused), two schools per district, students,
   one graduate record per student (graduation years 2022–2026) and hiring
   rows (`outcomes.Hire`, spread over the districts and 2022–2026);
2. timed at the small size: (a) `reports.evaluation.evaluate(framework_2026)`
   for every district — median wall time of `--repeat` runs and the query
   count of one; its peer, the naive loop `evaluate(framework, [d])` once per
   district, timed the same way; both must give identical figures;
   (b) the national report through the report app's own pipeline, run
   synchronously (`report_services.generate_execute`: the figures of every
   district, the xlsx and the PDF into the files storage) — wall time, peak
   memory (VmHWM growth) and PDF pages; (c) the ministry's comparison page
   (`national:comparison`) through the test client — median/p95 server time
   and query count;
3. the remaining 9/10 of the rows are inserted, and step 2 runs again at the
   full size: the query counts must be identical (flat in rows), the time
   growth is printed.

Measures: the framework's computed indicators ask `core.indicators` for their
measures. Those the apps have not declared yet (`indicators.py` per app) are
given a *stand-in* here for the two big tables — outcomes (graduate records,
hiring rows) and budget (spending): one GROUP BY over the rows each, as a
real measure would do — and the output lists them. Declared measures are used
as they are. The others stay "no data".

`--quick`: 3 districts, 10,000 students, 100,000 hiring rows, 20,000 spending
rows. `core(size)` runs everything in the current database
(tests/reports/test_bench_annual.py on a tiny size).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from bench import harness

DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432/mujigae_bench_annual"
SEED = 20261216
FULL = {"districts": 15, "students": 100_000, "hires": 1_000_000, "spending": 200_000, "repeat": 3}
QUICK = {"districts": 3, "students": 10_000, "hires": 100_000, "spending": 20_000, "repeat": 3}
YEAR = 2026
YEARS = list(range(2022, 2027))
CHUNK = 100_000
SCHOOLS_PER_DISTRICT = 2
MINISTRY = "bench-annual-ministry"


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# =============================================================================
# stand-in measures (for measures the apps have not declared yet)
# =============================================================================


def _year_counts(qs, date_field: str, years, **counts) -> dict[tuple[int, int], dict[str, int]]:
    """Counts per (district, year of `date_field`): the year bucketed by plain
    date comparisons (CASE), which both databases run on the row as it is
    (SQLite's year extraction is a Python function per row)."""
    from django.db.models import Case, IntegerField, When

    year = Case(
        *(When(**{f"{date_field}__lt": dt.date(y + 1, 1, 1)}, then=y) for y in sorted(years)),
        output_field=IntegerField(),
    )
    rows = (
        qs.filter(
            **{
                f"{date_field}__gte": dt.date(min(years), 1, 1),
                f"{date_field}__lt": dt.date(max(years) + 1, 1, 1),
            }
        )
        .annotate(y=year)
        .values("district_id", "y")
        .annotate(**counts)
        .order_by()
    )
    return {(r["district_id"], r["y"]): r for r in rows}


def _employment_rate(ids, years):
    from django.db.models import Count, Q

    from mujigae.core import indicators
    from mujigae.outcomes.models import GraduateRecord

    rows = (
        GraduateRecord.objects.filter(district_id__in=ids, graduation_year__in=years)
        .values("district_id", "graduation_year")
        .annotate(
            employed=Count("pk", filter=Q(status="employed")),
            counted=Count("pk", filter=~Q(status__in=("excluded", "military", "further_study"))),
        )
        .order_by()
    )
    return {
        (r["district_id"], r["graduation_year"]): indicators.rate(r["employed"], r["counted"])
        for r in rows
    }


def _hire_rate(condition):
    def compute(ids, years):
        from django.db.models import Count

        from mujigae.core import indicators
        from mujigae.outcomes.models import Hire

        qs = Hire.objects.filter(district_id__in=ids)
        figures = _year_counts(
            qs, "start_date", years, n=Count("pk"), hit=Count("pk", filter=condition())
        )
        return {k: indicators.rate(v["hit"], v["n"]) for k, v in figures.items() if k[1] in years}

    return compute


def _regional():
    from django.db.models import Q

    return Q(workplace_in_district=True)


def _retained():
    from django.db.models import Q

    return Q(end_date__isnull=True)


def _execution_rate(ids, years):
    from django.db.models import Sum

    from mujigae.budget.models import SourceFunding, Spending
    from mujigae.core import indicators

    spent = {
        (r["district_id"], r["fiscal_year__year"]): r["s"] or 0
        for r in Spending.objects.filter(district_id__in=ids, fiscal_year__year__in=years)
        .values("district_id", "fiscal_year__year")
        .annotate(s=Sum("amount"))
        .order_by()
    }
    budget = {
        (r["fiscal_year__district_id"], r["fiscal_year__year"]): r["s"] or 0
        for r in SourceFunding.objects.filter(
            fiscal_year__district_id__in=ids, fiscal_year__year__in=years
        )
        .values("fiscal_year__district_id", "fiscal_year__year")
        .annotate(s=Sum("current"))
        .order_by()
    }
    return {k: indicators.rate(spent.get(k, 0), b) for k, b in budget.items()}


STAND_INS = {
    "outcomes.employment_rate": _employment_rate,
    "outcomes.regional_employment_rate": _hire_rate(_regional),
    "outcomes.retention_rate": _hire_rate(_retained),
    "budget.execution_rate": _execution_rate,
}


def stand_in_measures() -> list[str]:
    """Declare a stand-in for each of STAND_INS the apps have not declared.
    Returns their keys (said in the output)."""
    from mujigae.core import indicators

    added = []
    for key, compute in STAND_INS.items():
        if indicators.get(key) is None:
            indicators.measure(
                key, label=key, unit=indicators.PERCENT, area="pathway", how="bench stand-in"
            )(compute)
            added.append(key)
    return added


# =============================================================================
# data (not timed)
# =============================================================================


def _scaled(size: dict, part: float) -> dict:
    return {
        k: int(v * part) if k in ("students", "hires", "spending") else v for k, v in size.items()
    }


def generate_base(size: dict, say=_say) -> dict:
    """The districts (with budgets and 1/10 of the spending, by bench.budget)
    and their schools; the ministry's user."""
    from bench import budget
    from mujigae.core.models import District, Role, User
    from mujigae.partners.models import Organisation, OrgKind

    info = budget.generate(
        {"districts": size["districts"], "years": len(YEARS), "rows": size["spending"] // 10},
        say=lambda m: None,
    )
    districts = list(District.objects.order_by("pk").values_list("pk", flat=True))
    Organisation.objects.bulk_create(
        [
            Organisation(district_id=d, name=f"표본고등학교 {d}-{k}", kind=OrgKind.SCHOOL)
            for d in districts
            for k in range(SCHOOLS_PER_DISTRICT)
        ]
    )
    User.objects.create(username=MINISTRY, role=Role.MINISTRY, is_active=True)
    return {"districts": len(districts), "budget_year": info["year"]}


def _schools() -> dict[int, list[int]]:
    from mujigae.partners.models import Organisation, OrgKind

    out: dict[int, list[int]] = defaultdict(list)
    for pk, d in (
        Organisation.objects.filter(kind=OrgKind.SCHOOL)
        .order_by("pk")
        .values_list("pk", "district_id")
    ):
        out[d].append(pk)
    return out


def add_people(students: int, hires: int, start: int, rng: random.Random) -> None:
    """`students` more students (seat numbers from `start`), one graduate record
    each, and `hires` hiring rows over all students so far."""
    from django.db import transaction
    from django.utils import timezone

    from mujigae.outcomes.models import GraduateRecord, Hire
    from mujigae.students.models import Student

    now = timezone.now()
    schools = _schools()
    districts = sorted(schools)
    student_cols = (
        "district_id", "school_id", "school_year", "grade", "class_no", "number", "student_no",
        "name", "birth_date", "major", "phone", "email", "certificates", "is_sample",
        "created_at", "updated_at",
    )  # fmt: skip
    with transaction.atomic():
        rows = []
        for i in range(start, start + students):
            d = districts[i % len(districts)]
            k = i // len(districts)
            school = schools[d][k % SCHOOLS_PER_DISTRICT]
            seat = k // SCHOOLS_PER_DISTRICT
            year = YEARS[seat % len(YEARS)]
            n = seat // len(YEARS)
            rows.append(
                (d, school, year, 3, n // 30 + 1, n % 30 + 1, "", f"학생{i}",
                 dt.date(year - 18, 1 + i % 12, 1 + i % 28), "기계과", "", "", "[]", True,
                 now, now)
            )  # fmt: skip
        harness.bulk_insert(Student._meta.db_table, student_cols, rows)
        first = Student.objects.filter(name=f"학생{start}").values_list("pk", flat=True).first()
        ids = list(
            Student.objects.filter(pk__gte=first or 0)
            .order_by("pk")
            .values_list("pk", "district_id", "school_id", "school_year")
        )
        statuses = ["employed"] * 6 + ["further_study"] * 2 + ["not_employed", "military"]
        harness.bulk_insert(
            GraduateRecord._meta.db_table,
            ("district_id", "school_id", "student_id", "graduation_year", "status",
             "exclusion_reason", "note", "is_sample", "created_at", "updated_at"),
            [(d, s, pk, y, rng.choice(statuses), "", "", True, now, now) for pk, d, s, y in ids],
        )  # fmt: skip
        everyone = list(Student.objects.order_by("pk").values_list("pk", "district_id"))
        hire_cols = (
            "district_id", "student_id", "company_id", "company_name", "workplace_in_district",
            "start_date", "end_date", "contract_type", "insured", "slot_id", "is_sample",
            "created_at",
        )  # fmt: skip
        contracts = ["permanent"] * 5 + ["fixed_term"] * 3 + ["dispatched", "part_time"]
        done = 0
        while done < hires:
            batch = []
            for _ in range(min(CHUNK, hires - done)):
                pk, d = everyone[rng.randrange(len(everyone))]
                year = YEARS[rng.randrange(len(YEARS))]
                begin = dt.date(year, 1 + rng.randrange(12), 1 + rng.randrange(28))
                end = (
                    None
                    if rng.random() < 0.6
                    else begin + dt.timedelta(days=rng.randrange(30, 900))
                )
                batch.append(
                    (d, pk, None, f"표본기업 {rng.randrange(500)}", rng.random() < 0.7, begin, end,
                     rng.choice(contracts), rng.random() < 0.95, None, True, now)
                )  # fmt: skip
            harness.bulk_insert(Hire._meta.db_table, hire_cols, batch)
            done += len(batch)


def add_spending(times: int) -> int:
    """Copy every original spending row `times` more times (the budget bench's
    pattern, its refunds left out): the spending at the full size."""
    from django.db import transaction

    from mujigae.budget.models import Spending

    cols = (
        "district_id", "fiscal_year_id", "allocation_id", "project_id", "source_id",
        "category_id", "spent_on", "amount", "payee_name", "description", "reference",
        "origin", "import_key", "created_at",
    )  # fmt: skip
    base = list(Spending.objects.filter(refund_of__isnull=True).order_by("pk").values_list(*cols))
    rows = [(*r[:10], f"{r[10]}-{k}", *r[11:]) for k in range(times) for r in base]
    with transaction.atomic():
        harness.bulk_insert(Spending._meta.db_table, cols, rows)
    return len(rows)


def counts() -> dict[str, int]:
    from mujigae.budget.models import Spending
    from mujigae.core.models import District
    from mujigae.outcomes.models import GraduateRecord, Hire
    from mujigae.students.models import Student

    return {
        "districts": District.objects.count(),
        "students": Student.objects.count(),
        "graduates": GraduateRecord.objects.count(),
        "hires": Hire.objects.count(),
        "spending": Spending.objects.count(),
    }


# =============================================================================
# measuring
# =============================================================================


def _queries(fn) -> tuple[int, Any]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    connection.queries_log.clear()
    with CaptureQueriesContext(connection) as ctx:
        result = fn()
    return len(ctx), result


def _timed(fn, repeat: int) -> tuple[dict, Any]:
    """The query count of one run, then `repeat` timed runs (0: the counted
    run is the one timed — for the slow peer)."""
    started = time.perf_counter()
    queries, result = _queries(fn)
    samples = [time.perf_counter() - started] if repeat == 0 else []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - started)
    return {**harness.summary_ms(samples), "queries": queries}, result


def naive(framework) -> dict:
    """The peer: one evaluation per district."""
    from mujigae.core.models import District
    from mujigae.reports import evaluation

    out = {}
    for d in District.objects.order_by("pk").values_list("pk", flat=True):
        out.update(evaluation.evaluate(framework, [d]))
    return out


def figures_of(results: dict) -> dict:
    """What must be identical between ours and the peer (JSON-safe)."""
    from mujigae.reports import evaluation

    return {d: evaluation.as_json(ev) for d, ev in sorted(results.items())}


def _peak_kb() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def _rss_kb() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def _memory(fn) -> dict:
    """Run `fn()`: wall time and the growth of peak RSS over the RSS before it
    (the peak is reset first where the kernel allows it, as bench/sharing.py)."""
    import gc

    gc.collect()
    try:
        Path("/proc/self/clear_refs").write_text("5")
        reset = True
    except OSError:
        reset = False
    before = _rss_kb()
    started = time.perf_counter()
    result = fn()
    seconds = time.perf_counter() - started
    return {
        "seconds": seconds,
        "peak_growth_mb": max(0, _peak_kb() - before) / 1024,
        "peak_reset": reset,
        "result": result,
    }


def national_report(framework) -> dict:
    """The national report through the report app's own pipeline, synchronously
    (what the background task runs: figures of every district, the xlsx and the
    PDF into the files storage). Returns pages and file sizes."""
    from mujigae.reports import report_services
    from mujigae.reports.models import ReportRun

    report = report_services.report_create(actor=None, district=None, framework=framework)
    ReportRun.objects.filter(report=report, status__in=("queued", "running")).delete()
    run = ReportRun.objects.create(report=report)
    run = report_services.generate_execute(run_id=run.pk)
    sizes = {f.kind: f.size for f in run.files.all()}
    return {
        "kind": "report",
        "status": run.status,
        "pages": run.pages,
        "pdf_bytes": sizes.get("pdf", 0),
        "xlsx_bytes": sizes.get("xlsx", 0),
    }


def comparison_page(size: dict) -> dict | None:
    """The ministry's comparison page, if the route exists (None otherwise)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import NoReverseMatch, reverse

    from mujigae.core.models import User

    try:
        url = reverse("national:comparison")
    except NoReverseMatch:
        return None
    client = Client()
    client.force_login(User.objects.get(username=MINISTRY))
    for _ in range(2):
        client.get(url)
    connection.queries_log.clear()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    queries = len(ctx)
    samples = []
    for _ in range(size["repeat"]):
        started = time.perf_counter()
        client.get(url)
        samples.append(time.perf_counter() - started)
    return {**harness.summary_ms(samples), "queries": queries, "status": response.status_code}


def measure_all(size: dict) -> dict:
    from mujigae.reports import evaluation
    from mujigae.reports.models import Framework

    framework = Framework.objects.get(year=YEAR)
    ours, result = _timed(lambda: evaluation.evaluate(framework), size["repeat"])
    peer, peer_result = _timed(lambda: naive(framework), 0)
    report = _memory(lambda: national_report(framework))
    return {
        "rows": counts(),
        "evaluate": ours,
        "peer": peer,
        "identical": figures_of(result) == figures_of(peer_result),
        "districts": len(result),
        "scored": sum(1 for ev in result.values() for r in ev.results if r.value is not None),
        "report": {k: v for k, v in report.items() if k != "result"} | report["result"],
        "comparison": comparison_page(size),
    }


def core(size: dict, say=_say) -> dict:
    """Generate `size` (first 1/10 of the rows, then the rest) in the current
    database and measure at both sizes (the child process, and
    tests/reports/test_bench_annual.py on a tiny size)."""
    rng = random.Random(SEED)
    stand_ins = stand_in_measures()
    if stand_ins:
        say("  stand-in measures (not declared by their apps yet): " + ", ".join(stand_ins))
    small = _scaled(size, 0.1)
    started = time.perf_counter()
    base = generate_base(size, say)
    add_people(small["students"], small["hires"], 0, rng)
    generated_small = time.perf_counter() - started
    say(f"  generated the small size in {generated_small:.1f} s: {counts()}")
    at_small = measure_all(size)
    started = time.perf_counter()
    add_people(
        size["students"] - small["students"], size["hires"] - small["hires"], small["students"], rng
    )
    add_spending(9)
    generated_full = time.perf_counter() - started
    say(f"  generated the rest in {generated_full:.1f} s: {counts()}")
    at_full = measure_all(size)
    if at_small["comparison"] is None:
        say("  national:comparison does not exist yet: the comparison page is skipped")
    return {
        "base": base,
        "stand_ins": stand_ins,
        "generate_seconds": {"small": generated_small, "rest": generated_full},
        "small": at_small,
        "full": at_full,
        "flat": at_small["evaluate"]["queries"] == at_full["evaluate"]["queries"],
    }


# =============================================================================
# the parent: SQLite, then PostgreSQL
# =============================================================================


def _child(args: argparse.Namespace) -> int:
    size = dict(QUICK if args.quick else FULL)
    if args.repeat:
        size["repeat"] = args.repeat
    return harness.child_main(args.out, lambda: core(size))


def _run_one(label: str, url: str, var_dir: Path, args: argparse.Namespace) -> dict | None:
    child_args = ["--quick"] if args.quick else []
    if args.repeat:
        child_args += ["--repeat", str(args.repeat)]
    return harness.run_child_json("bench.annual", label, url, var_dir, child_args, _say)


def _growth(small: float, full: float) -> str:
    return harness.fmt_ratio(harness.ratio(full, small))


def render(payload: dict) -> str:
    rows = []
    for run in payload["runs"]:
        s, f = run["small"], run["full"]
        label = run["label"]
        rows.append(
            [
                f"{label}: evaluate(2026), {f['districts']} districts",
                f"{harness.fmt_ms(s['evaluate']['median_ms'])} ms / {s['evaluate']['queries']}",
                f"{harness.fmt_ms(f['evaluate']['median_ms'])} ms / {f['evaluate']['queries']}",
                _growth(s["evaluate"]["median_ms"], f["evaluate"]["median_ms"]),
                "yes" if run["flat"] else "NO",
                "yes" if s["identical"] and f["identical"] else "NO",
            ]
        )
        rows.append(
            [
                f"{label}: peer, evaluate per district",
                f"{harness.fmt_ms(s['peer']['median_ms'])} ms / {s['peer']['queries']}",
                f"{harness.fmt_ms(f['peer']['median_ms'])} ms / {f['peer']['queries']}",
                _growth(s["peer"]["median_ms"], f["peer"]["median_ms"]),
                "yes" if s["peer"]["queries"] == f["peer"]["queries"] else "NO",
                "",
            ]
        )
        sr, fr = s["report"], f["report"]
        pages = f"{fr.get('sheets', '—')} sheets, {fr.get('rows', '—')} rows"
        if "pages" in fr:
            pages = f"{fr['pages']} pages"
        rows.append(
            [
                f"{label}: national report ({fr['kind']}; {pages})",
                f"{sr['seconds'] * 1000:.0f} ms, +{sr['peak_growth_mb']:.1f} MB peak",
                f"{fr['seconds'] * 1000:.0f} ms, +{fr['peak_growth_mb']:.1f} MB peak",
                _growth(sr["seconds"], fr["seconds"]),
                "",
                "",
            ]
        )
        if s["comparison"] and f["comparison"]:
            sc, fc = s["comparison"], f["comparison"]
            rows.append(
                [
                    f"{label}: national:comparison (median, p95)",
                    f"{harness.fmt_ms(sc['median_ms'])}, {harness.fmt_ms(sc['p95_ms'])} ms / {sc['queries']}",
                    f"{harness.fmt_ms(fc['median_ms'])}, {harness.fmt_ms(fc['p95_ms'])} ms / {fc['queries']}",
                    _growth(sc["median_ms"], fc["median_ms"]),
                    "yes" if sc["queries"] == fc["queries"] else "NO",
                    "",
                ]
            )
        else:
            rows.append([f"{label}: national:comparison — route not there yet, skipped"])
    head = [
        "figure",
        "small (1/10): time / queries",
        "full: time / queries",
        "growth",
        "flat queries",
        "identical to peer",
    ]
    text = "mujigae bench: annual evaluation and national report\n"
    if payload["runs"]:
        run = payload["runs"][0]
        small, full = run["small"]["rows"], run["full"]["rows"]
        text += (
            f"small: {small['students']:,} students, {small['graduates']:,} graduates, "
            f"{small['hires']:,} hiring rows, {small['spending']:,} spending rows; "
            f"full: {full['students']:,} / {full['graduates']:,} / {full['hires']:,} / "
            f"{full['spending']:,}\n"
        )
        if run["stand_ins"]:
            text += "stand-in measures: " + ", ".join(run["stand_ins"]) + "\n"
        for r in payload["runs"]:
            g = r["generate_seconds"]
            text += f"{r['label']}: generating took {g['small']:.0f} s + {g['rest']:.0f} s (not measured)\n"
    text += harness.table(head, rows, [False, True, True, True, False, False])
    for note in payload["notes"]:
        text += f"\n  {note}"
    return text


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench annual", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="3 districts, 100,000 hiring rows")
    parser.add_argument("--repeat", type=int, default=0, help="runs per figure (default 3)")
    parser.add_argument("--only", choices=("sqlite", "postgres"))
    parser.add_argument("--postgres", help="a PostgreSQL URL (a database created and dropped)")
    parser.add_argument("--json", default=str(harness.ROOT / "var" / "bench" / "annual.json"))
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return _child(args)
    payload, failed = harness.run_benchmark(
        "annual",
        only=args.only,
        explicit_pg=args.postgres,
        default_pg=DEFAULT_POSTGRES,
        prefix="mujigae-bench-annual-",
        run_one=lambda label, url, var_dir: _run_one(label, url, var_dir, args),
        say=_say,
        render=render,
        json_path=args.json,
        config={"quick": args.quick, "size": QUICK if args.quick else FULL},
    )
    ok = all(
        run["flat"] and run["small"]["identical"] and run["full"]["identical"]
        for run in payload["runs"]
    )
    return 1 if failed or not ok else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
