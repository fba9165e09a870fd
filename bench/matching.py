"""The matching benchmark: our deferred acceptance against the `matching` library, and at scale.

1. Peer comparison. For 1,000, 4,000 and 8,000 students (5 students per slot,
   lists of up to 15; `mujigae.matching.generate`, seeded), the same instance
   is solved by our engine and by the `matching` library
   (`HospitalResident.create_from_dictionaries(...).solve(optimal="resident")`,
   on the instance cleaned to mutual, non-empty lists and capacities >= 1, which
   it requires). The library runs in a child process (it is slow, and killed
   after --library-timeout seconds); its assignment must be identical to ours.
   Times: ours from plain data (validation + matching) against the library's
   create + solve; and ours matching alone against its solve alone.
2. Scale. 100,000 students x 20,000 slots, lists of up to 15: the engine alone
   (median of --repeat runs; peer: the same engine's plain-Python sequential
   variant, McVitie–Wilson with per-slot heaps); `mujigae match FILE` end to end
   in a child process, wall time and peak resident memory (ru_maxrss, taken by
   a small launcher process; peer: a child that only loads and dumps the same JSON); and the
   welfare-optimal assignment (OR-Tools min-cost flow) beside the stable one:
   its time, students placed, mean choice, blocking pairs.

Nothing here touches a database. Results go to var/bench/matching.json.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench import harness

SIZES = [1000, 4000, 8000]
SIZES_QUICK = [500, 1000, 2000]
BIG = (100_000, 20_000)
BIG_QUICK = (20_000, 4_000)
STUDENTS_PER_SLOT = 5
TARGET_RATIO_AT_8000 = 50.0  # at least 50x faster than the library
TARGET_ENGINE_S = 1.0
TARGET_END_TO_END_S = 10.0
TARGET_RSS_MB = 2048.0
HEADERS = ["figure", "ours", "target", "peer", "peer is", "ratio", "vs target"]
RIGHT = [False, True, True, True, False, True, False]


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _instance_data(students: int, seed: int) -> dict:
    from mujigae.matching.generate import generate

    return generate(students, max(1, students // STUDENTS_PER_SLOT), seed=seed)


def _median_time(fn, repeat: int) -> tuple[float, Any]:
    times, value = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        value = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), value


# =============================================================================
# the library, in a child process
# =============================================================================


def library_child(students: int, seed: int, result: str) -> int:
    """Solve the instance with the `matching` library; write times and assignment."""
    import threading
    import warnings

    from matching.games import HospitalResident

    data = _instance_data(students, seed)
    ok = _mutual(data)
    resident_prefs = {
        s["id"]: [h for h in s["preferences"] if (s["id"], h) in ok] for s in data["students"]
    }
    resident_prefs = {k: v for k, v in resident_prefs.items() if v}
    hospital_prefs = {
        h["id"]: [s for s in h["preferences"] if (s, h["id"]) in ok] for h in data["slots"]
    }
    hospital_prefs = {k: v for k, v in hospital_prefs.items() if v}
    capacities = {h["id"]: h["capacity"] for h in data["slots"] if h["id"] in hospital_prefs}
    out: dict[str, Any] = {}

    def run() -> None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            t0 = time.perf_counter()
            game = HospitalResident.create_from_dictionaries(
                resident_prefs, hospital_prefs, capacities
            )
            t1 = time.perf_counter()
            solution = game.solve(optimal="resident")
            t2 = time.perf_counter()
        assignment = {s["id"]: None for s in data["students"]}
        for hospital, residents in solution.items():
            for resident in residents:
                assignment[resident.name] = hospital.name
        out.update(create_s=t1 - t0, solve_s=t2 - t1, assignment=list(assignment.items()))

    # The library deep-copies its players, recursing along the preference graph.
    sys.setrecursionlimit(1_000_000)
    threading.stack_size(1 << 30)
    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if not out:
        return 1
    Path(result).write_text(json.dumps(out))
    return 0


def _mutual(data: dict) -> set:
    lists = {h["id"]: set(h["preferences"]) for h in data["slots"] if h["capacity"] > 0}
    return {
        (s["id"], h)
        for s in data["students"]
        for h in s["preferences"]
        if h in lists and s["id"] in lists[h]
    }


def _library(students: int, seed: int, timeout: float, tmp: Path) -> dict | None:
    result = tmp / f"library-{students}.json"
    cmd = [
        sys.executable,
        "-m",
        "bench.matching",
        "--library-child",
        str(students),
        "--seed",
        str(seed),
        "--result",
        str(result),
    ]
    try:
        code = subprocess.run(cmd, cwd=harness.ROOT, timeout=timeout, check=False).returncode
    except subprocess.TimeoutExpired:
        _say(f"  the library took more than {timeout:.0f} s at {students:,} students: stopped")
        return None
    if code != 0 or not result.exists():
        _say(f"  the library failed at {students:,} students (exit code {code})")
        return None
    out = json.loads(result.read_text())
    out["assignment"] = dict((k, v) for k, v in out["assignment"])
    return out


def peer_comparison(sizes: list[int], seed: int, repeat: int, timeout: float) -> list[dict]:
    from mujigae.matching import Instance, stable_matching

    rows = []
    with tempfile.TemporaryDirectory(prefix="mujigae-bench-matching-") as tmp:
        for n in sizes:
            _say(f"peer comparison: {n:,} students, {max(1, n // STUDENTS_PER_SLOT):,} slots")
            data = _instance_data(n, seed)
            full_s, result = _median_time(
                lambda data=data: stable_matching(Instance.from_data(data)), repeat
            )
            inst = Instance.from_data(data)
            engine_s, _ = _median_time(lambda inst=inst: stable_matching(inst), repeat)
            ours = result.assignments
            t = time.perf_counter()
            theirs = _library(n, seed, timeout, Path(tmp))
            wall = time.perf_counter() - t
            row: dict[str, Any] = {
                "students": n,
                "slots": inst.n_slots,
                "placed": sum(v is not None for v in ours.values()),
                "ours_full_s": full_s,
                "ours_engine_s": engine_s,
                "library_wall_s": wall,
            }
            if theirs is not None:
                row.update(
                    library_create_s=theirs["create_s"],
                    library_solve_s=theirs["solve_s"],
                    identical=theirs["assignment"] == ours,
                    differing=sum(theirs["assignment"].get(k) != v for k, v in ours.items()),
                )
                _say(
                    f"  ours {full_s * 1000:.1f} ms (engine {engine_s * 1000:.1f} ms); library "
                    f"{theirs['create_s'] + theirs['solve_s']:.1f} s; identical: {row['identical']}"
                )
            rows.append(row)
    return rows


# =============================================================================
# at scale
# =============================================================================


# A small launcher between us and the measured child. On Linux a child's peak
# RSS (ru_maxrss) starts at its parent's RSS at fork time, and this process holds
# the whole 100k instance: measured directly, every child would look as big as we
# are. The launcher is a fresh, small Python; its own child's peak is exact.
_LAUNCHER = """
import json, resource, subprocess, sys, time
result, cmd = sys.argv[1], sys.argv[2:]
with open(result + ".out", "wb") as out:
    t = time.perf_counter()
    proc = subprocess.run(cmd, stdout=out, stderr=subprocess.PIPE, check=False)
    wall = time.perf_counter() - t
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
with open(result, "w") as fh:
    json.dump({"wall_s": wall, "exit_code": proc.returncode, "maxrss_kb": usage.ru_maxrss,
               "stderr": proc.stderr.decode(errors="replace")[-2000:]}, fh)
"""


def _run_measured(cmd: list[str], stdout_path: Path) -> dict:
    """Run `cmd` through the launcher: wall time, exit code, its own peak RSS;
    its standard output goes to `stdout_path`."""
    result = stdout_path.with_suffix(".measure.json")
    launcher = [sys.executable, "-c", _LAUNCHER, str(result), *cmd]
    code = subprocess.run(launcher, cwd=harness.ROOT, check=False).returncode
    if code != 0 or not result.exists():
        raise RuntimeError(f"the measuring launcher failed (exit code {code}): {cmd}")
    out = json.loads(result.read_text())
    Path(str(result) + ".out").replace(stdout_path)
    return {
        "wall_s": out["wall_s"],
        "exit_code": out["exit_code"],
        "peak_rss_mb": out["maxrss_kb"] / 1024,  # Linux: kilobytes
        "stderr": out["stderr"],
    }


def _mujigae_cmd() -> list[str]:
    script = Path(sys.executable).parent / "mujigae"
    return [str(script)] if script.exists() else [sys.executable, "-m", "mujigae.cli"]


def at_scale(students: int, slots: int, seed: int, repeat: int) -> dict:
    from mujigae.matching import Instance, stable_matching, summary
    from mujigae.matching.generate import generate
    from mujigae.matching.welfare import welfare_optimal

    out: dict[str, Any] = {"students": students, "slots": slots}
    _say(f"at scale: {students:,} students x {slots:,} slots, lists of up to 15")
    t = time.perf_counter()
    data = generate(students, slots, seed=seed)
    out["generate_s"] = time.perf_counter() - t
    t = time.perf_counter()
    inst = Instance.from_data(data)
    out["validate_s"] = time.perf_counter() - t
    out["entries_students"] = int(len(inst.student_pref))
    out["entries_slots"] = int(len(inst.slot_pref))
    out["places"] = int(inst.capacity.sum())
    out["engine_s"], result = _median_time(lambda: stable_matching(inst), repeat)
    _say(f"  engine {out['engine_s'] * 1000:.0f} ms")
    out["sequential_s"], seq = _median_time(
        lambda: stable_matching(inst, method="sequential"), max(1, repeat // 2)
    )
    out["sequential_identical"] = bool((seq.slot_of == result.slot_of).all())
    out["stable"] = summary(result)
    with tempfile.TemporaryDirectory(prefix="mujigae-bench-matching-") as tmp:
        path = Path(tmp) / "instance.json"
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        out["file_mb"] = path.stat().st_size / 1e6
        del data
        _say(f"  mujigae match ({out['file_mb']:.0f} MB of JSON) in a child process")
        e2e = _run_measured([*_mujigae_cmd(), "match", str(path)], Path(tmp) / "out.json")
        if e2e["exit_code"] == 0:
            printed = json.loads((Path(tmp) / "out.json").read_text())["assignments"]
            e2e["identical"] = printed == {str(k): v for k, v in result.assignments.items()}
        out["end_to_end"] = e2e
        floor = (
            "import json,sys; d=json.load(open(sys.argv[1], encoding='utf-8')); "
            "sys.stdout.write(json.dumps(d, ensure_ascii=False))"
        )
        out["json_floor"] = _run_measured(
            [sys.executable, "-c", floor, str(path)], Path(tmp) / "floor.json"
        )
        _say(
            f"  end to end {e2e['wall_s']:.2f} s, peak {e2e['peak_rss_mb']:.0f} MB "
            f"(JSON only: {out['json_floor']['wall_s']:.2f} s)"
        )
    _say("  welfare-optimal (OR-Tools min-cost flow)")
    t = time.perf_counter()
    welfare = welfare_optimal(inst)
    out["welfare_s"] = time.perf_counter() - t
    out["welfare"] = summary(welfare.as_matching())
    _say(f"  welfare {out['welfare_s']:.1f} s")
    return out


# =============================================================================
# report
# =============================================================================


def _s(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value * 1000:.1f} ms" if value < 1 else f"{value:.2f} s"


def _x(value: float | None) -> str:
    return "—" if value is None else f"{value:,.0f}×" if value >= 10 else f"{value:.2f}×"


def render(payload: dict[str, Any]) -> str:
    info = payload["machine"]
    texts = [
        "",
        f"mujigae bench: matching — {info['date']} — {info['cores']} cores ({info['cpu']}), Python {info['python']}"
        + (
            f"; load average {info['loadavg_start']:.1f} → {info['loadavg_end']:.1f}"
            if "loadavg_start" in info
            else ""
        ),
        "Instances: mujigae.matching.generate (Zipf-like slot popularity, lists of up to 15, "
        f"{STUDENTS_PER_SLOT} students per slot, ~5 % one-sided lists, capacities 0-9), seed "
        f"{payload['config']['seed']}" + (" (--quick)" if payload["config"]["quick"] else "") + ".",
        "",
        "1. Against the `matching` library (resident-optimal HR) on identical instances",
    ]
    rows = []
    for r in payload["peer"]:
        n = r["students"]
        lib_full = r["library_create_s"] + r["library_solve_s"] if "library_solve_s" in r else None
        is_target = n == max(x["students"] for x in payload["peer"])
        speedup = lib_full / r["ours_full_s"] if lib_full else None
        verdict = "" if speedup is None else "identical" if r.get("identical") else "DIFFERENT"
        if is_target and speedup is not None and not payload["config"]["quick"]:
            verdict += "; ok" if speedup >= TARGET_RATIO_AT_8000 else "; MISSED"
        rows.append(
            [
                f"{n:,} students: data -> assignment",
                _s(r["ours_full_s"]),
                f"≥{TARGET_RATIO_AT_8000:.0f}× faster" if is_target else "",
                _s(lib_full),
                "library create+solve",
                f"1/{_x(speedup)}" if speedup else "—",
                verdict,
            ]
        )
        lib_solve = r.get("library_solve_s")
        rows.append(
            [
                f"{n:,} students: matching alone",
                _s(r["ours_engine_s"]),
                "",
                _s(lib_solve),
                "library solve",
                f"1/{_x(lib_solve / r['ours_engine_s'])}" if lib_solve else "—",
                "" if lib_solve else f"library stopped/failed after {r['library_wall_s']:.0f} s",
            ]
        )
    texts.append(harness.table(HEADERS, rows, RIGHT))
    texts.append(
        "ratio = our time ÷ the peer's (1/50× = 50 times faster). Ours from data = validation "
        "of the JSON-shaped data + matching; the library's create = building its players from "
        "the cleaned dictionaries (the cleaning itself is not timed)."
    )
    b = payload.get("big")
    if b:
        e2e, floor = b["end_to_end"], b["json_floor"]
        texts += [
            "",
            f"2. At scale: {b['students']:,} students × {b['slots']:,} slots, "
            f"{b['entries_students']:,} student choices, {b['entries_slots']:,} slot rankings, "
            f"{b['places']:,} places; JSON file {b['file_mb']:.0f} MB",
        ]
        rows = [
            [
                "engine alone (median)",
                _s(b["engine_s"]),
                f"< {TARGET_ENGINE_S:.0f} s",
                _s(b["sequential_s"]),
                "sequential heap DA (same engine)",
                f"{b['engine_s'] / b['sequential_s']:.2f}×",
                ("ok" if b["engine_s"] < TARGET_ENGINE_S else "MISSED")
                + ("" if b["sequential_identical"] else "; DIFFERENT"),
            ],
            [
                "validation of the data",
                _s(b["validate_s"]),
                "",
                "",
                "",
                "",
                "",
            ],
            [
                "`mujigae match` end to end",
                _s(e2e["wall_s"]),
                f"< {TARGET_END_TO_END_S:.0f} s",
                _s(floor["wall_s"]),
                "python: json load + dump only",
                f"{e2e['wall_s'] / floor['wall_s']:.2f}×",
                (
                    ("ok" if e2e["wall_s"] < TARGET_END_TO_END_S else "MISSED")
                    + ("; output identical" if e2e.get("identical") else "; OUTPUT DIFFERS")
                )
                if e2e["exit_code"] == 0
                else f"FAILED (exit {e2e['exit_code']})",
            ],
            [
                "`mujigae match` peak memory",
                f"{e2e['peak_rss_mb']:,.0f} MB",
                f"< {TARGET_RSS_MB:,.0f} MB",
                f"{floor['peak_rss_mb']:,.0f} MB",
                "python: json load + dump only",
                f"{e2e['peak_rss_mb'] / floor['peak_rss_mb']:.2f}×",
                "ok" if e2e["peak_rss_mb"] < TARGET_RSS_MB else "MISSED",
            ],
            [
                "welfare-optimal (min-cost flow)",
                _s(b["welfare_s"]),
                "reported",
                _s(b["engine_s"]),
                "the stable engine",
                f"{b['welfare_s'] / b['engine_s']:.1f}×",
                "",
            ],
        ]
        texts.append(harness.table(HEADERS, rows, RIGHT))
        s, w = b["stable"], b["welfare"]
        texts += [
            "",
            "   stable vs welfare-optimal     stable      welfare",
            f"   students placed          {s['placed']:>10,}   {w['placed']:>10,}",
            f"   first choice             {s['by_choice'].get('1', 0):>10,}   {w['by_choice'].get('1', 0):>10,}",
            f"   mean choice (placed)     {s['mean_choice']:>10.2f}   {w['mean_choice']:>10.2f}",
            f"   blocking pairs           {s['blocking_pairs']:>10,}   {w['blocking_pairs']:>10,}",
        ]
    texts += payload["notes"]
    texts.append(f"Total time of the benchmark: {payload['seconds']:.0f} s.")
    return "\n".join(texts)


def _parse(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        prog="python -m bench matching", description=__doc__.split("\n\n")[0]
    )
    p.add_argument(
        "--quick",
        action="store_true",
        help="small run: 500/1,000/2,000 students against the library, 20,000 x 4,000 at scale",
    )
    p.add_argument(
        "--sizes", default=None, help="students for the library comparison, e.g. 1000,4000"
    )
    p.add_argument(
        "--big", default=None, help="STUDENTSxSLOTS at scale, e.g. 100000x20000; 0 skips"
    )
    p.add_argument("--seed", type=int, default=20260801)
    p.add_argument("--repeat", type=int, default=7, help="runs of ours per figure (median)")
    p.add_argument(
        "--library-timeout", type=float, default=600.0, help="seconds before the library is stopped"
    )
    p.add_argument("--json", default=str(harness.ROOT / "var" / "bench" / "matching.json"))
    p.add_argument("--report", metavar="PATH", help="print the table of an earlier run")
    p.add_argument("--library-child", type=int, default=None, help=argparse.SUPPRESS)
    p.add_argument("--result", help=argparse.SUPPRESS)
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = _parse(argv)
    if args.library_child is not None:
        return library_child(args.library_child, args.seed, args.result)
    if args.report:
        print(render(json.loads(Path(args.report).read_text())))
        return 0
    started = time.perf_counter()
    sizes = (
        [int(x) for x in args.sizes.split(",") if x]
        if args.sizes
        else (SIZES_QUICK if args.quick else SIZES)
    )
    if args.big == "0":
        big = None
    elif args.big:
        students, slots = (int(x) for x in args.big.lower().split("x"))
        big = (students, slots)
    else:
        big = BIG_QUICK if args.quick else BIG
    info = harness.machine()
    info["loadavg_start"] = os.getloadavg()[0]
    _say(f"mujigae bench: matching — {info['cores']} cores, Python {info['python']}")
    notes: list[str] = []
    peer = peer_comparison(sizes, args.seed, args.repeat, args.library_timeout)
    failed = any(r.get("identical") is False for r in peer)
    for r in peer:
        if "library_solve_s" not in r:
            notes.append(
                f"The library did not finish {r['students']:,} students within "
                f"{args.library_timeout:.0f} s."
            )
    scale = at_scale(*big, args.seed, args.repeat) if big else None
    if scale:
        e2e = scale["end_to_end"]
        failed |= e2e["exit_code"] != 0 or not e2e.get("identical", False)
        failed |= not scale["sequential_identical"]
        if e2e["exit_code"] != 0:
            notes.append(f"mujigae match failed: {e2e['stderr']}")
    info["loadavg_end"] = os.getloadavg()[0]
    payload = {
        "benchmark": "matching",
        "machine": info,
        "config": {"quick": args.quick, "seed": args.seed, "repeat": args.repeat, "sizes": sizes},
        "targets": {
            "speedup_at_largest": TARGET_RATIO_AT_8000,
            "engine_s": TARGET_ENGINE_S,
            "end_to_end_s": TARGET_END_TO_END_S,
            "peak_rss_mb": TARGET_RSS_MB,
        },
        "peer": peer,
        "big": scale,
        "notes": notes,
        "seconds": time.perf_counter() - started,
    }
    harness.publish(payload, render, args.json)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
