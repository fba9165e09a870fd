"""Access rules of surveys (clause 8): coordinators design, send and track;
every partner and the ministry read the list and the aggregate analysis (small
groups suppressed); who answered what (invitations, responses, answers, the
raw CSV) is the district's coordinators' alone; companies answer through a
personal link without an account (the token is the key), or signed in, from
their home page (`answerable_invitations`)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from mujigae.core import log_filters, policy
from mujigae.core.policy import COMPANY, COORD, PUBLIC, READERS, rule
from mujigae.surveys.models import (
    Answer,
    AnswerOption,
    HiringDemand,
    Invitation,
    Question,
    Response,
    Section,
    Survey,
)

policy.register_routes(
    {
        # design and sending
        "surveys:survey_list": rule(READERS),
        "surveys:survey_create": rule(COORD, COORD),
        "surveys:survey_detail": rule(COORD),  # a page to read: writes refused
        "surveys:survey_edit": rule(COORD, COORD),
        "surveys:section_add": rule(COORD, COORD),
        "surveys:question_add": rule(COORD, COORD),
        "surveys:question_edit": rule(COORD, COORD),
        "surveys:question_delete": rule(COORD, COORD),
        "surveys:survey_preview": rule(COORD),
        "surveys:survey_status": rule(COORD, COORD),
        "surveys:survey_send": rule(COORD, COORD),
        "surveys:survey_letters": rule(COORD),
        "surveys:survey_tracker": rule(COORD),
        "surveys:survey_tracker_export": rule(COORD),
        # analysis: aggregates for every reader; raw responses coordinators only
        "surveys:analysis": rule(READERS),
        "surveys:analysis_xlsx": rule(READERS),
        "surveys:analysis_csv": rule(COORD, note="raw responses: who answered what"),
        # answering signed in, from the home page: a company invited to the
        # survey (its own invitation; a survey it is not invited to is a 404);
        # the district's coordinator reads the survey elsewhere (the view: 403)
        "surveys:survey_answer": rule(
            COORD | {COMPANY}, note="the invited company only: its own invitation"
        ),
        # answering through a personal link: public, the token is the key
        "answer:answer": PUBLIC,
        "answer:save": PUBLIC,
        "answer:submit": PUBLIC,
    }
)

policy.register_scope(Survey, policy.district_readers())
policy.register_scope(Section, policy.district_readers("survey__district"))
policy.register_scope(Question, policy.district_readers("survey__district"))
policy.register_scope(Invitation, policy.district_coordinators("survey__district"))
policy.register_scope(Response, policy.district_coordinators("survey__district"))
policy.register_scope(Answer, policy.district_coordinators("response__survey__district"))
policy.register_scope(
    AnswerOption, policy.district_coordinators("answer__response__survey__district")
)
policy.register_scope(HiringDemand, policy.district_coordinators())

# a survey answer link's token is in the path: never in a log line (core/log_filters.py)
log_filters.mask_secret_path("/s/")


def answerable_invitations(user: Any) -> QuerySet[Invitation]:
    """The invitations a signed-in user answers: a company user's own
    organisation's, for the surveys of its district. (Who answered what stays
    the coordinators': `Invitation`'s scope above is unchanged.)"""
    if (
        policy.role_of(user) != COMPANY
        or not getattr(user, "organisation_id", None)
        or not user.district_id
    ):
        return Invitation.objects.none()
    return Invitation.objects.filter(
        organisation_id=user.organisation_id, survey__district_id=user.district_id
    )


# REST API (surveys/api.py), read only: the analysis page's aggregates, for
# whoever may open the analysis page; no individual answer ever
policy.register_routes({"api:survey_aggregates": rule(READERS)})
