"""Access matrix part: the evaluation framework and the ministry's national view
(issue 16, docs/indicators.md, docs/national.md).

Product rules, written by hand:

* The framework is the ministry's: it reads and edits every year's (title,
  thresholds, areas, indicators, a copy for the next year) — the one place the
  ministry writes. Coordinators, schools and partners read the frameworks
  (what their district is graded on); companies and students nothing.
* The national comparison, its export, an indicator across districts and one
  district's evaluation: the ministry only (a district sees its own report and
  the national medians on it, never the other districts side by side).
* Nothing here belongs to one organisation: peers do what their role does.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from mujigae.reports.models import Framework
from tests.core.matrix_expect import COORDINATOR, MINISTRY, NOBODY, PARTNER, SCHOOL, Expect, R

YEAR = 2026  # shipped by the data migration
ONLY_MINISTRY = R({MINISTRY})
FRAMEWORK_READERS = R({COORDINATOR, SCHOOL, PARTNER, MINISTRY})

EXPECTED: dict[str, Expect] = {
    "national:frameworks": Expect(FRAMEWORK_READERS, NOBODY),
    # an empty POST: the form's errors (422), nothing saved
    "national:framework": Expect(FRAMEWORK_READERS, ONLY_MINISTRY, obj="framework_year"),
    "national:framework_copy": Expect(ONLY_MINISTRY, ONLY_MINISTRY, obj="framework_year"),
    "national:area_create": Expect(ONLY_MINISTRY, ONLY_MINISTRY, obj="framework_year"),
    "national:area_edit": Expect(ONLY_MINISTRY, ONLY_MINISTRY, obj="framework_area"),
    # POST only (GET: 405); an empty POST: 400 "up or down?"
    "national:area_move": Expect(ONLY_MINISTRY, ONLY_MINISTRY, obj="framework_area"),
    "national:indicator_create": Expect(ONLY_MINISTRY, ONLY_MINISTRY, obj="framework_year"),
    "national:indicator_edit": Expect(ONLY_MINISTRY, ONLY_MINISTRY, obj="framework_indicator"),
    # GET: the confirmation; an empty POST: the box not ticked (422)
    "national:indicator_delete": Expect(ONLY_MINISTRY, ONLY_MINISTRY, obj="framework_indicator"),
    "national:comparison": Expect(ONLY_MINISTRY, NOBODY),
    "national:comparison_xlsx": Expect(ONLY_MINISTRY, NOBODY),
    "national:indicator": Expect(ONLY_MINISTRY, NOBODY, obj="framework_indicator"),
    "national:district": Expect(ONLY_MINISTRY, NOBODY, obj="national_district"),
}

# the framework is national (the same rows for every district); a district's
# national page is the ministry's alone (anyone else: 403 on the route, whatever
# the district)
SHARED_KINDS: set[str] = {
    "framework_year",
    "framework_area",
    "framework_indicator",
    "national_district",
}
SECRETS: dict[str, set[str]] = {}
OWNED_KINDS: set[str] = set()


def build(world: Any, orgs: dict[str, Any]) -> dict[str, Callable[[str], Any]]:
    framework = Framework.objects.get(year=YEAR)
    area = framework.areas.order_by("order").first()
    indicator = area.indicators.order_by("order").first()
    return {
        "framework_year": lambda org: YEAR,
        "framework_area": lambda org: area.pk,
        "framework_indicator": lambda org: indicator.pk,
        "national_district": lambda org: world.district.pk,
    }
