"""Writes of the skills-gap analysis: the recompute, and asking for one.

`gap_recompute` replaces every `GapFigure` in one transaction (readers see the
old figures or the new ones, never half of each). With `district_ids` it reads
the source rows of those districts only and keeps the stored cells of the
others; the national roll-up and every district's LQ are derived again in both
cases, since they depend on every district.
"""

from __future__ import annotations

import datetime as dt
import gc
import time
from collections.abc import Iterable
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

import numpy as np
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mujigae.core.exceptions import ApplicationError
from mujigae.core.models import District
from mujigae.insights import gap, sources
from mujigae.insights.models import GapFigure, GapRun

LOCK_KEY = 0x6D6A6761  # "mjga": one recompute at a time on PostgreSQL
STALE_AFTER = timedelta(minutes=30)  # a queued run older than this may be asked again

COLUMNS = (
    "district_id",
    "unit_id",
    "year",
    "demand",
    "supply",
    "gap",
    "coverage",
    "lq",
    "companies",
    "hiring_rows",
    "cohorts",
    "computed_at",
)


def _check_districts(district_ids: Iterable[Any] | None) -> list[int] | None:
    if district_ids is None:
        return None
    try:
        ids = sorted({int(d) for d in district_ids})
    except (TypeError, ValueError) as exc:
        raise ApplicationError(_("Choose districts by their number."), status=400) from exc
    if not ids:
        raise ApplicationError(_("Choose at least one district."), status=400)
    found = set(District.objects.filter(pk__in=ids).values_list("pk", flat=True))
    missing = [i for i in ids if i not in found]
    if missing:
        raise ApplicationError(
            _("No such district: %(ids)s.") % {"ids": ", ".join(map(str, missing))}, status=404
        )
    return ids


def _stored_cells(exclude: list[int]) -> gap.Cells:
    rows = list(
        GapFigure.objects.filter(district__isnull=False)
        .exclude(district_id__in=exclude)
        .values_list(
            "district_id",
            "unit_id",
            "year",
            "demand",
            "supply",
            "companies",
            "hiring_rows",
            "cohorts",
        )
        .order_by()
    )
    if not rows:
        return gap.Cells.empty()
    cols = list(zip(*rows, strict=True))
    return gap.Cells(*(np.array(c, dtype=gap.I64) for c in cols))


_PG_EPOCH = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


def _copy_binary(figures: gap.Figures, computed_at) -> bytes:
    """The figures in PostgreSQL's binary COPY format, built with numpy.

    A row is a field count and, per field, a length and the big-endian value;
    NULL is length -1 without a value. Rows are grouped by which of district,
    coverage and LQ are NULL, so every group is one fixed-width numpy record
    array (psycopg's write_row costs ~10 µs a row; this, a few ns)."""
    n = len(figures.district)
    stamp = int((computed_at - _PG_EPOCH).total_seconds() * 1_000_000)
    null_d = figures.district == gap.NATIONAL
    null_c = np.isnan(figures.coverage)
    null_l = np.isnan(figures.lq)
    out = [b"PGCOPY\n\xff\r\n\x00", np.array([0, 0], dtype=">i4").tobytes()]
    # (name, dtype, values, null mask or None) in COLUMNS order
    fields = [
        ("district", ">i8", figures.district, null_d),
        ("unit", ">i8", figures.unit, None),
        ("year", ">i2", figures.year, None),
        ("demand", ">i4", figures.demand, None),
        ("supply", ">i4", figures.supply, None),
        ("gap", ">i4", figures.gap, None),
        ("coverage", ">f8", figures.coverage, null_c),
        ("lq", ">f8", figures.lq, null_l),
        ("companies", ">i4", figures.companies, None),
        ("hiring_rows", ">i4", figures.hiring_rows, None),
        ("cohorts", ">i4", figures.cohorts, None),
        ("computed_at", ">i8", np.full(n, stamp, dtype=np.int64), None),
    ]
    pattern = null_d.astype(np.int8) * 4 + null_c.astype(np.int8) * 2 + null_l.astype(np.int8)
    for p in np.unique(pattern).tolist():
        sel = np.nonzero(pattern == p)[0]
        nulls = {"district": bool(p & 4), "coverage": bool(p & 2), "lq": bool(p & 1)}
        dtype = [("count", ">i2")]
        for name, kind, _values, _mask in fields:
            dtype.append((f"{name}_len", ">i4"))
            if not nulls.get(name, False):
                dtype.append((name, kind))
        rec = np.empty(len(sel), dtype=dtype)
        rec["count"] = len(fields)
        for name, kind, values, _mask in fields:
            if nulls.get(name, False):
                rec[f"{name}_len"] = -1
            else:
                rec[f"{name}_len"] = np.dtype(kind).itemsize
                rec[name] = values[sel]
        out.append(rec.tobytes())
    out.append(np.array([-1], dtype=">i2").tobytes())
    return b"".join(out)


def _replace(figures: gap.Figures, computed_at) -> int:
    """Delete every figure and insert the new ones (COPY on PostgreSQL)."""
    GapFigure.objects.all().delete()
    table = GapFigure._meta.db_table
    qn = connection.ops.quote_name
    cols = ", ".join(qn(c) for c in COLUMNS)
    n = len(figures.district)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            raw = cursor.cursor  # psycopg 3
            # identifiers from the model's own metadata, quoted: no user input
            sql = f"COPY {qn(table)} ({cols}) FROM STDIN (FORMAT BINARY)"
            with raw.copy(sql) as copy:
                copy.write(_copy_binary(figures, computed_at))
        else:
            stamp = connection.ops.adapt_datetimefield_value(computed_at)
            rows = list(figures.rows(stamp))
            marks = ", ".join(["%s"] * len(COLUMNS))
            sql = f"INSERT INTO {qn(table)} ({cols}) VALUES ({marks})"  # noqa: S608
            for start in range(0, len(rows), 50_000):
                cursor.executemany(sql, rows[start : start + 50_000])
    return n


@contextmanager
def _no_gc():
    """Millions of short-lived tuples (the fetched rows) make Python's cycle
    collector run again and again over all of them; none of them form cycles."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def gap_recompute(
    *, district_ids: Iterable[Any] | None = None, run: GapRun | None = None, actor: Any = None
) -> GapRun:
    """Recompute the gap figures (all districts, or the source rows of some),
    in one transaction; returns the finished `GapRun` that records it."""
    ids = _check_districts(district_ids)
    started = time.perf_counter()
    now = timezone.now()
    with transaction.atomic(), _no_gc():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])
                # Derived figures, recomputable at any time: the commit need not
                # wait for the WAL of ~700,000 row changes to reach the disk
                # (a crash in that instant loses this recompute, nothing else).
                cursor.execute("SET LOCAL synchronous_commit = off")
        if run is None:
            run = GapRun(
                district_id=ids[0] if ids and len(ids) == 1 else None,
                requested_by=actor if getattr(actor, "is_authenticated", False) else None,
            )
        demand = sources.read_demand(ids)
        supply, n_cohorts = sources.read_supply(ids)
        cells = gap.district_cells(demand.rows, supply)
        if ids is not None:
            cells = gap.Cells.concat([_stored_cells(ids), cells])
        figures = gap.finish(cells)
        written = _replace(figures, now)
        run.status = GapRun.Status.DONE
        run.started_at = run.started_at or now
        run.finished_at = timezone.now()
        run.hiring_rows = demand.hiring_rows
        run.hiring_rows_without_unit = demand.without_unit
        run.hiring_rows_with_unknown = demand.with_unknown
        run.cohorts = n_cohorts
        run.figures = written
        run.resolver = sources.RESOLVER
        run.error = ""
        run.seconds = time.perf_counter() - started
        run.save()
    return run


def gap_recompute_request(*, actor: Any, district: District | None) -> tuple[GapRun, bool]:
    """Queue a background recompute of `district` (None: all). A request while
    one is already waiting or running returns that one (a double submit, a
    reload): (run, created)."""
    with transaction.atomic():
        pending = (
            GapRun.objects.select_for_update()
            .filter(
                district=district,
                status__in=(GapRun.Status.QUEUED, GapRun.Status.RUNNING),
                created_at__gte=timezone.now() - STALE_AFTER,
            )
            .first()
        )
        if pending:
            return pending, False
        run = GapRun.objects.create(district=district, requested_by=actor)

        def enqueue() -> None:
            from mujigae.insights.tasks import recompute_gap

            result = recompute_gap.enqueue(run_id=run.pk)
            GapRun.objects.filter(pk=run.pk).update(task_id=str(result.id)[:64])

        transaction.on_commit(enqueue)
    return run, True


def gap_run_execute(*, run_id: int) -> GapRun | None:
    """What the background task does: run a queued recompute, record failure."""
    with transaction.atomic():
        run = GapRun.objects.select_for_update().filter(pk=run_id).first()
        if run is None or run.status != GapRun.Status.QUEUED:
            return run
        run.status = GapRun.Status.RUNNING
        run.started_at = timezone.now()
        run.save(update_fields=["status", "started_at"])
    try:
        return gap_recompute(
            district_ids=None if run.district_id is None else [run.district_id], run=run
        )
    except Exception as exc:
        GapRun.objects.filter(pk=run.pk).update(
            status=GapRun.Status.FAILED,
            finished_at=timezone.now(),
            error=(getattr(exc, "message", None) or exc.__class__.__name__)[:2000],
        )
        raise
