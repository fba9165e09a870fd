"""National-scale sample data: Ansan plus invented districts, for benchmarks.

`generate_national()` first loads Ansan (`load_ansan`), then writes N−1 sample
districts named after Korean regions with a "(예시)" marker (code
`sample-<region>`), each with two specialised industries, `orgs_per_district`
organisations of every kind (education office, city, council, chamber, public
agencies, universities, schools, associations, training institute, employment
centre, and companies for the rest), one contact person per organisation,
`meetings_per_district` meetings with decisions, an MOU with 8 clauses and
commitments, and action items so that the whole database holds `action_items`
of them (Ansan's own count included).

Idempotency: a generated district whose stored fingerprint and row counts match
the request is skipped; otherwise it is deleted and written again. Generated
districts (code `sample-…`) that the request no longer covers are deleted. Real
districts and Ansan are never deleted. Everything is deterministic: a
random.Random per district seeded with its code; dates are relative to the day
of generation.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from typing import TextIO
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from mujigae.core.models import District, Industry
from mujigae.demo import SAMPLE_MARK
from mujigae.demo.ansan import load_ansan
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
CODE_PREFIX = "sample-"
VERSION = 1
BATCH = 500

# (code, short name, city organisation, region, industries, areas)
# fmt: off
REGIONS = [
    ("pohang", "포항", "포항시", "경상북도 포항시", [("secondary-battery", "이차전지소재", "Secondary battery materials"), ("steel-materials", "철강신소재", "Advanced steel materials")], ["남구", "북구", "블루밸리 국가산업단지"]),
    ("busan", "부산", "부산광역시", "부산광역시", [("smart-marine", "스마트해양", "Smart marine"), ("future-mobility", "미래모빌리티", "Future mobility")], ["강서구", "사하구", "녹산 국가산업단지"]),
    ("daegu", "대구", "대구광역시", "대구광역시", [("robotics", "로봇", "Robotics"), ("future-mobility", "미래모빌리티", "Future mobility")], ["달서구", "북구", "성서산업단지"]),
    ("gwangju", "광주", "광주광역시", "광주광역시", [("ai", "인공지능", "Artificial intelligence"), ("future-car", "미래차", "Future vehicles")], ["광산구", "북구", "하남산업단지"]),
    ("daejeon", "대전", "대전광역시", "대전광역시", [("bio-health", "바이오헬스", "Bio-health"), ("semiconductor", "나노반도체", "Nano-semiconductors")], ["유성구", "대덕구", "대덕연구개발특구"]),
    ("ulsan", "울산", "울산광역시", "울산광역시", [("shipbuilding", "조선해양", "Shipbuilding and offshore"), ("hydrogen", "수소에너지", "Hydrogen energy")], ["남구", "동구", "울산미포 국가산업단지"]),
    ("changwon", "창원", "창원시", "경상남도 창원시", [("smart-machinery", "스마트기계", "Smart machinery"), ("defence", "방위산업", "Defence industry")], ["성산구", "의창구", "창원 국가산업단지"]),
    ("jeonju", "전주", "전주시", "전북특별자치도 전주시", [("carbon", "탄소소재", "Carbon materials"), ("agri-bio", "농생명", "Agri-bio")], ["덕진구", "완산구", "친환경첨단복합단지"]),
    ("cheongju", "청주", "청주시", "충청북도 청주시", [("semiconductor", "반도체", "Semiconductors"), ("secondary-battery", "이차전지", "Secondary batteries")], ["흥덕구", "청원구", "오창과학산업단지"]),
    ("cheonan", "천안", "천안시", "충청남도 천안시", [("display", "디스플레이", "Displays"), ("auto-parts", "미래차부품", "Future vehicle parts")], ["서북구", "동남구", "천안 제3산업단지"]),
    ("gumi", "구미", "구미시", "경상북도 구미시", [("semiconductor-materials", "반도체소재", "Semiconductor materials"), ("electronics", "전자부품", "Electronic components")], ["구미 국가산업단지", "인동동", "산동읍"]),
    ("yeosu", "여수", "여수시", "전라남도 여수시", [("petrochemicals", "석유화학", "Petrochemicals"), ("hydrogen", "수소", "Hydrogen")], ["여수 국가산업단지", "여천동", "율촌산업단지"]),
    ("wonju", "원주", "원주시", "강원특별자치도 원주시", [("medical-devices", "의료기기", "Medical devices"), ("digital-health", "디지털헬스", "Digital health")], ["문막읍", "태장동", "원주 의료기기산업단지"]),
    ("gimhae", "김해", "김해시", "경상남도 김해시", [("bio-medical", "의생명", "Bio-medical"), ("smart-logistics", "스마트물류", "Smart logistics")], ["골든루트산업단지", "주촌면", "진영읍"]),
    ("gunsan", "군산", "군산시", "전북특별자치도 군산시", [("ev", "전기차", "Electric vehicles"), ("renewables", "신재생에너지", "Renewable energy")], ["군산 국가산업단지", "새만금 산업단지", "소룡동"]),
    ("mokpo", "목포", "목포시", "전라남도 목포시", [("offshore-wind", "해상풍력", "Offshore wind"), ("shipbuilding", "조선", "Shipbuilding")], ["대양산업단지", "삽진산업단지", "용해동"]),
    ("suncheon", "순천", "순천시", "전라남도 순천시", [("green-materials", "친환경소재", "Green materials"), ("smart-agri", "스마트농업", "Smart farming")], ["해룡산업단지", "연향동", "서면"]),
    ("chuncheon", "춘천", "춘천시", "강원특별자치도 춘천시", [("bio", "바이오", "Bio"), ("data", "데이터산업", "Data industry")], ["거두농공단지", "퇴계동", "후평일반산업단지"]),
    ("asan", "아산", "아산시", "충청남도 아산시", [("display", "디스플레이", "Displays"), ("auto", "자동차부품", "Automotive parts")], ["탕정면", "인주일반산업단지", "배방읍"]),
    ("pyeongtaek", "평택", "평택시", "경기도 평택시", [("semiconductor", "반도체", "Semiconductors"), ("port-logistics", "항만물류", "Port logistics")], ["고덕국제신도시", "포승국가산업단지", "진위면"]),
    ("jeju", "제주", "제주특별자치도", "제주특별자치도", [("tourism-service", "관광서비스", "Tourism services"), ("green-energy", "그린에너지", "Green energy")], ["제주시", "서귀포시", "제주첨단과학기술단지"]),
]
# fmt: on

CLAUSE_TITLES = [
    "{name} 직업교육 혁신지구 추진을 위한 거버넌스 구축",
    "지역특화산업 직업교육을 통한 인재양성 지원",
    "지역특화산업 참여 기업의 교육과정 개발 참여 및 이수자 채용 지원",
    "지역특화산업 참여 기업체에 대한 제도적 혜택 지원",
    "직업교육 혁신지구 추진 내실화를 위한 행·재정적 지원",
    "지역직업교육 현안 해결 및 정주 생태계 구축을 위한 프로그램 운영",
    "사업추진을 위한 각 기관이 가진 정보 공유 및 참여인력 협조",
    "{name} 기업 현장의 수요조사와 지속적 성장을 위한 실태조사 협조",
]
# Which kinds of party take on which clause (clause 7: every party).
CLAUSE_KINDS = {
    1: {OrgKind.EDUCATION_OFFICE, OrgKind.CITY},
    2: {OrgKind.SCHOOL, OrgKind.UNIVERSITY, OrgKind.TRAINING},
    3: {OrgKind.CHAMBER, OrgKind.ASSOCIATION, OrgKind.EMPLOYMENT_CENTRE},
    4: {OrgKind.CITY, OrgKind.PUBLIC_AGENCY, OrgKind.CHAMBER},
    5: {OrgKind.EDUCATION_OFFICE, OrgKind.CITY},
    6: {OrgKind.CITY, OrgKind.EMPLOYMENT_CENTRE, OrgKind.UNIVERSITY},
    7: None,
    8: {OrgKind.CHAMBER, OrgKind.PUBLIC_AGENCY, OrgKind.ASSOCIATION},
}

_SCHOOL_SUFFIXES = [
    "공업고등학교",
    "마이스터고등학교",
    "디지털고등학교",
    "전자고등학교",
    "기계공업고등학교",
    "소프트웨어고등학교",
    "첨단산업고등학교",
    "과학기술고등학교",
    "에너지고등학교",
    "바이오고등학교",
    "로봇고등학교",
    "상업정보고등학교",
]
_UNIVERSITY_SUFFIXES = ["대학교", "과학기술대학교", "폴리텍대학 캠퍼스", "보건대학교", "전문대학"]
# fmt: off
_COMPANY_STEMS = [
    "한빛", "누리", "다온", "세움", "가온", "라온", "이음", "해솔", "새솔", "한결",
    "온누리", "푸른", "빛나래", "아람", "다솜", "은하", "별가람", "큰솔", "해오름", "나래",
    "미래", "대성", "동방", "삼정", "한울", "청우", "태광", "정우", "선진", "대한",
    "우리", "신성", "금강", "백두", "한라", "서해", "동해", "남강", "북악", "중앙",
]
# fmt: on
# fmt: off
_COMPANY_WORDS = [
    "정밀", "테크", "시스템", "솔루션", "산업", "소재", "에너지", "로보틱스", "모빌리티", "바이오",
    "메디칼", "전자", "기계", "화학", "오토메이션", "데이터", "엔지니어링", "부품", "금속", "디지털",
]
# fmt: on
_COMPANY_FORMS = ["", "(주)", "주식회사 ", "", ""]
_SURNAMES = "김이박최정강조윤장임한오서신권황안송류홍전고문양손배백허유남심노하곽성차주우구민"
_GIVEN = "민서지현수준도하예유성재태소다승채가은영진우윤호주원희빈연아린경"
_MEETING_TOPICS = [
    ("실무협의회", MeetingKind.WORKING),
    ("운영위원회", MeetingKind.STEERING),
    ("기업 간담회", MeetingKind.MEETING),
    ("지역직업교육협의회", MeetingKind.COUNCIL),
    ("교육과정 개발 TF 회의", MeetingKind.WORKING),
]
_DECISIONS = [
    "참여 기업 수요조사를 다음 분기에 실시한다.",
    "교육과정 공동 개발 모듈을 추가로 선정한다.",
    "현장실습 수용 기업을 확대한다.",
    "참여 기업 혜택 기준을 보완한다.",
    "예산 집행 현황을 분기마다 점검한다.",
    "청년 정주 지원 프로그램을 연계한다.",
    "졸업생 취업 유지 현황을 추적한다.",
    "기관별 실무 담당자 연락망을 갱신한다.",
]
_ACTIONS = [
    "수요조사 문항 검토 의견 제출",
    "현장실습 수용 가능 인원 회신",
    "교육과정 모듈 공동 개발안 제출",
    "실습 장비 현황 조사표 제출",
    "채용 연계 설명회 개최",
    "참여 기업 명단 갱신",
    "예산 집행 실적 보고",
    "정주 지원 프로그램 안내 자료 배포",
    "졸업생 취업 유지 현황 회신",
    "멘토 후보 추천",
    "협약 이행 실적 제출",
    "교원 연수 참가자 명단 제출",
    "기업 실태조사 협조 공문 발송",
    "공유 자료실 자료 등록",
    "운영위원회 안건 제출",
]


def _region(index: int) -> tuple:
    """The index-th generated district (0-based); beyond the list, numbered districts."""
    if index < len(REGIONS):
        return REGIONS[index]
    n = index + 1
    return (
        f"district-{n:03d}",
        f"가상지역{n:02d}",
        f"가상지역{n:02d}시",
        f"예시도 가상지역{n:02d}시",
        [
            ("industry-a", "첨단제조", "Advanced manufacturing"),
            ("industry-b", "디지털서비스", "Digital services"),
        ],
        ["1구역", "2구역", "산업단지"],
    )


def _fingerprint(orgs: int, meetings: int, items: int) -> str:
    return f"[generated v{VERSION}: orgs={orgs} meetings={meetings} action_items={items}]"


def _write(stdout: TextIO | None, message: str) -> None:
    if stdout is not None:
        stdout.write(message + "\n")


def _org_plan(n: int, city: str, city_org: str) -> list[tuple[str, str, bool]]:
    """(name, kind, signatory) for n organisations: the core parties first, companies after."""
    schools = max(2, round(n * 0.03))
    universities = max(1, round(n * 0.01))
    core: list[tuple[str, str, bool]] = [
        (f"{city}교육지원청", OrgKind.EDUCATION_OFFICE, True),
        (city_org, OrgKind.CITY, True),
        (f"{city} 지역직업교육협의회", OrgKind.COUNCIL, False),
        (f"{city}상공회의소", OrgKind.CHAMBER, True),
        (f"{city} 산업단지 지원센터", OrgKind.PUBLIC_AGENCY, True),
        (f"{city}테크노파크", OrgKind.PUBLIC_AGENCY, True),
    ]
    for i in range(universities):
        suffix = _UNIVERSITY_SUFFIXES[i % len(_UNIVERSITY_SUFFIXES)]
        extra = "" if i < len(_UNIVERSITY_SUFFIXES) else f" 제{i + 1}캠퍼스"
        core.append((f"{city}{suffix}{extra}", OrgKind.UNIVERSITY, True))
    for i in range(schools):
        suffix = _SCHOOL_SUFFIXES[i % len(_SCHOOL_SUFFIXES)]
        extra = "" if i < len(_SCHOOL_SUFFIXES) else f" 제{i // len(_SCHOOL_SUFFIXES) + 1}"
        core.append((f"{city}{suffix}{extra}", OrgKind.SCHOOL, True))
    core += [
        (f"{city} 산업단지 경영자협의회", OrgKind.ASSOCIATION, True),
        (f"{city} 여성경영자협의회", OrgKind.ASSOCIATION, True),
        (f"{city} 중소기업 인재개발원", OrgKind.TRAINING, True),
        (f"{city}고용복지플러스센터", OrgKind.EMPLOYMENT_CENTRE, True),
    ]
    return core[:n]


def _company_names(rng: random.Random, count: int) -> list[str]:
    names: list[str] = []
    seen: set[str] = set()
    while len(names) < count:
        base = rng.choice(_COMPANY_STEMS) + rng.choice(_COMPANY_WORDS)
        name = rng.choice(_COMPANY_FORMS) + base
        if name in seen:
            name = f"{name} {len(names) + 1}공장"
        if name in seen:
            continue
        seen.add(name)
        names.append(name)
    return names


def _delete_district(district: District) -> None:
    """Delete a generated district with every row hanging off it (also those of
    the light demo districts: outcomes, budget, surveys …)."""
    from mujigae.demo.light import delete_sample_district

    delete_sample_district(district)


def _delete_governance(district: District) -> None:
    """Delete a generated district, children first (ActionItem.owner is PROTECT)."""
    ActionItem.objects.filter(district=district).delete()
    Commitment.objects.filter(district=district).delete()
    Agreement.objects.filter(district=district).delete()
    Decision.objects.filter(meeting__district=district).delete()
    Meeting.objects.filter(district=district).delete()
    Person.objects.filter(district=district).delete()
    Organisation.objects.filter(district=district).delete()
    Industry.objects.filter(district=district).delete()
    district.delete()


def _is_complete(district: District, orgs: int, meetings: int, items: int) -> bool:
    return (
        district.description.endswith(_fingerprint(orgs, meetings, items))
        and district.organisations.count() == orgs
        and district.meetings.count() == meetings
        and district.action_items.count() == items
        and Clause.objects.filter(agreement__district=district).count() == len(CLAUSE_TITLES)
    )


def _build_district(
    index: int, orgs_n: int, meetings_n: int, items_n: int, today: dt.date
) -> District:
    code, city, city_org, region, industry_specs, areas = _region(index)
    rng = random.Random(f"mujigae-national-{code}-v{VERSION}")
    name = f"{city} 직업교육 혁신지구{SAMPLE_MARK}"
    district = District.objects.create(
        code=f"{CODE_PREFIX}{code}",
        name=name,
        name_en=f"{code.title()} Vocational Education Innovation District (sample)",
        region=region,
        year_designated=rng.choice([2023, 2024, 2025]),
        is_sample=True,
        description=(
            f"벤치마크·시연용 예시 지구입니다. 실제 지구가 아닙니다. "
            f"{_fingerprint(orgs_n, meetings_n, items_n)}"
        ),
    )
    fixed_on = dt.date(2024, rng.randint(3, 7), rng.randint(1, 28))
    industries = Industry.objects.bulk_create(
        [
            Industry(district=district, code=c, name=n, name_en=e, fixed_on=fixed_on)
            for c, n, e in industry_specs
        ]
    )

    # organisations
    plan = _org_plan(orgs_n, city, city_org)
    company_count = orgs_n - len(plan)
    plan += [(n, OrgKind.COMPANY, False) for n in _company_names(rng, company_count)]
    note = "예시 데이터: 벤치마크를 위해 지어낸 기관입니다."
    orgs = []
    for org_name, kind, signatory in plan:
        is_company = kind == OrgKind.COMPANY
        orgs.append(
            Organisation(
                district=district,
                name=org_name,
                kind=kind,
                area=rng.choice(areas),
                is_signatory=signatory,
                is_participating=is_company and rng.random() < 0.3,
                is_sample=True,
                employees=rng.randint(5, 900) if is_company else None,
                description=note,
            )
        )
    orgs = Organisation.objects.bulk_create(orgs, batch_size=BATCH)
    through = Organisation.industries.through
    links = []
    for org in orgs:
        chosen = industries if rng.random() < 0.3 else [rng.choice(industries)]
        links += [through(organisation_id=org.pk, industry_id=i.pk) for i in chosen]
    through.objects.bulk_create(links, batch_size=BATCH)

    # one contact per organisation
    people = [
        Person(
            district=district,
            organisation=org,
            name=rng.choice(_SURNAMES) + rng.choice(_GIVEN) + rng.choice(_GIVEN),
            position="담당자",
            role_in_district=f"실무 담당{SAMPLE_MARK}",
            email=f"contact{i:04d}@{code}.example.com",
            phone=f"010-0000-{i % 10000:04d}",
            is_sample=True,
        )
        for i, org in enumerate(orgs, start=1)
    ]
    people = Person.objects.bulk_create(people, batch_size=BATCH)
    person_of = {p.organisation_id: p for p in people}
    core = [o for o in orgs if o.kind != OrgKind.COMPANY]
    companies = [o for o in orgs if o.kind == OrgKind.COMPANY]
    signatories = [o for o in orgs if o.is_signatory]

    # meetings: the three founding events, then follow-ups up to 90 days ahead
    signing_day = dt.date(2024, rng.randint(7, 9), rng.randint(1, 28))
    founding = [
        (
            f"{city} 직업교육 혁신지구 추진 간담회",
            MeetingKind.MEETING,
            dt.date(2024, 4, rng.randint(1, 28)),
        ),
        (
            f"2024년 {city} 지역직업교육협의회",
            MeetingKind.COUNCIL,
            dt.date(2024, 6, rng.randint(1, 28)),
        ),
        (f"{city} 직업교육 혁신지구 업무협약식", MeetingKind.SIGNING, signing_day),
    ][:meetings_n]
    start = signing_day + dt.timedelta(days=14)
    end = today + dt.timedelta(days=90)
    rest = meetings_n - len(founding)
    span = max((end - start).days, 1)
    specs = [(t, k, d) for t, k, d in founding]
    for i in range(rest):
        topic, kind = _MEETING_TOPICS[i % len(_MEETING_TOPICS)]
        day = start + dt.timedelta(days=(span * (i + 1)) // (rest + 1))
        specs.append((f"제{i + 1}차 {topic}{SAMPLE_MARK}", kind, day))
    meetings = []
    for title, kind, day in specs:
        past = day < today
        if past:
            status = Meeting.Status.CANCELLED if rng.random() < 0.05 else Meeting.Status.HELD
        else:
            status = Meeting.Status.PLANNED
        meetings.append(
            Meeting(
                district=district,
                kind=kind,
                title=title,
                starts_at=dt.datetime.combine(day, dt.time(rng.choice([10, 14, 15])), tzinfo=SEOUL),
                place=f"{city_org} 회의실{SAMPLE_MARK}",
                chair=f"{city}교육지원청 교육장",
                agenda="1. 협약 이행 점검\n2. 할 일 진행 상황\n3. 기타 안건",
                minutes="(예시 회의록) 안건을 논의하고 결정 사항을 정했다."
                if status == "held"
                else "",
                status=status,
            )
        )
    meetings = Meeting.objects.bulk_create(meetings, batch_size=BATCH)
    m_orgs, m_people, decisions = [], [], []
    morg_through = Meeting.organisations.through
    mpeople_through = Meeting.attendees.through
    for meeting in meetings:
        if meeting.kind == MeetingKind.SIGNING:
            attending = signatories
        else:
            attending = rng.sample(core, min(len(core), rng.randint(3, 8)))
            attending += rng.sample(companies, min(len(companies), rng.randint(0, 4)))
        for org in attending:
            m_orgs.append(morg_through(meeting_id=meeting.pk, organisation_id=org.pk))
            m_people.append(mpeople_through(meeting_id=meeting.pk, person_id=person_of[org.pk].pk))
        if meeting.status == Meeting.Status.HELD:
            for number, text in enumerate(rng.sample(_DECISIONS, rng.randint(1, 3)), start=1):
                decisions.append(Decision(meeting=meeting, number=number, text=text))
    morg_through.objects.bulk_create(m_orgs, batch_size=BATCH)
    mpeople_through.objects.bulk_create(m_people, batch_size=BATCH)
    decisions = Decision.objects.bulk_create(decisions, batch_size=BATCH)

    # the MOU
    signing = next((m for m in meetings if m.kind == MeetingKind.SIGNING), None)
    agreement = Agreement.objects.create(
        district=district,
        title=f"{city} 직업교육 혁신지구 추진을 위한 업무협약{SAMPLE_MARK}",
        signed_on=signing_day,
        place=f"{city_org} 회의실{SAMPLE_MARK}",
        signing_meeting=signing,
    )
    agreement.parties.set(signatories)
    clauses = Clause.objects.bulk_create(
        [
            Clause(agreement=agreement, number=n, title=t.format(name=city))
            for n, t in enumerate(CLAUSE_TITLES, start=1)
        ]
    )
    statuses = [s for s, _ in Commitment.Status.choices]
    commitments = []
    for clause in clauses:
        kinds = CLAUSE_KINDS[clause.number]
        parties = [o for o in signatories if kinds is None or o.kind in kinds] or signatories[:1]
        for org in parties:
            status = rng.choice(statuses)
            commitments.append(
                Commitment(
                    district=district,
                    clause=clause,
                    organisation=org,
                    description=f"{clause.title}에 협조한다.",
                    status=status,
                    evidence="" if status == "not_started" else "이행 근거 자료 등록(예시).",
                )
            )
    Commitment.objects.bulk_create(commitments, batch_size=BATCH)

    # action items
    held = [m for m in meetings if m.status == Meeting.Status.HELD] or meetings
    decisions_of: dict[int, list[Decision]] = {}
    for d in decisions:
        decisions_of.setdefault(d.meeting_id, []).append(d)
    owners = core * 3 + companies  # core parties own more than their share
    now = timezone.now()
    items = []
    for _ in range(items_n):
        meeting = rng.choice(held) if held else None
        decision = (
            rng.choice(decisions_of[meeting.pk]) if meeting and meeting.pk in decisions_of else None
        )
        due = today + dt.timedelta(days=rng.randint(-150, 120))
        roll = rng.random()
        if roll < 0.04:
            status = ActionItem.Status.CANCELLED
        elif due < today:
            status = ActionItem.Status.DONE if roll < 0.7 else rng.choice(ActionItem.OPEN_STATUSES)
        else:
            status = ActionItem.Status.DONE if roll < 0.15 else rng.choice(ActionItem.OPEN_STATUSES)
        completed = None
        if status == ActionItem.Status.DONE:
            completed = min(
                now,
                dt.datetime.combine(
                    due - dt.timedelta(days=rng.randint(0, 10)), dt.time(17), tzinfo=SEOUL
                ),
            )
        items.append(
            ActionItem(
                district=district,
                meeting=meeting,
                decision=decision,
                title=rng.choice(_ACTIONS),
                owner=rng.choice(owners),
                due_date=due,
                status=status,
                completed_at=completed,
            )
        )
    ActionItem.objects.bulk_create(items, batch_size=BATCH)
    return district


def generate_national(
    districts: int = 13,
    orgs_per_district: int = 300,
    action_items: int = 5000,
    meetings_per_district: int = 40,
    stdout: TextIO | None = None,
) -> list[District]:
    """Load Ansan and `districts - 1` generated sample districts. Returns all of them.

    The action items of the generated districts bring the database total to
    `action_items` (Ansan's are counted; other, non-generated districts are not
    touched and not counted). Idempotent: see the module docstring.
    """
    if districts < 1:
        raise ValueError("districts must be at least 1")
    if orgs_per_district < 1 or meetings_per_district < 0 or action_items < 0:
        raise ValueError("counts must not be negative")
    started = time.monotonic()
    today = timezone.localdate()
    with transaction.atomic():
        ansan = load_ansan(stdout=stdout)
        generated = districts - 1
        wanted = {f"{CODE_PREFIX}{_region(i)[0]}" for i in range(generated)}
        # Generated districts the request no longer covers (and their action items)
        for stale in District.objects.filter(code__startswith=CODE_PREFIX, is_sample=True).exclude(
            code__in=wanted
        ):
            _write(stdout, f"삭제: {stale.name}")
            _delete_district(stale)
        other_items = ActionItem.objects.exclude(district__code__in=wanted).exclude(district=ansan)
        remaining = max(0, action_items - ansan.action_items.count())
        if other_items.exists():
            _write(
                stdout, f"참고: 다른 지구의 할 일 {other_items.count()}건은 합계에 넣지 않았습니다."
            )
        result = [ansan]
        for i in range(generated):
            items_n = remaining // generated + (1 if i < remaining % generated else 0)
            code = f"{CODE_PREFIX}{_region(i)[0]}"
            existing = District.objects.filter(code=code).first()
            if existing is not None:
                if existing.is_sample and _is_complete(
                    existing, orgs_per_district, meetings_per_district, items_n
                ):
                    _write(stdout, f"그대로 둠: {existing.name}")
                    result.append(existing)
                    continue
                if not existing.is_sample:
                    raise ValueError(f"district {code} exists and is not sample data")
                _delete_district(existing)
            with transaction.atomic():
                district = _build_district(
                    i, orgs_per_district, meetings_per_district, items_n, today
                )
            _write(
                stdout,
                f"생성: {district.name} — 기관 {orgs_per_district}, 회의 {meetings_per_district}, "
                f"할 일 {items_n}",
            )
            result.append(district)
    _write(
        stdout,
        f"전국 규모 예시 데이터: 지구 {len(result)}개, 할 일 합계 "
        f"{ActionItem.objects.filter(district__in=result).count()}건, "
        f"{time.monotonic() - started:.1f}초",
    )
    return result
