"""Student logins made in bulk by the school, activation codes, the public
activation page (issue 12, point 2). docs/accounts-students.md."""

from __future__ import annotations

import datetime as dt
import hashlib
import re

import pytest
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from mujigae.accounts import student_services as services
from mujigae.accounts.models import AccessChange, ActivationCode, Membership
from mujigae.core.exceptions import ApplicationError
from mujigae.core.models import AuditEntry, Role, User
from mujigae.partners.models import OrgKind
from mujigae.students.models import AccessLog, Student
from tests import factories as f
from tests.formcheck import refused
from tests.students.factories import StudentFactory

PASSWORD = "rainbow-Ansan-2025"  # passes Django's validators


@pytest.fixture
def klass(world):
    """3학년 1반 of our school: five students without e-mail, two with."""
    students = [
        StudentFactory(school=world.school, class_no=1, number=n, name=f"김학생{n}", email="")
        for n in range(1, 6)
    ]
    students += [
        StudentFactory(
            school=world.school, class_no=1, number=n, name=f"이메일{n}", email=f"s{n}@example.com"
        )
        for n in (6, 7)
    ]
    return students


@pytest.fixture
def other_class(world):
    return [
        StudentFactory(school=world.school, class_no=2, number=n, name=f"박학생{n}", email="")
        for n in (1, 2)
    ]


@pytest.fixture
def other_school_student(world):
    school = f.OrganisationFactory(district=world.district, name="다른고", kind=OrgKind.SCHOOL)
    return StudentFactory(school=school, number=1, name="최다른", email="")


def rows_written() -> dict[str, int]:
    return {
        "users": User.objects.count(),
        "codes": ActivationCode.objects.count(),
        "changes": AccessChange.objects.count(),
        "memberships": Membership.objects.count(),
        "access_log": AccessLog.objects.count(),
        "audit": AuditEntry.objects.count(),
        "linked": Student.objects.filter(user__isnull=False).count(),
    }


def codes_on(page: str) -> list[tuple[str, str]]:
    """(username, code) of every slip on a sheet."""
    users = re.findall(r'data-testid="slip-username">([^<]+)<', page)
    codes = re.findall(r'data-testid="slip-code">([^<]+)<', page)
    assert len(users) == len(codes)
    return list(zip(users, codes, strict=True))


def make(client, **selection):
    data = {"confirm": "on", **{k: v for k, v in selection.items() if v is not None}}
    return client.post(reverse("accounts:student_accounts_create"), data)


# --------------------------------------------------------------------------
# the service


def test_bulk_makes_logins_codes_memberships_and_history(world, klass):
    school = world.users["school"]
    result = services.student_accounts_create(actor=school, students=klass)
    assert result.created == 7 and not result.skipped
    assert len(result.on_sheet) == 5 and result.emailed == 2
    for student in klass:
        student.refresh_from_db()
        user = student.user
        assert user.role == Role.STUDENT and user.organisation_id == world.school.pk
        assert user.district_id == world.district.pk
        assert not user.has_usable_password()  # no login before activation
        assert user.username == f"s{world.school.pk}-2025-301{student.number:02d}"
        assert "*" in user.display_name and "학생" not in user.display_name  # masked
        assert Membership.objects.filter(user=user, role=Role.STUDENT).count() == 1
        assert ActivationCode.objects.filter(user=user, student=student).count() == 1
        change = AccessChange.objects.get(subject=user)
        assert change.kind == AccessChange.Kind.ACCOUNT_CREATED and change.actor == school
    assert AuditEntry.objects.filter(object_type="students.Student").count() == 7
    # no personal value in the history or the audit rows
    for text in [str(c.detail) + c.subject_name for c in AccessChange.objects.all()] + [
        str(a.changes) + a.object_repr for a in AuditEntry.objects.all()
    ]:
        assert "김학생" not in text and "example.com" not in text


def test_codes_are_random_hashed_and_expire_after_the_setting(world, klass, settings):
    settings.MUJIGAE_ACTIVATION_DAYS = 10
    result = services.student_accounts_create(actor=world.users["school"], students=klass)
    codes = [i.code for i in result.issued]
    assert len(set(codes)) == len(codes)
    for code in codes:
        assert len(code) == 12 and set(code) <= set(services.CODE_ALPHABET)
        assert not set(code) & set("01OIL")
    assert len(services.CODE_ALPHABET) ** services.CODE_LENGTH >= 2**40
    stored = set(ActivationCode.objects.values_list("digest", flat=True))
    assert stored == {hashlib.sha256(c.encode()).hexdigest() for c in codes}
    # the plain code is nowhere in the database
    for code in codes:
        assert not ActivationCode.objects.filter(digest__contains=code).exists()
        assert not AccessChange.objects.filter(detail__icontains=code).exists()
    expires = ActivationCode.objects.values_list("expires_at", flat=True)
    for value in expires:
        assert dt.timedelta(days=9, hours=23) < value - timezone.now() <= dt.timedelta(days=10)


def test_second_run_skips_existing_logins_and_says_so(world, klass, other_class):
    actor = world.users["school"]
    services.student_accounts_create(actor=actor, students=klass)
    before = rows_written()
    result = services.student_accounts_create(actor=actor, students=klass + other_class)
    assert result.created == 2 and len(result.skipped) == 7
    after = rows_written()
    assert after["users"] == before["users"] + 2
    assert after["codes"] == before["codes"] + 2


def test_a_taken_username_gets_a_suffix(world, klass):
    taken = f"s{world.school.pk}-2025-30101"
    f.UserFactory(username=taken, role=Role.COMPANY, district=world.district)
    services.student_accounts_create(actor=world.users["school"], students=klass[:1])
    klass[0].refresh_from_db()
    assert klass[0].user.username == taken + "-2"


def test_another_school_is_refused_and_nothing_is_written(world, klass, other_school_student):
    before = rows_written()
    with pytest.raises(ApplicationError) as exc:
        services.student_accounts_create(
            actor=world.users["school"], students=[*klass, other_school_student]
        )
    assert exc.value.status == 403
    assert rows_written() == before
    # the coordinator of the district may, for any school of it
    result = services.student_accounts_create(
        actor=world.users["coordinator"], students=[other_school_student]
    )
    assert result.created == 1
    # another district's coordinator may not
    with pytest.raises(ApplicationError):
        services.student_accounts_create(actor=world.users["other_coordinator"], students=klass)


def test_students_with_an_email_get_their_code_by_email_in_korean(world, klass, settings):
    settings.MUJIGAE_BASE_URL = "https://mujigae.example.kr"
    result = services.student_accounts_create(actor=world.users["school"], students=klass)
    assert len(mail.outbox) == 2
    by_address = {m.to[0]: m for m in mail.outbox}
    for item in (i for i in result.issued if i.delivery == services.EMAIL):
        message = by_address[item.student.email]
        assert "활성화" in message.subject
        assert item.username in message.body and item.code_display in message.body
        assert f"https://mujigae.example.kr/accounts/activate/{item.code}/" in message.body
        assert "비밀번호" in message.body
    # an e-mailed code is not printed, so no print row for them
    emailed = [s for s in klass if s.email]
    assert not AccessLog.objects.filter(student__in=emailed).exists()


def test_a_failed_email_puts_the_code_on_the_sheet(world, klass, settings):
    settings.EMAIL_BACKEND = "tests.accounts.test_student_accounts.FailingBackend"
    result = services.student_accounts_create(actor=world.users["school"], students=klass)
    assert result.emailed == 0 and result.email_failed == 2
    assert len(result.on_sheet) == 7
    assert AccessLog.objects.filter(action="print").count() == 7


class FailingBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise OSError("mail server down")

    def open(self):
        return True

    def close(self):
        pass


# --------------------------------------------------------------------------
# the pages of the school


def test_school_page_counts_then_makes_logins_and_shows_the_sheet_once(
    world, client_for, klass, other_class
):
    client = client_for("school")
    page = client.get(reverse("accounts:student_accounts"), {"class_no": 1})
    assert page.status_code == 200
    text = page.content.decode()
    assert "학생 계정" in text
    assert 'data-testid="to-make"><strong>7<' in text
    assert "김학생1" not in text and "김**1" in text  # the list is masked

    response = make(client, class_no=1)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    sheet = response.content.decode()
    assert "@page" not in sheet  # the print CSS is a static file …
    assert "accounts/student_sheet.css" in sheet
    slips = codes_on(sheet)
    assert len(slips) == 5  # the two with e-mail are not on the sheet
    assert "김학생1" in sheet  # the slip names the student
    assert sheet.count('data-testid="sheet-class"') == 1
    assert reverse("accounts:student_activate") in sheet
    # every printed student has a "print" row in their access log
    printed = AccessLog.objects.filter(action="print")
    assert printed.count() == 5
    assert {row.student.name for row in printed} == {f"김학생{n}" for n in range(1, 6)}
    assert all(row.who == world.users["school"] for row in printed)

    # again (a reload of the POST): nothing new, no code shown again
    again = make(client, class_no=1)
    assert again.status_code == 200
    assert codes_on(again.content.decode()) == []
    assert 'data-testid="skipped"' in again.content.decode()
    assert AccessLog.objects.filter(action="print").count() == 5

    # the list now says "code issued" with its expiry date
    text = client.get(reverse("accounts:student_accounts")).content.decode()
    assert "코드 발급" in text


def test_one_page_per_class(world, client_for, klass, other_class):
    response = make(client_for("school"))
    sheet = response.content.decode()
    assert sheet.count('data-testid="sheet-class"') == 2
    css = (
        __import__("pathlib").Path(__file__).resolve().parents[2]
        / "src/mujigae/accounts/static/accounts/student_sheet.css"
    ).read_text()
    assert "size: A4" in css and "break-after: page" in css


def test_create_without_confirming_is_refused_in_korean_and_writes_nothing(
    world, client_for, klass
):
    before = rows_written()
    response = client_for("school").post(reverse("accounts:student_accounts_create"), {})
    page = refused(response)
    assert "확인" in page
    response = client_for("school").post(
        reverse("accounts:student_accounts_create"), {"confirm": "on", "grade": "9"}
    )
    refused(response)
    assert rows_written() == before


def test_school_cannot_select_another_schools_students(world, client_for, other_school_student):
    client = client_for("school")
    response = client.post(
        reverse("accounts:student_accounts_create"),
        {"confirm": "on", "school": other_school_student.school_id},
    )
    assert response.status_code == 422  # not a school of theirs: not a choice
    other_school_student.refresh_from_db()
    assert other_school_student.user_id is None
    url = reverse("accounts:student_code_reissue", args=[other_school_student.pk])
    assert client.post(url, {"confirm": "on"}).status_code == 404


def test_coordinator_makes_logins_for_any_school_of_the_district(
    world, client_for, klass, other_school_student
):
    response = make(client_for("coordinator"))
    assert response.status_code == 200
    assert len(codes_on(response.content.decode())) == 6  # 5 + the other school's one
    assert Student.objects.filter(user__isnull=True).count() == 0


def test_reissue_revokes_the_old_code_and_shows_a_new_one(world, client_for, klass):
    client = client_for("school")
    old = codes_on(make(client, class_no=1).content.decode())[0]
    student = Student.objects.get(user__username=old[0])
    url = reverse("accounts:student_code_reissue", args=[student.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"confirm": "on"})
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    new = codes_on(response.content.decode())
    assert len(new) == 1 and new[0][0] == old[0] and new[0][1] != old[1]
    codes = ActivationCode.objects.filter(student=student)
    assert codes.count() == 2 and codes.filter(revoked_at__isnull=False).count() == 1
    assert AccessChange.objects.filter(
        subject=student.user, kind=AccessChange.Kind.ACTIVATION_CODE
    ).exists()
    assert AccessLog.objects.filter(student=student, action="print").count() == 2
    # the old code now gets the "replaced" page, the new one works
    refused_page = activate(Client(), old[0], old[1])
    assert refused_page.status_code == 410 and "새 코드" in refused_page.content.decode()
    assert activate(Client(), new[0][0], new[0][1]).status_code == 302


def test_reissue_without_a_login_or_confirmation_is_refused(world, client_for, klass):
    client = client_for("school")
    url = reverse("accounts:student_code_reissue", args=[klass[0].pk])
    before = rows_written()
    assert client.post(url, {}).status_code == 422
    response = client.post(url, {"confirm": "on"})
    assert response.status_code == 409 and "계정" in response.content.decode()
    assert rows_written() == before


# --------------------------------------------------------------------------
# the public activation page

from django.test import Client  # noqa: E402


def activate(client, username, code, password=PASSWORD, again=None):
    return client.post(
        reverse("accounts:student_activate"),
        {
            "username": username,
            "code": code,
            "password1": password,
            "password2": password if again is None else again,
        },
    )


@pytest.fixture
def issued(world, klass):
    result = services.student_accounts_create(actor=world.users["school"], students=klass[:1])
    return result.issued[0]


def test_activation_sets_the_password_logs_in_and_lands_home(world, issued):
    client = Client()
    page = client.get(reverse("accounts:student_activate"))
    assert page.status_code == 200 and "비밀번호" in page.content.decode()
    response = activate(client, issued.username, issued.code_display.lower())
    assert response.status_code == 302 and response["Location"] == reverse("home")
    user = User.objects.get(username=issued.username)
    assert user.check_password(PASSWORD)
    assert int(client.session[SESSION_KEY]) == user.pk
    home = client.get(reverse("home"))
    assert home.status_code == 200
    assert Student.objects.get(user=user).pk == issued.student.pk
    code = ActivationCode.objects.get(user=user)
    assert code.used_at is not None
    # the student's own record is reachable
    assert client.get(reverse("students:me")).status_code == 200


def test_a_code_works_once(world, issued):
    assert activate(Client(), issued.username, issued.code).status_code == 302
    before = rows_written()
    client = Client()
    response = activate(client, issued.username, issued.code, password="another-Pass-2025")
    assert response.status_code == 410
    assert "이미 사용" in response.content.decode()
    assert SESSION_KEY not in client.session
    assert User.objects.get(username=issued.username).check_password(PASSWORD)
    assert rows_written() == before


def test_an_expired_code_gets_a_clear_page_and_no_login(world, issued):
    ActivationCode.objects.update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    before = rows_written()
    client = Client()
    response = activate(client, issued.username, issued.code)
    assert response.status_code == 410
    text = response.content.decode()
    assert "만료" in text and "학교" in text
    assert SESSION_KEY not in client.session
    assert not User.objects.get(username=issued.username).has_usable_password()
    assert rows_written() == before


def test_a_wrong_code_or_username_gets_the_same_page(world, issued):
    client = Client()
    wrong_code = activate(client, issued.username, "2345-6789-ABCD")
    wrong_user = activate(client, "s999-2025-30101", issued.code)
    for response in (wrong_code, wrong_user):
        assert response.status_code == 400
        assert "올바르지 않습니다" in response.content.decode()
    assert SESSION_KEY not in client.session
    assert not User.objects.get(username=issued.username).has_usable_password()


def test_bad_form_input_is_refused_in_korean_and_writes_nothing(world, issued):
    before = rows_written()
    client = Client()
    refused(client.post(reverse("accounts:student_activate"), {}))
    page = refused(activate(client, issued.username, "ABC"))
    assert "12" in page
    page = refused(activate(client, issued.username, issued.code, again="different-Pass-1"))
    assert "비밀번호가 서로 다릅니다" in page
    page = refused(activate(client, issued.username, issued.code, password="12345678"))
    assert "비밀번호" in page
    assert rows_written() == before
    assert ActivationCode.objects.get().used_at is None  # still usable
    assert activate(client, issued.username, issued.code).status_code == 302


def test_guessing_is_throttled_per_username(world, issued):
    client = Client()
    for _ in range(services.USERNAME_LIMIT):
        assert activate(client, issued.username, "2345-6789-ABCD").status_code == 400
    # now even the right code is refused for a while
    response = activate(client, issued.username, issued.code)
    assert response.status_code == 429
    assert "너무 많" in response.content.decode()
    assert not User.objects.get(username=issued.username).has_usable_password()


def test_guessing_is_throttled_per_address(world, issued):
    client = Client()
    for n in range(services.ADDRESS_LIMIT):
        activate(client, f"s1-2025-3{n:04d}", "2345-6789-ABCD")
    assert activate(client, issued.username, issued.code).status_code == 429
    other = Client(REMOTE_ADDR="10.0.0.9")
    assert activate(other, issued.username, issued.code).status_code == 302


def test_the_email_link_fills_in_the_code(world, issued):
    url = reverse("accounts:student_activate_code", args=[issued.code])
    page = Client().get(url).content.decode()
    assert issued.code_display in page


def test_a_disabled_login_cannot_be_activated(world, issued):
    User.objects.filter(username=issued.username).update(is_active=False)
    response = activate(Client(), issued.username, issued.code)
    assert response.status_code == 403
    assert ActivationCode.objects.get().used_at is None


def test_school_list_shows_active_and_last_login(world, client_for, issued):
    activate(Client(), issued.username, issued.code)
    text = client_for("school").get(reverse("accounts:student_accounts")).content.decode()
    assert issued.username in text
    assert "사용 중" in text
