"""The access-rights history (coordinators, one district, filter, xlsx) and a
new district (platform administrators; the ministry reads the list)."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from mujigae.accounts import services
from mujigae.accounts.models import AccessChange, Invitation
from mujigae.core.exceptions import ApplicationError
from mujigae.core.models import AuditEntry, District, Industry, Role, User
from mujigae.partners.models import Organisation, OrgKind
from tests import factories as f
from tests.accounts.conftest import token_from_mail

pytestmark = pytest.mark.django_db


def test_history_page_filter_and_export(world, client_for):
    coordinator = world.users["coordinator"]
    services.person_deactivate(actor=coordinator, person=world.users["company"])
    services.person_deactivate(actor=coordinator, person=world.users["partner"])
    services.person_deactivate(
        actor=world.users["other_coordinator"], person=world.users["other_company"]
    )
    client = client_for("coordinator")
    text = client.get(reverse("accounts:history")).content.decode()
    assert text.count("비활성화됨") >= 2 and "other_company" not in text
    person = world.users["company"].pk
    filtered = client.get(reverse("accounts:history") + f"?person={person}").content.decode()
    assert "partner" not in filtered.split('data-testid="history"')[1]
    response = client.get(reverse("accounts:history_export") + f"?person={person}")
    assert response.status_code == 200
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    with translation.override("ko"):
        assert rows[0][:4] == tuple(str(_(h)) for h in ("When", "By", "Whom", "What"))
    kinds = [r[3] for r in rows[1:]]
    assert "비활성화됨" in kinds and all(r[2] == "company" for r in rows[1:])
    assert client.get(reverse("accounts:history") + "?person=not-a-number").status_code == 400


def test_history_is_the_coordinators_only(world, client_for):
    for persona in ("school", "company", "partner", "ministry", "student"):
        assert client_for(persona).get(reverse("accounts:history")).status_code == 403


def test_history_rows_are_not_editable_in_the_admin():
    from django.contrib import admin

    model_admin = admin.site._registry[AccessChange]
    assert not model_admin.has_change_permission(None) and not model_admin.has_delete_permission(
        None
    )


# --------------------------------------------------------------------------
# districts

FORM = {
    "name": "김해 직업교육 혁신지구",
    "code": "gimhae",
    "region": "경상남도 김해시",
    "year_designated": "2025",
    "industries": "스마트 물류\n미래 모빌리티\n",
    "lead_organisations": "김해교육지원청, 교육지원청\n김해시, 시\n인제대학교 | 대학교",
    "coordinator_name": "김코디",
    "coordinator_email": "Coordinator@Gimhae.example.com",
}


@pytest.fixture
def admin_user(world):
    return f.UserFactory(
        username="platform",
        role=Role.COORDINATOR,
        district=world.district,
        is_superuser=True,
        is_staff=True,
    )


def test_superuser_creates_a_district_in_one_go(world, client, admin_user, sent):
    client.force_login(admin_user)
    assert client.get(reverse("accounts:district_create")).status_code == 200
    with sent() as box:
        response = client.post(reverse("accounts:district_create"), FORM)
    assert response.status_code == 302, response.content.decode()[:2000]
    district = District.objects.get(code="gimhae")
    assert (district.region, district.year_designated) == ("경상남도 김해시", 2025)
    assert sorted(Industry.objects.filter(district=district).values_list("name", flat=True)) == [
        "미래 모빌리티",
        "스마트 물류",
    ]
    orgs = dict(Organisation.objects.filter(district=district).values_list("name", "kind"))
    assert orgs == {
        "김해교육지원청": OrgKind.EDUCATION_OFFICE,
        "김해시": OrgKind.CITY,
        "인제대학교": OrgKind.UNIVERSITY,
    }
    invitation = Invitation.objects.get(district=district)
    assert (invitation.role, invitation.email, invitation.organisation.name) == (
        Role.COORDINATOR,
        "coordinator@gimhae.example.com",
        "김해교육지원청",
    )
    assert AuditEntry.objects.filter(
        object_type="core.District", object_id=str(district.pk)
    ).exists()
    # the first coordinator accepts and coordinates the new district only
    token = token_from_mail(box.outbox[0])
    client.logout()
    response = client.post(
        reverse("accounts:invitation_accept", args=[token]),
        {"password1": "gimhae-rainbow-25", "password2": "gimhae-rainbow-25"},
    )
    # a coordinator reads students' data: the account is made, but the login
    # waits for an authenticator to be enrolled (tests/security)
    assert response.status_code == 302 and response.url == reverse("security:enrol")
    assert client.get(reverse("accounts:people")).status_code == 302  # not logged in yet
    client.force_login(User.objects.get(username="coordinator@gimhae.example.com"))
    people = client.get(reverse("accounts:people")).content.decode()
    assert "김코디" in people and "company_b" not in people


@pytest.mark.parametrize(
    "change, field, says",
    [
        ({"code": "ansan"}, "code", "이미 있습니다"),
        ({"code": "김해"}, "code", "영문 소문자"),
        ({"year_designated": "1990"}, "year_designated", "2000년부터"),
        ({"industries": "\n\n"}, "industries", "필수"),
        ({"industries": "물류\n물류"}, "industries", "두 번"),
        ({"lead_organisations": "김해시"}, "lead_organisations", "쉼표"),
        (
            {"lead_organisations": "김해시, 우주정거장"},
            "lead_organisations",
            "알 수 없는 기관 유형",
        ),
        ({"coordinator_email": "nope"}, "coordinator_email", "올바른 이메일"),
        ({"name": ""}, "name", "필수"),
    ],
)
def test_bad_district_forms_write_nothing(world, client, admin_user, change, field, says):
    client.force_login(admin_user)
    districts = District.objects.count()
    response = client.post(reverse("accounts:district_create"), {**FORM, **change})
    assert response.status_code == 422
    assert says in " ".join(response.context["form"].errors[field])
    assert (
        District.objects.count() == districts
        and not Invitation.objects.exists()
        and not mail.outbox
    )


def test_a_failure_late_in_the_service_rolls_everything_back(world, admin_user):
    # a bad e-mail is refused after the district's rows were made: all of them go
    with pytest.raises(ApplicationError) as exc:
        services.district_create(
            actor=admin_user, name="x", code="x", region="x", year_designated=None,
            industries=["a"], lead_organisations=[services.LeadOrganisation("x", OrgKind.CITY)],
            coordinator_name="x", coordinator_email="",
        )  # fmt: skip
    assert "coordinator_email" in exc.value.field_errors or "email" in exc.value.field_errors
    with pytest.raises(ApplicationError) as exc:
        services.district_create(
            actor=world.users["coordinator"], name="y", code="y", region="y", year_designated=None,
            industries=["a"], lead_organisations=[services.LeadOrganisation("y", OrgKind.CITY)],
            coordinator_name="y", coordinator_email="y@example.com",
        )  # fmt: skip
    assert exc.value.status == 403
    assert not District.objects.filter(code__in=["x", "y"]).exists()
    assert not Organisation.objects.filter(name__in=["x", "y"]).exists()


def test_who_sees_the_district_pages(world, client_for, client, admin_user):
    for persona in ("coordinator", "school", "company", "partner", "student"):
        c = client_for(persona)
        assert c.get(reverse("accounts:district_list")).status_code == 403
        assert c.get(reverse("accounts:district_create")).status_code == 403
    ministry = client_for("ministry")
    text = ministry.get(reverse("accounts:district_list")).content.decode()
    assert world.district.name in text and world.other_district.name in text
    assert ministry.get(reverse("accounts:district_create")).status_code == 403
    client.force_login(admin_user)
    assert client.get(reverse("accounts:district_list")).status_code == 200
