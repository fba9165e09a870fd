"""Login with the second factor against a plain login: what the TOTP code step
adds (issue 12).

Per database (SQLite always; PostgreSQL too when the server answers, on a
database of its own created and dropped here), in a child process
(`python -m bench.login --child`) with production settings (debug off, the
real PBKDF2 password hasher, every middleware):

1. not timed: `migrate`, a district, an education office and a company, a
   coordinator with a confirmed TOTP authenticator, a company manager (no
   second factor);
2. timed, alternating, `--runs` times each (at least 50), each run with a
   fresh test client (a new browser): the **TOTP login** — POST /login/ (the
   password step, answered with the redirect to the code step) then POST
   /security/verify/ with the code the app shows (answered with the redirect
   home) — and the **plain login** of the company manager (POST /login/,
   answered with the redirect home). The code is computed before the clock
   starts (the phone's work); between runs, not timed, the device forgets the
   last code used (a code works once) and the client logs out.

The table gives the medians, their ratio and the difference: the milliseconds
the second factor adds to a login (the person's typing aside).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from bench import harness

DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432/mujigae_bench_login"
RUNS, MIN_RUNS = 60, 50
PASSWORD = "Bench-login-password-2025"


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _setup():
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from mujigae.core.models import District, Role, User
    from mujigae.partners.models import Organisation, OrgKind

    district = District.objects.create(code="bench", name="표본지구")
    office = Organisation.objects.create(
        district=district, name="표본교육지원청", kind=OrgKind.EDUCATION_OFFICE
    )
    company = Organisation.objects.create(district=district, name="표본기업", kind=OrgKind.COMPANY)
    coordinator = User.objects.create_user(
        "bench-coordinator",
        password=PASSWORD,
        role=Role.COORDINATOR,
        district=district,
        organisation=office,
    )
    User.objects.create_user(
        "bench-company",
        password=PASSWORD,
        role=Role.COMPANY,
        district=district,
        organisation=company,
    )
    return TOTPDevice.objects.create(user=coordinator, name="bench", confirmed=True)


def core(runs: int) -> dict:
    from django.test import Client
    from django.urls import reverse

    from mujigae.security.demo import current_code

    device = _setup()
    login, verify, home = reverse("login"), reverse("security:verify"), reverse("home")
    totp_s, password_step_s, code_step_s, plain_s = [], [], [], []
    for _run in range(runs + 2):  # two warm-up rounds, not counted
        device.refresh_from_db()
        device.last_t = -1
        device.throttle_reset(commit=False)
        device.save()
        code = current_code(device)
        client = Client()
        started = time.perf_counter()
        first = client.post(login, {"username": "bench-coordinator", "password": PASSWORD})
        middle = time.perf_counter()
        second = client.post(verify, {"code": code})
        ended = time.perf_counter()
        assert first.status_code == 302 and first["Location"] == verify, first.status_code
        assert second.status_code == 302 and second["Location"] == home, second.status_code
        client.logout()

        client = Client()
        plain_started = time.perf_counter()
        plain = client.post(login, {"username": "bench-company", "password": PASSWORD})
        plain_ended = time.perf_counter()
        assert plain.status_code == 302 and plain["Location"] == home, plain.status_code
        client.logout()
        if _run >= 2:
            totp_s.append(ended - started)
            password_step_s.append(middle - started)
            code_step_s.append(ended - middle)
            plain_s.append(plain_ended - plain_started)
    return {
        "runs": runs,
        "totp": harness.summary_ms(totp_s),
        "password_step": harness.summary_ms(password_step_s),
        "code_step": harness.summary_ms(code_step_s),
        "plain": harness.summary_ms(plain_s),
        "added_ms": (statistics.median(totp_s) - statistics.median(plain_s)) * 1000,
    }


def _child(args: argparse.Namespace) -> int:
    return harness.child_main(args.out, lambda: core(args.runs))


def _run_one(label: str, url: str, var_dir: Path, args: argparse.Namespace) -> dict | None:
    return harness.run_child_json(
        "bench.login", label, url, var_dir, ["--runs", str(args.runs)], _say
    )


def render(payload: dict) -> str:
    rows = []
    for run in payload["runs"]:
        label, totp, plain = run["label"], run["totp"], run["plain"]
        rows.append(
            [
                f"{label}: login with TOTP (password + code step), median of {run['runs']}",
                harness.fmt_ms(totp["median_ms"]),
                "plain login (company)",
                harness.fmt_ms(plain["median_ms"]),
                harness.fmt_ratio(harness.ratio(totp["median_ms"], plain["median_ms"])),
            ]
        )
        rows.append(
            [
                f"{label}:   of which the code step",
                harness.fmt_ms(run["code_step"]["median_ms"]),
                "",
                "",
                "",
            ]
        )
        rows.append(
            [
                f"{label}:   the second factor adds (difference of medians)",
                f"+{harness.fmt_ms(run['added_ms'])}",
                "",
                "",
                "",
            ]
        )
    head = ["figure", "ms", "peer", "peer ms", "ratio"]
    text = "mujigae bench: login with the second factor\n"
    text += harness.table(head, rows, [False, True, False, True, True])
    for note in payload["notes"]:
        text += f"\n  {note}"
    return text


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench login", description=__doc__)
    parser.add_argument("--runs", type=int, default=RUNS, help=f"per login kind (>= {MIN_RUNS})")
    parser.add_argument("--quick", action="store_true", help=f"{MIN_RUNS} runs, SQLite only")
    parser.add_argument("--only", choices=("sqlite", "postgres"))
    parser.add_argument("--postgres", help="a PostgreSQL URL (a database created and dropped)")
    parser.add_argument("--json", default=str(harness.ROOT / "var" / "bench" / "login.json"))
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.quick:
        args.runs, args.only = MIN_RUNS, args.only or "sqlite"
    if args.runs < MIN_RUNS:
        parser.error(f"--runs must be at least {MIN_RUNS}")
    if args.child:
        return _child(args)
    payload, failed = harness.run_benchmark(
        "login",
        only=args.only,
        explicit_pg=args.postgres,
        default_pg=DEFAULT_POSTGRES,
        prefix="mujigae-bench-login-",
        run_one=lambda label, url, var_dir: _run_one(label, url, var_dir, args),
        say=_say,
        render=render,
        json_path=args.json,
        config={"runs": args.runs},
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
