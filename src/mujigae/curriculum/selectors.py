"""Reads of programmes, modules, cohorts and module proposals."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet, Sum

from mujigae.competencies.models import CompetencyUnit
from mujigae.core import policy
from mujigae.core.models import District
from mujigae.curriculum.models import (
    Cohort,
    Module,
    ModuleProposal,
    ModuleUnit,
    Programme,
    ProposalStatus,
    ProposalVersion,
)
from mujigae.partners.models import Organisation

# ------------------------------------------------------------------ programmes


def _programmes(
    *,
    user: Any,
    kind: str | None = None,
    provider: int | str | None = None,
    q: str | None = None,
    district: int | str | None = None,
) -> QuerySet[Programme]:
    qs = policy.visible(user, Programme)
    if district:
        qs = qs.filter(district_id=district)
    if kind:
        qs = qs.filter(kind=kind)
    if provider:
        qs = qs.filter(provider_id=provider)
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(description__icontains=q))
    return qs


def programme_list(*, user: Any, **filters: Any) -> QuerySet[Programme]:
    """Programmes the user may read, with module count and total hours."""
    return (
        _programmes(user=user, **filters)
        .select_related("provider", "district")
        .annotate(
            n_modules=Count("modules", distinct=True),
            total_hours=Sum("modules__unit_hours__hours"),
        )
        .order_by("district__name", "kind", "name", "id")
    )


def programme_providers(*, user: Any) -> QuerySet[Organisation]:
    """Organisations that run at least one programme the user can see."""
    ids = policy.visible(user, Programme).values("provider_id")
    return policy.visible(user, Organisation).filter(pk__in=ids).order_by("name")


def programme_detail(*, user: Any, pk: int) -> Programme:
    qs = (
        policy.visible(user, Programme)
        .select_related("provider", "district")
        .prefetch_related(
            Prefetch(
                "modules",
                queryset=Module.objects.order_by("order", "pk").prefetch_related(
                    Prefetch(
                        "unit_hours",
                        queryset=ModuleUnit.objects.select_related("unit").order_by("unit__code"),
                    )
                ),
            ),
            Prefetch("cohorts", queryset=Cohort.objects.order_by("year")),
        )
    )
    return policy.access(user, Programme, pk, qs=qs)


def programme_total_hours(programme: Programme) -> int:
    return sum(m.total_hours for m in programme.modules.all())


def units_covered(programme: Programme) -> list[tuple[CompetencyUnit, int]]:
    """Each unit the programme covers with its hours over all modules."""
    hours: dict[int, int] = {}
    units: dict[int, CompetencyUnit] = {}
    for module in programme.modules.all():
        for mu in module.unit_hours.all():
            hours[mu.unit_id] = hours.get(mu.unit_id, 0) + mu.hours
            units[mu.unit_id] = mu.unit
    return sorted(((units[k], v) for k, v in hours.items()), key=lambda t: t[0].code)


def export_rows(*, user: Any, **filters: Any):
    """(programmes, modules × units, cohorts) querysets for the xlsx export."""
    programmes = programme_list(user=user, **filters)
    ids = _programmes(user=user, **filters).values("pk")
    modules = (
        ModuleUnit.objects.filter(module__programme__in=ids)
        .select_related("module__programme__provider", "module__programme__district", "unit")
        .order_by("module__programme__name", "module__order", "module__pk", "unit__code")
    )
    cohorts = (
        Cohort.objects.filter(programme__in=ids)
        .select_related("programme__provider", "programme__district")
        .order_by("programme__name", "year")
    )
    return programmes, modules, cohorts


def unit_search(q: str, limit: int = 20) -> list[CompetencyUnit]:
    q = (q or "").strip()
    if len(q) < 2:
        return []
    return list(
        CompetencyUnit.objects.filter(Q(code__istartswith=q) | Q(name__icontains=q)).order_by(
            "code"
        )[:limit]
    )


# ------------------------------------------------------------------- proposals


def proposal_list(
    *, user: Any, status: str | None = None, programme: int | str | None = None
) -> QuerySet[ModuleProposal]:
    qs = policy.visible(user, ModuleProposal).select_related(
        "programme__provider", "proposer", "module", "district"
    )
    if status:
        qs = qs.filter(status=status)
    if programme:
        qs = qs.filter(programme_id=programme)
    return qs.prefetch_related("versions").order_by("-updated_at", "-id")


def proposal_counts(*, user: Any) -> list[dict[str, Any]]:
    """Counts by status per district the user may read (aggregates: the ministry
    and every member of a district see them; no proposal's content)."""
    districts = policy.visible(user, District)
    rows = (
        ModuleProposal.objects.filter(district__in=districts)
        .values("district_id", "district__name", "status")
        .annotate(n=Count("id"))
        .order_by()
    )
    by_district: dict[int, dict[str, Any]] = {}
    for row in rows:
        entry = by_district.setdefault(
            row["district_id"],
            {"district": row["district__name"], "counts": {}, "total": 0},
        )
        entry["counts"][row["status"]] = row["n"]
        entry["total"] += row["n"]
    result = []
    for entry in sorted(by_district.values(), key=lambda e: e["district"]):
        entry["cells"] = [(value, entry["counts"].get(value, 0)) for value in ProposalStatus.values]
        result.append(entry)
    return result


def proposal_detail(*, user: Any, pk: int) -> ModuleProposal:
    qs = (
        policy.visible(user, ModuleProposal)
        .select_related("programme__provider", "programme__district", "proposer", "module")
        .prefetch_related("versions", "comments")
    )
    return policy.access(user, ModuleProposal, pk, qs=qs)


@dataclass
class VersionDiff:
    """What changed from one version to the next."""

    name: tuple[str, str] | None = None
    description: tuple[str, str] | None = None
    added: list[dict[str, Any]] = field(default_factory=list)
    removed: list[dict[str, Any]] = field(default_factory=list)
    hours: list[tuple[dict[str, Any], int, int]] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.name or self.description or self.added or self.removed or self.hours)


def version_diff(old: ProposalVersion | None, new: ProposalVersion) -> VersionDiff:
    if old is None:
        return VersionDiff(added=list(new.units))
    diff = VersionDiff()
    if old.name != new.name:
        diff.name = (old.name, new.name)
    if old.description != new.description:
        diff.description = (old.description, new.description)
    before = {u["code"]: u for u in old.units}
    after = {u["code"]: u for u in new.units}
    diff.added = [after[c] for c in sorted(set(after) - set(before))]
    diff.removed = [before[c] for c in sorted(set(before) - set(after))]
    diff.hours = [
        (after[c], int(before[c]["hours"]), int(after[c]["hours"]))
        for c in sorted(set(before) & set(after))
        if int(before[c]["hours"]) != int(after[c]["hours"])
    ]
    return diff


def version_history(proposal: ModuleProposal) -> list[tuple[ProposalVersion, VersionDiff]]:
    """Newest first, each with what it changed from the one before."""
    versions = sorted(proposal.versions.all(), key=lambda v: v.number)
    pairs = []
    previous = None
    for v in versions:
        pairs.append((v, version_diff(previous, v)))
        previous = v
    return list(reversed(pairs))


def module_as_version(module: Module) -> ProposalVersion:
    """An unsaved version holding a module's current content (to diff a change
    proposal against the module as it is)."""
    return ProposalVersion(
        number=0,
        name=module.name,
        description=module.description,
        units=[
            {"unit": mu.unit_id, "code": mu.unit.code, "name": mu.unit.name, "hours": mu.hours}
            for mu in module.unit_hours.select_related("unit").order_by("unit__code")
        ],
    )


# -------------------------------------------------------------- participation

# Proposals that count as participation: those the company actually submitted
# (a draft never sent is not participation yet).
COUNTED = Q(submitted_at__isnull=False)


def participation_by_organisation(district_id: int) -> dict[int, dict[str, int]]:
    """{organisation id: {"proposed": n, "approved": m}} for the companies of a
    district that submitted module proposals (for clause-4 benefits)."""
    rows = (
        ModuleProposal.objects.filter(COUNTED, district_id=district_id)
        .values("proposer_id")
        .annotate(
            proposed=Count("id"),
            approved=Count("id", filter=Q(status=ProposalStatus.APPROVED)),
        )
        .order_by()
    )
    return {
        row["proposer_id"]: {"proposed": row["proposed"], "approved": row["approved"]}
        for row in rows
    }


def organisation_participation(*, user: Any, organisation: Organisation) -> dict[str, Any]:
    """For the organisation page: its counts (everyone who may read the page) and
    the proposals among them that this user may see (the policy decides)."""
    counts = ModuleProposal.objects.filter(COUNTED, proposer=organisation).aggregate(
        proposed=Count("id"),
        approved=Count("id", filter=Q(status=ProposalStatus.APPROVED)),
    )
    proposals = list(
        proposal_list(user=user).filter(proposer=organisation).order_by("-updated_at")[:50]
    )
    return {
        "proposed": counts["proposed"] or 0,
        "approved": counts["approved"] or 0,
        "proposals": proposals,
        "shown": organisation.kind == "company" or bool(counts["proposed"]) or bool(proposals),
    }
