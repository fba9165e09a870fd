"""Access rules of the benefits (MOU clause 4). See docs/benefits.md.

* The catalogue (benefits and their conditions) is read by the district's
  members (coordinator, schools, companies, partners); the coordinators edit it.
* Who qualifies (every company's verdict and evidence): the coordinators. A
  company reads its own verdict and evidence only (another company's: 404).
* The ledger (grants and their history): the coordinators all of their
  district's; a company its own grants; schools, partners and students
  nothing of it (a company's grants are its own business); a company reading
  another company's grant: 404.
* A company applies for itself (a coordinator may record a company's
  application); the coordinators approve, reject, pay and
  withdraw.
* The ministry reads the national totals per district and kind
  (`benefits:national`), never a company's grant.
"""

from __future__ import annotations

from django.db.models import Q

from mujigae.benefits.models import Benefit, Condition, Grant, GrantEvent
from mujigae.core import policy
from mujigae.core.policy import COMPANY, COORD, DISTRICT_MEMBERS, MINISTRY, rule

COMPANIES = frozenset({COMPANY})
LEDGER = COORD | COMPANIES

policy.register_routes(
    {
        "benefits:catalogue": rule(DISTRICT_MEMBERS),
        "benefits:benefit_create": rule(COORD, COORD),
        "benefits:benefit_detail": rule(DISTRICT_MEMBERS),
        "benefits:benefit_edit": rule(COORD, COORD),
        "benefits:benefit_delete": rule(COORD, COORD),
        "benefits:condition_add": rule(COORD, COORD),
        "benefits:condition_edit": rule(COORD, COORD),
        "benefits:condition_delete": rule(COORD, COORD),
        "benefits:qualifying": rule(COORD, note="every company's verdict"),
        "benefits:evidence": rule(LEDGER, note="a company: its own evidence only"),
        "benefits:apply": rule(LEDGER, LEDGER, "a company for itself; a coordinator for a company"),
        "benefits:ledger": rule(LEDGER, note="a company: its own grants"),
        "benefits:grant_detail": rule(LEDGER, note="a company: its own grants"),
        "benefits:grant_move": rule(COORD, COORD),
        "benefits:national": rule(frozenset({MINISTRY}), note="totals per district and kind"),
    }
)

policy.register_scope(Benefit, policy.district_readers("district", DISTRICT_MEMBERS))
policy.register_scope(Condition, policy.children_of(Benefit, "benefit"))
policy.register_scope(Grant, policy.organisation_rows(lambda org: Q(company_id=org)))
policy.register_scope(GrantEvent, policy.children_of(Grant, "grant"))
