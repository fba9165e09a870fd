"""The access policy: the one place that decides who may see or do what.

Core holds the primitives and a registry; every app declares its own rules in
its `access.py`, which `CoreConfig.ready()` imports at start-up (the way the
admin discovers `admin.py`). Core imports no app module.

* **Routes.** Every URL pattern (pages and API) has a `Rule` naming the roles
  that may read it (GET/HEAD) and the roles that may write to it
  (POST/PUT/PATCH/DELETE): `register_routes({...})`. `AccessPolicyMiddleware`
  enforces it before any view runs; a route with no rule is refused (deny by
  default) and the access-matrix test fails.
* **Objects.** `register_scope(Model, scope)` says which rows of a model a user
  may see (scoped by district and organisation); `register_change(Model, rule)`
  who besides the district's coordinators may change one. `visible(user,
  Model)`, `can_change(user, obj)` and `access(user, Model, pk, write=...)`
  use them: 404 for what a user may not see ("missing" and "forbidden" look
  alike to an outsider), 403 for what they may see but not change.
* **Acting for.** `register_actable(resolver)`: the app that owns
  organisations says for which of them a user may act;
  `actable_organisations(user)` answers it everywhere.
* **Districts.** `district_of(obj)` (in `core.districts`) follows the path to
  the object's district; the audit log uses the same function.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.http import Http404

from mujigae.core.districts import district_of
from mujigae.core.models import District, Role

COORDINATOR = Role.COORDINATOR.value
SCHOOL = Role.SCHOOL.value
COMPANY = Role.COMPANY.value
PARTNER = Role.PARTNER.value
STUDENT = Role.STUDENT.value
MINISTRY = Role.MINISTRY.value

ALL_ROLES = frozenset(Role.values)
NONE: frozenset[str] = frozenset()
ORG_ROLES = frozenset({SCHOOL, COMPANY, PARTNER})  # act for their own organisation
DISTRICT_MEMBERS = frozenset({COORDINATOR}) | ORG_ROLES  # everyone of a district but students
READERS = DISTRICT_MEMBERS | {MINISTRY}  # partner-level information
COORD = frozenset({COORDINATOR})
COORD_AND_MINISTRY = frozenset({COORDINATOR, MINISTRY})
STUDENT_STAFF = frozenset({COORDINATOR, SCHOOL})  # students' personal data
# who may hold personal API tokens (machine clients): every role but students,
# whom the API serves nothing (docs/api.md); the token pages, the header link and
# the API's bearer authentication all read this one set
API_TOKEN_ROLES = ALL_ROLES - {STUDENT}
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

Scope = Callable[[Any, QuerySet], QuerySet]
ChangeRule = Callable[[Any, Model], bool]


# --------------------------------------------------------------------------
# routes


@dataclass(frozen=True)
class Rule:
    read: frozenset[str] = NONE
    write: frozenset[str] = NONE
    public: bool = False
    superuser_only: bool = False
    note: str = field(default="", compare=False)

    def allows(self, user: Any, method: str) -> bool:
        if self.public:
            return True
        if not getattr(user, "is_authenticated", False):
            return False
        if self.superuser_only:
            return bool(user.is_superuser)
        roles = self.read if method.upper() in SAFE_METHODS else self.write
        return user.role in roles


PUBLIC = Rule(public=True)


def rule(read: frozenset[str], write: frozenset[str] = NONE, note: str = "") -> Rule:
    # The ministry reads but never writes: enforce it here, once.
    return Rule(read=frozenset(read), write=frozenset(write) - {MINISTRY}, note=note)


# Route name (namespace:url_name) -> rule, filled by the apps' access.py.
ROUTES: dict[str, Rule] = {}
# Whole namespaces with one rule (Django's admin: superusers only).
NAMESPACE_ROUTES: dict[str, Rule] = {}


def register_routes(routes: Mapping[str, Rule], *, namespaces: Mapping[str, Rule] = ()) -> None:
    """Declare the rules of an app's routes. A name declared twice is an error."""
    for table, new in ((ROUTES, routes), (NAMESPACE_ROUTES, dict(namespaces))):
        for name, r in new.items():
            if not isinstance(r, Rule):
                raise ImproperlyConfigured(f"route {name!r}: not a policy.Rule")
            if name in table and table[name] != r:
                raise ImproperlyConfigured(f"route {name!r} has two rules")
            table[name] = r


def rule_for(route_name: str | None) -> Rule | None:
    if not route_name:
        return None
    if route_name in ROUTES:
        return ROUTES[route_name]
    namespace = route_name.split(":", 1)[0] if ":" in route_name else ""
    return NAMESPACE_ROUTES.get(namespace)


# --------------------------------------------------------------------------
# the object registry


SCOPES: dict[str, Scope] = {}
CHANGE_RULES: dict[str, ChangeRule] = {}
# Models whose rows belong to no district (the national NCS taxonomy, tokens).
NATIONAL: set[str] = set()
_ACTABLE: list[Callable[[Any], QuerySet]] = []


def _label(model: type[Model] | Model) -> str:
    return model._meta.label


def register_scope(model: type[Model], scope: Scope, *, national: bool = False) -> None:
    """Which rows of `model` a user may see. `national`: rows of no district."""
    label = _label(model)
    if label in SCOPES and SCOPES[label] is not scope:
        raise ImproperlyConfigured(f"{label} has two scopes")
    SCOPES[label] = scope
    if national:
        NATIONAL.add(label)


def register_change(model: type[Model], change_rule: ChangeRule) -> None:
    """Who besides the district's coordinators may change a row of `model`."""
    label = _label(model)
    if label in CHANGE_RULES and CHANGE_RULES[label] is not change_rule:
        raise ImproperlyConfigured(f"{label} has two change rules")
    CHANGE_RULES[label] = change_rule


def register_actable(resolver: Callable[[Any], QuerySet]) -> None:
    """The app that owns organisations declares for which of them a user may act."""
    if resolver not in _ACTABLE:
        _ACTABLE.append(resolver)


# --------------------------------------------------------------------------
# scope building blocks (used by the apps' access.py)


def role_of(user: Any) -> str | None:
    return user.role if getattr(user, "is_authenticated", False) else None


def district_scoped(user: Any, qs: QuerySet, path: str = "district") -> QuerySet:
    """The rows of the user's district (the ministry: every district)."""
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    if user.role == MINISTRY:
        return qs
    if user.district_id is None:
        return qs.none()
    return qs.filter(**{f"{path}_id": user.district_id})


def in_district(user: Any, qs: QuerySet, path: str = "district") -> QuerySet:
    """The rows of the user's own district only (the ministry gets nothing)."""
    if not getattr(user, "is_authenticated", False) or user.district_id is None:
        return qs.none()
    return qs.filter(**{f"{path}_id": user.district_id})


def district_readers(path: str = "district", roles: frozenset[str] = READERS) -> Scope:
    """Partner-level rows: `roles` of the district; the ministry every district."""

    def scope(user: Any, qs: QuerySet) -> QuerySet:
        if role_of(user) not in roles:
            return qs.none()
        return district_scoped(user, qs, path)

    return scope


def district_coordinators(path: str = "district") -> Scope:
    """Rows that say who did or answered what: the district's coordinators only
    (others see aggregates through the selectors)."""

    def scope(user: Any, qs: QuerySet) -> QuerySet:
        if role_of(user) != COORDINATOR:
            return qs.none()
        return in_district(user, qs, path)

    return scope


def organisation_rows(mine: Callable[[int], Q], path: str = "district") -> Scope:
    """The district's coordinators: every row of the district; a school,
    company or partner user: the rows `mine(organisation_id)` selects (the
    rows it owns, provides, proposed …); nobody else."""

    def scope(user: Any, qs: QuerySet) -> QuerySet:
        role = role_of(user)
        if role not in DISTRICT_MEMBERS:
            return qs.none()
        qs = in_district(user, qs, path)
        if role == COORDINATOR:
            return qs
        if not user.organisation_id:
            return qs.none()
        return qs.filter(mine(user.organisation_id))

    return scope


def national(roles: frozenset[str]) -> Scope:
    """National reference rows (the NCS taxonomy): the same for every district."""

    def scope(user: Any, qs: QuerySet) -> QuerySet:
        if role_of(user) not in roles:
            return qs.none()
        return qs

    return scope


def children_of(model: type[Model], path: str) -> Scope:
    """Rows visible exactly when their parent (`path` leads to a `model` row) is."""

    def scope(user: Any, qs: QuerySet) -> QuerySet:
        return qs.filter(**{f"{path}__in": visible(user, model).values("pk")})

    return scope


# --------------------------------------------------------------------------
# the questions every view asks


def visible(user: Any, model: type[Model], qs: QuerySet | None = None) -> QuerySet:
    """The rows of `model` that `user` may see. Unknown models are refused loudly."""
    try:
        scope = SCOPES[_label(model)]
    except KeyError as exc:  # a model without a scope is a programming error
        raise LookupError(f"no access scope for {_label(model)}") from exc
    return scope(user, model._default_manager.all() if qs is None else qs)


def coordinates(user: Any, district_id: int | None) -> bool:
    """Is `user` a coordinator of that district?"""
    return (
        getattr(user, "is_authenticated", False)
        and user.role == COORDINATOR
        and district_id is not None
        and user.district_id == district_id
    )


def can_change(user: Any, obj: Model) -> bool:
    """May `user` change `obj` (which they can already see)? The district's
    coordinators change everything of their district; the ministry nothing;
    anyone else what the model's app allows (`register_change`)."""
    if not getattr(user, "is_authenticated", False):
        return False
    label = _label(obj)
    if label == "core.ApiToken":  # one's own tokens, whatever the role
        return obj.user_id == user.pk
    if user.role == MINISTRY:
        return False
    if coordinates(user, district_of(obj)):
        return True
    change_rule = CHANGE_RULES.get(label)
    return bool(change_rule and change_rule(user, obj))


def can_manage(user: Any, obj: Model) -> bool:
    """Full edit rights (all fields), not just an owner's status update."""
    return coordinates(user, district_of(obj))


def can_create_in(user: Any, district: District | None) -> bool:
    return district is not None and coordinates(user, district.pk)


def access(
    user: Any, model: type[Model], pk: Any, *, write: bool = False, qs: QuerySet | None = None
) -> Any:
    """Fetch one object for `user`: 404 if they may not see it, 403 if they may
    see it but not change it (with write=True)."""
    try:
        obj = visible(user, model, qs).get(pk=pk)
    except (model.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc
    if write and not can_change(user, obj):
        raise PermissionDenied
    return obj


def actable_organisations(user: Any, *, kinds: Any = None) -> QuerySet:
    """The organisations `user` may act for (as provider, owner, party …): the
    district's coordinators for every organisation of their district, a school,
    company or partner for its own, nobody else for any. `kinds` narrows the
    answer to those kinds of organisation."""
    if not _ACTABLE:
        raise ImproperlyConfigured("no app declares the organisations a user may act for")
    qs = _ACTABLE[0](user)
    for resolver in _ACTABLE[1:]:
        qs = qs | resolver(user)
    if kinds is not None:
        qs = qs.filter(kind__in=[kinds] if isinstance(kinds, str) else list(kinds))
    return qs


def may_act_for(user: Any, organisation: Model | None) -> bool:
    return organisation is not None and (
        actable_organisations(user).filter(pk=organisation.pk).exists()
    )


def home_district(user: Any) -> District | None:
    """The district a user works in (None for the ministry, which reads them all)."""
    return getattr(user, "district", None)
