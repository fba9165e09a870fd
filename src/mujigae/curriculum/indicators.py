"""Curriculum's measure for the evaluation (core/indicators.py): modules
co-developed with companies and approved in the year."""

from __future__ import annotations

from django.db.models import Count
from django.db.models.functions import ExtractYear
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from mujigae.core import indicators
from mujigae.curriculum.models import ModuleProposal, ProposalStatus


@indicators.measure(
    "curriculum.modules_approved",
    label=_("Co-developed modules approved"),
    unit=indicators.COUNT,
    area=indicators.PATHWAY,
    how=_(
        "Module proposals of companies (new modules and changes) approved, "
        "counted in the year of the decision."
    ),
    rows=lambda district_id, year: reverse("curriculum:proposal_list"),
    order=50,
)
def modules_approved(district_ids, years):
    rows = (
        ModuleProposal.objects.filter(
            district_id__in=district_ids,
            status=ProposalStatus.APPROVED,
            decided_at__year__in=years,
        )
        .annotate(y=ExtractYear("decided_at"))
        .values("district_id", "y")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {(r["district_id"], int(r["y"])): indicators.count(r["n"]) for r in rows}
