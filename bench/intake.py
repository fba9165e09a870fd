"""The intake benchmark: companies submitting a survey through gunicorn on PostgreSQL.

PostgreSQL only (skipped with a message when 127.0.0.1:5432 does not answer).

1. a fresh database `mujigae_bench_intake` (dropped afterwards); in a child
   process (settings from the environment, before `django.setup()`):
   `migrate`, `load_ansan()`, N companies, one open 40-question survey (the
   same as the survey benchmark's) with a personal invitation for each company
   (status sent); the tokens go to a file. The in-process peer: the service
   `response_save(final=True)` called in a single thread on 300 reserved
   invitations (no HTTP, no template, no middleware).
2. gunicorn (`.venv/bin/gunicorn mujigae.wsgi:application`, sync workers,
   bound to 127.0.0.1 on a free port, DEBUG off);
3. the load client — Python threads over `http.client` (stdlib; not locust),
   in 2 processes × 50 threads = 100 concurrent respondents, loopback only.
   Each respondent: GET /s/<token>/ (the csrftoken cookie and the form's
   csrfmiddlewaretoken), then POST /s/<token>/submit with a full valid answer
   set (39 answers + 2 hiring rows); every 20th posts the submit a second time
   (a double click), which must not make a second response. First 10 s of
   GET /healthz on the same gunicorn (the upper bound of the stack), then the
   submissions for `--duration` seconds;
4. gunicorn is stopped, and the database is counted: responses per
   invitation, submitted responses without a 302 seen by the client (a request
   in flight when the clock stopped), answers, ticked options and hiring rows
   against what the answer set implies.
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing as mp
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from bench import harness

TARGET_PER_S = 200.0
HOST = "127.0.0.1"  # never anything else
PROCS = 2
THREADS = 50
HEALTH_S = 10.0
SERVICE_N = 300
DOUBLE_EVERY = 20

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def answer_pairs(questions: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """A full valid answer set as the form posts it: one value per question,
    two ticked options per multi, two rows of the hiring table."""
    pairs: list[tuple[str, str]] = []
    for i, q in enumerate(questions):
        code, kind = q["code"], q["kind"]
        if kind == "single":
            pairs.append((code, q["options"][i % len(q["options"])]["value"]))
        elif kind == "multi":
            pairs += [(code, q["options"][0]["value"]), (code, q["options"][2]["value"])]
        elif kind == "number":
            pairs.append((code, str(10 + i)))
        elif kind == "scale":
            pairs.append((code, str(1 + i % 5)))
        elif kind == "short_text":
            pairs.append((code, f"짧은 답 {i}"))
        elif kind == "long_text":
            pairs.append((code, "현장 수요에 맞는 교육과정이 필요합니다. " * 3))
        elif kind == "date":
            pairs.append((code, "2026-09-01"))
        elif kind == "hiring":
            for row, (occ, head, timing) in enumerate(
                [("로봇 정비원", "3", "this_year"), ("CNC 가공원", "2", "next_year")]
            ):
                pairs += [
                    (f"{code}-{row}-occupation", occ),
                    (f"{code}-{row}-competency_units", "LM1501010101, LM1501010102"),
                    (f"{code}-{row}-headcount", head),
                    (f"{code}-{row}-timing", timing),
                    (f"{code}-{row}-accepts_trainees", "on"),
                ]
    return pairs


def expected_per_response(questions: list[dict[str, Any]]) -> dict[str, int]:
    kinds = [q["kind"] for q in questions]
    return {
        "answers": sum(1 for k in kinds if k != "hiring"),
        "options": 2 * kinds.count("multi"),
        "hiring": 2 * kinds.count("hiring"),
    }


# =============================================================================
# child: set up the database, measure the service in-process
# =============================================================================


def setup_child(args: argparse.Namespace) -> int:
    import django

    django.setup()
    import io

    from django.core.management import call_command
    from django.db import connection
    from django.http import QueryDict

    from bench.surveys import build_survey, make_companies
    from mujigae.demo.ansan import load_ansan
    from mujigae.surveys import services_answer
    from mujigae.surveys.forms_answer import data_from_post
    from mujigae.surveys.models import Invitation

    out: dict[str, Any] = {}
    t0 = time.perf_counter()
    call_command("migrate", verbosity=0)
    district = load_ansan(stdout=io.StringIO())
    n = args.invitations + SERVICE_N
    org_ids = make_companies(district, n)
    survey, questions = build_survey(district, "벤치 접수 기업수요조사", status="open")
    invs = Invitation.objects.bulk_create(
        [
            Invitation(
                survey=survey,
                organisation_id=oid,
                token=f"t{oid:07d}{os.urandom(12).hex()}",
                status=Invitation.Status.SENT,
            )
            for oid in org_ids
        ],
        batch_size=2000,
    )
    with connection.cursor() as cur:
        cur.execute("ANALYZE")
    out["setup_s"] = time.perf_counter() - t0
    qdicts = [{"code": q.code, "kind": q.kind, "options": q.options} for q in questions]
    out["questions"] = qdicts
    out["survey_id"] = survey.pk
    service_invs, load_invs = invs[:SERVICE_N], invs[SERVICE_N:]
    out["tokens"] = [i.token for i in load_invs]

    # The peer: the service alone, single thread, in-process.
    post = QueryDict(mutable=True)
    for k, v in answer_pairs(qdicts):
        post.appendlist(k, v)
    specs = services_answer.specs(survey)
    ok = 0
    t0 = time.perf_counter()
    for inv in service_invs:
        data = data_from_post(post, specs)
        response, checked = services_answer.response_save(invitation=inv, data=data, final=True)
        ok += bool(response is not None and response.is_submitted)
    seconds = time.perf_counter() - t0
    if ok != len(service_invs):
        _say(
            f"  service peer: only {ok} of {len(service_invs)} submitted — the answer set is not valid?"
        )
    out["service"] = {"n": len(service_invs), "ok": ok, "seconds": seconds, "per_s": ok / seconds}
    out["service_invitation_ids"] = [i.pk for i in service_invs]
    Path(args.result).write_text(json.dumps(out))
    return 0


# =============================================================================
# the load client: processes × threads over http.client
# =============================================================================


def _cookie(headers: list[tuple[str, str]], name: str) -> str | None:
    for key, value in headers:
        if key.lower() == "set-cookie" and value.startswith(name + "="):
            return value.split(";", 1)[0].split("=", 1)[1]
    return None


def _client_proc(
    port: int,
    mode: str,
    tokens: list[str],
    pairs: list[tuple[str, str]],
    threads: int,
    duration: float,
    start_at: float,
    queue,
) -> None:
    """One client process: `threads` threads until `start_at + duration`."""
    lock = threading.Lock()
    it = iter(tokens)
    results: dict[str, Any] = {
        "get": [],
        "post": [],
        "ok": [],
        "status": {},
        "errors": 0,
        "doubles": 0,
        "double_ok": 0,
        "health": [],
        "exhausted": False,
    }
    end = start_at + duration
    body_base = urlencode(pairs)
    results["forms"] = []

    def count(status: int) -> None:
        with lock:
            results["status"][str(status)] = results["status"].get(str(status), 0) + 1

    def worker(idx: int) -> None:
        conn = None
        while time.time() < start_at:
            time.sleep(0.005)
        k = 0
        while time.time() < end:
            try:
                if conn is None:
                    conn = http.client.HTTPConnection(HOST, port, timeout=60)
                if mode == "health":
                    t0 = time.perf_counter()
                    conn.request("GET", "/healthz")
                    r = conn.getresponse()
                    r.read()
                    dt_ = time.perf_counter() - t0
                    if time.time() <= end:
                        with lock:
                            results["health"].append(dt_)
                        count(r.status)
                    if r.getheader("connection", "").lower() == "close" or r.will_close:
                        conn.close()
                        conn = None
                    continue
                with lock:
                    token = next(it, None)
                if token is None:
                    results["exhausted"] = True
                    return
                k += 1
                if mode == "rush":
                    # The form was loaded before the clock started: submit only.
                    token, csrf_cookie, csrf_input = token
                    hdrs = {
                        "Content-Type": "application/x-www-form-urlencoded",
                        "Cookie": f"csrftoken={csrf_cookie}",
                    }
                    body = body_base + "&" + urlencode({"csrfmiddlewaretoken": csrf_input})
                    t2 = time.perf_counter()
                    conn.request("POST", f"/s/{token}/submit", body=body, headers=hdrs)
                    r = conn.getresponse()
                    r.read()
                    t3 = time.perf_counter()
                    done_at = time.time()
                    if r.will_close:
                        conn.close()
                        conn = None
                    count(r.status)
                    with lock:
                        results["post"].append(t3 - t2)
                        if r.status == 302 and done_at <= end:
                            results["ok"].append(token)
                        elif r.status == 302:
                            results.setdefault("late", []).append(token)
                    continue
                t0 = time.perf_counter()
                conn.request("GET", f"/s/{token}/")
                r = conn.getresponse()
                html = r.read().decode("utf-8", "replace")
                headers = r.getheaders()
                t1 = time.perf_counter()
                if r.will_close:
                    conn.close()
                    conn = http.client.HTTPConnection(HOST, port, timeout=60)
                csrf_cookie = _cookie(headers, "csrftoken")
                m = CSRF_INPUT.search(html)
                if r.status != 200 or not csrf_cookie or not m:
                    with lock:
                        results["errors"] += 1
                    count(r.status * 10 + 1)  # e.g. 4041: GET failed
                    continue
                if mode == "preload":
                    with lock:
                        results["forms"].append((token, csrf_cookie, m.group(1)))
                        results["get"].append(t1 - t0)
                    continue
                body = body_base + "&" + urlencode({"csrfmiddlewaretoken": m.group(1)})
                hdrs = {
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Cookie": f"csrftoken={csrf_cookie}",
                }
                times = 2 if (idx * 7919 + k) % DOUBLE_EVERY == 0 else 1
                for attempt in range(times):
                    t2 = time.perf_counter()
                    conn.request("POST", f"/s/{token}/submit", body=body, headers=hdrs)
                    r = conn.getresponse()
                    r.read()
                    t3 = time.perf_counter()
                    if r.will_close:
                        conn.close()
                        conn = http.client.HTTPConnection(HOST, port, timeout=60)
                    if attempt == 0:
                        done_at = time.time()
                        count(r.status)
                        with lock:
                            results["get"].append(t1 - t0)
                            results["post"].append(t3 - t2)
                            if r.status == 302 and done_at <= end:
                                results["ok"].append(token)
                            elif r.status == 302:
                                results.setdefault("late", []).append(token)
                    else:
                        with lock:
                            results["doubles"] += 1
                            results["double_ok"] += r.status == 302
            except (OSError, http.client.HTTPException):
                with lock:
                    results["errors"] += 1
                if conn is not None:
                    conn.close()
                conn = None
        if conn is not None:
            conn.close()

    c0 = time.process_time()
    ts = [threading.Thread(target=worker, args=(i,)) for i in range(threads)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    results["cpu_s"] = time.process_time() - c0
    queue.put(results)


def drive(port: int, mode: str, tokens: list[str], pairs, duration: float) -> dict[str, Any]:
    ctx = mp.get_context("fork")
    queue = ctx.Queue()
    start_at = time.time() + 1.0
    shares = [tokens[i::PROCS] for i in range(PROCS)]
    if mode == "preload":
        duration = 24 * 3600.0  # until every form is loaded
    procs = [
        ctx.Process(
            target=_client_proc,
            args=(port, mode, shares[i], pairs, THREADS, duration, start_at, queue),
        )
        for i in range(PROCS)
    ]
    for p in procs:
        p.start()
    parts = [queue.get(timeout=min(duration, 3600) + 180) for _ in procs]
    for p in procs:
        p.join(timeout=30)
    merged: dict[str, Any] = {
        "get": [],
        "post": [],
        "ok": [],
        "late": [],
        "status": {},
        "errors": 0,
        "doubles": 0,
        "double_ok": 0,
        "health": [],
        "cpu_s": 0.0,
        "exhausted": False,
    }
    merged["forms"] = []
    for part in parts:
        for key in ("get", "post", "ok", "late", "health", "forms"):
            merged[key] += part.get(key, [])
        for key in ("errors", "doubles", "double_ok", "cpu_s"):
            merged[key] += part[key]
        merged["exhausted"] |= part["exhausted"]
        for s, n in part["status"].items():
            merged["status"][s] = merged["status"].get(s, 0) + n
    merged["duration"] = duration
    return merged


def _load_summary(load: dict[str, Any], duration: float, load0: float, load1: float) -> dict:
    return {
        "per_s": len(load["ok"]) / duration,
        "submitted_302": len(load["ok"]),
        "status": load["status"],
        "errors": load["errors"],
        "doubles": load["doubles"],
        "double_302": load["double_ok"],
        "exhausted": load["exhausted"],
        "get": _lat(load["get"]),
        "post": _lat(load["post"]),
        "pair": _lat([g + p for g, p in zip(load["get"], load["post"], strict=False)]),
        "client_cpu_s": load["cpu_s"],
        "loadavg": [load0, load1],
    }


# =============================================================================
# gunicorn
# =============================================================================


def _free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def start_gunicorn(
    env: dict[str, str], workers: int, log: Path, threads: int = 1
) -> tuple[subprocess.Popen, int]:
    port = _free_port()
    cmd = [
        str(harness.ROOT / ".venv" / "bin" / "gunicorn"),
        "mujigae.wsgi:application",
        "--bind", f"{HOST}:{port}",
        "--workers", str(workers),
        "--threads", str(threads),  # > 1: gthread workers
        "--timeout", "60",
        "--backlog", "2048",
    ]  # fmt: skip
    proc = subprocess.Popen(
        cmd,
        cwd=harness.ROOT,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            c = http.client.HTTPConnection(HOST, port, timeout=2)
            c.request("GET", "/healthz")
            if c.getresponse().status == 200:
                c.close()
                return proc, port
        except OSError:
            time.sleep(0.3)
    stop_gunicorn(proc)
    raise RuntimeError(f"gunicorn did not answer on {HOST}:{port}; see {log}")


def stop_gunicorn(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)  # its own session: the master and its workers
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


# =============================================================================
# verification in the database
# =============================================================================


def verify(
    target: harness.PostgresTarget,
    survey_id: int,
    ok_tokens: list[str],
    late: list[str],
    service_ids: list[int],
    per: dict[str, int],
) -> dict[str, Any]:
    import psycopg

    with psycopg.connect(target.url, autocommit=True) as conn:
        q = lambda sql, *p: conn.execute(sql, p).fetchall()  # noqa: E731
        dup = q(
            "select count(*) from (select invitation_id from surveys_response group by invitation_id having count(*) > 1) d"
        )[0][0]
        rows = dict(
            q(
                "select i.token, count(r.id) from surveys_invitation i left join surveys_response r "
                "on r.invitation_id = i.id and r.is_submitted where i.survey_id = %s and i.id <> all(%s) group by i.token",
                survey_id,
                service_ids,
            )
        )
        submitted = {t for t, n in rows.items() if n >= 1}
        ok = set(ok_tokens)
        late_set = set(late)
        drafts = q(
            "select count(*) from surveys_response where survey_id = %s and not is_submitted",
            survey_id,
        )[0][0]
        inv_status = q(
            "select count(*) from surveys_invitation where survey_id = %s and status = 'submitted' and id <> all(%s)",
            survey_id,
            service_ids,
        )[0][0]
        counts = q(
            "select (select count(*) from surveys_answer a join surveys_response r on r.id = a.response_id "
            "  where r.survey_id = %s and r.invitation_id <> all(%s)),"
            " (select count(*) from surveys_answeroption o join surveys_answer a on a.id = o.answer_id "
            "  join surveys_response r on r.id = a.response_id where r.survey_id = %s and r.invitation_id <> all(%s)),"
            " (select count(*) from surveys_hiringdemand h join surveys_response r on r.id = h.response_id "
            "  where r.survey_id = %s and r.invitation_id <> all(%s))",
            survey_id, service_ids, survey_id, service_ids, survey_id, service_ids,
        )[0]  # fmt: skip
        per_response = q(
            "select count(*) from (select r.id from surveys_response r left join surveys_answer a on a.response_id = r.id "
            "where r.survey_id = %s and r.invitation_id <> all(%s) and r.is_submitted group by r.id having count(a.id) <> %s) x",
            survey_id,
            service_ids,
            per["answers"],
        )[0][0]
    n = len(submitted)
    return {
        "responses_submitted": n,
        "invitations_with_more_than_one_response": dup,
        "client_302_in_window": len(ok),
        "client_302_missing_in_db": len(ok - submitted),
        "db_submitted_without_302_in_window": len(submitted - ok),
        "of_which_302_after_window": len(submitted & late_set),
        "draft_responses": drafts,
        "invitations_status_submitted": inv_status,
        "answers": counts[0],
        "answers_expected": n * per["answers"],
        "options": counts[1],
        "options_expected": n * per["options"],
        "hiring": counts[2],
        "hiring_expected": n * per["hiring"],
        "responses_with_wrong_answer_count": per_response,
    }


# =============================================================================
# orchestration and report
# =============================================================================


def _lat(samples: list[float]) -> dict[str, float]:
    return (
        harness.summary_ms(samples)
        if samples
        else {"median_ms": float("nan"), "p95_ms": float("nan"), "n": 0}
    )


def run(args: argparse.Namespace) -> dict[str, Any] | None:
    target = harness.PostgresTarget.parse(
        args.postgres
        or os.environ.get("BENCH_INTAKE_DATABASE_URL")
        or harness.DEFAULT_POSTGRES.replace("mujigae_bench", "mujigae_bench_intake")
    )
    ok, detail = target.reachable()
    if not ok:
        _say(
            f"PostgreSQL at {target.display} not reachable ({detail}): the intake benchmark needs PostgreSQL — skipped"
        )
        return None
    _say(f"PostgreSQL {detail}: {target.display} (created now, dropped afterwards)")
    target.create()
    proc = None
    try:
        with tempfile.TemporaryDirectory(prefix="mujigae-bench-intake-") as tmp:
            tmpd = Path(tmp)
            env = harness.child_env(target.url, tmpd)
            result_path = tmpd / "setup.json"
            _say(
                f"  setup: migrate, Ansan, {args.invitations:,} invitations; service peer ({SERVICE_N} × response_save) …"
            )
            code = harness.run_child(
                "bench.intake",
                ["--setup", "--result", str(result_path), "--invitations", str(args.invitations)],
                env,
            )
            if code != 0:
                _say(f"  setup failed (exit code {code})")
                return None
            setup = json.loads(result_path.read_text())
            pairs = answer_pairs(setup["questions"])
            per = expected_per_response(setup["questions"])
            genv = dict(env)
            genv.update(
                {
                    "MUJIGAE_DEBUG": "0",
                    "MUJIGAE_ALLOWED_HOSTS": HOST,
                    "MUJIGAE_STATIC_FROM_FINDERS": "1",
                }
            )
            log = tmpd / "gunicorn.log"
            proc, port = start_gunicorn(genv, args.workers, log, args.threads)
            _say(
                f"  gunicorn on {HOST}:{port}, {args.workers} workers × {args.threads} thread(s); /healthz for {HEALTH_S:.0f} s …"
            )
            health = drive(port, "health", [], pairs, HEALTH_S)
            _say(f"    {len(health['health']) / HEALTH_S:.0f}/s")
            tokens = setup["tokens"]
            rush_tokens, flow_tokens = tokens[: args.rush_forms], tokens[args.rush_forms :]
            _say(f"  {PROCS * THREADS} respondents, GET + POST, for {args.duration:.0f} s …")
            load0 = os.getloadavg()[0]
            load = drive(port, "submit", flow_tokens, pairs, args.duration)
            load1 = os.getloadavg()[0]
            _say(
                f"    {len(load['ok']) / args.duration:.1f} submissions/s; statuses {load['status']}"
            )
            time.sleep(1)
            _say(f"  deadline rush: {len(rush_tokens):,} forms opened beforehand (not timed) …")
            pre = drive(port, "preload", rush_tokens, pairs, 0)
            _say(f"  {PROCS * THREADS} respondents submit for {args.rush_duration:.0f} s …")
            time.sleep(1)
            rush0 = os.getloadavg()[0]
            rush = drive(port, "rush", pre["forms"], pairs, args.rush_duration)
            rush1 = os.getloadavg()[0]
            _say(
                f"    {len(rush['ok']) / args.rush_duration:.1f} submissions/s; statuses {rush['status']}"
            )
            time.sleep(1)
            stop_gunicorn(proc)
            proc = None
            gunicorn_log_tail = log.read_text(errors="replace").splitlines()[-15:]
            checks = verify(
                target,
                setup["survey_id"],
                load["ok"] + rush["ok"],
                load["late"] + rush["late"],
                setup["service_invitation_ids"],
                per,
            )
            return {
                "server": target.display,
                "version": detail,
                "workers": args.workers,
                "threads": args.threads,
                "clients": f"{PROCS} processes × {THREADS} threads (http.client)",
                "duration_s": args.duration,
                "invitations": args.invitations,
                "setup_s": setup["setup_s"],
                "service": setup["service"],
                "health": {
                    "per_s": len(health["health"]) / HEALTH_S,
                    **_lat(health["health"]),
                    "status": health["status"],
                    "errors": health["errors"],
                },
                "load": _load_summary(load, args.duration, load0, load1),
                "rush": {
                    **_load_summary(rush, args.rush_duration, rush0, rush1),
                    "duration_s": args.rush_duration,
                    "forms": len(pre["forms"]),
                    "preload_errors": pre["errors"],
                },
                "per_response": per,
                "verify": checks,
                "gunicorn_log_tail": gunicorn_log_tail,
            }
    finally:
        if proc is not None:
            stop_gunicorn(proc)
        target.drop()


HEADERS = ["figure", "ours", "target", "peer", "ratio", "vs target"]
RIGHT = [False, True, True, True, True, False]


def render(payload: dict[str, Any]) -> str:
    info = payload["machine"]
    out = [
        "",
        f"mujigae bench: intake — {info['date']} — {info['cores']} cores ({info['cpu']}), Python {info['python']}",
    ]
    r = payload.get("run")
    if not r:
        return "\n".join(out + payload["notes"])
    ld, sv, hz, v = r["load"], r["service"], r["health"], r["verify"]
    out += [
        f"{r['version'] and 'PostgreSQL ' + r['version']}; gunicorn {r['workers']} workers × {r.get('threads', 1)} thread(s) on 127.0.0.1; "
        f"{r['clients']} = 100 concurrent respondents for {r['duration_s']:.0f} s; client and server share the 2 cores.",
        f"Target: ≥ {TARGET_PER_S:.0f} submissions/s sustained; every submission in the database exactly once.",
        "",
        "1. Throughput (successful submits → 302 ÷ duration). Two loads: the deadline rush —",
        "   every respondent opened the form earlier, and all submit now (POST only: what a",
        "   deadline brings); and the whole visit — open the form (GET) and submit (POST) at once.",
    ]
    rush = r.get("rush")
    rows = []
    if rush:
        rows.append(
            [
                f"submissions/s, deadline rush (POST; {rush['forms']:,} forms opened before)",
                f"{rush['per_s']:.1f}",
                f"≥ {TARGET_PER_S:.0f}",
                f"{sv['per_s']:.1f}",
                harness.fmt_ratio(harness.ratio(rush["per_s"], sv["per_s"])),
                "ok" if rush["per_s"] >= TARGET_PER_S else "UNDER",
            ]
        )
        rows.append(
            [
                "  POST …/submit median / p95 ms (rush)",
                f"{harness.fmt_ms(rush['post']['median_ms'])} / {harness.fmt_ms(rush['post']['p95_ms'])}",
                "",
                "",
                "",
                "",
            ]
        )
    rows += [
        [
            "submissions/s, whole visit (GET + POST)",
            f"{ld['per_s']:.1f}",
            f"≥ {TARGET_PER_S:.0f}",
            f"{sv['per_s']:.1f}",
            harness.fmt_ratio(harness.ratio(ld["per_s"], sv["per_s"])),
            "ok" if ld["per_s"] >= TARGET_PER_S else "UNDER",
        ],
        ["  peer: response_save() in-process, 1 thread", f"{sv['per_s']:.1f}", "", "", "", ""],
        ["/healthz requests/s, same gunicorn (upper bound)", f"{hz['per_s']:.0f}", "", "", "", ""],
        [
            "submission pair latency median ms",
            harness.fmt_ms(ld["pair"]["median_ms"]),
            "",
            "",
            "",
            "",
        ],
        ["submission pair latency p95 ms", harness.fmt_ms(ld["pair"]["p95_ms"]), "", "", "", ""],
        [
            "  GET /s/<token>/ median / p95 ms",
            f"{harness.fmt_ms(ld['get']['median_ms'])} / {harness.fmt_ms(ld['get']['p95_ms'])}",
            "",
            "",
            "",
            "",
        ],
        [
            "  POST …/submit median / p95 ms",
            f"{harness.fmt_ms(ld['post']['median_ms'])} / {harness.fmt_ms(ld['post']['p95_ms'])}",
            "",
            "",
            "",
            "",
        ],
        [
            "/healthz latency median / p95 ms",
            f"{harness.fmt_ms(hz['median_ms'])} / {harness.fmt_ms(hz['p95_ms'])}",
            "",
            "",
            "",
            "",
        ],
    ]
    out.append(harness.table(HEADERS, rows, RIGHT))
    out.append(
        f"HTTP statuses of first submits: {ld['status']} (302 = accepted; x1 suffix = the GET failed); "
        f"client errors {ld['errors']}; double clicks {ld['doubles']} (302: {ld['double_302']}); "
        f"client CPU {ld['client_cpu_s']:.0f} s of {2 * r['duration_s']:.0f} core-s; load average {ld['loadavg'][0]:.1f} → {ld['loadavg'][1]:.1f}"
        + ("; the invitations ran out before the end" if ld["exhausted"] else "")
    )
    if rush:
        out.append(
            f"Rush: statuses {rush['status']}; client errors {rush['errors']} (opening the forms: "
            f"{rush['preload_errors']}); client CPU {rush['client_cpu_s']:.0f} s of "
            f"{2 * rush['duration_s']:.0f} core-s; load average {rush['loadavg'][0]:.1f} → {rush['loadavg'][1]:.1f}"
            + (
                "; the opened forms ran out before the end (a lower bound)"
                if rush["exhausted"]
                else ""
            )
        )
    out += [
        "",
        "2. In the database afterwards (load invitations only; the service peer's excluded)",
    ]
    rows = [
        [
            "submitted responses",
            f"{v['responses_submitted']:,}",
            "= 302s",
            f"{v['client_302_in_window']:,}",
            "",
            "ok" if v["client_302_missing_in_db"] == 0 else "MISSING",
        ],
        [
            "invitations with > 1 response",
            str(v["invitations_with_more_than_one_response"]),
            "0",
            "",
            "",
            "ok" if v["invitations_with_more_than_one_response"] == 0 else "DUPLICATES",
        ],
        [
            "302 seen by the client but not in the database",
            str(v["client_302_missing_in_db"]),
            "0",
            "",
            "",
            "ok" if v["client_302_missing_in_db"] == 0 else "LOST",
        ],
        [
            "in the database without a 302 in the window",
            str(v["db_submitted_without_302_in_window"]),
            "",
            "",
            "",
            f"({v['of_which_302_after_window']} answered after the clock stopped)",
        ],
        [
            "invitations with status submitted",
            f"{v['invitations_status_submitted']:,}",
            "= responses",
            "",
            "",
            "ok" if v["invitations_status_submitted"] == v["responses_submitted"] else "MISMATCH",
        ],
        [
            "answers",
            f"{v['answers']:,}",
            f"{v['answers_expected']:,}",
            "",
            "",
            "ok" if v["answers"] == v["answers_expected"] else "MISMATCH",
        ],
        [
            "ticked options (AnswerOption)",
            f"{v['options']:,}",
            f"{v['options_expected']:,}",
            "",
            "",
            "ok" if v["options"] == v["options_expected"] else "MISMATCH",
        ],
        [
            "hiring rows",
            f"{v['hiring']:,}",
            f"{v['hiring_expected']:,}",
            "",
            "",
            "ok" if v["hiring"] == v["hiring_expected"] else "MISMATCH",
        ],
        [
            "responses with a wrong number of answers",
            str(v["responses_with_wrong_answer_count"]),
            "0",
            "",
            "",
            "ok" if v["responses_with_wrong_answer_count"] == 0 else "MISMATCH",
        ],
        ["draft (unsubmitted) responses", str(v["draft_responses"]), "0", "", "", ""],
    ]
    out.append(harness.table(HEADERS, rows, RIGHT))
    out += payload["notes"]
    out.append(f"Total time of the benchmark: {payload['seconds']:.0f} s.")
    return "\n".join(out)


def _parse(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m bench intake", description=__doc__.split("\n\n")[0])
    p.add_argument("--duration", type=float, default=40.0, help="seconds of load (default 40)")
    p.add_argument(
        "--invitations", type=int, default=20000, help="invitations for the load (default 20,000)"
    )
    p.add_argument(
        "--workers",
        type=int,
        default=(os.cpu_count() or 1) * 2 + 1,
        help="gunicorn workers (default 2×cores+1)",
    )
    p.add_argument(
        "--threads",
        type=int,
        default=1,
        help="threads per gunicorn worker (default 1: sync workers; more: gthread)",
    )
    p.add_argument(
        "--postgres",
        metavar="URL",
        default=None,
        help="default postgres://postgres@127.0.0.1:5432/mujigae_bench_intake",
    )
    p.add_argument(
        "--rush-duration",
        type=float,
        default=20.0,
        help="seconds of the deadline rush (forms opened beforehand; default 20)",
    )
    p.add_argument(
        "--rush-forms",
        type=int,
        default=9000,
        help="forms opened before the rush (default 9,000; taken from --invitations)",
    )
    p.add_argument(
        "--quick", action="store_true", help="10 s + 5 s rush of load, 5,000 invitations"
    )
    p.add_argument("--json", default=str(harness.ROOT / "var" / "bench" / "intake.json"))
    p.add_argument("--report", metavar="PATH")
    p.add_argument("--setup", action="store_true", help=argparse.SUPPRESS)
    p.add_argument("--result", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.quick:
        args.duration, args.invitations = 10.0, 5000
        args.rush_duration, args.rush_forms = 5.0, 2500
    return args


def main(argv: list[str] | None = None) -> int:
    args = _parse(argv)
    if args.setup:
        return setup_child(args)
    if args.report:
        print(render(json.loads(Path(args.report).read_text())))
        return 0
    started = time.perf_counter()
    info = harness.machine()
    notes: list[str] = []
    result = run(args)
    if result is None:
        notes.append("intake: PostgreSQL not reachable or the setup failed — nothing measured")
    payload = {
        "benchmark": "intake",
        "machine": info,
        "config": {
            "duration_s": args.duration,
            "invitations": args.invitations,
            "workers": args.workers,
            "clients": PROCS * THREADS,
        },
        "targets": {"submissions_per_s": TARGET_PER_S},
        "run": result,
        "notes": notes,
        "seconds": time.perf_counter() - started,
    }
    harness.publish(payload, render, args.json)
    return 0 if result is not None else (0 if not args.postgres else 1)


if __name__ == "__main__":
    sys.exit(main())
