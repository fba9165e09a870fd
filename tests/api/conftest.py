"""Fixtures of the API tests: a JSON client per role, a token client, and a
small governance world in both districts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from mujigae.core.services import api_token_create
from tests import factories as f


class JsonClient:
    """A Django test client that speaks JSON."""

    def __init__(self, client: Client, **headers: str):
        self.client = client
        self.headers = headers

    def get(self, url: str, params: dict[str, Any] | None = None, **headers: str):
        return self.client.get(url, params or {}, headers={**self.headers, **headers})

    def post(self, url: str, data: Any = None, **headers: str):
        return self.client.post(
            url, data, content_type="application/json", headers={**self.headers, **headers}
        )

    def patch(self, url: str, data: Any = None, **headers: str):
        return self.client.patch(
            url, data, content_type="application/json", headers={**self.headers, **headers}
        )

    def put(self, url: str, data: Any = None, **headers: str):
        return self.client.put(
            url, data, content_type="application/json", headers={**self.headers, **headers}
        )

    def delete(self, url: str, **headers: str):
        return self.client.delete(url, headers={**self.headers, **headers})


@pytest.fixture
def api_as(world):
    """api_as("company") -> a JSON client with that role's session (CSRF not enforced,
    as Django's test client does by default; see test_auth for the enforced case)."""

    def make(role: str) -> JsonClient:
        client = Client()
        client.force_login(world.users[role])
        return JsonClient(client)

    return make


@pytest.fixture
def token_for(world):
    """token_for("coordinator") -> a JSON client authenticated by a Bearer token only."""

    def make(role: str) -> JsonClient:
        user = world.users[role]
        # a student's token: one made before students lost API tokens
        make = f.api_token_row if role == "student" else api_token_create
        _, raw = make(user=user, name="test")
        return JsonClient(Client(enforce_csrf_checks=True), Authorization=f"Bearer {raw}")

    return make


@dataclass
class Gov:
    industry: Any
    other_industry: Any
    person: Any
    other_person: Any
    past_meeting: Any
    meeting: Any
    other_meeting: Any
    decision: Any
    item_company: Any
    item_company_b: Any
    item_overdue: Any
    item_done: Any
    other_item: Any
    agreement: Any
    clause1: Any
    clause2: Any
    commitment_company: Any
    commitment_company_b: Any
    commitment_school: Any
    other_commitment: Any


@pytest.fixture
def gov(world) -> Gov:
    d, other = world.district, world.other_district
    today = timezone.localdate()
    industry = f.IndustryFactory(district=d, code="robot", name="로봇")
    other_industry = f.IndustryFactory(district=other, code="robot", name="로봇")
    world.company.industries.add(industry)
    person = f.PersonFactory(organisation=world.company, name="김담당")
    other_person = f.PersonFactory(organisation=world.other_company, name="이담당")
    past_meeting = f.MeetingFactory(
        district=d,
        kind="meeting",
        title="지난 간담회",
        starts_at=timezone.now() - dt.timedelta(days=30),
        status="held",
    )
    past_meeting.organisations.set([world.company, world.school])
    meeting = f.MeetingFactory(district=d, kind="council", title="다음 협의회")
    meeting.organisations.set([world.office, world.company_b])
    other_meeting = f.MeetingFactory(district=other, title="다른 지구 협의회")
    decision = f.DecisionFactory(meeting=past_meeting, number=1, text="현장실습 확대")
    item_company = f.ActionItemFactory(
        owner=world.company, title="실습 자리 확보", meeting=past_meeting, decision=decision
    )
    item_company_b = f.ActionItemFactory(owner=world.company_b, title="장비 지원")
    item_overdue = f.ActionItemFactory(
        owner=world.school, title="교육과정 개편", due_date=today - dt.timedelta(days=3)
    )
    item_done = f.ActionItemFactory(
        owner=world.company, title="끝난 일", status="done", completed_at=timezone.now()
    )
    other_item = f.ActionItemFactory(owner=world.other_company, title="다른 지구 할 일")
    agreement = f.AgreementFactory(district=d)
    clause1 = f.ClauseFactory(agreement=agreement, number=1, title="협력 체계")
    clause2 = f.ClauseFactory(agreement=agreement, number=2, title="현장실습")
    commitment_company = f.CommitmentFactory(clause=clause2, organisation=world.company)
    commitment_company_b = f.CommitmentFactory(
        clause=clause2, organisation=world.company_b, status="achieved"
    )
    commitment_school = f.CommitmentFactory(clause=clause1, organisation=world.school)
    other_agreement = f.AgreementFactory(district=other)
    other_commitment = f.CommitmentFactory(
        clause=f.ClauseFactory(agreement=other_agreement, number=1),
        organisation=world.other_company,
    )
    return Gov(
        industry,
        other_industry,
        person,
        other_person,
        past_meeting,
        meeting,
        other_meeting,
        decision,
        item_company,
        item_company_b,
        item_overdue,
        item_done,
        other_item,
        agreement,
        clause1,
        clause2,
        commitment_company,
        commitment_company_b,
        commitment_school,
        other_commitment,
    )
