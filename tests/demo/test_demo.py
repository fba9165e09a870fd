"""The demo data: Ansan from the source article, the demo logins, the national generator."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.test import RequestFactory
from django.utils import timezone

from mujigae.core.models import District, Industry, Role, User
from mujigae.demo import DEMO_PASSWORD
from mujigae.demo.ansan import COMPANY_USER_ORG, PARTNER_USER_ORG, SCHOOL_USER_ORG, load_ansan
from mujigae.demo.national import generate_national
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

SEOUL = dt.timezone(dt.timedelta(hours=9))

REAL_SIGNATORIES = {
    "안산교육지원청": OrgKind.EDUCATION_OFFICE,
    "안산시": OrgKind.CITY,
    "안산상공회의소": OrgKind.CHAMBER,
    "한국산업단지공단 경기지역본부": OrgKind.PUBLIC_AGENCY,
    "경기테크노파크": OrgKind.PUBLIC_AGENCY,
    "한양대학교 ERICA": OrgKind.UNIVERSITY,
    "신안산대학교": OrgKind.UNIVERSITY,
    "안산대학교": OrgKind.UNIVERSITY,
    "(사)스마트허브경영자협회": OrgKind.ASSOCIATION,
    "스마트허브 여성경영자협의회": OrgKind.ASSOCIATION,
    "중소벤처기업연수원": OrgKind.TRAINING,
    "안산고용복지플러스센터": OrgKind.EMPLOYMENT_CENTRE,
}
CLAUSE_TITLES = [
    "안산 무지개 직업교육 혁신지구 추진을 위한 거버넌스 구축",
    "지역특화산업 직업교육을 통한 인재양성 지원",
    "지역특화산업 참여 기업의 교육과정 개발 참여 및 이수자 채용 지원",
    "지역특화산업 참여 기업체에 대한 제도적 혜택 지원",
    "직업교육 혁신지구 추진 내실화를 위한 행·재정적 지원",
    "지역직업교육 현안 해결 및 정주 생태계 구축을 위한 프로그램 운영",
    "사업추진을 위한 각 기관이 가진 정보 공유 및 참여인력 협조",
    "안산시 기업 현장의 수요조사와 지속적 성장을 위한 실태조사 협조",
]
MODELS = [
    District,
    Industry,
    Organisation,
    Organisation.industries.through,
    Person,
    Meeting,
    Meeting.organisations.through,
    Meeting.attendees.through,
    Decision,
    ActionItem,
    Agreement,
    Agreement.parties.through,
    Clause,
    Commitment,
    User,
]


def counts() -> dict[str, int]:
    return {m._meta.label: m.objects.count() for m in MODELS}


@pytest.fixture
def ansan(db) -> District:
    return load_ansan()


def test_district_and_industries(ansan):
    assert ansan.code == "ansan"
    assert ansan.name == "안산 무지개 직업교육 혁신지구"
    assert ansan.region == "경기도 안산시"
    assert ansan.year_designated == 2025
    assert not ansan.is_sample
    industries = {i.code: i for i in ansan.industries.all()}
    assert set(industries) == {"robot-ai", "digital-manufacturing"}
    assert industries["robot-ai"].name == "로봇 AI"
    assert industries["digital-manufacturing"].name == "디지털제조"
    assert all(i.fixed_on == dt.date(2024, 6, 24) for i in industries.values())


def test_eighteen_signatories_with_real_names(ansan):
    signatories = ansan.organisations.filter(is_signatory=True)
    assert signatories.count() == 18
    real = {o.name: o for o in signatories.filter(is_sample=False)}
    assert {name: o.kind for name, o in real.items()} == REAL_SIGNATORIES
    schools = signatories.filter(kind=OrgKind.SCHOOL)
    assert schools.count() == 6
    assert all(s.is_sample and "(예시)" in s.name for s in schools)
    assert set(signatories) == set(Agreement.objects.get(district=ansan).parties.all())
    council = ansan.organisations.get(name="안산 지역직업교육협의회")
    assert council.kind == OrgKind.COUNCIL and not council.is_signatory


def test_real_people_from_the_article(ansan):
    def person(name):
        return Person.objects.select_related("organisation").get(district=ansan, name=name)

    assert person("김태훈").organisation.name == "안산교육지원청"
    assert person("김태훈").position == "교육장"
    assert person("이민근").organisation.name == "안산시"
    assert person("장윤정").organisation.kind == OrgKind.COUNCIL
    assert not person("장윤정").is_sample
    # every organisation has an invented contact, marked as sample
    orgs_with_sample_contact = set(
        Person.objects.filter(district=ansan, is_sample=True).values_list("organisation", flat=True)
    )
    assert orgs_with_sample_contact == set(ansan.organisations.values_list("pk", flat=True))


def test_three_events(ansan):
    opening = ansan.meetings.get(kind=MeetingKind.MEETING, starts_at__date=dt.date(2024, 4, 9))
    assert {o.name for o in opening.organisations.all()} == {"안산교육지원청", "안산시"}
    council = ansan.meetings.get(kind=MeetingKind.COUNCIL)
    assert council.starts_at.astimezone(SEOUL).date() == dt.date(2024, 6, 24)
    assert council.chair == "경기도의회 장윤정 의원"
    texts = [d.text for d in council.decisions.all()]
    assert any("합의" in t for t in texts)
    assert any("로봇 AI" in t and "디지털제조" in t for t in texts)
    signing = ansan.meetings.get(kind=MeetingKind.SIGNING)
    assert signing.starts_at.astimezone(SEOUL).date() == dt.date(2024, 8, 8)
    assert signing.place == "안산시청 제1회의실"
    assert signing.organisations.count() == 18
    assert {"김태훈", "이민근"} <= set(signing.attendees.values_list("name", flat=True))
    for meeting in (opening, council, signing):
        assert meeting.status == Meeting.Status.HELD
        assert meeting.agenda and meeting.minutes
        assert meeting.starts_at.year == 2024
    # invented follow-ups: marked as sample, some upcoming
    samples = ansan.meetings.filter(title__contains="(예시)")
    assert samples.filter(status=Meeting.Status.HELD).exists()
    upcoming = samples.filter(starts_at__gt=timezone.now(), status=Meeting.Status.PLANNED)
    assert 2 <= upcoming.count() <= 3


def test_agreement_clauses_and_commitments(ansan):
    agreement = Agreement.objects.get(district=ansan)
    assert agreement.title == "안산 무지개 직업교육 혁신지구 추진을 위한 업무협약"
    assert agreement.signed_on == dt.date(2024, 8, 8)
    assert agreement.place == "안산시청 제1회의실"
    assert agreement.signing_meeting.kind == MeetingKind.SIGNING
    clauses = list(agreement.clauses.order_by("number"))
    assert [c.number for c in clauses] == list(range(1, 9))
    assert [c.title for c in clauses] == CLAUSE_TITLES
    assert all(c.summary for c in clauses)
    for clause in clauses:
        assert clause.commitments.exists(), clause
    assert agreement.clauses.get(number=7).commitments.count() == 18
    clause1 = {c.organisation.name for c in agreement.clauses.get(number=1).commitments.all()}
    assert clause1 == {"안산교육지원청", "안산시"}
    statuses = set(Commitment.objects.filter(district=ansan).values_list("status", flat=True))
    assert len(statuses) >= 3
    parties = set(agreement.parties.values_list("pk", flat=True))
    assert (
        set(Commitment.objects.filter(district=ansan).values_list("organisation", flat=True))
        <= parties
    )


def test_sample_companies(ansan):
    companies = ansan.organisations.filter(kind=OrgKind.COMPANY)
    assert 35 <= companies.count() <= 45
    assert all(c.is_sample and not c.is_signatory for c in companies)
    assert all(c.employees and c.area and c.industries.exists() for c in companies)
    assert companies.filter(is_participating=True).count() > companies.count() // 2
    assert {c.area for c in companies} <= {"반월 스마트허브", "시화 스마트허브"}


def test_action_items(ansan):
    today = timezone.localdate()
    items = ActionItem.objects.filter(district=ansan)
    open_ = items.filter(status__in=ActionItem.OPEN_STATUSES)
    assert items.filter(status=ActionItem.Status.DONE).exists()
    assert open_.filter(due_date__lt=today).exists()  # overdue
    assert open_.filter(due_date__gte=today).exists()
    company = User.objects.get(username="company").organisation
    assert open_.filter(owner=company).count() >= 2
    assert open_.filter(owner=User.objects.get(username="partner").organisation).exists()
    assert open_.filter(owner=User.objects.get(username="school").organisation).exists()
    assert items.exclude(decision=None).exists()
    assert len({i.owner_id for i in items}) >= 10


def test_logins(ansan):
    request = RequestFactory().post("/login/")
    expected = {
        "coordinator": (Role.COORDINATOR, "안산교육지원청"),
        "city": (Role.COORDINATOR, "안산시"),
        "school": (Role.SCHOOL, SCHOOL_USER_ORG),
        "company": (Role.COMPANY, COMPANY_USER_ORG),
        "partner": (Role.PARTNER, PARTNER_USER_ORG),
        "student": (Role.STUDENT, SCHOOL_USER_ORG),
        "ministry": (Role.MINISTRY, None),
    }
    for username, (role, org_name) in expected.items():
        user = authenticate(request, username=username, password=DEMO_PASSWORD)
        assert user is not None, username
        assert user.role == role
        assert user.display_name
        assert not user.is_staff and not user.is_superuser
        if org_name is None:
            assert user.organisation is None and user.district is None
        else:
            assert user.organisation.name == org_name
            assert user.district == ansan
    assert User.objects.get(username="school").organisation.kind == OrgKind.SCHOOL
    assert User.objects.get(username="company").organisation.kind == OrgKind.COMPANY


def test_loading_twice_changes_nothing(ansan):
    before = counts()
    load_ansan()
    assert counts() == before
    assert District.objects.filter(code="ansan").count() == 1


def test_national_generator_counts_and_idempotency(db):
    kwargs = {"districts": 3, "orgs_per_district": 20, "action_items": 100}
    districts = generate_national(**kwargs, meetings_per_district=6)
    assert len(districts) == 3
    assert District.objects.count() == 3
    assert ActionItem.objects.count() == 100
    samples = District.objects.filter(is_sample=True)
    assert samples.count() == 2
    for district in samples:
        assert "(예시)" in district.name
        assert district.industries.count() == 2
        assert district.organisations.count() == 20
        assert district.meetings.count() == 6
        kinds = set(district.organisations.values_list("kind", flat=True))
        assert {OrgKind.EDUCATION_OFFICE, OrgKind.CITY, OrgKind.SCHOOL, OrgKind.COMPANY} <= kinds
        agreement = Agreement.objects.get(district=district)
        assert agreement.clauses.count() == 8
        for clause in agreement.clauses.all():
            assert clause.commitments.exists()
        assert district.action_items.exists()
        # everything points inside its own district
        assert (
            not ActionItem.objects.filter(district=district)
            .exclude(owner__district=district)
            .exists()
        )
        assert (
            not Commitment.objects.filter(district=district)
            .exclude(organisation__district=district)
            .exists()
        )
    before, pks = counts(), set(samples.values_list("pk", flat=True))
    generate_national(**kwargs, meetings_per_district=6)
    assert counts() == before
    assert set(District.objects.filter(is_sample=True).values_list("pk", flat=True)) == pks

    # a smaller request removes the generated districts it no longer covers
    generate_national(districts=2, orgs_per_district=10, action_items=60, meetings_per_district=4)
    assert District.objects.count() == 2
    assert ActionItem.objects.count() == 60
    assert District.objects.get(is_sample=True).organisations.count() == 10


def test_command_refuses_without_debug(db):
    with pytest.raises(CommandError):
        call_command("demo", stdout=StringIO())
    assert not District.objects.exists()


def test_command_prints_url_and_logins(db):
    out = StringIO()
    call_command("demo", "--force", "--scale=ansan", stdout=out)  # the default: test_national_demo
    text = out.getvalue()
    assert "http://127.0.0.1:8000/" in text
    for username in ("coordinator", "city", "school", "company", "partner", "student", "ministry"):
        assert f"{username}" in text
    assert text.count(f"/ {DEMO_PASSWORD} —") == 7
    assert "지구 코디네이터 (안산교육지원청)" in text


def test_command_national(db):
    out = StringIO()
    call_command(
        "demo",
        "--force",
        "--scale=national",
        "--districts=2",
        "--orgs-per-district=15",
        "--action-items=50",
        "--meetings-per-district=3",
        stdout=out,
    )
    assert District.objects.count() == 2
    assert ActionItem.objects.count() == 50
    assert "http://127.0.0.1:8000/" in out.getvalue()


def test_the_printed_url_follows_make_demos_port(settings):
    """`make demo PORT=8080` serves on 8080 (MUJIGAE_DEMO_URL, read by settings):
    the URL printed must say so."""
    from mujigae.demo.management.commands.demo import _url

    assert _url() == "http://127.0.0.1:8000/"
    settings.MUJIGAE_DEMO_URL = "http://127.0.0.1:8080"
    assert _url() == "http://127.0.0.1:8080/"
