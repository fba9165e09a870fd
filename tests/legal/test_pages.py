"""The policy pages (mujigae.legal): public pages, the district coordinator's
edits as versions, bad input, the footer and the consent links."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from mujigae.core.models import AuditEntry
from mujigae.legal import defaults
from mujigae.legal.models import Contact, PrivacyPolicy
from tests.formcheck import BAD_DATE, LONG, not_a_date, refused, too_long

EDIT = "/privacy/edit/"
OFFICER = {
    "officer_name": "김보호",
    "officer_position": "행정지원국장",
    "officer_department": "행정지원국",
    "officer_phone": "031-000-0000",
    "officer_email": "privacy@ansan.example",
}


def form_data(**changes) -> dict:
    data = {
        **defaults.default_policy(),
        **OFFICER,
        "controller": "안산교육지원청",
        "effective_date": "2025-03-01",
        "change_note": "",
    }
    data.update(changes)
    return data


def publish(client, **changes):
    return client.post(EDIT, form_data(**changes))


def version(district, number, **changes) -> PrivacyPolicy:
    data = {**defaults.default_policy(district), **OFFICER, "controller": district.name}
    data.update(changes)
    return PrivacyPolicy.objects.create(district=district, version=number, **data)


# --------------------------------------------------------------------------
# public pages


@pytest.mark.parametrize(
    "url", ["/privacy/", "/privacy/ansan/", "/terms/", "/contact/", "/contact/ansan/"]
)
def test_policy_pages_are_public_and_korean(world, url):
    response = Client().get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert "개인정보처리방침" in page  # in the page or its footer
    assert "이용약관" in page


def test_a_published_version_is_public_with_its_officer(world):
    v = version(world.district, 1, effective_date=dt.date(2025, 3, 1))
    for url in ("/privacy/ansan/", f"/privacy/versions/{v.pk}/"):
        page = Client().get(url).content.decode()
        assert "제1판" in page and "2025. 3. 1." in page
        assert "개인정보 보호책임자" in page and "김보호" in page and "031-000-0000" in page
        assert "개인정보침해신고센터" in page and "118" in page
        assert "「개인정보 보호법」 제30조" in page


def test_anonymous_without_a_district_sees_the_default_and_the_districts(world):
    page = Client().get("/privacy/").content.decode()
    assert "안산 무지개 직업교육 혁신지구" in page and "다른 혁신지구" in page
    assert reverse("legal:privacy_district", args=["ansan"]) in page
    assert "주민등록번호는 수집하지 않습니다" in page  # the default text


def test_a_logged_in_user_sees_their_own_districts_policy(world, client_for):
    version(world.district, 1, effective_date=dt.date(2025, 3, 1), officer_name="안산책임자")
    version(world.other_district, 1, effective_date=dt.date(2025, 3, 1), officer_name="다른책임자")
    for role in ("coordinator", "school", "company", "partner", "student"):
        page = client_for(role).get("/privacy/").content.decode()
        assert "안산책임자" in page and "다른책임자" not in page, role
    page = client_for("ministry").get("/privacy/").content.decode()  # no district: the index
    assert "안산책임자" not in page and reverse("legal:privacy_district", args=["other"]) in page


def test_a_district_without_a_policy_shows_the_default_text(world):
    page = Client().get("/privacy/other/").content.decode()
    assert "아직 자체 개인정보처리방침을 게시하지 않았습니다" in page
    assert "다른 혁신지구" in page and "접속기록" in page


def test_unknown_district_and_version_are_404(world):
    assert Client().get("/privacy/nowhere/").status_code == 404
    assert Client().get("/contact/nowhere/").status_code == 404
    assert Client().get("/privacy/versions/999999/").status_code == 404


def test_terms_in_korean_and_in_english(world):
    page = Client().get("/terms/").content.decode()
    assert "제1조(목적)" in page and "하나의 계정" in page
    client = Client()
    client.post("/i18n/setlang/", {"language": "en", "next": "/terms/"})
    page = client.get("/terms/").content.decode()
    assert "Article 1 (Purpose)" in page and "the Korean text is the one that applies" in page


# --------------------------------------------------------------------------
# who may edit


def test_only_the_coordinator_may_edit(world, client_for):
    for role in ("school", "company", "partner", "student", "ministry"):
        client = client_for(role)
        assert client.get(EDIT).status_code == 403, role
        assert publish(client).status_code == 403, role
        assert client.post("/contact/edit/", {"office_name": "x", "phone": "1"}).status_code == 403
    anonymous = Client()
    assert anonymous.get(EDIT).status_code == 302
    assert publish(anonymous).status_code == 302
    assert not PrivacyPolicy.objects.exists() and not Contact.objects.exists()


def test_a_coordinator_edits_only_their_own_district(world, client_for):
    client = client_for("other_coordinator")
    assert publish(client, officer_name="다른지구책임자").status_code == 302
    assert list(PrivacyPolicy.objects.values_list("district__code", "officer_name")) == [
        ("other", "다른지구책임자")
    ]
    assert "다른지구책임자" not in Client().get("/privacy/ansan/").content.decode()


def test_the_edit_page_starts_from_the_default_text(world, client_for):
    page = client_for("coordinator").get(EDIT).content.decode()
    assert "주민등록번호는 수집하지 않습니다" in page
    assert "개인정보 보호책임자: 성명" in page


# --------------------------------------------------------------------------
# versions


def test_each_save_is_a_new_version_and_the_earlier_stays(world, client_for):
    client = client_for("coordinator")
    response = publish(client, effective_date="2025-03-01", change_note="최초 제정")
    assert response.status_code == 302 and response["Location"] == "/privacy/ansan/"
    publish(client, effective_date="2025-09-01", officer_name="이새책임", change_note="책임자 변경")
    v1, v2 = PrivacyPolicy.objects.filter(district=world.district).order_by("version")
    assert (v1.version, v1.officer_name, v1.effective_date) == (1, "김보호", dt.date(2025, 3, 1))
    assert (v2.version, v2.officer_name, v2.change_note) == (2, "이새책임", "책임자 변경")
    assert v1.created_by == world.users["coordinator"]

    page = Client().get("/privacy/ansan/").content.decode()
    assert "이새책임" in page and "김보호" not in page  # the version in force
    assert f"/privacy/versions/{v1.pk}/" in page and "최초 제정" in page  # the earlier, listed
    old = Client().get(f"/privacy/versions/{v1.pk}/").content.decode()
    assert "김보호" in old and "이전 판입니다" in old


def test_a_version_announced_for_later_is_not_yet_in_force(world, client_for):
    client = client_for("coordinator")
    publish(client, effective_date="2025-03-01")
    later = (timezone.localdate() + dt.timedelta(days=10)).isoformat()
    publish(client, effective_date=later, officer_name="다음책임")
    page = Client().get("/privacy/ansan/").content.decode()
    assert "김보호" in page and "시행 예정" in page
    upcoming = PrivacyPolicy.objects.get(version=2)
    page = Client().get(f"/privacy/versions/{upcoming.pk}/").content.decode()
    assert "다음책임" in page and "아직 시행 전입니다" in page


def test_the_same_text_twice_writes_one_version(world, client_for):
    client = client_for("coordinator")
    assert publish(client).status_code == 302
    response = publish(client)  # a double submit, a reload
    assert response.status_code == 302
    assert PrivacyPolicy.objects.count() == 1
    assert AuditEntry.objects.filter(object_type="legal.PrivacyPolicy").count() == 1


def test_publishing_is_audited_in_the_district(world, client_for):
    publish(client_for("coordinator"))
    entry = AuditEntry.objects.get(object_type="legal.PrivacyPolicy")
    assert entry.district_id == world.district.pk and entry.action == "create"
    assert entry.changes["items"] == [None, "…"]  # the long texts stay in the versions


def test_a_version_cannot_take_effect_before_the_one_it_follows(world, client_for):
    client = client_for("coordinator")
    publish(client, effective_date="2025-09-01")
    response = publish(client, effective_date="2025-03-01", officer_name="새책임")
    page = refused(response, "새책임")
    assert "시행일은 제1판의 시행일(2025. 9. 1.)보다 앞설 수 없습니다" in page
    assert PrivacyPolicy.objects.count() == 1


# --------------------------------------------------------------------------
# bad input: Korean 422, nothing written


def _nothing_written():
    assert not PrivacyPolicy.objects.exists()
    assert not AuditEntry.objects.filter(object_type="legal.PrivacyPolicy").exists()


def test_missing_officer_and_text_are_refused(world, client_for):
    response = publish(client_for("coordinator"), officer_name="", items="", officer_phone="")
    refused(response)
    errors = response.context["form"].errors
    assert set(errors) >= {"officer_name", "items", "officer_phone"}
    assert "필수 항목입니다." in errors["officer_name"][0]
    _nothing_written()


def test_too_long_bad_email_and_impossible_date_are_refused(world, client_for):
    response = publish(
        client_for("coordinator"),
        officer_name=LONG,
        officer_email="not-an-address",
        effective_date=BAD_DATE,
    )
    refused(response)
    errors = response.context["form"].errors
    assert too_long(100) in errors["officer_name"][0]
    assert "올바른 이메일 주소" in errors["officer_email"][0]
    not_a_date(response, "effective_date")
    _nothing_written()


def test_an_empty_post_is_refused(world, client_for):
    assert client_for("coordinator").post(EDIT, {}).status_code == 422
    _nothing_written()


# --------------------------------------------------------------------------
# the contact page


def test_the_coordinator_sets_the_contact(world, client_for):
    client = client_for("coordinator")
    assert "아직 문의처를 입력하지 않았습니다" in Client().get("/contact/ansan/").content.decode()
    data = {"office_name": "혁신지구 사무국", "phone": "031-000-0001", "hours": "평일 09:00–18:00"}
    assert client.post("/contact/edit/", data).status_code == 302
    assert client.post("/contact/edit/", {**data, "phone": "031-000-0002"}).status_code == 302
    assert Contact.objects.get().phone == "031-000-0002"
    page = Client().get("/contact/ansan/").content.decode()
    assert "혁신지구 사무국" in page and "031-000-0002" in page
    assert AuditEntry.objects.filter(object_type="legal.Contact").count() == 2


def test_a_bad_contact_is_refused(world, client_for):
    response = client_for("coordinator").post(
        "/contact/edit/", {"office_name": "", "phone": "", "email": "x@"}
    )
    refused(response)
    assert set(response.context["form"].errors) == {"office_name", "phone", "email"}
    assert not Contact.objects.exists()


# --------------------------------------------------------------------------
# the footer and the consent texts


FOOTER = ('href="/privacy/"', 'href="/terms/"', 'href="/contact/"')


@pytest.mark.parametrize(
    "role, url",
    [
        ("coordinator", "/"),
        ("school", "/students/"),
        ("company", "/placements/"),
        ("partner", "/partners/"),
        ("student", "/students/me/"),
        ("ministry", "/"),
        (None, "/login/"),
        (None, "/privacy/ansan/"),
    ],
)
def test_the_footer_links_the_policy_pages(world, client_for, role, url):
    client = client_for(role) if role else Client()
    response = client.get(url)
    assert response.status_code == 200
    footer = response.content.decode().split('<footer class="foot">', 1)[1]
    if url == "/privacy/ansan/":  # a district's page: the footer stays in that district
        links = ('href="/privacy/ansan/"', 'href="/terms/"', 'href="/contact/ansan/"')
    else:
        links = FOOTER
    for link in links:
        assert link in footer, (url, link)
    assert "개인정보처리방침" in footer and "이용약관" in footer and "문의" in footer


def test_the_consent_pages_link_the_privacy_policy(world, client_for):
    from tests.students.factories import StudentFactory

    student = StudentFactory(school=world.school, user=world.users["student"])
    link = 'href="/privacy/ansan/"'
    me = client_for("student").get("/students/me/").content.decode()
    assert link in me.split('data-testid="my-consents"')[1]
    form = client_for("school").get(f"/students/{student.pk}/consents/new/").content.decode()
    assert link in form
    login = Client().get("/login/").content.decode()
    card = login.split('<section class="card narrow">')[1].split("</section>")[0]
    assert 'href="/privacy/"' in card and 'href="/terms/"' in card  # on the login card itself


def test_the_survey_answer_page_links_its_districts_policy(world):
    from tests import factories as f

    survey = f.SurveyFactory(district=world.district, status="open")
    invitation = f.InvitationFactory(survey=survey, organisation=world.company)
    page = Client().get(f"/s/{invitation.token}/").content.decode()
    assert 'data-testid="consent-privacy-link"' in page
    assert 'href="/privacy/ansan/"' in page
