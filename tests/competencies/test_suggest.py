"""The competency-unit suggester: Korean free text → the units a person confirms."""

from __future__ import annotations

import csv
import dataclasses
from collections import Counter
from pathlib import Path

import pytest

from mujigae.competencies import suggest
from mujigae.competencies.models import CompetencyElement, CompetencyUnit, NcsClass
from mujigae.competencies.suggest import (
    Suggestion,
    SuggestionIndex,
    TokenCache,
    UnitDoc,
    docs_from_ncs_csv,
    reset_suggestion_index,
    suggest_units,
)

DATA = Path(suggest.__file__).resolve().parent / "data"
SAMPLE = DATA / "sample_ncs.csv"
LABELLED = DATA / "labelled_phrases.csv"

HEADER = [
    "대분류코드", "대분류코드명", "중분류코드", "중분류코드명", "소분류코드", "소분류코드명",
    "세분류코드", "세분류코드명", "능력단위분류번호", "능력단위명칭", "수준",
    "능력단위요소번호", "능력단위요소명", "능력단위요소수준", "수행준거번호", "수행준거",
    "지식기술태도코드", "지식기술태도코드명", "지식기술태도번호", "지식기술태도의의",
]  # fmt: skip

DEMO_UNITS = {
    "1903060101_17v1": "로봇 유지보수 계획 수립",
    "1903060102_17v1": "로봇 하드웨어 점검",
    "1903060103_17v1": "로봇 제어기 고장 진단",
    "1903060201_17v1": "산업용 로봇 티칭",
    "1903060302_17v1": "머신비전 영상 획득",
    "1903060303_17v1": "머신비전 검사 알고리즘 적용",
    "1903080101_17v1": "PLC 제어 프로그램 작성",
    "1903080102_17v1": "PLC 입출력 회로 구성",
    "1903080103_17v1": "자동제어 시스템 유지보수",
    "1502010105_16v3": "CNC 선반 가공",
    "1502010106_16v3": "머시닝센터 가공",
    "1502010110_16v3": "정밀 측정",
    "1502030101_16v2": "품질검사 계획 수립",
    "1502030102_16v2": "측정기 관리",
    "1502030103_16v2": "공정 품질관리",
    "1502060101_20v1": "스마트공장 운영 계획",
    "1502060102_20v1": "설비 데이터 수집·분석",
    "1502060103_20v1": "생산관리시스템(MES) 운영",
}


def sample_rows() -> list[dict[str, str]]:
    with SAMPLE.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def labelled() -> list[dict[str, str]]:
    with LABELLED.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def index() -> SuggestionIndex:
    return SuggestionIndex.build(docs_from_ncs_csv(SAMPLE))


# --- the sample data ----------------------------------------------------------


def test_sample_csv_opens_in_excel_layout_with_the_demo_units():
    raw = SAMPLE.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "UTF-8 with BOM, so Excel shows Korean"
    with SAMPLE.open(encoding="utf-8-sig", newline="") as fh:
        assert next(csv.reader(fh)) == HEADER
    rows = sample_rows()
    names = {r["능력단위분류번호"]: r["능력단위명칭"] for r in rows}
    for code, name in DEMO_UNITS.items():
        assert names.get(code) == name, code
    assert 60 <= len(names) <= 90


def test_sample_codes_are_consistent_and_units_have_elements():
    elements: dict[str, set[str]] = {}
    for r in sample_rows():
        segments = [r["대분류코드"], r["중분류코드"], r["소분류코드"], r["세분류코드"]]
        assert all(len(s) == 2 and s.isdigit() for s in segments), segments
        unit = r["능력단위분류번호"]
        assert unit[:8] == "".join(segments), unit
        assert r["능력단위요소번호"].startswith(unit + ".")
        assert r["지식기술태도코드"] in {"K", "S", "A"}
        assert r["지식기술태도의의"]
        assert 1 <= int(r["수준"]) <= 8
        elements.setdefault(unit, set()).add(r["능력단위요소번호"])
    assert all(2 <= len(e) <= 4 for e in elements.values())


def test_labelled_set_covers_every_unit_and_uses_only_sample_codes():
    units = {r["능력단위분류번호"] for r in sample_rows()}
    rows = labelled()
    assert len(rows) >= 180
    counts = Counter(r["unit_code"] for r in rows)
    assert set(counts) <= units, set(counts) - units
    assert set(counts) == units, units - set(counts)
    assert all(counts[code] >= 4 for code in DEMO_UNITS)
    assert len({r["phrase"] for r in rows}) == len(rows)
    # Phrases are written like a manager writes, not copied unit names.
    names = {r["능력단위명칭"] for r in sample_rows()}
    assert not [r["phrase"] for r in rows if r["phrase"] in names]


# --- the pure core ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("협동로봇 티칭하고 작업 프로그램 수정할 사람", "1903060201_17v1"),
        ("비전 카메라로 불량 검출 세팅 경험자", "1903060303_17v1"),
        ("PLC 래더 프로그램 짤 수 있는 분", "1903080101_17v1"),
        ("MCT 가공 셋업 가능자", "1502010106_16v3"),
        ("MES 작업지시 생산실적 관리", "1502060103_20v1"),
        ("머시닝센타 가공", "1502010106_16v3"),  # a common misspelling
        ("협동로봇티칭", "1903060201_17v1"),  # written without spaces
        ("마이크로미터로 부품 치수 측정", "1502010110_16v3"),
        ("게이지 R&R 측정기 교정 관리", "1502030102_16v2"),
    ],
)
def test_clear_phrases_find_their_unit_in_the_top_three(index, text, code):
    found = index.suggest(text, k=3)
    assert code in [s.code for s in found], [(s.code, s.name) for s in found]


def test_suggestions_are_best_first_with_names_and_at_most_k(index):
    found = index.suggest("로봇 알람 원인 찾아서 제어기 고장 조치", k=4)
    assert 1 <= len(found) <= 4
    assert found[0] == Suggestion("1903060103_17v1", "로봇 제어기 고장 진단", found[0].score)
    scores = [s.score for s in found]
    assert scores == sorted(scores, reverse=True) and scores[-1] > 0
    with pytest.raises(dataclasses.FrozenInstanceError):
        found[0].score = 0  # type: ignore[misc]


@pytest.mark.parametrize("text", ["", "   ", "\n\t ", "!!! ...", "ㅋㅋㅋ asdf", "뷁뷁 쀍쀍"])
def test_empty_or_nonsense_text_suggests_nothing(index, text):
    assert index.suggest(text) == []


def test_k_zero_and_an_empty_taxonomy_suggest_nothing(index):
    assert index.suggest("로봇 티칭", k=0) == []
    assert SuggestionIndex.build([]).suggest("로봇 티칭") == []


def test_unit_name_counts_more_than_the_criteria():
    docs = [
        UnitDoc("A", "용접 로봇 운용", "토치 각도 설정"),
        UnitDoc("B", "토치 관리", "용접 로봇 운용 중 점검"),
    ]
    found = SuggestionIndex.build(docs).suggest("용접 로봇 운용")
    assert [s.code for s in found] == ["A", "B"]


def test_most_labelled_phrases_find_their_unit_in_the_top_three(index):
    rows = labelled()
    hits = sum(r["unit_code"] in [s.code for s in index.suggest(r["phrase"], k=3)] for r in rows)
    # A regression guard far below the measured figure (see `make bench`).
    assert hits / len(rows) >= 0.85


def test_concurrent_requests_get_the_same_answers_as_one_at_a_time(index):
    from concurrent.futures import ThreadPoolExecutor

    texts = [r["phrase"] for r in labelled()[:40]]
    alone = [index.suggest(t, k=3) for t in texts]
    with ThreadPoolExecutor(max_workers=4) as pool:
        together = list(pool.map(lambda t: index.suggest(t, k=3), texts * 3))
    assert together == alone * 3


def test_a_long_pasted_job_description_still_gets_suggestions(index):
    text = "스마트공장 MES 운영 담당자 모집. 작업지시와 생산실적 관리. " * 300
    found = index.suggest(text, k=3)
    assert found[0].code == "1502060103_20v1"


def test_token_cache_saved_to_disk_spares_tokenizing_again(tmp_path, monkeypatch):
    docs = docs_from_ncs_csv(SAMPLE)[:12]
    path = tmp_path / "tokens.json"
    cache = TokenCache()
    first = SuggestionIndex.build(docs, token_cache=cache)
    cache.save(path)

    again = TokenCache()
    again.load(path)
    tokenized: list[int] = []
    real = suggest.morphemes_many
    monkeypatch.setattr(
        suggest, "morphemes_many", lambda texts: tokenized.append(len(texts)) or real(texts)
    )
    second = SuggestionIndex.build(docs, token_cache=again)
    assert sum(tokenized) == 0
    text = "로봇 하드웨어 일일점검, 그리스 보충"
    assert second.suggest(text) == first.suggest(text) != []


def test_a_broken_token_cache_file_is_ignored(tmp_path):
    path = tmp_path / "tokens.json"
    path.write_text("{not json", encoding="utf-8")
    cache = TokenCache()
    cache.load(path)
    assert len(cache) == 0
    index = SuggestionIndex.build(docs_from_ncs_csv(SAMPLE)[:5], token_cache=cache)
    assert index.suggest("로봇 유지보수 계획")[0].code == "1903060101_17v1"


# --- the Django glue ----------------------------------------------------------


def _unit(code: str, name: str, *, element: str, criteria: str) -> CompetencyUnit:
    parent = None
    for level in (1, 2, 3, 4):
        prefix = code[: 2 * level]
        parent, _ = NcsClass.objects.get_or_create(
            code=prefix, defaults={"name": f"분류 {prefix}", "level": level, "parent": parent}
        )
    unit = CompetencyUnit.objects.create(code=code, name=name, level=3, job=parent)
    CompetencyElement.objects.create(unit=unit, code=f"{code}.1", name=element, criteria=criteria)
    return unit


@pytest.fixture
def fresh_index():
    reset_suggestion_index()
    yield
    reset_suggestion_index()


@pytest.mark.django_db
def test_suggest_units_reads_the_database_and_sees_a_new_unit(fresh_index):
    _unit("1903080101_17v1", "PLC 제어 프로그램 작성", element="래더 작성", criteria="래더 회로")
    assert [s.code for s in suggest_units("PLC 래더 프로그램")] == ["1903080101_17v1"]
    assert suggest_units("용접 로봇 토치 각도") == []

    _unit("1506010103_19v1", "로봇 용접 운용", element="용접 로봇 설정", criteria="토치 각도")
    found = suggest_units("용접 로봇 토치 각도", k=3)
    assert found and found[0] == Suggestion("1506010103_19v1", "로봇 용접 운용", found[0].score)


@pytest.mark.django_db
def test_suggest_units_on_empty_text_or_empty_taxonomy(fresh_index):
    assert suggest_units("   ") == []
    assert suggest_units("PLC 래더") == []  # no unit in the database yet
    _unit("1903080101_17v1", "PLC 제어 프로그램 작성", element="래더 작성", criteria="래더 회로")
    assert suggest_units("") == []
    assert len(suggest_units("PLC 래더", k=1)) == 1


@pytest.mark.django_db
def test_suggest_units_keeps_its_token_cache_where_the_setting_says(
    fresh_index, settings, tmp_path
):
    settings.MUJIGAE_SUGGEST_TOKEN_CACHE = str(tmp_path / "cache" / "suggest-tokens.json")
    _unit("1903080101_17v1", "PLC 제어 프로그램 작성", element="래더 작성", criteria="래더 회로")
    assert suggest_units("PLC 래더")[0].code == "1903080101_17v1"
    assert (tmp_path / "cache" / "suggest-tokens.json").exists()
