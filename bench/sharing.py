"""The documents library (issue 15, Performance): memory of a 50 MB upload
and download, and the document list of one person at national scale.

Per database (SQLite always; PostgreSQL too when the server answers, on a
database of its own, default `mujigae_bench_sharing`, created and dropped
here), in a child process (`python -m bench.sharing --child`):

1. **Files.** A 50 MB text file is written to disk with a multipart body
   around it. The upload goes through the real page
   (`sharing:document_create`) and Django's WSGI handler (`ClientHandler`,
   which is `WSGIHandler` without the CSRF check), the request body read from
   that file on disk (`wsgi.input` is the open file, never a bytes object);
   the download is `sharing:version_download`, its streamed body read and
   thrown away chunk by chunk, as a server writes it to the socket. For each,
   the growth of the process's peak resident memory (Linux: VmHWM, reset
   through /proc/self/clear_refs before each step) is printed beside the file
   size. Peers, same process, same file: an upload that reads the whole body
   into memory (`request.body`) and a download answered as
   `HttpResponse(f.read())`.
2. **The list at national scale.** 15 districts and 200,000 documents with
   mixed audiences (the whole district 30 %, the schools 30 %, the companies
   20 %, one listed organisation 10 %, the coordinators 10 %), bulk-inserted
   with tokens made once by Kiwi from a few dozen titles. A school user of the
   first district opens the list page (`sharing:documents`) and a search
   (`?q=로봇 실습`): server time (median, p95) through `django.test.Client`
   and the query count of one request, first with 20,000 documents, then with
   200,000 (flat is the target: the page is paginated, tags are one prefetch).

`--quick`: a 5 MB file and 2,000 / 20,000 documents on 3 districts (the smoke
test's `core()` runs smaller still).
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

from bench import harness

DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432/mujigae_bench_sharing"
SEED = 20261203
FULL = {"districts": 15, "docs": (20_000, 200_000), "file_mb": 50, "repeat": 15}
QUICK = {"districts": 3, "docs": (2_000, 20_000), "file_mb": 5, "repeat": 5}
WARMUP = 2
SCHOOL = "bench-sharing-school"
PARTNER = "bench-sharing-partner"
QUERY = "로봇 실습"

TITLES = [
    "{}년 현장실습 운영 계획", "협동로봇 실습장 이용 안내", "운영위원회 회의록 {}차",
    "교육과정 편성표 {}학년", "예산 집행 현황 {}월", "기업 맞춤형 직무교육 안내",
    "표준협약서 서식", "스마트팩토리 설비 보전 교재", "로봇 용접 실습 안전수칙",
    "산학협력 협약서 {}", "참여기업 지원사업 신청 안내", "머신비전 검사 실습 자료",
    "PLC 제어 실습 과제 {}", "학생 진로 상담 기록 양식", "기업현장교사 수당 지급 기준",
]  # fmt: skip


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# =============================================================================
# memory
# =============================================================================


def _peak_kb() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def _rss_kb() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def _reset_peak() -> bool:
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return True
    except OSError:
        return False


def _trim() -> None:
    """Give freed heap memory back to the system (glibc), so memory reused by
    the next step shows as growth instead of hiding in freed pages."""
    import contextlib
    import ctypes

    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def _measured(fn) -> dict:
    """Run `fn()`; the growth of peak RSS over the RSS before it, in MB."""
    import gc

    gc.collect()
    _trim()
    reset = _reset_peak()
    before = _rss_kb()
    started = time.perf_counter()
    result = fn()
    seconds = time.perf_counter() - started
    peak = _peak_kb()
    return {
        "growth_mb": max(0, peak - before) / 1024,
        "seconds": seconds,
        "peak_reset": reset,
        "result": result,
    }


def _write_file(path: Path, mb: int) -> int:
    line = ("안산 혁신지구 공유 자료 벤치마크 줄 " * 3 + "\n").encode()
    size = mb * 1024 * 1024
    with path.open("wb") as fh:
        written = 0
        while written < size:
            chunk = line * max(1, min(4096, (size - written) // len(line)))
            chunk = chunk[: size - written]
            fh.write(chunk)
            written += len(chunk)
    return size


def _multipart(path: Path, body: Path, fields: dict, filename: str) -> tuple[str, int]:
    """A multipart/form-data body on disk around the file (copied in 1 MB chunks)."""
    boundary = "----mujigaeBench" + os.urandom(8).hex()
    with body.open("wb") as out:
        for name, value in fields.items():
            values = value if isinstance(value, list) else [value]
            for v in values:
                out.write(
                    f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                    f"{v}\r\n".encode()
                )
        out.write(
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
            f'filename="{filename}"\r\nContent-Type: text/plain\r\n\r\n'.encode()
        )
        with path.open("rb") as src:
            for chunk in iter(lambda: src.read(1024 * 1024), b""):
                out.write(chunk)
        out.write(f"\r\n--{boundary}--\r\n".encode())
    return f"multipart/form-data; boundary={boundary}", body.stat().st_size


def _post_from_disk(client, url: str, body: Path, content_type: str, length: int):
    from django.test.client import ClientHandler

    handler = ClientHandler(enforce_csrf_checks=False)
    with body.open("rb") as stream:
        environ = client._base_environ(
            PATH_INFO=url,
            REQUEST_METHOD="POST",
            CONTENT_TYPE=content_type,
            CONTENT_LENGTH=str(length),
            **{"wsgi.input": stream},
        )
        response = handler(environ)  # the handler closes it, as a server would
    return response


def _get_streamed(client, url: str) -> tuple[int, int]:
    from django.test.client import ClientHandler

    handler = ClientHandler(enforce_csrf_checks=False)
    response = handler(client._base_environ(PATH_INFO=url, REQUEST_METHOD="GET"))
    n = 0
    for chunk in response:  # as the server writes it; closed at the end by the handler
        n += len(chunk)
    return response.status_code, n


def files_core(size: dict, district, school_org, say=_say) -> dict:
    """Upload and download of one file through the real views; the peers."""
    from django.core.files.base import ContentFile
    from django.http import HttpRequest, HttpResponse
    from django.test import Client
    from django.urls import reverse

    from mujigae.core import files
    from mujigae.core.models import User
    from mujigae.sharing.models import DocumentVersion

    partner = User.objects.get(username=PARTNER)
    client = Client()
    client.force_login(partner)
    tmp = Path(tempfile.mkdtemp(prefix="mujigae-bench-sharing-files-"))
    try:
        data = tmp / "자료.txt"
        file_size = _write_file(data, size["file_mb"])
        fields = {
            "title": "벤치마크 대용량 자료",
            "description": "",
            "tags": "벤치마크",
            "folder": "",
            "note": "",
            "audience_kinds": "school",
        }
        body = tmp / "body.bin"
        url = reverse("sharing:document_create")
        # warm up (Kiwi, templates, the first request's imports) on a small file
        small = tmp / "small.txt"
        small.write_bytes("작은 자료 준비 운동\n".encode() * 100)
        warm_type, warm_length = _multipart(small, body, fields, "준비.txt")
        _post_from_disk(client, url, body, warm_type, warm_length)
        warm = DocumentVersion.objects.order_by("-pk").first()
        _get_streamed(client, reverse("sharing:version_download", args=[warm.pk]))
        content_type, length = _multipart(data, body, fields, "대용량_자료.txt")
        up = _measured(lambda: _post_from_disk(client, url, body, content_type, length))
        status = up.pop("result").status_code
        version = DocumentVersion.objects.select_related("file").order_by("-pk").first()
        assert status == 302 and version is not None, f"upload answered {status}"
        stored_size = version.file.size

        down = _measured(
            lambda: _get_streamed(client, reverse("sharing:version_download", args=[version.pk]))
        )
        down_status, down_bytes = down.pop("result")

        # the peers: the whole body in memory, the whole file in memory
        def peer_upload():
            request = HttpRequest()
            with body.open("rb") as fh:
                request._body = fh.read()  # what `request.body` holds
            with files.stored(
                ContentFile(request._body), district_id=district.pk, filename="peer.txt"
            ) as name:
                files.delete_stored(name)
            return len(request._body)

        peer_up = _measured(peer_upload)
        peer_up.pop("result")

        def peer_download():
            with files.open_stored(version.file.name) as fh:
                response = HttpResponse(fh.read(), content_type="text/plain")
            return sum(len(c) for c in response)

        peer_down = _measured(peer_download)
        peer_down_bytes = peer_down.pop("result")
        say(f"  files: {file_size / 1024 / 1024:.0f} MB up and down")
        return {
            "file_mb": file_size / 1024 / 1024,
            "stored_bytes": stored_size,
            "upload": up,
            "download": {**down, "status": down_status, "bytes": down_bytes},
            "peer_upload": peer_up,
            "peer_download": {**peer_down, "bytes": peer_down_bytes},
        }
    finally:
        for p in tmp.iterdir():
            p.unlink()
        tmp.rmdir()


# =============================================================================
# the list at national scale
# =============================================================================


def setup(districts: int) -> dict:
    """Districts, one school, one company and one partner per district, the
    benchmark's two logins."""
    from mujigae.core.models import District, Role, User
    from mujigae.partners.models import Organisation, OrgKind

    ds = District.objects.bulk_create(
        [
            District(name=f"자료표본지구 {i:02d}", code=f"bench-sharing-{i:02d}", is_sample=True)
            for i in range(districts)
        ]
    )
    orgs = Organisation.objects.bulk_create(
        [
            Organisation(district=d, name=f"{label} {i:02d}", kind=kind)
            for i, d in enumerate(ds)
            for kind, label in (
                (OrgKind.SCHOOL, "표본고"),
                (OrgKind.COMPANY, "표본기업"),
                (OrgKind.CHAMBER, "표본테크노파크"),
            )
        ]
    )
    school = next(o for o in orgs if o.district_id == ds[0].pk and o.kind == OrgKind.SCHOOL)
    partner = next(o for o in orgs if o.district_id == ds[0].pk and o.kind == OrgKind.CHAMBER)
    User.objects.create(
        username=SCHOOL, role=Role.SCHOOL, district=ds[0], organisation=school, is_active=True
    )
    User.objects.create(
        username=PARTNER, role=Role.PARTNER, district=ds[0], organisation=partner, is_active=True
    )
    return {"districts": ds, "orgs": orgs, "school": school}


def add_documents(n: int, ctx: dict, start: int, say=_say) -> None:
    """Bulk-insert `n` documents (numbered from `start`) over the districts."""
    from django.db import transaction
    from django.utils import timezone

    from mujigae.partners.models import OrgKind
    from mujigae.sharing.documents import index_tokens
    from mujigae.sharing.models import Audience, AudienceEntry, Document, DocumentTag

    rng = random.Random(SEED + start)
    if "tokens" not in ctx:
        ctx["tokens"] = [" " + " ".join(index_tokens(t.format(3))) + " " for t in TITLES]
    ds, orgs = ctx["districts"], ctx["orgs"]
    orgs_of: dict[int, list] = {}
    for o in orgs:
        orgs_of.setdefault(o.district_id, []).append(o)
    now = timezone.now()
    with transaction.atomic():
        base = (Audience.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
        audiences, entries, docs = [], [], []
        for k in range(n):
            i = start + k
            d = ds[i % len(ds)]
            a_id = base + k
            r = rng.random()
            everyone = r < 0.3
            audiences.append((a_id, d.pk, everyone))
            if 0.3 <= r < 0.6:
                entries.append((a_id, None, OrgKind.SCHOOL.value, ""))
            elif 0.6 <= r < 0.8:
                entries.append((a_id, None, OrgKind.COMPANY.value, ""))
            elif 0.8 <= r < 0.9:
                entries.append((a_id, rng.choice(orgs_of[d.pk]).pk, "", ""))
            elif r >= 0.9:
                entries.append((a_id, None, "", "coordinator"))
            t = (i // len(ds)) % len(TITLES)  # every district gets every title
            owner = orgs_of[d.pk][(i // len(ds)) % 3]
            at = now - timezone.timedelta(minutes=i)
            docs.append(
                (d.pk, TITLES[t].format(i % 12 + 1), "", owner.pk, a_id, at, at, ctx["tokens"][t])
            )
        harness.bulk_insert(Audience._meta.db_table, ("id", "district_id", "everyone"), audiences)
        harness.bulk_insert(
            AudienceEntry._meta.db_table,
            ("audience_id", "organisation_id", "org_kind", "role"),
            entries,
        )
        harness.bulk_insert(
            Document._meta.db_table,
            (
                "district_id",
                "title",
                "description",
                "owner_org_id",
                "audience_id",
                "created_at",
                "updated_at",
                "search_tokens",
            ),
            docs,
        )
        ids = list(
            Document.objects.filter(audience_id__gte=base)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        harness.bulk_insert(
            DocumentTag._meta.db_table,
            ("document_id", "tag"),
            [(pk, ("현장실습", "로봇", "예산", "교육과정")[pk % 4]) for pk in ids],
        )
        from django.db import connection

        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                seq = "SELECT setval(pg_get_serial_sequence(%s, 'id'), (SELECT MAX(id) FROM {}))"
                cursor.execute(seq.format(Audience._meta.db_table), [Audience._meta.db_table])
                cursor.execute("ANALYZE")
    say(f"  documents: {start + n:,}")


def _page(client, url: str, repeat: int) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(WARMUP):
        client.get(url)
    connection.queries_log.clear()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    queries = len(ctx)
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        client.get(url)
        samples.append(time.perf_counter() - started)
    return {
        **harness.summary_ms(samples),
        "status": response.status_code,
        "queries": queries,
    }


def list_core(size: dict, ctx: dict, say=_say) -> list[dict]:
    from urllib.parse import quote

    from django.test import Client
    from django.urls import reverse

    from mujigae.core.models import User
    from mujigae.sharing import document_selectors as selectors
    from mujigae.sharing.models import Document

    school = User.objects.get(username=SCHOOL)
    client = Client()
    client.force_login(school)
    out = []
    have = 0
    for total in size["docs"]:
        add_documents(total - have, ctx, have, say)
        have = total
        url = reverse("sharing:documents")
        out.append(
            {
                "documents": Document.objects.count(),
                "in_district": Document.objects.filter(district=school.district).count(),
                "list": {
                    **_page(client, url, size["repeat"]),
                    "shown": selectors.document_list(user=school).count(),
                },
                "search": {
                    **_page(client, url + "?q=" + quote(QUERY), size["repeat"]),
                    "shown": selectors.document_list(user=school, q=QUERY).count(),
                },
            }
        )
    return out


def core(size: dict, say=_say) -> dict:
    """Everything in the current database (the child; the smoke test on a tiny size)."""
    from django.db import connection

    ctx = setup(size["districts"])
    result = {
        "database": connection.vendor,
        "files": files_core(size, ctx["districts"][0], ctx["school"], say),
        "lists": list_core(size, ctx, say),
    }
    return result


# =============================================================================
# the parent
# =============================================================================


def _child(args: argparse.Namespace) -> int:
    return harness.child_main(args.out, lambda: core(dict(QUICK if args.quick else FULL)))


def _run_one(label: str, url: str, var_dir: Path, args: argparse.Namespace) -> dict | None:
    env = {
        "MUJIGAE_FILES_DIR": str(var_dir / "files"),
        # allocations over 128 KB come from fresh pages and go back when freed:
        # the peak shows what a step holds, not what an earlier step left behind
        "MALLOC_MMAP_THRESHOLD_": "131072",
    }
    child_args = ["--quick"] if args.quick else []
    return harness.run_child_json("bench.sharing", label, url, var_dir, child_args, _say, env)


def render(payload: dict) -> str:
    text = "mujigae bench: sharing (documents)\n"
    for run in payload["runs"]:
        f = run["files"]
        size = f"{f['file_mb']:.0f} MB"
        rows = [
            [
                f"{run['label']}: upload (page, body from disk)",
                size,
                f"{f['upload']['growth_mb']:.1f} MB",
                f"{f['peer_upload']['growth_mb']:.1f} MB",
                harness.fmt_ratio(
                    harness.ratio(f["upload"]["growth_mb"], f["peer_upload"]["growth_mb"])
                ),
            ],
            [
                f"{run['label']}: download (streamed)",
                size,
                f"{f['download']['growth_mb']:.1f} MB",
                f"{f['peer_download']['growth_mb']:.1f} MB",
                harness.fmt_ratio(
                    harness.ratio(f["download"]["growth_mb"], f["peer_download"]["growth_mb"])
                ),
            ],
        ]
        text += harness.table(
            ["memory", "file", "peak RSS growth", "peer: in memory", "ours/peer"],
            rows,
            [False, True, True, True, True],
        )
        text += "\n\n"
        rows = []
        for point in run["lists"]:
            for key, label in (("list", "list page"), ("search", f"search “{QUERY}”")):
                fig = point[key]
                rows.append(
                    [
                        f"{run['label']}: {label}",
                        f"{point['documents']:,}",
                        f"{point['in_district']:,}",
                        f"{fig['shown']:,}" if fig["shown"] is not None else "—",
                        f"{harness.fmt_ms(fig['median_ms'])} ms",
                        f"{harness.fmt_ms(fig['p95_ms'])} ms",
                        str(fig["queries"]),
                    ]
                )
        text += harness.table(
            [
                "a school's document list",
                "documents",
                "in its district",
                "it sees",
                "median",
                "p95",
                "queries",
            ],
            rows,
            [False, True, True, True, True, True, True],
        )
        text += "\n\n"
    for note in payload["notes"]:
        text += f"  {note}\n"
    return text.rstrip() + "\n"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench sharing", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="5 MB, 2,000 / 20,000 documents")
    parser.add_argument("--only", choices=("sqlite", "postgres"))
    parser.add_argument("--postgres", help="a PostgreSQL URL (a database created and dropped)")
    parser.add_argument("--json", default=str(harness.ROOT / "var" / "bench" / "sharing.json"))
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return _child(args)
    _payload, failed = harness.run_benchmark(
        "sharing",
        only=args.only,
        explicit_pg=args.postgres,
        default_pg=DEFAULT_POSTGRES,
        prefix="mujigae-bench-sharing-",
        run_one=lambda label, url, var_dir: _run_one(label, url, var_dir, args),
        say=_say,
        render=render,
        json_path=args.json,
        config={"quick": args.quick, "size": QUICK if args.quick else FULL},
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
