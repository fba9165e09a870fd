"""Reads of the benefits: the catalogue, verdicts, the ledger, the totals.
Every read goes through the policy (`policy.visible`)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch, QuerySet, Sum
from django.utils import timezone

from mujigae.benefits import eligibility
from mujigae.benefits.models import (
    DEAD_STATES,
    Benefit,
    BenefitKind,
    Condition,
    Grant,
    GrantState,
)
from mujigae.core import policy
from mujigae.core.models import District

RECEIVED = (GrantState.APPROVED, GrantState.PAID)


def this_year() -> int:
    return timezone.localdate().year


def benefit_list(*, user: Any) -> QuerySet[Benefit]:
    return (
        policy.visible(user, Benefit)
        .select_related("allocation__project", "allocation__source", "allocation__category")
        .prefetch_related(Prefetch("conditions", queryset=Condition.objects.order_by("kind")))
        .order_by("name", "pk")
    )


def open_benefits(*, user: Any, year: int) -> QuerySet[Benefit]:
    """The benefits of the catalogue that run in `year`."""
    return benefit_list(user=user).filter(starts_on__year__lte=year, ends_on__year__gte=year)


def benefit_detail(*, user: Any, pk: int) -> Benefit:
    return policy.access(user, Benefit, pk, qs=benefit_list(user=user))


def qualifying(*, benefit: Benefit, year: int) -> dict[str, list[eligibility.Verdict]]:
    """Every company of the district: those that qualify, those one condition
    short, the rest."""
    verdicts = eligibility.evaluate(district_id=benefit.district_id, year=year, benefits=[benefit])
    out: dict[str, list[eligibility.Verdict]] = {"qualify": [], "near": [], "other": []}
    for v in verdicts[benefit.pk]:
        key = "qualify" if v.qualifies else "near" if v.near_miss else "other"
        out[key].append(v)
    out["near"].sort(key=lambda v: (v.missing[0].short_by, v.company_name))
    return out


def my_benefits(*, user: Any, year: int) -> list[tuple[Benefit, eligibility.Verdict, int]]:
    """A company's view: each benefit running in `year`, its own verdict and
    how much of the yearly cap it has left."""
    if not user.is_company or not user.organisation_id:
        return []
    benefits = list(open_benefits(user=user, year=year))
    if not benefits:
        return []
    verdicts = eligibility.evaluate(
        district_id=user.district_id,
        year=year,
        benefits=benefits,
        company_ids=[user.organisation_id],
    )
    used = dict(
        grant_list(user=user)
        .filter(year=year)
        .exclude(state__in=DEAD_STATES)
        .values_list("benefit_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return [(b, verdicts[b.pk][0], used.get(b.pk, 0)) for b in benefits if verdicts[b.pk]]


def applicable_count(*, user: Any, year: int | None = None) -> int:
    """How many benefits the company qualifies for and has not applied for this year."""
    return sum(
        1
        for _b, v, used in my_benefits(user=user, year=year or this_year())
        if v.qualifies and not used
    )


def grant_list(*, user: Any) -> QuerySet[Grant]:
    return policy.visible(user, Grant).select_related("benefit", "company")


def grant_detail(*, user: Any, pk: int) -> Grant:
    return policy.access(user, Grant, pk, qs=grant_list(user=user))


def company_grants(*, user: Any, company_id: int, year: int) -> list[Grant]:
    """The organisation page: a company's grants of the year the user may see."""
    return list(
        grant_list(user=user).filter(company_id=company_id, year=year).order_by("-created_at")
    )


def received_this_year(*, user: Any, year: int | None = None) -> QuerySet:
    """Ids of the companies with an approved or paid grant in the year (the
    directory's filter): only what the user may see of the ledger."""
    return (
        policy.visible(user, Grant)
        .filter(year=year or this_year(), state__in=RECEIVED)
        .values("company_id")
    )


def national_totals(*, user: Any, year: int) -> list[dict[str, Any]]:
    """The ministry's page: per district and kind, the number of grants and
    won approved or paid in the year. No company."""
    districts = {d.pk: d.name for d in policy.visible(user, District)}
    rows = (
        Grant.objects.filter(district_id__in=list(districts), year=year, state__in=RECEIVED)
        .values("district_id", "benefit__kind")
        .annotate(
            grants=Count("pk"), companies=Count("company_id", distinct=True), won=Sum("amount")
        )
        .order_by("district_id", "benefit__kind")
    )
    labels = dict(BenefitKind.choices)
    return [
        {
            "district": districts[r["district_id"]],
            "kind": labels.get(r["benefit__kind"], r["benefit__kind"]),
            "grants": r["grants"],
            "companies": r["companies"],
            "won": r["won"] or 0,
            "manwon": (r["won"] or 0) // 10000,
        }
        for r in rows
    ]
