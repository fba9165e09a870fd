"""The home's to-dos of the benefits: bounded queries whatever the number of
rows, only pages the user may open, gone when done."""

from __future__ import annotations

import pytest

from mujigae.benefits import inbox as benefits_inbox
from mujigae.benefits import services
from mujigae.benefits.models import Grant
from tests import factories as f
from tests.benefits import helpers as h
from tests.benefits.helpers import YEAR


def _grow(world, n: int) -> None:
    for i in range(n):
        company = f.OrganisationFactory(district=world.district, name=f"기업{i}", kind="company")
        h.hosted(company, world.school, 1)
        h.answered(company)


@pytest.mark.parametrize("extra", [0, 8])
def test_todos_take_a_fixed_number_of_queries(world, extra, django_assert_max_num_queries):
    for kind in ("hosted", "survey", "status", "no_violation"):
        h.benefit(world.district, conditions=[kind])
    _grow(world, extra)
    h.hosted(world.company, world.school, 1)
    with django_assert_max_num_queries(10):
        benefits_inbox.benefit_todos(world.users["company"])
    with django_assert_max_num_queries(2):
        benefits_inbox.benefit_todos(world.users["coordinator"])
    with django_assert_max_num_queries(0):
        benefits_inbox.benefit_todos(world.users["school"])
        benefits_inbox.benefit_todos(world.users["ministry"])


def test_coordinator_todos_open_and_disappear_when_done(world, client_for):
    b = h.benefit(world.district, conditions=["survey"])
    h.answered(world.company)
    grant = services.grant_apply(
        actor=world.users["company"], benefit=b, company=world.company, year=YEAR, quantity=1
    )
    coordinator = world.users["coordinator"]
    (decide,) = benefits_inbox.benefit_todos(coordinator)
    assert decide.title == "혜택 신청 결정하기"
    assert client_for("coordinator").get(decide.url).status_code == 200
    services.grant_move(actor=coordinator, grant=grant, action="approve")
    (pay,) = benefits_inbox.benefit_todos(coordinator)
    assert pay.title == "승인된 혜택 지급하기"
    services.grant_move(actor=coordinator, grant=grant, action="pay")
    assert benefits_inbox.benefit_todos(coordinator) == []
    assert Grant.objects.get().state == "paid"
