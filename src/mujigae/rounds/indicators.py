"""The field-training placements measure for the evaluation
(core/indicators.py). The accepted placement is a matching round's
`Assignment` the student accepted, so the measure lives here."""

from __future__ import annotations

from django.db.models import Count, F, IntegerField
from django.db.models.functions import Coalesce, ExtractYear
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from mujigae.core import indicators
from mujigae.placements.models import SlotKind
from mujigae.rounds.models import Assignment, Response


@indicators.measure(
    "placements.field_training_students",
    label=_("Students placed in field training"),
    unit=indicators.COUNT,
    area=indicators.PATHWAY,
    how=_(
        "Students who accepted their place in a field-training slot of a matching "
        "round, counted in the year the slot's training period starts (a slot "
        "without a period: the round's school year); each student once a year."
    ),
    rows=lambda district_id, year: reverse("rounds:round_list"),
    order=60,
)
def field_training_students(district_ids, years):
    rows = (
        Assignment.objects.filter(
            round__district_id__in=district_ids,
            round__kind=SlotKind.FIELD_TRAINING,
            response=Response.ACCEPTED,
            round_slot__isnull=False,
        )
        .annotate(
            y=Coalesce(
                ExtractYear("round_slot__slot__period_start"),
                F("round__school_year"),
                output_field=IntegerField(),
            )
        )
        .filter(y__in=years)
        .values("round__district_id", "y")
        .annotate(n=Count("entrant__student_id", distinct=True))
        .order_by()
    )
    return {
        (r["round__district_id"], int(r["y"])): indicators.count(r["n"], people=r["n"])
        for r in rows
    }
