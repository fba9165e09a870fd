"""Bulk invitations from xlsx/CSV: every bad row listed, all or nothing."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from mujigae.accounts.imports import TEMPLATE_HEADERS, plan_invitations
from mujigae.accounts.models import AccessChange, Invitation
from mujigae.core.imports import ImportRejected
from mujigae.core.models import Role
from tests.accounts.conftest import invite

pytestmark = pytest.mark.django_db


def xlsx(rows, header=("이름", "이메일", "기관", "역할")) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(["2025 참여기관 담당자 초대 명단"])  # a title row above the header
    ws.append(list(header))
    for row in rows:
        ws.append(list(row))
    buf = BytesIO()
    wb.save(buf)
    return buf.getvalue()


def csv(text: str, encoding="utf-8-sig") -> bytes:
    return text.encode(encoding)


def upload(client, name, content):
    return client.post(
        reverse("accounts:invitation_import"), {"file": SimpleUploadedFile(name, content)}
    )


def test_good_file_invites_everyone(world, client_for, sent):
    content = xlsx(
        [
            ("김학교", "kim@school.example.com", world.school.name, "학교 담당자"),
            ("이기업", "LEE@company.example.com", world.company.name, "기업"),
            ("박협력", "park@partner.example.com", world.partner.name, "Partner staff"),
            ("최코디", "choi@office.example.com", world.office.name, "coordinator"),
        ]
    )
    with sent() as box:
        response = upload(client_for("coordinator"), "명단.xlsx", content)
    assert response.status_code == 302
    assert Invitation.objects.count() == 4 and len(box.outbox) == 4
    assert set(Invitation.objects.values_list("email", "role")) == {
        ("kim@school.example.com", Role.SCHOOL),
        ("lee@company.example.com", Role.COMPANY),
        ("park@partner.example.com", Role.PARTNER),
        ("choi@office.example.com", Role.COORDINATOR),
    }
    assert AccessChange.objects.filter(kind="invited").count() == 4


def test_english_headers_and_cp949_csv(world):
    content = csv(
        f"name,email,organisation,role\n홍길동,hong@example.com,{world.company.name},company\n",
        "cp949",
    )
    plan = plan_invitations(actor=world.users["coordinator"], name="list.csv", content=content)
    assert [(p.name, p.email, p.role) for p in plan] == [
        ("홍길동", "hong@example.com", Role.COMPANY)
    ]


def test_company_may_leave_organisation_and_role_empty(world):
    content = csv("이름,이메일\n동료,colleague@example.com\n")
    plan = plan_invitations(actor=world.users["company"], name="list.csv", content=content)
    assert [(p.organisation, p.role) for p in plan] == [(world.company, Role.COMPANY)]


def test_every_bad_row_is_listed_and_nothing_is_written(world, client_for, sent):
    invite(world.users["coordinator"], world.company, Role.COMPANY, email="pending@example.com")
    content = xlsx(
        [
            ("정상", "ok@example.com", world.company.name, "기업 담당자"),  # row 3: fine
            ("모름", "a@example.com", "없는기관", "기업"),  # 4 unknown organisation
            ("남의", "b@example.com", world.other_company.name, "기업"),  # 5 another district
            (
                "높음",
                "c@example.com",
                world.company.name,
                "중앙부처 분석 담당자",
            ),  # 6 role not allowed
            ("엉뚱", "d@example.com", world.company.name, "사장님"),  # 7 not a role
            ("주소", "not-an-email", world.company.name, "기업"),  # 8 bad e-mail
            ("중복", "OK@example.com", world.company.name, "기업"),  # 9 duplicate in the file
            ("대기", "pending@example.com", world.company.name, "기업"),  # 10 already pending
            ("", "e@example.com", world.company.name, "기업"),  # 11 no name
            ("맞지않음", "f@example.com", world.school.name, "기업"),  # 12 role does not fit
        ]
    )
    with sent() as box:
        response = upload(client_for("coordinator"), "명단.xlsx", content)
    assert response.status_code == 422
    errors = {(e.row, e.column): e.reason for e in response.context["import_errors"]}
    text = response.content.decode()
    assert "아무것도 가져오지 않았습니다" in text
    assert "우리 혁신지구에 이런 이름의 기관이 없습니다" in errors[(4, "기관")]
    assert "우리 혁신지구의 기관이 아닙니다" in errors[(5, "기관")]
    assert "줄 수 없습니다" in errors[(6, "역할")]
    assert "역할이 아닙니다" in errors[(7, "역할")]
    assert "올바른 이메일 주소가 아닙니다" in errors[(8, "이메일")]
    assert "3행" in errors[(9, "이메일")]
    assert "이미 대기 중" in errors[(10, "이메일")]
    assert "비어 있습니다" in errors[(11, "이름")]
    assert "맞지 않습니다" in errors[(12, "역할")]
    assert (3, "이름") not in errors and len(errors) == 9
    assert Invitation.objects.count() == 1 and box.outbox == []


def test_a_school_cannot_invite_into_another_organisation_by_file(world):
    content = csv(
        f"이름,이메일,기관,역할\n가,a@example.com,{world.company.name},학교\n나,b@example.com,{world.school.name},코디네이터\n"
    )
    with pytest.raises(ImportRejected) as exc:
        plan_invitations(actor=world.users["school"], name="x.csv", content=content)
    reasons = [e.reason for e in exc.value.errors]
    assert any("이 기관으로는 초대할 수 없습니다" in r for r in reasons)
    assert any("줄 수 없습니다" in r for r in reasons)


def test_file_without_the_header_or_rows(world, client_for):
    client = client_for("coordinator")
    response = upload(client, "x.csv", csv("아무,내용\n1,2\n"))
    assert (
        response.status_code == 422 and "머리글 행을 찾지 못했습니다" in response.content.decode()
    )
    response = upload(client, "x.csv", csv("이름,이메일,기관,역할\n"))
    assert response.status_code == 422 and "행이 없습니다" in response.content.decode()
    response = upload(client, "x.pdf", b"%PDF-1.4 not a table")
    assert response.status_code == 400
    assert client.post(reverse("accounts:invitation_import"), {}).status_code == 422
    assert not Invitation.objects.exists()


def test_template_download(world, client_for):
    response = client_for("company").get(reverse("accounts:invitation_template"))
    assert response.status_code == 200
    wb = load_workbook(BytesIO(response.content))
    assert [c.value for c in next(wb.active.iter_rows())] == TEMPLATE_HEADERS
