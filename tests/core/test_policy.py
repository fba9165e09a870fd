"""Unit tests of the access policy (mujigae.core.policy): route rules and the
object layer (visible / can_change / can_manage / can_create_in / access),
for every model and every role, across two districts."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest
from django.apps import apps
from django.contrib.auth.models import AnonymousUser, Group
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied
from django.http import Http404

from mujigae.core import policy
from mujigae.core.models import ApiToken, AuditEntry, District, Industry, Role
from mujigae.core.services import api_token_create
from mujigae.governance.models import ActionItem, Agreement, Clause, Commitment, Decision, Meeting
from mujigae.partners.models import Organisation, Person
from tests import factories as f

ORG_ROLES = ("school", "company", "partner")
OUR_ORGS = ("office", "school", "company", "company_b", "partner")


@dataclass
class Rows:
    """One object of every scoped model in our district ("ours") and in the other
    district ("theirs"); action items and commitments for each organisation."""

    world: Any
    ours: dict[type, Any] = field(default_factory=dict)
    theirs: dict[type, Any] = field(default_factory=dict)
    actions: dict[str, ActionItem] = field(default_factory=dict)
    commitments: dict[str, Commitment] = field(default_factory=dict)
    tokens: dict[str, ApiToken] = field(default_factory=dict)

    def user(self, name: str):
        return self.world.users[name]


def _district_rows(district, org) -> dict[type, Any]:
    meeting = f.MeetingFactory(district=district)
    agreement = f.AgreementFactory(district=district)
    clause = f.ClauseFactory(agreement=agreement, number=1)
    return {
        District: district,
        Industry: f.IndustryFactory(district=district),
        Organisation: org,
        Person: f.PersonFactory(organisation=org),
        Meeting: meeting,
        Decision: f.DecisionFactory(meeting=meeting, number=1),
        Agreement: agreement,
        Clause: clause,
        AuditEntry: AuditEntry.objects.create(
            district=district,
            actor_name="system",
            action=AuditEntry.Action.CREATE,
            object_type="partners.Organisation",
            object_id=str(org.pk),
            object_repr=str(org),
        ),
    }


@pytest.fixture
def rows(world) -> Rows:
    r = Rows(world=world)
    r.ours = _district_rows(world.district, world.company)
    r.theirs = _district_rows(world.other_district, world.other_company)
    clause = r.ours[Clause]
    for key in OUR_ORGS:
        org = getattr(world, key)
        r.actions[key] = f.ActionItemFactory(owner=org, title=f"ITEM-{key}")
        r.commitments[key] = f.CommitmentFactory(clause=clause, organisation=org)
    r.actions["other_company"] = f.ActionItemFactory(owner=world.other_company)
    r.commitments["other_company"] = f.CommitmentFactory(
        clause=r.theirs[Clause], organisation=world.other_company
    )
    r.ours[ActionItem] = r.actions["company"]
    r.theirs[ActionItem] = r.actions["other_company"]
    r.ours[Commitment] = r.commitments["company"]
    r.theirs[Commitment] = r.commitments["other_company"]
    for name, user in world.users.items():
        make = f.api_token_row if user.role == "student" else api_token_create
        r.tokens[name], _ = make(user=user, name=f"token of {name}")
    return r


def pks(qs) -> set[int]:
    return set(qs.values_list("pk", flat=True))


# Models every district reader sees whole (district-scoped, no organisation filter).
READER_MODELS = (Industry, Organisation, Person, Meeting, Decision, Agreement, Clause, Commitment)


# --------------------------------------------------------------------------
# route rules


def test_rule_for_names_namespaces_and_unknown_routes():
    assert policy.rule_for("partners:directory") is policy.ROUTES["partners:directory"]
    assert policy.rule_for("admin:index") == policy.NAMESPACE_ROUTES["admin"]
    assert policy.rule_for("admin:anything_at_all").superuser_only
    assert policy.rule_for("partners:no_such_route") is None
    assert policy.rule_for("no_such_route") is None
    assert policy.rule_for("") is None
    assert policy.rule_for(None) is None


def test_rule_helper_never_lets_the_ministry_write():
    r = policy.rule(policy.READERS, policy.ALL_ROLES)
    assert policy.MINISTRY in r.read
    assert policy.MINISTRY not in r.write
    for name, rule in policy.ROUTES.items():
        # logging out, one's own API tokens, password, second factor and session
        # (security) and switching among one's own roles are not district data
        own = {"logout", "core:tokens", "core:token_revoke", "accounts:role_switch"}
        own |= {"security:password_change", "security:second_factor", "security:keepalive"}
        own |= {"notifications:list", "notifications:read", "notifications:open"}
        own |= {"notifications:preferences"}  # one's own notifications and settings
        own |= {"calendars:page", "calendars:feed_create", "calendars:feed_revoke"}  # own feed
        # the one national data the ministry owns and writes, built by hand in
        # reports/access.py: the evaluation framework, and the national report
        # (a report of no district)
        own |= {
            "national:framework",
            "national:framework_copy",
            "national:area_create",
            "national:area_edit",
            "national:area_move",
            "national:indicator_create",
            "national:indicator_edit",
            "national:indicator_delete",
            "annual:national_generate",
        }
        if not rule.public and name not in own:
            assert policy.MINISTRY not in rule.write, name


def test_rule_allows_by_method_and_role(world):
    users = world.users
    r = policy.rule(policy.READERS, policy.COORD)
    for method in ("GET", "HEAD", "OPTIONS", "get"):
        assert r.allows(users["company"], method)
        assert r.allows(users["ministry"], method)
        assert not r.allows(users["student"], method)
    for method in ("POST", "PUT", "PATCH", "DELETE"):
        assert r.allows(users["coordinator"], method)
        assert not r.allows(users["company"], method)
        assert not r.allows(users["ministry"], method)
    assert not r.allows(AnonymousUser(), "GET")


def test_public_and_superuser_only_rules(world):
    assert policy.PUBLIC.allows(AnonymousUser(), "GET")
    assert policy.PUBLIC.allows(AnonymousUser(), "POST")
    admin_rule = policy.NAMESPACE_ROUTES["admin"]
    assert not admin_rule.allows(AnonymousUser(), "GET")
    coordinator = world.users["coordinator"]
    assert not admin_rule.allows(coordinator, "GET")
    coordinator.is_staff = True
    assert not admin_rule.allows(coordinator, "GET")  # staff is not enough
    coordinator.is_superuser = True
    assert admin_rule.allows(coordinator, "GET") and admin_rule.allows(coordinator, "POST")


# --------------------------------------------------------------------------
# visible


def test_unknown_model_is_refused_loudly(world):
    for model in (Group, ContentType, Session):
        with pytest.raises(LookupError):
            policy.visible(world.users["coordinator"], model)


def test_every_model_of_ours_has_a_scope(world):
    exempt = {"core.User"}  # accounts are managed in the admin, never listed by a view
    missing = []
    for app in ("core", "partners", "governance"):
        for model in apps.get_app_config(app).get_models():
            label = model._meta.label
            if label in exempt:
                continue
            try:
                policy.visible(world.users["coordinator"], model)
            except LookupError:
                missing.append(label)
    assert not missing, f"models without an access scope: {missing}"


@pytest.mark.parametrize("model", READER_MODELS, ids=lambda m: m.__name__)
@pytest.mark.parametrize("role", ("coordinator", *ORG_ROLES))
def test_district_members_see_their_district_only(rows, model, role):
    visible = pks(policy.visible(rows.user(role), model))
    assert rows.ours[model].pk in visible
    assert rows.theirs[model].pk not in visible
    district = rows.world.district
    field = {Decision: "meeting__district", Clause: "agreement__district"}.get(model, "district")
    assert visible == pks(model.objects.filter(**{field: district}))


@pytest.mark.parametrize("model", (*READER_MODELS, ActionItem, AuditEntry, District))
def test_ministry_sees_every_district(rows, model):
    visible = pks(policy.visible(rows.user("ministry"), model))
    assert {rows.ours[model].pk, rows.theirs[model].pk} <= visible
    assert visible == pks(model.objects.all())


@pytest.mark.parametrize("model", (*READER_MODELS, ActionItem, AuditEntry))
def test_student_and_anonymous_see_nothing(rows, model):
    assert not policy.visible(rows.user("student"), model).exists()
    assert not policy.visible(AnonymousUser(), model).exists()


@pytest.mark.parametrize("model", (*READER_MODELS, ActionItem, AuditEntry, District))
def test_other_district_sees_only_its_own(rows, model):
    visible = pks(policy.visible(rows.user("other_coordinator"), model))
    assert rows.theirs[model].pk in visible
    assert rows.ours[model].pk not in visible


def test_user_without_a_district_sees_nothing(rows):
    lost = f.UserFactory(role=Role.COORDINATOR, district=None)
    for model in (*READER_MODELS, ActionItem, AuditEntry, District):
        assert not policy.visible(lost, model).exists(), model


def test_districts_visible_to_each_role(rows):
    ours, theirs = rows.world.district.pk, rows.world.other_district.pk
    for role in ("coordinator", *ORG_ROLES, "student"):
        assert pks(policy.visible(rows.user(role), District)) == {ours}, role
    assert pks(policy.visible(rows.user("other_coordinator"), District)) == {theirs}
    assert pks(policy.visible(rows.user("ministry"), District)) == {ours, theirs}
    assert not policy.visible(AnonymousUser(), District).exists()


def test_action_items_coordinator_sees_the_district(rows):
    visible = pks(policy.visible(rows.user("coordinator"), ActionItem))
    assert visible == {rows.actions[k].pk for k in OUR_ORGS}


@pytest.mark.parametrize("role", (*ORG_ROLES, "company_b", "other_company"))
def test_action_items_org_roles_see_their_own_organisation_only(rows, role):
    user = rows.user(role)
    visible = pks(policy.visible(user, ActionItem))
    own = {
        rows.actions[k].pk for k in rows.actions if rows.actions[k].owner_id == user.organisation_id
    }
    assert own and visible == own


def test_org_role_without_an_organisation_sees_no_action_items(rows):
    orphan = f.UserFactory(role=Role.COMPANY, district=rows.world.district, organisation=None)
    assert not policy.visible(orphan, ActionItem).exists()


def test_commitments_are_visible_to_the_whole_district(rows):
    visible = pks(policy.visible(rows.user("company"), Commitment))
    assert visible == {rows.commitments[k].pk for k in OUR_ORGS}


@pytest.mark.parametrize("role", (*ORG_ROLES, "student"))
def test_audit_log_is_coordinator_and_ministry_only(rows, role):
    assert not policy.visible(rows.user(role), AuditEntry).exists()


def test_audit_log_coordinator_sees_own_district_rows(rows):
    visible = policy.visible(rows.user("coordinator"), AuditEntry)
    assert rows.ours[AuditEntry].pk in pks(visible)
    assert set(visible.values_list("district_id", flat=True)) == {rows.world.district.pk}


@pytest.mark.parametrize(
    "role", ("coordinator", *ORG_ROLES, "student", "ministry", "other_coordinator")
)
def test_api_tokens_each_user_sees_their_own_only(rows, role):
    user = rows.user(role)
    assert pks(policy.visible(user, ApiToken)) == {rows.tokens[role].pk}
    assert not policy.visible(AnonymousUser(), ApiToken).exists()


def test_visible_narrows_a_given_queryset_and_never_widens_it(rows):
    company = rows.user("company")
    everything = Organisation.objects.all()
    assert pks(policy.visible(company, Organisation, everything)) == pks(
        Organisation.objects.filter(district=rows.world.district)
    )
    only_b = Organisation.objects.filter(pk=rows.world.company_b.pk)
    assert pks(policy.visible(company, Organisation, only_b)) == {rows.world.company_b.pk}
    theirs = Organisation.objects.filter(pk=rows.world.other_company.pk)
    assert not policy.visible(company, Organisation, theirs).exists()


# --------------------------------------------------------------------------
# can_change / can_manage / can_create_in

ALL_MODELS = (*READER_MODELS, ActionItem, AuditEntry, District)


@pytest.mark.parametrize("model", ALL_MODELS, ids=lambda m: m.__name__)
def test_coordinator_changes_and_manages_own_district_only(rows, model):
    coordinator = rows.user("coordinator")
    assert policy.can_change(coordinator, rows.ours[model])
    assert policy.can_manage(coordinator, rows.ours[model])
    assert not policy.can_change(coordinator, rows.theirs[model])
    assert not policy.can_manage(coordinator, rows.theirs[model])


@pytest.mark.parametrize("model", ALL_MODELS, ids=lambda m: m.__name__)
@pytest.mark.parametrize("role", ("ministry", "student"))
def test_ministry_and_student_change_nothing(rows, model, role):
    user = rows.user(role)
    for obj in (rows.ours[model], rows.theirs[model]):
        assert not policy.can_change(user, obj)
        assert not policy.can_manage(user, obj)


@pytest.mark.parametrize("model", ALL_MODELS, ids=lambda m: m.__name__)
def test_anonymous_changes_nothing(rows, model):
    assert not policy.can_change(AnonymousUser(), rows.ours[model])
    assert not policy.can_manage(AnonymousUser(), rows.ours[model])


@pytest.mark.parametrize("role", ORG_ROLES)
def test_org_roles_change_their_own_action_items_and_commitments_only(rows, role):
    user = rows.user(role)
    key = role  # the world's organisations are named like the roles
    for items in (rows.actions, rows.commitments):
        for owner, obj in items.items():
            assert policy.can_change(user, obj) == (owner == key), (role, obj, owner)
            assert not policy.can_manage(user, obj)  # status updates only, not full edits


@pytest.mark.parametrize("role", ORG_ROLES)
@pytest.mark.parametrize(
    "model", (Organisation, Person, Meeting, Decision, Agreement, Clause, Industry, District)
)
def test_org_roles_do_not_change_registry_or_governance_records(rows, role, model):
    user = rows.user(role)
    assert not policy.can_change(user, rows.ours[model])
    assert not policy.can_manage(user, rows.ours[model])


def test_org_role_does_not_change_its_own_organisation(rows):
    company = rows.user("company")
    assert not policy.can_change(company, rows.world.company)


@pytest.mark.parametrize("role", ("coordinator", *ORG_ROLES, "student", "ministry"))
def test_everyone_may_change_their_own_token(rows, role):
    # Tokens are personal, not district data: students and the ministry (which
    # reads the API with one) manage their own.
    assert policy.can_change(rows.user(role), rows.tokens[role])


@pytest.mark.parametrize("role", ("coordinator", *ORG_ROLES, "student", "ministry"))
def test_nobody_changes_someone_elses_token(rows, role):
    for owner, token in rows.tokens.items():
        if owner != role:
            assert not policy.can_change(rows.user(role), token), (role, owner)


def test_can_create_in(rows):
    ours, theirs = rows.world.district, rows.world.other_district
    assert policy.can_create_in(rows.user("coordinator"), ours)
    assert not policy.can_create_in(rows.user("coordinator"), theirs)
    assert not policy.can_create_in(rows.user("coordinator"), None)
    for role in (*ORG_ROLES, "student", "ministry"):
        assert not policy.can_create_in(rows.user(role), ours), role
    assert not policy.can_create_in(AnonymousUser(), ours)


def test_home_district(rows):
    assert policy.home_district(rows.user("coordinator")) == rows.world.district
    assert policy.home_district(rows.user("other_company")) == rows.world.other_district
    assert policy.home_district(rows.user("ministry")) is None
    assert policy.home_district(AnonymousUser()) is None


# --------------------------------------------------------------------------
# access


def test_access_returns_visible_objects(rows):
    company = rows.user("company")
    assert policy.access(company, Organisation, rows.world.company_b.pk) == rows.world.company_b
    assert policy.access(company, ActionItem, rows.actions["company"].pk, write=True)
    assert policy.access(company, Commitment, str(rows.commitments["company"].pk), write=True)
    ministry = rows.user("ministry")
    assert policy.access(ministry, Meeting, rows.theirs[Meeting].pk) == rows.theirs[Meeting]


@pytest.mark.parametrize("model", ALL_MODELS, ids=lambda m: m.__name__)
def test_access_is_404_for_another_districts_objects(rows, model):
    for write in (False, True):
        with pytest.raises(Http404):
            policy.access(rows.user("coordinator"), model, rows.theirs[model].pk, write=write)


def test_access_is_404_for_another_organisations_action_item(rows):
    for write in (False, True):
        with pytest.raises(Http404):
            policy.access(
                rows.user("company"), ActionItem, rows.actions["company_b"].pk, write=write
            )


@pytest.mark.parametrize("model", (*READER_MODELS, ActionItem))
def test_access_is_404_for_students_and_anonymous(rows, model):
    for user in (rows.user("student"), AnonymousUser()):
        with pytest.raises(Http404):
            policy.access(user, model, rows.ours[model].pk)


@pytest.mark.parametrize("pk", ("abc", "1.5", "1; DROP TABLE x", "", None, [], {}, 10**9, -1))
def test_access_is_404_for_bad_and_unknown_ids(rows, pk):
    with pytest.raises(Http404):
        policy.access(rows.user("coordinator"), Organisation, pk)


def test_access_is_403_for_visible_but_unchangeable_objects(rows):
    company = rows.user("company")
    cases = [
        (company, Organisation, rows.world.company.pk),
        (company, Meeting, rows.ours[Meeting].pk),
        (company, Commitment, rows.commitments["company_b"].pk),
        (rows.user("ministry"), ActionItem, rows.actions["company"].pk),
        (rows.user("ministry"), Organisation, rows.theirs[Organisation].pk),
    ]
    for user, model, pk in cases:
        assert policy.access(user, model, pk)  # readable...
        with pytest.raises(PermissionDenied):  # ...but not writable
            policy.access(user, model, pk, write=True)


def test_access_respects_a_narrower_queryset(rows):
    coordinator = rows.user("coordinator")
    qs = Organisation.objects.filter(pk=rows.world.school.pk)
    assert policy.access(coordinator, Organisation, rows.world.school.pk, qs=qs)
    with pytest.raises(Http404):
        policy.access(coordinator, Organisation, rows.world.company.pk, qs=qs)
    # a queryset cannot widen what the policy allows
    wide = Organisation.objects.all()
    with pytest.raises(Http404):
        policy.access(coordinator, Organisation, rows.world.other_company.pk, qs=wide)


def test_access_to_tokens(rows):
    school = rows.user("school")
    assert policy.access(school, ApiToken, rows.tokens["school"].pk, write=True)
    with pytest.raises(Http404):
        policy.access(school, ApiToken, rows.tokens["company"].pk, write=True)
    with pytest.raises(Http404):
        policy.access(rows.user("coordinator"), ApiToken, rows.tokens["school"].pk)
