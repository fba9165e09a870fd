"""Stable matching of students to placement slots: pure Python and numpy, no Django.

    from mujigae.matching import Instance, stable_matching, explain, blocking_pairs

    instance = Instance.from_data(data)         # raises InstanceError listing every problem
    result = stable_matching(instance, forbidden={("s1", "slot-3"): "certificate_required"})
    result.assignments                          # {student id: slot id or None}
    explain(result)                             # why not each higher choice
    blocking_pairs(result)                      # [] for the stable matching
    welfare_optimal(instance).assignments       # max placed, then min sum of ranks

See docs/matching.md.
"""

from mujigae.matching.analysis import (
    Explanation,
    blocking_pairs,
    explain,
    summary,
    validity_problems,
)
from mujigae.matching.engine import Acceptability, Matching, stable_matching
from mujigae.matching.instance import Forbidden, Instance, InstanceError, Problem
from mujigae.matching.welfare import WelfareAssignment, welfare_optimal

__all__ = [
    "Acceptability",
    "Explanation",
    "Forbidden",
    "Instance",
    "InstanceError",
    "Matching",
    "Problem",
    "WelfareAssignment",
    "blocking_pairs",
    "explain",
    "stable_matching",
    "summary",
    "validity_problems",
    "welfare_optimal",
]
