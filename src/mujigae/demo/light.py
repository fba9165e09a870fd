"""The default demo's country: fourteen invented districts in light form.

`load_light_national()` writes, for each of 14 regions of `demo/national.py`
(code `sample-<region>`, name "… 직업교육 혁신지구(예시)", `is_sample`), a
small district (about 34 organisations: the core parties, two schools, a
university and some twenty companies) with five years (2022–2026) of the
source rows of every evaluation measure, so that the ministry's views show a
country with trends on first login:

* companies with a 선도/참여 tier (CompanyEligibility, inspected in the year
  they joined) and a plausible mix of sizes;
* council and working meetings each year, decisions and action items (most
  closed on time, some late, some open);
* a demand survey each year: invitations to the companies that had joined,
  submitted responses at a district-specific rate, hiring rows naming
  competency units (the gap's demand);
* programmes covering some units with a cohort each year (the gap's supply),
  so some units are short and others in surplus; co-developed modules
  approved each year;
* graduates of each school and year with their status on 1 April, hires (in
  the district or not), further study, follow-ups at 6/12/24 months when due;
  settlement programmes and participants;
* field-training slots with pay, signed 표준협약서 (accepted placements);
* a fiscal year per year with three projects and monthly spending (execution),
  a money benefit paid to companies from the budget;
* shared documents and staff requests between partners, most done.

Values move with a district trend plus small noise (a random.Random seeded by
the district code), so districts differ and years move plausibly. Every row is
written with bulk_create. A district whose description carries this module's
fingerprint is kept as it is (re-running adds nothing); any other sample
district with the same code (e.g. from `--scale national`) is deleted first.
The gap figures are computed afterwards by the insights loader.
"""

from __future__ import annotations

import calendar
import datetime as dt
import random
import secrets
import time
from dataclasses import dataclass
from decimal import Decimal
from typing import TextIO

from django.db import transaction
from django.utils import timezone

from mujigae.benefits.models import Benefit, BenefitKind, Grant, GrantState
from mujigae.competencies.models import CompetencyUnit
from mujigae.core.models import District
from mujigae.curriculum.models import (
    Cohort,
    Module,
    ModuleProposal,
    ModuleUnit,
    Programme,
    ProgrammeKind,
    ProposalStatus,
    ProposalVersion,
)
from mujigae.demo import SAMPLE_MARK
from mujigae.governance.models import ActionItem, Decision, Meeting, MeetingKind
from mujigae.outcomes.models import (
    FollowUp,
    FurtherStudy,
    GraduateRecord,
    Hire,
    Participation,
    SettlementProgramme,
)
from mujigae.outcomes.services import add_months
from mujigae.partners.models import Organisation, OrgKind
from mujigae.placements.models import CompanyEligibility, Slot, SlotKind, StandardAgreement, Tier
from mujigae.sharing.models import Audience, Document, StaffRequest
from mujigae.students.models import Student
from mujigae.surveys.models import (
    HiringDemand,
    Invitation,
    Question,
    QuestionKind,
    Response,
    Section,
    Survey,
    SurveyKind,
    size_class,
)

SEOUL = dt.timezone(dt.timedelta(hours=9))
VERSION = 1
FINGERPRINT = f"[light v{VERSION}]"
DISTRICTS = 14  # besides Ansan
YEARS = tuple(range(2022, 2027))
ORGS = (26, 40)  # organisations per district: 13 core parties, the rest companies


def orgs_of(index: int) -> int:
    """How many organisations the index-th light district has (they differ)."""
    low, high = ORGS
    return low + (index * 5) % (high - low + 1)


BATCH = 1000

# Occupations and the competency units they need (codes of the sample NCS the
# competencies loader imports). Each district's programmes teach some of them,
# its companies weigh them differently: short units and surplus ones differ.
OCCUPATIONS = {
    "설비 유지보수 기술자": ("1903060101_17v1", "1903060102_17v1", "1903060104_18v1"),
    "자동화 제어 기술자": ("1903080101_17v1", "1903080102_17v1", "1903080203_18v1"),
    "CNC 가공원": ("1502010105_16v3", "1502010106_16v3", "1502010104_16v3"),
    "품질관리원": ("1502030101_16v2", "1502030103_16v2", "1502030105_17v1"),
    "스마트공장 운영원": ("1502060101_20v1", "1502060102_20v1", "1502060106_21v1"),
    "용접 기술자": ("1506010101_17v2", "1506010103_19v1", "1506010104_17v2"),
    "제조 데이터 분석원": ("2001030101_20v1", "2001030103_20v1", "2001030104_21v1"),
}
# Programmes: (kind, name, how many occupations it teaches)
PROGRAMMES = [
    (ProgrammeKind.SCHOOL_MAJOR, "스마트설비과", 2),
    (ProgrammeKind.SCHOOL_MAJOR, "정밀가공과", 1),
    (ProgrammeKind.UNIVERSITY_JOINT, "제조혁신 연계과정", 1),
]
SIZES = [(4, 9, 2), (10, 49, 10), (50, 299, 7), (300, 900, 1)]  # (lo, hi, weight)
FIRST = ["민", "서", "지", "수", "도", "하", "예", "유", "성", "태", "소", "다", "승", "채"]
LAST = ["준", "연", "윤", "빈", "우", "은", "린", "호", "원", "아", "현", "희", "진", "영"]
SURNAMES = "김이박최정강조윤장임한오서신권황안송류홍"


@dataclass
class Traits:
    """A district's character: where its figures sit and how they move."""

    employment: float  # share employed of the denominator of 취업률 (2022)
    trend: float  # yearly change of the rates
    in_region: float  # share of hires in the district
    retention: float  # share still employed at each follow-up
    response: float  # survey response rate (2022)
    on_time: float  # action items closed on time
    execution: float  # budget execution of a closed year
    size: float  # scale of the district (graduates, budget)
    weights: dict[str, int]  # how much the companies ask for each occupation
    taught: list[str]  # the occupations the programmes teach, in PROGRAMMES order


def _traits(rng: random.Random) -> Traits:
    return Traits(
        employment=rng.uniform(0.45, 0.66),
        trend=rng.uniform(-0.01, 0.025),
        in_region=rng.uniform(0.45, 0.8),
        retention=rng.uniform(0.78, 0.93),
        response=rng.uniform(0.45, 0.75),
        on_time=rng.uniform(0.5, 0.85),
        execution=rng.uniform(0.82, 0.97),
        size=rng.uniform(0.7, 1.3),
        weights={name: rng.choice([1, 1, 2, 3, 5, 8]) for name in OCCUPATIONS},
        taught=rng.sample(list(OCCUPATIONS)[:5], k=sum(p[2] for p in PROGRAMMES)),
    )


def _split(total: int, shares: list[float]) -> list[int]:
    """`total` divided by shares (largest remainders): no sampling noise."""
    raw = [total * x for x in shares]
    out = [int(r) for r in raw]
    for i in sorted(range(len(raw)), key=lambda i: out[i] - raw[i])[: total - sum(out)]:
        out[i] += 1
    return out


def _clip(x: float, lo: float = 0.02, hi: float = 0.98) -> float:
    return max(lo, min(hi, x))


def _write(out: TextIO | None, message: str) -> None:
    if out is not None:
        out.write(message + "\n")


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=SEOUL)


def _day(rng: random.Random, year: int, m0: int = 1, m1: int = 12) -> dt.date:
    month = rng.randint(m0, m1)
    return dt.date(year, month, rng.randint(1, calendar.monthrange(year, month)[1]))


# --------------------------------------------------------------- deleting


def delete_sample_district(district: District) -> None:
    """Delete a generated sample district and every row that hangs off it
    (rows that protect their organisation, allocation or audience first)."""
    from mujigae.budget.models import (
        Allocation,
        Amendment,
        ExpenseCategory,
        FiscalYear,
        FundingSource,
        Project,
        SourceFunding,
        Spending,
    )
    from mujigae.insights.models import GapFigure

    if not district.is_sample:
        raise ValueError(f"district {district.code} is not sample data")
    d = district
    from mujigae.rounds.models import Round

    Round.objects.filter(district=d).delete()  # past rounds (demo/evaluation_history.py)
    Grant.objects.filter(district=d).delete()
    Benefit.objects.filter(district=d).delete()
    Spending.objects.filter(district=d, refund_of__isnull=False).delete()
    Spending.objects.filter(district=d).delete()
    Amendment.objects.filter(district=d).delete()
    Allocation.objects.filter(project__district=d).delete()
    SourceFunding.objects.filter(fiscal_year__district=d).delete()
    Project.objects.filter(district=d).delete()
    FiscalYear.objects.filter(district=d).delete()
    FundingSource.objects.filter(district=d).delete()
    ExpenseCategory.objects.filter(district=d).delete()
    Participation.objects.filter(programme__district=d).delete()
    SettlementProgramme.objects.filter(district=d).delete()
    FollowUp.objects.filter(district=d).delete()
    Hire.objects.filter(district=d).delete()
    FurtherStudy.objects.filter(district=d).delete()
    GraduateRecord.objects.filter(district=d).delete()
    StandardAgreement.objects.filter(district=d).delete()
    Slot.objects.filter(district=d).delete()
    CompanyEligibility.objects.filter(district=d).delete()
    ModuleProposal.objects.filter(district=d).delete()
    ModuleUnit.objects.filter(module__programme__district=d).delete()
    Programme.objects.filter(district=d).delete()
    Student.objects.filter(district=d).delete()
    HiringDemand.objects.filter(district=d).delete()
    Survey.objects.filter(district=d).delete()
    GapFigure.objects.filter(district=d).delete()
    StaffRequest.objects.filter(district=d).delete()
    Document.objects.filter(district=d).delete()
    Audience.objects.filter(district=d).delete()
    from mujigae.demo.national import _delete_governance

    _delete_governance(d)


# --------------------------------------------------------------- building


def _build(index: int, today: dt.date, units: dict[str, CompetencyUnit]) -> dict[str, int]:
    from mujigae.demo.national import CODE_PREFIX, _build_district, _region

    code = _region(index)[0]
    city, city_org = _region(index)[1], _region(index)[2]
    district = _build_district(index, orgs_of(index), 0, 0, today)
    rng = random.Random(f"mujigae-light-{CODE_PREFIX}{code}-v{VERSION}")
    t = _traits(rng)
    District.objects.filter(pk=district.pk).update(
        year_designated=YEARS[0],
        description=f"시연용 예시 지구입니다. 실제 지구가 아닙니다. {FINGERPRINT}",
    )
    orgs = list(Organisation.objects.filter(district=district).order_by("pk"))
    companies = [o for o in orgs if o.kind == OrgKind.COMPANY]
    schools = [o for o in orgs if o.kind == OrgKind.SCHOOL]
    core = [o for o in orgs if o.kind != OrgKind.COMPANY]
    university = next(o for o in orgs if o.kind == OrgKind.UNIVERSITY)
    counts: dict[str, int] = {}

    # companies: a plausible mix of sizes; the year each joined; tiers
    joined: dict[int, int] = {}
    eligibilities = []
    for i, org in enumerate(companies):
        lo, hi, _w = rng.choices(SIZES, weights=[s[2] for s in SIZES])[0]
        org.employees = rng.randint(lo, hi)
        # about a third at the start, most by the last year
        joined[org.pk] = YEARS[0] + min(4, int(rng.random() ** 1.6 * 6)) if i % 4 else YEARS[0]
        roll = rng.random()
        tier = Tier.LEADING if roll < 0.18 else Tier.PARTICIPATING if roll < 0.82 else Tier.NONE
        org.is_participating = tier != Tier.NONE
        if tier != Tier.NONE:
            eligibilities.append(
                CompanyEligibility(
                    district=district,
                    company=org,
                    tier=tier,
                    inspected_on=_day(rng, joined[org.pk], 2, 6),
                    note=f"현장 실사 완료{SAMPLE_MARK}",
                    is_sample=True,
                )
            )
    Organisation.objects.bulk_update(companies, ["employees", "is_participating"])
    CompanyEligibility.objects.bulk_create(eligibilities)
    tiered = [o for o in companies if o.is_participating]
    counts["companies"] = len(companies)

    _governance(district, rng, t, today, core, companies, city, city_org)
    _surveys(district, rng, t, today, companies, joined, units)
    programmes = _curriculum(district, rng, t, today, schools, university, tiered, units)
    counts["graduates"] = _outcomes(district, rng, t, today, schools, companies, core, city)
    _placements(district, rng, t, today, tiered, schools, joined)
    _budget_and_benefits(district, rng, t, today, tiered, joined, city, programmes)
    _sharing(district, rng, today, core, orgs)
    return counts


def _governance(district, rng, t, today, core, companies, city, city_org) -> None:
    kinds = [
        ("지역직업교육협의회", MeetingKind.COUNCIL),
        ("운영위원회", MeetingKind.STEERING),
        ("실무협의회", MeetingKind.WORKING),
        ("기업 간담회", MeetingKind.MEETING),
    ]
    specs = []
    for year in YEARS:
        n = max(2, round(rng.gauss(3 + (year - YEARS[0]) * 0.4 * t.size, 0.8)))
        for k in range(n):
            topic, kind = kinds[k % len(kinds)]
            day = dt.date(year, 1, 1) + dt.timedelta(days=(365 * (k + 1)) // (n + 1))
            day += dt.timedelta(days=rng.randint(-10, 10))
            specs.append((f"{year}년 제{k + 1}차 {city} {topic}{SAMPLE_MARK}", kind, day))
    meetings = []
    for title, kind, day in specs:
        past = day < today
        meetings.append(
            Meeting(
                district=district,
                kind=kind,
                title=title,
                starts_at=_at(day, rng.choice([10, 14, 15])),
                place=f"{city_org} 회의실{SAMPLE_MARK}",
                chair=f"{city}교육지원청 교육장",
                agenda="1. 협약 이행 점검\n2. 할 일 진행 상황\n3. 기타 안건",
                minutes="(예시 회의록) 안건을 논의하고 결정 사항을 정했다." if past else "",
                status=Meeting.Status.HELD if past else Meeting.Status.PLANNED,
            )
        )
    meetings = Meeting.objects.bulk_create(meetings)
    through = Meeting.organisations.through
    links = []
    for m in meetings:
        for org in rng.sample(core, 5) + rng.sample(companies, 2):
            links.append(through(meeting_id=m.pk, organisation_id=org.pk))
    through.objects.bulk_create(links, batch_size=BATCH)
    decisions = []
    for m in meetings:
        if m.status == Meeting.Status.HELD:
            for number in range(1, rng.randint(1, 3) + 1):
                decisions.append(
                    Decision(meeting=m, number=number, text=f"안건 {number}을 원안대로 의결한다.")
                )
    decisions = Decision.objects.bulk_create(decisions)
    now = timezone.now()
    items = []
    owners = core * 2 + companies
    for d in decisions:
        held = d.meeting.starts_at.date()
        year_on_time = _clip(t.on_time + (held.year - YEARS[0]) * t.trend * 2)
        for _ in range(rng.randint(1, 2)):
            due = held + dt.timedelta(days=rng.randint(20, 90))
            roll = rng.random()
            if due >= today:
                status = ActionItem.Status.DONE if roll < 0.2 else ActionItem.Status.IN_PROGRESS
                done_on = held + dt.timedelta(days=rng.randint(5, 20))
            elif roll < year_on_time:
                status, done_on = (
                    ActionItem.Status.DONE,
                    due - dt.timedelta(days=rng.randint(0, 15)),
                )
            elif roll < year_on_time + (1 - year_on_time) * 0.7:
                status, done_on = (
                    ActionItem.Status.DONE,
                    due + dt.timedelta(days=rng.randint(3, 60)),
                )
            else:
                status, done_on = rng.choice(ActionItem.OPEN_STATUSES), None
            completed = None
            if status == ActionItem.Status.DONE:
                completed = min(now, _at(min(done_on, today), 17))
            items.append(
                ActionItem(
                    district=district,
                    meeting=d.meeting,
                    decision=d,
                    title=f"결정 {d.number} 후속 조치{SAMPLE_MARK}",
                    owner=rng.choice(owners),
                    due_date=due,
                    status=status,
                    completed_at=completed,
                )
            )
    ActionItem.objects.bulk_create(items, batch_size=BATCH)


def _surveys(district, rng, t, today, companies, joined, units, years=YEARS, prefix="") -> None:
    names = list(OCCUPATIONS)
    weights = t.weights
    for year in years:
        sent = _at(dt.date(year, 4, rng.randint(1, 20)))
        deadline = sent + dt.timedelta(days=21)
        current = deadline.date() >= today
        survey = Survey.objects.create(
            district=district,
            kind=SurveyKind.DEMAND,
            title=f"{year} {prefix}기업 현장 수요조사{SAMPLE_MARK}",
            intro="지역 기업의 채용·현장실습 수요를 묻는 조사입니다(예시).",
            year=year,
            status=Survey.Status.OPEN if current else Survey.Status.CLOSED,
            deadline=deadline,
        )
        section = Section.objects.create(survey=survey, position=1, title="채용 수요")
        question = Question.objects.create(
            survey=survey,
            section=section,
            position=1,
            code="hiring",
            kind=QuestionKind.HIRING,
            text="앞으로 채용할 직무와 필요한 능력단위, 인원을 적어 주세요.",
        )
        invited = [c for c in companies if joined[c.pk] <= year]
        rate = _clip(t.response + (year - YEARS[0]) * t.trend * 1.5 + rng.gauss(0, 0.04))
        answering = set(rng.sample([c.pk for c in invited], k=round(len(invited) * rate)))
        invitations = []
        for org in invited:
            submitted = org.pk in answering
            opened = sent + dt.timedelta(days=rng.randint(0, 10))
            done = opened + dt.timedelta(days=rng.randint(0, 9))
            invitations.append(
                Invitation(
                    survey=survey,
                    organisation=org,
                    token=secrets.token_urlsafe(24),
                    status=Invitation.Status.SUBMITTED
                    if submitted
                    else rng.choice([Invitation.Status.SENT, Invitation.Status.OPENED]),
                    sent_at=sent,
                    opened_at=opened if submitted else None,
                    started_at=opened if submitted else None,
                    submitted_at=done if submitted else None,
                )
            )
        invitations = Invitation.objects.bulk_create(invitations)
        responses = [
            Response(
                invitation=inv,
                survey=survey,
                organisation=inv.organisation,
                is_submitted=True,
                submitted_at=inv.submitted_at,
                size_class=size_class(inv.organisation.employees),
            )
            for inv in invitations
            if inv.status == Invitation.Status.SUBMITTED
        ]
        responses = Response.objects.bulk_create(responses)
        rows = []
        for response in responses:
            employees = response.organisation.employees or 10
            most = 1 if employees < 50 else 2
            chosen_names: set[str] = set()
            for _ in range(most):
                chosen_names.add(rng.choices(names, weights=[weights[n] for n in names])[0])
            for name in sorted(chosen_names):
                codes = [c for c in OCCUPATIONS[name] if c in units]
                chosen = sorted(rng.sample(codes, k=min(len(codes), rng.randint(1, 2))))
                rows.append(
                    HiringDemand(
                        response=response,
                        question=question,
                        district=district,
                        year=year,
                        occupation=name,
                        competency_units=", ".join(f"{c} {units[c].name}" for c in chosen),
                        headcount=max(1, min(10, round(rng.gauss(2 + employees / 100, 1)))),
                        timing="this_year",
                        accepts_trainees=rng.random() < 0.6,
                    )
                )
        HiringDemand.objects.bulk_create(rows, batch_size=BATCH)


def _curriculum(district, rng, t, today, schools, university, tiered, units) -> list[Programme]:
    providers = [schools[0], schools[-1], university]
    programmes = Programme.objects.bulk_create(
        [
            Programme(
                district=district,
                provider=provider,
                kind=kind,
                name=f"{name}{SAMPLE_MARK}",
                description="예시 교육과정입니다.",
                is_sample=True,
            )
            for provider, (kind, name, _n) in zip(providers, PROGRAMMES, strict=True)
        ]
    )
    modules, hours = [], []
    taught = list(t.taught)
    for programme, (_k, _n, many) in zip(programmes, PROGRAMMES, strict=True):
        occupations, taught = taught[:many], taught[many:]
        for order, occupation in enumerate(occupations, start=1):
            modules.append(Module(programme=programme, name=f"{occupation} 실무", order=order))
    modules = Module.objects.bulk_create(modules)
    by_name = {}
    for module in modules:
        occupation = module.name.removesuffix(" 실무")
        by_name.setdefault(module.programme_id, []).append(module)
        # a programme covers most (not all) of its occupation's units
        codes = [c for c in OCCUPATIONS[occupation] if c in units]
        for code in codes[: max(1, len(codes) - (1 if rng.random() < 0.5 else 0))]:
            hours.append(
                ModuleUnit(module=module, unit=units[code], hours=rng.choice([34, 51, 68]))
            )
    ModuleUnit.objects.bulk_create(hours)
    cohorts = []
    for programme in programmes:
        school = programme.kind == ProgrammeKind.SCHOOL_MAJOR
        base = rng.randint(10, 18) if school else rng.randint(6, 10)
        for year in YEARS:
            enrolled = max(4, round(base * t.size + rng.gauss(0, 2)))
            done = year < today.year
            cohorts.append(
                Cohort(
                    programme=programme,
                    district=district,
                    year=year,
                    enrolled=enrolled,
                    completed=round(enrolled * rng.uniform(0.82, 0.97)) if done else None,
                )
            )
    Cohort.objects.bulk_create(cohorts)
    proposals, versions = [], []
    for year in YEARS:
        for _ in range(max(0, round(rng.gauss(1.5 + (year - YEARS[0]) * 0.4, 0.8)))):
            programme = rng.choice(programmes)
            module = rng.choice(by_name[programme.pk])
            submitted = _at(_day(rng, year, 2, 9))
            approved = rng.random() < 0.8
            proposals.append(
                ModuleProposal(
                    district=district,
                    programme=programme,
                    module=module,
                    is_change=True,
                    proposer=rng.choice(tiered),
                    status=ProposalStatus.APPROVED if approved else ProposalStatus.REJECTED,
                    result_module=module if approved else None,
                    submitted_at=submitted,
                    decided_at=submitted + dt.timedelta(days=rng.randint(10, 50)),
                    is_sample=True,
                )
            )
    proposals = ModuleProposal.objects.bulk_create(proposals)
    for p in proposals:
        versions.append(
            ProposalVersion(
                proposal=p,
                number=1,
                name=f"{p.module.name} 개정(안)",
                description="현장 장비에 맞춘 실습 내용 보강(예시).",
                units=[],
                author_name="기업 담당자(예시)",
            )
        )
    ProposalVersion.objects.bulk_create(versions)
    ModuleProposal.objects.filter(pk__in=[p.pk for p in proposals]).update(
        created_at=timezone.now()
    )
    for p in proposals:  # created in the year it was submitted
        ModuleProposal.objects.filter(pk=p.pk).update(created_at=p.submitted_at)
    return programmes


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(FIRST) + rng.choice(LAST)


def _outcomes(
    district, rng, t, today, schools, companies, core, city, years=YEARS, settlement=True
) -> int:
    students = []
    plan = []  # (student index, school, graduation year)
    for school in schools:
        base = rng.randint(24, 32) * t.size
        for graduation in years:
            n = max(8, round(base + rng.gauss(0, 2)))
            for number in range(1, n + 1):
                plan.append((len(students), school, graduation))
                students.append(
                    Student(
                        district=district,
                        school=school,
                        school_year=graduation - 1,
                        grade=3,
                        class_no=1,
                        number=number,
                        name=_name(rng),
                        birth_date=dt.date(graduation - 19, rng.randint(3, 12), rng.randint(1, 28)),
                        is_sample=True,
                    )
                )
    students = Student.objects.bulk_create(students, batch_size=BATCH)
    # each school and year: the statuses in district-specific shares, shuffled
    status_of: dict[int, str] = {}
    groups: dict[tuple[int, int], list[int]] = {}
    for idx, school, graduation in plan:
        groups.setdefault((school.pk, graduation), []).append(idx)
    for (_school, graduation), members in groups.items():
        k = graduation - YEARS[0]
        employment = _clip(t.employment + k * t.trend + rng.gauss(0, 0.02), 0.3, 0.85)
        # 특성화고: about four in ten go on to study, a few serve or are excepted
        study = _clip(rng.gauss(0.38, 0.03))
        rest = 1 - study - 0.05
        counts = _split(
            len(members), [study, 0.03, 0.02, rest * employment, rest * (1 - employment)]
        )
        statuses = []
        for status, n in zip(
            ["further_study", "military", "excluded", "employed", "not_employed"],
            counts,
            strict=True,
        ):
            statuses += [status] * n
        rng.shuffle(statuses)
        status_of.update(zip(members, statuses, strict=True))
    records, hires_of, studies = [], [], []
    for idx, school, graduation in plan:
        student = students[idx]
        k = graduation - YEARS[0]
        status = status_of[idx]
        records.append(
            GraduateRecord(
                district=district,
                school=school,
                student=student,
                graduation_year=graduation,
                status=status,
                exclusion_reason="장기 입원" if status == "excluded" else "",
                is_sample=True,
            )
        )
        if status == "employed":
            inside = rng.random() < _clip(t.in_region + k * t.trend)
            hires_of.append(
                Hire(
                    district=district,
                    student=student,
                    company=rng.choice(companies) if inside else None,
                    company_name="" if inside else f"{city} 외 지역 기업(예시)",
                    workplace_in_district=inside,
                    start_date=dt.date(graduation, rng.randint(1, 3), rng.randint(1, 28)),
                    contract_type=rng.choice(["permanent"] * 3 + ["fixed_term"]),
                    insured=True,
                    is_sample=True,
                )
            )
        elif status == "further_study":
            studies.append(
                FurtherStudy(
                    district=district,
                    student=student,
                    institution=rng.choice([f"{city}대학교", "한국폴리텍대학", "전문대학(예시)"]),
                    start_date=dt.date(graduation, 3, 2),
                    is_sample=True,
                )
            )
    GraduateRecord.objects.bulk_create(records, batch_size=BATCH)
    FurtherStudy.objects.bulk_create(studies, batch_size=BATCH)
    hires = Hire.objects.bulk_create(hires_of, batch_size=BATCH)
    follow_ups = []
    order = list(range(len(hires)))
    rng.shuffle(order)
    rank = {hires[i].pk: r for r, i in enumerate(order)}
    for hire in hires:
        for step, months in enumerate((6, 12, 24), start=1):
            due = add_months(hire.start_date, months)
            done = due <= today
            still = rank[hire.pk] < round(len(hires) * t.retention**step)
            follow_ups.append(
                FollowUp(
                    district=district,
                    hire=hire,
                    months=months,
                    due_on=due,
                    done_on=due + dt.timedelta(days=rng.randint(0, 20)) if done else None,
                    still_employed=still if done else None,
                    still_insured=still if done else None,
                    in_district=(still and hire.workplace_in_district) if done else None,
                    is_sample=True,
                )
            )
    FollowUp.objects.bulk_create(follow_ups, batch_size=BATCH)
    if not settlement:
        return len(records)
    # settlement programmes and who joined them
    city_org = next(o for o in core if o.kind == OrgKind.CITY)
    programmes = SettlementProgramme.objects.bulk_create(
        [
            SettlementProgramme(
                district=district,
                name=f"청년 정착 주거 지원{SAMPLE_MARK}",
                kind="housing",
                provider=city_org,
                starts_on=dt.date(YEARS[0], 3, 1),
                is_sample=True,
            ),
            SettlementProgramme(
                district=district,
                name=f"선배 기술인 멘토링{SAMPLE_MARK}",
                kind="mentoring",
                provider=city_org,
                starts_on=dt.date(YEARS[0], 3, 1),
                is_sample=True,
            ),
        ]
    )
    share = rng.uniform(0.2, 0.45)
    joins = []
    for hire in hires:
        if hire.workplace_in_district and rng.random() < share:
            day = dt.date(hire.start_date.year, 4, 1) + dt.timedelta(days=rng.randint(0, 90))
            joins.append(
                Participation(
                    programme=rng.choice(programmes),
                    student=hire.student,
                    joined_on=min(day, today),
                    is_sample=True,
                )
            )
    Participation.objects.bulk_create(joins)
    return len(records)


def _placements(district, rng, t, today, tiered, schools, joined) -> None:
    slots = []
    for org in tiered:
        slots.append(
            Slot(
                district=district,
                company=org,
                kind=SlotKind.FIELD_TRAINING,
                title=f"생산 설비 현장실습{SAMPLE_MARK}",
                duties="설비 점검 보조, 공정 기록",
                location="본사 공장",
                daily_hours=Decimal(7),
                weekly_hours=Decimal(35),
                start_time=dt.time(9),
                end_time=dt.time(17),
                pay=rng.choice([600_000, 700_000, 800_000, 900_000, 1_000_000]),
                capacity=rng.randint(1, 4),
                is_sample=True,
            )
        )
    slots = Slot.objects.bulk_create(slots)
    agreements = []
    for year in YEARS:
        hosting = [s for s in slots if joined[s.company_id] <= year]
        for slot in rng.sample(hosting, k=max(1, round(len(hosting) * rng.uniform(0.5, 0.9)))):
            start = dt.date(year, rng.choice([7, 9, 10]), 1)
            agreements.append(
                StandardAgreement(
                    district=district,
                    company_id=slot.company_id,
                    slot=slot,
                    school=rng.choice(schools),
                    signed_on=start - dt.timedelta(days=rng.randint(7, 20)),
                    period_start=start,
                    period_end=start + dt.timedelta(days=rng.choice([56, 84])),
                    supervisor="현장 교사(예시)",
                    allowance=slot.pay,
                    safety_training_done=True,
                    is_sample=True,
                )
            )
    StandardAgreement.objects.bulk_create(agreements)


def _budget_and_benefits(district, rng, t, today, tiered, joined, city, programmes) -> None:
    from mujigae.budget.models import (
        Allocation,
        ExpenseCategory,
        FiscalYear,
        FundingSource,
        Project,
        SourceFunding,
        Spending,
        SpendingOrigin,
    )

    names = ["교육부 특별교부금", "교육청 대응투자", f"{city} 대응투자"]
    sources = FundingSource.objects.bulk_create(
        [FundingSource(district=district, name=n, position=i) for i, n in enumerate(names)]
    )
    categories = ExpenseCategory.objects.bulk_create(
        [
            ExpenseCategory(district=district, name=n, position=i)
            for i, n in enumerate(["인건비", "운영비", "업무추진비"])
        ]
    )
    years = FiscalYear.objects.bulk_create(
        [
            FiscalYear(
                district=district,
                year=y,
                starts_on=dt.date(y, 1, 1),
                ends_on=dt.date(y, 12, 31),
                closed_on=dt.date(y + 1, 1, 20) if dt.date(y + 1, 1, 20) <= today else None,
            )
            for y in YEARS
        ]
    )
    benefit_alloc: dict[int, Allocation] = {}
    specs = [
        ("인재양성 교육과정 운영", 0, 1, 9_000),
        ("기업 현장실습 지원", 1, 0, 4_000),
        ("정주 생태계 프로그램", 2, 1, 3_000),
    ]
    allocations = []
    for fy in years:
        growth = 1 + (fy.year - YEARS[0]) * 0.06
        projects = Project.objects.bulk_create(
            [
                Project(
                    district=district,
                    fiscal_year=fy,
                    code=f"P{n + 1}",
                    name=f"{name}{SAMPLE_MARK}",
                    description=f"{name} 사업 (예시 데이터)",
                    programme=programmes[0] if n == 0 else None,
                )
                for n, (name, *_rest) in enumerate(specs)
            ]
        )
        for project, (_n, s, c, man) in zip(projects, specs, strict=True):
            amount = round(man * t.size * growth * rng.uniform(0.9, 1.1)) * 10_000
            allocations.append(
                Allocation(
                    project=project,
                    source=sources[s],
                    category=categories[c],
                    original=amount,
                    current=amount,
                )
            )
    allocations = Allocation.objects.bulk_create(allocations)
    fundings = {}
    for a in allocations:
        fy_id = a.project.fiscal_year_id
        key = (fy_id, a.source_id)
        fundings[key] = fundings.get(key, 0) + a.current
        if a.project.name.startswith("기업 현장실습 지원"):
            benefit_alloc[a.project.fiscal_year.year] = a
    SourceFunding.objects.bulk_create(
        [
            SourceFunding(fiscal_year_id=fy, source_id=s, original=v, current=v)
            for (fy, s), v in fundings.items()
        ]
    )
    # the benefit paid from the field-training project: grants first (their spending rows)
    benefit = Benefit.objects.create(
        district=district,
        name=f"기업현장교사 수당{SAMPLE_MARK}",
        kind=BenefitKind.TRAINER_ALLOWANCE,
        allocation=benefit_alloc[YEARS[-1]],
        unit_amount=50_000,
        unit_label="일",
        starts_on=dt.date(YEARS[0], 1, 1),
        ends_on=dt.date(YEARS[-1], 12, 31),
        yearly_cap=2_000_000,
        description="현장실습생을 지도한 기업현장교사에게 지급(예시).",
        is_sample=True,
    )
    rows, grants = [], []
    for year, alloc in benefit_alloc.items():
        eligible = [c for c in tiered if joined[c.pk] <= year]
        for company in rng.sample(eligible, k=round(len(eligible) * rng.uniform(0.3, 0.6))):
            days = rng.randint(8, 30)
            paid_on = dt.date(year, rng.randint(7, 12), rng.randint(1, 28))
            if paid_on > today:
                continue
            amount = days * 50_000
            rows.append(
                Spending(
                    district=district,
                    fiscal_year_id=alloc.project.fiscal_year_id,
                    allocation=alloc,
                    project_id=alloc.project_id,
                    source_id=alloc.source_id,
                    category_id=alloc.category_id,
                    spent_on=paid_on,
                    amount=amount,
                    payee_organisation=company,
                    description=f"기업현장교사 수당 지급{SAMPLE_MARK}",
                    origin=SpendingOrigin.MANUAL,
                )
            )
            grants.append((company, year, days, amount))
    grant_rows = Spending.objects.bulk_create(rows)
    Grant.objects.bulk_create(
        [
            Grant(
                district=district,
                benefit=benefit,
                company=company,
                year=year,
                quantity=days,
                amount=amount,
                state=GrantState.PAID,
                spending=spending,
                is_sample=True,
            )
            for (company, year, days, amount), spending in zip(grants, grant_rows, strict=True)
        ]
    )
    spent_by_alloc: dict[int, int] = {}
    for r in grant_rows:
        spent_by_alloc[r.allocation_id] = spent_by_alloc.get(r.allocation_id, 0) + r.amount
    # monthly execution: closed years reach the district's rate, this year its pace
    rows = []
    for a in allocations:
        fy = a.project.fiscal_year
        closed = fy.year < today.year
        last = 12 if closed else today.month
        if fy.year > today.year:
            continue
        rate = _clip(t.execution + rng.gauss(0, 0.03), 0.6, 0.995)
        target = a.current * rate * (last / 12 if not closed else 1)
        spent = spent_by_alloc.get(a.pk, 0)
        for m in range(1, last + 1):
            share = target * m / last - spent
            amount = int(share * rng.uniform(0.8, 1.15)) // 1000 * 1000
            amount = min(amount, a.current - spent)
            if amount <= 0:
                continue
            day = dt.date(fy.year, m, min(rng.randint(5, 27), calendar.monthrange(fy.year, m)[1]))
            if day > today:
                day = today
            rows.append(
                Spending(
                    district=district,
                    fiscal_year=fy,
                    allocation=a,
                    project_id=a.project_id,
                    source_id=a.source_id,
                    category_id=a.category_id,
                    spent_on=day,
                    amount=amount,
                    payee_name="협력 업체(예시)",
                    description=f"{a.category.name} 집행 {m}월{SAMPLE_MARK}",
                    reference=f"{fy.year}-{a.pk:05d}-{m:02d}",
                    origin=SpendingOrigin.IMPORT,
                )
            )
            spent += amount
    Spending.objects.bulk_create(rows, batch_size=BATCH)


def _sharing(district, rng, today, core, orgs) -> None:
    titles = [
        "협의회 회의 자료",
        "교육과정 운영 계획",
        "현장실습 안전 점검표",
        "수요조사 결과 보고",
        "성과 보고서",
    ]
    docs = []
    for year in YEARS:
        for _ in range(rng.randint(3, 6 + (year - YEARS[0]))):
            at = _at(_day(rng, year))
            if at.date() > today:
                continue
            docs.append((f"{year} {rng.choice(titles)}{SAMPLE_MARK}", at, rng.choice(core)))
    audiences = Audience.objects.bulk_create(
        [Audience(district=district, everyone=True) for _ in docs]
    )
    Document.objects.bulk_create(
        [
            Document(
                district=district,
                title=title,
                description="예시 공유 자료(파일 없음)",
                owner_org=owner,
                audience=audience,
                created_at=at,
                updated_at=at,
            )
            for (title, at, owner), audience in zip(docs, audiences, strict=True)
        ]
    )
    requests = []
    kinds = [StaffRequest.Kind.PERSON, StaffRequest.Kind.FACILITY, StaffRequest.Kind.EXPERT]
    for year in YEARS:
        for _ in range(rng.randint(2, 5)):
            start = _day(rng, year, 3, 11)
            past = start + dt.timedelta(days=14) < today
            roll = rng.random()
            if not past:
                status = StaffRequest.Status.ACCEPTED
            elif roll < 0.75:
                status = StaffRequest.Status.DONE
            else:
                status = rng.choice([StaffRequest.Status.DECLINED, StaffRequest.Status.WITHDRAWN])
            requester, provider = rng.sample(orgs, 2)
            requests.append(
                StaffRequest(
                    district=district,
                    requester=requester,
                    provider=provider,
                    kind=rng.choice(kinds),
                    title=f"실습 지도 인력 협조 요청{SAMPLE_MARK}",
                    starts_on=start,
                    ends_on=start + dt.timedelta(days=rng.randint(0, 14)),
                    hours=Decimal(rng.choice([4, 8, 16, 24])),
                    people=rng.randint(1, 3),
                    status=status,
                    created_at=_at(start - dt.timedelta(days=rng.randint(7, 30))),
                    responded_at=_at(start - dt.timedelta(days=3))
                    if status != StaffRequest.Status.WITHDRAWN
                    else None,
                )
            )
    StaffRequest.objects.bulk_create(requests)


# --------------------------------------------------------------- entry point


def light_codes() -> list[str]:
    from mujigae.demo.national import CODE_PREFIX, _region

    return [f"{CODE_PREFIX}{_region(i)[0]}" for i in range(DISTRICTS)]


def load_light_national(out: TextIO | None = None) -> list[District]:
    """The 14 light sample districts (see the module docstring). Needs the
    competency units (load after the competencies loader); run the gap
    recompute afterwards. Returns the districts."""
    from mujigae.demo.national import CODE_PREFIX

    started = time.monotonic()
    today = timezone.localdate()
    wanted = light_codes()
    result, made = [], 0
    with transaction.atomic():
        # generated districts of another shape (e.g. --scale national) that are not wanted
        for stale in District.objects.filter(code__startswith=CODE_PREFIX, is_sample=True).exclude(
            code__in=wanted
        ):
            delete_sample_district(stale)
        units = {
            u.code: u
            for u in CompetencyUnit.objects.filter(
                code__in={c for codes in OCCUPATIONS.values() for c in codes}
            )
        }
        for index, code in enumerate(wanted):
            existing = District.objects.filter(code=code).first()
            if existing is not None:
                if not existing.is_sample:
                    raise ValueError(f"district {code} exists and is not sample data")
                if existing.description.endswith(FINGERPRINT):
                    result.append(existing)
                    continue
                delete_sample_district(existing)
            with transaction.atomic():
                _build(index, today, units)
            result.append(District.objects.get(code=code))
            made += 1
    _write(
        out,
        f"예시 지구(가벼운 자료) {len(result)}곳: 새로 만듦 {made}, 그대로 둠 {len(result) - made} "
        f"({time.monotonic() - started:.1f}초)",
    )
    return result
