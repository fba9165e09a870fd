"""The Ansan district (안산 무지개 직업교육 혁신지구) as demo data.

Facts from the source article (seed/000): the district, its two specialised
industries, the 18 signing parties (12 named; the 6 specialised high schools
are not named there, so their names here are invented and marked "(예시)"),
the heads quoted (교육장 김태훈, 시장 이민근), the council chair (경기도의회
장윤정 의원), the three 2024 events (9 April 간담회, 24 June 협의회, 8 August
업무협약 at 안산시청 제1회의실) and the eight MOU clauses.

Everything else is invented and carries `is_sample=True` or "(예시)" in its
title: the companies of the Smart Hub, the contact persons, follow-up
meetings, action items, commitment statuses and the demo logins. The times of
day of the three real events are not in the article either; they are set to
plausible office hours.

`load_ansan()` is idempotent (every row is keyed on a natural key and written
with update_or_create) and deterministic (invented numbers come from a
random.Random with a fixed seed; dates of follow-up items are relative to
today).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import TextIO
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from mujigae.core.models import District, Industry, Role, User
from mujigae.demo import DEMO_PASSWORD, SAMPLE_MARK
from mujigae.governance.models import (
    ActionItem,
    Agreement,
    Clause,
    Commitment,
    Decision,
    Meeting,
    MeetingKind,
)
from mujigae.partners.models import Organisation, OrgKind, Person

SEOUL = ZoneInfo("Asia/Seoul")
SEED = 20240808
ROBOT = "robot-ai"
DIGITAL = "digital-manufacturing"
BOTH = (ROBOT, DIGITAL)

DISTRICT = {
    "code": "ansan",
    "name": "안산 무지개 직업교육 혁신지구",
    "name_en": "Ansan Rainbow Vocational Education Innovation District",
    "region": "경기도 안산시",
    "year_designated": 2025,
    "is_sample": False,
    "description": (
        "안산교육지원청과 안산시가 함께 추진하는 직업교육 혁신지구. 2024년 8월 8일 "
        "18개 관계기관이 업무협약을 체결했다. 지역특화산업: 로봇 AI, 디지털제조. "
        "목표: 직업계고 학생의 취업·진학, 지역 수요 맞춤형 고졸 인재 양성, 협약형 "
        "특성화고·교육발전특구 연계, 졸업생이 안산에 머물러 일하는 정주 생태계 구축."
    ),
}

INDUSTRIES = [
    (ROBOT, "로봇 AI", "Robot AI"),
    (DIGITAL, "디지털제조", "Digital Manufacturing"),
]
INDUSTRIES_FIXED_ON = dt.date(2024, 6, 24)


@dataclass(frozen=True)
class Org:
    key: str
    name: str
    name_en: str
    kind: str
    area: str
    industries: tuple[str, ...] = BOTH
    description: str = ""
    signatory: bool = True
    sample: bool = False
    participating: bool = False
    employees: int | None = None


CITYWIDE = "안산시 전역"
BANWOL = "반월 스마트허브"
SIHWA = "시화 스마트허브"
SMART_HUB = "반월·시화 스마트허브"

# The 12 signing parties the article names, in its order.
NAMED_PARTIES = [
    Org(
        "office",
        "안산교육지원청",
        "Ansan Office of Education",
        OrgKind.EDUCATION_OFFICE,
        CITYWIDE,
        description="혁신지구 공동 추진 기관. 직업계고 지원과 지역직업교육협의회 운영을 맡는다.",
    ),
    Org(
        "city",
        "안산시",
        "Ansan City",
        OrgKind.CITY,
        "단원구",
        description="혁신지구 공동 추진 기관. 행·재정 지원과 청년 정주 정책을 맡는다.",
    ),
    Org(
        "chamber",
        "안산상공회의소",
        "Ansan Chamber of Commerce and Industry",
        OrgKind.CHAMBER,
        CITYWIDE,
        description="회원 기업의 인력 수요 파악과 채용 연계를 돕는다.",
    ),
    Org(
        "kicox",
        "한국산업단지공단 경기지역본부",
        "Korea Industrial Complex Corporation, Gyeonggi Regional Headquarters",
        OrgKind.PUBLIC_AGENCY,
        SMART_HUB,
        description="반월·시화 국가산업단지(스마트허브) 입주기업 지원과 실태조사를 맡는다.",
    ),
    Org(
        "technopark",
        "경기테크노파크",
        "Gyeonggi Technopark",
        OrgKind.PUBLIC_AGENCY,
        "상록구",
        description="로봇·제조 기업 기술 지원과 기업 지원사업을 연계한다.",
    ),
    Org(
        "erica",
        "한양대학교 ERICA",
        "Hanyang University ERICA",
        OrgKind.UNIVERSITY,
        "상록구",
        description="로봇 AI 심화 교육과 직무 분석을 지원한다.",
    ),
    Org(
        "shinansan",
        "신안산대학교",
        "Shin Ansan University",
        OrgKind.UNIVERSITY,
        "단원구",
        description="특성화고 연계 전문학사 과정과 후진학을 지원한다.",
    ),
    Org(
        "ansan-univ",
        "안산대학교",
        "Ansan University",
        OrgKind.UNIVERSITY,
        "상록구",
        description="특성화고 연계 교육과 진학을 지원한다.",
    ),
    Org(
        "smarthub-assoc",
        "(사)스마트허브경영자협회",
        "Smart Hub Managers' Association",
        OrgKind.ASSOCIATION,
        BANWOL,
        description="스마트허브 기업 경영자 단체. 현장실습과 채용 기업을 모은다.",
    ),
    Org(
        "women-managers",
        "스마트허브 여성경영자협의회",
        "Smart Hub Women Managers' Council",
        OrgKind.ASSOCIATION,
        SMART_HUB,
        description="스마트허브 여성 경영자 협의체. 기업 현장 견학과 멘토링을 돕는다.",
    ),
    Org(
        "sbti",
        "중소벤처기업연수원",
        "SME & Venture Training Institute",
        OrgKind.TRAINING,
        "단원구",
        description="재직자·교원 연수와 실습 교육을 지원한다.",
    ),
    Org(
        "job-centre",
        "안산고용복지플러스센터",
        "Ansan Employment & Welfare Plus Centre",
        OrgKind.EMPLOYMENT_CENTRE,
        CITYWIDE,
        industries=(),
        description="청년 취업 지원 프로그램과 고용 정보를 연계한다.",
    ),
]

_SCHOOL_NOTE = "예시 학교: 기사에 학교명이 없어 지어낸 이름입니다. 실제 안산 특성화고 6개교 중 하나를 나타냅니다."

# The article says "안산 6개 특성화고등학교장" without names: invented names.
SCHOOLS = [
    Org(
        "school-robot",
        f"안산로봇고등학교{SAMPLE_MARK}",
        "Ansan Robot High School (sample)",
        OrgKind.SCHOOL,
        "단원구",
        (ROBOT,),
        f"{_SCHOOL_NOTE} 로봇제어·협동로봇 학과.",
        sample=True,
    ),
    Org(
        "school-digital",
        f"안산디지털제조고등학교{SAMPLE_MARK}",
        "Ansan Digital Manufacturing High School (sample)",
        OrgKind.SCHOOL,
        "단원구",
        (DIGITAL,),
        f"{_SCHOOL_NOTE} 스마트팩토리·CNC 학과.",
        sample=True,
    ),
    Org(
        "school-ai",
        f"상록AI소프트웨어고등학교{SAMPLE_MARK}",
        "Sangnok AI Software High School (sample)",
        OrgKind.SCHOOL,
        "상록구",
        (ROBOT,),
        f"{_SCHOOL_NOTE} AI 비전·임베디드 학과.",
        sample=True,
    ),
    Org(
        "school-precision",
        f"반월정밀기계고등학교{SAMPLE_MARK}",
        "Banwol Precision Machinery High School (sample)",
        OrgKind.SCHOOL,
        "단원구",
        (DIGITAL,),
        f"{_SCHOOL_NOTE} 정밀가공·금형 학과.",
        sample=True,
    ),
    Org(
        "school-mechatronics",
        f"시화메카트로닉스고등학교{SAMPLE_MARK}",
        "Sihwa Mechatronics High School (sample)",
        OrgKind.SCHOOL,
        "단원구",
        BOTH,
        f"{_SCHOOL_NOTE} 메카트로닉스·자동화 학과.",
        sample=True,
    ),
    Org(
        "school-electronics",
        f"상록스마트전자고등학교{SAMPLE_MARK}",
        "Sangnok Smart Electronics High School (sample)",
        OrgKind.SCHOOL,
        "상록구",
        BOTH,
        f"{_SCHOOL_NOTE} 전자·IoT 학과.",
        sample=True,
    ),
]

SIGNATORIES = NAMED_PARTIES + SCHOOLS  # the 18 parties

COUNCIL = Org(
    "council",
    "안산 지역직업교육협의회",
    "Ansan Regional Vocational Education Council",
    OrgKind.COUNCIL,
    CITYWIDE,
    description="안산 지역 직업교육 관계기관 협의체. 위원장: 경기도의회 장윤정 의원.",
    signatory=False,
)

# About 40 invented companies of the Smart Hub (반월·시화 국가산업단지).
# (name, industries, area, speciality)
# fmt: off
_COMPANIES = [
    ("(주)반월로보틱스", BOTH, BANWOL, "협동로봇 셀 설계·통합"),
    ("시화오토메이션(주)", (DIGITAL,), SIHWA, "공정 자동화 설비 제작"),
    ("스마트허브정밀", (DIGITAL,), BANWOL, "CNC 정밀가공 부품"),
    ("(주)한빛비전AI", (ROBOT,), BANWOL, "AI 비전 검사 시스템"),
    ("대성정밀기계", (DIGITAL,), SIHWA, "정밀 기계 부품 가공"),
    ("누리스마트팩토리(주)", (DIGITAL,), BANWOL, "스마트팩토리 MES 구축"),
    ("고잔모션테크", (ROBOT,), BANWOL, "서보모터·모션 제어기"),
    ("(주)성곡협동로봇", (ROBOT,), BANWOL, "협동로봇 응용 솔루션"),
    ("원시정밀가공", (DIGITAL,), BANWOL, "금형·정밀 가공"),
    ("초지메카트로닉스", BOTH, BANWOL, "메카트로닉스 모듈"),
    ("(주)해솔AI비전", (ROBOT,), SIHWA, "머신비전 불량 검출"),
    ("새솔자동화", (DIGITAL,), SIHWA, "조립 자동화 라인"),
    ("다온로봇시스템(주)", (ROBOT,), BANWOL, "물류 이송 로봇(AMR)"),
    ("한결정밀", (DIGITAL,), SIHWA, "선반·밀링 정밀 부품"),
    ("(주)미래디지털제조", (DIGITAL,), BANWOL, "디지털트윈 공정 시뮬레이션"),
    ("온누리센서텍", (ROBOT,), SIHWA, "산업용 센서·IoT 모듈"),
    ("이음스마트솔루션", BOTH, BANWOL, "설비 데이터 수집·분석"),
    ("바른금형", (DIGITAL,), SIHWA, "사출 금형 설계·제작"),
    ("(주)가온CNC", (DIGITAL,), BANWOL, "5축 CNC 가공"),
    ("세움오토텍", (DIGITAL,), SIHWA, "자동차 부품 자동화 설비"),
    ("푸른산업로봇", (ROBOT,), BANWOL, "용접·도장 로봇 시스템"),
    ("(주)라온비전시스템", (ROBOT,), SIHWA, "3D 비전 측정"),
    ("한울정밀부품", (DIGITAL,), BANWOL, "정밀 부품 양산"),
    ("에이치엠모션(주)", (ROBOT,), BANWOL, "로봇 감속기·구동부"),
    ("정왕스마트기계", (DIGITAL,), SIHWA, "스마트 공작기계"),
    ("두리자동화설비", (DIGITAL,), SIHWA, "공장 자동화 설비 유지보수"),
    ("(주)빛나래AI", (ROBOT,), BANWOL, "제조 AI 품질 예측"),
    ("아람디지털트윈", BOTH, BANWOL, "디지털트윈 플랫폼"),
    ("다솜정밀", (DIGITAL,), SIHWA, "정밀 판금·레이저 가공"),
    ("은하로보텍(주)", (ROBOT,), BANWOL, "로봇 그리퍼·엔드이펙터"),
    ("신길메카닉스", BOTH, BANWOL, "자동화 지그·치구"),
    ("목내스마트공정", (DIGITAL,), BANWOL, "공정 모니터링 시스템"),
    ("(주)별가람센서", (ROBOT,), SIHWA, "라이다·근접 센서"),
    ("하늘금속가공", (DIGITAL,), SIHWA, "금속 절삭·표면처리"),
    ("큰솔스마트팩토리", (DIGITAL,), BANWOL, "스마트공장 구축 컨설팅"),
    ("단원정밀(주)", (DIGITAL,), BANWOL, "초정밀 가공 부품"),
    ("상록AI솔루션", (ROBOT,), SIHWA, "AI 예지보전"),
    ("(주)해오름로봇", (ROBOT,), BANWOL, "교육·서비스 로봇"),
    ("나래3D프린팅", (DIGITAL,), SIHWA, "금속 3D 프린팅 시제품"),
    ("서해정밀기계(주)", (DIGITAL,), SIHWA, "산업용 기계 부품"),
]
# fmt: on
COMPANY_NOTE = "예시 기업: 데모를 위해 지어낸 기업으로 실제 기업이 아닙니다."

# Logins: the company, school and partner users belong to these.
COMPANY_USER_ORG = "(주)반월로보틱스"
COMPANY_B_ORG = "(주)한빛비전AI"
SCHOOL_USER_ORG = SCHOOLS[0].name
PARTNER_USER_ORG = "안산상공회의소"


def _companies() -> list[Org]:
    rng = random.Random(SEED)
    orgs = []
    for i, (name, industries, area, speciality) in enumerate(_COMPANIES):
        # most Smart Hub companies are small or medium, a few large (skewed, not uniform)
        employees = 12 + round((rng.randint(12, 480) - 12) ** 3 / 468**2)
        participating = rng.random() < 0.85 or name in (COMPANY_USER_ORG, COMPANY_B_ORG)
        orgs.append(
            Org(
                f"company-{i + 1:02d}",
                name,
                "",
                OrgKind.COMPANY,
                area,
                industries,
                f"{speciality}. {COMPANY_NOTE}",
                signatory=False,
                sample=True,
                participating=participating,
                employees=employees,
            )
        )
    return orgs


COMPANIES = _companies()

# --- people --------------------------------------------------------------------

# Real people named in the article: (org key, name, position, role in district).
REAL_PEOPLE = [
    ("office", "김태훈", "교육장", "혁신지구 공동 추진 기관장"),
    ("city", "이민근", "시장", "혁신지구 공동 추진 기관장"),
    ("council", "장윤정", "경기도의회 의원", "안산 지역직업교육협의회 위원장"),
]
CHAIR = "경기도의회 장윤정 의원"

_SURNAMES = "김이박최정강조윤장임한오서신권황안송류홍"
# fmt: off
_GIVEN = [
    "민준", "서연", "지훈", "수빈", "현우", "지민", "도윤", "예린", "준호", "하은",
    "성민", "유진", "태윤", "소희", "재원", "다은", "승현", "채원", "민재", "가은",
]
# fmt: on
_POSITIONS = {
    OrgKind.EDUCATION_OFFICE: ("장학사", "혁신지구 실무 담당"),
    OrgKind.CITY: ("주무관", "혁신지구 실무 담당"),
    OrgKind.CHAMBER: ("과장", "기업 연계 담당"),
    OrgKind.PUBLIC_AGENCY: ("차장", "기업 지원 담당"),
    OrgKind.UNIVERSITY: ("산학협력 교수", "교육과정 연계 담당"),
    OrgKind.SCHOOL: ("취업부장 교사", "학교 담당"),
    OrgKind.ASSOCIATION: ("사무국장", "회원사 연계 담당"),
    OrgKind.TRAINING: ("교수", "연수 과정 담당"),
    OrgKind.EMPLOYMENT_CENTRE: ("직업상담사", "취업 지원 담당"),
    OrgKind.COUNCIL: ("간사", "협의회 사무 담당"),
    OrgKind.COMPANY: ("인사팀장", "채용·현장실습 담당"),
}


def _sample_people(orgs: list[Org]) -> list[tuple[str, str, str, str, str, str]]:
    """One invented contact per organisation: (org key, name, position, role, email, phone)."""
    rng = random.Random(SEED + 1)
    people, used = [], set()
    for n, org in enumerate(orgs, start=1):
        while True:
            name = rng.choice(_SURNAMES) + rng.choice(_GIVEN)
            if name not in used:
                used.add(name)
                break
        position, role = _POSITIONS[org.kind]
        email = f"contact{n:03d}@ansan-demo.example.com"
        phone = f"010-0000-{n:04d}"
        people.append((org.key, name, position, f"{role}{SAMPLE_MARK}", email, phone))
    return people


# --- meetings ------------------------------------------------------------------


@dataclass
class MeetingSpec:
    key: str
    title: str
    kind: str
    starts_at: dt.datetime
    status: str
    orgs: list[str]
    place: str = ""
    chair: str = ""
    agenda: str = ""
    minutes: str = ""
    decisions: list[str] = field(default_factory=list)
    people: list[str] | None = None  # org keys whose contacts attend; None = all orgs
    heads: list[str] = field(default_factory=list)  # real people (REAL_PEOPLE) who attend


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=SEOUL)


OPENING_TITLE = "안산 무지개 직업교육 혁신지구 추진 간담회"
COUNCIL_TITLE = "2024년 안산 지역직업교육협의회"
SIGNING_TITLE = "안산 무지개 직업교육 혁신지구 추진을 위한 업무협약식"
SIGNING_PLACE = "안산시청 제1회의실"
AGREEMENT_TITLE = "안산 무지개 직업교육 혁신지구 추진을 위한 업무협약"
SIGNED_ON = dt.date(2024, 8, 8)


def _meetings(today: dt.date) -> list[MeetingSpec]:
    named = [o.key for o in NAMED_PARTIES]
    all18 = [o.key for o in SIGNATORIES]
    schools = [o.key for o in SCHOOLS]
    return [
        MeetingSpec(
            "opening",
            OPENING_TITLE,
            MeetingKind.MEETING,
            _at(dt.date(2024, 4, 9), 14),
            Meeting.Status.HELD,
            ["office", "city"],
            agenda=(
                "1. 직업교육 혁신지구 공모사업 추진 방향\n"
                "2. 스마트시티 안산과 지역특화산업 인재 양성\n"
                "3. 정주 생태계 구축 방안"
            ),
            minutes=(
                "안산교육지원청과 안산시는 사업 추진을 위한 간담회를 열고, 스마트시티 안산을 "
                "이끌 지역특화산업 인재를 길러내고 정주 생태계를 구축해 나가기로 합의했다."
            ),
            decisions=[
                "안산교육지원청과 안산시가 직업교육 혁신지구 사업을 함께 추진한다.",
                "스마트시티 안산을 이끌 지역특화산업 인재를 길러낸다.",
                "졸업생이 안산에 머무를 수 있도록 정주 생태계를 구축해 나간다.",
            ],
        ),
        MeetingSpec(
            "council",
            COUNCIL_TITLE,
            MeetingKind.COUNCIL,
            _at(dt.date(2024, 6, 24), 15),
            Meeting.Status.HELD,
            ["council", *named],
            chair=CHAIR,
            agenda=(
                "1. 안산 무지개 직업교육 혁신지구 사업 추진(안)\n"
                "2. 지역특화산업 선정(안): 로봇 AI, 디지털제조\n"
                "3. 업무협약 체결 계획"
            ),
            minutes=(
                "위원장 경기도의회 장윤정 의원의 주재로 안산 무지개 직업교육 혁신지구 사업 "
                "추진과 관계된 기관 대표가 참여하여 사업 추진에 합의하고, 지역특화산업을 "
                "로봇 AI와 디지털제조 분야로 확정했다."
            ),
            decisions=[
                "안산 무지개 직업교육 혁신지구 사업 추진에 합의한다.",
                "지역특화산업을 로봇 AI와 디지털제조 분야로 확정한다.",
            ],
            people=["council", "office", "city"],
            heads=["장윤정"],
        ),
        MeetingSpec(
            "signing",
            SIGNING_TITLE,
            MeetingKind.SIGNING,
            _at(SIGNED_ON, 10),
            Meeting.Status.HELD,
            all18,
            place=SIGNING_PLACE,
            agenda=(
                "1. 개회 및 참석 기관 소개\n"
                "2. 협약 내용 설명(8개 조항)\n"
                "3. 협약서 서명 및 기념 촬영\n"
                "4. 안산교육지원청 교육장·안산시장 인사말"
            ),
            minutes=(
                "안산교육지원청은 안산시와 함께 안산시청 제1회의실에서 '안산 무지개 직업교육 "
                "혁신지구 추진을 위한 업무협약'을 체결했다. 안산교육지원청교육장, 안산시장, "
                "안산상공회의소회장, 한국산업단지공단 경기지역본부장, 경기테크노파크원장, "
                "한양대학교 에리카 부총장, 신안산대학교 총장, 안산대학교 총장, "
                "(사)스마트허브경영자협회장, 스마트허브 여성경영자협의회장, 중소벤처기업연수원장, "
                "안산고용복지플러스센터소장, 안산 6개 특성화고등학교장 등 18개 관계기관 대표가 "
                "참여했다.\n\n"
                "김태훈 교육장: “안산의 18개 기관이 한마음이 되어 업무협약을 하게 된 것을 "
                "기쁘게 생각한다. AI, 지능형로봇 등 급변하는 미래산업에서 안산 특성화고 학생들이 "
                "미래 인재로 성장할 수 있도록 안산시와 함께 적극 노력하겠다.”\n"
                "이민근 시장: “로봇 AI와 디지털제조 등 지역특화산업의 체계적인 발전과 청년들에 "
                "대한 맞춤형 기술지원 및 전수를 통해 안산에 정주할 수 있는 여건이 만들어질 수 "
                "있도록 안산시가 아낌없이 지원하겠다.”"
            ),
            decisions=[
                "18개 관계기관이 '안산 무지개 직업교육 혁신지구 추진을 위한 업무협약'을 체결한다.",
                "각 협약 기관은 실무 담당자를 지정하여 협약 이행에 협조한다.",
            ],
            people=named[2:] + schools,
            heads=["김태훈", "이민근"],
        ),
        MeetingSpec(
            "working-1",
            f"제1차 혁신지구 실무협의회{SAMPLE_MARK}",
            MeetingKind.WORKING,
            _at(dt.date(2024, 9, 26), 14),
            Meeting.Status.HELD,
            ["office", "city", "chamber", "kicox", "smarthub-assoc", *schools[:3]],
            place=f"안산교육지원청 소회의실{SAMPLE_MARK}",
            chair="안산교육지원청 혁신지구 담당 장학사",
            agenda="1. 협약 기관별 실무 담당자 확인\n2. 기업 현장 수요조사 계획\n3. 교육과정 공동 개발 TF 구성",
            minutes="(예시 회의록) 수요조사 문항 초안을 검토하고 교육과정 공동 개발 TF를 구성하기로 했다.",
            decisions=[
                "참여 기업 수요조사 문항을 10월 말까지 확정한다.",
                "로봇 AI·디지털제조 교육과정 공동 개발 TF를 구성한다.",
            ],
        ),
        MeetingSpec(
            "steering-1",
            f"2024년 제1차 운영위원회{SAMPLE_MARK}",
            MeetingKind.STEERING,
            _at(dt.date(2024, 12, 12), 15),
            Meeting.Status.HELD,
            ["office", "city", "chamber", "technopark", "erica", "job-centre"],
            place=f"안산시청 제2회의실{SAMPLE_MARK}",
            chair="안산교육지원청 교육장",
            agenda="1. 2025년 사업계획(안)\n2. 참여 기업 혜택 기준(안)\n3. 예산 편성 방향",
            minutes="(예시 회의록) 2025년 사업계획(안)을 승인하고 참여 기업 혜택 기준을 마련하기로 했다.",
            decisions=[
                "2025년 사업계획(안)을 원안대로 승인한다.",
                "참여 기업 제도적 혜택 기준(안)을 경기테크노파크가 마련한다.",
            ],
        ),
        MeetingSpec(
            "working-2",
            f"2025년 상반기 실무협의회{SAMPLE_MARK}",
            MeetingKind.WORKING,
            _at(dt.date(2025, 5, 20), 14),
            Meeting.Status.HELD,
            ["office", "city", "chamber", "sbti", "women-managers", *schools],
            place=f"중소벤처기업연수원 세미나실{SAMPLE_MARK}",
            chair="안산시 혁신지구 담당 주무관",
            agenda="1. 현장실습 수요 점검\n2. 교원·재직자 공동 연수\n3. 정주 지원 프로그램",
            minutes="(예시 회의록) 현장실습 수요를 점검하고 교원·재직자 공동 연수 과정을 개설하기로 했다.",
            decisions=[
                "하반기 현장실습 수용 가능 인원을 기업별로 회신받는다.",
                "교원·재직자 공동 연수 과정을 개설한다.",
            ],
        ),
        MeetingSpec(
            "steering-2",
            f"2025년 제2차 운영위원회{SAMPLE_MARK}",
            MeetingKind.STEERING,
            _at(dt.date(2025, 11, 18), 15),
            Meeting.Status.HELD,
            ["office", "city", "chamber", "kicox", "technopark", "erica", "shinansan"],
            place=f"안산시청 제2회의실{SAMPLE_MARK}",
            chair="안산교육지원청 교육장",
            agenda="1. 2025년 성과 점검\n2. 2026년 예산 편성(안)\n3. 청년 정주 지원 연계",
            minutes="(예시 회의록) 2025년 성과를 점검하고 2026년 예산 편성 방향과 정주 지원 연계 방안을 논의했다.",
            decisions=[
                "차년도 예산 편성(안)과 집행계획을 제출한다.",
                "청년 정주 지원 프로그램(주거·멘토링) 연계 방안을 마련한다.",
            ],
        ),
        MeetingSpec(
            "field-check",
            f"기업 현장실습 점검 회의{SAMPLE_MARK}",
            MeetingKind.WORKING,
            _at(today - dt.timedelta(days=14), 10),
            Meeting.Status.HELD,
            ["office", "chamber", "job-centre", schools[0], schools[1]],
            place=f"안산상공회의소 회의실{SAMPLE_MARK}",
            chair="안산교육지원청 혁신지구 담당 장학사",
            agenda="1. 현장실습 기업 안전 점검 결과\n2. 채용 연계 현황",
            minutes="(예시 회의록) 현장실습 기업의 안전 점검 결과와 채용 연계 현황을 공유했다.",
            decisions=["현장실습 수용 인원 회신이 늦은 기업에 다시 요청한다."],
        ),
        MeetingSpec(
            "working-next",
            f"정기 실무협의회{SAMPLE_MARK}",
            MeetingKind.WORKING,
            _at(today + dt.timedelta(days=6), 14),
            Meeting.Status.PLANNED,
            ["office", "city", "chamber", "kicox", "smarthub-assoc", *schools],
            place=f"안산교육지원청 소회의실{SAMPLE_MARK}",
            chair="안산교육지원청 혁신지구 담당 장학사",
            agenda="1. 미결 할 일 점검\n2. 기업 수요조사 결과 공유\n3. 교육과정 모듈 검토",
        ),
        MeetingSpec(
            "steering-next",
            f"운영위원회 정기회의{SAMPLE_MARK}",
            MeetingKind.STEERING,
            _at(today + dt.timedelta(days=20), 15),
            Meeting.Status.PLANNED,
            ["office", "city", "chamber", "technopark", "erica", "job-centre"],
            place=f"안산시청 제2회의실{SAMPLE_MARK}",
            chair="안산교육지원청 교육장",
            agenda="1. 협약 조항별 이행 점검\n2. 성과 보고서(안)",
        ),
        MeetingSpec(
            "survey-briefing",
            f"참여 기업 수요조사 결과 공유회{SAMPLE_MARK}",
            MeetingKind.MEETING,
            _at(today + dt.timedelta(days=41), 14),
            Meeting.Status.PLANNED,
            ["office", "city", "chamber", "kicox", "smarthub-assoc", "women-managers"],
            place=f"경기테크노파크 대회의실{SAMPLE_MARK}",
            chair="안산상공회의소",
            agenda="1. 기업 현장 수요조사 결과\n2. 역량 단위별 수요·공급 격차",
        ),
    ]


# --- the MOU ---------------------------------------------------------------------

# (title in the article's words, what it means)
CLAUSES = [
    (
        "안산 무지개 직업교육 혁신지구 추진을 위한 거버넌스 구축",
        "협약 기관 명부(기관·유형·담당자·역할)를 관리하고, 협의회·회의의 안건·참석·결정 사항과 "
        "기관별 할 일(기한·상태)을 기록한다.",
    ),
    (
        "지역특화산업 직업교육을 통한 인재양성 지원",
        "로봇 AI·디지털제조 산업 → 직무 → NCS 능력단위로 이어지는 교육 프로그램과 기수, 이수·자격을 관리한다.",
    ),
    (
        "지역특화산업 참여 기업의 교육과정 개발 참여 및 이수자 채용 지원",
        "기업이 교육과정 모듈을 함께 개발(제안→검토→승인)하고, 이수자를 현장실습·채용 자리에 연결하며 채용을 기록한다.",
    ),
    (
        "지역특화산업 참여 기업체에 대한 제도적 혜택 지원",
        "참여 기업 지위, 혜택 자격 기준과 부여한 혜택을 대장으로 관리한다.",
    ),
    (
        "직업교육 혁신지구 추진 내실화를 위한 행·재정적 지원",
        "재원별 예산, 사업별 배정, 집행과 집행률을 관리한다.",
    ),
    (
        "지역직업교육 현안 해결 및 정주 생태계 구축을 위한 프로그램 운영",
        "주거·멘토링·청년 지원 등 정주 프로그램을 운영하고, 졸업생의 취업 유지와 지역 정주를 6·12·24개월에 추적한다.",
    ),
    (
        "사업추진을 위한 각 기관이 가진 정보 공유 및 참여인력 협조",
        "공유 문서와 공지를 허용된 기관에만 공개하고 열람·변경 이력을 남긴다.",
    ),
    (
        "안산시 기업 현장의 수요조사와 지속적 성장을 위한 실태조사 협조",
        "기업 수요·실태조사를 만들고, 기업별 개인 링크로 보내고(계정 불필요), 모으고, 분석한다.",
    ),
]

_NS, _IP, _OK, _RISK = (
    Commitment.Status.NOT_STARTED,
    Commitment.Status.IN_PROGRESS,
    Commitment.Status.ACHIEVED,
    Commitment.Status.AT_RISK,
)
SCHOOL_KEYS = [o.key for o in SCHOOLS]
ALL_KEYS = [o.key for o in SIGNATORIES]

# clause number -> [(org key, description, status, evidence)]
_SCHOOL_STATUS = [_OK, _IP, _IP, _IP, _RISK, _NS]


def _commitments() -> dict[int, list[tuple[str, str, str, str]]]:
    c: dict[int, list[tuple[str, str, str, str]]] = {
        1: [
            (
                "office",
                "지역직업교육협의회와 실무협의회를 운영하고 협약 이행을 총괄한다.",
                _OK,
                "2024.6.24 협의회 개최, 2024.9.26 제1차 실무협의회 개최, 운영위원회 정례화(예시).",
            ),
            (
                "city",
                "혁신지구 운영위원회에 참여하고 시 관련 부서의 협력 체계를 만든다.",
                _OK,
                "2024.4.9 간담회, 시 청년정책·기업지원 부서 합동 TF 구성(예시).",
            ),
        ],
        2: [],
        3: [
            (
                "chamber",
                "회원 기업의 교육과정 개발 참여와 이수자 채용을 연계한다.",
                _IP,
                "회원사 12곳 교육과정 자문 참여 의향서 접수(예시).",
            ),
            (
                "smarthub-assoc",
                "스마트허브 기업의 교육과정 공동 개발과 채용 참여를 독려한다.",
                _IP,
                "협동로봇 기초 모듈 공동 개발 기업 5곳 추천(예시).",
            ),
            (
                "women-managers",
                "여성 경영자 기업의 현장실습·채용 참여를 독려한다.",
                _NS,
                "",
            ),
            (
                "kicox",
                "산업단지 입주기업의 채용 수요를 모아 이수자와 연결한다.",
                _IP,
                "스마트허브 채용 박람회 연계 부스 운영(예시).",
            ),
            (
                "job-centre",
                "이수자의 취업 알선과 채용 후 고용 유지를 지원한다.",
                _RISK,
                "상담 인력 부족으로 일정 지연, 추가 인력 협조 요청 중(예시).",
            ),
        ],
        4: [
            (
                "city",
                "참여 기업 인센티브(시 지원사업 가점 등)를 마련한다.",
                _IP,
                "시 기업지원사업 가점 부여 조례 개정 검토 중(예시).",
            ),
            (
                "technopark",
                "참여 기업 혜택 기준(안)을 마련하고 기술 지원사업과 연계한다.",
                _RISK,
                "혜택 기준(안) 초안 제출 지연(예시).",
            ),
            (
                "kicox",
                "참여 기업에 산업단지 지원사업 우대를 연계한다.",
                _NS,
                "",
            ),
            (
                "chamber",
                "참여 기업 인증·포상 추천을 지원한다.",
                _IP,
                "우수 참여 기업 표창 추천 기준 협의(예시).",
            ),
        ],
        5: [
            (
                "office",
                "혁신지구 사업 예산을 편성하고 집행을 관리한다.",
                _IP,
                "2025년 교육청 대응 투자 예산 편성, 집행률 점검 중(예시).",
            ),
            (
                "city",
                "시 대응 투자 예산과 행정 지원을 제공한다.",
                _IP,
                "2025년 시 대응 투자 예산 확보, 2026년 편성 협의 중(예시).",
            ),
        ],
        6: [
            (
                "city",
                "청년 주거·정착 지원 프로그램을 운영한다.",
                _IP,
                "청년 주거비 지원 사업에 특성화고 졸업생 우선 선발 검토(예시).",
            ),
            (
                "office",
                "지역직업교육 현안을 발굴해 협의회 안건으로 올린다.",
                _OK,
                "현장실습 안전·취업 연계 현안 3건 협의회 상정(예시).",
            ),
            (
                "job-centre",
                "졸업생 취업 유지 상담과 청년 지원 프로그램을 연계한다.",
                _NS,
                "",
            ),
            (
                "erica",
                "재학생·졸업생 멘토링 프로그램을 운영한다.",
                _IP,
                "대학생 멘토 20명 선발, 특성화고 멘토링 시범 운영(예시).",
            ),
        ],
        7: [],
        8: [
            (
                "chamber",
                "회원 기업 대상 현장 수요조사를 협조한다.",
                _IP,
                "수요조사 문항 검토 의견 제출 예정(예시).",
            ),
            (
                "kicox",
                "반월·시화 스마트허브 입주기업 실태조사를 협조한다.",
                _IP,
                "입주기업 실태조사 협조 공문 발송 준비(예시).",
            ),
            (
                "smarthub-assoc",
                "회원사 수요조사 응답을 독려한다.",
                _NS,
                "",
            ),
            (
                "women-managers",
                "회원사 수요조사 응답을 독려한다.",
                _NS,
                "",
            ),
            (
                "technopark",
                "기업 성장 실태 자료를 공유한다.",
                _OK,
                "로봇·제조 기업 기술 수요 자료 공유(예시).",
            ),
        ],
    }
    for key, status in zip(SCHOOL_KEYS, _SCHOOL_STATUS, strict=True):
        evidence = {
            _OK: "로봇 AI 기초 과정 1기 운영 완료(예시).",
            _IP: "디지털제조 실습 과정 운영 중(예시).",
            _RISK: "실습 장비 도입 지연으로 과정 개설 연기(예시).",
            _NS: "",
        }[status]
        c[2].append(
            (key, "지역특화산업 학과 교육과정을 운영하고 학생을 참여시킨다.", status, evidence)
        )
    c[2] += [
        (
            "erica",
            "로봇 AI 심화 과정과 직무 분석을 지원한다.",
            _OK,
            "로봇 AI 직무 분석 및 NCS 능력단위 매핑 완료(예시).",
        ),
        (
            "shinansan",
            "특성화고 연계 전문학사 과정을 운영한다.",
            _IP,
            "디지털제조 연계 과정 설계 중(예시).",
        ),
        (
            "ansan-univ",
            "특성화고 연계 교육과 진학 경로를 마련한다.",
            _IP,
            "로봇 AI 채용 연계 설명회 개최(예시).",
        ),
        (
            "sbti",
            "교원·재직자 공동 연수 과정을 제공한다.",
            _NS,
            "",
        ),
    ]
    statuses = [_OK, _IP, _IP, _NS]
    for i, key in enumerate(ALL_KEYS):
        status = statuses[i % len(statuses)]
        evidence = {
            _OK: "실무 담당자 지정, 공유 자료실 자료 등록(예시).",
            _IP: "실무 담당자 지정 완료, 자료 공유 진행 중(예시).",
            _NS: "",
        }[status]
        c[7].append(
            (
                key,
                "기관이 가진 정보를 공유하고 사업 추진 인력을 협조한다.",
                status,
                evidence,
            )
        )
    return c


# --- action items ----------------------------------------------------------------

# (title, owner org name, meeting key, decision number or 0, due date (a date, or
# days from today), status, description, progress note)
_OPEN, _INP, _DONE, _CANC = (
    ActionItem.Status.OPEN,
    ActionItem.Status.IN_PROGRESS,
    ActionItem.Status.DONE,
    ActionItem.Status.CANCELLED,
)


def _action_items() -> list[tuple[str, str, str, int, int | dt.date, str, str, str]]:
    s0, s1 = SCHOOLS[0].name, SCHOOLS[1].name
    # fmt: off
    return [
        ("혁신지구 공모 신청서(안) 작성", "안산교육지원청", "opening", 1, dt.date(2024, 5, 31), _DONE, "교육부 공모 신청서 초안 작성.", "신청서 제출 완료."),
        ("지역특화산업 인력 수요 기초 통계 정리", "안산시", "opening", 2, dt.date(2024, 5, 20), _DONE, "로봇·제조 분야 사업체·종사자 통계.", "통계 자료 공유 완료."),
        ("로봇 AI·디지털제조 직무 분석 및 NCS 능력단위 매핑", "한양대학교 ERICA", "council", 2, dt.date(2024, 10, 31), _DONE, "확정된 두 산업의 직무와 NCS 능력단위 연결.", "매핑표 1차본 제출."),
        ("업무협약서(안) 작성 및 기관별 서명 일정 조율", "안산교육지원청", "council", 1, dt.date(2024, 7, 31), _DONE, "18개 기관 협약서 초안과 서명 일정.", "8월 8일 체결."),
        ("협약 기관별 실무 담당자 지정 및 연락망 공유", "안산교육지원청", "signing", 2, dt.date(2024, 8, 30), _DONE, "18개 기관 실무 담당자 명단.", "연락망 공유 완료."),
        ("협약서 원본 스캔본 공유 자료실 게시", "안산시", "signing", 1, dt.date(2024, 8, 20), _DONE, "서명된 협약서 공유.", "게시 완료."),
        ("참여 기업 수요조사 문항 검토 의견 제출", PARTNER_USER_ORG, "working-1", 1, 10, _OPEN, "회원사 관점의 문항 검토 의견.", ""),
        ("반월·시화 스마트허브 입주기업 실태조사 협조 공문 발송", "한국산업단지공단 경기지역본부", "working-1", 1, 5, _INP, "입주기업 대상 협조 공문.", "공문 초안 작성 중."),
        ("로봇 AI 교과 모듈(협동로봇 기초) 공동 개발안 제출", COMPANY_USER_ORG, "working-1", 2, 14, _OPEN, "협동로봇 기초 모듈의 학습 목표·실습 과제 제안.", ""),
        ("기업 현장 수요조사 응답 제출", COMPANY_USER_ORG, "survey-briefing", 0, 18, _OPEN, "개인 링크로 받은 수요조사에 응답.", ""),
        ("현장실습 수용 가능 인원 회신", COMPANY_USER_ORG, "field-check", 1, -3, _INP, "다음 학기 현장실습 수용 인원과 직무.", "생산팀과 인원 협의 중."),
        ("AI 비전 검사 실습 키트 시범 제공", COMPANY_B_ORG, "working-2", 1, 25, _OPEN, "특성화고 실습용 비전 검사 키트.", ""),
        ("스마트팩토리 실습실 장비 현황 조사표 제출", s0, "working-1", 2, -7, _OPEN, "실습실 장비 목록과 노후도.", ""),
        ("디지털제조 방과후 과정 운영 계획 수립", s1, "working-2", 2, 20, _INP, "CNC·3D 프린팅 방과후 과정.", "강사 섭외 중."),
        ("2025년 사업계획(안) 작성", "안산교육지원청", "steering-1", 1, dt.date(2025, 1, 31), _DONE, "운영위원회 상정용 사업계획.", "원안 승인."),
        ("참여 기업 혜택 기준(안) 마련", "경기테크노파크", "steering-1", 2, -2, _INP, "참여 기업 제도적 혜택 기준.", "초안 내부 검토 중."),
        ("교원·재직자 공동 연수 과정 개설", "중소벤처기업연수원", "working-2", 2, 45, _OPEN, "교원과 재직자가 함께 듣는 로봇 AI 과정.", ""),
        ("여성 경영자 기업 현장 견학 프로그램 기획", "스마트허브 여성경영자협의회", "working-2", 0, dt.date(2025, 7, 18), _DONE, "특성화고 학생 기업 견학.", "2회 운영 완료."),
        ("참여 기업 재직자 멘토 풀 추천", "(사)스마트허브경영자협회", "working-2", 0, 15, _INP, "현장 멘토 후보 추천.", "8명 추천 완료, 추가 모집 중."),
        ("차년도 예산 편성(안) 및 집행계획 제출", "안산교육지원청", "steering-2", 1, 9, _OPEN, "재원별 예산과 집행계획.", ""),
        ("청년 정주 지원 프로그램(주거·멘토링) 연계 방안 마련", "안산시", "steering-2", 2, 30, _OPEN, "졸업생 주거·멘토링 지원 연계.", ""),
        ("재학생 취업역량 강화 프로그램 일정 공유", "안산고용복지플러스센터", "field-check", 0, -12, _OPEN, "특성화고 재학생 대상 프로그램 일정.", ""),
        ("로봇 AI 기업 채용 연계 설명회 개최", "안산대학교", "steering-1", 0, dt.date(2025, 4, 30), _DONE, "재학생 대상 채용 연계 설명회.", "1회 개최, 60명 참석."),
        ("전문대 연계 심화과정(2+2) 협의", "신안산대학교", "steering-2", 0, 60, _CANC, "특성화고-전문대 연계 과정.", "2027년 이후로 보류."),
    ]
    # fmt: on


# --- users -------------------------------------------------------------------

# (username, role, org name or None, display name, Korean role label)
# fmt: off
USERS = [
    ("coordinator", Role.COORDINATOR, "안산교육지원청", "안산교육지원청 혁신지구 코디네이터", "지구 코디네이터"),
    ("city", Role.COORDINATOR, "안산시", "안산시 혁신지구 코디네이터", "지구 코디네이터"),
    ("school", Role.SCHOOL, SCHOOL_USER_ORG, "안산로봇고 취업부장(예시)", "학교 담당자"),
    ("company", Role.COMPANY, COMPANY_USER_ORG, "반월로보틱스 인사팀장(예시)", "기업 담당자"),
    ("partner", Role.PARTNER, PARTNER_USER_ORG, "안산상공회의소 기업연계 담당", "협력기관 담당자"),
    ("student", Role.STUDENT, SCHOOL_USER_ORG, "안산로봇고 3학년 학생(예시)", "학생"),
    ("ministry", Role.MINISTRY, None, "교육부 직업교육 분석 담당", "교육부 분석가"),
]
# fmt: on


def _write(stdout: TextIO | None, message: str) -> None:
    if stdout is not None:
        stdout.write(message + "\n")


def _upsert_org(district: District, org: Org, industries: dict[str, Industry]) -> Organisation:
    obj, _ = Organisation.objects.update_or_create(
        district=district,
        name=org.name,
        defaults={
            "name_en": org.name_en,
            "kind": org.kind,
            "area": org.area,
            "is_signatory": org.signatory,
            "is_participating": org.participating,
            "is_sample": org.sample,
            "employees": org.employees,
            "description": org.description,
        },
    )
    obj.industries.set([industries[code] for code in org.industries])
    return obj


@transaction.atomic
def load_ansan(stdout: TextIO | None = None) -> District:
    """Create or refresh the Ansan demo district. Safe to run any number of times."""
    from mujigae.reports.framework_seed import ensure_shipped

    ensure_shipped()  # the evaluation frameworks, should an emptied database lack them
    today = timezone.localdate()
    district, _ = District.objects.update_or_create(
        code=DISTRICT["code"], defaults={k: v for k, v in DISTRICT.items() if k != "code"}
    )
    industries = {}
    for code, name, name_en in INDUSTRIES:
        industries[code], _ = Industry.objects.update_or_create(
            district=district,
            code=code,
            defaults={"name": name, "name_en": name_en, "fixed_on": INDUSTRIES_FIXED_ON},
        )

    specs = [*SIGNATORIES, COUNCIL, *COMPANIES]
    orgs: dict[str, Organisation] = {o.key: _upsert_org(district, o, industries) for o in specs}
    by_name = {o.name: orgs[o.key] for o in specs}

    # people: the real heads, then one invented contact per organisation
    heads: dict[str, Person] = {}
    for key, name, position, role in REAL_PEOPLE:
        heads[name], _ = Person.objects.update_or_create(
            district=district,
            organisation=orgs[key],
            name=name,
            defaults={"position": position, "role_in_district": role, "is_sample": False},
        )
    contacts: dict[str, list[Person]] = {key: [] for key in orgs}
    for key, name, position, role, email, phone in _sample_people(specs):
        person, _ = Person.objects.update_or_create(
            district=district,
            organisation=orgs[key],
            name=name,
            defaults={
                "position": position,
                "role_in_district": role,
                "email": email,
                "phone": phone,
                "is_sample": True,
            },
        )
        contacts[key].append(person)

    # meetings and their decisions
    meetings: dict[str, Meeting] = {}
    decisions: dict[tuple[str, int], Decision] = {}
    for spec in _meetings(today):
        meeting, _ = Meeting.objects.update_or_create(
            district=district,
            title=spec.title,
            defaults={
                "kind": spec.kind,
                "starts_at": spec.starts_at,
                "place": spec.place,
                "chair": spec.chair,
                "agenda": spec.agenda,
                "minutes": spec.minutes,
                "status": spec.status,
            },
        )
        meeting.organisations.set([orgs[k] for k in spec.orgs])
        people_keys = spec.orgs if spec.people is None else spec.people
        attendees = [heads[name] for name in spec.heads]
        attendees += [p for k in people_keys for p in contacts[k]]
        meeting.attendees.set(attendees)
        for number, text in enumerate(spec.decisions, start=1):
            decisions[(spec.key, number)], _ = Decision.objects.update_or_create(
                meeting=meeting, number=number, defaults={"text": text}
            )
        meetings[spec.key] = meeting

    # the MOU
    agreement, _ = Agreement.objects.update_or_create(
        district=district,
        title=AGREEMENT_TITLE,
        defaults={
            "signed_on": SIGNED_ON,
            "place": SIGNING_PLACE,
            "signing_meeting": meetings["signing"],
        },
    )
    agreement.parties.set([orgs[o.key] for o in SIGNATORIES])
    commitments = _commitments()
    for number, (title, summary) in enumerate(CLAUSES, start=1):
        clause, _ = Clause.objects.update_or_create(
            agreement=agreement, number=number, defaults={"title": title, "summary": summary}
        )
        for key, description, status, evidence in commitments[number]:
            Commitment.objects.update_or_create(
                clause=clause,
                organisation=orgs[key],
                defaults={
                    "district": district,
                    "description": description,
                    "status": status,
                    "evidence": evidence,
                },
            )

    # action items
    for (
        title,
        owner,
        meeting_key,
        decision_no,
        offset,
        status,
        description,
        note,
    ) in _action_items():
        due = offset if isinstance(offset, dt.date) else today + dt.timedelta(days=offset)
        completed = None
        if status == ActionItem.Status.DONE:
            completed = _at(min(due, today) - dt.timedelta(days=2), 17)
        ActionItem.objects.update_or_create(
            district=district,
            title=title,
            defaults={
                "owner": by_name[owner],
                "meeting": meetings[meeting_key],
                "decision": decisions.get((meeting_key, decision_no)),
                "due_date": due,
                "status": status,
                "description": description,
                "progress_note": note,
                "completed_at": completed,
            },
        )

    # logins
    for username, role, org_name, display_name, _label in USERS:
        user, _ = User.objects.update_or_create(
            username=username,
            defaults={
                "role": role,
                "district": None if role == Role.MINISTRY else district,
                "organisation": by_name[org_name] if org_name else None,
                "display_name": display_name,
                "is_active": True,
                "is_staff": False,
                "is_superuser": False,
            },
        )
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])

    _write(
        stdout,
        f"{district.name}: 기관 {district.organisations.count()}, 회의 {district.meetings.count()}, "
        f"할 일 {district.action_items.count()}, 협약 조항 {agreement.clauses.count()}, "
        f"이행 약속 {district.commitments.count()}",
    )
    return district


def login_table() -> list[tuple[str, str, str, str, str]]:
    """(username, Korean role, English role, organisation name, English organisation name)."""
    english = {o.name: o.name_en for o in [*SIGNATORIES, COUNCIL, *COMPANIES]}
    english[COMPANY_USER_ORG] = "Banwol Robotics (sample company)"
    rows = []
    for username, role, org_name, _display, label in USERS:
        rows.append(
            (
                username,
                label,
                str(Role(role).label),
                f"{org_name}, 예시 기업"
                if org_name == COMPANY_USER_ORG
                else org_name or "교육부 — 전국",
                english.get(org_name or "", "") or "Ministry of Education — all districts",
            )
        )
    return rows
