"""Managing accounts: deactivate, reactivate, change a role, move, a second role,
the role switcher; every change recorded; memberships for every account."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from mujigae.accounts import services
from mujigae.accounts.models import AccessChange, Membership
from mujigae.core.exceptions import ApplicationError
from mujigae.core.models import Role, User
from mujigae.partners.models import OrgKind
from mujigae.security.services import VERIFIED
from tests import factories as f

pytestmark = pytest.mark.django_db


def history(kind):
    return AccessChange.objects.filter(kind=kind)


def test_every_account_holds_its_current_role_as_a_membership(world):
    for user in world.users.values():
        assert user.memberships.filter(
            role=user.role, district=user.district, organisation=user.organisation
        ).exists(), user
    # a role changed outside the services (the admin, a script) is added as a membership
    user = world.users["partner"]
    user.role, user.organisation = Role.COMPANY, world.company
    user.save()
    assert set(user.memberships.values_list("role", flat=True)) == {Role.PARTNER, Role.COMPANY}
    # saving other fields (last login) writes nothing
    before = Membership.objects.count(), AccessChange.objects.count()
    user.save(update_fields=["last_login"])
    assert (Membership.objects.count(), AccessChange.objects.count()) == before


def test_the_data_migration_gives_existing_users_a_membership(world):
    from importlib import import_module

    from django.apps import apps

    Membership.objects.all().delete()
    migration = import_module("mujigae.accounts.migrations.0003_memberships_for_existing_users")
    migration.forwards(apps, None)
    migration.forwards(apps, None)  # twice: nothing added twice
    assert Membership.objects.count() == User.objects.count()
    coordinator = world.users["coordinator"]
    assert coordinator.memberships.get().organisation == world.office


def test_people_page_coordinator_manages_the_district(world, client_for):
    client = client_for("coordinator")
    text = client.get(reverse("accounts:people")).content.decode()
    assert "company_b" in text and "school" in text
    assert "other_company" not in text and "ministry" not in text
    assert "student" not in text.split("<table", 1)[1]  # students' accounts are not listed here
    assert (
        client.get(
            reverse("accounts:person_detail", args=[world.users["other_company"].pk])
        ).status_code
        == 404
    )


def test_people_page_org_roles_see_their_own_people_read_only(world, client_for):
    colleague = f.UserFactory(
        username="company-colleague",
        role=Role.COMPANY,
        district=world.district,
        organisation=world.company,
    )
    text = client_for("company").get(reverse("accounts:people")).content.decode()
    assert colleague.username in text and "company_b" not in text
    assert reverse("accounts:person_detail", args=[colleague.pk]) not in text
    assert (
        client_for("company")
        .get(reverse("accounts:person_detail", args=[colleague.pk]))
        .status_code
        == 403
    )


def test_deactivate_and_reactivate(world, client_for, client):
    coordinator, person = world.users["coordinator"], world.users["company"]
    page = client_for("coordinator")
    assert page.post(reverse("accounts:person_deactivate", args=[person.pk])).status_code == 302
    person.refresh_from_db()
    assert not person.is_active
    assert history("deactivated").get().actor == coordinator
    assert page.post(reverse("accounts:person_deactivate", args=[person.pk])).status_code == 302
    assert history("deactivated").count() == 1  # a double submit records nothing more
    page.logout()
    response = client.post(reverse("login"), {"username": "company", "password": f.PASSWORD})
    assert response.status_code == 200  # refused
    page.force_login(coordinator)
    assert page.post(reverse("accounts:person_reactivate", args=[person.pk])).status_code == 302
    person.refresh_from_db()
    assert person.is_active and history("reactivated").count() == 1


def test_coordinator_cannot_lock_themselves_out(world):
    coordinator = world.users["coordinator"]
    with pytest.raises(ApplicationError) as exc:
        services.person_deactivate(actor=coordinator, person=coordinator)
    assert exc.value.status == 403
    coordinator.refresh_from_db()
    assert coordinator.is_active


def test_change_role_and_move(world, client_for):
    person = world.users["partner"]
    membership = person.memberships.get()
    client = client_for("coordinator")
    url = reverse("accounts:membership_change", args=[membership.pk])
    assert client.get(url).status_code == 200
    # move to another organisation (a university) as partner staff
    university = f.OrganisationFactory(
        district=world.district, name="안산대학교", kind=OrgKind.UNIVERSITY
    )
    assert client.post(url, {"role": "partner", "organisation": university.pk}).status_code == 302
    person.refresh_from_db()
    assert person.organisation == university  # the role in use follows
    moved = history("moved").get()
    assert moved.detail["from"]["organisation"] == world.partner.name
    assert moved.detail["to"]["organisation"] == university.name
    # change the role (and the organisation it fits)
    assert (
        client.post(url, {"role": "company", "organisation": world.company_b.pk}).status_code == 302
    )
    person.refresh_from_db()
    assert (person.role, person.organisation) == (Role.COMPANY, world.company_b)
    assert history("role_changed").count() == 1


@pytest.mark.parametrize(
    "data, field",
    [
        ({"role": "company", "organisation": ""}, "organisation"),
        ({"role": "school", "organisation": "company"}, "role"),  # does not fit
        ({"role": "ministry", "organisation": "company"}, "role"),  # above the coordinator's grants
        ({"role": "company", "organisation": "other_company"}, "organisation"),  # another district
    ],
)
def test_bad_role_changes_answer_422_and_change_nothing(world, client_for, data, field):
    person = world.users["partner"]
    membership = person.memberships.get()
    data = {**data}
    if data["organisation"]:
        data["organisation"] = getattr(world, data["organisation"]).pk
    before = AccessChange.objects.count()
    response = client_for("coordinator").post(
        reverse("accounts:membership_change", args=[membership.pk]), data
    )
    assert response.status_code == 422
    assert field in response.context["form"].errors
    membership.refresh_from_db()
    assert (membership.role, membership.organisation) == (Role.PARTNER, world.partner)
    assert AccessChange.objects.count() == before


def test_second_role_switcher_and_removal(world, client_for):
    school_user = world.users["school"]
    client = client_for("coordinator")
    response = client.post(
        reverse("accounts:membership_add", args=[school_user.pk]),
        {"role": "coordinator", "organisation": world.school.pk},
    )
    assert response.status_code == 302
    assert (
        history("role_granted")
        .filter(subject=school_user, actor=world.users["coordinator"])
        .exists()
    )
    # the same role twice: refused
    response = client.post(
        reverse("accounts:membership_add", args=[school_user.pk]),
        {"role": "coordinator", "organisation": world.school.pk},
    )
    assert response.status_code == 409
    # the person switches to the coordinator role without logging out
    school_user.refresh_from_db()
    assert school_user.role == Role.SCHOOL
    own = Client()
    own.force_login(school_user)
    home = own.get(reverse("home")).content.decode()
    assert 'data-testid="role-switch"' in home
    second = school_user.memberships.get(role=Role.COORDINATOR)
    # a session that has not passed the second factor passes it first
    response = own.post(reverse("accounts:role_switch"), {"membership": second.pk})
    assert response.status_code == 302 and response.url.startswith(reverse("security:verify"))
    school_user.refresh_from_db()
    assert school_user.role == Role.SCHOOL
    session = own.session
    session[VERIFIED] = school_user.pk  # what the code step leaves in the session
    session.save()
    assert own.post(reverse("accounts:role_switch"), {"membership": second.pk}).status_code == 302
    school_user.refresh_from_db()
    assert (school_user.role, school_user.organisation) == (Role.COORDINATOR, world.school)
    assert own.get(reverse("accounts:history")).status_code == 200  # a coordinator's page now
    # nobody switches to someone else's role
    other = world.users["company"].memberships.get()
    assert own.post(reverse("accounts:role_switch"), {"membership": other.pk}).status_code == 422
    # removing the role in use puts the person back on the other one
    client.post(reverse("accounts:membership_remove", args=[second.pk]))
    school_user.refresh_from_db()
    assert school_user.role == Role.SCHOOL and school_user.memberships.count() == 1
    assert history("role_removed").filter(subject=school_user).count() == 1
    # the last role stays
    only = school_user.memberships.get()
    response = client.post(reverse("accounts:membership_remove", args=[only.pk]))
    assert response.status_code == 409 and "하나뿐인 역할" in response.content.decode()
    assert school_user.memberships.count() == 1


def test_one_role_no_switcher(world, client_for):
    assert (
        'data-testid="role-switch"'
        not in client_for("company").get(reverse("home")).content.decode()
    )


def test_org_roles_cannot_manage(world, client_for):
    person = world.users["company_b"]
    for persona in ("school", "company", "partner", "ministry"):
        client = client_for(persona)
        assert (
            client.post(reverse("accounts:person_deactivate", args=[person.pk])).status_code == 403
        )
    person.refresh_from_db()
    assert person.is_active


def test_another_district_coordinator_cannot_touch_our_people(world, client_for):
    person = world.users["company"]
    membership = person.memberships.get()
    client = client_for("other_coordinator")
    assert client.post(reverse("accounts:person_deactivate", args=[person.pk])).status_code == 404
    assert (
        client.post(reverse("accounts:membership_remove", args=[membership.pk])).status_code == 404
    )
    person.refresh_from_db()
    assert person.is_active and person.memberships.count() == 1
