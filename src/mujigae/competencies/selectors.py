"""Reads of the competency taxonomy, the district maps and the confirmed units.

`confirmed_units_for_hiring_rows()` is what the skills-gap analysis calls: it
has no user (the caller has authorised the districts already)."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet

from mujigae.competencies.models import (
    CompetencyUnit,
    NcsClass,
    NcsImport,
    NcsLevel,
    Occupation,
    TagSource,
    UnitTag,
)
from mujigae.core import policy

SPLIT = re.compile(r"[,;，、\n]+")
BARE_CODE = re.compile(r"^\d{10}$")
# a unit code at the start of a token ("1903060101_17v1 로봇 유지보수 계획 수립")
TOKEN_CODE = re.compile(r"^(\d{10}(?:_\d{2}v\d+)?)(?![\w])")


def token_code(token: str) -> str | None:
    match = TOKEN_CODE.match(token)
    return match.group(1) if match else None


# --------------------------------------------------------------------------
# taxonomy


def class_list(*, user: Any, parent: NcsClass | None = None) -> QuerySet[NcsClass]:
    qs = policy.visible(user, NcsClass)
    qs = qs.filter(parent=parent) if parent else qs.filter(level=NcsLevel.MAJOR)
    return qs.annotate(
        n_children=Count("children", distinct=True), n_units=Count("units", distinct=True)
    )


def class_path(ncs_class: NcsClass) -> list[NcsClass]:
    path = [ncs_class]
    while path[0].parent_id:
        path.insert(0, path[0].parent)
    return path


def unit_search(*, user: Any, q: str) -> QuerySet[CompetencyUnit]:
    qs = policy.visible(user, CompetencyUnit).select_related("job")
    q = q.strip()
    if not q:
        return qs.none()
    if q.replace("_", "").replace("v", "").isdigit():
        return qs.filter(code__startswith=q)
    words = q.split()
    cond = Q()
    for word in words:
        cond &= Q(name__icontains=word) | Q(job__name__icontains=word)
    return qs.filter(cond | Q(code__istartswith=q))


def class_search(*, user: Any, q: str) -> QuerySet[NcsClass]:
    qs = policy.visible(user, NcsClass)
    q = q.strip()
    if not q:
        return qs.none()
    if q.isdigit():
        return qs.filter(code__startswith=q)
    return qs.filter(name__icontains=q)


def unit_detail(*, user: Any, pk: int) -> CompetencyUnit:
    unit = policy.access(user, CompetencyUnit, pk, qs=policy.visible(user, CompetencyUnit))
    return unit


def unit_occupations(*, user: Any, unit: CompetencyUnit) -> QuerySet[Occupation]:
    """The occupations using a unit, in the districts the user may see."""
    return (
        policy.visible(user, Occupation)
        .filter(units=unit)
        .select_related("district", "industry")
        .order_by("district__name", "name")
    )


def unit_occupations_of_job(*, user: Any, job: NcsClass) -> QuerySet[Occupation]:
    return (
        policy.visible(user, Occupation)
        .filter(job=job)
        .select_related("district", "industry")
        .order_by("district__name", "name")
    )


def recent_imports(*, user: Any, limit: int = 10) -> list[NcsImport]:
    return list(policy.visible(user, NcsImport).select_related("imported_by")[:limit])


def taxonomy_counts(*, user: Any) -> dict[str, int]:
    classes = policy.visible(user, NcsClass)
    return {
        "majors": classes.filter(level=NcsLevel.MAJOR).count(),
        "jobs": classes.filter(level=NcsLevel.JOB).count(),
        "units": policy.visible(user, CompetencyUnit).count(),
        "samples": policy.visible(user, CompetencyUnit).filter(is_sample=True).count(),
    }


# --------------------------------------------------------------------------
# the district competency map


def occupation_map(*, user: Any, district_id: int | None) -> list[dict[str, Any]]:
    """[{industry, occupations: [occupation with .unit_list]}] for one district;
    occupations without an industry come last."""
    qs = (
        policy.visible(user, Occupation)
        .filter(district_id=district_id)
        .select_related("industry", "job")
        .prefetch_related("units")
        .order_by("industry__name", "name")
    )
    groups: dict[Any, list[Occupation]] = {}
    for occ in qs:
        groups.setdefault(occ.industry, []).append(occ)
    ordered = sorted(groups.items(), key=lambda kv: (kv[0] is None, kv[0].name if kv[0] else ""))
    return [{"industry": ind, "occupations": occs} for ind, occs in ordered]


# --------------------------------------------------------------------------
# free text → confirmed units


def split_tokens(text: str) -> list[str]:
    return [t.strip() for t in SPLIT.split(text or "") if t.strip()]


def _code_index(tokens: Iterable[str]) -> dict[str, int]:
    """code -> unit id for the given codes (the full code, or the 10-digit code
    without its version: the newest version). Few codes: looked up; many: the
    whole unit table is read once (a national taxonomy is ~13,400 rows)."""
    codes = set(tokens)
    if not codes:
        return {}
    if len(codes) > 200:
        wanted = None
        qs = CompetencyUnit.objects.values_list("code", "id")
    else:
        wanted = codes
        cond = Q(code__in=[c for c in codes if not BARE_CODE.match(c)])
        for bare in (c for c in codes if BARE_CODE.match(c)):
            cond |= Q(code__startswith=bare + "_")
        qs = CompetencyUnit.objects.filter(cond).values_list("code", "id")
    found: dict[str, int] = {}
    newest: dict[str, str] = {}
    for code, pk in qs.iterator(chunk_size=5000):
        found[code] = pk
        bare = code.split("_", 1)[0]
        if BARE_CODE.match(bare) and (bare not in newest or code > newest[bare]):
            newest[bare] = code
    for bare, code in newest.items():
        found.setdefault(bare, found[code])
    if wanted is not None:
        found = {c: pk for c, pk in found.items() if c in wanted}
    return found


@dataclass
class RowUnits:
    tokens: list[str] = field(default_factory=list)
    coded: list[int] = field(default_factory=list)  # units written as codes in the row
    unknown: list[str] = field(default_factory=list)  # names, or codes that do not exist
    confirmed: list[int] = field(default_factory=list)  # units a person confirmed

    @property
    def unit_ids(self) -> list[int]:
        return list(dict.fromkeys(self.coded + self.confirmed))

    @property
    def resolved(self) -> bool:
        """Nothing left for a person to do: every token is a known code, or a
        person has confirmed units for the row."""
        if self.confirmed:
            return True
        return bool(self.tokens) and not self.unknown


def hiring_rows_units(rows: Iterable[Any]) -> dict[int, RowUnits]:
    """For HiringDemand rows: which units their text names by code and which a
    person confirmed."""
    rows = list(rows)
    tokens = {r.pk: split_tokens(r.competency_units) for r in rows}
    index = _code_index(
        code for ts in tokens.values() for t in ts if (code := token_code(t)) is not None
    )
    result: dict[int, RowUnits] = {}
    for row in rows:
        info = RowUnits(tokens=tokens[row.pk])
        for t in info.tokens:
            code = token_code(t)
            if code is not None and code in index:
                info.coded.append(index[code])
            else:
                info.unknown.append(t)
        info.coded = list(dict.fromkeys(info.coded))
        result[row.pk] = info
    ids = [r.pk for r in rows]
    for start in range(0, len(ids), 500):
        for source_id, unit_id in UnitTag.objects.filter(
            source_kind=TagSource.HIRING, source_id__in=ids[start : start + 500]
        ).values_list("source_id", "unit_id"):
            result[source_id].confirmed.append(unit_id)
    return result


def confirmed_units_for_hiring_rows(
    district_ids: Iterable[int] | None = None,
) -> dict[int, list[int]]:
    """{HiringDemand id: [CompetencyUnit id, …]} for every hiring-demand row of
    the given districts (all districts when None). A unit counts when the row's
    text names it by an existing code (full code, or the 10-digit code, which
    means its newest version) or when a person confirmed it. Rows with no unit
    map to []. The caller authorises the districts; no user is checked here."""
    from mujigae.surveys.models import HiringDemand

    qs = HiringDemand.objects.all()
    if district_ids is not None:
        qs = qs.filter(district_id__in=list(district_ids))
    rows = list(qs.values_list("pk", "competency_units").iterator(chunk_size=5000))
    codes_of: dict[str, list[str]] = {}  # each distinct text parsed once
    for _pk, text in rows:
        if text not in codes_of:
            codes_of[text] = [c for t in split_tokens(text) if (c := token_code(t))]
    index = _code_index(c for codes in codes_of.values() for c in codes)
    result = {
        pk: list(dict.fromkeys(index[c] for c in codes_of[text] if c in index)) for pk, text in rows
    }
    tags = UnitTag.objects.filter(source_kind=TagSource.HIRING, source_id__isnull=False)
    if district_ids is not None:
        tags = tags.filter(district_id__in=list(district_ids))
    for source_id, unit_id in tags.order_by("confirmed_at", "pk").values_list(
        "source_id", "unit_id"
    ):
        units = result.get(source_id)
        if units is not None and unit_id not in units:
            units.append(unit_id)
    return result


def hiring_queue(*, user: Any, unresolved_only: bool = True) -> list[tuple[Any, RowUnits]]:
    """The district's hiring-demand rows with their units, for the confirm queue
    (coordinators only: the rows say which company wants whom)."""
    from mujigae.surveys.models import HiringDemand

    rows = (
        policy.visible(user, HiringDemand)
        .select_related("response__organisation", "response__survey")
        .order_by("-year", "response__organisation__name", "pk")
    )
    units = hiring_rows_units(rows)
    out = [(r, units[r.pk]) for r in rows]
    if unresolved_only:
        out = [(r, u) for r, u in out if not u.resolved]
    return out


def free_text_answers(*, user: Any, untagged_only: bool = True) -> QuerySet[Any]:
    """Survey free-text (long text) answers of the district (coordinators only)."""
    from mujigae.surveys.models import Answer, QuestionKind

    qs = (
        policy.visible(user, Answer)
        # long text only: short-text questions hold codes and names, not skills
        .filter(question__kind=QuestionKind.LONG_TEXT)
        .exclude(text="")
        .select_related("question", "response__organisation", "response__survey")
        .order_by("-response__survey__year", "question__survey_id", "question__position", "pk")
    )
    if untagged_only:
        tagged = UnitTag.objects.filter(source_kind=TagSource.ANSWER).values("source_id")
        qs = qs.exclude(pk__in=tagged)
    return qs


def tags_for(*, user: Any, source_kind: str, source_id: int | None) -> QuerySet[UnitTag]:
    return (
        policy.visible(user, UnitTag)
        .filter(source_kind=source_kind, source_id=source_id)
        .select_related("unit", "confirmed_by")
    )


def recent_job_description_tags(*, user: Any, limit: int = 20) -> QuerySet[UnitTag]:
    return (
        policy.visible(user, UnitTag)
        .filter(source_kind=TagSource.JOB_DESCRIPTION)
        .select_related("unit", "confirmed_by")[:limit]
    )


def units_by_ids(ids: Iterable[int]) -> list[CompetencyUnit]:
    ids = list(ids)
    found = {u.pk: u for u in CompetencyUnit.objects.filter(pk__in=ids)}
    return [found[i] for i in ids if i in found]


@dataclass
class Suggested:
    unit: CompetencyUnit
    score: float


def suggestions(text: str, *, k: int = 5) -> tuple[list[Suggested], bool]:
    """The suggester's top units for `text`, as stored units; second value:
    whether the suggester is available."""
    try:
        from mujigae.competencies.suggest import suggest_units
    except ImportError:
        return [], False
    if not text.strip():
        return [], True
    found = suggest_units(text, k=k)
    units = {u.code: u for u in CompetencyUnit.objects.filter(code__in=[s.code for s in found])}
    out = [Suggested(units[s.code], float(s.score)) for s in found if s.code in units]
    return out, True


def group_units_by_source(
    tags: Iterable[UnitTag],
) -> dict[tuple[str, int | None], list[UnitTag]]:
    grouped: dict[tuple[str, int | None], list[UnitTag]] = defaultdict(list)
    for tag in tags:
        grouped[(tag.source_kind, tag.source_id)].append(tag)
    return grouped
