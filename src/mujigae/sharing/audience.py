"""The one rule of who is in an audience (docs/sharing.md "Who sees what").

A person of a district is in an audience when it is shared with

* the whole district (`everyone`): every coordinator, school, company and
  partner user of the district (students only when the role "student" is
  listed: a student is never part of "everyone");
* their organisation (a listed organisation), or their organisation's kind
  (all schools, all companies …) — staff of that organisation, not students;
* their role (coordinators, company managers …, students).

Besides the audience, the owner organisation's staff and the author always see
their own document or notice. The ministry is in no district's audience.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from mujigae.core.models import Role
from mujigae.core.policy import DISTRICT_MEMBERS, STUDENT, role_of
from mujigae.sharing.models import Audience, AudienceEntry


def _entries_for(user: Any) -> QuerySet:
    role = role_of(user)
    q = Q(role=role)
    if role in DISTRICT_MEMBERS and user.organisation_id:
        q |= Q(organisation_id=user.organisation_id)
        kind = getattr(user.organisation, "kind", "")
        if kind:
            q |= Q(org_kind=kind)
    return AudienceEntry.objects.filter(q)


def audience_q(user: Any, path: str = "audience") -> Q:
    """A filter on rows with an `audience` (at `path`): the ones `user` is in.
    The caller restricts to the user's district."""
    role = role_of(user)
    if role not in DISTRICT_MEMBERS and role != STUDENT:
        return Q(pk__in=[])
    # a correlated EXISTS (one index probe per row of the person's district),
    # not an IN over every matching entry of the country: other districts'
    # documents cost nothing (bench/sharing.py)
    q = Q(Exists(_entries_for(user).filter(audience_id=OuterRef(f"{path}_id"))))
    if role in DISTRICT_MEMBERS:
        q |= Q(**{f"{path}__everyone": True})
    return q


def includes(user: Any, audience: Audience) -> bool:
    """Is `user` in `audience`? (The same rule as `audience_q`, for one row.)"""
    if audience.district_id != getattr(user, "district_id", None):
        return False
    return Audience.objects.filter(Q(pk=audience.pk) & _audience_self_q(user)).exists()


def _audience_self_q(user: Any) -> Q:
    role = role_of(user)
    if role not in DISTRICT_MEMBERS and role != STUDENT:
        return Q(pk__in=[])
    q = Q(pk__in=_entries_for(user).values("audience_id"))
    if role in DISTRICT_MEMBERS:
        q |= Q(everyone=True)
    return q


def members(audience: Audience, users: QuerySet) -> QuerySet:
    """The people of `users` (a User queryset) who are in `audience`: for the
    author's "who has read" list and the reminders."""
    users = users.filter(district_id=audience.district_id, is_active=True)
    entries = list(audience.entries.all())
    q = Q(pk__in=[])
    if audience.everyone:
        q |= Q(role__in=DISTRICT_MEMBERS)
    for e in entries:
        if e.role:
            q |= Q(role=e.role)
        elif e.organisation_id:
            q |= Q(role__in=DISTRICT_MEMBERS, organisation_id=e.organisation_id)
        elif e.org_kind:
            q |= Q(role__in=DISTRICT_MEMBERS, organisation__kind=e.org_kind)
    return users.filter(q)


# --------------------------------------------------------------------------
# writing and describing an audience (the picker in sharing.forms)


def audience_save(*, district: Any, data: dict, audience: Audience | None = None) -> Audience:
    """Create or replace an audience from the picker's cleaned data
    (`AudienceFormMixin.audience_data()`). Call inside the caller's transaction."""
    if audience is None:
        audience = Audience.objects.create(
            district=district, everyone=bool(data.get("audience_everyone"))
        )
    else:
        audience.everyone = bool(data.get("audience_everyone"))
        audience.save(update_fields=["everyone"])
        audience.entries.all().delete()
    entries = [
        AudienceEntry(audience=audience, organisation=org)
        for org in data.get("audience_orgs") or []
        if org.district_id == audience.district_id
    ]
    entries += [
        AudienceEntry(audience=audience, org_kind=k) for k in data.get("audience_kinds") or []
    ]
    entries += [AudienceEntry(audience=audience, role=r) for r in data.get("audience_roles") or []]
    AudienceEntry.objects.bulk_create(entries)
    return audience


def audience_initial(audience: Audience) -> dict:
    """The picker's initial values for an existing audience."""
    entries = list(audience.entries.all())
    return {
        "audience_everyone": audience.everyone,
        "audience_orgs": [e.organisation_id for e in entries if e.organisation_id],
        "audience_kinds": [e.org_kind for e in entries if e.org_kind],
        "audience_roles": [e.role for e in entries if e.role],
    }


def audience_describe(audience: Audience) -> list[str]:
    """In words, for the page: ["지구 전체"] or ["직업계고 전체", "안산공고", "학생"]."""
    from django.utils.translation import gettext as _

    from mujigae.partners.models import OrgKind

    parts: list[str] = [str(_("The whole district"))] if audience.everyone else []
    for e in audience.entries.select_related("organisation").all():
        if e.organisation_id:
            parts.append(e.organisation.name)
        elif e.org_kind:
            parts.append(str(_("every %(kind)s") % {"kind": OrgKind(e.org_kind).label}))
        elif e.role:
            parts.append(str(Role(e.role).label))
    return parts
