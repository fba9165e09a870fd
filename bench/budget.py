"""The budget's execution figures at national scale (issue 14, Performance):
15 districts × 5 fiscal years × 200,000 spending rows in total.

Per database (SQLite always; PostgreSQL too when the server answers, on a
database of its own, default `mujigae_bench_budget`, created and dropped
here), in a child process (`python -m bench.budget --child`) whose settings
come from the environment set before `django.setup()`:

1. not timed: `migrate`, then bulk inserts: 15 districts, each with 4
   funding sources, 5 expense categories and 5 fiscal years (the oldest four
   closed); per year 8 projects with 4 allocations each and the sources'
   amounts; the spending rows spread evenly over the 75 fiscal years and
   their months (about 1 % of them refunded by a negative row); a coordinator
   of the first district and a ministry analyst;
2. timed: (a) the execution page (`budget:execution`) of the first district's
   newest year, as its coordinator, and (b) the ministry's comparison
   (`budget:national`) of the same year: server time through
   `django.test.Client` (`force_login`, the whole middleware stack),
   warm-up requests, then `--repeat` requests (median and p95), and the query
   count of one request under `CaptureQueriesContext`;
3. the peer, same data, same process: the same figures computed by a plain
   ORM loop that iterates the spending rows in Python (`peer_execution`,
   `peer_national`), timed the same way (median of 3) with its query count.
   Both must give identical figures.

`--quick`: 3 districts × 5 years × 10,000 rows. `core(...)` runs all of it in
the current database (tests/reports/test_bench_budget.py on a tiny size).
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

DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432/mujigae_bench_budget"
SEED = 20261203
FULL = {"districts": 15, "years": 5, "rows": 200_000, "repeat": 20}
QUICK = {"districts": 3, "years": 5, "rows": 10_000, "repeat": 10}
WARMUP = 2
PEER_RUNS = 3
TARGET_MS = 300.0  # a page, median

SOURCES = ["교육부 특별교부금", "교육청 대응투자", "시 대응투자", "기타"]
CATEGORIES = ["인건비", "운영비", "여비", "업무추진비", "자산취득비"]
PROJECTS_PER_YEAR = 8
COORDINATOR = "bench-budget-coordinator"
MINISTRY = "bench-budget-ministry"


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# =============================================================================
# data (not timed)
# =============================================================================


def generate(size: dict, say=_say) -> dict:
    """Bulk-insert the districts' budgets and spending (see the module docstring)."""
    from django.db import transaction
    from django.db.models.functions import Mod
    from django.utils import timezone

    from mujigae.budget.models import (
        Allocation,
        ExpenseCategory,
        FiscalYear,
        FundingSource,
        Project,
        SourceFunding,
        Spending,
    )
    from mujigae.core.models import District, Role, User

    rng = random.Random(SEED)
    newest = timezone.localdate().year
    years = list(range(newest - size["years"] + 1, newest + 1))
    now = timezone.now()
    with transaction.atomic():
        districts = District.objects.bulk_create(
            [
                District(name=f"예산표본지구 {i:02d}", code=f"bench-budget-{i:02d}", is_sample=True)
                for i in range(size["districts"])
            ]
        )
        sources = FundingSource.objects.bulk_create(
            [
                FundingSource(district=d, name=name, position=k)
                for d in districts
                for k, name in enumerate(SOURCES)
            ]
        )
        categories = ExpenseCategory.objects.bulk_create(
            [
                ExpenseCategory(district=d, name=name, position=k)
                for d in districts
                for k, name in enumerate(CATEGORIES)
            ]
        )
        sources_of = defaultdict(list)
        for s in sources:
            sources_of[s.district_id].append(s)
        categories_of = defaultdict(list)
        for c in categories:
            categories_of[c.district_id].append(c)
        fiscal_years = FiscalYear.objects.bulk_create(
            [
                FiscalYear(
                    district=d,
                    year=y,
                    starts_on=dt.date(y, 1, 1),
                    ends_on=dt.date(y, 12, 31),
                    closed_on=dt.date(y + 1, 1, 20) if y < newest else None,
                )
                for d in districts
                for y in years
            ]
        )
        projects = Project.objects.bulk_create(
            [
                Project(
                    district_id=fy.district_id,
                    fiscal_year=fy,
                    code=f"{k + 1}",
                    name=f"표본사업 {k + 1}",
                )
                for fy in fiscal_years
                for k in range(PROJECTS_PER_YEAR)
            ]
        )
        allocations = []
        for p in projects:
            for k in range(4):
                amount = rng.randrange(20, 200) * 1_000_000
                allocations.append(
                    Allocation(
                        project=p,
                        source=sources_of[p.district_id][k % len(SOURCES)],
                        category=categories_of[p.district_id][(k + p.pk) % len(CATEGORIES)],
                        original=amount,
                        current=amount,
                    )
                )
        allocations = Allocation.objects.bulk_create(allocations, batch_size=5000)
        per_source: dict[tuple[int, int], int] = defaultdict(int)
        allocations_of = defaultdict(list)
        fy_of_project = {p.pk: p.fiscal_year for p in projects}
        for a in allocations:
            fy = fy_of_project[a.project_id]
            per_source[(fy.pk, a.source_id)] += a.current
            allocations_of[fy.pk].append(a)
        SourceFunding.objects.bulk_create(
            [
                SourceFunding(fiscal_year_id=fy_id, source_id=s_id, original=amount, current=amount)
                for (fy_id, s_id), amount in per_source.items()
            ],
            batch_size=5000,
        )
        # spending: rows spread over the fiscal years and their months
        rows = []
        per_year = size["rows"] // len(fiscal_years)
        extra = size["rows"] - per_year * len(fiscal_years)
        cols = (
            "district_id",
            "fiscal_year_id",
            "allocation_id",
            "project_id",
            "source_id",
            "category_id",
            "spent_on",
            "amount",
            "payee_name",
            "description",
            "reference",
            "origin",
            "import_key",
            "created_at",
        )
        for i, fy in enumerate(fiscal_years):
            n = per_year + (1 if i < extra else 0)
            pool = allocations_of[fy.pk]
            last_month = 12 if fy.year < newest else max(1, timezone.localdate().month)
            for k in range(n):
                a = pool[k % len(pool)]
                month = 1 + k % last_month
                rows.append(
                    (
                        fy.district_id,
                        fy.pk,
                        a.pk,
                        a.project_id,
                        a.source_id,
                        a.category_id,
                        dt.date(fy.year, month, 1 + k % 28),
                        rng.randrange(1, 400) * 1_000,  # never more than an allocation
                        f"지급처 {k % 97}",
                        "표본 집행",
                        f"{fy.year}-{k:06d}",
                        "import",
                        "",
                        now,
                    )
                )
        harness.bulk_insert(Spending._meta.db_table, cols, rows)
        # about 1 % refunded: a negative row naming the row it returns
        step = 100
        refunded = list(
            Spending.objects.annotate(every=Mod("pk", step))
            .filter(every=0)
            .order_by("pk")
            .values_list(
                "pk",
                "district_id",
                "fiscal_year_id",
                "allocation_id",
                "project_id",
                "source_id",
                "category_id",
                "spent_on",
                "amount",
            )
        )
        harness.bulk_insert(
            Spending._meta.db_table,
            (*cols, "refund_of_id"),
            [
                (d, fy, a, p, s, c, day, -amount, "반납", "표본 반납", "", "import", "", now, pk)
                for pk, d, fy, a, p, s, c, day, amount in refunded
            ],
        )
        User.objects.create(
            username=COORDINATOR, role=Role.COORDINATOR, district=districts[0], is_active=True
        )
        User.objects.create(username=MINISTRY, role=Role.MINISTRY, is_active=True)
    say(f"  generated {len(rows):,} spending rows and {len(refunded):,} refunds")
    return {
        "districts": len(districts),
        "fiscal_years": len(fiscal_years),
        "projects": len(projects),
        "allocations": len(allocations),
        "spending": len(rows) + len(refunded),
        "year": newest,
        "district": districts[0].pk,
    }


# =============================================================================
# the peers: plain ORM loops over the spending rows
# =============================================================================


def peer_execution(user, fiscal_year) -> dict:
    """The execution figures by iterating the rows in Python (no GROUP BY)."""
    from mujigae.budget.models import Allocation, SourceFunding, Spending
    from mujigae.core import policy

    budget = {"project": defaultdict(int), "category": defaultdict(int)}
    for a in policy.visible(user, Allocation).filter(project__fiscal_year=fiscal_year):
        budget["project"][a.project_id] += a.current
        budget["category"][a.category_id] += a.current
    source_budget = {
        f.source_id: f.current
        for f in policy.visible(user, SourceFunding).filter(fiscal_year=fiscal_year)
    }
    spent = {k: defaultdict(int) for k in ("project", "source", "category", "month")}
    for s in policy.visible(user, Spending).filter(fiscal_year=fiscal_year).iterator(2000):
        spent["project"][s.project_id] += s.amount
        spent["source"][s.source_id] += s.amount
        spent["category"][s.category_id] += s.amount
        spent["month"][s.spent_on.month] += s.amount
    return {
        "total_budget": sum(source_budget.values()),
        "total_spent": sum(spent["project"].values()),
        "project_spent": dict(spent["project"]),
        "source_spent": dict(spent["source"]),
        "month_spent": dict(spent["month"]),
        "project_budget": dict(budget["project"]),
    }


def ours_execution(data) -> dict:
    return {
        "total_budget": data.total.current,
        "total_spent": data.total.spent,
        "project_spent": {f.pk: f.spent for f in data.projects if f.rows},
        "source_spent": {f.pk: f.spent for f in data.sources if f.rows},
        "month_spent": {m.number: m.spent for m in data.months if m.rows},
        "project_budget": {f.pk: f.current for f in data.projects},
    }


def peer_national(year: int) -> dict:
    """Every district's budget and spent per source, by iterating the rows."""
    from mujigae.budget.models import SourceFunding, Spending

    out: dict[tuple[int, str], list[int]] = defaultdict(lambda: [0, 0])
    for f in SourceFunding.objects.filter(fiscal_year__year=year).select_related(
        "source", "fiscal_year"
    ):
        out[(f.fiscal_year.district_id, f.source.name)][0] += f.current
    names: dict[int, str] = {}
    for s in Spending.objects.filter(fiscal_year__year=year).iterator(2000):
        if s.source_id not in names:
            names[s.source_id] = s.source.name  # one query per source
        out[(s.district_id, names[s.source_id])][1] += s.amount
    return {k: tuple(v) for k, v in out.items()}


def ours_national(rows) -> dict:
    return {
        (r.district.pk, name): (f.current, f.spent) for r in rows for name, f in r.sources.items()
    }


# =============================================================================
# measuring
# =============================================================================


def _page(client, url: str, repeat: int) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(WARMUP):
        client.get(url)
    connection.queries_log.clear()  # a full log (DEBUG on) would capture nothing
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    queries = len(ctx)  # now: each request starts by clearing the log (request_started)
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        client.get(url)
        samples.append(time.perf_counter() - started)
    return {**harness.summary_ms(samples), "status": response.status_code, "queries": queries}


def _timed(fn) -> tuple[dict, Any]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    connection.queries_log.clear()
    with CaptureQueriesContext(connection) as ctx:
        result = fn()
    queries = len(ctx)
    samples = []
    for _ in range(PEER_RUNS):
        started = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - started)
    return {**harness.summary_ms(samples), "queries": queries}, result


def core(size: dict, say=_say) -> dict:
    """Generate `size` in the current database and measure (the child process,
    and tests/reports/test_bench_budget.py on a tiny size)."""
    from django.test import Client
    from django.urls import reverse

    from mujigae.budget import execution_selectors as selectors
    from mujigae.budget.models import FiscalYear
    from mujigae.core.models import User

    data = generate(size, say)
    coordinator = User.objects.get(username=COORDINATOR)
    ministry = User.objects.get(username=MINISTRY)
    fiscal_year = FiscalYear.objects.get(district_id=data["district"], year=data["year"])
    year_rows = fiscal_year.spendings.count()

    client = Client()
    client.force_login(coordinator)
    execution_page = _page(client, reverse("budget:execution", args=[data["year"]]), size["repeat"])
    selector, ours = _timed(lambda: selectors.execution(coordinator, fiscal_year))
    peer, peer_figures = _timed(lambda: peer_execution(coordinator, fiscal_year))

    client = Client()
    client.force_login(ministry)
    national_url = reverse("budget:national") + f"?year={data['year']}"
    national_page = _page(client, national_url, size["repeat"])
    national_selector, national_rows = _timed(
        lambda: selectors.national_table(ministry, data["year"])[0]
    )
    national_peer, national_peer_figures = _timed(lambda: peer_national(data["year"]))
    return {
        "data": {**data, "rows_in_year": year_rows},
        "execution": {
            "page": execution_page,
            "selector": selector,
            "peer": peer,
            "identical": ours_execution(ours) == peer_figures,
        },
        "national": {
            "page": national_page,
            "selector": national_selector,
            "peer": national_peer,
            "identical": ours_national(national_rows) == national_peer_figures,
            "districts": len(national_rows),
        },
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
    return harness.run_child_json("bench.budget", label, url, var_dir, child_args, _say)


def render(payload: dict) -> str:
    rows = []
    for run in payload["runs"]:
        d = run["data"]
        for key, title in (
            (
                "execution",
                f"execution page, 1 district ({d['rows_in_year']:,} rows in its year)",
            ),
            ("national", f"ministry comparison, {run['national']['districts']} districts"),
        ):
            fig = run[key]
            rows.append(
                [
                    f"{run['label']}: {title}",
                    f"{harness.fmt_ms(fig['page']['median_ms'])} ms",
                    f"{harness.fmt_ms(fig['page']['p95_ms'])} ms",
                    str(fig["page"]["queries"]),
                    f"{harness.fmt_ms(fig['selector']['median_ms'])} ms / {fig['selector']['queries']}",
                    f"{harness.fmt_ms(fig['peer']['median_ms'])} ms / {fig['peer']['queries']}",
                    harness.fmt_ratio(
                        harness.ratio(fig["selector"]["median_ms"], fig["peer"]["median_ms"])
                    ),
                    "yes" if fig["identical"] else "NO",
                ]
            )
    head = [
        "figure",
        "page median",
        "page p95",
        "page queries",
        "figures only / queries",
        "peer: ORM loop / queries",
        "figures/peer",
        "identical",
    ]
    text = "mujigae bench: budget execution\n"
    if payload["runs"]:
        d = payload["runs"][0]["data"]
        text += (
            f"{d['districts']} districts × {d['fiscal_years'] // max(d['districts'], 1)} fiscal "
            f"years, {d['spending']:,} spending rows (refunds included), "
            f"{d['allocations']:,} allocations; target: page median < {TARGET_MS:.0f} ms\n"
        )
    text += harness.table(head, rows, [False, True, True, True, True, True, True, False])
    for note in payload["notes"]:
        text += f"\n  {note}"
    return text


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench budget", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="3 districts, 10,000 rows")
    parser.add_argument("--repeat", type=int, default=0, help="requests per page (default 20)")
    parser.add_argument("--only", choices=("sqlite", "postgres"))
    parser.add_argument("--postgres", help="a PostgreSQL URL (a database created and dropped)")
    parser.add_argument("--json", default=str(harness.ROOT / "var" / "bench" / "budget.json"))
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return _child(args)
    payload, failed = harness.run_benchmark(
        "budget",
        only=args.only,
        explicit_pg=args.postgres,
        default_pg=DEFAULT_POSTGRES,
        prefix="mujigae-bench-budget-",
        run_one=lambda label, url, var_dir: _run_one(label, url, var_dir, args),
        say=_say,
        render=render,
        json_path=args.json,
        config={"quick": args.quick, "size": QUICK if args.quick else FULL},
        targets={"page_median_ms": TARGET_MS},
    )
    ok = all(run[k]["identical"] for run in payload["runs"] for k in ("execution", "national"))
    return 1 if failed or not ok else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
