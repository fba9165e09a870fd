"""The two ready surveys as plain data, and the loader that makes a draft from one.

Question codes are stable: analyses, exports and the gap analysis read them
year after year, so a copy keeps them."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from mujigae.core.models import District
from mujigae.surveys import services_design
from mujigae.surveys.models import Survey, SurveyKind

SIZE_OPTIONS = [
    {"value": "micro", "label": "10인 미만"},
    {"value": "small", "label": "10~49인"},
    {"value": "medium", "label": "50~299인"},
    {"value": "large", "label": "300인 이상"},
]
INDUSTRY_OPTIONS = [
    {"value": "machinery", "label": "기계·장비"},
    {"value": "electronics", "label": "전기·전자"},
    {"value": "robotics", "label": "로봇·자동화"},
    {"value": "chemistry", "label": "화학·소재"},
    {"value": "automotive", "label": "자동차 부품"},
    {"value": "it", "label": "정보통신"},
    {"value": "other", "label": "기타"},
]
TRAINING_OPTIONS = [
    {"value": "technical", "label": "직무 기술 교육"},
    {"value": "safety", "label": "산업안전 교육"},
    {"value": "digital", "label": "디지털·스마트공장"},
    {"value": "quality", "label": "품질관리"},
    {"value": "language", "label": "외국어"},
    {"value": "attitude", "label": "직업기초능력·태도"},
]
YES_NO = [{"value": "yes", "label": "예"}, {"value": "no", "label": "아니오"}]

TEMPLATES: dict[str, dict[str, Any]] = {
    "demand": {
        "label": _("Company field-demand survey (기업 현장 수요조사)"),
        "kind": SurveyKind.DEMAND,
        "title": "기업 현장 수요조사",
        "intro": (
            "지역 직업교육 혁신지구가 기업의 인력 수요를 파악하여 교육과정과 "
            "현장실습을 설계하기 위한 조사입니다. 응답 내용은 통계 목적으로만 사용됩니다."
        ),
        "sections": [
            {
                "title": "기업 기본 정보",
                "description": "",
                "questions": [
                    {
                        "code": "size",
                        "kind": "single",
                        "text": "기업 규모를 선택해 주세요.",
                        "required": True,
                        "options": SIZE_OPTIONS,
                    },
                    {
                        "code": "industry",
                        "kind": "single",
                        "text": "주된 업종을 선택해 주세요.",
                        "required": True,
                        "options": INDUSTRY_OPTIONS,
                    },
                    {
                        "code": "employees",
                        "kind": "number",
                        "text": "상시 근로자 수",
                        "required": True,
                        "unit": "명",
                        "min_value": 0,
                        "max_value": 100000,
                    },
                ],
            },
            {
                "title": "채용 수요",
                "description": "향후 2년 안에 채용하려는 직무를 한 줄에 하나씩 적어 주세요.",
                "questions": [
                    {
                        "code": "hiring",
                        "kind": "hiring",
                        "text": "채용 예정 직무",
                        "help_text": "직종, 필요한 NCS 능력단위, 인원, 시기, 현장실습생 수용 여부",
                    },
                ],
            },
            {
                "title": "교육 수요와 현장실습",
                "description": "",
                "questions": [
                    {
                        "code": "training_needs",
                        "kind": "multi",
                        "text": "신입 직원에게 필요한 교육을 모두 골라 주세요.",
                        "options": TRAINING_OPTIONS,
                    },
                    {
                        "code": "takes_trainees",
                        "kind": "single",
                        "text": "직업계고 현장실습생을 받을 의향이 있습니까?",
                        "required": True,
                        "options": YES_NO,
                    },
                    {
                        "code": "trainee_count",
                        "kind": "number",
                        "text": "받을 수 있는 현장실습생 수",
                        "unit": "명",
                        "min_value": 1,
                        "max_value": 100,
                        "required": True,
                        "show_if": ("takes_trainees", ["yes"]),
                    },
                    {
                        "code": "difficulties",
                        "kind": "long_text",
                        "text": "인력 채용·양성에서 겪는 어려움을 자유롭게 적어 주세요.",
                    },
                ],
            },
        ],
    },
    "fact_finding": {
        "label": _("Company fact-finding survey (기업 실태조사)"),
        "kind": SurveyKind.FACT_FINDING,
        "title": "기업 실태조사",
        "intro": "지역 기업의 고용과 교육 실태를 파악하기 위한 조사입니다.",
        "sections": [
            {
                "title": "기업 현황",
                "description": "",
                "questions": [
                    {
                        "code": "size",
                        "kind": "single",
                        "text": "기업 규모를 선택해 주세요.",
                        "required": True,
                        "options": SIZE_OPTIONS,
                    },
                    {
                        "code": "industry_code",
                        "kind": "short_text",
                        "text": "표준산업분류 코드",
                        "help_text": "예: C29 (기타 기계 및 장비 제조업)",
                    },
                    {
                        "code": "employees",
                        "kind": "number",
                        "text": "상시 근로자 수",
                        "required": True,
                        "unit": "명",
                        "min_value": 0,
                        "max_value": 100000,
                    },
                    {
                        "code": "founded_on",
                        "kind": "date",
                        "text": "설립일",
                    },
                ],
            },
            {
                "title": "고용과 교육",
                "description": "",
                "questions": [
                    {
                        "code": "young_hires",
                        "kind": "number",
                        "text": "지난해 채용한 청년(만 15~34세) 수",
                        "unit": "명",
                        "min_value": 0,
                        "max_value": 10000,
                    },
                    {
                        "code": "training_needs",
                        "kind": "multi",
                        "text": "필요한 교육 분야를 모두 골라 주세요.",
                        "options": TRAINING_OPTIONS,
                    },
                ],
            },
            {
                "title": "애로사항과 만족도",
                "description": "",
                "questions": [
                    {
                        "code": "difficulties",
                        "kind": "multi",
                        "text": "인력 운용의 어려움을 모두 골라 주세요.",
                        "options": [
                            {"value": "recruiting", "label": "구인난"},
                            {"value": "turnover", "label": "잦은 이직"},
                            {"value": "skills", "label": "직무역량 부족"},
                            {"value": "wages", "label": "임금 부담"},
                            {"value": "other", "label": "기타"},
                        ],
                    },
                    {
                        "code": "difficulties_text",
                        "kind": "long_text",
                        "text": "어려움을 구체적으로 적어 주세요.",
                    },
                    {
                        "code": "satisfaction",
                        "kind": "scale",
                        "text": "혁신지구 사업에 대한 전반적인 만족도 (1: 매우 불만족 ~ 5: 매우 만족)",
                    },
                ],
            },
        ],
    },
}


def template_choices() -> list[tuple[str, Any]]:
    return [(key, t["label"]) for key, t in TEMPLATES.items()]


@transaction.atomic
def survey_from_template(
    *,
    actor: Any,
    district: District,
    key: str,
    title: str = "",
    year: int,
    via: str = "web",
) -> Survey:
    """A new draft survey in `district` built from ready template `key`."""
    data = TEMPLATES[key]
    survey = services_design.survey_create(
        actor=actor,
        district=district,
        kind=data["kind"],
        title=title or data["title"],
        intro=data["intro"],
        year=year,
        via=via,
    )
    by_code = {}
    for s in data["sections"]:
        section = services_design.section_add(
            actor=actor, survey=survey, title=s["title"], description=s["description"], via=via
        )
        for q in s["questions"]:
            fields = {k: v for k, v in q.items() if k != "show_if"}
            if "show_if" in q:
                code, values = q["show_if"]
                fields["show_if_question"] = by_code[code]
                fields["show_if_values"] = list(values)
            by_code[q["code"]] = services_design.question_add(
                actor=actor, survey=survey, section=section, via=via, **fields
            )
    return survey
