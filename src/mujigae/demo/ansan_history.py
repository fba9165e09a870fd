"""Ansan's earlier years, so that its report has a "last year" and trends.

The Ansan loaders write the current and the previous year (graduates of the two
latest graduation years, this year's demand survey, two fiscal years). This
loader adds, all invented and marked as sample:

* graduates of the earlier graduation years from 2022 (about 8 per school and
  year, as `demo/outcomes.py`), with their status on 1 April, hires, further
  study and the follow-ups that are due;
* a closed demand survey for each earlier year since the first cohorts (2023)
  with invitations, submitted responses and hiring rows (the gap's demand for
  those years: some units short, others in surplus);
* closed fiscal years from 2022 with execution (`demo/budget.build_year`).

Idempotent: the rows it wrote are deleted and written again on each run (the
history students, the history surveys by title); the fiscal years are
refreshed in place by `build_year`. Run after the other Ansan loaders
(`load_ansan_outcomes` rebuilds the district's sample outcome rows).
"""

from __future__ import annotations

import random
from typing import TextIO

from django.db import transaction
from django.utils import timezone

from mujigae.competencies.models import CompetencyUnit
from mujigae.core.models import District
from mujigae.demo import SAMPLE_MARK
from mujigae.demo.ansan import DISTRICT, SCHOOLS
from mujigae.demo.budget import _clauses, build_year
from mujigae.demo.light import OCCUPATIONS, Traits, _outcomes, _surveys
from mujigae.partners.models import Organisation, OrgKind
from mujigae.students.forms import current_school_year
from mujigae.students.models import Student
from mujigae.surveys.models import Survey

FIRST_YEAR = 2022
FIRST_SURVEY_YEAR = 2023  # the first cohorts of the Ansan programmes
SEED = "ansan-history-v1"
PREFIX = "안산 "


def _traits() -> Traits:
    return Traits(
        employment=0.56,
        trend=0.02,
        in_region=0.7,
        retention=0.86,
        response=0.55,
        on_time=0.7,
        execution=0.9,
        size=0.3,  # about 8 graduates per school and year, like demo/outcomes.py
        weights={
            "설비 유지보수 기술자": 8,
            "자동화 제어 기술자": 5,
            "CNC 가공원": 2,
            "품질관리원": 1,
            "스마트공장 운영원": 2,
            "용접 기술자": 3,
            "제조 데이터 분석원": 3,
        },
        taught=[],
    )


@transaction.atomic
def load_ansan_history(out: TextIO | None = None) -> dict[str, int]:
    district = District.objects.get(code=DISTRICT["code"])
    today = timezone.localdate()
    latest = current_school_year()  # demo/outcomes.py: graduation years latest and latest-1
    grad_years = tuple(range(FIRST_YEAR, latest - 1))
    survey_years = tuple(range(FIRST_SURVEY_YEAR, today.year))
    budget_years = tuple(range(FIRST_YEAR, today.year - 1))  # demo/budget.py: the last two
    rng = random.Random(SEED)
    t = _traits()

    # rebuild what an earlier run wrote
    Student.objects.filter(
        district=district, is_sample=True, school_year__in=[y - 1 for y in grad_years]
    ).delete()
    titles = [f"{y} {PREFIX}기업 현장 수요조사{SAMPLE_MARK}" for y in survey_years]
    Survey.objects.filter(district=district, title__in=titles).delete()

    orgs = Organisation.objects.filter(district=district)
    schools = [o for o in orgs.filter(name__in=[s.name for s in SCHOOLS]).order_by("name")]
    companies = list(orgs.filter(kind=OrgKind.COMPANY).order_by("name"))
    core = list(orgs.exclude(kind=OrgKind.COMPANY).order_by("name"))
    graduates = _outcomes(
        district,
        rng,
        t,
        today,
        schools,
        companies,
        core,
        "안산",
        years=grad_years,
        settlement=False,
    )
    units = {
        u.code: u
        for u in CompetencyUnit.objects.filter(
            code__in={c for codes in OCCUPATIONS.values() for c in codes}
        )
    }
    joined = {c.pk: FIRST_YEAR for c in companies}
    _surveys(district, rng, t, today, companies, joined, units, years=survey_years, prefix=PREFIX)
    clauses = _clauses(district)
    for n, year in enumerate(budget_years):
        build_year(
            district,
            year,
            closed=True,
            today=today,
            runners={},
            links={},
            clauses=clauses,
            payees=[],
            scale=0.7 + 0.1 * n,
        )
    counts = {
        "graduates": graduates,
        "surveys": len(survey_years),
        "fiscal_years": len(budget_years),
    }
    if out is not None:
        out.write(
            f"안산 지난 해 자료: 졸업생 {graduates}명({grad_years[0]}–{grad_years[-1]}), "
            f"수요조사 {len(survey_years)}개, 회계연도 {len(budget_years)}개\n"
        )
    return counts
