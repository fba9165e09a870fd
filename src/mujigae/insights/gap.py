"""The skills-gap arithmetic: plain arrays in, plain arrays out, no Django.

Definitions (docs/gap.md says the same for people; the gap page shows them):

* **demand** of unit *u* in district *d*, year *y* = the sum of `headcount` over
  the hiring rows (of submitted survey responses) of *d* and *y* that need *u*.
  A row needing several units counts in full for each of them.
* **supply** of *u* in *d*, *y* = the sum of expected completers (completed, or
  enrolled while `completed` is empty) over the cohorts of *d* and *y* whose
  programme covers *u* in at least one module; a cohort counts once per
  distinct unit, however many modules cover it.
* **gap** = demand − supply (positive: a shortage; negative: a surplus).
* **coverage** = supply ÷ demand; undefined (None, shown "—") when demand is 0.
* **location quotient** (LQ) = (d's demand for u ÷ d's total demand) ÷
  (national demand for u ÷ national total demand), all in year *y*, where a
  total demand is the sum of unit demand over every unit. LQ > 1: the unit
  weighs more in the district's demand than in the nation's. Undefined when the
  district has no demand that year or the nation has none for the unit. The
  national roll-up has no LQ (it would be 1 by definition).
* the **national roll-up** of u, y sums demand, supply, companies, hiring rows
  and cohorts over the districts (a company belongs to one district).

Two steps, so a recompute of some districts can reuse the stored cells of the
others: `district_cells(demand, supply)` aggregates source rows to cells,
`finish(cells)` adds gap, coverage, LQ and the national rows.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

import numpy as np

NATIONAL = 0  # the district id of national roll-up rows (real ids start at 1)

I64 = np.int64


# ---------------------------------------------------------------- one cell


def gap_of(demand: int, supply: int) -> int:
    """demand − supply: positive is a shortage, negative a surplus."""
    return int(demand) - int(supply)


def coverage_of(supply: int, demand: int) -> float | None:
    """supply ÷ demand; None when nobody asked for the unit (demand 0)."""
    return None if demand == 0 else supply / demand


def lq_of(
    district_unit: int, district_total: int, national_unit: int, national_total: int
) -> float | None:
    """(district_unit ÷ district_total) ÷ (national_unit ÷ national_total).

    None when a share is undefined: the district had no demand at all, or the
    nation had none for this unit (then the district had none either)."""
    if district_total == 0 or national_unit == 0 or national_total == 0:
        return None
    return (district_unit / district_total) / (national_unit / national_total)


# ---------------------------------------------------------------- inputs


@dataclass(frozen=True)
class DemandRows:
    """Hiring rows: one entry per row (district, year, headcount, company), and
    one entry per (row, unit) it needs: ``unit_row[k]`` is the row's index,
    ``unit_ids[k]`` the unit; a unit appears once per row."""

    district: np.ndarray
    year: np.ndarray
    headcount: np.ndarray
    company: np.ndarray
    unit_row: np.ndarray
    unit_ids: np.ndarray

    @classmethod
    def from_rows(cls, rows: list[tuple[int, int, int, int, list[int]]]) -> DemandRows:
        """[(district, year, headcount, company, [unit, ...]), ...] (for tests and small data)."""
        units = [list(dict.fromkeys(r[4])) for r in rows]
        return cls(
            district=np.array([r[0] for r in rows], dtype=I64),
            year=np.array([r[1] for r in rows], dtype=I64),
            headcount=np.array([r[2] for r in rows], dtype=I64),
            company=np.array([r[3] for r in rows], dtype=I64),
            unit_row=np.array([i for i, us in enumerate(units) for _ in us], dtype=I64),
            unit_ids=np.array([u for us in units for u in us], dtype=I64),
        )

    @classmethod
    def empty(cls) -> DemandRows:
        return cls.from_rows([])


@dataclass(frozen=True)
class SupplyRows:
    """Cohorts (one entry each: district, year, expected completers, programme)
    and the distinct (programme, unit) pairs of the programmes' modules."""

    district: np.ndarray
    year: np.ndarray
    expected: np.ndarray
    programme: np.ndarray
    pair_programme: np.ndarray
    pair_unit: np.ndarray

    @classmethod
    def from_rows(
        cls, cohorts: list[tuple[int, int, int, int]], pairs: list[tuple[int, int]]
    ) -> SupplyRows:
        """cohorts: [(district, year, expected, programme)]; pairs: [(programme, unit)]."""
        pairs = list(dict.fromkeys(pairs))
        return cls(
            district=np.array([c[0] for c in cohorts], dtype=I64),
            year=np.array([c[1] for c in cohorts], dtype=I64),
            expected=np.array([c[2] for c in cohorts], dtype=I64),
            programme=np.array([c[3] for c in cohorts], dtype=I64),
            pair_programme=np.array([p[0] for p in pairs], dtype=I64),
            pair_unit=np.array([p[1] for p in pairs], dtype=I64),
        )

    @classmethod
    def empty(cls) -> SupplyRows:
        return cls.from_rows([], [])


# ---------------------------------------------------------------- outputs

CELL_FIELDS = (
    "district",
    "unit",
    "year",
    "demand",
    "supply",
    "companies",
    "hiring_rows",
    "cohorts",
)


@dataclass
class Cells:
    """Per (district, unit, year): the counted inputs, sorted by the key."""

    district: np.ndarray
    unit: np.ndarray
    year: np.ndarray
    demand: np.ndarray
    supply: np.ndarray
    companies: np.ndarray  # distinct companies behind the demand
    hiring_rows: np.ndarray
    cohorts: np.ndarray

    def __len__(self) -> int:
        return len(self.district)

    @classmethod
    def empty(cls) -> Cells:
        return cls(*(np.zeros(0, dtype=I64) for _ in CELL_FIELDS))

    @classmethod
    def concat(cls, parts: list[Cells]) -> Cells:
        parts = [p for p in parts if len(p)] or [cls.empty()]
        return cls(*(np.concatenate([getattr(p, f) for p in parts]) for f in CELL_FIELDS))


@dataclass
class Figures(Cells):
    """Cells plus gap, coverage and LQ (NaN = undefined); district 0 = national."""

    gap: np.ndarray = None  # type: ignore[assignment]
    coverage: np.ndarray = None  # type: ignore[assignment]
    lq: np.ndarray = None  # type: ignore[assignment]

    def rows(self, *extra):
        """Plain tuples (district or None, unit, year, demand, supply, gap,
        coverage or None, lq or None, companies, hiring_rows, cohorts, *extra)."""
        cov = [None if math.isnan(v) else v for v in self.coverage.tolist()]
        lq = [None if math.isnan(v) else v for v in self.lq.tolist()]
        dist = [None if d == NATIONAL else d for d in self.district.tolist()]
        return zip(
            dist,
            self.unit.tolist(),
            self.year.tolist(),
            self.demand.tolist(),
            self.supply.tolist(),
            self.gap.tolist(),
            cov,
            lq,
            self.companies.tolist(),
            self.hiring_rows.tolist(),
            self.cohorts.tolist(),
            *(itertools.repeat(x, len(dist)) for x in extra),
            strict=True,
        )


# ---------------------------------------------------------------- step 1


def _dense(a: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(sorted distinct values, index of each entry among them) for small
    non-negative ints (ids, years, cell keys): O(n + max) with bincount,
    much faster than np.unique on millions of entries."""
    if len(a) == 0:
        return np.zeros(0, dtype=I64), np.zeros(0, dtype=I64)
    vals = np.flatnonzero(np.bincount(a)).astype(I64)
    lut = np.zeros(int(vals[-1]) + 1, dtype=I64)
    lut[vals] = np.arange(len(vals), dtype=I64)
    return vals, lut[a]


def _distinct_sorted(a: np.ndarray) -> np.ndarray:
    """The distinct values of a (any int64 range), sorted."""
    if len(a) == 0:
        return a
    s = np.sort(a)
    keep = np.empty(len(s), dtype=bool)
    keep[0] = True
    np.not_equal(s[1:], s[:-1], out=keep[1:])
    return s[keep]


def _expand_demand(d: DemandRows):
    """One entry per (row, unit): district, unit, year, headcount, company."""
    r = d.unit_row
    return d.district[r], d.unit_ids, d.year[r], d.headcount[r], d.company[r]


def _expand_supply(s: SupplyRows):
    """One entry per (cohort, distinct unit of its programme)."""
    if len(s.programme) == 0 or len(s.pair_programme) == 0:
        z = np.zeros(0, dtype=I64)
        return z, z, z, z
    order = np.argsort(s.pair_programme, kind="stable")
    pp, pu = s.pair_programme[order], s.pair_unit[order]
    start = np.searchsorted(pp, s.programme, side="left")
    stop = np.searchsorted(pp, s.programme, side="right")
    counts = stop - start
    total = int(counts.sum())
    # positions start[i] .. stop[i]-1 for every cohort i, flattened
    first = np.repeat(start - np.concatenate(([0], np.cumsum(counts)[:-1])), counts)
    idx = first + np.arange(total, dtype=I64)
    return (
        np.repeat(s.district, counts),
        pu[idx],
        np.repeat(s.year, counts),
        np.repeat(s.expected, counts),
    )


def district_cells(demand: DemandRows, supply: SupplyRows) -> Cells:
    """Aggregate the source rows into cells (district, unit, year)."""
    dd, du, dy, dh, dc = _expand_demand(demand)
    sd, su, sy, se = _expand_supply(supply)
    dist = np.concatenate((dd, sd))
    unit = np.concatenate((du, su))
    year = np.concatenate((dy, sy))
    if len(dist) == 0:
        return Cells.empty()
    # a dense key per (district, unit, year)
    d_vals, d_idx = _dense(dist)
    u_vals, u_idx = _dense(unit)
    y_vals, y_idx = _dense(year)
    nu, ny = len(u_vals), len(y_vals)
    key = (d_idx * nu + u_idx) * ny + y_idx
    keys, cell = _dense(key)
    n = len(keys)
    nd = len(dd)
    dcell, scell = cell[:nd], cell[nd:]
    demand_sum = np.bincount(dcell, weights=dh, minlength=n).astype(I64)
    rows = np.bincount(dcell, minlength=n).astype(I64)
    supply_sum = np.bincount(scell, weights=se, minlength=n).astype(I64)
    cohorts = np.bincount(scell, minlength=n).astype(I64)
    if nd:
        c_vals, c_idx = _dense(dc)
        pairs = _distinct_sorted(dcell * len(c_vals) + c_idx)
        companies = np.bincount(pairs // len(c_vals), minlength=n).astype(I64)
    else:
        companies = np.zeros(n, dtype=I64)
    y_of = keys % ny
    u_of = (keys // ny) % nu
    d_of = keys // (ny * nu)
    return Cells(
        district=d_vals[d_of].astype(I64),
        unit=u_vals[u_of].astype(I64),
        year=y_vals[y_of].astype(I64),
        demand=demand_sum,
        supply=supply_sum,
        companies=companies,
        hiring_rows=rows,
        cohorts=cohorts,
    )


# ---------------------------------------------------------------- step 2


def _group_sum(keys: np.ndarray, *values: np.ndarray):
    uniq, inv = _dense(keys)
    sums = [np.bincount(inv, weights=v, minlength=len(uniq)).astype(I64) for v in values]
    return uniq, inv, sums


def finish(cells: Cells) -> Figures:
    """Gap, coverage and LQ for every district cell, plus the national rows."""
    if len(cells) == 0:
        e = Cells.empty()
        nan = np.zeros(0, dtype=float)
        return Figures(*(getattr(e, f) for f in CELL_FIELDS), gap=e.demand, coverage=nan, lq=nan)
    years = cells.year
    y_vals, y_idx = _dense(years)
    u_vals, u_idx = _dense(cells.unit)
    ny = len(y_vals)
    # national per (unit, year)
    uy_key = u_idx * ny + y_idx
    nkeys, n_inv, (n_dem, n_sup, n_comp, n_rows, n_coh) = _group_sum(
        uy_key, cells.demand, cells.supply, cells.companies, cells.hiring_rows, cells.cohorts
    )
    # totals per (district, year) and per year
    dy_key = cells.district * ny + y_idx
    _, dy_inv, (d_total,) = _group_sum(dy_key, cells.demand)
    nat_total = np.bincount(y_idx, weights=cells.demand, minlength=ny)

    dem = cells.demand.astype(float)
    dist_total = d_total[dy_inv].astype(float)
    nat_unit = n_dem[n_inv].astype(float)
    nat_tot = nat_total[y_idx]
    with np.errstate(divide="ignore", invalid="ignore"):
        share_d = np.where(dist_total > 0, dem / dist_total, np.nan)
        share_n = np.where((nat_unit > 0) & (nat_tot > 0), nat_unit / nat_tot, np.nan)
        lq = share_d / share_n
        coverage = np.where(dem > 0, cells.supply / dem, np.nan)
    lq = np.where(np.isfinite(lq), lq, np.nan)

    n = len(nkeys)
    n_year = y_vals[nkeys % ny]
    n_unit = u_vals[nkeys // ny]
    with np.errstate(divide="ignore", invalid="ignore"):
        n_cov = np.where(n_dem > 0, n_sup / np.maximum(n_dem, 1), np.nan)
    return Figures(
        district=np.concatenate((cells.district, np.full(n, NATIONAL, dtype=I64))),
        unit=np.concatenate((cells.unit, n_unit.astype(I64))),
        year=np.concatenate((cells.year, n_year.astype(I64))),
        demand=np.concatenate((cells.demand, n_dem)),
        supply=np.concatenate((cells.supply, n_sup)),
        companies=np.concatenate((cells.companies, n_comp)),
        hiring_rows=np.concatenate((cells.hiring_rows, n_rows)),
        cohorts=np.concatenate((cells.cohorts, n_coh)),
        gap=np.concatenate((cells.demand - cells.supply, n_dem - n_sup)),
        coverage=np.concatenate((coverage, n_cov)),
        lq=np.concatenate((lq, np.full(n, np.nan))),
    )


def compute(demand: DemandRows, supply: SupplyRows) -> Figures:
    """Both steps at once: source rows in, every figure out."""
    return finish(district_cells(demand, supply))


# ---------------------------------------------------------------- the peer


def compute_naive(
    demand: list[tuple[int, int, int, int, list[int]]],
    cohorts: list[tuple[int, int, int, int]],
    pairs: list[tuple[int, int]],
) -> dict[tuple[int, int, int], dict]:
    """The same figures with dicts and loops (the benchmark's peer and the
    tests' oracle): {(district or 0, unit, year): {demand, supply, gap,
    coverage, lq, companies, hiring_rows, cohorts}}."""
    cells: dict[tuple[int, int, int], dict] = {}

    def cell(key):
        return cells.setdefault(
            key,
            {"demand": 0, "supply": 0, "companies": set(), "hiring_rows": 0, "cohorts": 0},
        )

    for d, y, h, c, units in demand:
        for u in dict.fromkeys(units):
            x = cell((d, u, y))
            x["demand"] += h
            x["hiring_rows"] += 1
            x["companies"].add(c)
    units_of: dict[int, set[int]] = {}
    for p, u in pairs:
        units_of.setdefault(p, set()).add(u)
    for d, y, e, p in cohorts:
        for u in units_of.get(p, ()):
            x = cell((d, u, y))
            x["supply"] += e
            x["cohorts"] += 1
    d_total: dict[tuple[int, int], int] = {}
    n_unit: dict[tuple[int, int], dict] = {}
    n_total: dict[int, int] = {}
    for (d, u, y), x in cells.items():
        d_total[(d, y)] = d_total.get((d, y), 0) + x["demand"]
        n_total[y] = n_total.get(y, 0) + x["demand"]
        nx = n_unit.setdefault(
            (u, y), {"demand": 0, "supply": 0, "companies": 0, "hiring_rows": 0, "cohorts": 0}
        )
        for k in ("demand", "supply", "hiring_rows", "cohorts"):
            nx[k] += x[k]
        nx["companies"] += len(x["companies"])
    out: dict[tuple[int, int, int], dict] = {}
    for (d, u, y), x in cells.items():
        out[(d, u, y)] = {
            "demand": x["demand"],
            "supply": x["supply"],
            "gap": gap_of(x["demand"], x["supply"]),
            "coverage": coverage_of(x["supply"], x["demand"]),
            "lq": lq_of(x["demand"], d_total[(d, y)], n_unit[(u, y)]["demand"], n_total[y]),
            "companies": len(x["companies"]),
            "hiring_rows": x["hiring_rows"],
            "cohorts": x["cohorts"],
        }
    for (u, y), nx in n_unit.items():
        out[(NATIONAL, u, y)] = {
            **nx,
            "gap": gap_of(nx["demand"], nx["supply"]),
            "coverage": coverage_of(nx["supply"], nx["demand"]),
            "lq": None,
        }
    return out
