"""What graduates' outcomes owe their users (issue 13): the school records
its graduates' status on 1 April (the ministry's employment-rate census) and
the follow-ups 6, 12 and 24 months after a hire; the school is reminded of a
follow-up due, and its calendar holds the due dates and the census day.

Students do not record their own follow-ups and companies cannot open them
(a follow-up is the student's personal data: the students' scope), so
neither gets a to-do from here. Every read goes through the policy; each
provider takes a fixed number of queries. See docs/inbox-pipeline.md.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Exists, Min, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mujigae.core import inbox, policy
from mujigae.outcomes.models import FollowUp, GraduateRecord, reference_date
from mujigae.outcomes.services import GRADUATING_GRADE
from mujigae.partners.selectors import members_by_organisation
from mujigae.students.masking import mask_name
from mujigae.students.models import ConsentPurpose, Student
from mujigae.students.selectors import active_consents

# The follow-up list shows what is overdue and due within 30 days: so does the to-do.
FOLLOW_UP_AHEAD = dt.timedelta(days=30)
# A school is told of a follow-up a week before it is due; one found later
# than a month after its due date is not announced any more (the to-do stays).
NOTIFY_AHEAD = dt.timedelta(days=7)
NOTIFY_LATE = dt.timedelta(days=30)

inbox.event_kind("outcomes.followup_due", gettext_lazy("A graduate's follow-up is due"))


def census_year(today: dt.date) -> int:
    """The graduation year whose 1 April status is being recorded: from March
    (after the February graduation) that year's, before it the year before."""
    return today.year if today.month >= 3 else today.year - 1


def _consents(path: str) -> Exists:
    return Exists(active_consents(ConsentPurpose.FOLLOW_UP).filter(student_id=OuterRef(path)))


# --- to-dos ------------------------------------------------------------------


def _status_todo(user: Any, today: dt.date) -> list[inbox.Todo]:
    year = census_year(today)
    missing = (
        policy.visible(user, Student)
        .filter(grade=GRADUATING_GRADE, school_year=year - 1)
        .exclude(
            Exists(GraduateRecord.objects.filter(student_id=OuterRef("pk"), graduation_year=year))
        )
        .count()
    )
    if not missing:
        return []
    due = reference_date(year)
    return [
        inbox.Todo(
            kind="outcomes.graduate_status",
            title=_("Record the 1 April status of your %(year)s graduates") % {"year": year},
            why=_(
                "The employment rate the ministry reads counts every graduate's status on "
                "1 April: a graduate without one is missing from the figures."
            ),
            url=reverse("outcomes:graduate_list") + f"?school_year={year - 1}",
            due=due,
            count=missing,
            urgent=inbox.is_urgent(due, today),
        )
    ]


def _follow_up_todo(user: Any, today: dt.date) -> list[inbox.Todo]:
    found = (
        policy.visible(user, FollowUp)
        .filter(done_on__isnull=True, due_on__lte=today + FOLLOW_UP_AHEAD)
        .filter(_consents("hire__student_id"))
        .aggregate(
            n=Count("pk"),
            first=Min("due_on"),
            late=Count("pk", filter=Q(due_on__lt=today)),
        )
    )
    if not found["n"]:
        return []
    if found["late"]:
        why = _(
            "%(late)s of them are overdue. The retention rate (6 and 12 months) counts an "
            "overdue follow-up as not retained."
        ) % {"late": found["late"]}
    else:
        why = _(
            "The retention rate (6 and 12 months) counts a follow-up not recorded by its "
            "due date as not retained."
        )
    return [
        inbox.Todo(
            kind="outcomes.followups",
            title=_("Record the graduates' follow-ups"),
            why=why,
            url=reverse("outcomes:followup_list"),
            due=found["first"],
            count=found["n"],
            urgent=bool(found["late"]) or inbox.is_urgent(found["first"], today),
        )
    ]


@inbox.todos
def todos(user: Any) -> list[inbox.Todo]:
    if policy.role_of(user) != policy.SCHOOL or not user.organisation_id:
        return []
    today = timezone.localdate()
    return _status_todo(user, today) + _follow_up_todo(user, today)


# --- events ------------------------------------------------------------------


@inbox.events
def events(now: dt.datetime) -> list[inbox.Event]:
    """A follow-up due within a week (or overdue by less than a month), to the
    school users of the graduate's school."""
    today = timezone.localtime(now).date()
    rows = list(
        FollowUp.objects.filter(
            done_on__isnull=True,
            due_on__gte=today - NOTIFY_LATE,
            due_on__lte=today + NOTIFY_AHEAD,
        )
        .filter(_consents("hire__student_id"))
        .values_list("pk", "months", "due_on", "hire__student__school_id")
        .order_by("due_on", "pk")
    )
    if not rows:
        return []
    staff = members_by_organisation({r[3] for r in rows}, roles=frozenset({policy.SCHOOL}))
    out = []
    for pk, months, due_on, school_id in rows:
        recipients = tuple(staff.get(school_id, ()))
        if not recipients:
            continue
        if due_on < today:
            title = _("A %(months)s-month follow-up is overdue (due %(day)s)")
        else:
            title = _("A %(months)s-month follow-up is due on %(day)s")
        out.append(
            inbox.Event(
                key=f"outcomes.followup_due:{pk}",
                kind="outcomes.followup_due",
                recipients=recipients,
                title=title % {"months": months, "day": inbox.day(due_on)},
                body=_("Record whether the graduate is still employed and insured."),
                url=reverse("outcomes:followup_edit", args=[pk]),
            )
        )
    return out


# --- calendar ----------------------------------------------------------------


@inbox.calendar
def calendar(user: Any) -> list[inbox.Entry]:
    """A school: its graduates' follow-ups not done (names masked: a feed is
    read by calendar apps) and the next census day when it has graduates
    counted on it; the coordinator that census day."""
    role = policy.role_of(user)
    if role not in (policy.SCHOOL, policy.COORDINATOR) or user.district_id is None:
        return []
    today = timezone.localdate()
    year = census_year(today)
    day = reference_date(year if reference_date(year) >= today else year + 1)
    out = []
    # the census day, when the user has graduates counted on it
    if (
        policy.visible(user, Student)
        .filter(grade=GRADUATING_GRADE, school_year=day.year - 1)
        .exists()
    ):
        out.append(
            inbox.Entry(
                uid=f"census-{day.year}-{user.district_id}@mujigae",
                title=_("Graduates' status on 1 April (employment-rate census)"),
                start=day,
                url=reverse("outcomes:graduate_list") + f"?school_year={day.year - 1}",
                categories=("outcomes",),
            )
        )
    if role != policy.SCHOOL:
        return out
    for f in (
        policy.visible(user, FollowUp)
        .filter(done_on__isnull=True)
        .select_related("hire__student")
        .order_by("due_on", "pk")
    ):
        out.append(
            inbox.Entry(
                uid=f"follow-up-{f.pk}@mujigae",
                title=_("%(months)s-month follow-up: %(name)s")
                % {"months": f.months, "name": mask_name(f.hire.student.name)},
                start=f.due_on,
                url=reverse("outcomes:followup_edit", args=[f.pk]),
                categories=("outcomes",),
            )
        )
    return out
