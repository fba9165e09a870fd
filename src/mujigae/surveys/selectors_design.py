"""Reads for designing, sending and tracking surveys."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from mujigae.core import policy
from mujigae.surveys.models import Invitation, Question, Section, Survey

S = Invitation.Status


def survey_list(*, user: Any) -> QuerySet[Survey]:
    """The surveys a user may see, with invitation counts in one aggregate query."""
    return (
        policy.visible(user, Survey)
        .filter(is_template=False)
        .select_related("district")
        .annotate(
            n_invited=Count("invitations"),
            n_sent=Count("invitations", filter=Q(invitations__sent_at__isnull=False)),
            n_opened=Count("invitations", filter=Q(invitations__opened_at__isnull=False)),
            n_in_progress=Count("invitations", filter=Q(invitations__status=S.IN_PROGRESS)),
            n_submitted=Count("invitations", filter=Q(invitations__status=S.SUBMITTED)),
        )
        .order_by("-year", "-created_at")
    )


def sections_with_questions(survey: Survey) -> list[tuple[Section, list[Question]]]:
    questions = list(
        survey.questions.select_related("show_if_question").order_by(
            "section__position", "position"
        )
    )
    by_section: dict[int, list[Question]] = {}
    for q in questions:
        by_section.setdefault(q.section_id, []).append(q)
    return [(s, by_section.get(s.pk, [])) for s in survey.sections.order_by("position")]


def answered_question_ids(survey: Survey) -> set[int]:
    ids = set(
        Question.objects.filter(survey=survey, answers__isnull=False).values_list("pk", flat=True)
    )
    ids |= set(
        Question.objects.filter(survey=survey, hiring_rows__isnull=False).values_list(
            "pk", flat=True
        )
    )
    return ids


def tracker(*, survey: Survey, status: str | None = None) -> QuerySet[Invitation]:
    qs = Invitation.objects.filter(survey=survey).select_related("organisation")
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("organisation__name")


def tracker_counts(survey: Survey) -> dict[str, int]:
    return Invitation.objects.filter(survey=survey).aggregate(
        invited=Count("pk"),
        sent=Count("pk", filter=Q(sent_at__isnull=False)),
        opened=Count("pk", filter=Q(opened_at__isnull=False)),
        in_progress=Count("pk", filter=Q(status=S.IN_PROGRESS)),
        submitted=Count("pk", filter=Q(status=S.SUBMITTED)),
        not_sent=Count("pk", filter=Q(sent_at__isnull=True)),
        no_email=Count("pk", filter=Q(email="")),
    )


def days_left(survey: Survey, now: dt.datetime | None = None) -> int | None:
    """Whole days to the deadline in Korean time (negative once overdue)."""
    if survey.deadline is None:
        return None
    today = timezone.localdate(now or timezone.now())
    return (timezone.localdate(survey.deadline) - today).days


def answer_path(token: str) -> str:
    """The path of a company's personal link (the answering pages own the URL)."""
    try:
        return reverse("answer:answer", args=[token])
    except NoReverseMatch:
        return f"/s/{token}/"
