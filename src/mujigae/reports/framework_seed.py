"""The framework mujigae ships (as data the ministry then edits): the three core
tasks of shared/facts.md, each indicator computed from a measure of
`core.indicators` or entered by the district. Used by the data migration and by
`framework_copy` when a new year has no framework yet.

The names are data (the ministry's own words, edited in Korean on the
framework page), not interface text.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

# (area name, description, [(name, kind, measure, unit, weight, target, extra)])
SHIPPED: list[tuple[str, str, list[tuple[str, str, str, str, str, str | None, dict[str, Any]]]]] = [
    (
        "협력체계 구축",
        "지자체·교육청·학교·기업·대학이 함께 운영하는 협력 체계와 그 실적",
        [
            (
                "참여 기업 수",
                "computed",
                "partners.participating_companies",
                "count",
                "8",
                "15",
                {},
            ),
            ("협의회 개최 횟수", "computed", "governance.meetings_held", "count", "5", "4", {}),
            (
                "실행 과제 완료율",
                "computed",
                "governance.action_items_closed",
                "percent",
                "6",
                "85",
                {},
            ),
            ("기업 수요조사 응답률", "computed", "surveys.response_rate", "percent", "5", "65", {}),
            ("공유 자료 수", "computed", "sharing.documents_shared", "count", "3", "6", {}),
            ("인력 협조 시간", "computed", "sharing.staff_hours", "hours", "3", "40", {}),
            (
                "지역 협력 우수사례",
                "entered",
                "",
                "count",
                "5",
                "2",
                {
                    "min_value": "0",
                    "max_value": "100",
                    "evidence_required": True,
                    "guidance": "협약 기관이 함께 만든 우수사례의 건수. 사례마다 증빙 자료를 자료실에 올리고 선택하세요.",
                },
            ),
        ],
    ),
    (
        "지역인재 성장경로",
        "지역 특화산업 교육과정에서 현장실습·취업·정주로 이어지는 경로",
        [
            ("취업률", "computed", "outcomes.employment_rate", "percent", "10", "60", {}),
            (
                "지역 취업률",
                "computed",
                "outcomes.regional_employment_rate",
                "percent",
                "8",
                "65",
                {},
            ),
            ("유지취업률(1차)", "computed", "outcomes.retention_rate", "percent", "6", "80", {}),
            ("진학률", "computed", "outcomes.further_study_rate", "percent", "0", None, {}),
            (
                "공동 개발 교육과정 승인",
                "computed",
                "curriculum.modules_approved",
                "count",
                "6",
                "3",
                {},
            ),
            (
                "현장실습 참여 학생",
                "computed",
                "placements.field_training_students",
                "count",
                "6",
                "30",
                {},
            ),
            (
                "자격증 취득자 수",
                "entered",
                "",
                "count",
                "4",
                "50",
                {
                    "min_value": "0",
                    "max_value": "100000",
                    "evidence_required": True,
                    "guidance": "그 해에 국가기술자격을 취득한 참여 학생 수(학교 제출 명단 기준).",
                },
            ),
        ],
    ),
    (
        "지속가능 혁신기반",
        "예산 집행, 기업 혜택, 정주 지원, 역량 격차 해소로 이어지는 지속 기반",
        [
            ("예산 집행률", "computed", "budget.execution_rate", "percent", "8", "90", {}),
            ("기업 혜택 지급액", "computed", "benefits.paid", "won", "3", "5000000", {}),
            (
                "혜택 받은 기업 수",
                "computed",
                "benefits.companies_benefited",
                "count",
                "3",
                "5",
                {},
            ),
            (
                "정주 프로그램 참여자",
                "computed",
                "outcomes.settlement_participants",
                "count",
                "5",
                "20",
                {},
            ),
            ("역량 격차 충족률", "computed", "insights.gap_coverage", "percent", "3", "80", {}),
            (
                "지자체 대응투자 비율",
                "entered",
                "",
                "percent",
                "3",
                "30",
                {
                    "min_value": "0",
                    "max_value": "100",
                    "evidence_required": True,
                    "guidance": "특별교부금 대비 지자체 대응투자 비율(%). 예산서 사본을 증빙으로 선택하세요.",
                },
            ),
        ],
    ),
]


def create_shipped(*, year: int, Framework, Area, Indicator) -> Any:  # noqa: N803 — models passed in (migrations)
    """Create the shipped framework for `year` (models passed in, so that the
    data migration can use its historical models). Returns the framework."""
    framework = Framework.objects.create(
        year=year,
        title=f"{year}년 직업교육 혁신지구 성과평가",
        excellent_min=Decimal("85.0"),
        fair_min=Decimal("70.0"),
        notes="3대 핵심과제(협력체계 구축, 지역인재 성장경로, 지속가능 혁신기반)별 지표. 총점 100점.",
    )
    for a, (area_name, description, indicators) in enumerate(SHIPPED, start=1):
        area = Area.objects.create(
            framework=framework, order=a, name=area_name, description=description
        )
        for i, (name, kind, measure, unit, weight, target, extra) in enumerate(indicators, start=1):
            Indicator.objects.create(
                area=area,
                order=i,
                name=name,
                kind=kind,
                measure=measure,
                unit=unit,
                weight=Decimal(weight),
                target=None if target is None else Decimal(target),
                min_value=Decimal(extra["min_value"]) if "min_value" in extra else None,
                max_value=Decimal(extra["max_value"]) if "max_value" in extra else None,
                evidence_required=extra.get("evidence_required", False),
                guidance=extra.get("guidance", ""),
            )
    return framework


SHIPPED_YEARS = range(2022, 2027)


def ensure_shipped(years=SHIPPED_YEARS) -> int:
    """Create the shipped framework of each of `years` that has none (the data
    migration does this once; the demo and the tests call it again on a
    database whose rows were emptied since). Returns how many were created."""
    from mujigae.reports.models import Area, Framework, Indicator

    years = list(years)
    if Framework.objects.filter(year__in=years).count() == len(years):
        return 0
    created = 0
    for year in years:
        if not Framework.objects.filter(year=year).exists():
            create_shipped(year=year, Framework=Framework, Area=Area, Indicator=Indicator)
            created += 1
    return created
