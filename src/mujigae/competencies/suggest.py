"""Suggest competency units (능력단위) for Korean free text.

A company manager writes "협동로봇 티칭하고 작업 프로그램 수정할 사람"; the suggester
returns the units most likely meant ("산업용 로봇 티칭", …) and a person confirms.

Two layers:

* a pure core with no Django import: `SuggestionIndex.build(units)` over
  `UnitDoc(code, name, text)` and `.suggest(text, k)`. Text is cut into
  morphemes by kiwipiepy (nouns, verb/adjective stems, roots, foreign words,
  numbers); a query compound the taxonomy does not know as a whole is also
  split into the known words it is made of ("협동로봇티칭" → 협동로봇 + 티칭); a
  small domain alias table maps shop-floor words to the taxonomy's words
  ("MCT" → 머시닝센터, "비젼" → 비전); two BM25 indexes (bm25s) score the unit
  name and the rest of the unit text, the name counting more
  (`NAME_WEIGHT`); a weaker character-bigram BM25 catches spellings no
  tokenizer knows ("머시닝센타"). Weights and aliases were tuned on the dev
  split of `data/labelled_phrases.csv` only (see `bench/suggest.py`).
* the Django glue `suggest_units(text, k=5)`: builds the index from the
  CompetencyUnit / CompetencyElement rows once per process and rebuilds it
  when the taxonomy changes (a cheap fingerprint: counts and max primary keys
  of units and elements, and the last NcsImport), thread-safe. Tokenized
  texts are kept in a `TokenCache` (in memory; also on disk when the setting
  `MUJIGAE_SUGGEST_TOKEN_CACHE` names a file), so a rebuild only tokenizes
  changed texts. Call `reset_suggestion_index()` after editing unit texts
  in place outside an import.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import tempfile
import threading
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

import numpy as np

if TYPE_CHECKING:  # pragma: no cover
    from kiwipiepy import Kiwi


logger = logging.getLogger(__name__)


class UnitDoc(NamedTuple):
    code: str
    name: str
    text: str


@dataclass(frozen=True)
class Suggestion:
    code: str
    name: str
    score: float


# --- tokenisation -----------------------------------------------------------

# Part-of-speech tags kept: common/proper nouns, roots, verb and adjective
# stems, foreign words (PLC, MES), numbers, hanja.
KEEP_TAGS = frozenset({"NNG", "NNP", "XR", "VV", "VA", "SL", "SN", "SH"})

# Words every job ad or every NCS sentence has: they tell no unit apart.
STOPWORDS = frozenset(
    {
        # NCS boilerplate ("…할 수 있다", "…하려는 자세", "… 능력")
        "하", "있", "되", "않", "없", "이", "수", "것", "등", "능력", "자세", "태도", "위하",
        "따르", "맞", "통하", "대하", "관련", "활용",
        # job-ad boilerplate
        "사람", "분", "가능자", "경험자", "경력자", "경력", "경험", "우대", "담당", "담당자",
        "업무", "모집", "구하", "일", "가능", "신입", "인력", "직원", "채용", "년",
        "하다", "해보", "보", "주", "줄", "알", "짜", "잡",
    }
)  # fmt: skip

# Words Kiwi does not know (it cuts "래더" into 이+라고+하+어+더 after "PLC").
USER_WORDS = (
    "래더", "티칭", "티칭펜던트", "트러블슈팅", "그리퍼", "팔레타이징", "캘리브레이션",
    "머시닝센터", "머시닝센타", "엔코더", "서보앰프", "비젼", "협동로봇", "코봇", "예지보전",
    "솔밸브", "스패터", "인서트", "바피더", "빈피킹", "라이트커튼", "툴체인저", "판넬",
)  # fmt: skip

# Shop-floor spellings and abbreviations → the taxonomy's words. The original
# token is kept as well; aliases only add words.
ALIASES: dict[str, tuple[str, ...]] = {
    "mct": ("머시닝센터",),
    "머시닝센타": ("머시닝센터",),
    "씨엔씨": ("cnc",),
    "비젼": ("비전",),
    "vision": ("비전",),
    "코봇": ("협동로봇", "협동", "로봇"),
    "cobot": ("협동로봇", "협동", "로봇"),
    "데이타": ("데이터",),
    "셋업": ("설정",),
    "셋팅": ("설정",),
    "세팅": ("설정",),
    "티칭": ("교시",),
    "알곤": ("아르곤",),
    "스텐": ("스테인리스",),
    "솔밸브": ("솔레노이드", "밸브"),
    "마그네트": ("전자접촉기",),
    "써멀": ("열동형", "계전기"),
    "콘트롤러": ("컨트롤러", "제어기"),
    "컨트롤러": ("제어기",),
    "보전": ("정비", "유지보수"),
    "pm": ("예방정비",),
    "캐드": ("cad",),
    "io": ("입출력",),
    "터치판넬": ("hmi",),
    "터치패널": ("hmi",),
    "ut": ("초음파",),
    "mt": ("자분탐상",),
    "ai": ("인공지능",),
    "mes": ("생산관리시스템",),
    "spc": ("관리도", "통계적"),
    "amr": ("이동로봇",),
    "에러": ("알람", "고장", "오류"),
    "트러블슈팅": ("고장", "진단", "조치"),
    # English words in Korean job ads
    "robot": ("로봇",),
    "teaching": ("티칭", "교시"),
    "camera": ("카메라",),
    "inspection": ("검사",),
    "program": ("프로그램",),
    "programming": ("프로그램",),
    "maintenance": ("유지보수", "정비"),
    "welding": ("용접",),
    "safety": ("안전",),
    "quality": ("품질",),
    "measurement": ("측정",),
    "data": ("데이터",),
    "network": ("네트워크",),
    "mold": ("금형",),
    "smart": ("스마트",),
    "factory": ("공장",),
}

# Spellings Kiwi splits before any alias can see them ("셋업" → 셋 + 업).
REWRITES = (("셋업", "세팅"), ("셋팅", "세팅"))

_HANGUL = re.compile(r"^[가-힣]+$")
MAX_COMPOUND = 24  # longer "words" are not split (pasted noise)
MAX_QUERY_CHARS = 5000  # a pasted job description is cut here


_kiwi: Kiwi | None = None
_kiwi_lock = threading.Lock()


def get_kiwi() -> Kiwi:
    """The one Kiwi of the process (loading takes a second or two). It is
    built here, in one thread; after that Kiwi may be used from many threads."""
    global _kiwi
    if _kiwi is None:
        with _kiwi_lock:
            if _kiwi is None:
                from kiwipiepy import Kiwi

                kiwi = Kiwi()
                for word in USER_WORDS:
                    kiwi.add_user_word(word, "NNG", 0.0)
                kiwi.tokenize("로봇")  # finishes the lazy build now
                _kiwi = kiwi
    return _kiwi


def normalize(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "").strip()


def _rewrite(text: str) -> str:
    for old, new in REWRITES:
        text = text.replace(old, new)
    return text


def morphemes(text: str) -> list[str]:
    """The kept morphemes of `text`, lower-cased, stopwords and aliases applied."""
    text = normalize(text)
    if not text:
        return []
    return _kept(get_kiwi().tokenize(_rewrite(text)))


def morphemes_many(texts: Sequence[str]) -> list[list[str]]:
    """`morphemes()` of many texts at once (Kiwi spreads them over its threads)."""
    normalized = [_rewrite(normalize(t)) for t in texts]
    results = get_kiwi().tokenize([t for t in normalized if t])
    out: list[list[str]] = []
    for text in normalized:
        out.append(_kept(next(results)) if text else [])
    return out


def _kept(tokens) -> list[str]:
    out: list[str] = []
    for token in tokens:
        if token.tag not in KEEP_TAGS:
            continue
        form = token.form.lower().replace(" ", "")
        if not form or form in STOPWORDS:
            continue
        out.append(form)
        out.extend(ALIASES.get(form, ()))
    return out


def _tokenizer_version() -> str:
    """Changes whenever the tokenizer or its tables change (a cache key part)."""
    import kiwipiepy

    parts = (
        kiwipiepy.__version__,
        sorted(KEEP_TAGS),
        sorted(STOPWORDS),
        USER_WORDS,
        sorted(ALIASES.items()),
        REWRITES,
    )
    return hashlib.blake2b(repr(parts).encode(), digest_size=8).hexdigest()


class TokenCache:
    """Morphemes of texts already tokenized, by a digest of the text.

    Tokenizing is what makes a build slow (~20–50k characters a second); with
    this cache a rebuild after an import only tokenizes the texts that
    changed. It can be kept on disk (`load` / `save`, JSON) so that a new
    process does not tokenize the whole national taxonomy again.
    """

    def __init__(self) -> None:
        self._data: dict[str, list[str]] = {}
        self._used: set[str] = set()
        self._lock = threading.Lock()
        self.version = ""

    def __len__(self) -> int:
        return len(self._data)

    def _key(self, text: str) -> str:
        digest = hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()
        return f"{self.version}:{digest}"

    def morphemes_many(self, texts: Sequence[str]) -> list[list[str]]:
        if not self.version:
            self.version = _tokenizer_version()
        keys = [self._key(t) for t in texts]
        with self._lock:
            missing = {k: t for k, t in zip(keys, texts, strict=True) if k not in self._data}
        found = dict(zip(missing, morphemes_many(list(missing.values())), strict=True))
        with self._lock:
            self._data.update(found)
            self._used.update(keys)
            return [self._data[k] for k in keys]

    def load(self, path: Path) -> None:
        """Add the entries of a file written by `save` (a bad file is ignored)."""
        if not self.version:
            self.version = _tokenizer_version()
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return
        if not isinstance(data, dict) or data.get("version") != self.version:
            return
        entries = data.get("tokens")
        if isinstance(entries, dict):
            with self._lock:
                for key, tokens in entries.items():
                    if isinstance(tokens, list):
                        self._data.setdefault(f"{self.version}:{key}", tokens)

    def prune(self) -> None:
        """Forget the texts no build used since the last prune (old unit texts)."""
        with self._lock:
            self._data = {k: self._data[k] for k in self._used if k in self._data}
            self._used = set()

    def save(self, path: Path) -> None:
        """Write every entry to `path` (atomically; a failure is only logged)."""
        with self._lock:
            keep = {k.split(":", 1)[1]: v for k, v in self._data.items()}
        payload = json.dumps({"version": self.version, "tokens": keep}, ensure_ascii=False)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(payload)
            os.replace(tmp, path)
        except OSError:
            logger.warning("suggest: could not write the token cache %s", path, exc_info=True)


def char_bigrams(text: str) -> list[str]:
    """Character bigrams inside each Hangul word, Latin words and numbers
    whole (the tokenizer-free fallback: "머시닝센타" still shares 머시/시닝/닝센)."""
    out: list[str] = []
    for word in re.findall(r"[가-힣]+|[0-9a-z]+", normalize(text).lower()):
        if len(word) == 1 or not _HANGUL.match(word):
            out.append(word)
        else:
            out.extend(word[i : i + 2] for i in range(len(word) - 1))
    return out


def split_compound(word: str, vocab: frozenset[str] | set[str]) -> list[str]:
    """The known words (two letters or more) a Hangul compound is made of
    ("협동로봇티칭" → ["협동로봇", "티칭"], "머신비전검사기" → ["머신비전", "검사"]);
    single letters between them may stay unknown. [] when nothing splits off."""
    n = len(word)
    if n < 4 or n > MAX_COMPOUND or not _HANGUL.match(word):
        return []
    # best[i] = (cost, pieces) for word[:i]; a known piece costs 1, an unknown letter 2.
    best: list[tuple[int, list[str]] | None] = [None] * (n + 1)
    best[0] = (0, [])
    for i in range(n):
        if best[i] is None:
            continue
        cost, pieces = best[i]
        steps = [(i + 1, cost + 2, pieces)]
        for j in range(i + 2, n + 1):
            piece = word[i:j]
            if (i, j) != (0, n) and piece in vocab:
                steps.append((j, cost + 1, [*pieces, piece]))
        for j, c, p in steps:
            if best[j] is None or c < best[j][0]:
                best[j] = (c, p)
    _cost, parts = best[n]  # type: ignore[misc]
    known = sum(len(p) for p in parts)
    return parts if parts and known * 2 >= n else []


# --- the index --------------------------------------------------------------

NAME_WEIGHT = 1.5
TEXT_WEIGHT = 1.0
BIGRAM_WEIGHT = 0.5


def _bm25(corpus: list[list[str]]):
    import bm25s

    # bm25s sets its logger to DEBUG on import and logs every build: not news.
    logging.getLogger("bm25s").setLevel(logging.WARNING)
    index = bm25s.BM25(k1=1.2, b=0.75)
    index.index(corpus, show_progress=False)
    return index


class SuggestionIndex:
    """BM25 over unit names and unit texts, scored together."""

    def __init__(
        self,
        docs: Sequence[UnitDoc],
        *,
        name_weight: float = NAME_WEIGHT,
        text_weight: float = TEXT_WEIGHT,
        bigram_weight: float = BIGRAM_WEIGHT,
        split_compounds: bool = True,
        use_morphemes: bool = True,
        token_cache: TokenCache | None = None,
    ) -> None:
        self.docs = list(docs)
        self.name_weight = name_weight
        self.text_weight = text_weight
        self.bigram_weight = bigram_weight if use_morphemes else 1.0
        self.split_compounds = split_compounds
        self.use_morphemes = use_morphemes
        self.vocab: frozenset[str] = frozenset()
        self._name = self._text = self._bigram = None
        if not self.docs:
            return
        if use_morphemes:
            tokenize = token_cache.morphemes_many if token_cache is not None else morphemes_many
            names = tokenize([d.name for d in self.docs])
            texts = tokenize([d.text for d in self.docs])
            self.vocab = frozenset(t for toks in names + texts for t in toks)
            self._name = _bm25(names)
            self._text = _bm25(texts)
        if self.bigram_weight:
            self._bigram = _bm25([char_bigrams(f"{d.name} {d.text}") for d in self.docs])

    @classmethod
    def build(cls, units: Iterable[UnitDoc | tuple[str, str, str]], **options) -> SuggestionIndex:
        return cls([UnitDoc(*u) for u in units], **options)

    def __len__(self) -> int:
        return len(self.docs)

    def _with_parts(self, tokens: list[str]) -> list[str]:
        """Query compounds the taxonomy does not know as a whole ("협동로봇티칭",
        "스마트팩토리구축") also count as the known words they are made of."""
        if not self.split_compounds:
            return tokens
        out: list[str] = []
        for token in tokens:
            out.append(token)
            if token not in self.vocab:
                out.extend(split_compound(token, self.vocab))
        return out

    def query_tokens(self, text: str) -> list[str]:
        return self._with_parts(morphemes(text)) if self.use_morphemes else []

    def scores(self, text: str) -> np.ndarray:
        """One score per unit (0 = nothing in common)."""
        total = np.zeros(len(self.docs), dtype=np.float64)
        text = normalize(text)[:MAX_QUERY_CHARS]
        if not self.docs or not text:
            return total
        tokens = self.query_tokens(text)
        if tokens:
            total += self.name_weight * self._name.get_scores(tokens)
            total += self.text_weight * self._text.get_scores(tokens)
        if self._bigram is not None:
            grams = char_bigrams(text)
            if grams:
                total += self.bigram_weight * self._bigram.get_scores(grams)
        return total

    def suggest(self, text: str, k: int = 5) -> list[Suggestion]:
        """The k most likely units, best first; [] when nothing matches."""
        if k <= 0 or not self.docs or not normalize(text):
            return []
        scores = self.scores(text)
        ranked = np.argsort(-scores, kind="stable")[:k]
        return [
            Suggestion(self.docs[i].code, self.docs[i].name, round(float(scores[i]), 4))
            for i in ranked
            if scores[i] > 0
        ]


# --- Django glue ------------------------------------------------------------

_lock = threading.Lock()
_cached: tuple[tuple, SuggestionIndex] | None = None
_token_cache = TokenCache()
_token_cache_loaded = False


def _token_cache_path() -> Path | None:
    """Where the token cache is kept between processes: the setting
    `MUJIGAE_SUGGEST_TOKEN_CACHE` (a file path); unset → memory only."""
    from django.conf import settings

    value = getattr(settings, "MUJIGAE_SUGGEST_TOKEN_CACHE", None)
    return Path(value) if value else None


def _fingerprint() -> tuple:
    from django.db.models import Count, Max

    from mujigae.competencies.models import CompetencyElement, CompetencyUnit

    units = CompetencyUnit.objects.aggregate(n=Count("pk"), m=Max("pk"))
    elements = CompetencyElement.objects.aggregate(n=Count("pk"), m=Max("pk"))
    fingerprint = (units["n"], units["m"], elements["n"], elements["m"])
    try:  # every import that changed something leaves a record: other processes see it
        from mujigae.competencies.models import NcsImport
    except ImportError:  # pragma: no cover - an older schema
        return fingerprint
    return (*fingerprint, NcsImport.objects.aggregate(m=Max("pk"))["m"])


def unit_docs() -> list[UnitDoc]:
    """Every unit of the database as a UnitDoc: the name, and as text the job
    (세분류) name, the element names, criteria, KSA items and the description."""
    from mujigae.competencies.models import CompetencyElement, CompetencyUnit

    parts: dict[int, list[str]] = {}
    for unit_id, name, criteria, knowledge in CompetencyElement.objects.order_by(
        "unit_id", "code"
    ).values_list("unit_id", "name", "criteria", "knowledge"):
        parts.setdefault(unit_id, []).extend((name, criteria, knowledge))
    docs = []
    for pk, code, name, description, job_name in CompetencyUnit.objects.order_by(
        "code"
    ).values_list("pk", "code", "name", "description", "job__name"):
        lines = [job_name or "", *parts.get(pk, [])]
        # The importer may also join the elements into the description: add
        # only the lines the elements do not already give.
        known = set("\n".join(lines).splitlines())
        lines += [line for line in (description or "").splitlines() if line not in known]
        text = "\n".join(lines)
        docs.append(UnitDoc(code, name, text))
    return docs


def get_index() -> SuggestionIndex:
    """The process's index over the database taxonomy, rebuilt when it changed."""
    global _cached, _token_cache_loaded
    fingerprint = _fingerprint()
    cached = _cached
    if cached is not None and cached[0] == fingerprint:
        return cached[1]
    with _lock:
        cached = _cached
        if cached is not None and cached[0] == fingerprint:
            return cached[1]
        path = _token_cache_path()
        if path is not None and not _token_cache_loaded:
            _token_cache.load(path)
            _token_cache_loaded = True
        index = SuggestionIndex.build(unit_docs(), token_cache=_token_cache)
        _token_cache.prune()
        if path is not None:
            _token_cache.save(path)
        _cached = (fingerprint, index)
        return index


def reset_suggestion_index() -> None:
    """Forget the cached index (the next suggestion rebuilds it)."""
    global _cached
    with _lock:
        _cached = None


def suggest_units(text: str, *, k: int = 5) -> list[Suggestion]:
    """The k competency units of the database most likely meant by `text`."""
    if not normalize(text) or k <= 0:
        return []
    return get_index().suggest(text, k=k)


# --- the NCS export layout --------------------------------------------------


def docs_from_ncs_rows(rows: Iterable[dict[str, str]]) -> list[UnitDoc]:
    """UnitDocs from rows in the NCS정보망 export layout (one row per KSA item),
    with the same text as `unit_docs()` builds from the database."""
    units: dict[str, dict] = {}
    for row in rows:
        code = (row.get("능력단위분류번호") or "").strip()
        if not code:
            continue
        unit = units.setdefault(
            code,
            {"name": row["능력단위명칭"].strip(), "job": row["세분류코드명"].strip(), "el": {}},
        )
        element = unit["el"].setdefault(
            row["능력단위요소번호"].strip(),
            {"name": row["능력단위요소명"].strip(), "criteria": [], "ksa": []},
        )
        for key, value in (("criteria", "수행준거"), ("ksa", "지식기술태도의의")):
            text = (row.get(value) or "").strip()
            if text and text not in element[key]:
                element[key].append(text)
    docs = []
    for code, unit in units.items():
        lines = [unit["job"]]
        for element in unit["el"].values():
            lines += [element["name"], "\n".join(element["criteria"]), "\n".join(element["ksa"])]
        docs.append(UnitDoc(code, unit["name"], "\n".join(lines)))
    return docs


def docs_from_ncs_csv(path) -> list[UnitDoc]:
    import csv

    with open(path, encoding="utf-8-sig", newline="") as fh:
        return docs_from_ncs_rows(csv.DictReader(fh))
