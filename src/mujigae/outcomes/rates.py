"""The outcome figures the ministry reads, as pure functions (plain data in and
out, no database), as the ministry defines them. See docs/outcomes.md.

* 취업률 = 취업자 ÷ (졸업자 − 진학자 − 입대자 − 제외인정자) × 100
* in-region employment rate = 취업자 working in the district ÷ 취업자 × 100
* 유지취업률 1차 / 2차 = 취업자 still insured 6 / 12 months later ÷ 취업자 × 100;
  the 24-month retention likewise. Only the employed whose follow-up is due
  count (before that the figure is not known yet: "—"); an overdue follow-up
  not done counts as not retained.
* further-study rate = 진학자 ÷ 졸업자 × 100
* settlement participation = graduates who joined a programme ÷ 졸업자 × 100

A rate whose denominator is 0 is None (shown as "—").
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

EMPLOYED = "employed"
FURTHER_STUDY = "further_study"
MILITARY = "military"
EXCLUDED = "excluded"
NOT_EMPLOYED = "not_employed"
STATUSES = (EMPLOYED, FURTHER_STUDY, MILITARY, EXCLUDED, NOT_EMPLOYED)

# National reference values, 2024 (facts.md).
NATIONAL_2024 = {"employment_rate": 55.3, "retention_6": 82.2, "retention_12": 66.2}


@dataclass(frozen=True)
class Graduate:
    """What the figures need to know about one graduate."""

    status: str
    in_district: bool = False  # employed at a workplace in the district on 1 April
    # still insured 6 / 12 / 24 months later: True or False once the follow-up
    # is due (an overdue one not done yet counts as False), None before that
    insured_6: bool | None = False
    insured_12: bool | None = False
    insured_24: bool | None = False
    studying_while_employed: bool = False  # 선취업 후진학
    settled: bool = False  # joined a settlement programme

    def __post_init__(self) -> None:
        if self.status not in STATUSES:
            raise ValueError(f"unknown status {self.status!r}")

    @property
    def employed(self) -> bool:
        return self.status == EMPLOYED


def rate(numerator: int, denominator: int) -> float | None:
    """numerator ÷ denominator × 100, rounded to one decimal; None when undefined."""
    if denominator <= 0:
        return None
    return round(numerator * 100 / denominator, 1)


# figure key -> (who is in the denominator, who counts in the numerator).
# For a plain count, the denominator is "everyone" and only the numerator is read.
def _all(g: Graduate) -> bool:
    return True


def _base(g: Graduate) -> bool:
    return g.status in (EMPLOYED, NOT_EMPLOYED)


FIGURES: dict[str, tuple] = {
    "graduates": (_all, _all),
    "further_study": (_all, lambda g: g.status == FURTHER_STUDY),
    "military": (_all, lambda g: g.status == MILITARY),
    "excluded": (_all, lambda g: g.status == EXCLUDED),
    "employed": (_all, lambda g: g.employed),
    "study_while_employed": (_all, lambda g: g.employed and g.studying_while_employed),
    # 졸업자 − 진학자 − 입대자 − 제외인정자 = the employed and the not employed
    "employment_rate": (_base, lambda g: g.employed),
    "in_region_rate": (lambda g: g.employed, lambda g: g.employed and g.in_district),
    # of the employed whose follow-up is due (a figure not due yet is "—")
    "retention_6": (lambda g: g.employed and g.insured_6 is not None, lambda g: bool(g.insured_6)),
    "retention_12": (
        lambda g: g.employed and g.insured_12 is not None,
        lambda g: bool(g.insured_12),
    ),
    "retention_24": (
        lambda g: g.employed and g.insured_24 is not None,
        lambda g: bool(g.insured_24),
    ),
    "further_study_rate": (_all, lambda g: g.status == FURTHER_STUDY),
    "settlement_rate": (_all, lambda g: g.settled),
}
COUNTS = ("graduates", "further_study", "military", "excluded", "employed", "study_while_employed")
RATES = (
    "employment_rate",
    "in_region_rate",
    "retention_6",
    "retention_12",
    "retention_24",
    "further_study_rate",
    "settlement_rate",
)


@dataclass
class Figures:
    counts: dict[str, int] = field(default_factory=dict)
    rates: dict[str, float | None] = field(default_factory=dict)
    numerators: dict[str, int] = field(default_factory=dict)
    denominators: dict[str, int] = field(default_factory=dict)

    def __getitem__(self, key: str):
        return self.counts[key] if key in self.counts else self.rates[key]


def figures(graduates: Iterable[Graduate]) -> Figures:
    """Every count and rate of one group of graduates (a school and year, a district …)."""
    items = list(graduates)
    out = Figures()
    for key, (in_denominator, counted) in FIGURES.items():
        den = [g for g in items if in_denominator(g)]
        num = sum(1 for g in den if counted(g))
        out.numerators[key] = num
        out.denominators[key] = len(den)
        if key in COUNTS:
            out.counts[key] = num
        else:
            out.rates[key] = rate(num, len(den))
    return out


def members(key: str, graduate: Graduate) -> tuple[bool, bool]:
    """(in the denominator, counted in the numerator) of figure `key` for one graduate:
    what the drill-down list shows."""
    in_denominator, counted = FIGURES[key]
    inside = in_denominator(graduate)
    return inside, inside and counted(graduate)
