"""Demo data for notices and requests for staff in Ansan (issue 15): five
notices (one pinned, one asking the schools to confirm with some receipts)
and six requests for staff in different states. Idempotent: run twice, the
second run keeps what is there."""

from __future__ import annotations

import datetime as dt
from typing import Any, TextIO

from django.db import transaction
from django.utils import timezone

from mujigae.core.models import District, User
from mujigae.demo.ansan import COMPANY_B_ORG, COMPANY_USER_ORG, DISTRICT, PARTNER_USER_ORG, SCHOOLS
from mujigae.partners.models import Organisation, OrgKind
from mujigae.sharing import notice_selectors, notices, requests
from mujigae.sharing.models import Notice, NoticeReceipt, StaffRequest

ACK_TITLE = "현장실습 안전 점검 결과 제출 요청"


def _notices(district: Any, users: dict[str, User], orgs: dict[str, Organisation]) -> list[Notice]:
    now = timezone.now()
    plan = [
        (
            "coordinator",
            "2026학년도 혁신지구 운영 일정 안내",
            "운영위원회(분기 1회), 실무협의회(월 1회), 현장실습 점검 주간 일정을 "
            "안내합니다. 자세한 날짜는 일정표에서 확인해 주세요.",
            {"audience_everyone": True},
            True,
            False,
            20,
        ),
        (
            "coordinator",
            ACK_TITLE,
            "각 직업계고는 현장실습 기업 안전 점검 결과를 이번 달 말까지 제출해 "
            "주세요. 읽으신 뒤 '확인했습니다'를 눌러 주시기 바랍니다.",
            {"audience_kinds": [OrgKind.SCHOOL]},
            False,
            True,
            3,
        ),
        (
            "partner",
            "회원사 채용박람회 참가 신청 안내",
            "안산상공회의소 주최 스마트허브 채용박람회에 참가할 기업은 부스 신청서를 "
            "보내 주세요. 학교 취업부와 연계해 현장 면접을 진행합니다.",
            {"audience_kinds": [OrgKind.COMPANY]},
            False,
            False,
            8,
        ),
        (
            "company",
            "반월로보틱스 협동로봇 생산라인 견학 안내",
            "3학년 로봇 전공 학생을 대상으로 협동로봇 생산라인 견학을 진행합니다. "
            "안전화 착용, 학교별 인솔 교사 1명이 필요합니다.",
            {"audience_kinds": [OrgKind.SCHOOL], "audience_roles": ["student"]},
            False,
            False,
            5,
        ),
        (
            "school",
            "안산로봇고 학교 공개의 날(실습실 개방)",
            "협력 기관과 기업 담당자를 학교 실습실 공개의 날에 초대합니다. "
            "로봇 AI 모듈 수업을 참관하실 수 있습니다.",
            {"audience_everyone": True},
            False,
            False,
            12,
        ),
    ]
    made = []
    for who, title, body, audience, pinned, ack, days_ago in plan:
        user = users.get(who)
        if user is None:
            continue
        if "audience_orgs" in audience:
            audience = {**audience, "audience_orgs": [orgs[n] for n in audience["audience_orgs"]]}
        notice = notices.notice_create(
            actor=user,
            district=district,
            title=title,
            body=body,
            audience=audience,
            pinned=pinned,
            requires_ack=ack,
        )
        Notice.objects.filter(pk=notice.pk).update(created_at=now - dt.timedelta(days=days_ago))
        made.append(notice)
    # some schools' staff have read and confirmed the safety notice; the demo
    # "school" login has not (it is in its to-do list)
    ack = next((n for n in made if n.title == ACK_TITLE), None)
    if ack is not None:
        others = [
            u
            for u in notice_selectors.audience_members(ack).order_by("pk")
            if u.username != "school"
        ]
        for i, u in enumerate(others):
            receipt = NoticeReceipt.objects.create(
                notice=ack, user=u, read_at=now - dt.timedelta(days=2, hours=i)
            )
            if i % 2 == 0:
                receipt.acknowledged_at = receipt.read_at + dt.timedelta(minutes=5)
                receipt.save(update_fields=["acknowledged_at"])
    return made


def _requests(users: dict[str, User], orgs: dict[str, Organisation]) -> list[StaffRequest]:
    coordinator = users.get("coordinator")
    if coordinator is None:
        return []
    today = timezone.localdate()
    school, company = orgs.get(SCHOOLS[0].name), orgs.get(COMPANY_USER_ORG)
    school_2 = orgs.get(SCHOOLS[1].name)
    plan = [
        # (requester, provider, kind, title, details, start offset, days, hours, people, moves)
        (
            school,
            company,
            "person",
            "협동로봇 기초 모듈 수업 — 현장 엔지니어 지원",
            "3학년 로봇제어과 2개 반, 협동로봇 기초 모듈 4차시를 현장 엔지니어가 공동 수업.",
            -30,
            2,
            16,
            1,
            [("accept", {}), ("done", {})],
        ),
        (
            school,
            orgs.get("한양대학교 ERICA"),
            "facility",
            "로봇 AI 심화 과정 실습 — ERICA 로봇 실험실 사용",
            "로봇 AI 심화 연계과정 1기(20명) 주말 실습 4회, 실험실과 조교 1명.",
            21,
            22,
            24,
            1,
            [("accept", {})],
        ),
        (
            orgs.get("안산교육지원청"),
            orgs.get("경기테크노파크"),
            "expert",
            "지역직업교육협의회 — 로봇 산업 동향 자문위원",
            "다음 협의회에서 로봇·제조 기업 인력 수요 동향 발표와 자문.",
            10,
            0,
            3,
            1,
            [
                (
                    "propose",
                    {"days": 17, "note": "협의회 주간에 다른 일정이 있어 한 주 뒤를 제안합니다."},
                )
            ],
        ),
        (
            school_2,
            company,
            "person",
            "디지털제조 모듈 — 현장 멘토 2명",
            "CNC·스마트공장 모듈 실습 시간에 현장 멘토 2명이 학생 팀을 지도.",
            14,
            5,
            12,
            2,
            [],
        ),
        (
            orgs.get(PARTNER_USER_ORG),
            orgs.get(COMPANY_B_ORG),
            "person",
            "채용박람회 직무 설명 강연자",
            "비전 AI 직무 소개 30분 강연.",
            25,
            0,
            1,
            1,
            [("decline", {"note": "해당 주간 전시회 참가로 어렵습니다."})],
        ),
        (
            school,
            orgs.get("신안산대학교"),
            "facility",
            "후진학 설명회 장소 협조",
            "학부모 대상 후진학 설명회를 대학 강당에서.",
            40,
            0,
            2,
            1,
            [("withdraw", {"note": "학교 강당에서 하기로 했습니다."})],
        ),
    ]
    made = []
    for requester, provider, kind, title, details, offset, days, hours, people, moves in plan:
        if requester is None or provider is None:
            continue
        start = today + dt.timedelta(days=offset)
        req = requests.request_create(
            actor=coordinator,
            requester=requester,
            provider=provider,
            kind=kind,
            title=title,
            description=details,
            starts_on=start,
            ends_on=start + dt.timedelta(days=days),
            hours=str(hours),
            people=people,
        )
        for action, extra in moves:
            kw: dict[str, Any] = {"note": extra.get("note", "")}
            if action == "propose":
                day = today + dt.timedelta(days=extra["days"])
                kw.update(proposed_starts_on=day, proposed_ends_on=day)
            req = requests.request_move(actor=coordinator, request=req, action=action, **kw)
        made.append(req)
    return made


def load_ansan_notices(district: Any = None, out: TextIO | None = None) -> dict[str, int]:
    district = district or District.objects.get(code=DISTRICT["code"])
    if Notice.objects.filter(district=district).exists():
        counts = {
            "notices": Notice.objects.filter(district=district).count(),
            "requests": StaffRequest.objects.filter(district=district).count(),
        }
        if out:
            out.write(f"  notices and staff requests kept: {counts}\n")
        return counts
    users = {u.username: u for u in User.objects.filter(district=district)}
    orgs = {o.name: o for o in Organisation.objects.filter(district=district)}
    with transaction.atomic():
        made = _notices(district, users, orgs)
        reqs = _requests(users, orgs)
    counts = {"notices": len(made), "requests": len(reqs)}
    if out:
        out.write(f"  notices: {counts['notices']}, staff requests: {counts['requests']}\n")
    return counts
