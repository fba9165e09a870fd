"""The welfare-optimal assignment, for comparison with the stable matching.

Definition: among the assignments that use only acceptable pairs (each lists
the other, no rule of the caller forbids it) and respect capacities, the one
that places **as many students as possible** and, among those, **minimises the
sum of the students' ranks** of the slot they get (1 = their first choice).
The slots' rankings count only as acceptability: a welfare-optimal assignment
may leave blocking pairs (a student and a slot that would both rather be
together), which is why the stable matching is what is published and this is
shown beside it.

Solved as a min-cost max-flow with OR-Tools (`SimpleMinCostFlow`, cost
scaling): source -> student (capacity 1, cost 0), student -> slot for every
acceptable pair (capacity 1, cost = the student's rank of the slot),
slot -> sink (capacity = the slot's places, cost 0). With integer costs the
optimum is integral, so the flow is an assignment. Among several optima,
which one comes out is the solver's choice.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from mujigae.matching.engine import Acceptability, ForbiddenLike, Matching, assignments_of
from mujigae.matching.instance import Id, Instance


class WelfareError(RuntimeError):
    pass


@dataclass(frozen=True, eq=False)
class WelfareAssignment:
    instance: Instance
    acceptability: Acceptability
    slot_of: np.ndarray  # (n,) slot number or -1
    total_rank: int  # the minimised sum of ranks (1-based) of the placed students

    @property
    def assignments(self) -> dict[Id, Id | None]:
        return assignments_of(self.instance, self.slot_of)

    def as_matching(self) -> Matching:
        """The same assignment in the shape the analysis functions take."""
        return Matching(self.instance, self.acceptability, self.slot_of)


def welfare_optimal(instance: Instance, forbidden: ForbiddenLike = None) -> WelfareAssignment:
    from ortools.graph.python import min_cost_flow

    acc = Acceptability.of(instance, forbidden)
    n, m = instance.n_students, instance.n_slots
    source, sink = n + m, n + m + 1
    entries = np.flatnonzero(acc.acceptable)
    student = acc.entry_student[entries]
    slot = instance.student_pref[entries].astype(np.int64)
    rank = entries - instance.student_ptr[student] + 1
    students = np.arange(n, dtype=np.int64)
    slots = np.arange(m, dtype=np.int64)
    tails = np.concatenate((np.full(n, source), student, n + slots))
    heads = np.concatenate((students, n + slot, np.full(m, sink)))
    caps = np.concatenate((np.ones(n + len(entries), dtype=np.int64), instance.capacity))
    costs = np.concatenate((np.zeros(n, dtype=np.int64), rank, np.zeros(m, dtype=np.int64)))
    smcf = min_cost_flow.SimpleMinCostFlow()
    arcs = smcf.add_arcs_with_capacity_and_unit_cost(tails, heads, caps, costs)
    smcf.set_nodes_supplies(np.array([source, sink]), np.array([n, -n]))
    status = smcf.solve_max_flow_with_min_cost()
    if status != smcf.OPTIMAL:
        raise WelfareError(f"min-cost flow failed: status {status}")
    pair_arcs = np.asarray(arcs)[n : n + len(entries)]
    used = smcf.flows(pair_arcs) > 0
    slot_of = np.full(n, -1, dtype=np.int64)
    slot_of[student[used]] = slot[used]
    return WelfareAssignment(instance, acc, slot_of, int(smcf.optimal_cost()))
