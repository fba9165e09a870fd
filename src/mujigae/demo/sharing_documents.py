"""The Ansan demo's documents library (issue 15, MOU clause 7; sample data).

Four folders (회의자료, 교육과정, 현장실습, 예산) and eight documents with real
small files made here in code — an xlsx (openpyxl), docx and HWPX files (the
minimal zips Word and 한글 open), a PDF (pypdf) — shared with mixed audiences:
the whole district, the schools only, the companies, the coordinators, the
students. Files go through `core.files` (var/files by default) and the
services, so search finds their text and the quota counts them.

Idempotent: folders are found by name, a document whose title exists in the
district is left as it is. Call after `load_ansan()`.
"""

from __future__ import annotations

from typing import TextIO

from django.core.files.uploadedfile import SimpleUploadedFile

from mujigae.core.models import District, User
from mujigae.demo import SAMPLE_MARK, samplefiles
from mujigae.demo.ansan import DISTRICT
from mujigae.partners.models import OrgKind
from mujigae.sharing import documents as services
from mujigae.sharing.models import Document, Folder

FOLDERS = ("회의자료", "교육과정", "현장실습", "예산")


def _documents() -> list[dict]:
    """(author login, folder, title, file name, bytes, audience, tags, description)"""
    return [
        {
            "by": "coordinator",
            "folder": "회의자료",
            "title": "2024 제1차 운영위원회 회의록",
            "file": (
                "운영위원회_회의록.hwpx",
                samplefiles.hwpx(
                    "안산 직업교육 혁신지구 제1차 운영위원회 회의록",
                    "안건 1. 참여기업 수요조사 계획 확정",
                    "안건 2. 협동로봇 공동 실습장 운영 방안",
                ),
            ),
            "audience": {"audience_everyone": True},
            "tags": "운영위원회, 회의록",
        },
        {
            "by": "partner",
            "folder": "회의자료",
            "title": "실무협의회 발표자료 (기업 연계)",
            "file": (
                "실무협의회_발표.pdf",
                samplefiles.pdf(
                    "Ansan vocational innovation district - working council",
                    "Company linkage: field training, on-site trainers, robot welding",
                ),
            ),
            "audience": {"audience_everyone": True},
            "tags": "실무협의회, 기업연계",
        },
        {
            "by": "school",
            "folder": "교육과정",
            "title": "로봇 AI 교육과정 편성표(안)",
            "file": (
                "교육과정_편성표.xlsx",
                samplefiles.xlsx(
                    [
                        ["학년", "과목", "시수", "관련 능력단위"],
                        [2, "산업용 로봇 티칭", 68, "로봇 교시"],
                        [3, "머신비전 응용", 51, "비전 검사"],
                        [3, "PLC 제어 실습", 68, "시퀀스 제어"],
                    ]
                ),
            ),
            "audience": {"audience_kinds": [OrgKind.SCHOOL, OrgKind.COMPANY]},
            "tags": "교육과정, 로봇",
        },
        {
            "by": "partner",
            "folder": "교육과정",
            "title": "기업 맞춤형 직무교육 안내 (학교 전용)",
            "file": (
                "직무교육_안내.docx",
                samplefiles.docx(
                    "학교 담당 교사를 위한 기업 맞춤형 직무교육 안내입니다.",
                    "스마트팩토리 설비 보전과 예지보전 기초 과정을 운영합니다.",
                ),
            ),
            "audience": {"audience_kinds": [OrgKind.SCHOOL]},
            "tags": "직무교육, 스마트팩토리",
        },
        {
            "by": "company",
            "folder": "현장실습",
            "title": "현장실습 안전교육 자료",
            "file": (
                "현장실습_안전교육.docx",
                samplefiles.docx(
                    "현장실습생 안전교육: 보호구 착용, 협동로봇 작업 반경, 비상정지 버튼 위치.",
                    "야간·휴일 실습은 하지 않습니다.",
                ),
            ),
            "audience": {"audience_kinds": [OrgKind.SCHOOL], "audience_roles": ["student"]},
            "tags": "현장실습, 안전",
        },
        {
            "by": "coordinator",
            "folder": "현장실습",
            "title": "표준협약서 서식",
            "file": (
                "표준협약서_서식.hwpx",
                samplefiles.hwpx(
                    "직업교육훈련생 현장실습 표준협약서",
                    "실습기간, 실습시간, 현장실습 수당, 보험 가입 사항을 적는다.",
                ),
            ),
            "audience": {"audience_kinds": [OrgKind.SCHOOL, OrgKind.COMPANY]},
            "tags": "표준협약서, 서식",
        },
        {
            "by": "coordinator",
            "folder": "예산",
            "title": "2025 혁신지구 예산 집행 현황",
            "file": (
                "예산_집행현황.xlsx",
                samplefiles.xlsx(
                    [
                        ["재원", "예산(원)", "집행(원)", "집행률"],
                        ["교육부 특별교부금", 500000000, 212000000, 0.424],
                        ["교육청 대응투자", 300000000, 98000000, 0.327],
                        ["시 대응투자", 300000000, 120000000, 0.4],
                    ]
                ),
            ),
            "audience": {"audience_roles": ["coordinator"]},
            "tags": "예산, 집행률",
        },
        {
            "by": "partner",
            "folder": "예산",
            "title": "참여기업 지원사업 신청 안내",
            "file": (
                "지원사업_안내.docx",
                samplefiles.docx(
                    "참여기업 지원사업(기업현장교사 수당, 공동 실습장비 이용) 신청 안내.",
                    "신청 기간과 제출 서류를 확인하세요.",
                ),
            ),
            "audience": {"audience_kinds": [OrgKind.COMPANY]},
            "tags": "참여기업, 지원사업",
        },
    ]


def load_ansan_documents(district: District | None = None, *, out: TextIO | None = None) -> dict:
    district = district or District.objects.get(code=DISTRICT["code"])
    users = {u.username: u for u in User.objects.filter(district=district)}
    coordinator = users.get("coordinator")
    folders = {}
    for name in FOLDERS:
        folder = Folder.objects.filter(district=district, parent=None, name=name).first()
        if folder is None and coordinator is not None:
            folder = services.folder_create(actor=coordinator, district=district, name=name)
        folders[name] = folder
    made = 0
    for spec in _documents():
        author = users.get(spec["by"])
        title = spec["title"]
        if author is None or Document.objects.filter(district=district, title=title).exists():
            continue
        filename, data = spec["file"]
        audience = {
            "audience_everyone": False,
            "audience_orgs": [],
            "audience_kinds": [],
            "audience_roles": [],
            **spec["audience"],
        }
        services.document_create(
            actor=author,
            district=district,
            title=title,
            upload=SimpleUploadedFile(filename, data),
            audience=audience,
            description=f"안산 혁신지구 공유 자료 {SAMPLE_MARK}".strip(),
            tags=spec["tags"],
            folder=folders.get(spec["folder"]),
            note="처음 올림",
            via="demo",
        )
        made += 1
    counts = {"folders": len(folders), "documents": made}
    if out:
        out.write(f"  documents: {made} new in {len(folders)} folders\n")
    return counts
