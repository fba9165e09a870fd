"""Ansan's programmes, modules, cohorts and co-development proposals as demo data.

Every row here is invented for the demo and marked `is_sample=True`: programmes
of the sample schools (robotics, automation, mechanical, smart manufacturing
majors), of the universities and the training institute named in the MOU, and a
company course; modules covering the sample competency units of
`mujigae.demo.surveys.COMPETENCY_UNITS` (looked up in the database: run
`load_ansan_competencies()` first, or this loader skips with a message);
cohorts 2023–2027 (completions for the years already over); a few module
proposals in every state of the workflow with versions and comments.

`load_ansan_curriculum()` runs after `load_ansan()` and the competencies loader.
It is idempotent (programmes keyed on (provider, name), modules on (programme,
name), cohorts on (programme, year), proposals on (programme, proposer, first
version's name): a rerun adds nothing and leaves proposals that people have
moved on in the demo alone) and deterministic (a random.Random with a fixed
seed; completions depend only on the current year).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import TextIO

from django.db import transaction
from django.utils import timezone

from mujigae.competencies.models import CompetencyUnit
from mujigae.core.models import District, User
from mujigae.curriculum.models import (
    Cohort,
    Module,
    ModuleProposal,
    ModuleUnit,
    Programme,
    ProgrammeKind,
    ProposalComment,
    ProposalStatus,
    ProposalVersion,
)
from mujigae.demo.ansan import (
    COMPANY_B_ORG,
    COMPANY_USER_ORG,
    DISTRICT,
    SCHOOLS,
)
from mujigae.demo.surveys import COMPETENCY_UNITS
from mujigae.partners.models import Organisation

SEED = 20250624
YEARS = range(2023, 2028)
SAMPLE_NOTE = "예시 교육과정: 데모를 위해 지어낸 과정입니다."

K = ProgrammeKind
_SCHOOL = {o.key: o.name for o in SCHOOLS}


@dataclass(frozen=True)
class ModuleSpec:
    name: str
    units: tuple[tuple[str, int], ...]  # (unit code, hours)
    description: str = ""


@dataclass(frozen=True)
class ProgrammeSpec:
    provider: str  # organisation name
    kind: str
    name: str
    size: tuple[int, int]  # enrolled per year: min, max
    modules: tuple[ModuleSpec, ...]
    description: str = ""


# fmt: off
PROGRAMMES: tuple[ProgrammeSpec, ...] = (
    ProgrammeSpec(_SCHOOL["school-robot"], K.SCHOOL_MAJOR, "로봇제어과", (24, 28), (
        ModuleSpec("로봇 유지보수 기초", (("1903060101_17v1", 40), ("1903060102_17v1", 40))),
        ModuleSpec("로봇 제어기 고장 진단", (("1903060103_17v1", 60),)),
        ModuleSpec("산업용 로봇 티칭 실습", (("1903060201_17v1", 80),)),
    ), "협동로봇·산업용 로봇 운용과 유지보수"),
    ProgrammeSpec(_SCHOOL["school-robot"], K.AFTER_SCHOOL, "방과후 협동로봇 응용반", (12, 16), (
        ModuleSpec("협동로봇 티칭 심화", (("1903060201_17v1", 24),)),
    )),
    ProgrammeSpec(_SCHOOL["school-digital"], K.SCHOOL_MAJOR, "스마트팩토리과", (24, 28), (
        ModuleSpec("PLC 제어 기초", (("1903080101_17v1", 60), ("1903080102_17v1", 40))),
        ModuleSpec("스마트공장 운영", (
            ("1502060101_20v1", 30), ("1502060102_20v1", 40), ("1502060103_20v1", 40),
        )),
    ), "스마트공장 설비 운영과 데이터 활용"),
    ProgrammeSpec(_SCHOOL["school-ai"], K.SCHOOL_MAJOR, "AI비전과", (20, 26), (
        ModuleSpec("머신비전 기초", (("1903060302_17v1", 40), ("1903060303_17v1", 40))),
        ModuleSpec("AI 비전 불량 검출 프로젝트", (("1903060303_17v1", 30), ("1502030103_16v2", 20)),
                   "기업과 함께 만든 프로젝트 모듈"),
    )),
    ProgrammeSpec(_SCHOOL["school-precision"], K.SCHOOL_MAJOR, "정밀가공과", (22, 28), (
        ModuleSpec("CNC 가공", (("1502010105_16v3", 80), ("1502010106_16v3", 80))),
        ModuleSpec("정밀 측정과 품질", (
            ("1502010110_16v3", 40), ("1502030101_16v2", 30), ("1502030102_16v2", 20),
        )),
    ), "기계 부품 정밀 가공"),
    ProgrammeSpec(_SCHOOL["school-mechatronics"], K.SCHOOL_MAJOR, "메카트로닉스과", (24, 28), (
        ModuleSpec("자동제어 시스템", (("1903080101_17v1", 40), ("1903080103_17v1", 40))),
        ModuleSpec("로봇 하드웨어 점검", (("1903060102_17v1", 30),)),
    ), "자동화 설비와 로봇 메카트로닉스"),
    ProgrammeSpec(_SCHOOL["school-electronics"], K.SCHOOL_MAJOR, "전자·IoT과", (20, 26), (
        ModuleSpec("설비 데이터 수집", (("1502060102_20v1", 40),)),
    )),
    ProgrammeSpec("한양대학교 ERICA", K.UNIVERSITY_JOINT, "로봇 AI 심화 연계과정", (15, 20), (
        ModuleSpec("머신비전 검사 알고리즘", (("1903060303_17v1", 45),)),
        ModuleSpec("로봇 고장 진단 심화", (("1903060103_17v1", 30),)),
    ), "특성화고 3학년 대상 대학 연계 과정"),
    ProgrammeSpec("신안산대학교", K.UNIVERSITY_JOINT, "디지털제조 연계과정", (15, 20), (
        ModuleSpec("MES 운영 실무", (("1502060103_20v1", 45),)),
        ModuleSpec("공정 품질관리", (("1502030103_16v2", 45),)),
    )),
    ProgrammeSpec("중소벤처기업연수원", K.TRAINING_INSTITUTE, "재직자 스마트공장 운영 과정", (18, 25), (
        ModuleSpec("스마트공장 운영 계획", (("1502060101_20v1", 16), ("1502060102_20v1", 16))),
    )),
    ProgrammeSpec(COMPANY_USER_ORG, K.COMPANY_COURSE, "협동로봇 셀 현장 과정", (8, 12), (
        ModuleSpec("협동로봇 셀 현장실습", (("1903060201_17v1", 40), ("1903060101_17v1", 16))),
    )),
)
# fmt: on


@dataclass(frozen=True)
class ProposalSpec:
    proposer: str
    programme: str  # programme name (unique among the specs)
    module: str | None  # the module to change, or None for a new module
    versions: tuple[tuple[str, str, tuple[tuple[str, int], ...]], ...]  # (name, desc, units)
    status: str
    comments: tuple[
        tuple[str, str, str], ...
    ]  # (who: "company"/"school"/"coordinator", text, status_to)


S = ProposalStatus
# fmt: off
PROPOSALS: tuple[ProposalSpec, ...] = (
    ProposalSpec(COMPANY_USER_ORG, "로봇제어과", None, (
        ("협동로봇 안전·응용 실습", "협동로봇 셀 안전 기준과 응용 티칭",
         (("1903060201_17v1", 24), ("1903060101_17v1", 8))),
        ("협동로봇 안전·응용 실습", "협동로봇 셀 안전 기준과 응용 티칭(현장 사례 포함)",
         (("1903060201_17v1", 32), ("1903060101_17v1", 8), ("1903060102_17v1", 8))),
    ), S.SUBMITTED, (
        ("company", "현장 협동로봇 셀 기준으로 구성했습니다. 검토 부탁드립니다.", S.SUBMITTED),
    )),
    ProposalSpec(COMPANY_USER_ORG, "로봇제어과", "산업용 로봇 티칭 실습", (
        ("산업용 로봇 티칭 실습", "오프라인 프로그래밍 추가",
         (("1903060201_17v1", 72), ("1903060103_17v1", 12))),
    ), S.DRAFT, ()),
    ProposalSpec(COMPANY_B_ORG, "AI비전과", None, (
        ("AI 비전 불량 검출 프로젝트", "", (("1903060303_17v1", 30),)),
        ("AI 비전 불량 검출 프로젝트", "기업과 함께 만든 프로젝트 모듈",
         (("1903060303_17v1", 30), ("1502030103_16v2", 20))),
    ), S.APPROVED, (
        ("company", "", S.SUBMITTED),
        ("school", "실습 장비는 기업이 지원하는 조건으로 검토했습니다.", S.REVIEWED),
        ("coordinator", "2025학년도부터 반영합니다.", S.APPROVED),
    )),
    ProposalSpec("누리스마트팩토리(주)", "스마트팩토리과", "스마트공장 운영", (
        ("스마트공장 운영", "", (("1502060101_20v1", 30), ("1502060102_20v1", 40), ("1502060103_20v1", 90))),
    ), S.RETURNED, (
        ("company", "", S.SUBMITTED),
        ("school", "MES 시수가 학년 시간표에 비해 많습니다. 60시간 이내로 조정해 주세요.", S.RETURNED),
    )),
    ProposalSpec("대성정밀기계", "정밀가공과", None, (
        ("금형 가공 기초", "", (("1502010106_16v3", 40),)),
    ), S.REJECTED, (
        ("company", "", S.SUBMITTED),
        ("school", "", S.REVIEWED),
        ("coordinator", "올해는 장비 예산이 없어 내년에 다시 논의합니다.", S.REJECTED),
    )),
    ProposalSpec(COMPANY_B_ORG, "로봇 AI 심화 연계과정", "머신비전 검사 알고리즘", (
        ("머신비전 검사 알고리즘", "딥러닝 검사 실습 추가",
         (("1903060303_17v1", 45), ("1903060302_17v1", 15))),
    ), S.REVIEWED, (
        ("company", "", S.SUBMITTED),
        ("school", "대학 실습실에서 운영 가능합니다.", S.REVIEWED),
    )),
)
# fmt: on


def _write(out: TextIO | None, message: str) -> None:
    if out is not None:
        out.write(message + "\n")


def _unit_rows(codes, units):
    return [(units[code], hours) for code, hours in codes if code in units]


@transaction.atomic
def load_ansan_curriculum(*, out: TextIO | None = None) -> list[Programme]:
    """Create or refresh Ansan's sample programmes, cohorts and proposals."""
    district = District.objects.filter(code=DISTRICT["code"]).first()
    if district is None:
        _write(out, "curriculum: the Ansan district is not loaded (run load_ansan first); skipped")
        return []
    units = {u.code: u for u in CompetencyUnit.objects.filter(code__in=list(COMPETENCY_UNITS))}
    if not units:
        _write(
            out,
            "curriculum: the competency taxonomy is not loaded (no sample units); skipped. "
            "Run load_ansan_competencies() first.",
        )
        return []
    orgs = {o.name: o for o in Organisation.objects.filter(district=district)}
    rng = random.Random(SEED)
    this_year = timezone.localdate().year
    programmes: dict[str, Programme] = {}
    modules: dict[tuple[str, str], Module] = {}
    for spec in PROGRAMMES:
        provider = orgs.get(spec.provider)
        if provider is None:
            _write(
                out, f"curriculum: no organisation {spec.provider}; programme {spec.name} skipped"
            )
            continue
        programme, _ = Programme.objects.update_or_create(
            provider=provider,
            name=spec.name,
            defaults={
                "district": district,
                "kind": spec.kind,
                "description": f"{spec.description}. {SAMPLE_NOTE}"
                if spec.description
                else SAMPLE_NOTE,
                "is_sample": True,
            },
        )
        programmes[spec.name] = programme
        for order, mspec in enumerate(spec.modules, start=1):
            module, _ = Module.objects.update_or_create(
                programme=programme,
                name=mspec.name,
                defaults={"order": order, "description": mspec.description},
            )
            rows = _unit_rows(mspec.units, units)
            wanted = {u.pk: h for u, h in rows}
            have = dict(module.unit_hours.values_list("unit_id", "hours"))
            if have != wanted:
                module.unit_hours.all().delete()
                ModuleUnit.objects.bulk_create(
                    [ModuleUnit(module=module, unit=u, hours=h) for u, h in rows]
                )
            modules[(spec.name, mspec.name)] = module
        low, high = spec.size
        for year in YEARS:
            enrolled = rng.randint(low, high)
            rate = rng.uniform(0.78, 0.97)
            completed = round(enrolled * rate) if year < this_year else None
            Cohort.objects.update_or_create(
                programme=programme,
                year=year,
                defaults={"district": district, "enrolled": enrolled, "completed": completed},
            )

    users = {
        "company": User.objects.filter(username="company").first(),
        "school": User.objects.filter(username="school").first(),
        "coordinator": User.objects.filter(username="coordinator").first(),
    }
    n_proposals = 0
    for pspec in PROPOSALS:
        proposer = orgs.get(pspec.proposer)
        programme = programmes.get(pspec.programme)
        if proposer is None or programme is None:
            continue
        first_name = pspec.versions[0][0]
        exists = ModuleProposal.objects.filter(
            programme=programme,
            proposer=proposer,
            versions__number=1,
            versions__name=first_name,
        ).exists()
        if exists:
            continue
        target = modules.get((pspec.programme, pspec.module)) if pspec.module else None
        company_user = users["company"] if proposer.name == COMPANY_USER_ORG else None
        proposal = ModuleProposal.objects.create(
            district=district,
            programme=programme,
            module=target,
            is_change=target is not None,
            proposer=proposer,
            status=pspec.status,
            created_by=company_user,
            is_sample=True,
        )
        for number, (name, description, codes) in enumerate(pspec.versions, start=1):
            ProposalVersion.objects.create(
                proposal=proposal,
                number=number,
                name=name,
                description=description,
                units=[
                    {"unit": u.pk, "code": u.code, "name": u.name, "hours": h}
                    for u, h in sorted(_unit_rows(codes, units), key=lambda r: r[0].code)
                ],
                author=company_user,
                author_name=str(company_user) if company_user else f"{proposer.name} 담당자(예시)",
            )
        now = timezone.now()
        for who, text, status_to in pspec.comments:
            if who == "company":
                user, org = company_user, proposer
            elif who == "school":  # the provider: its login only if it has one here
                org = programme.provider
                school_user = users["school"]
                user = (
                    school_user if school_user and school_user.organisation_id == org.pk else None
                )
            else:
                user = users["coordinator"]
                org = getattr(user, "organisation", None)
            ProposalComment.objects.create(
                proposal=proposal,
                author=user,
                author_name=str(user) if user else f"{getattr(org, 'name', '')} 담당자(예시)",
                organisation=org,
                text=text,
                status_to=status_to,
            )
        if pspec.status != S.DRAFT:
            proposal.submitted_at = now
        if pspec.status in (S.APPROVED, S.REJECTED):
            proposal.decided_at = now
        if pspec.status == S.APPROVED:
            last_name = pspec.versions[-1][0]
            proposal.result_module = target or modules.get((pspec.programme, last_name))
        proposal.save()
        n_proposals += 1

    _write(
        out,
        f"curriculum: {len(programmes)} programmes, {len(modules)} modules, "
        f"{Cohort.objects.filter(programme__in=programmes.values()).count()} cohorts, "
        f"{n_proposals} new proposals",
    )
    return list(programmes.values())
