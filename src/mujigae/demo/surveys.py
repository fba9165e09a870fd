"""Demo surveys of the Ansan district (MOU clause 8), all invented.

* The open **this year's 기업 현장 수요조사** (from the ready demand template), sent to
  every sample company of Ansan: about 75 % submitted with plausible answers,
  about 10 % in progress, the rest sent or opened only. The deadline is 14
  days after today.
* The closed **last year's 기업 실태조사** (from the fact-finding template), for
  history: about 60 % submitted.

Answers go through `services_answer.response_save`, so they are checked and stored
exactly as a company's would be. Hiring rows use a small fixed list of
occupations and NCS-style competency units (`OCCUPATIONS`, `COMPETENCY_UNITS`)
so they can later be matched to the competency taxonomy.

`load_ansan_surveys()` runs after `load_ansan()`. It is idempotent: surveys are
keyed on (district, title), invitations are unique per survey and company, and
a company that already has a response is left alone. It is deterministic: every
invented value comes from a random.Random with a fixed seed; times are relative
to now (this year's survey) or fixed in last year (the closed survey).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from typing import Any, TextIO

from django.db import transaction
from django.utils import timezone

from mujigae.core.models import District, User
from mujigae.demo.ansan import COMPANY_USER_ORG, DISTRICT, SEOUL
from mujigae.partners.models import Organisation, OrgKind
from mujigae.surveys import services_answer, services_design, services_send
from mujigae.surveys.models import Invitation, Response, Survey, size_class
from mujigae.surveys.templates_data import survey_from_template

SEED = 20250808
VIA = "demo"

# This year's demand survey (open) and last year's fact-finding survey (closed).
DEMAND_YEAR = timezone.localdate().year
DEMAND_TITLE = f"{DEMAND_YEAR} 안산 기업 현장 수요조사"
DEMAND_DAYS_OPEN = 14  # deadline: this many days after today
DEMAND_SENT_DAYS_AGO = 7
DEMAND_SUBMITTED = 0.75
DEMAND_DRAFTS = 0.10

FACT_YEAR = DEMAND_YEAR - 1
FACT_TITLE = f"{FACT_YEAR} 안산 기업 실태조사"
FACT_SENT_AT = dt.datetime(FACT_YEAR, 10, 14, 10, 0, tzinfo=SEOUL)
FACT_DEADLINE = dt.datetime(FACT_YEAR, 11, 8, 18, 0, tzinfo=SEOUL)
FACT_SUBMITTED = 0.60
FACT_DRAFTS = 0.05

# NCS-style competency units (code → name). Invented in the NCS format
# (분류번호_버전 능력단위명); the taxonomy issue maps them to the real units.
COMPETENCY_UNITS: dict[str, str] = {
    "1903060101_17v1": "로봇 유지보수 계획 수립",
    "1903060102_17v1": "로봇 하드웨어 점검",
    "1903060103_17v1": "로봇 제어기 고장 진단",
    "1903060201_17v1": "산업용 로봇 티칭",
    "1903060302_17v1": "머신비전 영상 획득",
    "1903060303_17v1": "머신비전 검사 알고리즘 적용",
    "1903080101_17v1": "PLC 제어 프로그램 작성",
    "1903080102_17v1": "PLC 입출력 회로 구성",
    "1903080103_17v1": "자동제어 시스템 유지보수",
    "1502010105_16v3": "CNC 선반 가공",
    "1502010106_16v3": "머시닝센터 가공",
    "1502010110_16v3": "정밀 측정",
    "1502030101_16v2": "품질검사 계획 수립",
    "1502030102_16v2": "측정기 관리",
    "1502030103_16v2": "공정 품질관리",
    "1502060101_20v1": "스마트공장 운영 계획",
    "1502060102_20v1": "설비 데이터 수집·분석",
    "1502060103_20v1": "생산관리시스템(MES) 운영",
}

ROBOT = "robot-ai"
DIGITAL = "digital-manufacturing"

# occupation → (industries it belongs to, competency unit codes)
OCCUPATIONS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "로봇 유지보수 기술자": (
        (ROBOT,),
        ("1903060101_17v1", "1903060102_17v1", "1903060103_17v1", "1903060201_17v1"),
    ),
    "머신비전 검사원": (
        (ROBOT,),
        ("1903060302_17v1", "1903060303_17v1", "1502030103_16v2"),
    ),
    "PLC 제어 기술자": (
        (ROBOT, DIGITAL),
        ("1903080101_17v1", "1903080102_17v1", "1903080103_17v1"),
    ),
    "스마트팩토리 운영원": (
        (ROBOT, DIGITAL),
        ("1502060101_20v1", "1502060102_20v1", "1502060103_20v1"),
    ),
    "CNC 가공원": (
        (DIGITAL,),
        ("1502010105_16v3", "1502010106_16v3", "1502010110_16v3"),
    ),
    "품질관리원": (
        (DIGITAL,),
        ("1502030101_16v2", "1502030102_16v2", "1502030103_16v2", "1502010110_16v3"),
    ),
}

TIMING_WEIGHTS = {"this_year": 6, "next_year": 3, "in_two_years": 2}

# How some companies describe the skills instead of writing unit codes: these
# rows wait in the coordinator's confirmation queue (free text → competency units).
IN_THEIR_OWN_WORDS = {
    "로봇 유지보수 기술자": "로봇 정비, 고장 나면 원인 찾아서 고칠 줄 아는 분",
    "머신비전 검사원": "비전 카메라로 불량 검출 세팅해 본 경험",
    "PLC 제어 기술자": "PLC 래더 프로그램 수정, 입출력 배선",
    "스마트팩토리 운영원": "MES 운영하고 설비 데이터 모아서 분석",
    "CNC 가공원": "CNC 선반이랑 MCT 다룰 줄 아는 사람",
    "품질관리원": "측정기로 치수 검사하고 공정 품질 관리",
}

DIFFICULTIES = [
    "현장 경험이 있는 로봇 유지보수 인력을 구하기가 매우 어렵습니다.",
    "신입 직원이 입사 후 1~2년 안에 수도권 대기업으로 이직하는 경우가 많습니다.",
    "PLC와 자동제어를 함께 다룰 수 있는 인력이 부족해 외부 업체에 의존하고 있습니다.",
    "직업계고 졸업생의 기초 역량은 좋지만 실제 설비를 다뤄 본 경험이 부족합니다.",
    "산업단지까지 대중교통이 불편해 청년 구직자의 지원이 적습니다.",
    "중소기업이라 교육 담당자가 따로 없어 신입 직원 교육에 시간이 많이 듭니다.",
    "스마트공장 설비를 도입했지만 데이터를 분석하고 운영할 인력이 없습니다.",
    "CNC 가공 숙련 인력이 고령화되어 기술 전수가 시급합니다.",
    "현장실습생을 받고 싶지만 안전교육과 지도 인력 부담이 큽니다.",
    "임금 수준이 대기업보다 낮아 우수 인재 채용에 한계가 있습니다.",
    "머신비전 검사 장비를 다룰 수 있는 인력을 학교에서 미리 길러 주면 좋겠습니다.",
    "교대 근무에 대한 거부감 때문에 생산직 채용이 어렵습니다.",
    "기숙사나 주거 지원이 없어 지역 외 인재를 채용하기 어렵습니다.",
]

TRAINING_WEIGHTS = {
    "technical": 9,
    "safety": 6,
    "digital": 7,
    "quality": 5,
    "language": 1,
    "attitude": 4,
}

KSIC = {
    "robotics": "C29280 (산업용 로봇 제조업)",
    "machinery": "C29 (기타 기계 및 장비 제조업)",
    "metal": "C25 (금속 가공제품 제조업)",
    "electronics": "C26 (전자 부품 제조업)",
    "automotive": "C30 (자동차 및 트레일러 제조업)",
    "it": "J62 (컴퓨터 프로그래밍, 시스템 통합 및 관리업)",
}


@dataclass
class DemoSurveys:
    demand: Survey
    fact_finding: Survey
    sample_token: str | None  # a personal link not yet submitted, for trying the company side


def _write(stdout: TextIO | None, message: str) -> None:
    if stdout is not None:
        stdout.write(message + "\n")


def _industry(org: Organisation) -> str:
    """The demand template's industry option for a sample company (from its speciality)."""
    text = org.description
    if "자동차" in text:
        return "automotive"
    if any(k in text for k in ("로봇", "모션", "그리퍼", "감속기", "자동화", "메카트로닉스")):
        return "robotics"
    if any(k in text for k in ("센서", "IoT")):
        return "electronics"
    if any(k in text for k in ("AI", "데이터", "디지털트윈", "MES", "모니터링", "컨설팅")):
        return "it"
    return "machinery"


def _ksic(org: Organisation) -> str:
    industry = _industry(org)
    if industry == "machinery" and any(k in org.description for k in ("가공", "금형", "판금")):
        return KSIC["metal"]
    return KSIC[industry]


def _industry_codes(org: Organisation) -> set[str]:
    return set(org.industries.values_list("code", flat=True))


def _pick(rng: random.Random, weights: dict[str, int], k: int) -> list[str]:
    """k distinct keys drawn by weight, in the dict's order."""
    pool = dict(weights)
    chosen = []
    for _ in range(min(k, len(pool))):
        key = rng.choices(list(pool), weights=list(pool.values()))[0]
        chosen.append(key)
        del pool[key]
    order = list(weights)
    return sorted(chosen, key=order.index)


def _hiring_rows(rng: random.Random, org: Organisation, takes_trainees: bool) -> list[dict]:
    codes = _industry_codes(org)
    weights = {
        name: (3 if name in ("로봇 유지보수 기술자", "CNC 가공원", "품질관리원") else 2)
        for name, (industries, _units) in OCCUPATIONS.items()
        if codes & set(industries)
    }
    if codes == {ROBOT}:  # robot makers hire few plant operators
        weights["스마트팩토리 운영원"] = 1
    if "비전" in org.description and "머신비전 검사원" in weights:
        weights["머신비전 검사원"] = 6
    if "CNC" in org.description and "CNC 가공원" in weights:
        weights["CNC 가공원"] = 6
    size = size_class(org.employees)
    most = {"micro": 1, "small": 2, "medium": 3, "large": 3}.get(size, 2)
    # headcounts a company of its size plausibly plans (the gap: some units short)
    max_head = {"micro": 2, "small": 5, "medium": 10, "large": 20}.get(size, 5)
    rows = []
    for occupation in _pick(rng, weights, rng.randint(1, most)):
        units = OCCUPATIONS[occupation][1]
        chosen = sorted(rng.sample(units, rng.randint(1, min(3, len(units)))), key=units.index)
        # a separate generator: the main one's sequence (and so the rest of the
        # demo) stays as it was
        own_words = random.Random(f"{org.name}:{occupation}").random() < 0.2
        rows.append(
            {
                "occupation": occupation,
                "competency_units": IN_THEIR_OWN_WORDS[occupation]
                if own_words
                else ", ".join(f"{c} {COMPETENCY_UNITS[c]}" for c in chosen),
                "headcount": rng.randint(1, max_head),
                "timing": rng.choices(list(TIMING_WEIGHTS), weights=TIMING_WEIGHTS.values())[0],
                "accepts_trainees": "yes" if takes_trainees and rng.random() < 0.72 else "",
            }
        )
    return rows


def _demand_answers(rng: random.Random, org: Organisation, *, complete: bool) -> dict[str, Any]:
    """Plausible answers to the demand template (code → raw value)."""
    takes = rng.random() < 0.7
    data: dict[str, Any] = {
        "size": size_class(org.employees),
        "industry": _industry(org),
        "employees": org.employees,
    }
    hiring = [] if rng.random() < 0.06 else _hiring_rows(rng, org, takes)
    if not complete:  # a draft: the first page, sometimes the hiring table too
        if rng.random() < 0.5 and hiring:
            data["hiring"] = hiring
        return data
    if hiring:
        data["hiring"] = hiring
    data["training_needs"] = _pick(rng, TRAINING_WEIGHTS, rng.randint(1, 4))
    data["takes_trainees"] = "yes" if takes else "no"
    if takes:
        cap = max(1, min(6, (org.employees or 10) // 25))
        data["trainee_count"] = rng.randint(1, cap)
    if rng.random() < 0.8:
        data["difficulties"] = " ".join(rng.sample(DIFFICULTIES, rng.randint(1, 2)))
    return data


def _fact_answers(rng: random.Random, org: Organisation, *, complete: bool) -> dict[str, Any]:
    """Plausible answers to the fact-finding template, a year before the demand survey."""
    employees = max(1, round((org.employees or 10) * rng.uniform(0.85, 1.0)))
    data: dict[str, Any] = {
        "size": size_class(employees),
        "industry_code": _ksic(org),
        "employees": employees,
    }
    if not complete:
        return data
    founded = dt.date(rng.randint(1988, 2019), rng.randint(1, 12), rng.randint(1, 28))
    data["founded_on"] = founded.isoformat()
    data["young_hires"] = rng.randint(0, max(1, employees // 12))
    data["training_needs"] = _pick(rng, TRAINING_WEIGHTS, rng.randint(1, 3))
    problems = {"recruiting": 8, "turnover": 6, "skills": 5, "wages": 4, "other": 1}
    data["difficulties"] = _pick(rng, problems, rng.randint(1, 3))
    if rng.random() < 0.6:
        data["difficulties_text"] = rng.choice(DIFFICULTIES)
    data["satisfaction"] = rng.choices(["2", "3", "4", "5"], weights=[1, 4, 6, 3])[0]
    return data


def _survey(
    *, actor: Any, district: District, key: str, title: str, year: int
) -> tuple[Survey, bool]:
    survey = Survey.objects.filter(district=district, title=title).first()
    if survey is not None:
        return survey, False
    survey = survey_from_template(
        actor=actor, district=district, key=key, title=title, year=year, via=VIA
    )
    return survey, True


def _invite(*, actor: Any, survey: Survey, sent_at: dt.datetime) -> list[Invitation]:
    """Invitations to every sample company, marked sent (no email in the demo)."""
    companies = Organisation.objects.filter(
        district=survey.district, kind=OrgKind.COMPANY, is_sample=True
    ).order_by("name")
    services_send.invitations_create(actor=actor, survey=survey, organisations=companies)
    Invitation.objects.filter(survey=survey, sent_at__isnull=True).update(sent_at=sent_at)
    Invitation.objects.filter(survey=survey, status=Invitation.Status.PENDING).update(
        status=Invitation.Status.SENT
    )
    return list(
        Invitation.objects.filter(survey=survey)
        .select_related("organisation")
        .order_by("organisation__name")
    )


def _plan(
    invitations: list[Invitation], seed: str, submitted: float, drafts: float, keep_open: str = ""
) -> dict[int, str]:
    """invitation id → "submitted" | "draft" | "opened" | "sent", deterministic.
    The company named `keep_open` (the demo company login) is left "sent"."""
    order = sorted(invitations, key=lambda i: i.organisation.name)
    random.Random(seed).shuffle(order)
    order.sort(key=lambda i: i.organisation.name == keep_open)  # stable: keep_open last
    n = len(order)
    n_sub, n_draft = round(n * submitted), max(1, round(n * drafts))
    n_open = (n - n_sub - n_draft) // 2
    plan = {}
    for pos, inv in enumerate(order):
        if pos < n_sub:
            plan[inv.pk] = "submitted"
        elif pos < n_sub + n_draft:
            plan[inv.pk] = "draft"
        elif pos < n_sub + n_draft + n_open and inv.organisation.name != keep_open:
            plan[inv.pk] = "opened"
        else:
            plan[inv.pk] = "sent"
    return plan


def _answer(
    *,
    invitations: list[Invitation],
    plan: dict[int, str],
    make: Any,
    seed: str,
    sent_at: dt.datetime,
    until: dt.datetime,
) -> None:
    """Open, draft or submit each invitation per `plan`; invitations that already
    have a response (from an earlier run, or a person trying the demo) are skipped."""
    answered = set(
        Response.objects.filter(invitation__in=invitations).values_list("invitation_id", flat=True)
    )
    span = (until - sent_at).total_seconds()
    for inv in invitations:
        step = plan[inv.pk]
        if step == "sent" or inv.pk in answered:
            continue
        org = inv.organisation
        rng = random.Random(f"{seed}/{org.name}")
        opened = sent_at + dt.timedelta(seconds=span * rng.uniform(0.02, 0.5))
        if step == "opened":
            Invitation.objects.filter(pk=inv.pk, opened_at__isnull=True).update(opened_at=opened)
            Invitation.objects.filter(pk=inv.pk, status=Invitation.Status.SENT).update(
                status=Invitation.Status.OPENED
            )
            continue
        final = step == "submitted"
        response, checked = services_answer.response_save(
            invitation=inv, data=make(rng, org, complete=final), final=final
        )
        if response is None or (final and not checked.ok):
            raise RuntimeError(f"demo answers of {org.name} rejected: {checked.errors}")
        done = opened + dt.timedelta(
            seconds=(until - opened).total_seconds() * rng.uniform(0.1, 0.9)
        )
        Response.objects.filter(pk=response.pk).update(
            started_at=opened, submitted_at=done if final else None, updated_at=done
        )
        Invitation.objects.filter(pk=inv.pk).update(
            opened_at=opened, started_at=opened, submitted_at=done if final else None
        )


def _counts(survey: Survey) -> str:
    invitations = survey.invitations.count()
    submitted = survey.responses.filter(is_submitted=True).count()
    drafts = survey.responses.filter(is_submitted=False).count()
    share = f"{submitted / invitations:.0%}" if invitations else "—"
    return f"초대 {invitations}, 제출 {submitted} ({share}), 작성 중 {drafts}"


def sample_token(survey: Survey) -> str | None:
    """A personal link not yet submitted: the demo company login's, else the first by name."""
    pending = survey.invitations.exclude(status=Invitation.Status.SUBMITTED).select_related(
        "organisation"
    )
    own = pending.filter(organisation__name=COMPANY_USER_ORG).first()
    inv = own or pending.order_by("organisation__name").first()
    return inv.token if inv else None


@transaction.atomic
def load_ansan_surveys(stdout: TextIO | None = None) -> DemoSurveys:
    """Create or complete the Ansan demo surveys. Run `load_ansan()` first.
    Safe to run any number of times."""
    district = District.objects.get(code=DISTRICT["code"])
    actor = User.objects.filter(username="coordinator").first()
    now = timezone.now()

    # The closed last year's fact-finding survey: answered while open, then closed.
    fact, _new = _survey(
        actor=actor, district=district, key="fact_finding", title=FACT_TITLE, year=FACT_YEAR
    )
    if fact.status == Survey.Status.DRAFT:
        services_design.survey_update(
            actor=actor, survey=fact, deadline=now + dt.timedelta(days=1), via=VIA
        )
        fact = services_design.survey_set_status(
            actor=actor, survey=fact, status=Survey.Status.OPEN, via=VIA
        )
    if fact.status == Survey.Status.OPEN:
        if fact.is_past_deadline:  # an interrupted earlier run: reopen briefly
            Survey.objects.filter(pk=fact.pk).update(deadline=now + dt.timedelta(days=1))
            fact.refresh_from_db()
        invitations = _invite(actor=actor, survey=fact, sent_at=FACT_SENT_AT)
        seed = f"{SEED}/{FACT_TITLE}"
        _answer(
            invitations=invitations,
            plan=_plan(invitations, seed, FACT_SUBMITTED, FACT_DRAFTS),
            make=_fact_answers,
            seed=seed,
            sent_at=FACT_SENT_AT,
            until=FACT_DEADLINE,
        )
        fact = services_design.survey_set_status(
            actor=actor, survey=fact, status=Survey.Status.CLOSED, via=VIA
        )
        Survey.objects.filter(pk=fact.pk).update(deadline=FACT_DEADLINE)
        fact.refresh_from_db()

    # The open this year's demand survey: the deadline stays 14 days after today.
    demand, _new = _survey(
        actor=actor, district=district, key="demand", title=DEMAND_TITLE, year=DEMAND_YEAR
    )
    deadline = timezone.localtime(now, SEOUL).replace(
        hour=18, minute=0, second=0, microsecond=0
    ) + dt.timedelta(days=DEMAND_DAYS_OPEN)
    if demand.status == Survey.Status.DRAFT:
        services_design.survey_update(actor=actor, survey=demand, deadline=deadline, via=VIA)
        demand = services_design.survey_set_status(
            actor=actor, survey=demand, status=Survey.Status.OPEN, via=VIA
        )
    if demand.status == Survey.Status.OPEN:
        if demand.deadline != deadline:
            Survey.objects.filter(pk=demand.pk).update(deadline=deadline)
            demand.refresh_from_db()
        sent_at = (now - dt.timedelta(days=DEMAND_SENT_DAYS_AGO)).replace(microsecond=0)
        invitations = _invite(actor=actor, survey=demand, sent_at=sent_at)
        seed = f"{SEED}/{DEMAND_TITLE}"
        _answer(
            invitations=invitations,
            plan=_plan(
                invitations, seed, DEMAND_SUBMITTED, DEMAND_DRAFTS, keep_open=COMPANY_USER_ORG
            ),
            make=_demand_answers,
            seed=seed,
            sent_at=sent_at,
            until=now - dt.timedelta(hours=1),
        )

    _write(stdout, f"{fact.title} (마감): {_counts(fact)}")
    _write(stdout, f"{demand.title} (진행 중): {_counts(demand)}")
    return DemoSurveys(demand=demand, fact_finding=fact, sample_token=sample_token(demand))
