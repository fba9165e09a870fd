"""What matching rounds owe their users (issue 13): the to-dos on the home
page, the events notifications are made of, and the calendar entries.

* student: rank the slots of an open round (until its deadline), answer a
  published placement (until the answer deadline);
* company: rank the applicants of its slots (an applicant left unranked is
  never placed with it), record a standard agreement for its trainees;
* school: a standard agreement for its trainees;
* coordinator: rounds past their deadline that are not closed or run.

Every read goes through the policy (`policy.visible`), so a provider never
lists what its user could not open; each takes a fixed number of queries
whatever the number of rounds, slots and students. See docs/inbox-pipeline.md.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mujigae.core import inbox, policy
from mujigae.partners.selectors import members_by_organisation
from mujigae.placements.models import StandardAgreement
from mujigae.rounds.models import (
    Assignment,
    CompanyRank,
    Entrant,
    Response,
    Round,
    RoundSlot,
    RoundStatus,
    RunStatus,
    StudentChoice,
)
from mujigae.students.models import ConsentPurpose
from mujigae.students.selectors import active_consents

DAY = dt.timedelta(days=1)
REMINDERS = (("d1", DAY), ("d3", dt.timedelta(days=3)))  # before a deadline, nearest first

inbox.event_kind("rounds.opened", gettext_lazy("A matching round opened"))
inbox.event_kind("rounds.deadline", gettext_lazy("A matching round's deadline is near"))
inbox.event_kind("rounds.published", gettext_lazy("The results of a matching round"))
inbox.event_kind("rounds.answer_deadline", gettext_lazy("The deadline to answer a placement"))


def _consents(path: str = "student_id") -> Exists:
    """The student reached by `path` consents to placement (a subquery: no
    duplicate rows, unlike a join on consents)."""
    return Exists(active_consents(ConsentPurpose.PLACEMENT).filter(student_id=OuterRef(path)))


def _agreement_in_place() -> Exists:
    """A signed standard agreement between the assignment's company and its
    student's school, for that slot or for every slot of the company."""
    return Exists(
        StandardAgreement.objects.filter(
            company_id=OuterRef("round_slot__slot__company_id"),
            school_id=OuterRef("entrant__student__school_id"),
            signed_on__isnull=False,
        ).filter(Q(slot__isnull=True) | Q(slot_id=OuterRef("round_slot__slot_id")))
    )


# --- to-dos ------------------------------------------------------------------


def _student_todos(user: Any, now: dt.datetime) -> list[inbox.Todo]:
    out = []
    entrants = (
        policy.visible(user, Entrant)
        .filter(round__status=RoundStatus.OPEN, round__deadline__gt=now)
        .annotate(ranked=Count("choices"), consents=_consents())
        .select_related("round")
        .order_by("round__deadline", "pk")
    )
    for e in entrants:
        if e.ranked or not e.consents:
            continue
        rnd = e.round
        out.append(
            inbox.Todo(
                kind="rounds.rank",
                title=_("Rank the slots of %(round)s") % {"round": rnd.name},
                why=_(
                    "Choose up to %(n)s slots in the order you want them: "
                    "without a list you cannot be placed in this round."
                )
                % {"n": rnd.max_choices},
                url=reverse("rounds:student_round", args=[rnd.pk]),
                due=rnd.deadline,
                urgent=inbox.is_urgent(rnd.deadline, now),
            )
        )
    waiting = (
        policy.visible(user, Assignment)
        .filter(
            round__status=RoundStatus.PUBLISHED,
            response=Response.PENDING,
            round_slot__isnull=False,
        )
        .filter(Q(round__response_deadline__isnull=True) | Q(round__response_deadline__gt=now))
        .select_related("round", "round_slot__slot__company")
        .order_by("pk")
    )
    for a in waiting:
        rnd, slot = a.round, a.round_slot.slot
        out.append(
            inbox.Todo(
                kind="rounds.answer",
                title=_("Accept or decline your placement: %(company)s · %(slot)s")
                % {"company": slot.company.name, "slot": slot.title},
                why=_(
                    "You were placed in %(round)s. The company and your school wait for "
                    "your answer; after the deadline you can no longer answer."
                )
                % {"round": rnd.name},
                url=reverse("rounds:student_round", args=[rnd.pk]),
                due=rnd.response_deadline,
                urgent=inbox.is_urgent(rnd.response_deadline, now),
            )
        )
    return out


def _company_rank_todos(user: Any, now: dt.datetime) -> list[inbox.Todo]:
    """Applicants of the company's slots (who chose the slot and consent to
    placement) it has not ranked, per round whose rankings may still change."""
    slots = policy.visible(user, RoundSlot).filter(
        round__status__in=(RoundStatus.OPEN, RoundStatus.CLOSED)
    )
    ranked = CompanyRank.objects.filter(
        round_slot_id=OuterRef("round_slot_id"), entrant_id=OuterRef("entrant_id")
    )
    rows = (
        StudentChoice.objects.filter(round_slot__in=slots)
        .filter(_consents("entrant__student_id"))
        .exclude(Exists(ranked))
        .values("round_slot__round_id", "round_slot__round__name", "round_slot__round__deadline")
        .annotate(n=Count("pk"))
        .order_by("round_slot__round__deadline", "round_slot__round_id")
    )
    return [
        inbox.Todo(
            kind="rounds.rank_applicants",
            title=_("Rank the applicants of %(round)s") % {"round": r["round_slot__round__name"]},
            why=_(
                "Applicants you do not rank are never placed with you. Rank them before "
                "the matching runs."
            ),
            url=reverse("rounds:company_round", args=[r["round_slot__round_id"]]),
            due=r["round_slot__round__deadline"],
            count=r["n"],
            urgent=inbox.is_urgent(r["round_slot__round__deadline"], now),
        )
        for r in rows
    ]


def _agreement_todos(user: Any) -> list[inbox.Todo]:
    """Trainees (placements accepted) of the company or school whose company
    and school have no signed standard agreement (직업교육훈련 촉진법 제9조)."""
    rows = list(
        policy.visible(user, Assignment)
        .filter(round_slot__isnull=False, response=Response.ACCEPTED)
        .exclude(_agreement_in_place())
        .values_list("round_slot__slot_id", flat=True)
    )
    if not rows:
        return []
    url = reverse("placements:agreement_create")
    if len(set(rows)) == 1:
        url += f"?slot={rows[0]}"
    return [
        inbox.Todo(
            kind="rounds.trainee_agreement",
            title=_("Record the standard agreement for your trainees"),
            why=_(
                "Field training needs a standard agreement (표준협약서) signed by the "
                "company and the trainee's school before it starts."
            ),
            url=url,
            count=len(rows),
        )
    ]


def _coordinator_todos(user: Any, now: dt.datetime) -> list[inbox.Todo]:
    late = (
        policy.visible(user, Round)
        .filter(
            Q(status=RoundStatus.OPEN, deadline__lte=now)
            | Q(status=RoundStatus.CLOSED)
            & ~Q(run_status__in=(RunStatus.QUEUED, RunStatus.RUNNING))
        )
        .order_by("deadline", "pk")
    )
    return [
        inbox.Todo(
            kind="rounds.run",
            title=_("Close %(round)s and run the matching") % {"round": rnd.name},
            why=_(
                "The deadline for choices has passed: students and companies wait for the results."
            ),
            url=reverse("rounds:round_detail", args=[rnd.pk]),
            due=rnd.deadline,
            urgent=True,
        )
        for rnd in late
    ]


@inbox.todos
def todos(user: Any) -> list[inbox.Todo]:
    role = policy.role_of(user)
    if user.district_id is None:
        return []
    now = timezone.now()
    if role == policy.STUDENT:
        return _student_todos(user, now)
    if role == policy.COMPANY:
        return _company_rank_todos(user, now) + _agreement_todos(user)
    if role == policy.SCHOOL:
        return _agreement_todos(user)
    if role == policy.COORDINATOR:
        return _coordinator_todos(user, now)
    return []


# --- events ------------------------------------------------------------------


def _company_users(company_ids: set[int]) -> dict[int, list[int]]:
    """company id -> ids of the company's active users."""
    return members_by_organisation(company_ids, roles=frozenset({policy.COMPANY}))


def _round_companies(round_ids: list[int]) -> dict[int, set[int]]:
    out: dict[int, set[int]] = defaultdict(set)
    for round_id, company_id in (
        RoundSlot.objects.filter(round_id__in=round_ids)
        .values_list("round_id", "slot__company_id")
        .distinct()
    ):
        out[round_id].add(company_id)
    return out


def _student_user_q(prefix: str = "") -> Q:
    """Entrants (reached through `prefix`) whose student signs in as a student
    of the round's district: the only students who may open its pages."""
    return Q(
        **{
            f"{prefix}student__user__isnull": False,
            f"{prefix}student__user__is_active": True,
            f"{prefix}student__user__role": policy.STUDENT,
            f"{prefix}student__user__district_id": F(f"{prefix}round__district_id"),
        }
    )


def _open_round_events(now: dt.datetime) -> list[inbox.Event]:
    rounds = {
        r.pk: r
        for r in Round.objects.filter(status=RoundStatus.OPEN, deadline__gt=now).only(
            "pk", "name", "deadline", "district_id"
        )
    }
    if not rounds:
        return []
    students: dict[int, list[tuple[int, bool]]] = defaultdict(list)
    for round_id, user_id, ranked in (
        Entrant.objects.filter(round_id__in=rounds)
        .filter(_student_user_q())
        .filter(_consents())
        .annotate(ranked=Exists(StudentChoice.objects.filter(entrant_id=OuterRef("pk"))))
        .values_list("round_id", "student__user_id", "ranked")
    ):
        students[round_id].append((user_id, ranked))
    companies = _round_companies(list(rounds))
    users = _company_users({c for ids in companies.values() for c in ids})
    out = []
    for pk, rnd in rounds.items():
        student_ids = tuple(uid for uid, _ranked in students[pk])
        if student_ids:
            out.append(
                inbox.Event(
                    key=f"rounds.opened:{pk}:students",
                    kind="rounds.opened",
                    recipients=student_ids,
                    title=_("A matching round is open: %(round)s") % {"round": rnd.name},
                    body=_("Rank the slots you want before %(deadline)s.")
                    % {"deadline": _when(rnd.deadline)},
                    url=reverse("rounds:student_round", args=[pk]),
                )
            )
        company_ids = tuple(uid for c in sorted(companies[pk]) for uid in users.get(c, ()))
        if company_ids:
            out.append(
                inbox.Event(
                    key=f"rounds.opened:{pk}:companies",
                    kind="rounds.opened",
                    recipients=company_ids,
                    title=_("A matching round with your slots is open: %(round)s")
                    % {"round": rnd.name},
                    body=_("Students are choosing; rank your applicants before the matching runs."),
                    url=reverse("rounds:company_round", args=[pk]),
                )
            )
        for tag, before in REMINDERS:
            if rnd.deadline - before <= now:
                late = tuple(uid for uid, ranked in students[pk] if not ranked)
                if late:
                    out.append(
                        inbox.Event(
                            key=f"rounds.deadline:{pk}:{tag}",
                            kind="rounds.deadline",
                            recipients=late,
                            title=_("Choices for %(round)s close on %(deadline)s")
                            % {"round": rnd.name, "deadline": _when(rnd.deadline)},
                            body=_("You have not ranked any slot yet."),
                            url=reverse("rounds:student_round", args=[pk]),
                        )
                    )
                break  # the nearer reminder only
    return out


def _published_events(now: dt.datetime) -> list[inbox.Event]:
    """While a round's results are published and answers are open: each entered
    student is told their own result, each company of the round that the
    results are out, and a placed student who has not answered a day before
    the answer deadline."""
    rounds = {
        r.pk: r
        for r in Round.objects.filter(status=RoundStatus.PUBLISHED)
        .filter(Q(response_deadline__isnull=True) | Q(response_deadline__gt=now))
        .only("pk", "name", "response_deadline", "district_id")
    }
    if not rounds:
        return []
    out = []
    for pk, round_id, user_id, placed, response in (
        Assignment.objects.filter(round_id__in=rounds)
        .filter(_student_user_q("entrant__"))
        .values_list("pk", "round_id", "entrant__student__user_id", "round_slot_id", "response")
        .order_by("pk")
    ):
        rnd = rounds[round_id]
        url = reverse("rounds:student_round", args=[round_id])
        if placed:
            body = _("You were placed: accept or decline on the round's page.")
        else:
            body = _("You were not placed in this round: the page says why.")
        out.append(
            inbox.Event(
                key=f"rounds.published:{round_id}:{pk}",
                kind="rounds.published",
                recipients=(user_id,),
                title=_("The results of %(round)s are published") % {"round": rnd.name},
                body=body,
                url=url,
            )
        )
        deadline = rnd.response_deadline
        if placed and response == Response.PENDING and deadline and deadline - DAY <= now:
            out.append(
                inbox.Event(
                    key=f"rounds.answer_deadline:{pk}:d1",
                    kind="rounds.answer_deadline",
                    recipients=(user_id,),
                    title=_("Answer your placement by %(deadline)s")
                    % {"deadline": _when(deadline)},
                    body=_("After the deadline you can no longer accept or decline."),
                    url=url,
                )
            )
    companies = _round_companies(list(rounds))
    users = _company_users({c for ids in companies.values() for c in ids})
    for round_id, company_ids in companies.items():
        rnd = rounds[round_id]
        for company_id in sorted(company_ids):
            recipients = tuple(users.get(company_id, ()))
            if recipients:
                out.append(
                    inbox.Event(
                        key=f"rounds.published:{round_id}:company-{company_id}",
                        kind="rounds.published",
                        recipients=recipients,
                        title=_("The results of %(round)s are published") % {"round": rnd.name},
                        body=_("See who was placed in your slots on the round's page."),
                        url=reverse("rounds:company_round", args=[round_id]),
                    )
                )
    return out


def _when(value: dt.datetime) -> str:
    """2025. 9. 1. 18:00 (Asia/Seoul), as Koreans write a moment."""
    t = timezone.localtime(value)
    return f"{t.year}. {t.month}. {t.day}. {t:%H:%M}"


@inbox.events
def events(now: dt.datetime) -> list[inbox.Event]:
    return _open_round_events(now) + _published_events(now)


# --- calendar ----------------------------------------------------------------


def _deadline_entries(rnd: Round, *, answers: bool) -> list[inbox.Entry]:
    out = [
        inbox.Entry(
            uid=f"round-{rnd.pk}-deadline@mujigae",
            title=_("Choices close: %(round)s") % {"round": rnd.name},
            start=rnd.deadline,
            url="",
            categories=("rounds",),
        )
    ]
    if answers and rnd.response_deadline:
        out.append(
            inbox.Entry(
                uid=f"round-{rnd.pk}-answers@mujigae",
                title=_("Answers close: %(round)s") % {"round": rnd.name},
                start=rnd.response_deadline,
                categories=("rounds",),
            )
        )
    return out


def _student_entries(user: Any) -> list[inbox.Entry]:
    out = []
    entrants = (
        policy.visible(user, Entrant)
        .select_related("round", "assignment__round_slot__slot__company")
        .order_by("round__deadline", "pk")
    )
    for e in entrants:
        rnd = e.round
        url = reverse("rounds:student_round", args=[rnd.pk])
        assignment = getattr(e, "assignment", None) if rnd.results_published() else None
        placed = assignment is not None and assignment.round_slot_id is not None
        for entry in _deadline_entries(rnd, answers=placed):
            out.append(_with_url(entry, url))
        if not placed or assignment.response == Response.DECLINED:
            continue
        slot = assignment.round_slot.slot
        start, end = slot.period_start, slot.period_end
        if start:
            out.append(
                inbox.Entry(
                    uid=f"training-{assignment.pk}@mujigae",
                    title=_("Field training: %(company)s · %(slot)s")
                    % {"company": slot.company.name, "slot": slot.title},
                    start=start,
                    end=end,
                    url=url,
                    location=slot.location,
                    categories=("rounds",),
                )
            )
    return out


def _with_url(entry: inbox.Entry, url: str) -> inbox.Entry:
    return dataclasses.replace(entry, url=url)


def _staff_entries(user: Any, role: str) -> list[inbox.Entry]:
    rounds = policy.visible(user, Round).exclude(status=RoundStatus.DRAFT)
    if role == policy.COMPANY:
        rounds = rounds.filter(
            Exists(
                RoundSlot.objects.filter(
                    round_id=OuterRef("pk"), slot__company_id=user.organisation_id
                )
            )
        )
        page = "rounds:company_round"
    elif role == policy.SCHOOL:
        rounds = rounds.filter(
            Exists(
                Entrant.objects.filter(
                    round_id=OuterRef("pk"), student__school_id=user.organisation_id
                )
            )
        )
        page = "rounds:school_round"
    else:
        page = "rounds:round_detail"
    out = []
    for rnd in rounds.order_by("deadline", "pk"):
        url = reverse(page, args=[rnd.pk])
        out.extend(_with_url(e, url) for e in _deadline_entries(rnd, answers=True))
    return out


@inbox.calendar
def calendar(user: Any) -> list[inbox.Entry]:
    role = policy.role_of(user)
    if user.district_id is None:
        return []
    if role == policy.STUDENT:
        return _student_entries(user)
    if role in (policy.COMPANY, policy.SCHOOL, policy.COORDINATOR):
        return _staff_entries(user, role)
    return []
