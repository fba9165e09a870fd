"""Objects of the competencies app (and the survey rows it reads) for tests."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from mujigae.competencies.models import (
    CompetencyElement,
    CompetencyUnit,
    NcsClass,
    Occupation,
    UnitTag,
)
from mujigae.surveys.models import Answer, HiringDemand, Response
from tests import factories as f


def ncs_job(code: str = "19030601", name: str = "로봇하드웨어설계") -> NcsClass:
    parent = None
    for level in (1, 2, 3):
        prefix = code[: 2 * level]
        parent, _ = NcsClass.objects.get_or_create(
            code=prefix, defaults={"name": f"분류 {prefix}", "level": level, "parent": parent}
        )
    job, _ = NcsClass.objects.get_or_create(
        code=code, defaults={"name": name, "level": 4, "parent": parent}
    )
    return job


def unit(code: str = "1903060101_17v1", name: str = "로봇 유지보수 계획 수립", **kw: Any):
    job = ncs_job(code[:8])
    obj, _ = CompetencyUnit.objects.get_or_create(
        code=code, defaults={"name": name, "level": kw.pop("level", 3), "job": job, **kw}
    )
    CompetencyElement.objects.get_or_create(
        unit=obj, code=f"{code}.1", defaults={"name": f"{name} 요소", "criteria": "수행준거"}
    )
    return obj


def occupation(district, name: str = "로봇 유지보수 기술자", units=(), **kw: Any) -> Occupation:
    occ = Occupation.objects.create(district=district, name=name, **kw)
    occ.units.set(units)
    return occ


def response(district, organisation, *, title: str = "수요조사"):
    survey = f.SurveyFactory(district=district, title=title)
    inv = f.InvitationFactory(survey=survey, organisation=organisation)
    resp = Response.objects.create(
        invitation=inv, survey=survey, organisation=organisation, is_submitted=True
    )
    return resp


def hiring_row(resp, occupation: str = "로봇 정비", units: str = "", headcount: int = 2):
    q = f.QuestionFactory(section=f.SectionFactory(survey=resp.survey), kind="hiring")
    return HiringDemand.objects.create(
        response=resp,
        question=q,
        district=resp.survey.district,
        year=resp.survey.year,
        occupation=occupation,
        competency_units=units,
        headcount=headcount,
        timing="this_year",
    )


def text_answer(resp, text: str = "PLC 제어와 로봇 정비를 할 수 있는 인력이 필요합니다."):
    q = f.QuestionFactory(section=f.SectionFactory(survey=resp.survey), kind="long_text")
    return Answer.objects.create(response=resp, question=q, text=text)


def tag(district, unit_obj, *, source_kind: str = "hiring", source_id=None, text: str = "x"):
    return UnitTag.objects.create(
        district=district,
        source_kind=source_kind,
        source_id=source_id,
        text=text,
        unit=unit_obj,
        confirmed_at=timezone.now(),
    )
