"""Fixtures of the annual report tests: a framework of 2031 whose computed
indicators are measures the test registers over real rows (meetings held,
action items closed, participating companies), and an entered indicator."""

from __future__ import annotations

import datetime as dt
import io
from collections import Counter
from decimal import Decimal

from django.utils import timezone

from mujigae.core import indicators
from mujigae.governance.models import ActionItem, Meeting
from mujigae.partners.models import Organisation, OrgKind
from mujigae.reports.models import Area, Framework, Indicator, ReportFile
from tests import factories as f

YEAR = 2031


def _meetings(ids, years):
    counts = Counter(
        (d, s.year)
        for d, s in Meeting.objects.filter(district_id__in=ids).values_list(
            "district_id", "starts_at"
        )
    )
    return {
        (d, y): indicators.count(counts[(d, y)]) for d in ids for y in years if (d, y) in counts
    }


def _closed(ids, years):
    done: Counter = Counter()
    total: Counter = Counter()
    for d, status, due in ActionItem.objects.filter(
        district_id__in=ids, due_date__isnull=False
    ).values_list("district_id", "status", "due_date"):
        total[(d, due.year)] += 1
        done[(d, due.year)] += status == ActionItem.Status.DONE
    return {
        (d, y): indicators.rate(done[(d, y)], total[(d, y)])
        for d in ids
        for y in years
        if total[(d, y)]
    }


def _companies(ids, years):
    counts = Counter(
        Organisation.objects.filter(district_id__in=ids, kind=OrgKind.COMPANY).values_list(
            "district_id", flat=True
        )
    )
    return {(d, y): indicators.count(counts[d]) for d in ids for y in years if counts[d]}


def register_measures(monkeypatch):
    registry = dict(indicators.MEASURES)
    monkeypatch.setattr(indicators, "MEASURES", registry)
    indicators.measure(
        "t.meetings", label="meetings", unit=indicators.COUNT, area="cooperation",
        how="협의회 회의 행의 수", rows=lambda d, y: f"/governance/meetings/?year={y}",
    )(_meetings)  # fmt: skip
    indicators.measure(
        "t.closed", label="closed", unit=indicators.PERCENT, area="cooperation",
        how="완료된 실행 과제 ÷ 그 해가 기한인 실행 과제",
    )(_closed)  # fmt: skip
    indicators.measure(
        "t.companies", label="companies", unit=indicators.COUNT, area="pathway",
        how="참여 기업 수",
    )(_companies)  # fmt: skip
    return registry


def make_framework():
    fw = Framework.objects.create(
        year=YEAR, title="2031 평가", excellent_min=Decimal("85"), fair_min=Decimal("70")
    )
    a1 = Area.objects.create(framework=fw, order=1, name="협력체계 구축")
    a2 = Area.objects.create(framework=fw, order=2, name="지역인재 성장경로")
    Indicator.objects.create(
        area=a1, order=1, name="협의회 개최 횟수", kind="computed", measure="t.meetings",
        unit="count", weight=Decimal("5"), target=Decimal("4"),
    )  # fmt: skip
    Indicator.objects.create(
        area=a1, order=2, name="실행 과제 완료율", kind="computed", measure="t.closed",
        unit="percent", weight=Decimal("5"), target=Decimal("80"),
    )  # fmt: skip
    Indicator.objects.create(
        area=a2, order=1, name="참여 기업 수", kind="computed", measure="t.companies",
        unit="count", weight=Decimal("5"), target=Decimal("5"),
    )  # fmt: skip
    Indicator.objects.create(
        area=a2, order=2, name="현장 만족도", kind="entered", unit="percent",
        weight=Decimal("5"), target=Decimal("80"), evidence_required=True,
    )  # fmt: skip
    return fw


def rows_for(world):
    """Three meetings and four action items (three done) in 2031, one meeting
    in 2030; the world's three companies."""
    d = world.district
    for month in (3, 6, 9):
        f.MeetingFactory(district=d, starts_at=timezone.make_aware(dt.datetime(YEAR, month, 2, 14)))
    f.MeetingFactory(district=d, starts_at=timezone.make_aware(dt.datetime(YEAR - 1, 5, 2, 14)))
    for n in range(4):
        f.ActionItemFactory(
            owner=world.school,
            due_date=dt.date(YEAR, 6, 1 + n),
            status=ActionItem.Status.DONE if n < 3 else ActionItem.Status.OPEN,
        )


def stored_bytes(run, kind: str) -> bytes:
    from mujigae.core import files

    row = ReportFile.objects.get(run=run, kind=kind)
    with files.open_stored(row.name) as fh:
        return fh.read()


def pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() or "" for page in reader.pages)
