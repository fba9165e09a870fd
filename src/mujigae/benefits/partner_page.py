"""What the benefits add to the partners app's pages (partners.extensions):

* the organisation page of a company: this year's grants, beside the trainees
  it hosted and the completers it hired this year (counts) — for those who
  may read its ledger (the district's coordinators, the company itself);
  nobody else gets the section;
* the directory's filter "올해 혜택 받음" (an approved or paid grant this
  year): for the coordinators only (schools and partners see nothing of
  other companies' grants)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mujigae.benefits import eligibility, selectors
from mujigae.benefits.models import ConditionKind
from mujigae.partners import extensions
from mujigae.partners.models import OrgKind


def organisation_section(user: Any, org: Any) -> dict | None:
    if org.kind != OrgKind.COMPANY:
        return None
    if not (user.is_coordinator or (user.is_company and user.organisation_id == org.pk)):
        return None
    year = timezone.localdate().year
    facts = eligibility.collect_facts(
        district_id=org.district_id,
        kinds={ConditionKind.HOSTED, ConditionKind.HIRED},
        years={year},
        on=timezone.localdate(),
        company_ids=[org.pk],
    )
    return {
        "template": "benefits/_organisation.html",
        "benefit_year": year,
        "benefit_grants": selectors.company_grants(user=user, company_id=org.pk, year=year),
        "benefit_hosted": facts.counts[ConditionKind.HOSTED].get(org.pk, {}).get(year, 0),
        "benefit_hired": facts.counts[ConditionKind.HIRED].get(org.pk, {}).get(year, 0),
    }


def register() -> None:
    extensions.register_section(organisation_section)
    extensions.register_filter(
        "benefit_this_year",
        _("Received a benefit this year"),
        shown=lambda user: user.is_coordinator,
        ids=lambda user: selectors.received_this_year(user=user),
    )
