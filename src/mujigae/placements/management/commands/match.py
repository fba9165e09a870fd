"""`mujigae match INSTANCE.json`: the student-optimal stable matching of a JSON instance.

Input (a file, or `-` for standard input):

    {"students": [{"id": ..., "preferences": [slot ids, best first]}],
     "slots": [{"id": ..., "capacity": n, "preferences": [student ids, best first]}],
     "forbidden": [{"student": id, "slot": id, "rule": "reason_code"}]}   # optional

Output on standard output: {"assignments": {student id: slot id or null}} for
every student, in the input's order; `--explain` adds "explanations",
`--welfare` adds "welfare" (the welfare-optimal assignment and its blocking
pairs). A bad instance prints every problem found on standard error and exits
with code 2. The web page calls the same engine (`mujigae.matching`).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from mujigae.matching import (
    Instance,
    InstanceError,
    Problem,
    blocking_pairs,
    explain,
    stable_matching,
    summary,
)
from mujigae.matching.instance import forbidden_from_data

BAD_INSTANCE = 2


class Command(BaseCommand):
    help = (
        "학생-최적 안정 매칭(지연 수락)을 계산합니다. "
        "Compute the student-optimal stable matching of INSTANCE.json (- for standard input)."
    )
    requires_system_checks: list[str] = []
    stealth_options = ("stdin",)

    def add_arguments(self, parser) -> None:
        parser.add_argument("instance", help="INSTANCE.json, or - to read standard input")
        parser.add_argument(
            "--explain",
            action="store_true",
            help="add, per student, why they did not get each slot ranked higher",
        )
        parser.add_argument(
            "--welfare",
            action="store_true",
            help="add the welfare-optimal assignment (most students placed, then the "
            "smallest sum of ranks) and how many blocking pairs it has",
        )
        parser.add_argument("--indent", type=int, default=None, help="indent the JSON output")
        parser.add_argument(
            "--timings", action="store_true", help="print the time of each step on standard error"
        )

    def execute(self, *args: Any, **options: Any) -> Any:
        # From the command line a bad instance is a plain message and exit code
        # 2 (no "CommandError:" prefix); call_command() still raises CommandError.
        try:
            return super().execute(*args, **options)
        except CommandError as exc:
            if not getattr(self, "_called_from_command_line", False):
                raise
            self.stderr.write(str(exc))
            sys.exit(exc.returncode)

    def handle(self, *args: Any, **options: Any) -> None:
        clock = _Clock(self.stderr if options["timings"] else None)
        raw = self._read(options["instance"], options.get("stdin"))
        clock.lap("read")
        data = _parse(raw)
        clock.lap("json")
        try:
            instance = Instance.from_data(data)
            forbidden = None
            if "forbidden" in data:
                forbidden = instance.forbidden_pairs(forbidden_from_data(data["forbidden"]))
        except InstanceError as exc:
            raise CommandError("\n".join(exc.lines()), returncode=BAD_INSTANCE) from exc
        clock.lap("validate")
        result = stable_matching(instance, forbidden)
        clock.lap("match")
        out: dict[str, Any] = {"assignments": result.assignments}
        if options["explain"]:
            out["explanations"] = {
                str(sid): [e.as_dict() for e in items] for sid, items in explain(result).items()
            }
            clock.lap("explain")
        if options["welfare"]:
            from mujigae.matching.welfare import welfare_optimal

            welfare = welfare_optimal(instance, forbidden)
            clock.lap("welfare")
            out["welfare"] = {
                "assignments": welfare.assignments,
                "blocking_pairs": len(blocking_pairs(welfare.as_matching())),
                "summary": summary(welfare.as_matching()),
                "stable_summary": summary(result),
            }
        text = json.dumps(out, ensure_ascii=False, indent=options["indent"])
        clock.lap("encode")
        self.stdout.write(text)
        clock.lap("write")

    def _read(self, name: str, stdin: Any = None) -> bytes:
        if name == "-":
            stream = stdin if stdin is not None else sys.stdin
            data = stream.buffer.read() if hasattr(stream, "buffer") else stream.read()
            return data.encode() if isinstance(data, str) else data
        path = Path(name)
        try:
            return path.read_bytes()
        except OSError as exc:
            raise CommandError(
                f"파일을 읽을 수 없습니다: {name} ({exc.strerror or exc}) "
                f"(cannot read the file {name})",
                returncode=BAD_INSTANCE,
            ) from exc


def _parse(raw: bytes) -> Any:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        problem = Problem("$", "bad_encoding", {"position": exc.start + 1})
        raise CommandError(
            "\n".join(InstanceError([problem]).lines()), returncode=BAD_INSTANCE
        ) from exc
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        problem = Problem(
            "$", "bad_json", {"line": exc.lineno, "column": exc.colno, "detail": exc.msg}
        )
        raise CommandError(
            "\n".join(InstanceError([problem]).lines()), returncode=BAD_INSTANCE
        ) from exc


class _Clock:
    def __init__(self, out: Any) -> None:
        self.out = out
        self.last = time.perf_counter()

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        if self.out is not None:
            self.out.write(f"{name}: {(now - self.last) * 1000:.0f} ms")
        self.last = now
