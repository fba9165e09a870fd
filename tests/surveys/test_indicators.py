"""surveys.response_rate from raw invitations."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from mujigae.core import indicators
from mujigae.surveys.models import Invitation
from tests import factories as f

pytestmark = pytest.mark.django_db
KEY = "surveys.response_rate"
S = Invitation.Status


def invite(survey, *statuses):
    for s in statuses:
        f.InvitationFactory(survey=survey, status=s)


def test_answered_over_sent_of_surveys_closing_in_the_year(world):
    d, o = world.district, world.other_district
    deadline = timezone.make_aware(dt.datetime(2024, 6, 30, 18))
    s1 = f.SurveyFactory(district=d, year=2024, deadline=deadline)
    invite(s1, S.SENT, S.OPENED, S.SUBMITTED, S.SUBMITTED, S.PENDING)  # pending: never sent
    # a 2024 survey closing in January 2025 counts in 2025
    s2 = f.SurveyFactory(
        district=d, year=2024, deadline=timezone.make_aware(dt.datetime(2025, 1, 10))
    )
    invite(s2, S.SUBMITTED, S.IN_PROGRESS, S.SENT)
    s3 = f.SurveyFactory(district=o, year=2025, deadline=None)  # no deadline: its year
    invite(s3, S.SUBMITTED, S.SENT)
    template = f.SurveyFactory(district=o, year=2025, deadline=None, is_template=True)
    invite(template, S.SUBMITTED)
    figures = indicators.get(KEY).figures([d.pk, o.pk], [2024, 2025])
    # by hand: d 2024: 2 of 4 sent; d 2025: 1 of 3; o 2025: 1 of 2 (the template left out)
    assert {k: (v.value, v.numerator, v.denominator) for k, v in figures.items()} == {
        (d.pk, 2024): (Decimal("50.0"), 2, 4),
        (d.pk, 2025): (Decimal("33.3"), 1, 3),
        (o.pk, 2025): (Decimal("50.0"), 1, 2),
    }
    assert figures[d.pk, 2024].people is None  # companies, not persons


def test_query_count_does_not_grow(world):
    third = f.DistrictFactory()
    invite(f.SurveyFactory(district=world.district, year=2024), S.SUBMITTED)

    def queries(ids, years):
        with CaptureQueriesContext(connection) as ctx:
            indicators.get(KEY).figures(ids, years)
        return len(ctx)

    one = queries([world.district.pk], [2024])
    many = queries([world.district.pk, world.other_district.pk, third.pk], [2023, 2024, 2025])
    assert one == many
