"""The survey benchmark: the analysis page and the exports at national scale.

Per database (SQLite always; PostgreSQL too when 127.0.0.1:5432 answers), in a
child process (`python -m bench.surveys --child`) whose settings come from the
environment set before `django.setup()`:

1. fresh database, `migrate`, `load_ansan()` (the district, its coordinator and
   partner logins);
2. generated directly with `bulk_create` (not through the services, which is
   what the intake benchmark measures): 20,000 companies in Ansan, one survey of
   40 questions of every kind (single, multi, number, scale, short and long
   text, date, one hiring table), and a second, identical survey answered by
   2,000 companies — the scale baseline of the analysis page;
3. the big survey's responses are generated in steps 5,000 → 10,000 → 20,000;
   after each step the xlsx and the CSV exports are taken as the coordinator
   (time; then again under `tracemalloc` for the peak of Python allocations),
   beside a naive export (a normal, in-memory openpyxl Workbook of the same
   rows) as the memory peer;
4. at 20,000 responses the analysis page, as the coordinator (who sees who
   answered what) and as a partner (aggregates with suppression): warm-up, one
   request under `CaptureQueriesContext`, then timed requests in rounds
   alternating with the 2,000-response survey.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import io
import json
import math
import os
import random
import statistics
import sys
import time
import tracemalloc
from pathlib import Path
from typing import Any

from bench import harness

TARGET_PAGE_S = 1.0
TARGET_EXPORT_S = 30.0
BASELINE_RESPONSES = 2000
STEPS_DEFAULT = [5000, 10000, 20000]
STEPS_QUICK = [500, 1000, 2000]
BASELINE_QUICK = 200
BLOCK = 3
CHUNK = 2000


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# =============================================================================
# data: a 40-question survey and its answers, bulk-created
# =============================================================================

OPTS = lambda prefix, n: [  # noqa: E731
    {"value": f"{prefix}{i}", "label": f"{prefix} 보기 {i}"} for i in range(1, n + 1)
]

# 40 questions: (kind, number of options)
QUESTION_KINDS = (
    ["single"] * 10
    + ["multi"] * 6
    + ["number"] * 6
    + ["scale"] * 8
    + ["short_text"] * 4
    + ["long_text"] * 2
    + ["date"] * 3
    + ["hiring"] * 1
)
assert len(QUESTION_KINDS) == 40

OCCUPATIONS = [
    "로봇 정비원",
    "CNC 가공원",
    "품질관리원",
    "전기설비 기사",
    "용접원",
    "생산관리",
    "설계 보조",
]
UNITS = ["LM1501010101", "LM1501010102", "LM1502020201", "LM1901010101", "LM2001020301"]


def build_survey(district, title: str, *, status: str = "closed"):
    """One survey with 40 questions of every kind, in 4 sections."""
    from django.utils import timezone

    from mujigae.surveys.models import Question, Section, Survey

    survey = Survey.objects.create(
        district=district,
        title=title,
        year=2026,
        status=status,
        deadline=timezone.now() + dt.timedelta(days=30),
    )
    sections = Section.objects.bulk_create(
        [Section(survey=survey, position=i, title=f"섹션 {i}") for i in range(1, 5)]
    )
    questions = []
    for i, kind in enumerate(QUESTION_KINDS):
        options = []
        if kind == "single":
            options = OPTS(f"s{i}-", 4 + i % 3)
        elif kind == "multi":
            options = OPTS(f"m{i}-", 6)
        questions.append(
            Question(
                survey=survey,
                section=sections[i // 10],
                position=i % 10 + 1,
                code=f"q{i + 1:02d}_{kind}",
                kind=kind,
                text=f"질문 {i + 1} ({kind})",
                options=options,
                required=kind in ("single", "scale"),
                min_value=0 if kind == "number" else None,
                max_value=100000 if kind == "number" else None,
            )
        )
    Question.objects.bulk_create(questions)
    return survey, list(survey.questions.order_by("section__position", "position"))


def make_companies(district, n: int, start: int = 0) -> list[int]:
    """n companies (kind company, sample data) in the district; returns their ids."""
    from mujigae.partners.models import Organisation, OrgKind

    rng = random.Random(start)
    areas = ["단원구", "상록구", "반월국가산단", "시화국가산단"]
    orgs = [
        Organisation(
            district=district,
            name=f"벤치기업 {start + i:06d}",
            kind=OrgKind.COMPANY,
            area=areas[i % len(areas)],
            is_sample=True,
            employees=rng.choice([3, 8, 25, 40, 120, 260, 800]),
        )
        for i in range(n)
    ]
    created = Organisation.objects.bulk_create(orgs, batch_size=2000)
    ids = [o.pk for o in created]
    if ids[0] is None:  # backend without RETURNING
        ids = list(
            Organisation.objects.filter(name__startswith="벤치기업 ")
            .order_by("pk")
            .values_list("pk", flat=True)[start : start + n]
        )
    industries = list(district.industries.values_list("pk", flat=True))
    if industries:
        through = Organisation.industries.through
        through.objects.bulk_create(
            [
                through(organisation_id=oid, industry_id=industries[k % len(industries)])
                for k, oid in enumerate(ids)
            ],
            batch_size=5000,
        )
    return ids


def _size(employees: int) -> str:
    from mujigae.surveys.models import size_class

    return size_class(employees)


def make_responses(survey, questions, org_ids: list[int], seed: int) -> dict[str, int]:
    """Invitations, submitted responses, one answer per non-hiring question,
    AnswerOption rows for multi answers and ~2 HiringDemand rows per response."""
    from django.db import transaction
    from django.utils import timezone

    from mujigae.partners.models import Organisation
    from mujigae.surveys.models import Answer, AnswerOption, HiringDemand, Invitation, Response

    rng = random.Random(seed)
    now = timezone.now()
    employees = (
        dict(Organisation.objects.filter(pk__in=org_ids).values_list("pk", "employees"))
        if len(org_ids) < 5000
        else None
    )
    if employees is None:
        employees = {}
        for k in range(0, len(org_ids), 5000):
            employees.update(
                Organisation.objects.filter(pk__in=org_ids[k : k + 5000]).values_list(
                    "pk", "employees"
                )
            )
    counts = {"responses": 0, "answers": 0, "options": 0, "hiring": 0}
    for k in range(0, len(org_ids), 1000):
        batch = org_ids[k : k + 1000]
        with transaction.atomic():
            invs = Invitation.objects.bulk_create(
                [
                    Invitation(
                        survey=survey,
                        organisation_id=oid,
                        token=f"b{survey.pk}-{oid}-{rng.getrandbits(64):016x}",
                        status=Invitation.Status.SUBMITTED,
                        sent_at=now,
                        submitted_at=now,
                    )
                    for oid in batch
                ]
            )
            resps = Response.objects.bulk_create(
                [
                    Response(
                        invitation_id=inv.pk,
                        survey=survey,
                        organisation_id=inv.organisation_id,
                        is_submitted=True,
                        submitted_at=now - dt.timedelta(minutes=rng.randrange(60 * 24 * 20)),
                        size_class=_size(employees[inv.organisation_id]),
                    )
                    for inv in invs
                ]
            )
            answers, multi, hiring = [], [], []
            for r in resps:
                for q in questions:
                    kind = q.kind
                    if kind == "hiring":
                        for _ in range(rng.choice((1, 2, 2, 3))):
                            timing = rng.choice(("this_year", "next_year", "in_two_years"))
                            hiring.append(
                                HiringDemand(
                                    response_id=r.pk,
                                    question_id=q.pk,
                                    district_id=survey.district_id,
                                    year=survey.year
                                    + {"this_year": 0, "next_year": 1, "in_two_years": 2}[timing],
                                    occupation=rng.choice(OCCUPATIONS),
                                    competency_units=", ".join(rng.sample(UNITS, 2)),
                                    headcount=rng.randint(1, 12),
                                    timing=timing,
                                    accepts_trainees=rng.random() < 0.5,
                                )
                            )
                        continue
                    a = Answer(response_id=r.pk, question_id=q.pk, submitted=True)
                    if kind == "single":
                        a.choice = rng.choice(q.options)["value"]
                    elif kind == "scale":
                        a.choice = str(rng.randint(1, 5))
                    elif kind == "multi":
                        a.choices = sorted(
                            o["value"] for o in rng.sample(q.options, rng.randint(1, 3))
                        )
                    elif kind == "number":
                        a.number = float(rng.randint(0, 500))
                    elif kind == "short_text":
                        a.text = f"짧은 답 {rng.randrange(1000)}"
                    elif kind == "long_text":
                        a.text = "현장 수요에 맞는 교육과정이 필요합니다. " * rng.randint(1, 4)
                    elif kind == "date":
                        a.date = dt.date(2026, 1, 1) + dt.timedelta(days=rng.randrange(700))
                    answers.append(a)
            created = Answer.objects.bulk_create(answers, batch_size=5000)
            for a in created:
                if a.choices:
                    multi += [
                        AnswerOption(
                            answer_id=a.pk, question_id=a.question_id, value=v, submitted=True
                        )
                        for v in a.choices
                    ]
            AnswerOption.objects.bulk_create(multi, batch_size=5000)
            HiringDemand.objects.bulk_create(hiring, batch_size=5000)
        counts["responses"] += len(resps)
        counts["answers"] += len(answers)
        counts["options"] += len(multi)
        counts["hiring"] += len(hiring)
    return counts


# =============================================================================
# measurements
# =============================================================================


def _consume(response) -> int:
    if response.streaming:
        size = 0
        for chunk in response.streaming_content:
            size += len(chunk)
        response.close()
        return size
    return len(response.content)


def _measure_export(client, url: str) -> dict[str, Any]:
    """Time one export request (consuming the whole body), then repeat it under
    tracemalloc for the peak of Python allocations."""
    gc.collect()
    t0, c0 = time.perf_counter(), time.process_time()
    resp = client.get(url)
    status = resp.status_code
    size = _consume(resp)
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    gc.collect()
    tracemalloc.start()
    resp = client.get(url)
    _consume(resp)
    _cur, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    gc.collect()
    return {
        "seconds": seconds,
        "cpu_seconds": cpu,
        "peak_mb": peak / 2**20,
        "bytes": size,
        "status": status,
    }


def _measure_naive_xlsx(survey) -> dict[str, Any]:
    """The memory peer: the same raw rows into a normal (in-memory) openpyxl
    Workbook, saved to a BytesIO — what an export that does not stream does."""
    from openpyxl import Workbook

    from mujigae.core.exports import xlsx_value
    from mujigae.surveys import exports

    def run() -> int:
        wb = Workbook()
        ws = wb.active
        questions = exports.raw_questions(survey)
        ws.append(exports.raw_headers(questions))
        for row in exports.raw_rows(survey, questions):
            ws.append([xlsx_value(v) for v in row])
        buf = io.BytesIO()
        wb.save(buf)
        return buf.tell()

    gc.collect()
    t0 = time.perf_counter()
    size = run()
    seconds = time.perf_counter() - t0
    gc.collect()
    tracemalloc.start()
    run()
    _cur, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    gc.collect()
    return {"seconds": seconds, "peak_mb": peak / 2**20, "bytes": size}


def _page_samples(clients, urls, repeat: int, cold: bool = False) -> dict[str, Any]:
    """Warm-up, one request under CaptureQueriesContext, then timed rounds
    alternating between the big survey and the baseline survey. `cold`: the
    cache is cleared (untimed) before every counted and timed request, so each
    computes the analysis afresh, as the first request after a submission does."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def fresh() -> None:
        if cold:
            cache.clear()

    out: dict[str, Any] = {}
    for scale, url in urls.items():
        for _ in range(2):
            assert clients.get(url).status_code == 200, url
        fresh()
        with CaptureQueriesContext(connection) as ctx:
            resp = clients.get(url)
        slow = sorted(ctx.captured_queries, key=lambda q: -float(q.get("time") or 0))[:3]
        out[scale] = {
            "queries": len(ctx.captured_queries),
            "sql_ms": sum(float(q.get("time") or 0) for q in ctx.captured_queries) * 1000,
            "slowest": [
                {"ms": float(q.get("time") or 0) * 1000, "sql": q["sql"][:300]} for q in slow
            ],
            "html_bytes": len(resp.content),
            "samples": [],
            "cpu": [],
        }
    done = 0
    while done < repeat:
        for scale, url in urls.items():
            clients.get(url)  # untimed opener of the round
            for _ in range(min(BLOCK, repeat - done)):
                fresh()
                t0, c0 = time.perf_counter(), time.process_time()
                clients.get(url)
                out[scale]["samples"].append(time.perf_counter() - t0)
                out[scale]["cpu"].append(time.process_time() - c0)
        done += BLOCK
    for fig in out.values():
        fig.update(harness.summary_ms(fig.pop("samples")))
        fig["cpu_median_ms"] = statistics.median(fig.pop("cpu")) * 1000
    return out


def child(args: argparse.Namespace) -> int:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from mujigae.core.models import User
    from mujigae.demo.ansan import load_ansan

    steps = STEPS_QUICK if args.quick else STEPS_DEFAULT
    if args.steps:
        steps = [int(x) for x in args.steps.split(",")]
    baseline_n = BASELINE_QUICK if args.quick else BASELINE_RESPONSES
    result: dict[str, Any] = {
        "vendor": connection.vendor,
        "version": _db_version(connection),
        "steps": steps,
        "baseline_responses": baseline_n,
        "generation": {},
        "exports": [],
        "pages": {},
    }
    gen = result["generation"]
    t0 = time.perf_counter()
    call_command("migrate", verbosity=0)
    gen["migrate_s"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    district = load_ansan(stdout=io.StringIO())
    gen["load_ansan_s"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    org_ids = make_companies(district, steps[-1])
    gen["companies_s"] = time.perf_counter() - t0
    gen["companies"] = len(org_ids)

    big, big_qs = build_survey(district, "벤치 전국 기업수요조사 (20,000)")
    small, small_qs = build_survey(district, "벤치 기준 기업수요조사 (2,000)")
    t0 = time.perf_counter()
    small_counts = make_responses(small, small_qs, org_ids[:baseline_n], seed=2)
    gen["baseline_s"] = time.perf_counter() - t0
    gen["baseline_counts"] = small_counts

    coordinator = Client()
    coordinator.force_login(User.objects.get(username="coordinator"))
    partner = Client()
    partner.force_login(User.objects.get(username="partner"))

    xlsx_url = reverse("surveys:analysis_xlsx", args=[big.pk])
    csv_url = reverse("surveys:analysis_csv", args=[big.pk])
    done = 0
    big_counts = {"responses": 0, "answers": 0, "options": 0, "hiring": 0}
    gen["big_s"] = 0.0
    for step in steps:
        t0 = time.perf_counter()
        c = make_responses(big, big_qs, org_ids[done:step], seed=step)
        gen["big_s"] += time.perf_counter() - t0
        for key in big_counts:
            big_counts[key] += c[key]
        done = step
        if connection.vendor == "postgresql":
            with connection.cursor() as cur:
                cur.execute("ANALYZE")
        _say(f"  {step:,} responses ({big_counts['answers']:,} answers): exporting …")
        row = {"responses": step, "answers": big_counts["answers"]}
        row["xlsx"] = _measure_export(coordinator, xlsx_url)
        row["csv"] = _measure_export(coordinator, csv_url)
        row["naive_xlsx"] = _measure_naive_xlsx(big)
        result["exports"].append(row)
        _say(
            f"    xlsx {row['xlsx']['seconds']:.1f} s peak {row['xlsx']['peak_mb']:.1f} MB; "
            f"csv {row['csv']['seconds']:.1f} s peak {row['csv']['peak_mb']:.1f} MB; "
            f"naive xlsx {row['naive_xlsx']['seconds']:.1f} s peak {row['naive_xlsx']['peak_mb']:.1f} MB"
        )
    gen["big_counts"] = big_counts

    _say("  analysis page …")
    urls = {
        "national": reverse("surveys:analysis", args=[big.pk]),
        "baseline": reverse("surveys:analysis", args=[small.pk]),
    }
    result["pages"]["coordinator"] = _page_samples(coordinator, urls, args.repeat)
    result["pages"]["partner"] = _page_samples(partner, urls, args.repeat)
    result["pages"]["coordinator.cold"] = _page_samples(coordinator, urls, args.repeat, cold=True)
    result["pages"]["partner.cold"] = _page_samples(partner, urls, args.repeat, cold=True)
    Path(args.result).write_text(json.dumps(result, default=str))
    return 0


def _db_version(connection) -> str:
    with connection.cursor() as cur:
        if connection.vendor == "sqlite":
            cur.execute("select sqlite_version()")
            return "SQLite " + cur.fetchone()[0]
        cur.execute("show server_version")
        return "PostgreSQL " + cur.fetchone()[0].split()[0]


# =============================================================================
# parent: orchestrate, print
# =============================================================================

HEADERS = ["figure", "ours", "target", "peer", "ratio", "vs target"]
RIGHT = [False, True, True, True, True, False]


def _ok(value: float | None, limit: float) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return "ok" if value < limit else "OVER"


def report(run: dict[str, Any]) -> str:
    gen = run["generation"]
    bc, sc = gen["big_counts"], gen["baseline_counts"]
    out = [
        f"== {run['version']} ==",
        "",
        "Data generation (bulk_create, not the services)",
        harness.table(
            ["step", "time", "rows"],
            [
                ["migrate", f"{gen['migrate_s']:.1f} s", ""],
                ["load_ansan()", f"{gen['load_ansan_s']:.1f} s", ""],
                [
                    "companies",
                    f"{gen['companies_s']:.1f} s",
                    f"{gen['companies']:,} organisations (company, sample)",
                ],
                [
                    f"baseline survey ({run['baseline_responses']:,} responses)",
                    f"{gen['baseline_s']:.1f} s",
                    f"{sc['answers']:,} answers, {sc['options']:,} ticked options, {sc['hiring']:,} hiring rows",
                ],
                [
                    f"national survey ({bc['responses']:,} responses)",
                    f"{gen['big_s']:.1f} s",
                    f"{bc['answers']:,} answers, {bc['options']:,} ticked options, {bc['hiring']:,} hiring rows",
                ],
            ],
            [False, True, False],
        ),
        "",
        f"1. Analysis page at {bc['responses']:,} responses (peer = the same page for the "
        f"{run['baseline_responses']:,}-response survey, timed in alternating rounds; ratio = ours ÷ peer)",
    ]
    rows = []
    for who, title in (
        ("coordinator", "analysis · coordinator (reveal), repeated"),
        ("partner", "analysis · partner (aggregates, suppressed), repeated"),
        ("coordinator.cold", "analysis · coordinator, cache cleared"),
        ("partner.cold", "analysis · partner, cache cleared"),
    ):
        if who not in run["pages"]:
            continue
        fig = run["pages"][who]
        n, b = fig["national"], fig["baseline"]
        rows += [
            [
                f"{title}: median ms",
                harness.fmt_ms(n["median_ms"]),
                f"< {TARGET_PAGE_S * 1000:.0f}",
                harness.fmt_ms(b["median_ms"]),
                harness.fmt_ratio(harness.ratio(n["median_ms"], b["median_ms"])),
                _ok(n["median_ms"], TARGET_PAGE_S * 1000),
            ],
            [
                f"{title}: p95 ms",
                harness.fmt_ms(n["p95_ms"]),
                f"< {TARGET_PAGE_S * 1000:.0f}",
                harness.fmt_ms(b["p95_ms"]),
                harness.fmt_ratio(harness.ratio(n["p95_ms"], b["p95_ms"])),
                _ok(n["p95_ms"], TARGET_PAGE_S * 1000),
            ],
            [
                f"{title}: CPU median ms",
                harness.fmt_ms(n["cpu_median_ms"]),
                "",
                harness.fmt_ms(b["cpu_median_ms"]),
                harness.fmt_ratio(harness.ratio(n["cpu_median_ms"], b["cpu_median_ms"])),
                "",
            ],
            [
                f"{title}: SQL ms (counted request)",
                harness.fmt_ms(n["sql_ms"]),
                "",
                harness.fmt_ms(b["sql_ms"]),
                harness.fmt_ratio(harness.ratio(n["sql_ms"], b["sql_ms"])),
                "",
            ],
            [
                f"{title}: queries",
                str(n["queries"]),
                "flat",
                str(b["queries"]),
                harness.fmt_ratio(harness.ratio(n["queries"], b["queries"])),
                "flat" if n["queries"] == b["queries"] else f"GROWS +{n['queries'] - b['queries']}",
            ],
        ]
    out.append(harness.table(HEADERS, rows, RIGHT))
    out += [
        "",
        "2. Exports as the coordinator, the whole body consumed (time: one request; peak MB: the same "
        "request again under tracemalloc = peak of Python allocations). Peer = a naive export: the same "
        "raw rows into a normal in-memory openpyxl Workbook; ratio = ours ÷ peer",
    ]
    rows = []
    first = run["exports"][0]
    for e in run["exports"]:
        n = f"{e['responses']:,}"
        x, c, nv = e["xlsx"], e["csv"], e["naive_xlsx"]
        rows += [
            [
                f"xlsx @ {n}: seconds",
                f"{x['seconds']:.1f}",
                f"< {TARGET_EXPORT_S:.0f}",
                f"{nv['seconds']:.1f}",
                harness.fmt_ratio(harness.ratio(x["seconds"], nv["seconds"])),
                _ok(x["seconds"], TARGET_EXPORT_S),
            ],
            [
                f"xlsx @ {n}: peak MB",
                f"{x['peak_mb']:.1f}",
                "flat",
                f"{nv['peak_mb']:.1f}",
                harness.fmt_ratio(harness.ratio(x["peak_mb"], nv["peak_mb"])),
                f"{x['peak_mb'] / first['xlsx']['peak_mb']:.2f}× of @{first['responses']:,}",
            ],
            [
                f"csv  @ {n}: seconds",
                f"{c['seconds']:.1f}",
                f"< {TARGET_EXPORT_S:.0f}",
                "—",
                "—",
                _ok(c["seconds"], TARGET_EXPORT_S),
            ],
            [
                f"csv  @ {n}: peak MB",
                f"{c['peak_mb']:.1f}",
                "flat",
                "—",
                "—",
                f"{c['peak_mb'] / first['csv']['peak_mb']:.2f}× of @{first['responses']:,}",
            ],
        ]
    out.append(harness.table(HEADERS, rows, RIGHT))
    last = run["exports"][-1]
    out.append(
        f"sizes at {last['responses']:,}: xlsx {last['xlsx']['bytes'] / 2**20:.1f} MB, "
        f"csv {last['csv']['bytes'] / 2**20:.1f} MB, naive xlsx {last['naive_xlsx']['bytes'] / 2**20:.1f} MB"
    )
    findings = []
    for who in ("coordinator", "partner", "coordinator.cold", "partner.cold"):
        if who not in run["pages"]:
            continue
        n = run["pages"][who]["national"]
        if n["median_ms"] >= TARGET_PAGE_S * 1000 or n["p95_ms"] >= TARGET_PAGE_S * 1000:
            s = n["slowest"][0] if n["slowest"] else {"ms": 0, "sql": ""}
            findings.append(
                f"analysis · {who}: median {n['median_ms']:.0f} ms, SQL {n['sql_ms']:.0f} ms of it in "
                f"{n['queries']} queries; slowest {s['ms']:.0f} ms: {s['sql'][:160]}"
            )
    for key in ("xlsx", "csv"):
        if last[key]["seconds"] >= TARGET_EXPORT_S:
            findings.append(f"{key} export at {last['responses']:,}: {last[key]['seconds']:.1f} s")
    if findings:
        out += ["", "Over target:"] + [f"  - {f}" for f in findings]
    return "\n".join(out)


def render(payload: dict[str, Any]) -> str:
    info = payload["machine"]
    texts = [
        "",
        f"mujigae bench: surveys — {info['date']} — {info['cores']} cores ({info['cpu']}), Python {info['python']}",
        "Data: Ansan demo + generated companies; one 40-question survey (10 single, 6 multi, 6 number, 8 scale, "
        "4 short text, 2 long text, 3 date, 1 hiring table) answered by every company"
        + (" (--quick)" if payload["config"]["quick"] else "")
        + ".",
        f"Targets: analysis page < {TARGET_PAGE_S:.0f} s server time; xlsx export < {TARGET_EXPORT_S:.0f} s, memory flat as rows grow.",
        "",
    ]
    for run in payload["runs"]:
        texts += [report(run), ""]
    texts += payload["notes"]
    texts.append(f"Total time of the benchmark: {payload['seconds']:.0f} s.")
    return "\n".join(texts)


def _parse(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        prog="python -m bench surveys", description=__doc__.split("\n\n")[0]
    )
    p.add_argument(
        "--repeat",
        type=int,
        default=None,
        help="timed requests of the analysis page (default 15; 6 with --quick)",
    )
    p.add_argument(
        "--quick", action="store_true", help="small data: 500/1,000/2,000 responses, baseline 200"
    )
    p.add_argument(
        "--steps",
        default=None,
        help="responses at which the exports are taken, e.g. 20000 (default 5000,10000,20000); the last is the page's scale",
    )
    p.add_argument("--postgres", metavar="URL", default=None)
    p.add_argument("--only", choices=["sqlite", "postgres"], default=None)
    p.add_argument("--json", default=str(harness.ROOT / "var" / "bench" / "surveys.json"))
    p.add_argument("--report", metavar="PATH")
    p.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    p.add_argument("--result", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.repeat is None:
        args.repeat = 6 if args.quick else 15
    return args


def _run_one(name: str, url: str, var_dir: Path, args) -> dict | None:
    result = var_dir / "result.json"
    child_args = ["--child", "--result", str(result), "--repeat", str(args.repeat)]
    if args.quick:
        child_args.append("--quick")
    if args.steps:
        child_args += ["--steps", args.steps]
    code = harness.run_child("bench.surveys", child_args, harness.child_env(url, var_dir))
    if code != 0 or not result.exists():
        _say(f"  {name}: the run failed (exit code {code})")
        return None
    return json.loads(result.read_text())


def main(argv: list[str] | None = None) -> int:
    args = _parse(argv)
    if args.child:
        return child(args)
    if args.report:
        print(render(json.loads(Path(args.report).read_text())))
        return 0
    explicit_pg = args.postgres or os.environ.get("BENCH_DATABASE_URL")
    payload, failed = harness.run_benchmark(
        "surveys",
        only=args.only,
        explicit_pg=explicit_pg,
        default_pg=harness.DEFAULT_POSTGRES,
        prefix="mujigae-bench-",
        run_one=lambda label, url, var_dir: _run_one(label, url, var_dir, args),
        say=_say,
        render=render,
        json_path=args.json,
        config={"quick": args.quick, "repeat": args.repeat, "steps": args.steps},
        targets={
            "analysis_s": TARGET_PAGE_S,
            "export_s": TARGET_EXPORT_S,
            "export_memory": "flat",
        },
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
