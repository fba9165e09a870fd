"""The surveys' measure for the evaluation (core/indicators.py): the response
rate of the surveys closing in the year."""

from __future__ import annotations

from django.db.models import Count, F, IntegerField, Q
from django.db.models.functions import Coalesce, ExtractYear
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from mujigae.core import indicators
from mujigae.surveys.models import Invitation

Status = Invitation.Status


@indicators.measure(
    "surveys.response_rate",
    label=_("Survey response rate"),
    unit=indicators.PERCENT,
    area=indicators.COOPERATION,
    how=_(
        "Invitations answered (submitted) ÷ invitations sent, over the surveys whose "
        "deadline falls in the year (a survey without a deadline: its survey year)."
    ),
    rows=lambda district_id, year: reverse("surveys:survey_list"),
    order=40,
)
def response_rate(district_ids, years):
    rows = (
        Invitation.objects.filter(survey__district_id__in=district_ids, survey__is_template=False)
        .exclude(status=Status.PENDING)
        .annotate(
            y=Coalesce(
                ExtractYear("survey__deadline"), F("survey__year"), output_field=IntegerField()
            )
        )
        .filter(y__in=years)
        .values("survey__district_id", "y")
        .annotate(sent=Count("id"), answered=Count("id", filter=Q(status=Status.SUBMITTED)))
        .order_by()
    )
    # invitations go to companies, not persons: nothing to suppress
    return {
        (r["survey__district_id"], int(r["y"])): indicators.rate(
            r["answered"], r["sent"], persons=False
        )
        for r in rows
    }
