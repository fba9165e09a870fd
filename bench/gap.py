"""The skills-gap benchmark: the national recompute at national scale.

Per database (SQLite always; PostgreSQL too when the server answers — on a
database of its own, default `mujigae_bench_gap`, created and dropped here), in a
child process (`python -m bench.gap --child`) whose settings come from the
environment set before `django.setup()`:

1. fresh database, `migrate`;
2. generated straight into the tables (bulk inserts; COPY on PostgreSQL, not
   through the services): 13 districts, an NCS tree with 5,000 competency
   units, per district ~417 occupations of 12 units covering all 5,000 units
   (so the figures approach 13 × 5,000 × 5 cells), 20,000 companies with
   one survey response each (10 % left as drafts, which must not count),
   1,000,000 hiring rows over 5 years naming 1–4 of their occupation's units
   (full codes, 10-digit codes, "code name" tokens; 5 % with an unknown name,
   3 % with nothing), 2,000 confirmed tags, 20,000 programmes with 3 modules of
   3–5 units, and 100,000 cohorts (a programme a year; past years completed);
3. timed: `gap_recompute()` (read every source row, compute, replace every
   figure in one transaction) — a warm-up, then `--repeat` runs, median; then
   the recompute of one district (its rows read, the others' cells kept);
4. the peer, measured in the same run on the same data: what a plain Django
   implementation would do — the ORM's `values_list` iterators, every row's
   text split and looked up again, the aggregation in dicts and loops
   (`gap.compute_naive`) and `bulk_create` of the figures, rolled back after.

`--quick`: 1/20 of the data (50,000 hiring rows, 5,000 cohorts, 1,000 units).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from bench import harness

TARGET_S = 5.0
DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432/mujigae_bench_gap"
YEARS = [2025, 2026, 2027, 2028, 2029]
FULL = {
    "districts": 13,
    "units": 5000,
    "companies": 20000,
    "hiring_rows": 1_000_000,
    "programmes": 20000,
    "tags": 2000,
}
QUICK = {
    "districts": 13,
    "units": 1000,
    "companies": 1000,
    "hiring_rows": 50_000,
    "programmes": 1000,
    "tags": 100,
}
UNITS_PER_OCCUPATION = 12


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# =============================================================================
# data
# =============================================================================


def generate(size: dict[str, int], seed: int = 20260808) -> dict[str, Any]:
    from django.db import connection, transaction
    from django.utils import timezone

    from mujigae.competencies.models import CompetencyUnit, NcsClass, NcsLevel
    from mujigae.core.models import District
    from mujigae.curriculum.models import Cohort, Module, ModuleUnit, Programme, ProgrammeKind
    from mujigae.partners.models import Organisation, OrgKind
    from mujigae.surveys.models import HiringDemand, Invitation, Question, Response, Section, Survey

    rng = random.Random(seed)
    now = timezone.now()
    stamp = connection.ops.adapt_datetimefield_value(now)
    counts: dict[str, Any] = {}
    with transaction.atomic():
        districts = District.objects.bulk_create(
            [
                District(
                    code=f"bench-{i:02d}",
                    name=f"벤치 혁신지구 {i:02d}",
                    region="벤치",
                    is_sample=True,
                )
                for i in range(size["districts"])
            ]
        )
        d_ids = harness.ids_of(District, code__startswith="bench-")
        # the NCS tree: 1 major, 1 middle, 1 minor, jobs of 50 units each
        major = NcsClass.objects.create(code="90", name="벤치 대분류", level=NcsLevel.MAJOR)
        middle = NcsClass.objects.create(
            code="9001", name="벤치 중분류", level=NcsLevel.MIDDLE, parent=major
        )
        minor = NcsClass.objects.create(
            code="900101", name="벤치 소분류", level=NcsLevel.MINOR, parent=middle
        )
        n_jobs = (size["units"] + 49) // 50
        NcsClass.objects.bulk_create(
            [
                NcsClass(
                    code=f"9001{j:04d}", name=f"벤치 직무 {j}", level=NcsLevel.JOB, parent=minor
                )
                for j in range(n_jobs)
            ]
        )
        jobs = harness.ids_of(NcsClass, level=NcsLevel.JOB, code__startswith="9001")
        codes = [f"9001{u // 50:04d}{u % 50:02d}_{17 + u % 3}v1" for u in range(size["units"])]
        CompetencyUnit.objects.bulk_create(
            [
                CompetencyUnit(
                    code=c, job_id=jobs[u // 50], name=f"벤치 능력단위 {u}", level=3, is_sample=True
                )
                for u, c in enumerate(codes)
            ],
            batch_size=5000,
        )
        unit_ids = harness.ids_of(CompetencyUnit, code__startswith="9001")
        counts["units"] = len(unit_ids)

        # occupations: 12 units each; a district's occupations cover every unit
        # (the brief's shape: 13 districts × 5,000 units × 5 years)
        occ_units = {}
        for d in d_ids:
            order = list(range(len(codes)))
            rng.shuffle(order)
            occ_units[d] = [
                order[k : k + UNITS_PER_OCCUPATION]
                for k in range(0, len(order), UNITS_PER_OCCUPATION)
            ]
        n_occ = len(occ_units[d_ids[0]])

        # companies, schools, one survey per district, one response per company
        per_d = size["companies"] // len(d_ids)
        Organisation.objects.bulk_create(
            [
                Organisation(
                    district_id=d,
                    name=f"벤치기업 {d}-{i:05d}",
                    kind=OrgKind.COMPANY,
                    is_sample=True,
                )
                for d in d_ids
                for i in range(per_d)
            ]
            + [
                Organisation(
                    district_id=d, name=f"벤치학교 {d}-{i:02d}", kind=OrgKind.SCHOOL, is_sample=True
                )
                for d in d_ids
                for i in range(10)
            ],
            batch_size=5000,
        )
        companies = {
            d: harness.ids_of(Organisation, district_id=d, kind=OrgKind.COMPANY) for d in d_ids
        }
        schools = {
            d: harness.ids_of(Organisation, district_id=d, kind=OrgKind.SCHOOL) for d in d_ids
        }
        surveys, questions = {}, {}
        for d in d_ids:
            s = Survey.objects.create(
                district_id=d, title="벤치 인력수요조사", year=2025, status="closed"
            )
            sec = Section.objects.create(survey=s, position=1, title="채용 수요")
            q = Question.objects.create(
                survey=s, section=sec, position=1, code="hiring", kind="hiring", text="채용 수요"
            )
            surveys[d], questions[d] = s.pk, q.pk
        Invitation.objects.bulk_create(
            [
                Invitation(
                    survey_id=surveys[d],
                    organisation_id=o,
                    token=f"bench-{o}-{d}-tokenxxxxxxxxxxxx",
                    status="submitted",
                )
                for d in d_ids
                for o in companies[d]
            ],
            batch_size=5000,
        )
        inv = dict(
            Invitation.objects.filter(token__startswith="bench-").values_list(
                "organisation_id", "pk"
            )
        )
        drafts = set()
        resp = []
        for d in d_ids:
            for o in companies[d]:
                submitted = rng.random() >= 0.10
                if not submitted:
                    drafts.add(o)
                resp.append(
                    Response(
                        invitation_id=inv[o],
                        survey_id=surveys[d],
                        organisation_id=o,
                        is_submitted=submitted,
                        submitted_at=now if submitted else None,
                    )
                )
        Response.objects.bulk_create(resp, batch_size=5000)
        response_of = dict(Response.objects.values_list("organisation_id", "pk"))

        # hiring rows
        timings = ["this_year", "next_year", "in_two_years"]
        rows = []
        n_rows = size["hiring_rows"]
        flat = [(d, o) for d in d_ids for o in companies[d]]
        for k in range(n_rows):
            d, o = flat[k % len(flat)]
            occ = rng.randrange(n_occ)
            pool = occ_units[d][occ]
            roll = rng.random()
            if roll < 0.03:
                text = ""
            else:
                picked = sorted(rng.sample(pool, min(len(pool), rng.randint(1, 4))))
                parts = []
                for u in picked:
                    style = u % 3
                    if style == 0:
                        parts.append(codes[u])
                    elif style == 1:
                        parts.append(codes[u].split("_")[0])  # 10-digit: newest version
                    else:
                        parts.append(f"{codes[u]} 벤치 능력단위 {u}")
                if roll > 0.95:
                    parts.append("로봇 유지보수 일반")  # a name, not a code
                text = ", ".join(parts)
            rows.append(
                (
                    response_of[o],
                    questions[d],
                    d,
                    YEARS[k % len(YEARS)],
                    f"벤치 직무 {occ}",
                    text[:500],
                    rng.randint(1, 9),
                    timings[k % 3],
                    False,
                )
            )
        harness.bulk_insert(
            HiringDemand._meta.db_table,
            (
                "response_id",
                "question_id",
                "district_id",
                "year",
                "occupation",
                "competency_units",
                "headcount",
                "timing",
                "accepts_trainees",
            ),
            rows,
        )
        counts["hiring_rows"] = n_rows
        counts["draft_companies"] = len(drafts)
        del rows

        # confirmed tags (the competencies app's table), if it is there
        try:
            from mujigae.competencies.models import TagSource, UnitTag

            first = HiringDemand.objects.order_by("pk").values_list("pk", flat=True).first()
            tags = [
                UnitTag(
                    district_id=d_ids[k % len(d_ids)],
                    source_kind=TagSource.HIRING,
                    source_id=first + rng.randrange(n_rows),
                    text="벤치",
                    unit_id=unit_ids[rng.randrange(len(unit_ids))],
                    confirmed_at=now,
                )
                for k in range(size["tags"])
            ]
            UnitTag.objects.bulk_create(tags, batch_size=5000)
            counts["tags"] = len(tags)
        except ImportError:
            counts["tags"] = 0

        # programmes, modules, units, cohorts
        per_d_prog = size["programmes"] // len(d_ids)
        Programme.objects.bulk_create(
            [
                Programme(
                    district_id=d,
                    provider_id=schools[d][i % 10],
                    kind=ProgrammeKind.SCHOOL_MAJOR,
                    name=f"벤치과정 {i:05d}",
                    is_sample=True,
                )
                for d in d_ids
                for i in range(per_d_prog)
            ],
            batch_size=5000,
        )
        progs = list(Programme.objects.order_by("pk").values_list("pk", "district_id"))
        Module.objects.bulk_create(
            [
                Module(programme_id=p, name=f"모듈 {m + 1}", order=m)
                for p, _d in progs
                for m in range(3)
            ],
            batch_size=5000,
        )
        modules = list(Module.objects.order_by("pk").values_list("pk", "programme__district_id"))
        mu = []
        for m, d in modules:
            pool = occ_units[d][rng.randrange(n_occ)]
            for u in rng.sample(pool, min(len(pool), rng.randint(3, 5))):
                mu.append((m, unit_ids[u], rng.choice([20, 30, 40, 60])))
        harness.bulk_insert(ModuleUnit._meta.db_table, ("module_id", "unit_id", "hours"), mu)
        cohorts = []
        for p, d in progs:
            for y in YEARS:
                enrolled = rng.randint(8, 30)
                completed = enrolled - rng.randint(0, 4) if y <= 2026 else None
                cohorts.append((p, d, y, enrolled, completed))
        harness.bulk_insert(
            Cohort._meta.db_table,
            ("programme_id", "district_id", "year", "enrolled", "completed"),
            cohorts,
        )
        counts["programmes"] = len(progs)
        counts["module_units"] = len(mu)
        counts["cohorts"] = len(cohorts)
    del stamp
    counts["districts"] = len(districts)
    return counts


# =============================================================================
# the peer: a plain Django implementation
# =============================================================================


def peer_recompute() -> int:
    """ORM iterators, every row parsed on its own, dicts and loops, bulk_create;
    rolled back (the table keeps the real figures)."""
    from django.db import transaction
    from django.db.models import F
    from django.db.models.functions import Coalesce
    from django.utils import timezone

    from mujigae.competencies.selectors import split_tokens, token_code
    from mujigae.curriculum.models import Cohort, ModuleUnit
    from mujigae.insights import gap
    from mujigae.insights.models import GapFigure
    from mujigae.insights.sources import code_index, confirmed_units
    from mujigae.surveys.models import HiringDemand

    class Rollback(Exception):
        pass

    index = code_index()
    confirmed = confirmed_units()
    demand = []
    for pk, d, y, h, c, text in (
        HiringDemand.objects.filter(response__is_submitted=True)
        .values_list(
            "pk",
            "district_id",
            "year",
            "headcount",
            "response__organisation_id",
            "competency_units",
        )
        .iterator(chunk_size=5000)
    ):
        units = []
        for token in split_tokens(text):
            code = token_code(token)
            if code is not None and code in index:
                units.append(index[code])
        units += confirmed.get(pk, [])
        demand.append((d, y, h, c, units))
    cohorts = list(
        Cohort.objects.annotate(e=Coalesce(F("completed"), F("enrolled")))
        .values_list("district_id", "year", "e", "programme_id")
        .iterator(chunk_size=5000)
    )
    pairs = list(
        ModuleUnit.objects.values_list("module__programme_id", "unit_id")
        .distinct()
        .iterator(chunk_size=5000)
    )
    result = gap.compute_naive(demand, cohorts, pairs)
    now = timezone.now()
    n = 0
    try:
        with transaction.atomic():
            GapFigure.objects.all().delete()
            GapFigure.objects.bulk_create(
                (
                    GapFigure(
                        district_id=d or None,
                        unit_id=u,
                        year=y,
                        demand=x["demand"],
                        supply=x["supply"],
                        gap=x["gap"],
                        coverage=x["coverage"],
                        lq=x["lq"],
                        companies=x["companies"],
                        hiring_rows=x["hiring_rows"],
                        cohorts=x["cohorts"],
                        computed_at=now,
                    )
                    for (d, u, y), x in result.items()
                ),
                batch_size=2000,
            )
            n = len(result)
            raise Rollback
    except Rollback:
        pass
    return n


# =============================================================================
# the child: one database
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

    from mujigae.insights.models import GapFigure
    from mujigae.insights.services import gap_recompute

    size = QUICK if args.quick else FULL
    result: dict[str, Any] = {"vendor": connection.vendor, "version": _db_version(connection)}
    t0 = time.perf_counter()
    call_command("migrate", verbosity=0)
    result["migrate_s"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    result["data"] = generate(size)
    result["generate_s"] = time.perf_counter() - t0
    _say(f"  {connection.vendor}: data in {result['generate_s']:.0f} s: {result['data']}")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    gap_recompute()  # warm-up (and the figures the district run keeps)
    times = []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        run = gap_recompute()
        times.append(time.perf_counter() - t0)
    result["national_s"] = times
    result["figures"] = run.figures
    result["read"] = {"hiring_rows": run.hiring_rows, "cohorts": run.cohorts}
    one = (
        GapFigure.objects.filter(district__isnull=False)
        .values_list("district_id", flat=True)
        .first()
    )
    t0 = time.perf_counter()
    gap_recompute(district_ids=[one])
    result["district_s"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    result["peer_figures"] = peer_recompute()
    result["peer_s"] = time.perf_counter() - t0
    Path(args.result).write_text(json.dumps(result))
    return 0


# =============================================================================
# the parent
# =============================================================================


def render(payload: dict) -> str:
    rows = []
    for run in payload["runs"]:
        med = statistics.median(run["national_s"])
        vendor = "SQLite" if run["vendor"] == "sqlite" else "PostgreSQL"
        name = f"{vendor} {run['version'].split()[0]}"
        rows.append(
            [
                f"{name}: national recompute (median of {len(run['national_s'])})",
                f"{med:.2f} s",
                f"{TARGET_S:.0f} s",
                f"{run['peer_s']:.2f} s",
                harness.fmt_ratio(harness.ratio(med, run["peer_s"])),
            ]
        )
        rows.append(
            [f"{name}: one district's source rows", f"{run['district_s']:.2f} s", "—", "—", "—"]
        )
        d = run["data"]
        rows.append(
            [
                f"  data: {d['hiring_rows']:,} hiring rows ({run['read']['hiring_rows']:,} submitted), "
                f"{d['cohorts']:,} cohorts, {d['units']:,} units, {d['districts']} districts "
                f"→ {run['figures']:,} figures (peer: {run['peer_figures']:,})"
            ]
        )
    text = harness.table(
        ["figure", "ours", "target", "peer (plain Django)", "ours/peer"],
        rows,
        [False, True, True, True, True],
    )
    notes = "\n".join(payload.get("notes", []))
    return f"mujigae bench: skills gap\n{text}" + (f"\n{notes}" if notes else "")


def _parse(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m bench gap", description=__doc__.splitlines()[0])
    p.add_argument("--quick", action="store_true", help="1/20 of the data")
    p.add_argument("--repeat", type=int, default=None, help="timed recomputes (default 3)")
    p.add_argument("--postgres", metavar="URL", default=None, help=f"default {DEFAULT_POSTGRES}")
    p.add_argument("--only", choices=["sqlite", "postgres"], default=None)
    p.add_argument("--json", default=str(harness.ROOT / "var" / "bench" / "gap.json"))
    p.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    p.add_argument("--result", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.repeat is None:
        args.repeat = 3
    return args


def _run_one(name: str, url: str, var_dir: Path, args) -> dict | None:
    result = var_dir / "result.json"
    child_args = ["--child", "--result", str(result), "--repeat", str(args.repeat)]
    if args.quick:
        child_args.append("--quick")
    code = harness.run_child("bench.gap", child_args, harness.child_env(url, var_dir))
    if code != 0 or not result.exists():
        _say(f"  {name}: the run failed (exit code {code})")
        return None
    return json.loads(result.read_text())


def main(argv: list[str] | None = None) -> int:
    args = _parse(argv)
    if args.child:
        return child(args)
    explicit_pg = args.postgres or os.environ.get("BENCH_GAP_DATABASE_URL")
    payload, failed = harness.run_benchmark(
        "gap",
        only=args.only,
        explicit_pg=explicit_pg,
        default_pg=DEFAULT_POSTGRES,
        prefix="mujigae-bench-gap-",
        run_one=lambda label, url, var_dir: _run_one(label, url, var_dir, args),
        say=_say,
        render=render,
        json_path=args.json,
        config={"quick": args.quick, "repeat": args.repeat},
        targets={"national_s": TARGET_S},
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
