"""A slot's period and last day to apply (issue 13, point 5): typed on the
posting form (Korean errors, nothing saved), shown on the list (as cards on a
phone) and the detail page, in the export, and empty on slots posted before."""

from __future__ import annotations

import datetime as dt
from io import BytesIO

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from openpyxl import load_workbook

from mujigae.placements.models import Slot
from tests.formcheck import refused

from .factories import SlotFactory

SLOT = {
    "kind": "field_training",
    "title": "협동로봇 정비 현장실습",
    "duties": "협동로봇 셀 점검 보조",
    "location": "안산 반월공단",
    "daily_hours": "7",
    "weekly_hours": "35",
    "start_time": "09:00",
    "end_time": "17:00",
    "pay": "0",
    "capacity": "2",
    "unit_codes": "",
    "required_certificates": "",
}


def _post(client, **kw):
    return client.post(reverse("placements:slot_create"), {**SLOT, **kw})


@pytest.mark.django_db
def test_a_company_posts_a_slot_with_its_period_and_last_day_to_apply(world, client_for):
    c = client_for("company")
    r = _post(c, period_start="2027-07-21", period_end="2027-08-17", apply_by="2027. 6. 30.")
    assert r.status_code == 302
    slot = Slot.objects.get()
    assert (slot.period_start, slot.period_end, slot.apply_by) == (
        dt.date(2027, 7, 21),
        dt.date(2027, 8, 17),
        dt.date(2027, 6, 30),
    )
    page = c.get(reverse("placements:slot_detail", args=[slot.pk])).content.decode()
    assert "2027. 7. 21.–2027. 8. 17." in page and "2027. 6. 30." in page
    listing = c.get(reverse("placements:slot_list")).content.decode()
    # the list is a table that a phone shows as cards: every cell labelled
    assert 'class="cards"' in listing and 'data-label="실습·근무 기간"' in listing
    assert "2027. 7. 21." in listing and "2027. 6. 30.까지 지원" in listing
    assert 'data-label="업무 내용"' in listing and "협동로봇 셀 점검 보조" in listing


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("typed", "message"),
    [
        (
            {"period_start": "2027-08-17", "period_end": "2027-07-21"},
            "종료일은 시작일보다 앞설 수 없습니다",
        ),
        ({"period_start": "2027-07-21"}, "기간 시작일과 종료일을 모두 입력하세요"),
        (
            {"period_start": "2027-03-02", "period_end": "2027-09-02"},
            "현장실습 기간은 최대 6개월입니다",
        ),
        (
            {"period_start": "2027-07-21", "period_end": "2027-08-17", "apply_by": "2027-07-22"},
            "지원 마감일은 기간 시작일과 같거나 그 전이어야 합니다",
        ),
    ],
)
def test_a_bad_period_is_refused_in_korean_and_nothing_is_saved(world, client_for, typed, message):
    r = _post(client_for("company"), **typed)
    page = refused(r)
    assert message in page
    assert not Slot.objects.exists()


@pytest.mark.django_db
def test_six_months_is_the_limit_for_training_not_for_a_job(world, client_for):
    c = client_for("company")
    assert _post(c, period_start="2027-03-02", period_end="2027-09-01").status_code == 302
    job = {"kind": "job", "title": "설비 보전원", "daily_hours": "8", "weekly_hours": "40"}
    r = _post(c, period_start="2027-03-02", period_end="2028-03-01", **job)
    assert r.status_code == 302
    assert Slot.objects.count() == 2


@pytest.mark.django_db
def test_the_export_has_the_period_and_last_day_to_apply(world, client_for):
    SlotFactory(
        company=world.company,
        title="기간 있는 실습",
        period_start=dt.date(2027, 7, 21),
        period_end=dt.date(2027, 8, 17),
        apply_by=dt.date(2027, 6, 30),
    )
    SlotFactory(company=world.company, title="기간 없는 실습")
    r = client_for("coordinator").get(reverse("placements:slot_export"))
    rows = list(load_workbook(BytesIO(r.content)).active.iter_rows(values_only=True))
    header = list(rows[0])
    cols = [header.index(h) for h in ("기간 시작일", "기간 종료일", "지원 마감일")]
    by_title = {row[header.index("제목")]: row for row in rows[1:]}
    dated = [by_title["기간 있는 실습"][k] for k in cols]
    assert [d.date() if isinstance(d, dt.datetime) else d for d in dated] == [
        dt.date(2027, 7, 21),
        dt.date(2027, 8, 17),
        dt.date(2027, 6, 30),
    ]
    assert [by_title["기간 없는 실습"][k] for k in cols] == [None, None, None]


@pytest.mark.django_db(transaction=True)
def test_slots_posted_before_the_migration_keep_an_empty_period(world):
    executor = MigrationExecutor(connection)
    before = [("placements", "0001_initial")]
    after = [("placements", "0002_slot_period_apply_by")]
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    OldSlot = old.get_model("placements", "Slot")
    company = old.get_model("partners", "Organisation").objects.get(pk=world.company.pk)
    OldSlot.objects.create(
        district_id=company.district_id,
        company=company,
        kind="job",
        title="예전 자리",
        daily_hours=8,
        weekly_hours=40,
        start_time=dt.time(9),
        end_time=dt.time(18),
        capacity=1,
    )
    executor = MigrationExecutor(connection)
    executor.migrate(after)
    slot = Slot.objects.get(title="예전 자리")
    assert (slot.period_start, slot.period_end, slot.apply_by) == (None, None, None)
    assert not slot.applications_closed(dt.date(2099, 1, 1))
