"""The home page of each role."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from mujigae.core import inbox
from mujigae.core.models import Role
from mujigae.governance import selectors as governance
from mujigae.partners import selectors as partners
from mujigae.partners.models import OrgKind
from mujigae.reports import national_selectors, selectors
from mujigae.sharing import notice_selectors


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    # what the user owes, from every app (core/inbox.py); the ministry owes nothing
    ctx: dict = {"todos": inbox.remember_count(user, inbox.todos_for(user))}
    # the notices pinned for this user's audience, above the to-do list
    ctx["pinned"] = notice_selectors.pinned_for(user=user)
    if user.role == Role.COORDINATOR:
        kinds = partners.organisation_kind_counts(user=user)
        ctx["kind_counts"] = [
            (label, kinds.get(value, 0), value)
            for value, label in OrgKind.choices
            if kinds.get(value)
        ]
        ctx["n_organisations"] = sum(kinds.values())
        ctx["upcoming"] = governance.upcoming_meetings(user=user)
        ctx["overdue"] = list(governance.action_item_list(user=user, overdue=True)[:10])
        ctx["action_counts"] = governance.action_item_counts(user=user)
        ctx["progress"] = governance.commitment_progress(
            user=user, agreement=governance.current_agreement(user=user)
        )
        template = "reports/home_coordinator.html"
    elif user.role in (Role.SCHOOL, Role.COMPANY, Role.PARTNER):
        org_id = user.organisation_id
        ctx["my_actions"] = list(governance.action_item_list(user=user, status="open")[:20])
        ctx["action_counts"] = governance.action_item_counts(user=user)
        ctx["upcoming"] = governance.upcoming_meetings(user=user, organisation_id=org_id)
        ctx["my_commitments"] = list(governance.commitment_list(user=user, organisation=org_id))
        template = "reports/home_member.html"
    elif user.role == Role.MINISTRY:
        ctx["rollup"] = selectors.national_rollup(user=user)
        # the national comparison's box: districts by proposed grade, newest year
        ctx["grade_year"], ctx["grade_counts"] = national_selectors.grade_summary(user)
        template = "reports/home_ministry.html"
    else:
        template = "reports/home_student.html"
    return render(request, template, ctx)
