"""A survey's results page draws the submitted responses over time (cumulative
per day from the first invitation sent to the deadline), with its table."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from mujigae.surveys import selectors_analysis as sa
from mujigae.surveys.models import Response
from tests.surveys.test_analysis import built  # noqa: F401 — the fixture

pytestmark = pytest.mark.django_db

KST = dt.timezone(dt.timedelta(hours=9))


def _spread(survey):
    """Sent 2025-05-01, deadline 2025-05-06; the five submissions on the 2nd,
    the 2nd, the 4th, the 4th and the 5th."""
    survey.invitations.update(sent_at=dt.datetime(2025, 5, 1, 9, tzinfo=KST))
    survey.deadline = dt.datetime(2025, 5, 6, 18, tzinfo=KST)
    survey.save(update_fields=["deadline"])
    days = [2, 2, 4, 4, 5]
    for day, r in zip(
        days, Response.objects.filter(survey=survey, is_submitted=True).order_by("pk"), strict=True
    ):
        r.submitted_at = dt.datetime(2025, 5, day, 23, 30, tzinfo=KST)  # late evening KST
        r.save(update_fields=["submitted_at"])


def test_timeline_counts_per_kst_day_from_send_to_deadline(built):  # noqa: F811
    _spread(built.survey)
    t = sa.response_timeline(survey=built.survey, today=dt.date(2025, 6, 1))
    assert t.days[0] == dt.date(2025, 5, 1) and t.days[-1] == dt.date(2025, 5, 6)
    assert t.cumulative == [0, 2, 2, 4, 5, 5]
    assert t.invited == 6


def test_results_page_draws_responses_over_time_with_its_table(built, client_for):  # noqa: F811
    _spread(built.survey)
    page = client_for("coordinator").get(reverse("surveys:analysis", args=[built.survey.pk]))
    html = page.content.decode()
    chart = html.split('data-testid="timeline"')[1].split("</section>")[0]
    assert '<svg role="img"' in chart and "날짜별 누적 제출 응답" in chart
    table = chart.split("<table>")[1]
    assert "5/2" in table and "5/6" in table and "2025-05" not in table  # no ISO date
    assert "83.3%" in table  # 5 of 6 invited on the last day


def test_nothing_sent_no_chart(world):
    from tests import factories as f

    survey = f.SurveyFactory(district=world.district, year=2025)
    assert sa.response_timeline(survey=survey) is None
