"""A fiscal year 2026 of the test district: the usual lists, two sources with
amounts, a project run by the school (P-01) and one run by the partner (P-02)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from typing import Any

import pytest
from openpyxl import Workbook

from mujigae.budget import services
from mujigae.budget.models import (
    Allocation,
    ExpenseCategory,
    FiscalYear,
    FundingSource,
    Project,
)

GRANT, OFFICE = "교육부 특별교부금", "교육청 대응투자"


@dataclass
class Budget:
    year: FiscalYear
    grant: FundingSource
    office: FundingSource
    operations: ExpenseCategory
    personnel: ExpenseCategory
    travel: ExpenseCategory
    p1: Project  # run by the school
    p2: Project  # run by the partner
    a_ops: Allocation  # P-01 · 특교 · 운영비 10,000,000
    a_pay: Allocation  # P-01 · 특교 · 인건비 20,000,000
    a_p2: Allocation  # P-02 · 교육청 · 운영비 5,000,000


def build_budget(world: Any) -> Budget:
    actor = world.users["coordinator"]
    services.lists_seed(actor=actor, district=world.district)
    sources = {s.name: s for s in FundingSource.objects.filter(district=world.district)}
    categories = {c.name: c for c in ExpenseCategory.objects.filter(district=world.district)}
    grant, office = sources[GRANT], sources[OFFICE]
    ops, pay, travel = categories["운영비"], categories["인건비"], categories["여비"]
    year = services.year_create(
        actor=actor,
        district=world.district,
        year=2026,
        starts_on=dt.date(2026, 1, 1),
        ends_on=dt.date(2026, 12, 31),
        amounts={grant: 100_000_000, office: 50_000_000},
    )
    p1 = services.project_create(
        actor=actor,
        fiscal_year=year,
        data={"code": "P-01", "name": "현장실습 지원", "runner": world.school},
        allocations={(grant.pk, ops.pk): 10_000_000, (grant.pk, pay.pk): 20_000_000},
    )
    p2 = services.project_create(
        actor=actor,
        fiscal_year=year,
        data={"code": "P-02", "name": "정착 지원", "runner": world.partner},
        allocations={(office.pk, ops.pk): 5_000_000},
    )

    def alloc(project: Project, source: FundingSource, category: ExpenseCategory) -> Allocation:
        return Allocation.objects.get(project=project, source=source, category=category)

    return Budget(
        year,
        grant,
        office,
        ops,
        pay,
        travel,
        p1,
        p2,
        alloc(p1, grant, ops),
        alloc(p1, grant, pay),
        alloc(p2, office, ops),
    )


@pytest.fixture
def budget(world) -> Budget:
    return build_budget(world)


HEADERS = ["집행일자", "사업코드", "사업명", "재원", "비목", "집행액", "거래처", "적요", "전표번호"]


def ledger_row(**kw: Any) -> list[Any]:
    values = {
        "집행일자": "2026-03-05",
        "사업코드": "P-01",
        "사업명": "현장실습 지원",
        "재원": GRANT,
        "비목": "운영비",
        "집행액": 1_000_000,
        "거래처": "가나상사",
        "적요": "실습 재료",
        "전표번호": "",
    }
    values.update({k.replace("_", ""): v for k, v in kw.items()})
    return [values[h] for h in HEADERS]


def xlsx(rows: list[list[Any]], *, headers: list[str] = HEADERS, title: str | None = None) -> bytes:
    wb = Workbook()
    ws = wb.active
    if title:
        ws.append([title])
        ws.append([])
    ws.append(headers)
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def csv_bytes(rows: list[list[Any]], *, headers: list[str] = HEADERS, encoding="cp949") -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headers)
    for row in rows:
        writer.writerow(row)
    return out.getvalue().encode(encoding)
