"""Sending a survey: the companies to invite, their personal links, the
emails (inline for a few, by a background task for many: the service decides,
as rounds do), and the reminders on the days set per survey. (Design:
`services_design`; answering: `services_answer`.)"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext as _

from mujigae.core import audit
from mujigae.core.exceptions import ApplicationError
from mujigae.core.models import District
from mujigae.partners.models import Organisation, OrgKind, Person
from mujigae.surveys.models import SIZE_BOUNDS, Invitation, Survey


def recipients(
    *,
    district: District,
    industry: int | None = None,
    size: str | None = None,
    area: str | None = None,
    participating_only: bool = False,
):
    qs = Organisation.objects.filter(district=district, kind=OrgKind.COMPANY)
    if industry:
        qs = qs.filter(industries__id=industry)
    if area:
        qs = qs.filter(area=area)
    if participating_only:
        qs = qs.filter(is_participating=True)
    if size:
        lo, hi = SIZE_BOUNDS[size]
        qs = (
            qs.filter(employees__gte=lo)
            if hi is None
            else qs.filter(employees__gte=lo, employees__lt=hi)
        )
    return qs.order_by("name").distinct()


@transaction.atomic
def invitations_create(*, actor: Any, survey: Survey, organisations: Iterable[Organisation]) -> int:
    """One personal link per company (returns how many are new); sending to a
    company twice keeps its link. Set-based (a few queries for 20,000 companies): the companies that have no
    invitation yet get one, with the first email address of their people."""
    orgs = list(organisations)
    if any(org.district_id != survey.district_id for org in orgs):
        message = _("Only companies of this district can be invited.")
        raise ApplicationError(message, field_errors={"organisations": [message]})
    existing = set(
        Invitation.objects.filter(survey=survey).values_list("organisation_id", flat=True)
    )
    new_orgs = [org for org in orgs if org.pk not in existing]
    emails: dict[int, str] = {}
    ids = [org.pk for org in new_orgs]
    for start in range(0, len(ids), 900):  # bound the IN list (old SQLite: 999 parameters)
        for org_id, email in (
            Person.objects.filter(organisation_id__in=ids[start : start + 900])
            .exclude(email="")
            .order_by("pk")
            .values_list("organisation_id", "email")
        ):
            emails.setdefault(org_id, email)
    with transaction.atomic():
        Invitation.objects.bulk_create(
            [
                Invitation(
                    survey=survey,
                    organisation=org,
                    token=secrets.token_urlsafe(24),
                    email=emails.get(org.pk, ""),
                )
                for org in new_orgs
            ],
            batch_size=2000,
            ignore_conflicts=True,  # a second coordinator sending at the same time
        )
    return len(new_orgs)


def inline_max() -> int:
    """Sends to at most this many companies are mailed inside the request;
    larger ones by a background task (django-tasks) the tracker follows."""
    return int(settings.MUJIGAE_SEND_INLINE_MAX)


def link_under(base_url: str) -> Callable[[str], str]:
    """The personal link of a token under the site's address (`base_url`)."""
    from mujigae.surveys.selectors_design import answer_path

    return lambda token: base_url.rstrip("/") + answer_path(token)


def survey_send(
    *,
    actor: Any,
    survey: Survey,
    organisations: Iterable[Organisation],
    base_url: str,
    resend: bool = False,
) -> tuple[int, dict[str, int] | None]:
    """Invite `organisations` (a personal link each) and email them: inline for
    at most `inline_max()` companies, else queue the `send_invitations` task
    (idempotent: nobody is mailed twice). Returns (new invitations, counts);
    counts is None when the emails were queued."""
    ensure_sendable(survey)
    orgs = list(organisations)
    created = invitations_create(actor=actor, survey=survey, organisations=orgs)
    if len(orgs) > inline_max():
        from mujigae.surveys.tasks import send_invitations

        send_invitations.enqueue(
            survey_id=survey.pk,
            organisation_ids=[o.pk for o in orgs],
            actor_id=actor.pk if getattr(actor, "is_authenticated", False) else None,
            resend=resend,
            base_url=base_url,
        )
        return created, None
    targets = Invitation.objects.filter(survey=survey, organisation__in=orgs).select_related(
        "organisation"
    )
    counts = invitations_send(
        actor=actor,
        survey=survey,
        invitations=targets,
        link_for=link_under(base_url),
        resend=resend,
    )
    return created, counts


def invitation_mail(
    invitation: Invitation, link: str, *, reminder: bool = False
) -> tuple[str, str]:
    """The subject and body of a personal invitation (or reminder) email."""
    survey = invitation.survey
    deadline = (
        date_format(timezone.localtime(survey.deadline), "Y. n. j. H:i") if survey.deadline else "—"
    )
    params = {
        "company": invitation.organisation.name,
        "title": survey.title,
        "deadline": deadline,
        "link": link,
    }
    if reminder:
        subject = _("Reminder: %(title)s") % params
        intro = _("We have not yet received your answers to “%(title)s”.") % params
    else:
        subject = _("Survey: %(title)s") % params
        intro = _("You are invited to answer “%(title)s”.") % params
    body = "\n\n".join(
        [
            _("Dear %(company)s,") % params,
            intro,
            _("Your personal link (no account needed):\n%(link)s") % params,
            _("Deadline: %(deadline)s") % params,
            _("Your answers are saved as you go; you can come back with the same link."),
        ]
    )
    return subject, body


def ensure_sendable(survey: Survey) -> None:
    if survey.status != Survey.Status.OPEN:
        raise ApplicationError(_("Open the survey before sending it."), status=409)


def invitations_send(
    *,
    actor: Any,
    survey: Survey,
    invitations: Iterable[Invitation],
    link_for: Any,
    resend: bool = False,
    audit_counts: bool = True,
) -> dict[str, int]:
    """Email each invitation its personal link. Without `resend`, invitations
    already sent are skipped, so sending twice never mails a company twice.
    Each invitation is marked sent in its own small transaction, right after its
    email went out."""
    ensure_sendable(survey)
    counts = {"sent": 0, "skipped": 0, "no_email": 0, "failed": 0}
    for inv in invitations:
        if inv.status == Invitation.Status.SUBMITTED or (inv.sent_at and not resend):
            counts["skipped"] += 1
            continue
        if not inv.email:
            counts["no_email"] += 1
            continue
        inv.survey = survey
        subject, body = invitation_mail(inv, link_for(inv.token))
        try:
            send_mail(subject, body, None, [inv.email])
        except Exception:  # noqa: BLE001 — one bad address must not stop the others
            counts["failed"] += 1
            continue
        with transaction.atomic():
            Invitation.objects.filter(pk=inv.pk).update(sent_at=timezone.now())
            Invitation.objects.filter(pk=inv.pk, status=Invitation.Status.PENDING).update(
                status=Invitation.Status.SENT
            )
        counts["sent"] += 1
    if audit_counts:
        invitations_sent_audit(actor=actor, survey=survey, counts=counts)
    return counts


def invitations_sent_audit(*, actor: Any, survey: Survey, counts: dict[str, int]) -> None:
    if counts["sent"]:
        # a count of emails, not a field of the survey: recorded by hand
        audit.record(actor=actor, action="update", obj=survey, changes={"invitations_sent": counts})


def reminder_days(survey: Survey) -> list[int]:
    days = set()
    for part in (survey.reminder_days or "").split(","):
        part = part.strip()
        if part.isdigit() and 0 < int(part) <= 365:
            days.add(int(part))
    return sorted(days, reverse=True)


def reminders_due(survey: Survey, now: Any) -> int:
    """How many reminder days of `survey` have come by `now` (0 when none)."""
    if survey.deadline is None or now >= survey.deadline:
        return 0
    return sum(1 for d in reminder_days(survey) if survey.deadline - dt.timedelta(days=d) <= now)


def reminders_send_due(*, now: Any = None, link_for: Any) -> int:
    """Email every invited, not yet submitted company of every open survey whose
    next reminder day has come. Idempotent: each invitation is claimed with a
    conditional update before its email goes, so a day's reminder goes once,
    even when two workers run at the same time; a missed day is not made up
    with several emails."""
    now = now or timezone.now()
    sent = 0
    surveys = Survey.objects.filter(status=Survey.Status.OPEN, deadline__gt=now)
    for survey in surveys:
        due = reminders_due(survey, now)
        if not due:
            continue
        pending = (
            Invitation.objects.filter(survey=survey, sent_at__isnull=False, reminders_sent__lt=due)
            .exclude(status=Invitation.Status.SUBMITTED)
            .exclude(email="")
            .select_related("organisation")
        )
        for inv in pending:
            claimed = Invitation.objects.filter(pk=inv.pk, reminders_sent__lt=due).update(
                reminders_sent=due, last_reminded_at=now
            )
            if not claimed:
                continue
            inv.survey = survey
            subject, body = invitation_mail(inv, link_for(inv.token), reminder=True)
            send_mail(subject, body, None, [inv.email], fail_silently=True)
            sent += 1
    return sent
