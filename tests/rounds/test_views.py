"""The round pages as each role uses them (Korean by default)."""

from __future__ import annotations

import datetime as dt
from io import BytesIO

from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from mujigae.rounds.models import (
    Assignment,
    CompanyRank,
    Response,
    Round,
    RoundStatus,
    StudentChoice,
)
from mujigae.students.models import AccessLog
from tests.formcheck import BAD_TIME, LONG, not_a_date, refused, too_long

from .helpers import YEAR, fill_in, make_slots, make_students, open_round, pass_deadline


def _url(name, rnd):
    return reverse(f"rounds:{name}", args=[rnd.pk])


def test_coordinator_creates_and_opens_a_round(world, client_for):
    make_slots(world)
    make_students(world)
    c = client_for("coordinator")
    assert c.get(reverse("rounds:round_create")).status_code == 200
    deadline = (timezone.localtime() + dt.timedelta(days=5)).strftime("%Y-%m-%dT%H:%M")
    r = c.post(
        reverse("rounds:round_create"),
        {
            "name": "2026 현장실습 1차",
            "kind": "field_training",
            "deadline": deadline,
            "max_choices": 3,
            "school_year": YEAR,
            "grade": 3,
            "schools": [world.school.pk],
        },
    )
    assert r.status_code == 302
    rnd = Round.objects.get(name="2026 현장실습 1차")
    # the deadline typed in Korean time is stored as that instant
    assert timezone.localtime(rnd.deadline).strftime("%Y-%m-%dT%H:%M") == deadline
    r = c.post(_url("round_transition", rnd), {"action": "open"})
    assert r.status_code == 302
    page = c.get(_url("round_detail", rnd)).content.decode()
    assert "지망 접수 중" in page and "(KST)" in page


def test_bad_form_and_wrong_step_answer_4xx_in_korean(world, client_for):
    s = open_round(world)
    c = client_for("coordinator")
    r = c.post(reverse("rounds:round_create"), {"name": "", "max_choices": 40})
    assert r.status_code == 422
    r = c.post(_url("round_transition", s.round), {"action": "publish"})
    assert r.status_code == 409
    assert "결과를 발표하기 전에 매칭을 실행하세요" in r.content.decode()
    r = c.post(_url("round_run", s.round))  # before the deadline
    assert r.status_code == 409 and "마감 후에" in r.content.decode()
    assert Round.objects.get(pk=s.round.pk).status == RoundStatus.OPEN


def test_student_ranks_slots_and_sees_errors(world, client_for):
    s = open_round(world, max_choices=2)
    c = client_for("student")
    page = c.get(_url("student_round", s.round)).content.decode()
    # the ranking page: the chosen list (empty) and every slot with an "add" button
    assert 'data-testid="no-choices"' in page and "2개 중 0개를 골랐습니다" in page
    assert page.count('name="op" value="add:') == 2  # the night slot is refused
    robot, cnc = s.slots["robot"].pk, s.slots["cnc"].pk
    r = c.post(_url("student_round", s.round), {"slot": [robot, robot]})
    assert r.status_code == 422 and "두 번" in r.content.decode()
    r = c.post(_url("student_round", s.round), {"slot": [cnc, "", robot]})
    assert r.status_code == 302
    assert list(
        StudentChoice.objects.filter(entrant=s.entrants["kim"]).values_list(
            "round_slot_id", flat=True
        )
    ) == [cnc, robot]
    # reorder and remove
    c.post(_url("student_round", s.round), {"slot": [robot, ""]})
    assert list(
        StudentChoice.objects.filter(entrant=s.entrants["kim"]).values_list(
            "round_slot_id", flat=True
        )
    ) == [robot]
    pass_deadline(s.round)
    page = c.get(_url("student_round", s.round)).content.decode()
    assert "지망 제출이 마감되어" in page and "choices-form" not in page
    r = c.post(_url("student_round", s.round), {"slot": [cnc]})
    assert r.status_code == 409


def test_student_without_consent_is_told_why(world, client_for):
    s = open_round(world)
    # link the login to choi, who has no placement consent
    s.students["kim"].user = None
    s.students["kim"].save()
    s.students["choi"].user = world.users["student"]
    s.students["choi"].save()
    c = client_for("student")
    page = c.get(_url("student_round", s.round)).content.decode()
    assert "아직 지원할 수 없습니다" in page and "choices-form" not in page
    r = c.post(_url("student_round", s.round), {"slot": [s.slots["robot"].pk]})
    assert r.status_code == 403 and "동의" in r.content.decode()
    assert not StudentChoice.objects.exists()


def test_company_sees_only_its_consenting_applicants_without_contacts(world, client_for):
    s = open_round(world)
    fill_in(world, s)
    # choi (no consent) cannot apply; give her a choice directly to prove she stays hidden
    StudentChoice.objects.create(entrant=s.entrants["choi"], round_slot=s.slots["robot"], rank=1)
    c = client_for("company")
    page = c.get(_url("company_round", s.round)).content.decode()
    assert "김민준" in page and "이서연" in page and "전기기능사" in page
    assert "최유나" not in page  # no consent
    assert "박지호" in page  # robot is park's second choice
    assert "CNC 가공" not in page  # company_b's slot
    for secret in ("010-1234-5678", "gildong@example.com", "2009"):
        assert secret not in page
    assert AccessLog.objects.filter(who=world.users["company"], purpose="placement").count() == 3


def test_company_ranks_its_applicants(world, client_for):
    s = open_round(world)
    fill_in(world, s)
    c = client_for("company")
    e = s.entrants
    rs = s.slots["robot"]
    r = c.post(
        _url("company_round", s.round),
        {"round_slot": rs.pk, f"rank_{e['kim'].pk}": "1", f"rank_{e['lee'].pk}": "1"},
    )
    assert r.status_code == 422 and "서로 다른 순위" in r.content.decode()
    r = c.post(
        _url("company_round", s.round),
        {"round_slot": rs.pk, f"rank_{e['kim'].pk}": "1", f"rank_{e['lee'].pk}": ""},
    )
    assert r.status_code == 302
    assert list(CompanyRank.objects.filter(round_slot=rs).values_list("entrant_id", flat=True)) == [
        e["kim"].pk
    ]
    # another company's slot: refused, nothing changed
    r = c.post(
        _url("company_round", s.round),
        {"round_slot": s.slots["cnc"].pk, f"rank_{e['kim'].pk}": "1"},
    )
    assert r.status_code == 422
    assert CompanyRank.objects.filter(round_slot=s.slots["cnc"]).count() == 1


def test_run_publish_and_the_student_accepts(world, client_for):
    s = open_round(world)
    fill_in(world, s)
    pass_deadline(s.round)
    c = client_for("coordinator")
    r = c.post(_url("round_run", s.round))
    assert r.status_code == 302
    status = c.get(_url("round_run", s.round)).content.decode()
    assert "마지막 실행 완료" in status
    page = c.get(_url("round_detail", s.round)).content.decode()
    assert "학생 4명 중 2명 배정" in page
    welfare = c.get(_url("round_welfare", s.round)).content.decode()
    assert "차단 쌍" in welfare
    # the student sees nothing before publishing
    st = client_for("student")
    assert "my-result" not in st.get(_url("student_round", s.round)).content.decode()
    c = client_for("coordinator")
    assert c.post(_url("round_transition", s.round), {"action": "publish"}).status_code == 302
    st = client_for("student")
    page = st.get(_url("student_round", s.round)).content.decode()
    assert "CNC 가공에 배정되었습니다(2지망)" in page
    assert "정원 1명이 모두 기업이 더 높은 순위로 평가한 지원자에게" in page
    r = st.post(_url("student_respond", s.round), {"response": "accepted"})
    assert r.status_code == 302
    assert Assignment.objects.get(entrant=s.entrants["kim"]).response == Response.ACCEPTED
    c = client_for("company_b")
    page = c.get(_url("company_round", s.round)).content.decode()
    assert "우리 기업에 배정된 학생" in page and "김민준" in page


def test_rule_explanation_names_the_article(world, client_for):
    s = open_round(world)
    fill_in(world, s)
    s.students["kim"].user = None
    s.students["kim"].save()
    s.students["park"].user = world.users["student"]
    s.students["park"].save()
    c = client_for("coordinator")
    pass_deadline(s.round)
    c.post(_url("round_run", s.round))
    c.post(_url("round_transition", s.round), {"action": "publish"})
    page = client_for("student").get(_url("student_round", s.round)).content.decode()
    assert "현장실습은 오후 10시부터 오전 6시까지 할 수 없습니다." in page
    assert "직업교육훈련 촉진법 제9조의2" in page
    assert "기업이 이 자리에 대해 학생을 순위에 올리지 않았습니다." in page


def test_export_is_masked(world, client_for):
    s = open_round(world)
    fill_in(world, s)
    pass_deadline(s.round)
    c = client_for("coordinator")
    c.post(_url("round_run", s.round))
    asked = c.get(_url("round_export", s.round))
    assert asked.status_code == 200 and 'data-testid="download-reason"' in asked.content.decode()
    assert not AccessLog.objects.filter(action="download").exists()
    r = c.post(_url("round_export", s.round), {"purpose": "placement"})
    assert r.status_code == 200
    # one access-log row per student of the round, with the reason
    assert AccessLog.objects.filter(action="download", purpose="placement").count() == 4
    ws = load_workbook(BytesIO(r.content)).active
    rows = list(ws.iter_rows(values_only=True))
    names = {row[2] for row in rows[1:]}
    assert names == {"김*준", "이*연", "박*호", "최*나"}
    assert len(rows) == 5


def test_a_student_of_another_round_or_role_is_refused(world, client_for):
    s = open_round(world)
    c = client_for("coordinator")
    assert c.get(_url("student_round", s.round)).status_code == 403
    other = client_for("other_coordinator")
    assert other.get(_url("round_detail", s.round)).status_code == 404
    c = client_for("company")
    assert c.get(_url("round_detail", s.round)).status_code == 403


def test_school_enters_a_list_for_its_own_student_only(world, client_for):
    from mujigae.partners.models import Organisation, OrgKind
    from tests.students.factories import StudentFactory

    s = open_round(world)
    other_school = Organisation.objects.create(
        district=world.district, name="다른고등학교", kind=OrgKind.SCHOOL
    )
    stranger = StudentFactory(school=other_school, school_year=YEAR, name="남학생")
    from mujigae.rounds.models import Entrant

    far = Entrant.objects.create(round=s.round, student=stranger)
    c = client_for("school")
    page = c.get(_url("school_round", s.round)).content.decode()
    # the school's own students, names masked as in every list; no other school's
    assert "김*준" in page and "김민준" not in page and "남*생" not in page
    assert c.get(_url("school_round", s.round) + f"?entrant={far.pk}").status_code == 404
    lee = s.entrants["lee"]
    r = c.post(_url("school_round", s.round), {"entrant": lee.pk, "slot": [s.slots["cnc"].pk]})
    assert r.status_code == 302
    assert list(lee.choices.values_list("round_slot_id", flat=True)) == [s.slots["cnc"].pk]
    r = c.post(_url("school_round", s.round), {"entrant": far.pk, "slot": [s.slots["cnc"].pk]})
    assert r.status_code == 404
    r = c.post(_url("school_round", s.round), {"slot": [s.slots["cnc"].pk]})
    assert r.status_code == 422
    choi = s.entrants["choi"]  # no placement consent
    r = c.post(_url("school_round", s.round), {"entrant": choi.pk, "slot": [s.slots["cnc"].pk]})
    assert r.status_code == 403 and not choi.choices.exists()


def test_school_sees_results_and_records_the_hire_of_an_accepted_job(world, client_for):
    from mujigae.rounds import services
    from mujigae.rounds.models import Entrant, RoundSlot
    from tests.placements.factories import SlotFactory

    job = SlotFactory(company=world.company, title="로봇 정비원(정규직)", kind="job", capacity=1)
    students = make_students(world)
    coordinator = world.users["coordinator"]
    rnd = services.round_create(
        actor=coordinator,
        district=world.district,
        name="2026 채용 1차",
        kind="job",
        deadline=timezone.now() + dt.timedelta(days=7),
        school_year=YEAR,
        grade=3,
        schools=[world.school],
    )
    services.round_open(actor=coordinator, round=rnd)
    rs = RoundSlot.objects.get(round=rnd, slot=job)
    kim = Entrant.objects.get(round=rnd, student=students["kim"])
    services.choices_save(
        actor=world.users["student"], round=rnd, student=students["kim"], round_slot_ids=[rs.pk]
    )
    services.company_rank_save(actor=world.users["company"], round_slot=rs, entrant_ids=[kim.pk])
    rnd = pass_deadline(rnd)
    services.round_run_request(actor=coordinator, round=rnd, inline=True)
    services.round_publish(actor=coordinator, round=Round.objects.get(pk=rnd.pk))
    school = client_for("school")
    # before the answer: the result, no hire link yet
    page = school.get(_url("school_round", rnd)).content.decode()
    assert "로봇 정비원(정규직) (1지망)" in page and "답변 대기" in page
    assert 'data-testid="record-hire"' not in page
    services.assignment_respond(
        actor=world.users["student"], assignment=kim.assignment, response="accepted"
    )
    page = school.get(_url("school_round", rnd)).content.decode()
    link = f"/outcomes/students/{students['kim'].pk}/hires/new/?slot={job.pk}"
    assert link in page
    # the hire form comes filled in with the slot and its company
    form = school.get(link).content.decode()
    assert f'<option value="{job.pk}" selected>' in form
    assert f'<option value="{world.company.pk}" selected>' in form


def test_coordinator_corrects_an_answer_with_a_reason(world, client_for):
    from mujigae.core.models import AuditEntry

    s = open_round(world)
    fill_in(world, s)
    pass_deadline(s.round)
    coordinator = client_for("coordinator")
    coordinator.post(_url("round_run", s.round))
    coordinator.post(_url("round_transition", s.round), {"action": "publish"})
    kim = Assignment.objects.get(entrant=s.entrants["kim"])
    student = client_for("student")
    student.post(_url("student_respond", s.round), {"response": "declined"})
    # the student cannot take it back ...
    r = student.post(_url("student_respond", s.round), {"response": "accepted"})
    assert r.status_code == 409 and "교육지원청에 문의" in r.content.decode()
    # ... the coordinator can, from the school page, and must say why
    page = client_for("coordinator").get(_url("school_round", s.round)).content.decode()
    url = reverse("rounds:answer_correct", args=[kim.pk])
    assert url in page
    r = client_for("coordinator").post(url, {"response": "accepted", "reason": " "})
    assert r.status_code == 422 and "이유를 적어" in r.content.decode()
    kim.refresh_from_db()
    assert kim.response == Response.DECLINED
    r = client_for("coordinator").post(
        url, {"response": "accepted", "reason": "학생이 잘못 눌렀다고 전화함"}
    )
    assert r.status_code == 302
    kim.refresh_from_db()
    assert kim.response == Response.ACCEPTED
    entries = AuditEntry.objects.filter(object_type="rounds.Assignment", object_id=str(kim.pk))
    entry = entries.order_by("pk").last()
    assert entry.changes["response"] == ["declined", "accepted"]
    assert entry.changes["reason"] == [None, "학생이 잘못 눌렀다고 전화함"]
    # a school may not correct (the route is the coordinator's), nor may the student
    assert (
        client_for("school").post(url, {"response": "declined", "reason": "x"}).status_code == 403
    )
    assert student.post(url, {"response": "declined", "reason": "x"}).status_code == 403
    # an unplaced student has nothing to correct
    lee_or_park = Assignment.objects.filter(round=s.round, round_slot__isnull=True).first()
    r = client_for("coordinator").post(
        reverse("rounds:answer_correct", args=[lee_or_park.pk]),
        {"response": "accepted", "reason": "x"},
    )
    assert r.status_code == 409


# --------------------------------------------------------------------------
# bad input: 422, what was typed shown back, nothing written (docs/forms.md)


def test_round_form_says_too_long_and_not_a_date(world, client_for):
    make_slots(world)
    response = client_for("coordinator").post(
        reverse("rounds:round_create"),
        {
            "name": LONG,
            "kind": "field_training",
            "deadline": BAD_TIME,
            "max_choices": 3,
            "school_year": YEAR,
            "grade": 3,
            "schools": [world.school.pk],
        },
    )
    page = refused(response, LONG, BAD_TIME)
    assert too_long(200) in page
    not_a_date(response, "deadline", BAD_TIME)
    assert not Round.objects.exists()


def test_a_long_correction_reason_and_a_bad_rank_are_refused_as_typed(world, client_for):
    from mujigae.core.models import AuditEntry

    s = open_round(world)
    fill_in(world, s)
    company = client_for("company")
    e, rs = s.entrants, s.slots["robot"]
    response = company.post(
        _url("company_round", s.round),
        {"round_slot": rs.pk, f"rank_{e['kim'].pk}": "첫째", f"rank_{e['lee'].pk}": "2"},
    )
    page = refused(response, "첫째")
    assert "순위는 정수로 입력하세요(1 = 최우선)." in page
    ranks_before = list(CompanyRank.objects.filter(round_slot=rs).values_list("entrant_id", "rank"))
    pass_deadline(s.round)
    coordinator = client_for("coordinator")
    coordinator.post(_url("round_run", s.round))
    coordinator.post(_url("round_transition", s.round), {"action": "publish"})
    kim = Assignment.objects.get(entrant=s.entrants["kim"])
    audit = AuditEntry.objects.count()
    response = coordinator.post(
        reverse("rounds:answer_correct", args=[kim.pk]), {"response": "accepted", "reason": LONG}
    )
    page = refused(response, LONG)
    assert too_long(200) in page
    kim.refresh_from_db()
    assert kim.response == Response.PENDING and AuditEntry.objects.count() == audit
    assert list(CompanyRank.objects.filter(round_slot=rs).values_list("entrant_id", "rank")) == (
        ranks_before
    )
