"""The NCS importer: the official layout, every bad row listed, nothing half-saved."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from mujigae.competencies import services
from mujigae.competencies.models import (
    CompetencyElement,
    CompetencyUnit,
    NcsClass,
    NcsImport,
)
from mujigae.competencies.ncs_import import COLUMNS
from mujigae.core.imports import ImportRejected
from mujigae.core.models import AuditEntry
from tests.competencies.ncs_files import big_csv, good_rows, row, to_csv, to_xlsx

pytestmark = pytest.mark.django_db


def _import(raw: bytes, name: str = "ncs.csv", **kw):
    return services.ncs_import_file(actor=None, raw=raw, file_name=name, **kw)


def _nothing_saved():
    assert NcsClass.objects.count() == 0
    assert CompetencyUnit.objects.count() == 0
    assert CompetencyElement.objects.count() == 0
    assert NcsImport.objects.count() == 0


def _errors(raw: bytes, name: str = "ncs.csv") -> ImportRejected:
    with pytest.raises(ImportRejected) as info:
        _import(raw, name)
    _nothing_saved()
    return info.value


def test_a_good_csv_builds_the_hierarchy_units_and_elements():
    record = _import(to_csv(good_rows()))
    assert record.rows == 18
    assert record.counts["units_created"] == 3 and record.counts["elements_created"] == 6
    job = NcsClass.objects.get(code="19030601")
    assert job.level == 4 and job.name == "로봇하드웨어설계"
    assert [c.code for c in (job.parent, job.parent.parent, job.parent.parent.parent)] == [
        "190306",
        "1903",
        "19",
    ]
    unit = CompetencyUnit.objects.get(code="1903060101_17v1")
    assert unit.job == job and unit.level == 3 and unit.name == "로봇 유지보수 계획 수립"
    element = unit.elements.get(code="1903060101_17v1.1")
    assert element.criteria == "1.1 로봇 유지보수 계획 수립 수행준거 1"
    assert "[지식] 로봇 유지보수 계획 수립 지식 1" in element.knowledge
    assert element.knowledge.count("안전 의식") == 1
    # what the suggester searches
    assert "로봇 유지보수 계획 수립 요소 2" in unit.description
    assert "[기술] 로봇 유지보수 계획 수립 기술 2" in unit.description
    assert AuditEntry.objects.filter(object_type="competencies.NcsImport").count() == 1


def test_importing_the_same_file_twice_creates_no_duplicates():
    raw = to_csv(good_rows())
    _import(raw)
    again = _import(raw)
    assert CompetencyUnit.objects.count() == 3
    assert CompetencyElement.objects.count() == 6
    assert NcsClass.objects.count() == 8
    assert not any(again.counts.values())


def test_a_changed_file_updates_in_place_and_drops_removed_elements():
    _import(to_csv(good_rows()))
    rows = [r for r in good_rows() if not r["능력단위요소번호"].endswith(".2")]
    for r in rows:
        if r["능력단위분류번호"] == "1903060101_17v1":
            r["능력단위명칭"] = "로봇 유지보수 계획 수립(개정)"
    record = _import(to_csv(rows))
    assert record.counts["units_updated"] == 3
    assert record.counts["elements_deleted"] == 3
    assert CompetencyUnit.objects.get(code="1903060101_17v1").name.endswith("(개정)")
    assert CompetencyElement.objects.count() == 3


def test_the_sample_flag_marks_every_row():
    _import(to_csv(good_rows()), is_sample=True)
    assert not CompetencyUnit.objects.filter(is_sample=False).exists()
    assert not NcsClass.objects.filter(is_sample=False).exists()


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp949", "euc-kr"])
def test_csv_encodings_korean_excel_uses_are_detected(encoding):
    _import(to_csv(good_rows(), encoding=encoding))
    assert CompetencyUnit.objects.get(code="1502010105_16v3").name == "CNC 선반 가공"


def test_an_unreadable_encoding_is_rejected_in_korean():
    raw = to_csv(good_rows(), encoding="utf-16")
    error = _errors(raw)
    assert "인코딩" in error.message


def test_missing_and_renamed_columns_are_named_in_one_message():
    columns = [c if c != "수준" else "능력단위수준" for c in COLUMNS if c != "수행준거"]
    error = _errors(to_csv(good_rows(), columns=columns))
    assert "수준" in error.message and "수행준거" in error.message
    assert "능력단위요소번호" not in error.message


def test_an_empty_file_and_a_header_only_file_are_rejected():
    assert "비어" in _errors(b"").message
    assert "비어" in _errors(b"\xef\xbb\xbf  \n").message
    assert _errors(to_csv([])).message


def test_every_bad_row_is_listed_with_row_column_and_reason():
    rows = good_rows()
    rows[1]["수준"] = "9"  # row 3
    rows[3]["능력단위분류번호"] = "1903060101-17v1"  # row 5: format
    rows[5]["능력단위분류번호"] = "1502010105_16v3"  # row 7: another job's unit
    rows[7]["능력단위명칭"] = "다른 이름"  # row 9: conflicting name for the same code
    rows[9]["능력단위요소명"] = ""  # row 11: empty required cell
    rows[11]["세분류코드명"] = "다른 직무"  # row 13: conflicting class name
    rows[13]["중분류코드"] = "0x"  # row 15: not digits
    rows[15]["능력단위요소수준"] = "0"  # row 17: element level
    error = _errors(to_csv(rows))
    got = {(e.row, e.column) for e in error.errors}
    assert got == {
        (3, "수준"),
        (5, "능력단위분류번호"),
        (7, "능력단위분류번호"),
        (9, "능력단위명칭"),
        (11, "능력단위요소명"),
        (13, "세분류코드명"),
        (15, "중분류코드"),
        (17, "능력단위요소수준"),
    }
    by_row = {e.row: e.reason for e in error.errors}
    assert "1" in by_row[3] and "8" in by_row[3]
    assert "19030601" in by_row[7]  # names the job the code should belong to
    assert "로봇 하드웨어 점검" in by_row[9]  # names the earlier name
    assert "비어" in by_row[11]
    assert all(e.sheet == "" for e in error.errors)  # a CSV file has no sheets
    assert "8" in error.message  # how many problems


def test_xlsx_with_one_sheet_per_major_category_is_read_whole():
    rows = good_rows()
    sheets = {
        "19 전기·전자": [r for r in rows if r["대분류코드"] == "19"],
        "15 기계": [r for r in rows if r["대분류코드"] == "15"],
    }
    record = _import(to_xlsx(sheets), "ncs.xlsx")
    assert record.rows == 18
    assert set(CompetencyUnit.objects.values_list("code", flat=True)) == {
        "1903060101_17v1",
        "1903060102_17v1",
        "1502010105_16v3",
    }


def test_xlsx_codes_excel_turned_into_numbers_are_zero_padded():
    _import(to_xlsx({"전체": good_rows()}, numeric_codes=True), "ncs.xlsx")
    assert NcsClass.objects.filter(code="190306").exists()
    assert NcsClass.objects.filter(code="150201").exists()


def test_xlsx_errors_name_the_sheet():
    bad = good_rows()
    bad[0]["수준"] = "높음"
    error = _errors(to_xlsx({"19 전기·전자": bad[:6], "15 기계": bad[12:]}), "ncs.xlsx")
    assert [(e.sheet, e.row, e.column) for e in error.errors] == [("19 전기·전자", 2, "수준")]


def test_a_broken_or_old_excel_file_is_rejected():
    assert "xlsx" in _errors(b"PK\x03\x04 not really a zip", "ncs.xlsx").message
    assert ".xls" in _errors(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "ncs.xls").message


def test_full_prefix_codes_are_accepted_but_must_match_the_parent():
    rows = [row(**{"중분류코드": "1903", "소분류코드": "190306", "세분류코드": "19030601"})]
    _import(to_csv(rows))
    assert NcsClass.objects.filter(code="19030601", parent__code="190306").exists()
    CompetencyUnit.objects.all().delete()
    NcsClass.objects.all().delete()
    NcsImport.objects.all().delete()
    error = _errors(to_csv([row(**{"소분류코드": "150306"})]))
    assert [(e.row, e.column) for e in error.errors] == [(2, "소분류코드")]


def test_a_bad_file_after_a_good_one_changes_nothing():
    _import(to_csv(good_rows()))
    rows = good_rows()
    rows[0]["능력단위명칭"] = "바뀐 이름"
    rows[-1]["수준"] = ""
    with pytest.raises(ImportRejected):
        _import(to_csv(rows))
    assert CompetencyUnit.objects.get(code="1903060101_17v1").name == "로봇 유지보수 계획 수립"
    assert NcsImport.objects.count() == 1


def test_a_national_scale_file_imports_whole():
    raw = big_csv(n_units=1000, ksa_per_unit=100)  # 100,000 rows
    record = _import(raw)
    assert record.rows == 100_000
    assert CompetencyUnit.objects.count() == 1000
    assert CompetencyElement.objects.count() == 10_000
    again = _import(raw)
    assert not any(again.counts.values())


def test_too_large_a_file_is_refused(settings):
    settings.MUJIGAE_NCS_IMPORT_MAX_MB = 0
    with pytest.raises(ImportRejected) as info:
        _import(to_csv(good_rows()))
    assert "MB" in info.value.message
    _nothing_saved()


def test_the_management_command_uses_the_same_importer(tmp_path, capsys):
    good = tmp_path / "ncs.csv"
    good.write_bytes(to_csv(good_rows()))
    call_command("import_ncs", str(good), "--sample")
    assert CompetencyUnit.objects.filter(is_sample=True).count() == 3
    rows = good_rows()
    rows[2]["수준"] = "x"
    bad = tmp_path / "bad.csv"
    bad.write_bytes(to_csv(rows))
    with pytest.raises(CommandError):
        call_command("import_ncs", str(bad))
    assert "4\t수준" in capsys.readouterr().err


def test_xlsx_cover_sheets_and_title_rows_are_tolerated():
    from io import BytesIO

    from openpyxl import Workbook

    wb = Workbook()
    cover = wb.active
    cover.title = "안내"
    cover.append(["NCS 능력단위 내려받기 자료"])
    cover.append(["2026년 2월 기준"])
    data = wb.create_sheet("19 전기·전자")
    data.append(["국가직무능력표준 능력단위 목록"])  # a title row above the header
    data.append([])
    data.append(list(COLUMNS))
    for r in good_rows()[:6]:
        data.append([r[c] for c in COLUMNS])
    buf = BytesIO()
    wb.save(buf)
    _import(buf.getvalue(), "ncs.xlsx")
    assert list(CompetencyUnit.objects.values_list("code", flat=True)) == ["1903060101_17v1"]


def test_an_xlsx_without_any_ncs_sheet_names_the_missing_columns():
    from io import BytesIO

    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["이름", "전화번호"])
    wb.active.append(["홍길동", "010"])
    buf = BytesIO()
    wb.save(buf)
    error = _errors(buf.getvalue(), "ncs.xlsx")
    assert "능력단위분류번호" in error.message
