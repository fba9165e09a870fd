"""Pages per role: scopes, masking, the dashboard and its drill-down, exports, import."""

from __future__ import annotations

import datetime as dt
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from mujigae.outcomes import services
from mujigae.outcomes.models import FollowUp, GraduateRecord, Hire, SettlementProgramme
from tests.formcheck import BAD_DATE, LONG, not_a_date, refused, too_long
from tests.students.factories import StudentFactory


@pytest.fixture
def outcomes(world, grad, other_grad):
    """Our school: 홍길동 employed in the district (insured 6 months later), 이영희
    in further study, 박민수 not employed. The other school: 김철수 employed."""
    actor = world.users["coordinator"]
    services.graduate_record_save(actor=actor, student=grad, status="employed")
    hire = services.hire_record(
        actor=actor,
        student=grad,
        company=world.company,
        start_date=dt.date(2025, 3, 2),
        contract_type="permanent",
    )
    services.follow_up_record(
        actor=actor,
        follow_up=hire.follow_ups.get(months=6),
        done_on=dt.date(2025, 9, 3),
        still_employed=True,
        still_insured=True,
        in_district=True,
    )
    study = StudentFactory(school=world.school, school_year=2024, number=2, name="이영희")
    services.graduate_record_save(actor=actor, student=study, status="further_study")
    idle = StudentFactory(school=world.school, school_year=2024, number=3, name="박민수")
    services.graduate_record_save(actor=actor, student=idle, status="not_employed")
    services.graduate_record_save(actor=actor, student=other_grad, status="employed")
    return hire


def _cell(html: str, figure: str) -> str:
    start = html.index(f'data-figure="{figure}"')
    return html[start : html.index("</td>", start)]


def test_coordinator_dashboard_per_school_and_total(world, client_for, outcomes):
    html = client_for("coordinator").get(reverse("outcomes:dashboard")).content.decode()
    assert "시험고등학교" in html and "다른고" in html
    # our school first (다른고 sorts before 시험고): take the district total row
    total = html[html.index('class="total"') :]
    assert ">4<" in _cell(total, "graduates")
    assert "66.7%" in _cell(total, "employment_rate")  # 2 ÷ (4 − 1) × 100
    assert "55.3" in html and "82.2" in html and "66.2" in html  # national reference
    assert "figure=employment_rate" in html


def test_school_sees_only_its_own_school(world, client_for, outcomes):
    html = client_for("school").get(reverse("outcomes:dashboard")).content.decode()
    assert "다른고" not in html
    total = html[html.index('class="total"') :]
    assert ">3<" in _cell(total, "graduates")
    assert "50.0%" in _cell(total, "employment_rate")
    assert "100.0%" in _cell(total, "retention_6")
    assert "—" in _cell(total, "retention_24") or "0.0%" in _cell(total, "retention_24")


def test_ministry_sees_district_aggregates_without_names_or_drill_down(world, client_for, outcomes):
    client = client_for("ministry")
    html = client.get(
        reverse("outcomes:dashboard"), {"district": world.district.pk}
    ).content.decode()
    assert "66.7%" in html
    assert "시험고등학교" not in html and "다른고" not in html  # no per-school rows
    assert "/outcomes/figure/" not in html and "홍*동" not in html
    url = reverse("outcomes:figure_rows") + "?figure=employed&year=2025"
    assert client.get(url).status_code == 403


def test_ministry_reads_every_district_side_by_side_until_it_picks_one(world, client_for, outcomes):
    from tests import factories as f
    from tests.students.factories import StudentFactory

    school = f.OrganisationFactory(district=world.other_district, name="타지구고", kind="school")
    far = StudentFactory(
        school=school, school_year=2024, number=1, name="최먼곳", birth_date=dt.date(2006, 1, 1)
    )
    services.graduate_record_save(
        actor=world.users["coordinator"], student=far, status="not_employed"
    )
    client = client_for("ministry")
    html = client.get(reverse("outcomes:dashboard")).content.decode()
    table = html[html.index('data-testid="outcomes-table"') :]
    # one row per district, then their sum (not a national figure: that is the
    # reference row); no school, no person, no link
    assert world.district.name in table and world.other_district.name in table
    assert "전체 지구 합계" in table and "전국 합계" not in table
    assert "타지구고" not in table and "최*곳" not in table
    assert "/outcomes/figure/" not in html
    total = table[table.index('class="total"') :]
    assert _cell(total, "graduates").endswith(">5")  # 4 of ours + 1 of the other district
    # picking a district narrows the table to it
    html = client.get(reverse("outcomes:dashboard"), {"district": world.district.pk}).content
    assert world.other_district.name.encode() not in html.split(b"outcomes-table")[1]
    # the Excel export of the national table names the districts
    response = client.get(reverse("outcomes:dashboard_export"))
    assert response.status_code == 200
    rows = list(load_workbook(BytesIO(response.content)).worksheets[0].iter_rows(values_only=True))
    assert rows[0][1] == "지구" and rows[-1][1] == "전체 지구 합계"
    # other roles never get the national table: a school asking for it sees its district
    html = client_for("school").get(reverse("outcomes:dashboard"), {"district": ""}).content
    assert world.other_district.name.encode() not in html


def _header_and_total(html: str) -> tuple[str, str]:
    """The name column's header and the total row's label, as text."""
    import re

    table = html[html.index('data-testid="outcomes-table"') :]
    header = re.findall(r'<th scope="col">([^<]*)</th>', table)[1]
    total = table[table.index('class="total"') :]
    label = re.search(r'<th scope="row"><strong>([^<]*)</strong>', total).group(1)
    return header, label


@pytest.mark.parametrize("role, total", (("coordinator", "혁신지구 합계"), ("school", "학교 합계")))
def test_dashboard_labels_say_what_the_rows_are(world, client_for, outcomes, role, total):
    # issue 16: the total was "전국 합계" (a school's own figures called national)
    # and the column of school names was headed "지구"
    client = client_for(role)
    html = client.get(reverse("outcomes:dashboard")).content.decode()
    assert _header_and_total(html) == ("학교", total)
    assert "전국 합계" not in html
    # the Excel export of the same table says the same
    response = client.get(reverse("outcomes:dashboard_export"))
    rows = list(load_workbook(BytesIO(response.content)).worksheets[0].iter_rows(values_only=True))
    assert rows[0][:2] == ("졸업연도", "학교")
    assert rows[-1][1] == total
    assert "시험고등학교" in [r[1] for r in rows[1:-1]]


def test_dashboard_writes_rates_and_the_national_reference_as_korean_does(
    world, client_for, outcomes
):
    # 66.7%, not "66.7 %" / "66.7&nbsp;%" (issue 16)
    html = client_for("coordinator").get(reverse("outcomes:dashboard")).content.decode()
    total = html[html.index('class="total"') :]
    assert _cell(total, "employment_rate").endswith(">66.7%</a>")
    assert "&nbsp;%" not in html and " %" not in html
    national = html[html.index('data-testid="national-row"') :]
    assert "55.3%" in national and "82.2%" in national
    assert "취업률 55.3%, 유지취업률 1차 82.2%, 2차 66.2%." in html  # how computed
    rows = client_for("school").get(
        reverse("outcomes:figure_rows"), {"figure": "employment_rate", "year": 2025}
    )
    assert "<strong>50.0%</strong>" in rows.content.decode()


def test_dashboard_figures_equal_the_per_graduate_facts(world, outcomes):
    """The dashboard reads plain values in bulk; the drill-down reads model rows
    one graduate at a time: both must give the same figures."""
    from mujigae.outcomes import rates, selectors
    from mujigae.outcomes.models import FurtherStudy

    FurtherStudy.objects.create(
        district=world.district,
        student=outcomes.student,
        institution="한양대 ERICA",
        start_date=dt.date(2025, 9, 1),
        while_employed=True,
    )
    coordinator = world.users["coordinator"]
    rows = selectors.dashboard_table(user=coordinator, district=world.district)
    records = selectors._records(GraduateRecord.objects.filter(district=world.district))
    one_by_one = rates.figures([selectors.graduate_facts(r) for r in records])
    total = next(r for r in rows if r.is_total)
    assert total.figures == one_by_one
    assert total.figures.counts["study_while_employed"] == 1
    assert total.figures.rates["retention_6"] == 50.0  # 홍길동 kept, 김철수 has no hire


def test_denominator_zero_shows_a_dash(world, client_for, grad):
    services.graduate_record_save(actor=world.users["school"], student=grad, status="military")
    html = client_for("school").get(reverse("outcomes:dashboard")).content.decode()
    total = html[html.index('class="total"') :]
    assert "—" in _cell(total, "employment_rate")


def test_figure_rows_list_the_graduates_masked(world, client_for, outcomes):
    url = reverse("outcomes:figure_rows")
    html = (
        client_for("school")
        .get(url, {"figure": "employment_rate", "year": 2025, "school": world.school.pk})
        .content.decode()
    )
    assert "홍*동" in html and "박*수" in html
    assert "이*희" not in html  # further study is outside the denominator
    assert "홍길동" not in html
    assert world.company.name in html


def test_school_cannot_drill_into_another_school(world, client_for, outcomes, other_grad):
    url = reverse("outcomes:figure_rows")
    response = client_for("school").get(
        url, {"figure": "employed", "year": 2025, "school": other_grad.school_id}
    )
    assert response.status_code == 404
    html = client_for("school").get(url, {"figure": "employed", "year": 2025}).content.decode()
    assert "김*수" not in html and "홍*동" in html


def test_bad_figure_goes_back_to_the_dashboard(client_for, outcomes):
    response = client_for("school").get(reverse("outcomes:figure_rows"), {"figure": "x"})
    assert response.status_code == 302


def test_export_xlsx(world, client_for, outcomes):
    response = client_for("coordinator").get(reverse("outcomes:dashboard_export"))
    assert response.status_code == 200
    ws = load_workbook(BytesIO(response.content)).worksheets[0]
    rows = list(ws.iter_rows(values_only=True))
    assert len(rows) == 4  # header, two schools, the total
    assert rows[-1][2] == 4 and rows[-1][8] == 66.7
    assert "홍" not in str(rows)


def test_other_schools_student_is_404(world, client_for, other_grad):
    client = client_for("school")
    for name in ("student_outcomes", "hire_create", "study_create"):
        url = reverse(f"outcomes:{name}", args=[other_grad.pk])
        assert client.get(url).status_code == 404, name
        assert client.post(url, {}).status_code == 404, name


def test_school_records_a_hire_and_a_follow_up(world, client_for, grad):
    client = client_for("school")
    response = client.post(
        reverse("outcomes:hire_create", args=[grad.pk]),
        {
            "company": world.company.pk,
            "workplace_in_district": "on",
            "start_date": "2025-03-02",
            "contract_type": "permanent",
            "insured": "on",
        },
    )
    assert response.status_code == 302
    hire = Hire.objects.get()
    assert hire.follow_ups.count() == 3
    follow_up = hire.follow_ups.get(months=6)
    response = client.post(
        reverse("outcomes:followup_edit", args=[follow_up.pk]),
        {
            "done_on": "2025-09-03",
            "still_employed": "yes",
            "still_insured": "yes",
            "in_district": "no",
        },
    )
    assert response.status_code == 302
    follow_up.refresh_from_db()
    assert follow_up.still_insured is True and follow_up.in_district is False


def test_bad_hire_form_is_422_in_korean(world, client_for, grad):
    response = client_for("school").post(
        reverse("outcomes:hire_create", args=[grad.pk]),
        {"start_date": "2025-03-02", "contract_type": "permanent"},
    )
    assert response.status_code == 422
    assert "기업명을 적어 주세요" in response.content.decode()
    assert not Hire.objects.exists()


def test_follow_up_without_consent_says_so(world, client_for, grad):
    grad.consents.all().delete()
    hire = Hire.objects.create(
        district=world.district,
        student=grad,
        company=world.company,
        start_date=dt.date(2025, 3, 2),
        contract_type="permanent",
    )
    follow_up = FollowUp.objects.create(
        district=world.district, hire=hire, months=6, due_on=dt.date(2025, 9, 2)
    )
    client = client_for("school")
    page = client.get(reverse("outcomes:followup_edit", args=[follow_up.pk]))
    assert 'data-testid="no-consent"' in page.content.decode()
    response = client.post(
        reverse("outcomes:followup_edit", args=[follow_up.pk]),
        {
            "done_on": "2025-09-03",
            "still_employed": "yes",
            "still_insured": "yes",
            "in_district": "yes",
        },
    )
    assert response.status_code == 422
    follow_up.refresh_from_db()
    assert follow_up.done_on is None


def test_due_follow_ups_work_list(world, client_for, grad, other_grad):
    for student in (grad, other_grad):
        services.hire_record(
            actor=world.users["coordinator"],
            student=student,
            company=world.company,
            start_date=dt.date(2024, 1, 2),
            contract_type="permanent",
        )
    html = client_for("school").get(reverse("outcomes:followup_list")).content.decode()
    assert "홍*동" in html and "김*수" not in html
    coord = client_for("coordinator").get(reverse("outcomes:followup_list")).content.decode()
    assert "김*수" in coord


def test_status_saved_from_the_student_page(world, client_for, grad):
    url = reverse("outcomes:student_outcomes", args=[grad.pk])
    client = client_for("school")
    assert client.post(url, {"status": "excluded"}).status_code == 422
    assert not GraduateRecord.objects.exists()
    assert (
        client.post(url, {"status": "excluded", "exclusion_reason": "장기 입원"}).status_code == 302
    )
    assert GraduateRecord.objects.get().exclusion_reason == "장기 입원"


def test_provider_manages_its_programme_participants(world, client_for, grad):
    programme = SettlementProgramme.objects.create(
        district=world.district,
        name="멘토링",
        kind="mentoring",
        provider=world.partner,
        starts_on=dt.date(2025, 1, 1),
    )
    services.graduate_record_save(actor=world.users["school"], student=grad, status="employed")
    partner = client_for("partner")
    page = partner.get(reverse("outcomes:programme_detail", args=[programme.pk])).content.decode()
    assert "홍*동" in page and "홍길동" not in page
    response = partner.post(
        reverse("outcomes:participant_add", args=[programme.pk]),
        {"student": grad.pk, "joined_on": "2025-03-05"},
    )
    assert response.status_code == 302
    assert programme.participations.count() == 1
    # another company does not even see it
    other = client_for("company")
    assert other.get(reverse("outcomes:programme_detail", args=[programme.pk])).status_code == 404


def _xlsx(rows) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(["졸업연도", "반", "번호", "성명", "상태", "제외사유"])
    for row in rows:
        ws.append(row)
    buf = BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_import_is_atomic_and_lists_every_bad_row(world, client_for, grad):
    StudentFactory(school=world.school, school_year=2024, number=2, name="이영희")
    client = client_for("school")
    url = reverse("outcomes:graduate_import")
    bad = _xlsx(
        [
            [2025, 1, 1, "홍길동", "취업", None],
            [2025, 1, 2, "이영희", "제외", None],
            [2025, 1, 3, "없는사람", "진학", None],
            [2025, 1, 1, "홍길동", "놀기", None],
        ]
    )
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        url,
        {"school": world.school.pk, "file": SimpleUploadedFile("졸업.xlsx", bad)},
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert html.count('<tr><td class="num">') == 3
    assert not GraduateRecord.objects.exists()
    good = _xlsx(
        [[2025, 1, 1, "홍길동", "취업", None], [2025, 1, 2, "이영희", "제외", "장기 입원"]]
    )
    response = client.post(
        url, {"school": world.school.pk, "file": SimpleUploadedFile("졸업.xlsx", good)}
    )
    assert response.status_code == 302
    assert dict(GraduateRecord.objects.values_list("student__name", "status")) == {
        "홍길동": "employed",
        "이영희": "excluded",
    }


def test_student_reads_own_outcomes(world, client_for, grad):
    grad.user = world.users["student"]
    grad.save()
    services.graduate_record_save(actor=world.users["school"], student=grad, status="further_study")
    html = client_for("student").get(reverse("outcomes:me")).content.decode()
    assert "2025" in html


def test_a_count_lists_only_the_graduates_it_counts(world, client_for, outcomes):
    html = (
        client_for("coordinator")
        .get(reverse("outcomes:figure_rows"), {"figure": "employed", "year": 2025})
        .content.decode()
    )
    assert "홍*동" in html and "김*수" in html
    assert "이*희" not in html and "박*수" not in html


def test_other_schools_hire_and_follow_up_are_404(world, client_for, other_grad):
    hire = services.hire_record(
        actor=world.users["coordinator"],
        student=other_grad,
        company=world.company,
        start_date=dt.date(2025, 3, 2),
        contract_type="permanent",
    )
    follow_up = hire.follow_ups.get(months=6)
    client = client_for("school")
    for url in (
        reverse("outcomes:hire_edit", args=[hire.pk]),
        reverse("outcomes:followup_edit", args=[follow_up.pk]),
    ):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"done_on": "2025-09-03"}).status_code == 404, url
    follow_up.refresh_from_db()
    assert follow_up.done_on is None


def test_erasing_a_student_takes_the_outcomes_with_it(world, grad, outcomes):
    from mujigae.core.models import AuditEntry
    from mujigae.outcomes.models import FurtherStudy, Participation
    from mujigae.students.services import student_erase

    hire_audit = AuditEntry.objects.filter(object_type="outcomes.Hire", object_id=str(outcomes.pk))
    assert hire_audit.exists() and hire_audit.first().changes
    student_erase(actor=world.users["coordinator"], student=grad, reason="본인 요청")
    # the audit rows about the erased outcomes keep neither the name nor the values
    assert hire_audit.exists()
    for entry in hire_audit:
        assert entry.changes == {} and grad.name not in entry.object_repr
    assert not GraduateRecord.objects.filter(student_id=grad.pk).exists()
    assert not Hire.objects.filter(pk=outcomes.pk).exists()
    assert not FollowUp.objects.filter(hire_id=outcomes.pk).exists()
    assert not FurtherStudy.objects.filter(student_id=grad.pk).exists()
    assert not Participation.objects.filter(student_id=grad.pk).exists()


def test_coordinator_creates_a_programme_provider_removes_a_participant(world, client_for, grad):
    response = client_for("coordinator").post(
        reverse("outcomes:programme_create"),
        {
            "name": "청년 주거",
            "kind": "housing",
            "provider": world.partner.pk,
            "starts_on": "2025-01-01",
            "ends_on": "2025-01-31",
        },
    )
    assert response.status_code == 302
    programme = SettlementProgramme.objects.get()
    # bad period: 422 with the Korean message, nothing changed
    response = client_for("coordinator").post(
        reverse("outcomes:programme_edit", args=[programme.pk]),
        {
            "name": "청년 주거",
            "kind": "housing",
            "starts_on": "2025-02-01",
            "ends_on": "2025-01-01",
        },
    )
    assert response.status_code == 422
    assert "종료일이 시작일보다 앞설 수 없습니다" in response.content.decode()
    programme.refresh_from_db()
    assert programme.starts_on == dt.date(2025, 1, 1)
    # outside the programme's period: refused
    response = client_for("partner").post(
        reverse("outcomes:participant_add", args=[programme.pk]),
        {"student": grad.pk, "joined_on": "2025-03-05"},
    )
    assert response.status_code == 422
    assert not programme.participations.exists()
    participation = programme.participations.create(student=grad, joined_on=dt.date(2025, 1, 5))
    url = reverse("outcomes:participant_remove", args=[participation.pk])
    assert client_for("company").post(url).status_code == 404
    assert client_for("partner").post(url).status_code == 302
    assert not programme.participations.exists()


# --------------------------------------------------------------------------
# bad input: 422, what was typed shown back, nothing written (docs/forms.md)


def test_outcome_forms_say_too_long_and_not_a_date_keeping_the_rest(world, client_for, grad):
    from mujigae.core.models import AuditEntry
    from mujigae.outcomes.models import FurtherStudy

    client = client_for("school")
    response = client.post(
        reverse("outcomes:hire_create", args=[grad.pk]),
        {"company_name": "바깥기업", "start_date": BAD_DATE, "contract_type": "permanent"},
    )
    refused(response, "바깥기업", BAD_DATE)
    not_a_date(response, "start_date")
    response = client.post(
        reverse("outcomes:hire_create", args=[grad.pk]),
        {"company_name": "바깥기업", "start_date": "2025-03-02", "end_date": "2025-04-31"},
    )
    not_a_date(response, "end_date", "2025-04-31")  # optional, yet said, not dropped
    assert not Hire.objects.exists()
    response = client.post(
        reverse("outcomes:study_create", args=[grad.pk]),
        {"institution": LONG, "programme": "기계공학과", "start_date": "2025-03-02"},
    )
    assert too_long(200) in refused(response, LONG, "기계공학과")
    assert not FurtherStudy.objects.exists()
    url = reverse("outcomes:student_outcomes", args=[grad.pk])
    response = client.post(url, {"status": "employed", "note": LONG})
    assert too_long(200) in refused(response, LONG)
    assert not GraduateRecord.objects.exists()
    assert not AuditEntry.objects.exists()


def test_programme_and_participant_dates_must_exist(world, client_for, grad):
    coordinator = client_for("coordinator")
    data = {"name": "청년 주거", "kind": "housing", "provider": world.partner.pk}
    response = coordinator.post(
        reverse("outcomes:programme_create"), {**data, "starts_on": BAD_DATE}
    )
    refused(response, "청년 주거", BAD_DATE)
    not_a_date(response, "starts_on")
    assert not SettlementProgramme.objects.exists()
    coordinator.post(reverse("outcomes:programme_create"), {**data, "starts_on": "2025-01-01"})
    programme = SettlementProgramme.objects.get()
    response = coordinator.post(
        reverse("outcomes:participant_add", args=[programme.pk]),
        {"student": grad.pk, "joined_on": BAD_DATE},
    )
    refused(response, BAD_DATE)
    not_a_date(response, "joined_on")
    assert response.context["programme"] == programme  # the programme page, with the form
    assert not programme.participations.exists()


def test_graduate_list_all_years_lists_every_year(world, client_for, grad):
    # issue 16: "전체 학년도" showed only the newest year
    StudentFactory(school=world.school, school_year=2023, number=7, name="오래된")
    client = client_for("school")
    url = reverse("outcomes:graduate_list")

    def years_shown(response) -> set[str]:
        table = response.content.decode().split('data-testid="graduate-list"')[1]
        return {y for y in ("2023", "2024") if f'<td class="num">{y}</td>' in table}

    # first visit: the newest school year, and the filter says so
    first = client.get(url)
    assert years_shown(first) == {"2024"}
    assert '<option value="2024" selected>' in first.content.decode()
    # "All years" (the empty choice) lists every year
    every = client.get(url, {"school_year": ""})
    assert years_shown(every) == {"2023", "2024"}
    assert '<option value="" selected>' in every.content.decode()
    assert "오*된" in every.content.decode() and "홍*동" in every.content.decode()
    assert years_shown(client.get(url, {"school_year": "2023"})) == {"2023"}
