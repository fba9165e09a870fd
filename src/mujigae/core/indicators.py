"""The figures a district is evaluated on, each computed by the app that owns its
rows: the evaluation framework (`mujigae.reports`) names a *measure* by its key,
the app declares how to compute it. Each app declares its measures in an
`indicators.py` module, discovered like `access.py` and `inbox.py` (core imports
no app)::

    from mujigae.core import indicators

    @indicators.measure(
        "outcomes.employment_rate",
        label=_("Employment rate"),
        unit=indicators.PERCENT,
        area="pathway",
        how=_("Graduates covered by employment insurance on 1 April ÷ (graduates − …)"),
        rows=lambda district_id, year: reverse("outcomes:graduates") + f"?year={year}",
    )
    def _employment_rate(district_ids, years):   # -> {(district_id, year): Figure}
        ...

A measure is computed for many districts and years at once, in a number of
queries that does not grow with the districts, the years or the rows (the
ministry's comparison asks every district for five years on one page). A
(district, year) with no data at all is left out of the answer, or given
`Figure(None)`; the report says "아직 자료 없음" for it.

`area` is where the shipped framework puts the measure: one of AREAS (the three
core tasks the ministry reviews, `shared/facts.md`). `how` is the "how
computed" note: it names the rows the figure is made of; `rows(district_id,
year)` is the page of mujigae that lists those rows (None when none does).
"""

from __future__ import annotations

import contextvars
import hashlib
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

PERCENT = "percent"  # 0–100, one decimal
COUNT = "count"  # a whole number of things (명, 건, 개)
WON = "won"  # an amount in won, an integer
HOURS = "hours"
UNITS = (PERCENT, COUNT, WON, HOURS)

# The three core tasks districts are reviewed on (shared/facts.md)
COOPERATION = "cooperation"  # 협력체계 구축
PATHWAY = "pathway"  # 지역인재 성장경로
FOUNDATION = "foundation"  # 지속가능 혁신기반
AREAS = (COOPERATION, PATHWAY, FOUNDATION)


@dataclass(frozen=True)
class Figure:
    """One measure's value for one district and year.

    `numerator`/`denominator` for a rate (shown as "48 / 60명"), `people` the
    number of persons behind the figure when it is made of persons' rows (the
    ministry sees a figure of fewer than MUJIGAE_SUPPRESS_BELOW people
    suppressed), `note` a short Korean remark for the report."""

    value: Decimal | int | None
    numerator: int | None = None
    denominator: int | None = None
    people: int | None = None
    note: str = ""


Compute = Callable[[Sequence[int], Sequence[int]], Mapping[tuple[int, int], Figure]]


@dataclass(frozen=True)
class Measure:
    key: str
    label: Any  # a lazy translation
    unit: str
    area: str
    how: Any
    compute: Compute
    rows: Callable[[int, int], str | None] | None = None
    higher_is_better: bool = True
    order: int = 0

    def figures(
        self, district_ids: Iterable[int], years: Iterable[int], *, max_age: int = 0
    ) -> dict[tuple[int, int], Figure]:
        """The measure for every (district, year) asked. `max_age` > 0: an
        answer computed within that many seconds may be reused (the shared
        cache; pages that compare districts), 0: computed now (a report)."""
        ids, yrs = sorted(set(district_ids)), sorted(set(years))
        if not ids or not yrs:
            return {}
        if max_age <= 0:
            return dict(self.compute(ids, yrs))
        from django.core.cache import cache

        digest = hashlib.sha256(repr((ids, yrs)).encode()).hexdigest()[:24]
        key = f"mujigae:measure:{self.key}:{digest}"
        found = cache.get(key)
        if found is None:
            found = dict(self.compute(ids, yrs))
            cache.set(key, found, max_age)
        return found

    def rows_url(self, district_id: int, year: int) -> str | None:
        return self.rows(district_id, year) if self.rows else None


MEASURES: dict[str, Measure] = {}

# Several measures of one app may share one expensive read (the outcomes rates
# all come from the same graduates): inside `shared()`, `memo(key, fn)` runs fn
# once and hands its answer to the others (evaluate() opens it).
_memo: contextvars.ContextVar[dict | None] = contextvars.ContextVar("measures_memo", default=None)


@contextmanager
def shared() -> Iterator[None]:
    token = _memo.set({})
    try:
        yield
    finally:
        _memo.reset(token)


def memo(key: Hashable, fn: Callable[[], Any]) -> Any:
    store = _memo.get()
    if store is None:
        return fn()
    if key not in store:
        store[key] = fn()
    return store[key]


def measure(
    key: str,
    *,
    label: Any,
    unit: str,
    area: str,
    how: Any,
    rows: Callable[[int, int], str | None] | None = None,
    higher_is_better: bool = True,
    order: int = 0,
) -> Callable[[Compute], Compute]:
    """Declare a measure (see the module's docstring)."""
    if unit not in UNITS:
        raise ValueError(f"unknown unit {unit!r}")
    if area not in AREAS:
        raise ValueError(f"unknown area {area!r}")

    def register(fn: Compute) -> Compute:
        MEASURES[key] = Measure(
            key=key,
            label=label,
            unit=unit,
            area=area,
            how=how,
            compute=fn,
            rows=rows,
            higher_is_better=higher_is_better,
            order=order,
        )
        return fn

    return register


def get(key: str) -> Measure | None:
    return MEASURES.get(key)


def all_measures() -> list[Measure]:
    return sorted(MEASURES.values(), key=lambda m: (AREAS.index(m.area), m.order, m.key))


def rate(numerator: int, denominator: int, *, persons: bool = True) -> Figure:
    """A percentage with one decimal (half up), or no value when nothing is
    counted: the one rounding every rate indicator uses. `persons`: the
    denominator counts persons (graduates …), so a small one is suppressed
    for the ministry; False for companies, invitations, won, hours."""
    people = denominator if persons else None
    if not denominator:
        return Figure(
            None, numerator=numerator, denominator=denominator, people=0 if persons else None
        )
    value = (Decimal(numerator) * 100 / Decimal(denominator)).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP
    )
    return Figure(value, numerator=numerator, denominator=denominator, people=people)


def count(value: int, *, people: int | None = None, note: str = "") -> Figure:
    return Figure(int(value), people=people, note=note)
