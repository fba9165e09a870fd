"""Cohort import: lands whole, or lists every bad row and saves nothing."""

from __future__ import annotations

from io import BytesIO

import pytest
from openpyxl import Workbook

from mujigae.core.exceptions import ApplicationError
from mujigae.curriculum import imports
from mujigae.curriculum.models import Cohort

pytestmark = pytest.mark.django_db


def _xlsx(rows) -> bytes:
    wb = Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    buf = BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _csv(rows, encoding="utf-8-sig") -> bytes:
    return "\n".join(",".join(str(c) for c in row) for row in rows).encode(encoding)


def _run(world, name, content, who="coordinator"):
    return imports.import_cohorts(
        actor=world.users[who], district=world.district, name=name, content=content
    )


def test_xlsx_with_korean_headers_lands_whole(world, curr):
    Cohort.objects.create(
        programme=curr.school_programme, district=world.district, year=2024, enrolled=20
    )
    content = _xlsx(
        [
            ["과정명", "연도", "입학인원", "이수인원"],
            ["로봇제어과", 2024, 20, 18],  # updates the existing cohort
            ["로봇제어과", 2025, 24, None],
            ["재직자 자동화 과정", 2025, "1,200", 1100],
        ]
    )
    result = _run(world, "cohorts.xlsx", content)
    assert (result.created, result.updated, result.unchanged) == (2, 1, 0)
    assert Cohort.objects.get(programme=curr.school_programme, year=2024).completed == 18
    assert Cohort.objects.get(programme=curr.partner_programme, year=2025).enrolled == 1200
    # the same file again changes nothing
    again = _run(world, "cohorts.xlsx", content)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)


def test_csv_in_cp949_with_english_headers(world, curr):
    content = _csv(
        [["programme", "year", "enrolled", "completed"], ["로봇제어과", 2026, 30, ""]],
        encoding="cp949",
    )
    assert _run(world, "c.csv", content).created == 1


def test_every_bad_row_is_listed_and_nothing_is_saved(world, curr):
    content = _csv(
        [
            ["과정명", "연도", "입학인원", "이수인원"],
            ["로봇제어과", 2025, 20, 10],  # fine
            ["없는 과정", 2025, 20, 10],
            ["로봇제어과", "이천", 20, 10],
            ["재직자 자동화 과정", 2025, 10, 11],
            ["로봇제어과", 2025, 20, 9],  # same programme and year as row 2
            ["타지구 과정", 2025, 5, 5],  # another district's programme
            ["", "", "", ""],  # blank rows are skipped
            ["재직자 자동화 과정", 2026, "", ""],
        ]
    )
    with pytest.raises(imports.ImportRejected) as exc:
        _run(world, "c.csv", content)
    got = [(e.row, e.column) for e in exc.value.errors]
    assert got == [
        (3, "과정"),
        (4, "연도"),
        (5, "이수 인원"),
        (6, "연도"),
        (7, "과정"),
        (9, "등록 인원"),
    ]
    reasons = " ".join(e.reason for e in exc.value.errors)
    assert "없는 과정" in reasons and "이천" in reasons and "2행" in reasons
    assert not Cohort.objects.exists()


def test_a_school_imports_only_its_own_programmes(world, curr):
    content = _csv(
        [["과정명", "연도", "입학인원"], ["로봇제어과", 2025, 20], ["재직자 자동화 과정", 2025, 9]]
    )
    with pytest.raises(imports.ImportRejected) as exc:
        _run(world, "c.csv", content, who="school")
    assert [(e.row, e.column) for e in exc.value.errors] == [(3, "과정")]
    assert not Cohort.objects.exists()


def test_missing_columns_and_wrong_files(world, curr):
    with pytest.raises(imports.ImportRejected) as exc:
        _run(world, "c.csv", _csv([["과정명", "인원수"], ["로봇제어과", 3]]))
    assert {e.column for e in exc.value.errors} == {"연도", "등록 인원"}
    with pytest.raises(ApplicationError) as exc:
        _run(world, "c.pdf", b"%PDF")
    assert exc.value.status == 400
    with pytest.raises(ApplicationError):
        _run(world, "c.xlsx", b"not a workbook")
    with pytest.raises(imports.ImportRejected):
        _run(world, "c.csv", b"")
