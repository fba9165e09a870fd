"""Demo data of the skills-gap analysis: nothing to invent, only to compute.

The gap is derived from rows other loaders create (the surveys' hiring rows,
the competency map, the curriculum's programmes and cohorts), so this loader
just runs the national recompute once they are in. Run it after
`load_ansan_surveys()`, `load_ansan_competencies()` and `load_ansan_curriculum()`;
it is safe to run any number of times (each run replaces the figures)."""

from __future__ import annotations

from typing import TextIO

from mujigae.insights.models import GapRun
from mujigae.insights.services import gap_recompute


def load_ansan_insights(*, out: TextIO | None = None) -> GapRun:
    run = gap_recompute()
    if out is not None:
        out.write(
            f"skills gap: {run.figures:,} figures from {run.hiring_rows:,} hiring rows "
            f"({run.hiring_rows_without_unit:,} without a known unit) and "
            f"{run.cohorts:,} cohorts\n"
        )
    return run
