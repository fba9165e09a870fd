"""Erasure that erases (issue 12, point 9): after a person's data is erased no
copy remains in the database files.

The erasure runs in a separate process on a file database (SQLite in WAL mode,
as in production, with the settings' `PRAGMA secure_delete=ON`), the way a
request would: the record is read, changed, exported and logged with notes
that name the person, then erased. The test then reads the main file and its
-wal byte by byte for the name (UTF-8) and the phone number. A second person
deleted *without* secure_delete and without a checkpoint shows that the search
would find a left-over copy."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

NAME = "남궁파기테스트"
PHONE = "010-9876-5432"
EMAIL = "erase.me.please@example.com"
CONTROL = "대조군남은이름"

SCRIPT = textwrap.dedent(
    f"""
    import django
    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction
    call_command("migrate", verbosity=0)

    from django.test import RequestFactory
    from mujigae.core.models import AuditEntry
    from mujigae.students import services
    from mujigae.students.models import AccessLog, Student
    from tests.conftest import build_world
    from tests.students.factories import ConsentFactory, StudentFactory

    world = build_world()
    coordinator = world.users["coordinator"]
    student = StudentFactory(school=world.school, number=1, name={NAME!r}, phone={PHONE!r},
                             email={EMAIL!r}, user=world.users["student"],
                             certificates=["전기기능사"])
    world.users["student"].display_name = {NAME!r}
    world.users["student"].save()
    ConsentFactory(student=student)
    request = RequestFactory().post("/", REMOTE_ADDR="10.0.0.1")
    request.user = coordinator
    # a careless note naming the person, a change, an export: all about them
    services.personal_data_access_record(request_or_actor=request, students=student,
        action="view", purpose="other", note="상담: " + {NAME!r} + " " + {PHONE!r})
    services.student_update(actor=coordinator, student=student, major="협동로봇과")
    services.student_export(actor=coordinator, student=student, purpose="subject_request")
    connection.cursor().execute("PRAGMA wal_checkpoint(PASSIVE)")  # copies in the main file too

    with transaction.atomic():
        services.student_erase(actor=coordinator, student=student, reason="본인 요청(2025.09.01.)")
    assert not Student.objects.filter(name={NAME!r}).exists()
    assert AccessLog.objects.filter(action="delete").count() == 1

    # the control: deleted the ordinary way, left in the files
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA secure_delete=OFF")
    control = StudentFactory(school=world.school, number=2, name={CONTROL!r})
    Student.objects.filter(pk=control.pk).delete()
    print("done")
    """
)


def _hits(files: list[Path], needle: str) -> list[str]:
    data = needle.encode("utf-8")
    return [f.name for f in files if f.exists() and data in f.read_bytes()]


@pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "sqlite").split(":", 1)[0] not in ("sqlite", ""),
    reason="the file test is SQLite's; PostgreSQL: docs/students.md (VACUUM)",
)
def test_an_erased_person_leaves_no_bytes_in_the_sqlite_files(tmp_path):
    db = tmp_path / "erase.sqlite3"
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{db}",
        "MUJIGAE_DEBUG": "1",
        "MUJIGAE_VAR_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "mujigae.settings",
    }
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", SCRIPT],
        env=env,
        cwd=root,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "done" in result.stdout
    files = [db, Path(f"{db}-wal"), Path(f"{db}-journal")]
    assert db.stat().st_size > 0
    # the control proves the search finds a copy left behind
    assert _hits(files, CONTROL), "the control name should still be in the files"
    for secret in (NAME, PHONE, PHONE.replace("-", ""), EMAIL):
        assert _hits(files, secret) == [], secret


def test_settings_turn_secure_delete_on_for_sqlite(settings, db):
    options = settings.DATABASES["default"].get("OPTIONS", {})
    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        assert "PRAGMA secure_delete=ON" in options["init_command"]
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("PRAGMA secure_delete")
            assert cursor.fetchone()[0] == 1


@pytest.mark.django_db(transaction=True)
def test_after_the_erasure_commits_the_files_are_cleaned(settings):
    """SQLite: a WAL checkpoint; PostgreSQL: a VACUUM of the touched tables,
    outside the erasure's transaction (a VACUUM cannot run inside one)."""
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from mujigae.students import services
    from tests.conftest import build_world
    from tests.students.factories import StudentFactory

    world = build_world()
    student = StudentFactory(school=world.school, number=1, name=NAME, phone=PHONE)
    with CaptureQueriesContext(connection) as queries, transaction.atomic():
        services.student_erase(
            actor=world.users["coordinator"], student=student, reason="본인 요청"
        )
    sql = [q["sql"] for q in queries.captured_queries]
    if connection.vendor == "sqlite":
        assert any("wal_checkpoint(TRUNCATE)" in q for q in sql)
    else:
        vacuums = [q for q in sql if q.startswith("VACUUM")]
        assert any("students_student" in q for q in vacuums)
        assert any("core_auditentry" in q for q in vacuums)
