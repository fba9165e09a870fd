"""Invented budget for the demo (MOU clause 5, 행·재정적 지원).

`load_ansan_budget()`: Ansan's funding sources (교육부 특별교부금, 교육청
대응투자, 안산시 대응투자, 기타) and expense categories (인건비, 운영비, 여비,
업무추진비, 자산취득비), two fiscal years — last year closed, this year
current — each with six projects tied to MOU clauses and, where the demo has
them, to a programme, a settlement programme and a survey; one project is run
by the demo school login's school, one by the demo partner's organisation.
Each year has an amendment or two and monthly spending (through today's month
for the current year), a refund among them.

`load_national_budgets()`: the same shape, without runners or payee
organisations, for the generated sample districts of `demo --scale national`
(`demo/national.py`), so that the ministry's comparison has rows.

Every project name carries SAMPLE_MARK, every spending row's description too.
Idempotent and deterministic (a fixed seed per district and year): plan rows
are updated in place, the sample spending and amendments are rebuilt, so
running the demo twice adds nothing.
"""

from __future__ import annotations

import calendar
import datetime as dt
import random
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TextIO

from django.db import transaction
from django.utils import timezone

from mujigae.budget.models import (
    Allocation,
    Amendment,
    ExpenseCategory,
    FiscalYear,
    FundingSource,
    Project,
    SourceFunding,
    Spending,
    SpendingOrigin,
)
from mujigae.core.models import District
from mujigae.demo import SAMPLE_MARK
from mujigae.demo.ansan import DISTRICT, PARTNER_USER_ORG, SCHOOL_USER_ORG
from mujigae.governance.models import Clause
from mujigae.partners.models import Organisation, OrgKind

SEED = 20260301
SOURCES = ["교육부 특별교부금", "교육청 대응투자", "안산시 대응투자", "기타"]
CATEGORIES = ["인건비", "운영비", "여비", "업무추진비", "자산취득비"]
# the share of each source in a year's budget (교육부 half, the matching funds the rest)
SOURCE_SHARES = {"교육부 특별교부금": 50, "교육청 대응투자": 25, "안산시 대응투자": 20, "기타": 5}


@dataclass(frozen=True)
class ProjectSpec:
    code: str
    name: str
    clauses: tuple[int, ...]
    runner: str  # "school", "partner" or "" (the district itself)
    link: str  # "programme", "settlement", "survey" or ""
    # (source, category, amount in 만원)
    lines: tuple[tuple[str, str, int], ...]
    pace: float  # share of the budget spent by year end


PROJECTS = (
    ProjectSpec(
        "1-1",
        "현장실습 운영 지원",
        (2, 3),
        "school",
        "",
        (
            ("교육부 특별교부금", "인건비", 6_000),
            ("교육부 특별교부금", "운영비", 4_000),
            ("교육청 대응투자", "여비", 1_200),
        ),
        0.93,
    ),
    ProjectSpec(
        "1-2",
        "기업 참여 교육과정 공동 개발",
        (2, 3),
        "",
        "programme",
        (
            ("교육부 특별교부금", "인건비", 5_000),
            ("교육청 대응투자", "운영비", 3_000),
            ("교육부 특별교부금", "자산취득비", 4_500),
        ),
        0.88,
    ),
    ProjectSpec(
        "2-1",
        "참여 기업 현장교사 수당 지원",
        (3, 4),
        "",
        "",
        (("교육부 특별교부금", "인건비", 6_000), ("안산시 대응투자", "인건비", 3_000)),
        0.97,
    ),
    ProjectSpec(
        "3-1",
        "졸업생 지역 정주 지원",
        (6,),
        "",
        "settlement",
        (("안산시 대응투자", "운영비", 4_000), ("안산시 대응투자", "업무추진비", 600)),
        0.8,
    ),
    ProjectSpec(
        "4-1",
        "기업 수요·실태 조사",
        (8,),
        "partner",
        "survey",
        (("교육청 대응투자", "운영비", 2_000), ("기타", "여비", 400)),
        0.9,
    ),
    ProjectSpec(
        "5-1",
        "혁신지구 운영·홍보",
        (1, 5, 7),
        "",
        "",
        (
            ("교육청 대응투자", "업무추진비", 1_500),
            ("기타", "운영비", 1_000),
            ("안산시 대응투자", "운영비", 2_000),
        ),
        0.85,
    ),
)
PAYEES = ["강사 김예시", "안산예시인쇄", "예시출장뷔페", "예시교통", "예시장비상사", "멘토 박예시"]


def _write(out: TextIO | None, message: str) -> None:
    if out is not None:
        out.write(message + "\n")


def _won(man: int) -> int:
    return man * 10_000


def ensure_lists(district: District) -> tuple[dict[str, FundingSource], dict[str, ExpenseCategory]]:
    """The district's default sources and categories (kept if they exist)."""
    sources = {
        name: FundingSource.objects.get_or_create(
            district=district, name=name, defaults={"position": i}
        )[0]
        for i, name in enumerate(SOURCES)
    }
    categories = {
        name: ExpenseCategory.objects.get_or_create(
            district=district, name=name, defaults={"position": i}
        )[0]
        for i, name in enumerate(CATEGORIES)
    }
    return sources, categories


def _clear_samples(fiscal_year: FiscalYear) -> None:
    """The sample spending and amendments of a fiscal year (refunds first)."""
    sample = Spending.objects.filter(
        fiscal_year=fiscal_year,
        description__endswith=SAMPLE_MARK,
        project__name__endswith=SAMPLE_MARK,
    )
    sample.filter(refund_of__isnull=False).delete()
    sample.delete()
    Amendment.objects.filter(fiscal_year=fiscal_year, reason__endswith=SAMPLE_MARK).delete()


def _month_days(fiscal_year: FiscalYear, through: dt.date) -> list[tuple[int, int]]:
    months, y, m = [], fiscal_year.starts_on.year, fiscal_year.starts_on.month
    while dt.date(y, m, 1) <= min(through, fiscal_year.ends_on):
        months.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return months


def build_year(
    district: District,
    year: int,
    *,
    closed: bool,
    today: dt.date,
    runners: dict[str, Organisation | None],
    links: dict[str, object],
    clauses: dict[int, Clause],
    payees: list[Organisation],
    scale: float = 1.0,
) -> dict[str, int]:
    """Create or refresh one fiscal year's sample budget. Returns row counts."""
    rng = random.Random(f"{SEED}-{district.code}-{year}")
    sources, categories = ensure_lists(district)
    fiscal_year, _ = FiscalYear.objects.update_or_create(
        district=district,
        year=year,
        defaults={
            "starts_on": dt.date(year, 1, 1),
            "ends_on": dt.date(year, 12, 31),
            "closed_on": dt.date(year + 1, 1, 20) if closed else None,
        },
    )
    if closed and fiscal_year.closed_on and fiscal_year.closed_on > today:
        FiscalYear.objects.filter(pk=fiscal_year.pk).update(closed_on=today)
    _clear_samples(fiscal_year)
    counts = {"projects": 0, "allocations": 0, "amendments": 0, "spending": 0}
    allocations: list[tuple[ProjectSpec, Allocation]] = []
    for spec in PROJECTS:
        project, _ = Project.objects.update_or_create(
            fiscal_year=fiscal_year,
            name=f"{spec.name}{SAMPLE_MARK}",
            defaults={
                "district": district,
                "code": spec.code,
                "description": f"{spec.name} 사업 (예시 데이터)",
                "runner": runners.get(spec.runner) if spec.runner else None,
                "programme": links.get("programme") if spec.link == "programme" else None,
                "settlement_programme": links.get("settlement")
                if spec.link == "settlement"
                else None,
                "survey": links.get("survey") if spec.link == "survey" else None,
            },
        )
        project.clauses.set([clauses[n] for n in spec.clauses if n in clauses])
        counts["projects"] += 1
        for source, category, man in spec.lines:
            amount = _won(round(man * scale))
            allocation, _ = Allocation.objects.update_or_create(
                project=project,
                source=sources[source],
                category=categories[category],
                defaults={"original": amount, "current": amount},
            )
            allocations.append((spec, allocation))
            counts["allocations"] += 1
    # the sources: what the projects got, plus an unallocated reserve (about 4 %)
    allocated: dict[str, int] = {name: 0 for name in SOURCES}
    for _spec, allocation in allocations:
        allocated[allocation.source.name] += allocation.original
    fundings = {}
    for name in SOURCES:
        amount = allocated[name] + _won(round(allocated[name] / 10_000 * 0.04))
        fundings[name], _ = SourceFunding.objects.update_or_create(
            fiscal_year=fiscal_year,
            source=sources[name],
            defaults={"original": amount, "current": amount},
        )
    # amendments: one allocation up (with its source), one down
    up_spec, up = allocations[0]
    down_spec, down = allocations[-2]
    changes = [
        (up, round(up.original * 1.1), dt.date(year, 6, 15), "2회 추경 증액"),
        (down, round(down.original * 0.8), dt.date(year, 7, 1), "사업 규모 조정 감액"),
    ]
    funding_up = fundings[up.source.name]
    extra = changes[0][1] - up.original
    for target, after, day, reason in [
        *changes,
        (funding_up, funding_up.original + extra, dt.date(year, 6, 15), "2회 추경 증액"),
    ]:
        if day > today:
            continue
        Amendment.objects.create(
            district=district,
            fiscal_year=fiscal_year,
            allocation=target if isinstance(target, Allocation) else None,
            funding=target if isinstance(target, SourceFunding) else None,
            amended_on=day,
            reason=f"{reason}{SAMPLE_MARK}",
            before=target.current,
            after=after,
        )
        type(target).objects.filter(pk=target.pk).update(current=after)
        target.current = after
        counts["amendments"] += 1
    # monthly spending: each allocation moves towards its pace by year end
    through = fiscal_year.ends_on if closed else today
    months = _month_days(fiscal_year, through)
    rows: list[Spending] = []
    for spec, allocation in allocations:
        target = allocation.current * spec.pace * (1 if closed else len(months) / 12)
        spent = 0
        for k, (y, m) in enumerate(months, start=1):
            share = target * k / len(months) - spent if months else 0
            amount = int(share * rng.uniform(0.7, 1.2)) // 1000 * 1000
            amount = min(amount, allocation.current - spent)
            if amount <= 0:
                continue
            last_day = calendar.monthrange(y, m)[1]
            day = dt.date(y, m, min(last_day, rng.randint(3, 27)))
            if day > through:
                day = through
            use_org = payees and rng.random() < 0.5
            rows.append(
                Spending(
                    district=district,
                    fiscal_year=fiscal_year,
                    allocation=allocation,
                    project_id=allocation.project_id,
                    source_id=allocation.source_id,
                    category_id=allocation.category_id,
                    spent_on=day,
                    amount=amount,
                    payee_organisation=rng.choice(payees) if use_org else None,
                    payee_name="" if use_org else rng.choice(PAYEES),
                    description=f"{allocation.category.name} 집행 {m}월{SAMPLE_MARK}",
                    reference=f"{year}-{allocation.pk:05d}-{m:02d}",
                    origin=SpendingOrigin.IMPORT if k % 3 else SpendingOrigin.MANUAL,
                )
            )
            spent += amount
    Spending.objects.bulk_create(rows, batch_size=1000)
    counts["spending"] = len(rows)
    # a refund (반납): part of an event cancelled, the money back to its allocation
    first = next((r for r in rows if r.amount >= 100_000), None)
    if first is not None:
        Spending.objects.create(
            district=district,
            fiscal_year=fiscal_year,
            allocation=first.allocation,
            project_id=first.project_id,
            source_id=first.source_id,
            category_id=first.category_id,
            spent_on=min(first.spent_on + dt.timedelta(days=10), through),
            amount=-first.amount,
            payee_organisation=first.payee_organisation,
            payee_name=first.payee_name,
            description=f"행사 취소 반납{SAMPLE_MARK}",
            reference=first.reference,
            origin=first.origin,
            refund_of=first,
        )
        counts["spending"] += 1
    return counts


def _ansan_links(district: District) -> dict[str, object]:
    from mujigae.curriculum.models import Programme
    from mujigae.outcomes.models import SettlementProgramme
    from mujigae.surveys.models import Survey

    return {
        "programme": Programme.objects.filter(district=district).order_by("pk").first(),
        "settlement": SettlementProgramme.objects.filter(district=district).order_by("pk").first(),
        "survey": Survey.objects.filter(district=district).order_by("pk").first(),
    }


def _clauses(district: District) -> dict[int, Clause]:
    return {
        c.number: c
        for c in Clause.objects.filter(agreement__district=district).order_by("agreement_id")
    }


def _years(today: dt.date) -> Iterable[tuple[int, bool]]:
    return ((today.year - 1, True), (today.year, False))


@transaction.atomic
def load_ansan_budget(out: TextIO | None = None) -> dict[str, int]:
    """Ansan's sample budget: last year (closed) and this year. Call after
    `load_ansan()` (and, for the links, after the curriculum, outcomes and
    surveys loaders)."""
    district = District.objects.get(code=DISTRICT["code"])
    today = timezone.localdate()
    runners = {
        "school": Organisation.objects.filter(district=district, name=SCHOOL_USER_ORG).first(),
        "partner": Organisation.objects.filter(district=district, name=PARTNER_USER_ORG).first(),
    }
    payees = list(
        Organisation.objects.filter(district=district, kind=OrgKind.COMPANY).order_by("name")[:6]
    )
    totals: dict[str, int] = {}
    for year, closed in _years(today):
        counts = build_year(
            district,
            year,
            closed=closed,
            today=today,
            runners=runners,
            links=_ansan_links(district),
            clauses=_clauses(district),
            payees=payees,
        )
        for key, value in counts.items():
            totals[key] = totals.get(key, 0) + value
    _write(
        out,
        f"예산: 회계연도 2개, 사업 {totals['projects']}, 배정 {totals['allocations']}, "
        f"변경 {totals['amendments']}, 집행 {totals['spending']}건",
    )
    return totals


@transaction.atomic
def load_national_budgets(out: TextIO | None = None) -> dict[str, int]:
    """A sample budget (last year and this year) for every generated sample
    district of `demo --scale national` (codes "sample-…"), so the ministry's
    comparison has rows. No runner and no payee organisation (the generated
    districts are deleted and rebuilt by national.py). Call after
    `generate_national()`."""
    from mujigae.demo.national import CODE_PREFIX

    today = timezone.localdate()
    totals: dict[str, int] = {"districts": 0}
    for index, district in enumerate(
        District.objects.filter(code__startswith=CODE_PREFIX, is_sample=True).order_by("code")
    ):
        scale = 0.6 + (index % 5) * 0.2
        for year, closed in _years(today):
            counts = build_year(
                district,
                year,
                closed=closed,
                today=today,
                runners={},
                links={},
                clauses=_clauses(district),
                payees=[],
                scale=scale,
            )
            for key, value in counts.items():
                totals[key] = totals.get(key, 0) + value
        totals["districts"] += 1
    _write(out, f"예산(표본 지구 {totals['districts']}곳): 집행 {totals.get('spending', 0)}건")
    return totals
