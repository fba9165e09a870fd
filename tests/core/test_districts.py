"""One `district_of(obj)` for the policy and the audit log: every model whose
rows belong to a district (directly or through a parent) has an access scope,
and every audited object yields its district — so the district's coordinators
can read the audit entries of what happened in it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.apps import apps

from mujigae.core import audit, policy
from mujigae.core.districts import district_of, district_path
from mujigae.core.models import AuditEntry, District
from mujigae.curriculum.models import ModuleUnit
from mujigae.rounds.models import CompanyRank, StudentChoice
from mujigae.surveys.models import Answer, Response
from tests import factories as f
from tests.curriculum.factories import (
    ModuleFactory,
    ModuleUnitFactory,
    ProgrammeFactory,
    UnitFactory,
)
from tests.rounds.helpers import fill_in, open_round

OUR_APPS = (
    "core",
    "partners",
    "governance",
    "surveys",
    "competencies",
    "curriculum",
    "insights",
    "students",
    "placements",
    "rounds",
    "outcomes",
    "reports",
)
# Accounts are managed in the admin (and, next, by the accounts app), never
# listed through a scope.
EXEMPT = {"core.User"}


def our_models():
    for label in OUR_APPS:
        yield from apps.get_app_config(label).get_models()


def test_every_model_with_a_district_has_a_registered_scope():
    missing = [
        m._meta.label
        for m in our_models()
        if district_path(m) is not None
        and m._meta.label not in EXEMPT
        and m._meta.label not in policy.SCOPES
    ]
    assert not missing, f"models that belong to a district but have no access scope: {missing}"


def test_every_registered_scope_is_of_a_district_or_declared_national():
    undeclared = [
        label
        for label in policy.SCOPES
        if district_path(apps.get_model(label)) is None and label not in policy.NATIONAL
    ]
    assert not undeclared, f"scoped models with no district and not national: {undeclared}"


def test_paths_follow_parents_and_never_a_user():
    assert district_path(District) == ""
    assert district_path(apps.get_model("governance.Decision")) == "meeting__district"
    assert district_path(apps.get_model("surveys.Answer")) == "response__survey__district"
    assert district_path(apps.get_model("curriculum.ModuleUnit")) == "module__programme__district"
    assert district_path(apps.get_model("rounds.CompanyRank")) == "round_slot__round__district"
    # a token belongs to its user, not to the user's district
    assert district_path(apps.get_model("core.ApiToken")) is None
    assert district_path(apps.get_model("competencies.CompetencyUnit")) is None


@pytest.fixture
def objects(world):
    """One object of each kind the audit log used to write without a district."""
    d = world.district
    agreement = f.AgreementFactory(district=d)
    survey = f.SurveyFactory(district=d)
    section = f.SectionFactory(survey=survey)
    question = f.QuestionFactory(section=section, survey=survey)
    invitation = f.InvitationFactory(survey=survey, organisation=world.company)
    response = Response.objects.create(
        survey=survey, organisation=world.company, invitation=invitation
    )
    answer = Answer.objects.create(response=response, question=question, text="x")
    programme = ProgrammeFactory(provider=world.school)
    module_unit = ModuleUnitFactory(
        module=ModuleFactory(programme=programme), unit=UnitFactory(code="1903060101_17v1")
    )
    s = open_round(world)
    fill_in(world, s)
    return {
        "section": section,
        "question": question,
        "clause": f.ClauseFactory(agreement=agreement, number=1),
        "invitation": invitation,
        "response": response,
        "answer": answer,
        "module unit": ModuleUnit.objects.get(pk=module_unit.pk),
        "student choice": StudentChoice.objects.filter(entrant__round=s.round).first(),
        "company rank": CompanyRank.objects.filter(round_slot__round=s.round).first(),
        "decision": f.DecisionFactory(meeting=f.MeetingFactory(district=d), number=1),
        "district": d,
    }


def test_every_audited_object_yields_its_district(world, objects):
    actor = world.users["coordinator"]
    for name, obj in objects.items():
        assert district_of(obj) == world.district.pk, name
        entry = audit.record(actor=actor, action="update", obj=obj)
        assert entry.district_id == world.district.pk, name
    # and so the district's coordinator reads them, the other district's does not
    ours = policy.visible(actor, AuditEntry)
    assert ours.count() >= len(objects)
    assert not policy.visible(world.users["other_coordinator"], AuditEntry).exists()


def test_the_migration_backfills_entries_written_without_a_district(world, objects):
    from importlib import import_module

    backfill = import_module("mujigae.reports.migrations.0001_audit_districts").backfill
    entries = [
        AuditEntry.objects.create(
            district=None,
            actor_name="system",
            action="update",
            object_type=obj._meta.label,
            object_id=str(obj.pk),
            object_repr=str(obj)[:200],
        )
        for obj in objects.values()
    ]
    gone = AuditEntry.objects.create(
        actor_name="system", action="delete", object_type="surveys.Section", object_id="999999"
    )
    junk = AuditEntry.objects.create(
        actor_name="system", action="update", object_type="surveys.Section", object_id="abc"
    )
    backfill(apps, None)
    for entry in entries:
        entry.refresh_from_db()
        assert entry.district_id == world.district.pk, entry.object_type
    gone.refresh_from_db()
    junk.refresh_from_db()
    assert gone.district_id is None and junk.district_id is None


def test_admin_inline_rows_are_audited(world, client):
    """An inline edit in Django's admin leaves an entry per row, with its district."""
    su = f.UserFactory(
        username="root",
        role="coordinator",
        district=world.district,
        is_superuser=True,
        is_staff=True,
    )
    module = ModuleFactory(
        programme=ProgrammeFactory(district=world.district, provider=world.school)
    )
    unit = UnitFactory(code="1903060102_17v1")
    client.force_login(su)
    url = f"/admin/curriculum/module/{module.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and not isinstance(v, list)}
    data.update(
        {
            "programme": module.programme_id,
            "unit_hours-TOTAL_FORMS": "1",
            "unit_hours-INITIAL_FORMS": "0",
            "unit_hours-MIN_NUM_FORMS": "0",
            "unit_hours-MAX_NUM_FORMS": "1000",
            "unit_hours-0-unit": unit.pk,
            "unit_hours-0-hours": "12",
            "unit_hours-0-module": module.pk,
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, (
        response.context["adminform"].form.errors if response.context else response
    )
    row = ModuleUnit.objects.get(module=module, unit=unit)
    entry = AuditEntry.objects.get(object_type="curriculum.ModuleUnit", object_id=str(row.pk))
    assert entry.action == "create" and entry.via == "admin"
    assert entry.district_id == world.district.pk


def test_survey_copy_is_audited(world):
    from mujigae.surveys import services_design

    actor = world.users["coordinator"]
    source = f.SurveyFactory(district=world.district)
    section = f.SectionFactory(survey=source)
    first = f.QuestionFactory(
        section=section, survey=source, code="q1", kind="single", options=["yes", "no"]
    )
    f.QuestionFactory(
        section=section, survey=source, code="q2", show_if_question=first, show_if_values=["yes"]
    )
    copy = services_design.survey_copy(
        actor=actor, source=source, district=world.district, title="사본", year=dt.date.today().year
    )
    types = list(
        AuditEntry.objects.filter(district=world.district).values_list("object_type", "action")
    )
    assert types.count(("surveys.Section", "create")) == 1
    assert types.count(("surveys.Question", "create")) == 2
    assert ("surveys.Survey", "update") in types  # copied_from
    assert copy.questions.get(code="q2").show_if_question.code == "q1"
