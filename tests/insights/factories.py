"""Builders for the skills-gap tests: units, hiring rows of (un)submitted
responses, programmes with modules covering units, cohorts."""

from __future__ import annotations

import itertools

from django.utils import timezone

from mujigae.competencies.models import CompetencyUnit, NcsClass, NcsLevel
from mujigae.curriculum.models import Cohort, Module, ModuleUnit, Programme, ProgrammeKind
from mujigae.partners.models import OrgKind
from mujigae.surveys.models import HiringDemand, Invitation, Response
from tests import factories as f

_seq = itertools.count(1)


def job() -> NcsClass:
    major, _ = NcsClass.objects.get_or_create(
        code="19", defaults={"name": "전기·전자", "level": NcsLevel.MAJOR}
    )
    middle, _ = NcsClass.objects.get_or_create(
        code="1903", defaults={"name": "전자기기개발", "level": NcsLevel.MIDDLE, "parent": major}
    )
    minor, _ = NcsClass.objects.get_or_create(
        code="190306", defaults={"name": "로봇개발", "level": NcsLevel.MINOR, "parent": middle}
    )
    leaf, _ = NcsClass.objects.get_or_create(
        code="19030601",
        defaults={"name": "로봇하드웨어설계", "level": NcsLevel.JOB, "parent": minor},
    )
    return leaf


def unit(code: str | None = None, name: str | None = None) -> CompetencyUnit:
    n = next(_seq)
    code = code or f"99{n:08d}_17v1"
    return CompetencyUnit.objects.create(
        code=code, job=job(), name=name or f"능력단위 {n}", level=3
    )


def company(district, name: str | None = None):
    return f.OrganisationFactory(
        district=district, kind=OrgKind.COMPANY, name=name or f"기업 {next(_seq)}"
    )


def survey(district, title: str = "기업 인력수요조사"):
    s = f.SurveyFactory(district=district, title=title, year=2025)
    question = f.QuestionFactory(section=f.SectionFactory(survey=s), kind="hiring", code="hiring")
    return s, question


def response(survey_question, org, *, submitted: bool = True) -> Response:
    s, _question = survey_question
    existing = Response.objects.filter(survey=s, organisation=org).first()
    if existing:
        return existing
    inv = Invitation.objects.create(
        survey=s, organisation=org, token=f"tok-{next(_seq):010d}-gap-abcdefgh"
    )
    return Response.objects.create(
        invitation=inv,
        survey=s,
        organisation=org,
        is_submitted=submitted,
        submitted_at=timezone.now() if submitted else None,
    )


def hiring(
    survey_question,
    org,
    *,
    year: int,
    units: str,
    headcount: int,
    submitted: bool = True,
    occupation: str = "로봇 정비원",
) -> HiringDemand:
    s, question = survey_question
    r = response(survey_question, org, submitted=submitted)
    return HiringDemand.objects.create(
        response=r,
        question=question,
        district=s.district,
        year=year,
        occupation=occupation,
        competency_units=units,
        headcount=headcount,
        timing="this_year",
    )


def programme(district, units: list[CompetencyUnit], *, provider=None, name=None, modules=1):
    """A programme whose `modules` modules each cover all `units` (a unit
    covered twice must still count once)."""
    provider = provider or f.OrganisationFactory(district=district, kind=OrgKind.SCHOOL)
    p = Programme.objects.create(
        district=district,
        provider=provider,
        kind=ProgrammeKind.SCHOOL_MAJOR,
        name=name or f"로봇과 {next(_seq)}",
    )
    for i in range(modules):
        m = Module.objects.create(programme=p, name=f"모듈 {i + 1}", order=i)
        for u in units:
            ModuleUnit.objects.create(module=m, unit=u, hours=30)
    return p


def cohort(p: Programme, *, year: int, enrolled: int, completed: int | None = None) -> Cohort:
    return Cohort.objects.create(
        programme=p, district=p.district, year=year, enrolled=enrolled, completed=completed
    )
