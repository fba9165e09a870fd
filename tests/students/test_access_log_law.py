"""The access log as the law defines it (개인정보의 안전성 확보조치 기준 제2조,
제8조): account, time, IP address, whose data, what was done and why — for
every view, change, input, delete, export, print and download; a download asks
its reason; names never travel in a URL nor land in a log line."""

from __future__ import annotations

import html
import io
import logging
import re
from urllib.parse import unquote

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone

from mujigae.core.exceptions import ApplicationError
from mujigae.core.log_filters import StripQueryStrings
from mujigae.students import services
from mujigae.students.models import AccessLog, Student
from tests.students.factories import ConsentFactory, StudentFactory, download, give_purpose

NAME = "홍길동"
PHONE = "010-1234-5678"
SECRETS = (NAME, PHONE, "01012345678", "1234-5678", "진로상담-비밀메모")


@pytest.fixture
def ours(world):
    return StudentFactory(school=world.school, number=1, name=NAME, phone=PHONE)


def _log(**kw):
    return AccessLog.objects.filter(**kw)


# ------------------------------------------------------------------ the function


def test_one_call_records_many_people_with_the_request_address(world, rf, ours):
    others = [StudentFactory(school=world.school, number=n, name="김영희") for n in (2, 3)]
    request = rf.post("/", REMOTE_ADDR="10.1.2.3")
    request.user = world.users["coordinator"]
    rows = services.personal_data_access_record(
        request_or_actor=request,
        students=Student.objects.filter(pk__in=[ours.pk, *[o.pk for o in others]]),
        action="print",
        purpose="records",
        note="활성화 안내문",
    )
    assert len(rows) == 3
    assert {r.ip for r in rows} == {"10.1.2.3"}
    assert len({r.batch for r in rows}) == 1  # one event for the monthly review
    assert {r.who for r in rows} == {world.users["coordinator"]}
    assert {r.student_id for r in rows} == {ours.pk, *[o.pk for o in others]}


def test_the_address_behind_a_proxy_is_the_client_as_axes_sees_it(world, rf, ours, settings):
    from axes.helpers import get_client_ip_address

    # one proxy (nginx appends the address it was connected from); the
    # leftmost entry was sent by the client and is not believed
    settings.MUJIGAE_PROXY_COUNT = 1
    request = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7")
    request.user = world.users["school"]
    (row,) = services.personal_data_access_record(
        request_or_actor=request, students=ours, action="view", purpose="counselling"
    )
    assert row.ip == "203.0.113.7" == get_client_ip_address(request)  # login throttling too
    settings.MUJIGAE_PROXY_COUNT = 0  # no proxy: the connection's address, the header ignored
    (row,) = services.personal_data_access_record(
        request_or_actor=request, students=ours, action="view", purpose="counselling"
    )
    assert row.ip == "127.0.0.1"


def test_an_actor_without_a_request_and_bad_input(world, ours):
    (row,) = services.personal_data_access_record(
        request_or_actor=world.users["school"], students=[ours], action="input", purpose="records"
    )
    assert row.ip is None and row.action == "input"
    with pytest.raises(ApplicationError):  # "other" needs a note
        services.personal_data_access_record(
            request_or_actor=world.users["school"], students=[ours], action="view", purpose="other"
        )
    with pytest.raises(ValueError):
        services.personal_data_access_record(
            request_or_actor=world.users["school"],
            students=[ours],
            action="peek",
            purpose="records",
        )
    assert AccessLog.objects.count() == 1
    assert (
        services.personal_data_access_record(
            request_or_actor=world.users["school"], students=[], action="view", purpose="records"
        )
        == []
    )


# ------------------------------------------------------------------ the pages


def test_edit_page_asks_the_purpose_and_logs_view_and_change(world, client_for, ours):
    client = client_for("school")
    url = reverse("students:student_edit", args=[ours.pk])
    page = client.get(url)
    assert page.status_code == 200 and NAME not in page.content.decode()
    assert "열람하는 목적" in page.content.decode()
    assert not AccessLog.objects.exists()
    # a save without a purpose is refused, nothing written
    refused = client.post(url, {"name": "바뀜", "birth_date": "2008-03-05", "grade": 3})
    assert refused.status_code == 422
    assert Student.objects.get(pk=ours.pk).name == NAME and not AccessLog.objects.exists()
    # the purpose step shows the form and logs a view
    shown = client.post(url, {"step": "purpose", "purpose": "records"}, REMOTE_ADDR="10.0.0.9")
    assert shown.status_code == 200 and NAME in shown.content.decode()
    view = _log(action="view").get()
    assert (view.purpose, view.ip, view.student) == ("records", "10.0.0.9", ours)
    saved = client.post(
        url,
        {"name": NAME, "birth_date": "2008-03-05", "grade": 3, "class_no": 1, "number": 1},
        REMOTE_ADDR="10.0.0.9",
    )
    assert saved.status_code == 302
    change = _log(action="change").get()
    assert (change.purpose, change.ip, change.who) == ("records", "10.0.0.9", world.users["school"])
    # back on the record (the grant covers it): shown again, logged again
    back = client.get(saved["Location"])
    assert NAME in back.content.decode()
    assert _log(action="view").count() == 2


def test_consent_and_import_are_logged_as_input(world, client_for, ours):
    client = client_for("school")
    give_purpose(client, ours, purpose="counselling")
    response = client.post(
        reverse("students:consent_add", args=[ours.pk]),
        {"purpose": "placement", "version": "2025-2", "given_at": "2025-03-04"},
    )
    assert response.status_code == 302
    assert _log(action="input", student=ours).get().purpose == "counselling"

    from tests.students.test_import import csv_bytes

    good = csv_bytes(
        [["번호", "성명", "생년월일", "학년", "반"], [5, "이순신", "2008.03.05", 3, 1]]
    )
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        reverse("students:student_import"),
        {"school": world.school.pk, "school_year": 2025, "file": SimpleUploadedFile("l.csv", good)},
    )
    assert response.status_code == 302
    new = Student.objects.get(name="이순신")
    assert _log(action="input", student=new).get().purpose == "records"


def test_list_download_asks_the_reason_and_logs_each_person(world, client_for, ours):
    StudentFactory(school=world.school, number=2, name="김영희")
    client = client_for("school")
    url = reverse("students:student_list_export")
    asked = client.get(url)
    assert asked.status_code == 200 and asked["Content-Type"].startswith("text/html")
    assert 'data-testid="download-reason"' in asked.content.decode()
    assert not AccessLog.objects.exists()
    assert client.post(url, {"purpose": "other"}).status_code == 422  # other: a note
    assert not AccessLog.objects.exists()
    response = client.post(url, {"purpose": "placement"}, REMOTE_ADDR="10.9.9.9")
    assert response.status_code == 200 and "spreadsheetml" in response["Content-Type"]
    rows = list(_log(action="download"))
    assert len(rows) == 2 and {r.ip for r in rows} == {"10.9.9.9"}
    assert {r.purpose for r in rows} == {"placement"} and len({r.batch for r in rows}) == 1


def test_one_person_export_logs_the_address(world, client_for, ours):
    client = client_for("coordinator")
    url = reverse("students:student_export", args=[ours.pk])
    assert (
        client.post(url, {"purpose": "subject_request"}, REMOTE_ADDR="10.7.7.7").status_code == 200
    )
    row = _log(action="export").get()
    assert (row.ip, row.student, row.purpose) == ("10.7.7.7", ours, "subject_request")


def test_coordinator_sees_round_applicants_masked_and_unlogged(world, client_for):
    from tests.rounds.helpers import fill_in, open_round

    s = open_round(world)
    fill_in(world, s)
    names = {st.name for st in s.students.values()}
    page = client_for("coordinator").get(reverse("rounds:company_round", args=[s.round.pk]))
    text = page.content.decode()
    assert page.status_code == 200
    assert not any(n in text for n in names)
    assert "*" in text and 'data-testid="masked-note"' in text
    assert not AccessLog.objects.filter(who=world.users["coordinator"]).exists()
    # each masked name opens the record's page, which asks the purpose
    link = re.search(r'href="(/students/\d+/)"', text)
    assert link is not None
    assert "열람하는 목적" in client_for("coordinator").get(link.group(1)).content.decode()


# ------------------------------------------------------------------ no name in a URL or a log


class _Capture(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record):
        self.lines.append(self.format(record))


@pytest.fixture
def every_log_line():
    """Every record of every logger, as formatted by the configured handlers
    (their filters included) and by a catch-all handler at DEBUG."""
    capture = _Capture()
    capture.setFormatter(logging.Formatter("%(name)s %(message)s %(args)s"))
    buffers: list[io.StringIO] = []
    swapped: list[tuple[logging.StreamHandler, object]] = []
    loggers = [logging.getLogger()] + [
        logging.getLogger(name) for name in list(logging.root.manager.loggerDict)
    ]
    levels = {}
    for logger in loggers:
        for handler in logger.handlers:
            if isinstance(handler, logging.StreamHandler) and not isinstance(
                handler, logging.FileHandler
            ):
                buf = io.StringIO()
                buffers.append(buf)
                swapped.append((handler, handler.setStream(buf)))
        if not logger.propagate or logger is logging.getLogger():
            logger.addHandler(capture)
        levels[logger] = logger.level
    logging.getLogger().setLevel(logging.DEBUG)
    yield lambda: capture.lines + [b.getvalue() for b in buffers]
    for logger in loggers:
        if capture in logger.handlers:
            logger.removeHandler(capture)
        logger.setLevel(levels[logger])
    for handler, stream in swapped:
        handler.setStream(stream)


URL_ATTRS = re.compile(r'(?:href|action|hx-get|hx-post|src)="([^"]*)"')


def _urls(response) -> list[str]:
    urls = [response.get("Location", "")]
    if response["Content-Type"].startswith("text/html"):
        urls += URL_ATTRS.findall(response.content.decode())
    return [unquote(html.unescape(u)) for u in urls if u]


def test_no_log_line_nor_url_carries_a_name_or_phone(world, client_for, ours, every_log_line):
    ConsentFactory(student=ours)
    client = client_for("coordinator")
    responses = []
    # a search by name: POST, the page's URLs carry no name
    responses.append(client.post(reverse("students:student_list"), {"q": NAME}))
    assert "홍*동" in responses[-1].content.decode()
    # a search in a query string (an old bookmark) is ignored, and not logged
    responses.append(client.get(reverse("students:student_list") + f"?q={NAME}&page=1"))
    # opening the record with a note
    responses.append(
        client.post(
            reverse("students:student_detail", args=[ours.pk]),
            {"step": "purpose", "purpose": "other", "note": SECRETS[-1]},
        )
    )
    assert NAME in responses[-1].content.decode()
    # a refused purpose (422 is logged by django.request)
    responses.append(client.post(reverse("students:student_detail", args=[ours.pk]), {}))
    # the downloads: the list, one person
    responses.append(
        client.post(reverse("students:student_list_export"), {"step": "ask", "q": NAME})
    )
    responses.append(
        download(client, reverse("students:student_list_export"), purpose="records", q=NAME)
    )
    responses.append(
        client.post(
            reverse("students:student_export", args=[ours.pk]),
            {"purpose": "other", "note": SECRETS[-1]},
        )
    )
    responses.append(client.get(reverse("students:access_log", args=[ours.pk])))
    responses.append(client.get(reverse("students:access_review")))
    # runserver's request line with a query string (what a GET search used to write)
    logging.getLogger("django.server").info(
        '"%s" %s %s', f"GET /students/?q={NAME}&phone={PHONE} HTTP/1.1", 200, 10
    )
    logging.getLogger("django.request").warning("Not Found: %s", f"/students/?q={NAME}")

    assert all(r.status_code < 500 for r in responses)
    lines = "\n".join(every_log_line())
    assert "/students/" in lines  # the capture works
    for secret in SECRETS:
        assert secret not in lines, secret
    for response in responses:
        for url in _urls(response):
            for secret in SECRETS:
                assert secret not in url, (url, secret)


def test_the_filter_cuts_query_strings_everywhere():
    record = logging.LogRecord(
        "django.server", logging.INFO, "", 0, '"%s" %s', ("GET /a/?q=홍길동 HTTP/1.1", 200), None
    )
    StripQueryStrings().filter(record)
    assert record.getMessage() == '"GET /a/ HTTP/1.1" 200'
    record = logging.LogRecord("x", logging.INFO, "", 0, "open /b/?note=%EC%A0%84 done", None, None)
    StripQueryStrings().filter(record)
    assert record.getMessage() == "open /b/ done"


# ------------------------------------------------------------------ retention


def test_prune_deletes_only_rows_older_than_the_retention(world, ours, settings):
    now = timezone.now()
    services.access_log_record(
        actor=world.users["school"], student=ours, action="view", purpose="records"
    )
    old = services.access_log_record(
        actor=world.users["school"], student=ours, action="view", purpose="records"
    )
    edge = services.access_log_record(
        actor=world.users["school"], student=ours, action="view", purpose="records"
    )
    AccessLog.objects.filter(pk=old.pk).update(at=now.replace(year=now.year - 3))
    AccessLog.objects.filter(pk=edge.pk).update(
        at=now.replace(year=now.year - 2) + timezone.timedelta(days=1)
    )
    out = io.StringIO()
    call_command("prune_access_log", "--dry-run", stdout=out)
    assert "would delete 1" in out.getvalue() and AccessLog.objects.count() == 3
    call_command("prune_access_log", stdout=out)
    assert AccessLog.objects.count() == 2 and not AccessLog.objects.filter(pk=old.pk).exists()
    settings.MUJIGAE_ACCESS_LOG_YEARS = 1
    with pytest.raises(CommandError, match="at least 2"):
        call_command("prune_access_log", stdout=out)
    assert AccessLog.objects.count() == 2


def test_a_retention_below_two_years_refuses_to_start():
    import os
    import subprocess
    import sys

    env = {**os.environ, "MUJIGAE_ACCESS_LOG_YEARS": "1", "MUJIGAE_DEBUG": "1"}
    result = subprocess.run(  # noqa: S603 - our own interpreter and command
        [sys.executable, "-m", "mujigae.cli", "prune_access_log", "--dry-run"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "MUJIGAE_ACCESS_LOG_YEARS must be at least 2" in result.stderr
