"""Helpers shared by the benchmarks: statistics, databases, child processes, tables.

Nothing here imports Django: the parent process only orchestrates. Each
measured run happens in a child process whose settings (database, var
directory) come from environment variables set before `django.setup()`.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
import platform
import secrets
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432/mujigae_bench"


# --- statistics -------------------------------------------------------------


def percentile(samples: Sequence[float], pct: float) -> float:
    """Nearest-rank percentile: the smallest sample >= pct % of all samples."""
    if not samples:
        return math.nan
    ordered = sorted(samples)
    rank = max(1, math.ceil(pct / 100 * len(ordered)))
    return ordered[rank - 1]


def summary_ms(seconds: Sequence[float]) -> dict[str, float]:
    ms = [s * 1000 for s in seconds]
    return {
        "median_ms": statistics.median(ms),
        "p95_ms": percentile(ms, 95),
        "min_ms": min(ms),
        "max_ms": max(ms),
        "n": len(ms),
    }


def ratio(ours: float | None, peer: float | None) -> float | None:
    if ours is None or peer is None or peer == 0:
        return None
    return ours / peer


# --- machine ----------------------------------------------------------------


def machine() -> dict[str, object]:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "date": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "cores": os.cpu_count(),
        "cpu": cpu or platform.processor(),
        "platform": platform.platform(),
        "python": platform.python_version(),
    }


# --- PostgreSQL -------------------------------------------------------------


@dataclass
class PostgresTarget:
    url: str  # the benchmark database
    name: str
    maintenance_url: str  # the same server, database "postgres"

    @classmethod
    def parse(cls, url: str) -> PostgresTarget:
        parts = urlsplit(url)
        if parts.scheme not in {"postgres", "postgresql", "pgsql"}:
            raise ValueError(f"not a PostgreSQL URL: {url!r}")
        name = unquote(parts.path.lstrip("/")) or "mujigae_bench"
        if "bench" not in name:
            # The benchmark drops and recreates this database: never a real one.
            raise ValueError(
                f"the benchmark drops and recreates the database {name!r}; "
                "name one with 'bench' in it (default: mujigae_bench)"
            )
        bench_url = urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, ""))
        maint_url = urlunsplit((parts.scheme, parts.netloc, "/postgres", parts.query, ""))
        return cls(url=bench_url, name=name, maintenance_url=maint_url)

    @property
    def display(self) -> str:
        parts = urlsplit(self.url)
        host = parts.hostname or ""
        port = f":{parts.port}" if parts.port else ""
        return f"postgres://{parts.username or ''}@{host}{port}/{self.name}"

    def _connect(self, timeout: int = 3):
        import psycopg

        return psycopg.connect(self.maintenance_url, autocommit=True, connect_timeout=timeout)

    def reachable(self) -> tuple[bool, str]:
        try:
            with self._connect() as conn:
                version = conn.execute("SHOW server_version").fetchone()[0]
        except Exception as exc:  # noqa: BLE001 - any failure means "not reachable"
            return False, str(exc).strip().splitlines()[0] if str(exc).strip() else repr(exc)
        return True, version

    @property
    def names(self) -> list[str]:
        """The benchmark database and the snapshot a run may take of it."""
        return [self.name, f"{self.name}_ansan"]

    def create(self) -> None:
        from psycopg import sql

        self.drop()
        with self._connect() as conn:
            conn.execute(
                sql.SQL("CREATE DATABASE {} ENCODING 'UTF8' TEMPLATE template0").format(
                    sql.Identifier(self.name)
                )
            )

    def drop(self) -> None:
        from psycopg import sql

        with self._connect() as conn:
            for name in self.names:
                conn.execute(
                    sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
                )


# --- child processes --------------------------------------------------------


def child_env(database_url: str, var_dir: Path) -> dict[str, str]:
    """The environment of a measured run: its own database and var directory,
    production-like settings (DEBUG off, so a secret key: a random one per run
    unless the caller's environment has one), defaults for everything that changes
    what a page does."""
    env = dict(os.environ)
    for name in ("MUJIGAE_PAGE_SIZE", "MUJIGAE_DB_CONN_MAX_AGE", "MUJIGAE_STATIC_ROOT"):
        env.pop(name, None)
    if not env.get("MUJIGAE_SECRET_KEY", "").strip():
        env["MUJIGAE_SECRET_KEY"] = secrets.token_urlsafe(50)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "mujigae.settings",
            "DATABASE_URL": database_url,
            "MUJIGAE_VAR_DIR": str(var_dir),
            "MUJIGAE_DEBUG": "0",
            "MUJIGAE_LOG_LEVEL": "ERROR",
            "PYTHONHASHSEED": "0",
        }
    )
    return env


def run_child(module: str, args: list[str], env: dict[str, str]) -> int:
    """Run `python -m module args` from the project root; its output goes straight through."""
    cmd = [sys.executable, "-m", module, *args]
    return subprocess.run(cmd, cwd=ROOT, env=env, check=False).returncode


def child_main(out: str, measure: Callable[[], dict]) -> int:
    """The body of a benchmark's child process: set Django up, migrate its own
    database, run `measure()` and write its figures (JSON) to `out`."""
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    Path(out).write_text(json.dumps(measure(), default=str))
    return 0


def run_child_json(
    module: str,
    label: str,
    database_url: str,
    var_dir: Path,
    child_args: list[str],
    say: Callable[[str], None],
    extra_env: dict[str, str] | None = None,
) -> dict | None:
    """Run `python -m module --child --out <file> child_args` on one database and
    return its figures labelled, or None (said) when the run failed."""
    out = var_dir / f"{module.rsplit('.', 1)[-1]}.json"
    env = {**child_env(database_url, var_dir), **(extra_env or {})}
    code = run_child(module, ["--child", "--out", str(out), *child_args], env)
    if code != 0 or not out.exists():
        say(f"  {label}: the run failed (exit {code})")
        return None
    run = json.loads(out.read_text())
    run["label"] = label
    return run


# --- bulk data (inside a child process, after django.setup()) ----------------


def bulk_insert(table: str, cols: tuple[str, ...], rows: list[tuple]) -> None:
    """Rows straight into a table: COPY on PostgreSQL, executemany on SQLite."""
    from django.db import connection

    qn = connection.ops.quote_name
    names = ", ".join(qn(c) for c in cols)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {qn(table)} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(cols))
            sql = f"INSERT INTO {qn(table)} ({names}) VALUES ({marks})"  # noqa: S608
            for k in range(0, len(rows), 50_000):
                cursor.executemany(sql, rows[k : k + 50_000])


def ids_of(model, **filters) -> list[int]:
    """The primary keys of `model`'s rows matching `filters`, in order."""
    return list(model.objects.filter(**filters).order_by("pk").values_list("pk", flat=True))


# --- tables -----------------------------------------------------------------


def fmt_ms(value: float | None) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    return f"{value:.1f}" if value < 100 else f"{value:.0f}"


def fmt_ratio(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:.2f}×"


def fmt_int(value: int | None) -> str:
    return "—" if value is None else f"{value:,}"


def _width(text: str) -> int:
    """Display width: Hangul and other wide characters take two columns."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int, right: bool) -> str:
    gap = " " * max(0, width - _width(text))
    return gap + text if right else text + gap


def table(headers: Sequence[str], rows: Sequence[Sequence[str]], right: Sequence[bool]) -> str:
    """A plain-text table; `right[i]` right-aligns column i. A row of one "" is a blank line."""
    widths = [_width(h) for h in headers]
    for row in rows:
        if len(row) == len(headers):
            widths = [max(w, _width(c)) for w, c in zip(widths, row, strict=True)]
    lines = [
        "  ".join(_pad(h, w, r) for h, w, r in zip(headers, widths, right, strict=True)).rstrip(),
        "  ".join("-" * w for w in widths),
    ]
    for row in rows:
        if len(row) != len(headers):
            lines.append(" ".join(row).rstrip())
            continue
        lines.append(
            "  ".join(_pad(c, w, r) for c, w, r in zip(row, widths, right, strict=True)).rstrip()
        )
    return "\n".join(lines)


# --- one benchmark on SQLite, then on PostgreSQL ----------------------------


def publish(payload: dict, render: Callable[[dict], str], json_path: str | Path) -> str:
    """The end of every benchmark: the table rendered into the payload and
    printed, the payload written as JSON (under var/bench/ by default)."""
    payload["table"] = text = render(payload)
    print(text, flush=True)
    out = Path(json_path)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(payload, ensure_ascii=False, indent=2, default=str))
    print(f"Written: {out}", flush=True)
    return text


def run_benchmark(
    name: str,
    *,
    only: str | None,
    explicit_pg: str | None,
    default_pg: str,
    prefix: str,
    run_one: Callable[[str, str, Path], dict],
    say: Callable[[str], None],
    render: Callable[[dict], str],
    json_path: str | Path,
    config: dict,
    targets: dict | None = None,
) -> tuple[dict, bool]:
    """A benchmark that runs on SQLite and PostgreSQL (`run_on_both`), from the
    machine line to the published table and JSON (`publish`). Returns the
    payload and whether a run failed."""
    started = time.perf_counter()
    info = machine()
    say(f"mujigae bench: {name} — {info['cores']} cores, Python {info['python']}")
    runs, notes, failed = run_on_both(
        only=only,
        explicit_pg=explicit_pg,
        default_pg=default_pg,
        prefix=prefix,
        run_one=run_one,
        say=say,
    )
    payload: dict = {"benchmark": name, "machine": info, "config": config}
    if targets is not None:
        payload["targets"] = targets
    payload |= {"runs": runs, "notes": notes, "seconds": time.perf_counter() - started}
    publish(payload, render, json_path)
    return payload, failed


def run_on_both(
    *,
    only: str | None,
    explicit_pg: str | None,
    default_pg: str,
    prefix: str,
    run_one: Callable[[str, str, Path], dict | None],
    say: Callable[[str], None],
) -> tuple[list[dict], list[str], bool]:
    """`run_one(label, database_url, var_dir)` on a fresh SQLite file and on a
    fresh PostgreSQL database (created, then dropped), unless `only` names one.
    Returns (runs, notes, failed). An unreachable PostgreSQL is a note, and a
    failure only when it was asked for (`explicit_pg` or `only="postgres"`)."""
    import tempfile

    runs: list[dict] = []
    notes: list[str] = []
    failed = False
    if only != "postgres":
        with tempfile.TemporaryDirectory(prefix=prefix) as tmp:
            url = f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
            say(f"SQLite: {url}")
            run = run_one("SQLite", url, Path(tmp))
            failed |= run is None
            if run:
                runs.append(run)
    if only != "sqlite":
        target = PostgresTarget.parse(explicit_pg or default_pg)
        ok, detail = target.reachable()
        if not ok:
            message = f"PostgreSQL at {target.display} not reachable ({detail}): skipped"
            say(message)
            notes.append(message)
            failed |= bool(explicit_pg) or only == "postgres"
        else:
            say(f"PostgreSQL {detail}: {target.display} (created now, dropped afterwards)")
            target.create()
            try:
                with tempfile.TemporaryDirectory(prefix=prefix) as tmp:
                    run = run_one("PostgreSQL", target.url, Path(tmp))
                    failed |= run is None
                    if run:
                        runs.append(run)
            finally:
                target.drop()
    return runs, notes, failed
