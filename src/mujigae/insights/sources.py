"""Reading the source rows of the gap: hiring rows (demand) and cohorts (supply).

Which competency units a hiring row needs follows the competencies app's rule
(`mujigae.competencies.selectors.confirmed_units_for_hiring_rows`): the row's
text is split into tokens (`split_tokens`); a token that starts with an
existing unit code counts (`token_code`: the full code, or the 10-digit code,
which means the newest version of the unit);
units a person confirmed for the row (`UnitTag`, source "hiring") add to them.
That selector builds one model object per row, which is too slow for a
national recompute (a million rows), so the same rule is applied here with set
operations: every distinct text is parsed once, the codes are looked up in one
dictionary, the confirmed tags come in one query. `tests/insights` checks that
both give the same units.

Only rows of **submitted** responses count; drafts never do.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from django.db import connection
from django.db.models import F, QuerySet
from django.db.models.functions import Coalesce

from mujigae.competencies.models import CompetencyUnit
from mujigae.curriculum.models import Cohort, ModuleUnit
from mujigae.insights.gap import I64, DemandRows, SupplyRows, _distinct_sorted
from mujigae.surveys.models import HiringDemand

try:  # one splitting rule for both apps
    from mujigae.competencies.selectors import BARE_CODE, SPLIT, split_tokens
except ImportError:  # pragma: no cover - the competencies app always has them
    BARE_CODE = re.compile(r"^\d{10}$")
    SPLIT = _SPLIT = re.compile(r"[,;，、\n]+")

    def split_tokens(text: str) -> list[str]:
        return [t.strip() for t in _SPLIT.split(text or "") if t.strip()]


try:  # the code a token starts with ("1903060101_17v1 로봇 …" -> "1903060101_17v1")
    from mujigae.competencies.selectors import token_code
except ImportError:  # pragma: no cover - older competencies app: the token itself

    def token_code(token: str) -> str | None:
        return token


RESOLVER = "codes+confirmed"


def _separator_table(pattern: re.Pattern) -> list[str] | None:
    """When SPLIT is a plain class of characters, "[…]+", the characters other
    than the comma (each is replaced by a comma, then one str.split: much
    faster than the regex on a million texts); None otherwise (the regex)."""
    m = re.fullmatch(r"\[([^\]\\]|\\n)+\]\+", pattern.pattern)
    if not m:
        return None
    body = pattern.pattern[1:-2].replace("\\n", "\n")
    chars = set(body)
    if not all(pattern.fullmatch(c) for c in chars) or "," not in chars:
        return None
    return sorted(c for c in chars if c != ",")


_SEPARATORS = _separator_table(SPLIT)
_SEP_TOKEN = ","  # noqa: S105 - a separator, not a password


# ---------------------------------------------------------------- units


def code_index() -> dict[str, int]:
    """Every unit code -> unit id, and every 10-digit code -> its newest version."""
    index: dict[str, int] = {}
    newest: dict[str, tuple[str, int]] = {}
    for code, pk in CompetencyUnit.objects.values_list("code", "id").iterator(chunk_size=5000):
        index[code] = pk
        bare = code.split("_", 1)[0]
        newer = bare not in newest or code > newest[bare][0]
        if bare != code and BARE_CODE.match(bare) and newer:
            newest[bare] = (code, pk)
    for bare, (_code, pk) in newest.items():
        index.setdefault(bare, pk)
    return index


def confirmed_units(
    district_ids: Iterable[int] | None = None, row_ids: Iterable[int] | None = None
) -> dict[int, list[int]]:
    """{hiring row id: [unit ids a person confirmed]} (one query)."""
    try:
        from mujigae.competencies.models import TagSource, UnitTag
    except ImportError:  # pragma: no cover - older competencies app
        return {}
    qs = UnitTag.objects.filter(source_kind=TagSource.HIRING, source_id__isnull=False)
    if district_ids is not None:
        qs = qs.filter(district_id__in=list(district_ids))
    if row_ids is not None:
        qs = qs.filter(source_id__in=list(row_ids))
    out: dict[int, list[int]] = defaultdict(list)
    for source_id, unit_id in qs.order_by("confirmed_at", "pk").values_list("source_id", "unit_id"):
        if unit_id not in out[source_id]:
            out[source_id].append(unit_id)
    return dict(out)


@dataclass
class Parsed:
    units: tuple[int, ...]
    unknown: bool  # names a token that is not a unit code


class Resolver:
    """Units of hiring rows by the shared rule, each distinct text parsed once."""

    def __init__(
        self, confirmed: dict[int, list[int]] | None = None, index: dict[str, int] | None = None
    ):
        self.index = code_index() if index is None else index
        self.confirmed = confirmed or {}
        self._cache: dict[str, Parsed] = {}

    def parse(self, text: str) -> Parsed:
        hit = self._cache.get(text)
        if hit is None:
            units: dict[int, None] = {}
            unknown = False
            for token in split_tokens(text):
                code = token_code(token)
                pk = None if code is None else self.index.get(code)
                if pk is None:
                    unknown = True
                else:
                    units.setdefault(pk, None)
            hit = self._cache[text] = Parsed(tuple(units), unknown)
        return hit

    def units_of(self, row_id: int, text: str) -> tuple[int, ...]:
        units = self.parse(text).units
        extra = self.confirmed.get(row_id)
        if extra:
            units = tuple(dict.fromkeys(units + tuple(extra)))
        return units


# ---------------------------------------------------------------- demand


def submitted_hiring_rows(district_ids: Iterable[int] | None = None) -> QuerySet:
    qs = HiringDemand.objects.filter(response__is_submitted=True)
    if district_ids is not None:
        qs = qs.filter(district_id__in=list(district_ids))
    return qs


def _fetch(qs: QuerySet, fields: tuple) -> list[tuple]:
    """values_list rows through a plain cursor: a million rows without building
    a Python object per row beyond the tuple the driver returns."""
    sql, params = qs.values_list(*fields).order_by().query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


@dataclass
class DemandRead:
    rows: DemandRows
    hiring_rows: int
    without_unit: int
    with_unknown: int


class _TokenMap(dict):
    """raw token -> unit id (> 0), UNKNOWN (not a known code), BLANK, or MARK."""

    def __init__(self, index: dict[str, int]):
        super().__init__()
        self.index = index
        self[_SEP] = MARK

    def __missing__(self, raw: str) -> int:
        token = raw.strip()
        if not token:
            value = BLANK
        else:
            code = token_code(token)
            value = self.index.get(code, UNKNOWN) if code is not None else UNKNOWN
        self[raw] = value
        return value


_SEP = "\x1e"  # between texts; not a separator of tokens, so it stays a token
MARK, BLANK, UNKNOWN = -2, -1, 0


def parse_texts(texts: Sequence[str], index: dict[str, int]):
    """Units of many texts at once, by the shared rule (same result as
    `Resolver.parse` per text): one regex split over all of them, a dict
    lookup per token, numpy for the rest.

    Returns (text_of_pair, unit_of_pair, unknown_per_text): the distinct
    (text index, unit) pairs sorted by text, and whether a text names a token
    that is not a known code."""
    n = len(texts)
    if n == 0 or any(_SEP in t for t in texts):
        # the separator inside a text (never typed by a person): one by one
        resolver = Resolver(index=index)
        parsed = [resolver.parse(t) for t in texts]
        text_of = np.array([i for i, p in enumerate(parsed) for _ in p.units], dtype=I64)
        units = np.array([u for p in parsed for u in p.units], dtype=I64)
        return text_of, units, np.array([p.unknown for p in parsed], dtype=bool)
    joined = f"{_SEP_TOKEN}{_SEP}{_SEP_TOKEN}".join(texts)
    if _SEPARATORS is not None:  # a run of separators gives blank tokens: ignored
        for ch in _SEPARATORS:
            joined = joined.replace(ch, _SEP_TOKEN)
        parts = joined.split(_SEP_TOKEN)
    else:
        parts = SPLIT.split(joined)
    tokens = _TokenMap(index)
    vals = np.fromiter(map(tokens.__getitem__, parts), dtype=I64, count=len(parts))
    text_of = np.cumsum(vals == MARK)
    known = vals > 0
    unknown = np.bincount(text_of[vals == UNKNOWN], minlength=n)[:n] > 0
    width = int(vals.max()) + 1 if len(vals) else 1
    pairs = _distinct_sorted(text_of[known] * width + vals[known])
    return pairs // width, pairs % width, unknown


def read_demand(district_ids: Iterable[int] | None = None) -> DemandRead:
    """The submitted hiring rows of the districts as `gap.DemandRows`."""
    district_ids = None if district_ids is None else list(district_ids)
    fetched = _fetch(
        submitted_hiring_rows(district_ids),
        ("id", "district_id", "year", "headcount", "response__organisation_id", "competency_units"),
    )
    n = len(fetched)
    if n == 0:
        return DemandRead(DemandRows.empty(), 0, 0, 0)
    confirmed = confirmed_units(district_ids)
    ids, dist, year, head, org, texts = zip(*fetched, strict=True)
    del fetched
    # every row's text in one pass (deduplicating the texts first costs as
    # much as it saves: hashing a million strings ≈ splitting them)
    unit_row, unit_ids, unknown = parse_texts(texts, code_index())
    del texts
    counts = np.bincount(unit_row, minlength=n)[:n]
    # units a person confirmed add to the row's own
    has_extra = np.zeros(n, dtype=bool)
    if confirmed:
        id_arr = np.array(ids, dtype=I64)
        tagged = np.nonzero(np.isin(id_arr, np.fromiter(confirmed, dtype=I64)))[0]
        row_off = np.zeros(n + 1, dtype=I64)
        np.cumsum(counts, out=row_off[1:])
        extra_row, extra_unit = [], []
        for i in tagged.tolist():
            own = set(unit_ids[row_off[i] : row_off[i + 1]].tolist())
            for u in confirmed[int(id_arr[i])]:
                if u not in own:
                    own.add(u)
                    extra_row.append(i)
                    extra_unit.append(u)
                    has_extra[i] = True
        if extra_row:
            unit_row = np.concatenate((unit_row, np.array(extra_row, dtype=I64)))
            unit_ids = np.concatenate((unit_ids, np.array(extra_unit, dtype=I64)))
    rows = DemandRows(
        district=np.array(dist, dtype=I64),
        year=np.array(year, dtype=I64),
        headcount=np.array(head, dtype=I64),
        company=np.array([0 if o is None else o for o in org], dtype=I64),
        unit_row=unit_row,
        unit_ids=unit_ids,
    )
    return DemandRead(
        rows=rows,
        hiring_rows=n,
        without_unit=int(((counts == 0) & ~has_extra).sum()),
        with_unknown=int(unknown.sum()),
    )


# ---------------------------------------------------------------- supply


def cohorts(district_ids: Iterable[int] | None = None) -> QuerySet:
    qs = Cohort.objects.all()
    if district_ids is not None:
        qs = qs.filter(district_id__in=list(district_ids))
    return qs


def read_supply(district_ids: Iterable[int] | None = None) -> tuple[SupplyRows, int]:
    """The cohorts of the districts and the units of their programmes."""
    district_ids = None if district_ids is None else list(district_ids)
    qs = cohorts(district_ids).annotate(expected=Coalesce(F("completed"), F("enrolled")))
    rows = _fetch(qs, ("district_id", "year", "expected", "programme_id"))
    pairs_qs = ModuleUnit.objects.all()
    if district_ids is not None:
        pairs_qs = pairs_qs.filter(
            module__programme_id__in=cohorts(district_ids).values("programme_id")
        )
    pairs = _fetch(pairs_qs.distinct(), ("module__programme_id", "unit_id"))
    if not rows:
        return SupplyRows.empty(), 0
    d, y, e, p = zip(*rows, strict=True)
    pp, pu = zip(*pairs, strict=True) if pairs else ((), ())
    supply = SupplyRows(
        district=np.array(d, dtype=I64),
        year=np.array(y, dtype=I64),
        expected=np.array(e, dtype=I64),
        programme=np.array(p, dtype=I64),
        pair_programme=np.array(pp, dtype=I64),
        pair_unit=np.array(pu, dtype=I64),
    )
    return supply, len(rows)
