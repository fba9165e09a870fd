"""The foundation benchmark: server time and query count of the main pages on
generated national-scale data.

What it does, per database (SQLite always; PostgreSQL too when reachable),
each in its own child process (`python -m bench.foundation --child`) because
the settings read DATABASE_URL once, before `django.setup()`:

1. a fresh database: a SQLite file in a temporary directory, or a freshly
   created PostgreSQL database that is dropped afterwards; `migrate`;
2. `load_ansan()` and a superuser for the admin, then a snapshot of that
   Ansan-only database (SQLite: VACUUM INTO; PostgreSQL: CREATE DATABASE …
   TEMPLATE), the baseline;
3. `generate_national()` (13 districts × 300 organisations, 5,000 action items,
   40 meetings a district) into the first database;
4. every page on both databases: 3 warm-up requests, one request under
   `CaptureQueriesContext` (the query count; not timed), then `--repeat` timed
   requests (default 50) in rounds of 5 that alternate between the Ansan-only
   and the national database, so that a change in machine load during the run
   moves both alike instead of skewing their ratio;
5. prints the table and writes it, with the raw figures, to
   var/bench/foundation.json.

"Server time" is measured in-process: `django.test.Client` (logged in with
`force_login`) sends the request through the whole middleware stack, the view
and the templates; `time.perf_counter()` is read around `client.get()` (and
`time.process_time()`, the CPU time of this process). The median and the 95th
percentile (nearest rank) are reported. The test client keeps the database
connection open between requests, so connecting is not in the page times; it
is measured separately.

The peers: each page on the Ansan-only snapshot, timed in the same rounds (how
time and queries change when the data grows ~13×), and Django's own admin
changelist for Organisation beside our partner directory.
"""

from __future__ import annotations

import argparse
import gc
import json
import math
import os
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench import harness

TARGET_MEDIAN_MS = 100.0
TARGET_P95_MS = 250.0
WARMUP = 3
CONNECT_SAMPLES = 20
BLOCK = 5  # timed requests a page before switching to the other scale
# A page whose timed requests have taken this long stops being timed once it has
# MIN_SAMPLES samples (its n is printed): a page ten times over target must not
# make the whole run ten times longer.
PAGE_BUDGET_S = 15.0
MIN_SAMPLES = 20

SCALE_DEFAULT = {
    "districts": 13,
    "orgs_per_district": 300,
    "action_items": 5000,
    "meetings_per_district": 40,
}
SCALE_QUICK = {
    "districts": 3,
    "orgs_per_district": 60,
    "action_items": 600,
    "meetings_per_district": 8,
}

BENCH_ADMIN = "bench-admin"

BENCH_COORDINATOR = "bench-coordinator"  # of the first generated district (Pohang)


@dataclass(frozen=True)
class Page:
    key: str
    title: str
    username: str
    route: str
    # Pages that exist only at national scale (a generated district's coordinator)
    # take the Ansan-only figures of this page as their baseline.
    baseline: str | None = None

    @property
    def national_only(self) -> bool:
        return self.baseline is not None


# Ours, then the peer (Django's admin, which has no target of ours).
PAGES = [
    Page("home.coordinator", "home · coordinator (Ansan)", "coordinator", "home"),
    Page("home.ministry", "home · ministry (national roll-up)", "ministry", "home"),
    Page("directory.coordinator", "partner directory · coordinator, p.1", "coordinator", "partners:directory"),
    Page("directory.ministry", "partner directory · ministry, p.1", "ministry", "partners:directory"),
    Page("actions.coordinator", "action items · coordinator, p.1", "coordinator", "governance:action_list"),
    Page("actions.ministry", "action items · ministry, p.1", "ministry", "governance:action_list"),
    Page("home.coordinator300", "home · coordinator of a generated district (*)", BENCH_COORDINATOR, "home", "home.coordinator"),
    Page("directory.coordinator300", "partner directory · that coordinator, p.1 (*)", BENCH_COORDINATOR, "partners:directory", "directory.coordinator"),
    Page("actions.coordinator300", "action items · that coordinator, p.1 (*)", BENCH_COORDINATOR, "governance:action_list", "actions.coordinator"),
    Page("admin.organisations", "Django admin · Organisation changelist", BENCH_ADMIN, "admin:partners_organisation_changelist"),
]  # fmt: skip
ADMIN_KEY = "admin.organisations"


# =============================================================================
# child: one database, measured in-process
# =============================================================================


class _Progress:
    """A text stream for the demo generators' messages: indented, to stderr."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix

    def write(self, text: str) -> None:
        for line in text.splitlines():
            if line.strip():
                print(f"{self.prefix}{line}", file=sys.stderr, flush=True)

    def flush(self) -> None:
        sys.stderr.flush()


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _row_counts() -> dict[str, int]:
    from mujigae.core.models import AuditEntry, District, User
    from mujigae.governance.models import ActionItem, Commitment, Decision, Meeting
    from mujigae.partners.models import Organisation, Person

    models = {
        "districts": District,
        "organisations": Organisation,
        "people": Person,
        "meetings": Meeting,
        "decisions": Decision,
        "action_items": ActionItem,
        "commitments": Commitment,
        "users": User,
        "audit_entries": AuditEntry,
    }
    return {name: model.objects.count() for name, model in models.items()}


class _Databases:
    """The two databases of a run and switching the default connection between them.

    "ansan" is a snapshot taken right after `load_ansan()` (SQLite: VACUUM INTO a
    second file; PostgreSQL: CREATE DATABASE … TEMPLATE), "national" is the
    database `generate_national()` then fills. Both scales are measured in
    alternating blocks, so that a change of machine load during the run shifts
    both alike instead of skewing the ratio."""

    def __init__(self) -> None:
        from django.db import connection

        self.connection = connection
        self.settings = connection.settings_dict
        self.names = {"national": self.settings["NAME"]}
        self.current = "national"

    def snapshot_ansan(self) -> None:
        connection = self.connection
        if connection.vendor == "sqlite":
            path = str(Path(self.names["national"]).with_name("ansan.sqlite3"))
            with connection.cursor() as cursor:
                cursor.execute("VACUUM INTO %s", [path])
            self.names["ansan"] = path
            return
        import psycopg
        from psycopg import sql

        name = f"{self.names['national']}_ansan"
        connection.close()
        params = {
            "dbname": "postgres",
            "host": self.settings.get("HOST") or None,
            "port": self.settings.get("PORT") or None,
            "user": self.settings.get("USER") or None,
            "password": self.settings.get("PASSWORD") or None,
        }
        with psycopg.connect(**{k: v for k, v in params.items() if v}, autocommit=True) as pg:
            pg.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
            pg.execute(
                sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                    sql.Identifier(name), sql.Identifier(self.names["national"])
                )
            )
        self.names["ansan"] = name

    def use(self, scale: str) -> None:
        if scale != self.current:
            self.connection.close()
            self.settings["NAME"] = self.names[scale]
            self.current = scale
        self.connection.ensure_connection()


def _clients(pages: list[Page]) -> dict[str, Any]:
    from django.test import Client

    from mujigae.core.models import User

    clients = {}
    for username in {page.username for page in pages}:
        if username not in clients:
            client = Client()
            client.force_login(User.objects.get(username=username))
            clients[username] = client
    return clients


def _probe(client: Any, url: str) -> dict[str, Any]:
    """Warm-up requests, then one request under CaptureQueriesContext (not timed)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(WARMUP):
        response = client.get(url)
        if response.status_code != 200:
            return {"url": url, "status": response.status_code, "error": True}
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    queries = ctx.captured_queries
    sql_counts = Counter(q["sql"] for q in queries)
    slowest = sorted(queries, key=lambda q: float(q["time"]), reverse=True)[:3]
    return {
        "url": url,
        "status": response.status_code,
        "error": response.status_code != 200,
        "bytes": len(response.content),
        "queries": len(queries),
        "sql_ms": 1000 * sum(float(q["time"]) for q in queries),
        "repeated_sql": sum(n for n in sql_counts.values() if n > 1),
        "slowest_sql": [{"ms": 1000 * float(q["time"]), "sql": q["sql"][:400]} for q in slowest],
    }


def _measure(dbs: _Databases, repeat: int, label: str) -> dict[str, dict[str, dict[str, Any]]]:
    """Both scales, every page: probe each, then `repeat` timed requests a page in
    alternating blocks (ansan, national, ansan, …), each block opened by one untimed
    request a page."""
    from django.urls import reverse

    scales = ("ansan", "national")
    urls = {page.key: reverse(page.route) for page in PAGES}
    pages = {
        "ansan": [page for page in PAGES if not page.national_only],
        "national": list(PAGES),
    }
    clients: dict[str, dict[str, Any]] = {}
    results: dict[str, dict[str, dict[str, Any]]] = {}
    for scale in scales:
        dbs.use(scale)
        clients[scale] = _clients(pages[scale])
        results[scale] = {
            page.key: _probe(clients[scale][page.username], urls[page.key]) for page in pages[scale]
        }
    wall: dict[tuple[str, str], list[float]] = {(s, p.key): [] for s in scales for p in pages[s]}
    cpu: dict[tuple[str, str], list[float]] = {(s, p.key): [] for s in scales for p in pages[s]}
    blocks = math.ceil(repeat / BLOCK)
    _say(f"  {label} timing: {blocks} rounds × 2 scales × {len(PAGES)} pages × {BLOCK} requests")
    gc.collect()
    for block in range(blocks):
        size = min(BLOCK, repeat - block * BLOCK)
        for scale in scales:
            dbs.use(scale)
            for page in pages[scale]:
                key = page.key
                if results[scale][key]["error"]:
                    continue
                if sum(wall[scale, key]) > PAGE_BUDGET_S and len(wall[scale, key]) >= MIN_SAMPLES:
                    continue  # a very slow page: enough samples, keep the run short
                client = clients[scale][page.username]
                client.get(urls[key])  # untimed: warms the fresh connection
                for _ in range(size):
                    w0, c0 = time.perf_counter(), time.process_time()
                    client.get(urls[key])
                    cpu[scale, key].append(time.process_time() - c0)
                    wall[scale, key].append(time.perf_counter() - w0)
    for scale in scales:
        for key in results[scale]:
            if results[scale][key]["error"]:
                _say(f"    {label} {scale} {key}: HTTP {results[scale][key]['status']} (not timed)")
                continue
            results[scale][key].update(harness.summary_ms(wall[scale, key]))
            results[scale][key]["cpu_median_ms"] = harness.summary_ms(cpu[scale, key])["median_ms"]
            r = results[scale][key]
            _say(
                f"    {label} {scale:8} {key:24} median {r['median_ms']:6.1f} ms, "
                f"p95 {r['p95_ms']:6.1f} ms, {r['queries']} queries"
            )
    return results


def _add_bench_coordinator() -> dict[str, Any]:
    """A coordinator of the first generated district (the generator makes no logins)."""
    from mujigae.core.models import District, Role, User
    from mujigae.partners.models import OrgKind

    district = District.objects.filter(code__startswith="sample-").order_by("pk").first()
    if district is None:
        raise RuntimeError("generate_national() wrote no sample district")
    office = district.organisations.filter(kind=OrgKind.EDUCATION_OFFICE).first()
    user, _ = User.objects.update_or_create(
        username=BENCH_COORDINATOR,
        defaults={
            "role": Role.COORDINATOR,
            "district": district,
            "organisation": office,
            "is_active": True,
        },
    )
    user.set_unusable_password()
    user.save()
    return {
        "name": district.name,
        "code": district.code,
        "organisations": district.organisations.count(),
        "action_items": district.action_items.count(),
        "meetings": district.meetings.count(),
    }


def _measure_connect() -> dict[str, float]:
    """Opening a database connection: paid on every request when
    MUJIGAE_DB_CONN_MAX_AGE=0 (the default), not included in the page times."""
    from django.db import connection

    samples = []
    for _ in range(CONNECT_SAMPLES):
        connection.close()
        started = time.perf_counter()
        connection.ensure_connection()
        samples.append(time.perf_counter() - started)
    return harness.summary_ms(samples)


def _db_version() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("select sqlite_version()")
            return f"SQLite {cursor.fetchone()[0]}"
        cursor.execute("show server_version")
        return f"PostgreSQL {cursor.fetchone()[0].split()[0]}"


def child(args: argparse.Namespace) -> int:
    import django

    django.setup()

    from django.core.management import call_command
    from django.db import connection

    from mujigae.core.models import User
    from mujigae.demo.ansan import load_ansan
    from mujigae.demo.national import generate_national

    scale = SCALE_QUICK if args.quick else SCALE_DEFAULT
    label = f"[{connection.vendor}]"
    progress = _Progress(f"    {label} ")
    generation: list[dict[str, Any]] = []
    dbs = _Databases()
    load = {"start": os.getloadavg()}

    def step(name: str, func, *a, **kw):
        _say(f"  {label} {name} …")
        started = time.perf_counter()
        value = func(*a, **kw)
        seconds = time.perf_counter() - started
        generation.append({"step": name, "seconds": seconds})
        _say(f"  {label} {name}: {seconds:.1f} s")
        return value

    step("migrate", call_command, "migrate", verbosity=0, interactive=False)
    step("load_ansan()", load_ansan, stdout=progress)
    admin, _ = User.objects.update_or_create(
        username=BENCH_ADMIN,
        defaults={"is_superuser": True, "is_staff": True, "is_active": True},
    )
    admin.set_unusable_password()
    admin.save()
    rows = {"ansan": _row_counts()}
    step("snapshot of the Ansan-only database", dbs.snapshot_ansan)
    dbs.use("national")
    step(
        "generate_national({districts}, {orgs_per_district}, {action_items}, "
        "{meetings_per_district})".format(**scale),
        generate_national,
        stdout=progress,
        **scale,
    )
    rows["national"] = _row_counts()
    generated = _add_bench_coordinator()

    pages = _measure(dbs, args.repeat, label)
    dbs.use("national")
    load["end"] = os.getloadavg()
    result = {
        "backend": connection.vendor,
        "database": _db_version(),
        "scale": scale,
        "repeat": args.repeat,
        "warmup": WARMUP,
        "block": BLOCK,
        "loadavg": load,
        "generation": generation,
        "rows": rows,
        "generated_district": generated,
        "pages": pages,
        "connect": _measure_connect(),
    }
    connection.close()
    Path(args.result).write_text(json.dumps(result, ensure_ascii=False, indent=2))
    return 0


# =============================================================================
# parent: databases, child processes, the table
# =============================================================================


def _verdict_time(value: float | None, target: float) -> str:
    if value is None:
        return ""
    return "ok" if value < target else "OVER"


def _verdict_queries(ours: int | None, base: int | None) -> str:
    if ours is None or base is None:
        return ""
    if ours == base:
        return "flat"
    return f"GROWS {ours - base:+d}"


def _page_figures(
    title: str, ours: dict, peer: dict, targets: bool, repeat: int, flat: dict | None = None
) -> list[list[str]]:
    """Three rows (median, p95, queries) of one page beside its peer. `targets`:
    judge the times against ours; `flat`: the baseline whose query count ours must
    equal (by default the peer)."""
    if ours.get("error") or peer.get("error"):
        status = f"HTTP {ours.get('status')} / {peer.get('status')}"
        return [[f"{title}: {status}", "—", "—", "—", "—", "not measured"]]
    flat = peer if flat is None else flat
    if ours["n"] < repeat or peer["n"] < repeat:
        title = f"{title} (n={ours['n']}/{peer['n']})"
    med, p95, q = ours["median_ms"], ours["p95_ms"], ours["queries"]
    pmed, pp95, pq = peer["median_ms"], peer["p95_ms"], peer["queries"]
    return [
        [
            f"{title}: median ms",
            harness.fmt_ms(med),
            f"< {TARGET_MEDIAN_MS:.0f}" if targets else "—",
            harness.fmt_ms(pmed),
            harness.fmt_ratio(harness.ratio(med, pmed)),
            _verdict_time(med, TARGET_MEDIAN_MS) if targets else "",
        ],
        [
            f"{title}: p95 ms",
            harness.fmt_ms(p95),
            f"< {TARGET_P95_MS:.0f}" if targets else "—",
            harness.fmt_ms(pp95),
            harness.fmt_ratio(harness.ratio(p95, pp95)),
            _verdict_time(p95, TARGET_P95_MS) if targets else "",
        ],
        [
            f"{title}: queries",
            harness.fmt_int(q),
            "flat" if targets else "—",
            harness.fmt_int(pq),
            harness.fmt_ratio(harness.ratio(q, pq)),
            _verdict_queries(q, flat.get("queries")) if targets else "",
        ],
    ]


HEADERS = ["figure", "ours", "target", "peer", "ratio", "vs target"]
RIGHT = [False, True, True, True, True, False]


def _rows_text(rows: dict[str, int]) -> str:
    return (
        f"{rows['districts']} district{'s' if rows['districts'] != 1 else ''}, "
        f"{rows['organisations']:,} organisations, {rows['people']:,} people, "
        f"{rows['meetings']:,} meetings, {rows['action_items']:,} action items"
    )


def _pair(run: dict[str, Any], page: Page) -> tuple[dict, dict] | None:
    """(national figures, Ansan-only baseline) of a page, or None if the run lacks it."""
    national = run["pages"]["national"].get(page.key)
    baseline = run["pages"]["ansan"].get(page.baseline or page.key)
    if national is None or baseline is None:
        return None
    return national, baseline


def _findings(run: dict[str, Any]) -> list[str]:
    """One line per page of ours that misses a target or whose HTML or query count
    grows with the data, with what points at the cause."""
    lines = []
    for page in PAGES:
        pair = _pair(run, page)
        if page.key == ADMIN_KEY or pair is None:
            continue
        n, a = pair
        if n.get("error") or a.get("error"):
            continue
        over = n["median_ms"] >= TARGET_MEDIAN_MS or n["p95_ms"] >= TARGET_P95_MS
        grows = n["queries"] != a["queries"] or n["bytes"] > 3 * a["bytes"]
        if not (over or grows):
            continue
        lines.append(
            f"{page.title}: median {harness.fmt_ms(n['median_ms'])} ms, p95 "
            f"{harness.fmt_ms(n['p95_ms'])} ms; {n['queries']} queries "
            f"(Ansan-only {a['queries']}), SQL {n['sql_ms']:.0f} ms in one request; "
            f"CPU in Django {harness.fmt_ms(n['cpu_median_ms'])} ms "
            f"(Ansan-only {harness.fmt_ms(a['cpu_median_ms'])}); HTML {n['bytes'] / 1024:.0f} KB "
            f"(Ansan-only {a['bytes'] / 1024:.0f} KB)"
        )
    return lines


def report(run: dict[str, Any]) -> str:
    load = run["loadavg"]
    out = [
        f"== {run['database']} — {run['repeat']} timed requests a page and scale, "
        f"in rounds of {run['block']} alternating Ansan-only / national; "
        f"load average {load['start'][0]:.1f} → {load['end'][0]:.1f} ==",
        "",
        "Data generation",
    ]
    gen_rows = []
    for item in run["generation"]:
        after = ""
        if item["step"].startswith("load_ansan"):
            after = _rows_text(run["rows"]["ansan"])
        elif item["step"].startswith("generate_national"):
            after = _rows_text(run["rows"]["national"])
        gen_rows.append([item["step"], f"{item['seconds']:.1f} s", after])
    out.append(harness.table(["step", "time", "rows afterwards"], gen_rows, [False, True, False]))

    out += [
        "",
        "1. National scale vs the same page on Ansan-only data "
        "(peer = Ansan-only snapshot, timed in the same rounds; ratio = national ÷ Ansan-only)",
    ]
    rows: list[list[str]] = []
    for page in PAGES:
        pair = _pair(run, page)
        if pair is not None:
            rows += _page_figures(page.title, *pair, page.key != ADMIN_KEY, run["repeat"])
    out.append(harness.table(HEADERS, rows, RIGHT))
    gen = run.get("generated_district")
    if gen:
        out.append(
            f"(*) coordinator of {gen['name']}: {gen['organisations']:,} organisations, "
            f"{gen['action_items']:,} action items, {gen['meetings']} meetings; its peer is "
            "the Ansan coordinator's page on Ansan-only data"
        )

    out += [
        "",
        "2. Our partner directory vs Django's admin changelist for Organisation at national "
        "scale (peer = admin as superuser: all organisations, 100 a page, 4 list filters; "
        "ours: 50 a page; ratio = ours ÷ admin; 'vs target' for queries: flat vs Ansan-only)",
    ]
    rows = []
    admin = run["pages"]["national"][ADMIN_KEY]
    for page in PAGES:
        pair = _pair(run, page)
        if page.route == "partners:directory" and pair is not None:
            rows += _page_figures(page.title, pair[0], admin, True, run["repeat"], flat=pair[1])
    out.append(harness.table(HEADERS, rows, RIGHT))

    out += [
        "",
        "3. CPU time of this process per request (median ms): less sensitive to other load "
        "on the machine than the times above; excludes the database server's own work on "
        "PostgreSQL (peer = Ansan-only; ratio = national ÷ Ansan-only)",
    ]
    rows = []
    for page in PAGES:
        pair = _pair(run, page)
        if pair is None:
            continue
        n, a = (fig.get("cpu_median_ms") for fig in pair)
        rows.append(
            [
                page.title,
                harness.fmt_ms(n),
                harness.fmt_ms(a),
                harness.fmt_ratio(harness.ratio(n, a)),
            ]
        )
    out.append(
        harness.table(["page", "national", "Ansan-only", "ratio"], rows, [False, True, True, True])
    )

    findings = _findings(run)
    if findings:
        out += ["", "Over target or growing with the data (national scale):"]
        out += [f"  - {line}" for line in findings]

    conn = run["connect"]
    out += [
        "",
        f"Not in the page times: opening a database connection takes "
        f"{conn['median_ms']:.2f} ms (median of {conn['n']}), paid on every request "
        "when MUJIGAE_DB_CONN_MAX_AGE=0 (the default).",
    ]
    return "\n".join(out)


def _parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description=(
            "Foundation benchmark: server time (median, p95) and query count of the home "
            "page, the partner directory and the action item list on generated "
            "national-scale data, beside the same pages on Ansan-only data and Django's "
            "admin changelist. Prints a table; never asserts."
        ),
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=None,
        help="timed requests per page (default 50; 20 with --quick)",
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="smoke run on small data (3 districts × 60 organisations, 600 action items)",
    )
    parser.add_argument(
        "--postgres",
        metavar="URL",
        default=None,
        help=(
            "PostgreSQL server and benchmark database to create and drop afterwards "
            f"(default: $BENCH_DATABASE_URL or {harness.DEFAULT_POSTGRES}); its name "
            "must contain 'bench'"
        ),
    )
    parser.add_argument(
        "--only", choices=["sqlite", "postgres"], default=None, help="run one database only"
    )
    parser.add_argument(
        "--json",
        metavar="PATH",
        default=str(harness.ROOT / "var" / "bench" / "foundation.json"),
        help="where to write the results (default var/bench/foundation.json)",
    )
    parser.add_argument(
        "--report", metavar="PATH", help="print the table of an earlier run's JSON; run nothing"
    )
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--result", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.repeat is None:
        args.repeat = 20 if args.quick else 50
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    return args


def _run_one(name: str, database_url: str, var_dir: Path, args: argparse.Namespace) -> dict | None:
    result_path = var_dir / "result.json"
    child_args = ["--child", "--result", str(result_path), "--repeat", str(args.repeat)]
    if args.quick:
        child_args.append("--quick")
    code = harness.run_child(
        "bench.foundation", child_args, harness.child_env(database_url, var_dir)
    )
    if code != 0 or not result_path.exists():
        _say(f"  {name}: the run failed (exit code {code})")
        return None
    return json.loads(result_path.read_text())


def main(argv: list[str] | None = None) -> int:
    args = _parse(argv)
    if args.child:
        return child(args)
    if args.report:
        print(render(json.loads(Path(args.report).read_text())))
        return 0

    started = time.perf_counter()
    info = harness.machine()
    scale = SCALE_QUICK if args.quick else SCALE_DEFAULT
    explicit_pg = args.postgres or os.environ.get("BENCH_DATABASE_URL")
    runs: list[dict[str, Any]] = []
    notes: list[str] = []
    failed = False

    _say(
        f"mujigae bench: foundation — {info['cores']} cores, Python {info['python']}, "
        f"scale {scale}, {args.repeat} requests a page"
    )

    if args.only != "postgres":
        with tempfile.TemporaryDirectory(prefix="mujigae-bench-") as tmp:
            var_dir = Path(tmp)
            url = f"sqlite:///{var_dir / 'bench.sqlite3'}"
            _say(f"SQLite: {url}")
            run = _run_one("SQLite", url, var_dir, args)
            failed |= run is None
            if run:
                runs.append(run)

    if args.only != "sqlite":
        try:
            target = harness.PostgresTarget.parse(explicit_pg or harness.DEFAULT_POSTGRES)
        except ValueError as exc:
            _say(f"PostgreSQL: {exc}")
            return 2
        ok, detail = target.reachable()
        if not ok:
            message = f"PostgreSQL at {target.display} not reachable ({detail}): skipped"
            _say(message)
            notes.append(message)
            if explicit_pg or args.only == "postgres":
                failed = True
        else:
            _say(f"PostgreSQL {detail}: {target.display} (created now, dropped afterwards)")
            target.create()
            try:
                with tempfile.TemporaryDirectory(prefix="mujigae-bench-") as tmp:
                    run = _run_one("PostgreSQL", target.url, Path(tmp), args)
                    failed |= run is None
                    if run:
                        run["server"] = target.display
                        runs.append(run)
            finally:
                target.drop()

    elapsed = time.perf_counter() - started
    payload = {
        "benchmark": "foundation",
        "machine": info,
        "config": {"scale": scale, "quick": args.quick, "repeat": args.repeat, "warmup": WARMUP},
        "targets": {
            "median_ms": TARGET_MEDIAN_MS,
            "p95_ms": TARGET_P95_MS,
            "queries": "independent of row count",
        },
        "pages": [
            {
                "key": p.key,
                "title": p.title,
                "user": p.username,
                "route": p.route,
                "baseline": p.baseline,
            }
            for p in PAGES
        ],
        "runs": runs,
        "notes": notes,
        "seconds": elapsed,
    }
    payload["table"] = text = render(payload)
    print(text, flush=True)
    out = Path(args.json)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(payload, ensure_ascii=False, indent=2, default=_json_default))
    print(f"Written: {out}", flush=True)
    return 1 if failed else 0


def render(payload: dict[str, Any]) -> str:
    """The printed report of a whole run (also `python -m bench --report FILE`)."""
    info, config = payload["machine"], payload["config"]
    scale = config["scale"]
    scale_text = (
        f"{scale['districts']} districts × {scale['orgs_per_district']} organisations, "
        f"{scale['action_items']:,} action items, {scale['meetings_per_district']} meetings "
        "a district" + (" (--quick)" if config["quick"] else "")
    )
    texts = [
        "",
        f"mujigae bench: foundation — {info['date']} — {info['cores']} cores ({info['cpu']}), "
        f"Python {info['python']}",
        f"Data: Ansan demo, then generate_national: {scale_text}.",
        f"Targets (ours): median < {TARGET_MEDIAN_MS:.0f} ms and p95 < {TARGET_P95_MS:.0f} ms "
        "server time per page at national scale; query count flat (independent of row count).",
        "",
    ]
    for run in payload["runs"]:
        texts += [report(run), ""]
    texts += payload["notes"]
    texts.append(f"Total time of the benchmark: {payload['seconds']:.0f} s.")
    return "\n".join(texts)


def _json_default(value: Any) -> Any:
    if isinstance(value, float) and math.isnan(value):
        return None
    return str(value)


if __name__ == "__main__":
    sys.exit(main())
