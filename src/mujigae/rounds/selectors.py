"""Reads of the rounds pages: lists, counts, applicants, results, and the
explanation of a result in words."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from mujigae.core import policy
from mujigae.placements import rules
from mujigae.placements import services as placement_services
from mujigae.rounds.engine import NO_CONSENT
from mujigae.rounds.models import (
    Assignment,
    CompanyRank,
    Entrant,
    Response,
    Round,
    RoundSlot,
    StudentChoice,
)
from mujigae.students.masking import mask_name
from mujigae.students.models import AccessPurpose, ConsentPurpose, Student
from mujigae.students.selectors import consent_active_q
from mujigae.students.services import personal_data_access_record


def rounds_for(user: Any) -> QuerySet:
    return policy.visible(user, Round).order_by("-deadline", "-pk")


def student_of(user: Any) -> Student | None:
    return Student.objects.filter(user_id=user.pk).select_related("school").first()


def entrant_for(user: Any, rnd: Round) -> Entrant:
    """The logged-in student's entry in the round (404 when not entered)."""
    entrant = (
        policy.visible(user, Entrant)
        .filter(round=rnd)
        .select_related("student", "student__school")
        .first()
    )
    if entrant is None:
        raise Http404
    return entrant


# --- a student's ranking page ------------------------------------------------------


@dataclass
class RankableSlot:
    """A slot of the round as the student's ranking page shows it: the details
    a tap away, and why it cannot be chosen (empty: it can)."""

    round_slot: RoundSlot
    refusals: list[str] = field(default_factory=list)

    @property
    def slot(self):
        return self.round_slot.slot

    @property
    def pk(self) -> int:
        return self.round_slot.pk

    @property
    def refused(self) -> bool:
        return bool(self.refusals)


def closed_message(apply_by: date) -> str:
    return _("Applications closed on %(date)s.") % {
        "date": f"{apply_by.year}. {apply_by.month}. {apply_by.day}."
    }


def refusals_for(student: Student, slots: list, on: date) -> dict[int, list[str]]:
    """{slot id: the reasons (Korean) why `student` cannot choose it on `on`}:
    every rule of `placements.rules` that refuses the pair (the rules the
    matching applies, from the same facts) and a last day to apply that has
    passed. Three queries whatever the number of slots."""
    s_facts = placement_services.student_facts([student])[0]
    out: dict[int, list[str]] = {}
    for slot, facts in zip(slots, placement_services.slot_facts(slots), strict=True):
        reasons = [r.message for r in rules.unacceptable_reasons(s_facts, facts, on=on)]
        if slot.applications_closed(on):
            reasons.append(closed_message(slot.apply_by))
        if reasons:
            out[slot.pk] = reasons
    return out


def rankable_slots(rnd: Round, student: Student, on: date | None = None) -> list[RankableSlot]:
    """Every slot of the round with its details and, for this student, why the
    rules refuse it (a bounded number of queries)."""
    on = on or timezone.localdate()
    round_slots = list(
        RoundSlot.objects.filter(round=rnd)
        .select_related("slot", "slot__company")
        .prefetch_related("slot__required_units")
        .order_by("slot__company__name", "slot__title", "pk")
    )
    refusals = refusals_for(student, [rs.slot for rs in round_slots], on)
    return [RankableSlot(rs, refusals.get(rs.slot_id, [])) for rs in round_slots]


# --- explanation in words -------------------------------------------------------


def describe(e: dict[str, Any]) -> dict[str, str]:
    """One explanation of `mujigae.matching.explain` as a sentence (and the
    article of law, for a rule)."""
    code, rule = e.get("code"), e.get("rule")
    if code == "unacceptable":
        if rule in rules.RULES:
            r = rules.RULES[rule]
            return {"text": r.message, "article": r.article, "kind": "rule"}
        if rule == NO_CONSENT:
            return {
                "text": _(
                    "You had not consented to sharing your data with companies, "
                    "so you could not be placed."
                ),
                "article": "",
                "kind": "consent",
            }
        return {
            "text": _("The company did not rank you for this slot."),
            "article": "",
            "kind": "not_ranked",
        }
    if code == "no_places":
        return {"text": _("The slot had no places left."), "article": "", "kind": "no_places"}
    if code == "filled":
        return {
            "text": _(
                "All %(capacity)s places went to applicants the company ranked higher "
                "(it ranked you %(your_rank)s; the last one it took was ranked %(last)s)."
            )
            % {
                "capacity": e.get("capacity"),
                "your_rank": e.get("your_rank"),
                "last": e.get("last_admitted_rank"),
            },
            "article": "",
            "kind": "filled",
        }
    return {
        "text": _("The company would have taken you (this assignment is not stable)."),
        "article": "",
        "kind": "blocking",
    }


@dataclass
class ExplainedChoice:
    choice: int
    round_slot: RoundSlot | None
    text: str
    article: str
    kind: str


def explained(assignment: Assignment) -> list[ExplainedChoice]:
    ids = [e["slot"] for e in assignment.explanation]
    slots = RoundSlot.objects.select_related("slot", "slot__company").in_bulk(ids)
    out = []
    for e in assignment.explanation:
        d = describe(e)
        out.append(
            ExplainedChoice(e["choice"], slots.get(e["slot"]), d["text"], d["article"], d["kind"])
        )
    return out


# --- coordinator's counts -------------------------------------------------------


def round_counts(rnd: Round) -> dict[str, Any]:
    entrants = Entrant.objects.filter(round=rnd)
    with_choices = entrants.filter(choices__isnull=False).distinct().count()
    return {
        "slots": rnd.round_slots.count(),
        "places": sum(rnd.round_slots.values_list("capacity", flat=True)),
        "entrants": entrants.count(),
        "with_choices": with_choices,
        "choices": StudentChoice.objects.filter(entrant__round=rnd).count(),
        "ranks": CompanyRank.objects.filter(round_slot__round=rnd).count(),
        "consented": entrants.filter(consent_active_q(ConsentPurpose.PLACEMENT, "student__"))
        .distinct()
        .count(),
    }


def slot_results(rnd: Round) -> QuerySet:
    """Per slot: places, applicants, placed, accepted, declined, waiting (the
    applicants in a subquery, so the two counts do not multiply)."""
    applicants = (
        StudentChoice.objects.filter(round_slot=OuterRef("pk"))
        .order_by()
        .values("round_slot")
        .annotate(c=Count("pk"))
        .values("c")
    )
    return (
        RoundSlot.objects.filter(round=rnd)
        .select_related("slot", "slot__company")
        .annotate(
            applicants=Coalesce(Subquery(applicants), 0),
            placed=Count("assignments"),
            accepted=Count("assignments", filter=Q(assignments__response=Response.ACCEPTED)),
            declined=Count("assignments", filter=Q(assignments__response=Response.DECLINED)),
            pending=Count("assignments", filter=Q(assignments__response=Response.PENDING)),
        )
        .order_by("slot__company__name", "slot__title", "pk")
    )


def school_results(rnd: Round) -> list[dict[str, Any]]:
    rows = (
        Assignment.objects.filter(round=rnd)
        .values("entrant__student__school__name")
        .annotate(
            entrants=Count("pk"),
            placed=Count("pk", filter=Q(round_slot__isnull=False)),
            accepted=Count("pk", filter=Q(response=Response.ACCEPTED)),
            declined=Count("pk", filter=Q(response=Response.DECLINED)),
        )
        .order_by("entrant__student__school__name")
    )
    return [
        {
            "school": r["entrant__student__school__name"],
            "entrants": r["entrants"],
            "placed": r["placed"],
            "unplaced": r["entrants"] - r["placed"],
            "accepted": r["accepted"],
            "declined": r["declined"],
        }
        for r in rows
    ]


def export_rows(rnd: Round):
    """The results as plain rows (school, seat, name, company, slot, choice,
    answer) in the order of the export, without model instances."""
    return (
        Assignment.objects.filter(round=rnd)
        .order_by(
            "entrant__student__school__name",
            "entrant__student__grade",
            "entrant__student__class_no",
            "entrant__student__number",
        )
        .values_list(
            "entrant__student__school__name",
            "entrant__student__grade",
            "entrant__student__class_no",
            "entrant__student__number",
            "entrant__student__name",
            "round_slot__slot__company__name",
            "round_slot__slot__title",
            "choice",
            "response",
        )
    )


# --- a company's applicants ------------------------------------------------------


@dataclass
class Applicant:
    entrant_id: int
    student_id: int
    name: str
    school: str
    department: str
    grade: int
    certificates: list[str]
    units: list[str]
    minor: bool
    company_rank: int | None
    student_choice: int


@dataclass
class CompanySlot:
    round_slot: RoundSlot
    applicants: list[Applicant] = field(default_factory=list)
    placed: list[tuple[Applicant, str]] = field(default_factory=list)


def company_slots(user: Any, rnd: Round) -> QuerySet:
    """The slots of the round the user may see here: a company its own, the
    coordinator every slot (paged by the view)."""
    return (
        policy.visible(user, RoundSlot)
        .filter(round=rnd)
        .select_related("slot", "slot__company")
        .order_by("slot__company__name", "slot__title", "pk")
    )


def company_view(user: Any, rnd: Round, slots=None, request: Any = None) -> list[CompanySlot]:
    """The company's slots in the round, each with its applicants (students who
    ranked it and consented to placement): the facts a company needs, no
    contact details or birth date; every applicant a company is shown is
    logged in the students' access log (purpose: placement; from `request`'s
    address). The coordinator sees the same page with masked names (홍*동),
    not logged: a full record is one click away, on the students' detail page,
    which asks the purpose and logs the view."""
    slots = list(company_slots(user, rnd) if slots is None else slots)
    today = timezone.localdate()
    out = []
    shown: dict[int, Student] = {}
    for rs in slots:
        ranks = dict(CompanyRank.objects.filter(round_slot=rs).values_list("entrant_id", "rank"))
        choices = (
            # `rs` is a slot the user may see (a company: its own), so its
            # applicants are those who chose it with an active placement consent
            StudentChoice.objects.filter(round_slot=rs)
            .filter(consent_active_q(ConsentPurpose.PLACEMENT, "entrant__student__"))
            .distinct()
            .select_related("entrant__student", "entrant__student__school")
            .prefetch_related("entrant__student__completed_modules__units")
        )
        item = CompanySlot(rs)
        for c in choices:
            s = c.entrant.student
            shown[s.pk] = s
            units = sorted({u.name for m in s.completed_modules.all() for u in m.units.all()})
            item.applicants.append(
                Applicant(
                    entrant_id=c.entrant_id,
                    student_id=s.pk,
                    name=s.name if user.role == policy.COMPANY else mask_name(s.name),
                    school=s.school.name,
                    department=s.major,
                    grade=s.grade,
                    certificates=list(s.certificates or []),
                    units=units,
                    minor=rules.is_minor(s.birth_date, today),
                    company_rank=ranks.get(c.entrant_id),
                    student_choice=c.rank,
                )
            )
        item.applicants.sort(key=lambda a: (a.company_rank is None, a.company_rank or 0, a.name))
        if rnd.results_published():
            by_entrant = {a.entrant_id: a for a in item.applicants}
            for a in Assignment.objects.filter(round_slot=rs).exclude(response=Response.DECLINED):
                if a.entrant_id in by_entrant:
                    item.placed.append((by_entrant[a.entrant_id], a.get_response_display()))
        out.append(item)
    if shown and user.role == policy.COMPANY:
        personal_data_access_record(
            request_or_actor=request if request is not None else user,
            students=list(shown.values()),
            action="view",
            purpose=AccessPurpose.PLACEMENT,
            note="매칭 차수 지원자 목록",
        )
    return out
