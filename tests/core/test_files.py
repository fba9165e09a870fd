"""core.files: type by content, size bounded while arriving, virus scan,
storage without orphans, streamed downloads with Korean names, text for
search (docs/files.md)."""

from __future__ import annotations

import io
import os
import socket
import struct
import threading
from contextlib import contextmanager
from urllib.parse import quote

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import MemoryFileUploadHandler
from django.http import FileResponse
from django.test import RequestFactory

from mujigae.core import files
from mujigae.core.files import FileRefused, inspect_upload, memory_file
from tests import filesamples as s

EICAR = b"X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"


def check(data: bytes, name: str):
    return inspect_upload(memory_file(data, name))


def refused(data: bytes, name: str) -> str:
    with pytest.raises(FileRefused) as exc:
        check(data, name)
    return exc.value.message


# --------------------------------------------------------------------------
# type by content


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        ("회의록.pdf", s.small_pdf("minutes"), "pdf"),
        ("사진.png", s.png(), "png"),
        ("사진.JPG", s.jpeg(), "jpeg"),
        ("보고서.docx", s.docx("보고서"), "docx"),
        ("집행내역.xlsx", s.xlsx("집행"), "xlsx"),
        ("발표.pptx", s.pptx("발표"), "pptx"),
        ("계획서.hwpx", s.hwpx("계획"), "hwpx"),
        ("공문.hwp", s.hwp(), "ole"),
        ("명단.csv", "이름,학교\n홍길동,안산공고\n".encode(), "text"),
        ("명단.csv", "이름,학교\n홍길동,안산공고\n".encode("cp949"), "text"),
        ("메모.txt", b"plain note", "text"),
    ],
)
def test_files_of_every_allowed_kind_are_accepted_by_their_content(name, data, code):
    checked = check(data, name)
    assert checked.kind.code == code
    assert checked.filename == name
    assert checked.size == len(data)
    assert len(checked.sha256) == 64


def test_the_content_type_follows_the_legacy_extension():
    assert check(s.hwp(), "공문.hwp").content_type == "application/x-hwp"
    assert check(s.hwp(), "old.xls").content_type == "application/vnd.ms-excel"


def test_an_empty_file_is_refused_in_korean():
    assert "비어" in refused(b"", "빈파일.pdf")


def test_an_oversized_file_is_refused_with_the_limit(settings):
    settings.MUJIGAE_FILES_MAX_BYTES = 1024
    message = refused(s.small_pdf("x") + b"\0" * 2048, "큰파일.pdf")
    assert "큰파일.pdf" in message and "1KB" in message


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (b"MZ\x90\x00" + b"\0" * 100, "계약서.pdf"),  # a Windows program named .pdf
        (b"\x7fELF\x02\x01\x01" + b"\0" * 100, "report.pdf"),
        (b"#!/bin/sh\nrm -rf /\n", "notes.txt"),  # a shell script named .txt
    ],
)
def test_programs_and_scripts_are_refused_whatever_their_name(data, name):
    message = refused(data, name)
    assert "프로그램" in message or "스크립트" in message


def test_a_plain_zip_is_refused():
    assert "압축" in refused(s.zipped({"a.txt": "a", "b.txt": "b"}), "자료.zip")


def test_a_zip_with_very_many_entries_is_refused_as_a_zip():
    many = s.zipped({f"f{i}.txt": "" for i in range(files.MAX_ZIP_ENTRIES + 1)})
    assert "압축" in refused(many, "폭탄.docx")


def test_a_damaged_zip_is_refused():
    data = s.docx("x")
    assert "손상" in refused(data[: len(data) // 2], "깨진.docx")


def test_a_png_named_pdf_is_refused_with_its_real_kind():
    message = refused(s.png(), "사진인데.pdf")
    assert ".pdf" in message and "이미지" in message


def test_an_unknown_binary_is_refused_with_the_allowed_list():
    message = refused(b"\x00\x01\x02garbage" * 10, "data.bin")
    assert "pdf" in message and "hwpx" in message


def test_binary_named_txt_is_not_text():
    assert refused(b"abc\x00def" * 10, "notes.txt")


def test_the_kept_name_has_no_path_or_control_characters():
    checked = check(s.small_pdf("x"), "..\\..\\secret/회의\x07록.pdf")
    assert checked.filename == "회의록.pdf"


def test_the_upload_field_sets_checked_and_refuses_in_korean():
    class F(forms.Form):
        file = files.UploadField(label="파일")

    ok = F({}, {"file": SimpleUploadedFile("회의록.pdf", s.small_pdf("x"))})
    assert ok.is_valid(), ok.errors
    assert ok.cleaned_data["file"].checked.kind.code == "pdf"
    bad = F({}, {"file": SimpleUploadedFile("회의록.pdf", s.png())})
    assert not bad.is_valid()
    assert "이미지" in bad.errors["file"][0]


# --------------------------------------------------------------------------
# size bounded while the upload arrives


class CountingHandler(MemoryFileUploadHandler):
    """The memory handler after LimitedUploadHandler, counting what reached it."""

    received = 0

    def handle_raw_input(self, *args, **kwargs):
        # keep the file in memory whatever its size (the test measures what arrives)
        self.activated = True

    def receive_data_chunk(self, raw_data, start):
        CountingHandler.received += len(raw_data)
        return super().receive_data_chunk(raw_data, start)


class _UploadForm(forms.Form):
    title = forms.CharField()
    file = files.UploadField()


def test_an_oversized_multipart_upload_is_skipped_while_it_arrives(settings):
    settings.MUJIGAE_FILES_MAX_BYTES = 100 * 1024
    settings.FILE_UPLOAD_HANDLERS = [
        "mujigae.core.files.LimitedUploadHandler",
        "tests.core.test_files.CountingHandler",
    ]
    CountingHandler.received = 0
    big = s.small_pdf("x") + b"\0" * (1024 * 1024)  # 1 MB: ten times the limit
    request = RequestFactory().post(
        "/upload/", {"title": "회의록", "file": SimpleUploadedFile("큰회의록.pdf", big)}
    )
    assert "file" not in request.FILES  # skipped, never kept whole
    assert request.POST["title"] == "회의록"  # the rest of the form arrived
    assert CountingHandler.received <= 100 * 1024  # memory bounded by the limit
    assert request.upload_refused == {"file": "큰회의록.pdf"}
    form = _UploadForm(request.POST, request.FILES)
    files.refused_upload_errors(request, form)
    assert not form.is_valid()
    assert form.errors["file"] == [
        "파일 “큰회의록.pdf”이(가) 너무 큽니다. 한 파일은 100KB까지 올릴 수 있습니다."
    ]


def test_a_small_multipart_upload_passes_the_limiting_handler(settings):
    settings.MUJIGAE_FILES_MAX_BYTES = 100 * 1024
    data = s.small_pdf("x")
    request = RequestFactory().post(
        "/upload/", {"title": "t", "file": SimpleUploadedFile("a.pdf", data)}
    )
    assert request.FILES["file"].read() == data
    assert not getattr(request, "upload_refused", None)


# --------------------------------------------------------------------------
# storing without orphans


def _stored_names(root) -> list[str]:
    return sorted(
        os.path.relpath(os.path.join(d, n), root) for d, _dirs, ns in os.walk(root) for n in ns
    )


def test_stored_keeps_the_file_when_the_block_succeeds(files_dir):
    with files.stored(memory_file(b"abc", "a.txt"), district_id=3, filename="회의록.txt") as name:
        pass
    assert name.startswith("d3/") and name.endswith(".txt")
    assert "회의록" not in name
    with files.open_stored(name) as fh:
        assert fh.read() == b"abc"


def test_two_uploads_of_the_same_name_never_overwrite(files_dir):
    with files.stored(memory_file(b"one", "a.txt"), district_id=1, filename="같은.txt") as a:
        pass
    with files.stored(memory_file(b"two", "a.txt"), district_id=1, filename="같은.txt") as b:
        pass
    assert a != b
    assert files.open_stored(a).read() == b"one"


@pytest.mark.django_db
def test_an_upload_whose_database_write_fails_leaves_no_orphan(files_dir):
    from django.db import IntegrityError, transaction

    from mujigae.sharing.models import StoredFile

    upload = memory_file(b"abc", "a.txt")
    with (
        pytest.raises(IntegrityError),
        transaction.atomic(),
        files.stored(upload, district_id=1, filename="a.txt") as name,
    ):
        assert files.storage().exists(name)
        StoredFile.objects.create(  # no such district: the row cannot be written
            district_id=999_999,
            name=name,
            filename="a.txt",
            size=3,
            content_type="text/plain",
            kind="text",
            sha256="0" * 64,
        )
        transaction.get_connection().check_constraints()  # SQLite checks FKs late
    assert _stored_names(files_dir) == []


def test_an_interrupted_request_leaves_no_orphan(files_dir):
    class ClientGone(Exception):
        pass

    upload = memory_file(b"abc", "a.txt")
    with pytest.raises(ClientGone), files.stored(upload, district_id=1, filename="a.txt"):
        raise ClientGone
    assert _stored_names(files_dir) == []


def test_a_client_disconnecting_mid_upload_stores_nothing(files_dir, settings):
    """The body ends before Content-Length: Django's parser stops, no file reaches
    the view, nothing is stored."""
    from django.core.handlers.wsgi import WSGIRequest
    from django.http.multipartparser import MultiPartParserError
    from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart

    body = encode_multipart(
        BOUNDARY, {"file": SimpleUploadedFile("a.pdf", s.small_pdf("x") + b"\0" * 50_000)}
    )
    cut = body[: len(body) // 2]
    environ = RequestFactory()._base_environ(
        REQUEST_METHOD="POST",
        CONTENT_TYPE=MULTIPART_CONTENT,
        CONTENT_LENGTH=str(len(body)),
        **{"wsgi.input": io.BytesIO(cut)},
    )
    request = WSGIRequest(environ)
    try:
        uploaded = request.FILES.get("file")
    except (MultiPartParserError, OSError):
        uploaded = None
    assert uploaded is None  # the cut file never reaches the form
    assert _stored_names(files_dir) == []


def test_delete_stored_twice_is_harmless(files_dir):
    with files.stored(memory_file(b"abc", "a.txt"), district_id=1, filename="a.txt") as name:
        pass
    files.delete_stored(name)
    files.delete_stored(name)
    assert not files.storage().exists(name)


# --------------------------------------------------------------------------
# downloads


def _store(data: bytes, filename: str) -> str:
    with files.stored(memory_file(data, filename), district_id=1, filename=filename) as name:
        return name


def test_a_download_streams_the_file_with_its_korean_name(files_dir):
    data = s.small_pdf("minutes")
    name = _store(data, "2025 운영위원회 회의록(서명).pdf")
    response = files.file_response(
        name, filename="2025 운영위원회 회의록(서명).pdf", content_type="application/pdf"
    )
    assert isinstance(response, FileResponse)
    assert response.streaming
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment")
    assert "filename*=utf-8''" + quote("2025 운영위원회 회의록(서명).pdf") in disposition
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content) == data
    response.file_to_stream.close()


def test_x_accel_redirect_hands_the_file_to_nginx(settings, files_dir):
    settings.MUJIGAE_FILES_X_ACCEL_PREFIX = "/protected-files/"
    name = _store(b"abc", "메모.txt")
    response = files.file_response(name, filename="메모.txt", content_type="text/plain")
    assert not isinstance(response, FileResponse)
    assert response["X-Accel-Redirect"] == "/protected-files/" + name
    assert response.content == b""
    assert "filename*=utf-8''" + quote("메모.txt") in response["Content-Disposition"]


def test_an_inline_file_is_sandboxed(files_dir):
    name = _store(s.png(), "a.png")
    response = files.file_response(name, filename="a.png", content_type="image/png", inline=True)
    assert response["Content-Disposition"].startswith("inline")
    assert "sandbox" in response["Content-Security-Policy"]
    response.file_to_stream.close()


# --------------------------------------------------------------------------
# text for search


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("a.docx", s.docx("현장실습 운영계획"), "현장실습 운영계획"),
        ("a.xlsx", s.xlsx("집행 내역 요약"), "집행 내역 요약"),
        ("a.pptx", s.pptx("교육과정 발표"), "교육과정 발표"),
        ("a.hwpx", s.hwpx("혁신지구 협약서"), "혁신지구 협약서"),
        ("a.pdf", s.small_pdf("Signed minutes of the council"), "Signed minutes of the council"),
        ("a.csv", "학생,학교\n홍길동,안산공고\n".encode("cp949"), "안산공고"),
        ("a.csv", "학생,학교\n홍길동,안산공고\n".encode(), "홍길동"),
    ],
)
def test_the_text_of_office_files_is_read_for_search(name, data, expected):
    f = memory_file(data, name)
    assert expected in files.extract_text(f, inspect_upload(f))


def test_images_and_legacy_files_have_no_text():
    f = memory_file(s.png(), "a.png")
    assert files.extract_text(f, inspect_upload(f)) == ""


# --------------------------------------------------------------------------
# virus scan (ClamAV's clamd)


@contextmanager
def fake_clamd(*, answer_found: bool | None = None):
    """A clamd on 127.0.0.1 answering INSTREAM: FOUND for the EICAR test string."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(4)
    received: list[bytes] = []

    def serve():
        while True:
            try:
                conn, _addr = server.accept()
            except OSError:
                return
            with conn:
                command = b""
                while not command.endswith(b"\0"):
                    command += conn.recv(1)
                assert command == b"zINSTREAM\0"
                data = b""
                while True:
                    size = struct.unpack("!L", _read(conn, 4))[0]
                    if not size:
                        break
                    data += _read(conn, size)
                received.append(data)
                found = EICAR in data if answer_found is None else answer_found
                conn.sendall(b"stream: Eicar-Signature FOUND\0" if found else b"stream: OK\0")

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield f"127.0.0.1:{server.getsockname()[1]}", received
    finally:
        server.close()


def _read(conn, n: int) -> bytes:
    out = b""
    while len(out) < n:
        part = conn.recv(n - len(out))
        if not part:
            raise OSError("closed")
        out += part
    return out


def test_the_clamd_scanner_streams_the_file_and_reads_the_answer():
    with fake_clamd() as (address, received):
        scanner = files.ClamdScanner(address, timeout=10)
        assert scanner.scan(io.BytesIO(b"clean text")) is None
        assert scanner.scan(io.BytesIO(b"txt " + EICAR)) == "Eicar-Signature"
    assert received[0] == b"clean text"


def test_an_infected_upload_is_refused_in_korean(settings):
    with fake_clamd() as (address, _received):
        settings.MUJIGAE_VIRUS_SCAN = f"clamd:{address}"
        message = refused(EICAR, "감염.txt")
        assert "Eicar-Signature" in message and "감염.txt" in message
        assert check(b"clean", "clean.txt").kind.code == "text"


def test_an_unreachable_scanner_refuses_the_file(settings):
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()  # nothing listens there now
    settings.MUJIGAE_VIRUS_SCAN = f"clamd:127.0.0.1:{port}"
    message = refused(b"clean", "a.txt")
    assert "바이러스" in message


@pytest.mark.django_db
def test_an_unreachable_scanner_stores_nothing(settings, files_dir):
    settings.MUJIGAE_VIRUS_SCAN = "clamd:/nonexistent/clamd.ctl"

    class F(forms.Form):
        file = files.UploadField()

    form = F({}, {"file": SimpleUploadedFile("a.pdf", s.small_pdf("x"))})
    assert not form.is_valid()
    assert "바이러스" in form.errors["file"][0]
    assert _stored_names(files_dir) == []


CLAMD_SOCKETS = ("/run/clamav/clamd.ctl", "/var/run/clamav/clamd.ctl")


@pytest.mark.skipif(
    not any(os.path.exists(p) for p in CLAMD_SOCKETS), reason="no clamd runs on this machine"
)
def test_a_real_clamd_finds_the_eicar_test_file():
    path = next(p for p in CLAMD_SOCKETS if os.path.exists(p))
    scanner = files.ClamdScanner(path)
    assert scanner.scan(io.BytesIO(b"clean")) is None
    assert "Eicar" in (scanner.scan(io.BytesIO(EICAR)) or "")


def test_the_scanner_setting():
    assert isinstance(files.scanner(), files.NoScan)


def test_purge_before_is_the_retention_period(settings):
    import datetime as dt

    settings.MUJIGAE_FILES_RETENTION_DAYS = 7
    now = dt.datetime(2025, 3, 10, tzinfo=dt.UTC)
    assert files.purge_before(now) == dt.datetime(2025, 3, 3, tzinfo=dt.UTC)


def test_a_skipped_upload_of_a_prefixed_form_is_reported_on_its_field(settings):
    settings.MUJIGAE_FILES_MAX_BYTES = 1024
    big = SimpleUploadedFile("큰파일.pdf", s.small_pdf("x") + b"\0" * 4096)
    request = RequestFactory().post("/upload/", {"att-title": "t", "att-file": big})
    form = _UploadForm({}, {}, prefix="att")  # the body not parsed yet: the helper parses it
    files.refused_upload_errors(request, form)
    assert request.upload_refused == {"att-file": "큰파일.pdf"}
    assert "큰파일.pdf" in form.errors["file"][0]
