"""Build NCS files in the official export layout for tests (CSV bytes or xlsx)."""

from __future__ import annotations

import csv
import io

from mujigae.competencies.ncs_import import COLUMNS

MAJORS = {"19": "전기·전자", "15": "기계"}
MIDDLES = {"1903": "전자기기개발", "1502": "기계가공"}
MINORS = {"190306": "로봇개발", "150201": "기계가공"}
JOBS = {"19030601": "로봇하드웨어설계", "15020101": "절삭가공"}


def row(
    unit: str = "1903060101_17v1",
    unit_name: str = "로봇 유지보수 계획 수립",
    level: str = "3",
    element: str = "1903060101_17v1.1",
    element_name: str = "점검 계획 수립하기",
    criterion_no: str = "1.1",
    criterion: str = "점검 항목을 정할 수 있다.",
    ksa_kind: str = "지식",
    ksa_no: str = "1",
    ksa: str = "로봇 구조",
    **override: str,
) -> dict[str, str]:
    job = unit[:8]
    values = {
        "대분류코드": job[:2],
        "대분류코드명": MAJORS.get(job[:2], "대분류" + job[:2]),
        "중분류코드": job[2:4],
        "중분류코드명": MIDDLES.get(job[:4], "중분류" + job[:4]),
        "소분류코드": job[4:6],
        "소분류코드명": MINORS.get(job[:6], "소분류" + job[:6]),
        "세분류코드": job[6:8],
        "세분류코드명": JOBS.get(job, "세분류" + job),
        "능력단위분류번호": unit,
        "능력단위명칭": unit_name,
        "수준": level,
        "능력단위요소번호": element,
        "능력단위요소명": element_name,
        "능력단위요소수준": level,
        "수행준거번호": criterion_no,
        "수행준거": criterion,
        "지식기술태도코드": {"지식": "K", "기술": "S", "태도": "A"}.get(ksa_kind, ""),
        "지식기술태도코드명": ksa_kind,
        "지식기술태도번호": ksa_no,
        "지식기술태도의의": ksa,
    }
    values.update(override)
    return values


def good_rows() -> list[dict[str, str]]:
    """Two jobs, three units, several elements and KSA rows each."""
    out = []
    units = [
        ("1903060101_17v1", "로봇 유지보수 계획 수립", "3"),
        ("1903060102_17v1", "로봇 하드웨어 점검", "4"),
        ("1502010105_16v3", "CNC 선반 가공", "3"),
    ]
    for code, name, level in units:
        for e in (1, 2):
            for k, (kind, text) in enumerate(
                [("지식", f"{name} 지식 {e}"), ("기술", f"{name} 기술 {e}"), ("태도", "안전 의식")],
                start=1,
            ):
                out.append(
                    row(
                        unit=code,
                        unit_name=name,
                        level=level,
                        element=f"{code}.{e}",
                        element_name=f"{name} 요소 {e}",
                        criterion_no=f"{e}.1",
                        criterion=f"{name} 수행준거 {e}",
                        ksa_kind=kind,
                        ksa_no=str(k),
                        ksa=text,
                    )
                )
    return out


def to_csv(rows: list[dict[str, str]], *, encoding: str = "utf-8", columns=COLUMNS) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(columns)
    for r in rows:
        writer.writerow([r.get(c, "") for c in columns])
    return buf.getvalue().encode(encoding)


def to_xlsx(sheets: dict[str, list[dict[str, str]]], *, numeric_codes: bool = False) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        ws.append(list(COLUMNS))
        for r in rows:
            values = [r.get(c, "") for c in COLUMNS]
            if numeric_codes:  # Excel turns "03" into 3
                values = [
                    int(v) if c.endswith("분류코드") or c in ("수준",) else v
                    for c, v in zip(COLUMNS, values, strict=True)
                ]
            ws.append(values)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def big_csv(n_units: int = 2000, ksa_per_unit: int = 50) -> bytes:
    """A generated national-scale file: n_units × ksa_per_unit rows."""
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(COLUMNS)
    for i in range(n_units):
        major = 1 + i % 24
        job = f"{major:02d}{1 + (i // 24) % 9:02d}{1 + (i // 216) % 9:02d}{1 + i % 5:02d}"
        code = f"{job}{1 + (i // 1080) % 90:02d}_17v1"
        for k in range(ksa_per_unit):
            e = 1 + k // 10
            r = row(
                unit=code,
                unit_name=f"능력단위 {code}",
                element=f"{code}.{e}",
                element_name=f"요소 {e}",
                criterion_no=f"{e}.{1 + k % 3}",
                criterion=f"수행준거 {e}-{k % 3}",
                ksa_no=str(k),
                ksa=f"지식 항목 {k}",
            )
            writer.writerow([r[c] for c in COLUMNS])
    return buf.getvalue().encode("utf-8")
