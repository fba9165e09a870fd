"""What the benefits owe on the home page (docs/inbox.md, docs/benefits.md).

* A company: "신청할 수 있는 혜택 N건" — benefits running this year whose
  conditions it meets and for which it has no live grant yet; opens the
  benefits page (its verdicts and the apply buttons).
* A coordinator: the applications waiting for a decision and the approved
  grants waiting to be paid; opens the ledger filtered to them.

Bounded: a fixed number of queries whatever the number of rows (one per
condition kind in use, aggregates for the counts)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from mujigae.benefits import selectors
from mujigae.benefits.models import GrantState
from mujigae.core import inbox


@inbox.todos
def benefit_todos(user: Any) -> list[inbox.Todo]:
    if user.is_company:
        n = selectors.applicable_count(user=user)
        if not n:
            return []
        return [
            inbox.Todo(
                kind="benefits.apply",
                title=_("Benefits you can apply for: %(n)s") % {"n": n},
                why=_("Your company meets every condition of these benefits this year."),
                url=reverse("benefits:catalogue"),
                count=n,
            )
        ]
    if not user.is_coordinator:
        return []
    counts = selectors.grant_list(user=user).aggregate(
        applied=Count("pk", filter=Q(state=GrantState.APPLIED)),
        approved=Count("pk", filter=Q(state=GrantState.APPROVED)),
    )
    out = []
    if counts["applied"]:
        out.append(
            inbox.Todo(
                kind="benefits.decide",
                title=_("Decide benefit applications"),
                why=_("%(n)s applications wait for approval or rejection.")
                % {"n": counts["applied"]},
                url=reverse("benefits:ledger") + "?state=applied",
                count=counts["applied"],
            )
        )
    if counts["approved"]:
        out.append(
            inbox.Todo(
                kind="benefits.pay",
                title=_("Pay approved benefits"),
                why=_("%(n)s approved grants are not paid yet.") % {"n": counts["approved"]},
                url=reverse("benefits:ledger") + "?state=approved",
                count=counts["approved"],
            )
        )
    return out
