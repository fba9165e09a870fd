"""Pages: scopes per role, masking, the access log, export and erasure."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.urls import reverse

from mujigae.core.models import AuditEntry
from mujigae.partners.models import OrgKind
from mujigae.students import services
from mujigae.students.models import AccessLog, Consent, ErasureRecord, Student
from tests import factories as f
from tests.formcheck import BAD_DATE, LONG, not_a_date, refused, too_long
from tests.students.factories import ConsentFactory, StudentFactory, download, give_purpose


@pytest.fixture
def ours(world):
    return StudentFactory(school=world.school, number=1, name="홍길동")


@pytest.fixture
def other_school(world):
    school = f.OrganisationFactory(district=world.district, name="다른고", kind=OrgKind.SCHOOL)
    return StudentFactory(school=school, number=1, name="김철수", phone="010-5555-6666")


def detail(pk):
    return reverse("students:student_detail", args=[pk])


def opened(client, pk, purpose="counselling", note=""):
    """Open a record with a purpose: the POSTed purpose step."""
    return client.post(detail(pk), {"step": "purpose", "purpose": purpose, "note": note})


def test_list_is_masked(world, client_for, ours):
    page = client_for("school").get(reverse("students:student_list")).content.decode()
    assert "홍*동" in page and "홍길동" not in page
    assert "010-****-5678" in page and "1234" not in page
    assert "2008" in page and "2008. 3. 5." not in page


def test_list_export_is_masked(world, client_for, ours):
    from io import BytesIO

    from openpyxl import load_workbook

    response = download(client_for("coordinator"), reverse("students:student_list_export"))
    wb = load_workbook(BytesIO(response.content), read_only=True)
    cells = [str(c) for row in wb.active.iter_rows(values_only=True) for c in row]
    assert "홍*동" in cells and "010-****-5678" in cells
    assert not any("홍길동" in c or "1234" in c for c in cells)


def test_school_sees_only_its_own_students(world, client_for, ours, other_school):
    client = client_for("school")
    page = client.get(reverse("students:student_list")).content.decode()
    assert "홍*동" in page and "김*수" not in page
    assert client.get(detail(other_school.pk)).status_code == 404
    assert client.get(reverse("students:access_log", args=[other_school.pk])).status_code == 404
    edit = reverse("students:student_edit", args=[other_school.pk])
    assert client.post(edit, {"name": "바꿈"}).status_code == 404
    assert Student.objects.get(pk=other_school.pk).name == "김철수"


def test_coordinator_sees_the_district_but_not_others(world, client_for, ours, other_school):
    far = f.OrganisationFactory(district=world.other_district, kind=OrgKind.SCHOOL)
    theirs = StudentFactory(school=far, name="박영수")
    client = client_for("coordinator")
    page = client.get(reverse("students:student_list")).content.decode()
    assert "홍*동" in page and "김*수" in page and "박*수" not in page
    assert client.get(detail(theirs.pk)).status_code == 404


@pytest.mark.parametrize("role", ["company", "partner", "ministry", "student"])
def test_others_see_no_student_rows(world, client_for, ours, role):
    client = client_for(role)
    assert client.get(reverse("students:student_list")).status_code == 403
    assert client.get(detail(ours.pk)).status_code == 403


def test_detail_asks_for_a_purpose_first_and_logs_each_view(world, client_for, ours):
    client = client_for("school")
    response = client.get(detail(ours.pk))
    assert response.status_code == 200
    assert "열람하는 목적" in response.content.decode()
    assert "홍길동" not in response.content.decode()
    assert not AccessLog.objects.exists()
    # a purpose in the query string opens nothing (it would land in a log)
    response = client.get(detail(ours.pk) + "?purpose=counselling")
    assert "홍길동" not in response.content.decode()
    assert not AccessLog.objects.exists()

    # "Other" without a note is refused
    assert opened(client, ours.pk, purpose="other").status_code == 422
    assert not AccessLog.objects.exists()

    response = opened(client, ours.pk, purpose="counselling")
    assert response.status_code == 200
    content = response.content.decode()
    assert "홍길동" in content and "010-1234-5678" in content
    log = AccessLog.objects.get()
    assert (log.who, log.student, log.action, log.purpose) == (
        world.users["school"],
        ours,
        "view",
        "counselling",
    )
    opened(client, ours.pk, purpose="other", note="진로상담 준비")
    assert AccessLog.objects.count() == 2
    log_page = client.get(reverse("students:access_log", args=[ours.pk])).content.decode()
    assert "진로상담 준비" in log_page and "상담 및 진로 지도" in log_page


def test_student_sees_own_record_and_who_looked(world, client_for, ours, other_school):
    ours.user = world.users["student"]
    ours.save()
    opened(client_for("coordinator"), ours.pk, purpose="placement")
    client = client_for("student")
    page = client.get(reverse("students:me")).content.decode()
    assert "홍길동" in page and "김철수" not in page
    assert "coordinator" in page and "현장실습 또는 채용 연계" in page


def test_student_without_a_record_gets_a_friendly_page(world, client_for):
    page = client_for("student").get(reverse("students:me"))
    assert page.status_code == 200 and "학교에 문의" in page.content.decode()


def test_edit_saves_and_audit_has_no_personal_values(world, client_for, ours):
    client = client_for("school")
    give_purpose(client, ours)
    response = client.post(
        reverse("students:student_edit", args=[ours.pk]),
        {
            "name": "홍길순",
            "birth_date": "2008-03-06",
            "grade": 3,
            "class_no": 1,
            "number": 1,
            "major": "협동로봇과",
            "phone": "01011112222",
            "email": "",
            "certificates": "전기기능사\n\n생산자동화기능사",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    ours.refresh_from_db()
    assert ours.name == "홍길순" and ours.phone == "010-1111-2222"
    assert ours.certificates == ["전기기능사", "생산자동화기능사"]
    entry = AuditEntry.objects.get(object_type="students.Student", action="update")
    text = f"{entry.object_repr} {entry.changes}"
    assert "홍길순" not in text and "2222" not in text
    assert entry.changes["major"] == ["로봇제어과", "협동로봇과"]


def test_edit_refuses_a_taken_seat(world, client_for, ours):
    StudentFactory(school=world.school, number=2, name="김영희")
    client = client_for("school")
    give_purpose(client, ours)
    response = client.post(
        reverse("students:student_edit", args=[ours.pk]),
        {"name": "홍길동", "birth_date": "2008-03-05", "grade": 3, "class_no": 1, "number": 2},
    )
    assert response.status_code == 409
    assert "이미" in response.content.decode()
    ours.refresh_from_db()
    assert ours.number == 1


def test_consent_record_and_withdraw(world, client_for, ours):
    client = client_for("school")
    response = client.post(
        reverse("students:consent_add", args=[ours.pk]),
        {"purpose": "placement", "version": "2025-2", "given_at": "2025-03-04"},
    )
    assert response.status_code == 302
    consent = Consent.objects.get(student=ours)
    assert (consent.version, consent.given_at) == ("2025-2", dt.date(2025, 3, 4))
    future = (dt.date.today() + dt.timedelta(days=30)).isoformat()
    response = client.post(
        reverse("students:consent_add", args=[ours.pk]),
        {"purpose": "placement", "version": "2025-2", "given_at": future},
    )
    assert response.status_code == 422
    withdraw = reverse("students:consent_withdraw", args=[consent.pk])
    assert client.post(withdraw).status_code == 302
    consent.refresh_from_db()
    first = consent.withdrawn_at
    assert first is not None
    client.post(withdraw)  # a second click changes nothing
    consent.refresh_from_db()
    assert consent.withdrawn_at == first


def test_export_needs_a_purpose_is_logged_and_holds_everything(world, client_for, ours):
    ConsentFactory(student=ours)
    client = client_for("coordinator")
    opened(client, ours.pk)
    url = reverse("students:student_export", args=[ours.pk])
    assert client.post(url, {}).status_code == 422
    response = client.post(url, {"purpose": "subject_request"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    data = json.loads(response.content)
    assert data["student"]["name"] == "홍길동"
    assert data["student"]["phone"] == "010-1234-5678"
    assert len(data["consents"]) == 1
    # the export itself is in the log, with the earlier view
    assert {a["what"] for a in data["access_log"]} == {"열람", "내보내기"}
    assert AccessLog.objects.filter(student=ours, action="export").count() == 1


def test_school_may_not_export_or_erase(world, client_for, ours):
    client = client_for("school")
    assert client.post(reverse("students:student_export", args=[ours.pk])).status_code == 403
    erase = reverse("students:student_erase", args=[ours.pk])
    assert client.post(erase, {"reason": "x", "confirm": "on"}).status_code == 403
    assert Student.objects.filter(pk=ours.pk).exists()


def test_erasure_leaves_no_personal_data(world, client_for, ours):
    ConsentFactory(student=ours)
    client = client_for("coordinator")
    opened(client, ours.pk)
    services.student_update(actor=world.users["coordinator"], student=ours, name="홍길동")
    erase = reverse("students:student_erase", args=[ours.pk])
    # without the confirmation box nothing happens
    assert client.post(erase, {"reason": "본인 요청"}).status_code == 422
    assert Student.objects.filter(pk=ours.pk).exists()
    response = client.post(erase, {"reason": "본인 요청(2025.09.01.)", "confirm": "on"})
    assert response.status_code == 302
    assert not Student.objects.filter(pk=ours.pk).exists()
    assert not Consent.objects.exists()
    record = ErasureRecord.objects.get()
    # the access log keeps who did what when, not whose data nor the notes
    assert not AccessLog.objects.filter(student__isnull=False).exists()
    assert set(AccessLog.objects.values_list("action", flat=True)) == {"view", "delete"}
    assert set(AccessLog.objects.values_list("erasure", flat=True)) == {record.pk}
    assert record.school == world.school and record.removed["consents"] == 1
    # nothing anywhere still names the person
    texts = [
        f"{e.object_repr} {e.changes}"
        for e in AuditEntry.objects.filter(object_type__startswith="students.")
    ]
    texts.append(f"{record.reason} {record.removed} {record}")
    blob = " ".join(texts)
    for personal in ("홍길동", "홍*동", "010-1234-5678", "2008-03-05", "gildong"):
        assert personal not in blob
    assert AuditEntry.objects.filter(action="delete", object_type="students.Student").exists()


def test_ministry_sees_counts_only(world, client_for, ours, other_school):
    response = client_for("ministry").get(reverse("students:summary"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "시험고등학교" in page and "다른고" in page
    for name in ("홍길동", "홍*동", "김철수", "김*수", "010-"):
        assert name not in page


def test_import_page_as_school_and_errors_listed(world, client_for):
    from tests.students.test_import import csv_bytes

    client = client_for("school")
    url = reverse("students:student_import")
    assert client.get(url).status_code == 200
    bad = csv_bytes([["번호", "성명", "생년월일", "학년", "반"], [1, "", "2008.03.05", 3, 1]])
    upload = _file("list.csv", bad)
    response = client.post(url, {"school": world.school.pk, "school_year": 2025, "file": upload})
    assert response.status_code == 422
    assert "칸이 비어 있습니다" in response.content.decode()
    good = csv_bytes(
        [["번호", "성명", "생년월일", "학년", "반"], [1, "홍길동", "2008.03.05", 3, 1]]
    )
    response = client.post(
        url, {"school": world.school.pk, "school_year": 2025, "file": _file("l.csv", good)}
    )
    assert response.status_code == 302
    assert Student.objects.get().school == world.school


def test_school_cannot_import_into_another_school(world, client_for):
    from tests.students.test_import import csv_bytes

    other = f.OrganisationFactory(district=world.district, name="다른고", kind=OrgKind.SCHOOL)
    good = csv_bytes(
        [["번호", "성명", "생년월일", "학년", "반"], [1, "홍길동", "2008.03.05", 3, 1]]
    )
    response = client_for("school").post(
        reverse("students:student_import"),
        {"school": other.pk, "school_year": 2025, "file": _file("l.csv", good)},
    )
    assert response.status_code == 422
    assert not Student.objects.exists()


def _file(name, content):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def test_coordinator_imports_for_a_chosen_school(world, client_for):
    from tests.students.test_import import csv_bytes

    good = csv_bytes(
        [["번호", "성명", "생년월일", "학년", "반"], [1, "홍길동", "2008.03.05", 3, 1]]
    )
    response = client_for("coordinator").post(
        reverse("students:student_import"),
        {"school": world.school.pk, "school_year": 2024, "file": _file("l.csv", good)},
    )
    assert response.status_code == 302
    student = Student.objects.get()
    assert (student.school, student.school_year) == (world.school, 2024)


def test_a_too_large_upload_is_refused_with_a_message(world, client_for, settings):
    big = b"a" * (settings.MUJIGAE_IMPORT_MAX_BYTES + 10)
    response = client_for("school").post(
        reverse("students:student_import"),
        {"school": world.school.pk, "school_year": 2025, "file": _file("big.csv", big)},
    )
    assert response.status_code == 413
    assert "5MB" in response.content.decode()
    assert not Student.objects.exists()


def test_the_empty_class_list_imports_once_filled_in(world, client_for):
    from io import BytesIO

    from openpyxl import load_workbook

    client = client_for("school")
    response = client.get(reverse("students:import_template"))
    wb = load_workbook(BytesIO(response.content))
    ws = wb.active
    ws.append([2, 3, 7, "이하늘", "2009.04.01", "로봇제어과", "010-0000-1234", ""])
    buf = BytesIO()
    wb.save(buf)
    response = client.post(
        reverse("students:student_import"),
        {"school": world.school.pk, "school_year": 2025, "file": _file("t.xlsx", buf.getvalue())},
    )
    assert response.status_code == 302
    assert Student.objects.get().seat == "2-3-7"


def test_erasure_reason_must_not_name_the_person(world, client_for, ours):
    response = client_for("coordinator").post(
        reverse("students:student_erase", args=[ours.pk]),
        {"reason": "홍길동 본인 요청", "confirm": "on"},
    )
    assert response.status_code == 422
    assert "이름이나 연락처를 적지" in response.content.decode()
    assert Student.objects.filter(pk=ours.pk).exists() and not ErasureRecord.objects.exists()


def test_service_refuses_a_bad_grade_in_korean(world, ours):
    from mujigae.core.exceptions import ApplicationError

    with pytest.raises(ApplicationError) as exc:
        services.student_update(actor=world.users["school"], student=ours, grade=4)
    assert "grade" in exc.value.field_errors
    ours.refresh_from_db()
    assert ours.grade == 3


def test_student_withdraws_own_consent_but_not_anothers(world, client_for, ours, other_school):
    ours.user = world.users["student"]
    ours.save()
    mine = ConsentFactory(student=ours)
    theirs = ConsentFactory(student=other_school)
    client = client_for("student")
    url = reverse("students:me")
    assert client.post(url, {"consent": theirs.pk}).status_code == 404
    assert client.post(url, {}).status_code == 422
    assert client.post(url, {"consent": mine.pk}).status_code == 302
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.withdrawn_at is not None and theirs.withdrawn_at is None


# --------------------------------------------------------------------------
# bad input: 422, what was typed shown back, nothing written (docs/forms.md)


def test_edit_says_too_long_and_not_a_date_and_saves_nothing(world, client_for, ours):
    client = client_for("school")
    give_purpose(client, ours)
    response = client.post(
        reverse("students:student_edit", args=[ours.pk]),
        {
            "name": LONG,
            "birth_date": BAD_DATE,
            "grade": 3,
            "class_no": 1,
            "number": 1,
            "major": "협동로봇과",
        },
    )
    page = refused(response, LONG, BAD_DATE, "협동로봇과")
    assert too_long(50) in page
    not_a_date(response, "birth_date")
    ours.refresh_from_db()
    assert ours.name == "홍길동" and ours.major == "로봇제어과"
    assert not AuditEntry.objects.filter(object_type="students.Student").exists()


def test_consent_with_an_impossible_date_and_erase_without_the_box(world, client_for, ours):
    client = client_for("coordinator")
    response = client.post(
        reverse("students:consent_add", args=[ours.pk]),
        {"purpose": "placement", "version": "2025-2", "given_at": BAD_DATE},
    )
    refused(response, "2025-2", BAD_DATE)
    not_a_date(response, "given_at")
    assert not Consent.objects.exists()
    response = client.post(
        reverse("students:student_erase", args=[ours.pk]), {"reason": "본인 요청(2025.09.01.)"}
    )
    refused(response, "본인 요청(2025.09.01.)")
    assert Student.objects.filter(pk=ours.pk).exists() and not ErasureRecord.objects.exists()
