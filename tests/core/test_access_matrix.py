"""The access matrix: every URL pattern and API route, as every role.

The routes come from Django's URL resolver (pages, the django-ninja API under
the "api" namespace, Django's admin under "admin"), never from a hand list, so a
new route shows up here by itself. What each role may do is written below by
hand from the product rules (`EXPECTED`), *not* imported from
`mujigae.core.policy.ROUTES`: if the two disagree, or a route has no expected
entry, a test fails.

For every route and every persona we send a real request through the whole
stack (middleware, view, object policy) and classify the answer:

* allowed: 200/201/204, a redirect that is not to the login page, 405 (the route
  does not take that method, but the policy let the request through), and for
  writes a validation answer (400/422, or 200 with form errors);
* denied: 403 (or 401 from the API) for a logged-in user, a redirect to the
  login page (401 from the API) for an anonymous visitor.

Anything else (a 404 where the fixtures should be reachable, a 500) fails.

Inside the district, a second school, company and partner (the peers
school_b, company_b, partner_b) ask for the objects of the *first* organisation
of their role. For them a 404 on a route about an object counts as denied
(another organisation's object: missing and forbidden look alike), each route
says what a peer may do (`Expect.peer_read`/`peer_write`; by default what its
role may do, which a route on an owned object must not rely on), and no page,
API answer or export they get may show a marker of the first organisation's
own data (`SECRETS`).
"""

from __future__ import annotations

import datetime as dt
import json
import zipfile
from dataclasses import dataclass, field
from io import BytesIO
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.shortcuts import resolve_url
from django.test import Client, RequestFactory, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, path, reverse
from django.utils import timezone

from mujigae.core import policy
from mujigae.core.models import ApiToken, AuditEntry, Role
from mujigae.core.services import api_token_create
from mujigae.governance.models import ActionItem, Commitment
from mujigae.partners.models import OrgKind
from tests import factories as f
from tests.conftest import build_world
from tests.core.matrix_expect import (
    ALL_PEERS,
    ANONYMOUS,
    COMPANY,
    COMPANY_B,
    COORD,
    COORDINATOR,
    EVERYONE,
    LOGGED_IN,
    MEMBERS,
    MINISTRY,
    NOBODY,
    PAGE_PERSONAS,
    PARTNER,
    PARTNER_B,
    PEER_OF,
    PEERS,
    READERS,
    ROLES,
    SCHOOL,
    SCHOOL_B,
    STUDENT,
    Expect,
    R,
    peers_of,
)
from tests.core.matrix_parts import accounts as part_accounts
from tests.core.matrix_parts import annual as part_annual
from tests.core.matrix_parts import api_figures as part_api_figures
from tests.core.matrix_parts import benefits as part_benefits
from tests.core.matrix_parts import budget as part_budget
from tests.core.matrix_parts import calendars as part_calendars
from tests.core.matrix_parts import competencies as part_competencies
from tests.core.matrix_parts import curriculum as part_curriculum
from tests.core.matrix_parts import insights as part_insights
from tests.core.matrix_parts import legal as part_legal
from tests.core.matrix_parts import national as part_national
from tests.core.matrix_parts import notifications as part_notifications
from tests.core.matrix_parts import outcomes as part_outcomes
from tests.core.matrix_parts import placements as part_placements
from tests.core.matrix_parts import rounds as part_rounds
from tests.core.matrix_parts import security as part_security
from tests.core.matrix_parts import sharing_attachments as part_sharing_attachments
from tests.core.matrix_parts import sharing_documents as part_sharing_documents
from tests.core.matrix_parts import sharing_notices as part_sharing_notices
from tests.core.matrix_parts import sharing_requests as part_sharing_requests
from tests.core.matrix_parts import student_accounts as part_student_accounts
from tests.core.matrix_parts import students as part_students

# --------------------------------------------------------------------------
# personas (the role personas, anonymous and the peers: tests/core/matrix_expect.py)

SUPERUSER = "superuser"  # Django's admin only
STAFF = "staff"  # a coordinator with is_staff: not enough for the admin

assert set(ROLES) == set(Role.values), "a new role needs a column in this matrix"
# Django's admin is for superusers whatever the organisation: the peers would
# only repeat their role's 403 there.
ADMIN_PERSONAS = (*ROLES, ANONYMOUS, STAFF, SUPERUSER)

# --------------------------------------------------------------------------
# the expected matrix, from the product rules (docs: domain.md "Who uses it")


EXPECTED: dict[str, Expect] = {
    # platform
    "login": Expect(EVERYONE, EVERYONE),
    "logout": Expect(LOGGED_IN, LOGGED_IN),  # everybody can log out, the ministry too
    "set_language": Expect(EVERYONE, EVERYONE),
    "healthz": Expect(EVERYONE, EVERYONE),
    "robots_txt": Expect(EVERYONE, EVERYONE),
    "home": Expect(LOGGED_IN, NOBODY),
    "core:audit_log": Expect(R({COORDINATOR, MINISTRY}), NOBODY),
    # everyone manages their own tokens (the ministry reads the API with one) but
    # students, whom the API serves nothing (issue 16: "students are offered API tokens")
    "core:tokens": Expect(LOGGED_IN - {STUDENT}, LOGGED_IN - {STUDENT}),
    # POST only (GET: 405); a token is its user's alone: another's answers 404
    "core:token_revoke": Expect(
        LOGGED_IN - {STUDENT},
        LOGGED_IN - {STUDENT},
        obj="token",
        peer_read=ALL_PEERS,
        peer_write=NOBODY,
    ),
    # partner registry
    "partners:directory": Expect(READERS, NOBODY),
    "partners:directory_export": Expect(READERS, NOBODY),
    # the directory is the district's: a peer reads the other organisation's page
    # (its action items stay hidden: test_company_does_not_see_…)
    "partners:organisation_detail": Expect(
        READERS, NOBODY, obj="organisation", peer_read=ALL_PEERS, peer_write=NOBODY
    ),
    "partners:organisation_create": Expect(COORD, COORD),
    # org roles get their *own* organisation here: still coordinator only
    "partners:organisation_edit": Expect(
        COORD, COORD, obj="organisation", peer_read=NOBODY, peer_write=NOBODY
    ),
    "partners:person_create": Expect(
        COORD, COORD, obj="organisation", peer_read=NOBODY, peer_write=NOBODY
    ),
    "partners:person_edit": Expect(COORD, COORD, obj="person", peer_read=NOBODY, peer_write=NOBODY),
    # councils, meetings, decisions
    "governance:meeting_list": Expect(READERS, NOBODY),
    "governance:meeting_detail": Expect(READERS, NOBODY, obj="meeting"),
    "governance:meeting_create": Expect(COORD, COORD),
    "governance:meeting_edit": Expect(COORD, COORD, obj="meeting"),
    "governance:meeting_minutes": Expect(COORD, COORD, obj="meeting"),
    "governance:decision_add": Expect(COORD, COORD, obj="meeting"),
    "governance:timeline": Expect(READERS, NOBODY),
    # action items (org roles: their own organisation's item)
    "governance:action_list": Expect(READERS, NOBODY),
    "governance:action_list_export": Expect(READERS, NOBODY),
    "governance:action_create": Expect(COORD, COORD),
    # each organisation sees and updates only its own items: another's is a 404
    "governance:action_detail": Expect(
        READERS, NOBODY, obj="action", peer_read=NOBODY, peer_write=NOBODY
    ),
    "governance:action_update": Expect(
        MEMBERS, MEMBERS, obj="action", peer_read=NOBODY, peer_write=NOBODY
    ),
    # the MOU (org roles: their own organisation's commitment)
    "governance:agreement_current": Expect(READERS, NOBODY),
    "governance:agreement_detail": Expect(READERS, NOBODY, obj="agreement"),
    # every party's commitments show on the MOU page; each party updates its own
    "governance:commitment_update": Expect(
        MEMBERS, MEMBERS, obj="commitment", peer_read=NOBODY, peer_write=NOBODY
    ),
    # surveys (clause 8): design and sending by coordinators; results readable by
    # partners and the ministry as aggregates; raw responses (CSV) coordinators only
    "surveys:survey_list": Expect(READERS, NOBODY),
    "surveys:survey_create": Expect(COORD, COORD),
    "surveys:survey_detail": Expect(COORD, NOBODY, obj="survey"),
    "surveys:survey_edit": Expect(COORD, COORD, obj="survey"),
    "surveys:section_add": Expect(COORD, COORD, obj="survey"),
    "surveys:question_add": Expect(COORD, COORD, obj="survey"),
    "surveys:question_edit": Expect(COORD, COORD, obj="question"),
    "surveys:question_delete": Expect(COORD, COORD, obj="question"),
    "surveys:survey_preview": Expect(COORD, NOBODY, obj="survey"),
    "surveys:survey_status": Expect(COORD, COORD, obj="survey"),
    "surveys:survey_send": Expect(COORD, COORD, obj="survey"),
    "surveys:survey_letters": Expect(COORD, NOBODY, obj="survey"),
    "surveys:survey_tracker": Expect(COORD, NOBODY, obj="survey"),
    "surveys:survey_tracker_export": Expect(COORD, NOBODY, obj="survey"),
    "surveys:analysis": Expect(READERS, NOBODY, obj="survey"),
    "surveys:analysis_xlsx": Expect(READERS, NOBODY, obj="survey"),
    "surveys:analysis_csv": Expect(COORD, NOBODY, obj="survey"),
    # answering signed in (the home's to-do): the invited company only; another
    # company of the district is not invited (404), a read-only page (no writes)
    "surveys:survey_answer": Expect(
        R({COMPANY}), NOBODY, obj="survey", peer_read=NOBODY, peer_write=NOBODY
    ),
    # answering through a personal link: no account, the token is the key
    "answer:answer": Expect(EVERYONE, EVERYONE, obj="invitation"),
    "answer:save": Expect(EVERYONE, EVERYONE, obj="invitation"),
    "answer:submit": Expect(EVERYONE, EVERYONE, obj="invitation"),
    # REST API
    "api:openapi-json": Expect(EVERYONE, EVERYONE),
    "api:openapi-view": Expect(EVERYONE, EVERYONE),
    "api:organisations": Expect(READERS, COORD),
    "api:organisation": Expect(
        READERS, COORD, obj="organisation", peer_read=ALL_PEERS, peer_write=NOBODY
    ),
    "api:meetings": Expect(READERS, COORD),
    "api:meeting": Expect(READERS, COORD, obj="meeting"),
    "api:action_items": Expect(READERS, COORD),
    "api:action_item": Expect(READERS, MEMBERS, obj="action", peer_read=NOBODY, peer_write=NOBODY),
    "api:commitments": Expect(READERS, NOBODY),
    # read like the MOU page; changed by its own party only
    "api:commitment": Expect(
        READERS, MEMBERS, obj="commitment", peer_read=ALL_PEERS, peer_write=NOBODY
    ),
}

# The parts kept per app (tests/core/matrix_parts/<app>.py).
PARTS = (
    part_calendars,
    part_competencies,
    part_curriculum,
    part_insights,
    part_students,
    part_placements,
    part_rounds,
    part_outcomes,
    part_student_accounts,
    part_security,
    part_accounts,
    part_legal,
    part_notifications,
    part_budget,
    part_benefits,
    part_sharing_documents,
    part_sharing_notices,
    part_sharing_requests,
    part_sharing_attachments,
    part_api_figures,
    part_national,
    part_annual,
)
for _part in PARTS:
    assert not set(_part.EXPECTED) & set(EXPECTED), f"{_part.__name__} repeats entries"
    EXPECTED.update(_part.EXPECTED)
SHARED_KINDS: set[str] = set().union(*(p.SHARED_KINDS for p in PARTS))
# Kinds shared per object (an audience: sharing's documents and notices): a
# person outside the audience gets 404 on them, whatever their role.
AUDIENCE_KINDS: set[str] = set().union(*(getattr(p, "AUDIENCE_KINDS", set()) for p in PARTS))
# What each peer must never see anywhere (pages, API, exports): markers of the
# first organisation's own data, built by `data` and the parts' `build`.
SECRETS: dict[str, set[str]] = {
    SCHOOL_B: {"[ITEM-school]"},
    COMPANY_B: {"[ITEM-company]"},
    PARTNER_B: {"[ITEM-partner]"},
}
for _part in PARTS:
    for _peer, _markers in _part.SECRETS.items():
        SECRETS[_peer] |= set(_markers)

# Kinds of object that belong to one organisation (or to its students): a
# route on one states what a peer organisation may do there (`peer_read`,
# `peer_write`); test_every_owned_object_route_states_its_peers checks it.
OWNED_KINDS: set[str] = {"token", "organisation", "person", "action", "commitment"}.union(
    *(p.OWNED_KINDS for p in PARTS)
)

# Whole namespaces: Django's admin is for superusers only (staff is not enough).
EXPECTED_NAMESPACES: dict[str, Expect] = {
    "admin": Expect(R({SUPERUSER}), R({SUPERUSER})),
}

# Extra query strings some views need to get past their own argument checks.
QUERY = {
    # a real autocomplete field (User.groups -> Group, which has search_fields)
    "admin:autocomplete": "?app_label=core&model_name=user&field_name=groups&term=a",
}

# --------------------------------------------------------------------------
# the URL resolver


@dataclass(frozen=True)
class Route:
    name: str  # "namespace:url_name"
    namespace: str
    kwargs: tuple[str, ...]
    pattern: str
    callback: Any = field(default=None, compare=False, repr=False)

    @property
    def is_api(self) -> bool:
        return self.namespace == "api"

    @property
    def is_admin(self) -> bool:
        return self.namespace == "admin"


def _walk(resolver: URLResolver, namespaces: tuple[str, ...], prefix: str):
    for p in resolver.url_patterns:
        regex_kwargs = tuple(p.pattern.regex.groupindex)
        converters = tuple(getattr(p.pattern, "converters", {}))
        if isinstance(p, URLResolver):
            ns = (*namespaces, p.namespace) if p.namespace else namespaces
            yield from _walk(p, ns, prefix + str(p.pattern))
        else:
            assert isinstance(p, URLPattern)
            kwargs = converters or regex_kwargs
            yield namespaces, p.name, kwargs, prefix + str(p.pattern), p.callback


def collect_routes() -> tuple[dict[str, Route], list[str]]:
    """Every named route (first pattern of a name wins, as in reverse()) and the
    patterns without a name."""
    routes: dict[str, Route] = {}
    nameless: list[str] = []
    for namespaces, name, kwargs, pattern, callback in _walk(get_resolver(), (), ""):
        ns = ":".join(namespaces)
        if not name:
            nameless.append(f"{ns or '(root)'}: {pattern}")
            continue
        full = f"{ns}:{name}" if ns else name
        routes.setdefault(full, Route(full, ns, tuple(kwargs), pattern, callback))
    return routes, nameless


ROUTES, NAMELESS = collect_routes()


def expected_for(route: Route) -> Expect:
    if route.name in EXPECTED:
        return EXPECTED[route.name]
    return EXPECTED_NAMESPACES[route.namespace]


# --------------------------------------------------------------------------
# fixtures


# persona -> key of the organisation whose objects it works on (world attribute)
ORG_OF = {
    COORDINATOR: "office",
    SCHOOL: "school",
    COMPANY: "company",
    PARTNER: "partner",
    STUDENT: "school",  # a student belongs to a school
    MINISTRY: "company",
    ANONYMOUS: "company",
    # peers: the first organisation of their role (its objects, not their own)
    SCHOOL_B: "school",
    COMPANY_B: "company",
    PARTNER_B: "partner",
    "other_coordinator": "company",  # ours: used to prove they cannot reach it
    "other_company": "company",
    STAFF: "company",
    SUPERUSER: "company",
}
OUR_ORGS = ("office", "school", "company", "company_b", "partner")
ROLE_OF_PEER = {peer: role for role, peer in PEER_OF.items()}


@dataclass
class Data:
    world: Any
    meeting: Any
    other_meeting: Any
    decision: Any
    agreement: Any
    other_agreement: Any
    orgs: dict[str, Any] = field(default_factory=dict)
    people: dict[str, Any] = field(default_factory=dict)
    actions: dict[str, Any] = field(default_factory=dict)
    commitments: dict[str, Any] = field(default_factory=dict)
    tokens: dict[str, Any] = field(default_factory=dict)  # persona -> token to revoke
    bearer: dict[str, str] = field(default_factory=dict)  # persona -> raw API token
    users: dict[str, Any] = field(default_factory=dict)
    survey: Any = None
    question: Any = None
    invitation: Any = None
    extra: dict[str, Any] = field(default_factory=dict)  # kind -> fn(org key) (parts)
    sessions: dict[str, str] = field(default_factory=dict)  # persona -> session key

    def pk_of(self, kind: str, persona: str) -> Any:
        org = ORG_OF[persona]
        if kind in self.extra:
            return self.extra[kind](org)
        if kind == "organisation":
            return self.orgs[org].pk
        if kind == "person":
            return self.people[org].pk
        if kind == "action":
            return self.actions[org].pk
        if kind == "commitment":
            return self.commitments[org].pk
        if kind == "meeting":
            return self.meeting.pk
        if kind == "agreement":
            return self.agreement.pk
        if kind == "survey":
            return self.survey.pk
        if kind == "question":
            return self.question.pk
        if kind == "invitation":
            return self.invitation.token
        if kind == "token":
            owner = ROLE_OF_PEER.get(persona, persona)  # a peer: the first one's token
            return self.tokens[owner if owner in self.tokens else COORDINATOR].pk
        raise AssertionError(f"no fixture object of kind {kind!r}")


@pytest.fixture(scope="module")
def module_data(django_db_setup, django_db_blocker):
    """The matrix's data, built once per module (per xdist worker) inside a
    transaction that is rolled back at the end; each test runs in a savepoint
    of its own (pytest-django's `db`), so what one test writes is gone for the
    next. Each persona's session is made once too: a request only sends its
    cookie."""
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]),
    ):
        outer = transaction.atomic()
        outer.__enter__()
        try:
            built = build_data(build_world())
            for persona, user in built.users.items():
                c = Client()
                c.force_login(user)
                built.sessions[persona] = c.cookies[settings.SESSION_COOKIE_NAME].value
            yield built
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def data(module_data, db) -> Data:
    return module_data


def build_data(world) -> Data:
    d, other = world.district, world.other_district
    orgs = {key: getattr(world, key) for key in OUR_ORGS}
    orgs["other_company"] = world.other_company
    people = {key: f.PersonFactory(organisation=org) for key, org in orgs.items()}

    meeting = f.MeetingFactory(district=d, title="Council of our district")
    meeting.organisations.set([orgs[k] for k in OUR_ORGS])
    meeting.attendees.set([people[k] for k in OUR_ORGS])
    decision = f.DecisionFactory(meeting=meeting, number=1, text="Open a robotics track")
    other_meeting = f.MeetingFactory(district=other, title="Council of the other district")
    other_meeting.organisations.set([orgs["other_company"]])
    f.DecisionFactory(meeting=other_meeting, number=1)

    actions = {
        key: f.ActionItemFactory(
            owner=org,
            title=f"[ITEM-{key}]",  # brackets: no title is a prefix of another
            meeting=meeting if key != "other_company" else other_meeting,
            decision=decision if key != "other_company" else None,
        )
        for key, org in orgs.items()
    }
    # one overdue item, so the "overdue" lists have a row
    actions["company"].due_date = timezone.localdate() - dt.timedelta(days=3)
    actions["company"].save()

    agreement = f.AgreementFactory(district=d, title="Our MOU")
    agreement.parties.set([orgs[k] for k in OUR_ORGS])
    clause = f.ClauseFactory(agreement=agreement, number=1, title="Field training")
    commitments = {
        key: f.CommitmentFactory(clause=clause, organisation=orgs[key], description=f"C-{key}")
        for key in OUR_ORGS
    }
    other_agreement = f.AgreementFactory(district=other, title="Their MOU")
    other_agreement.parties.set([orgs["other_company"]])
    other_clause = f.ClauseFactory(agreement=other_agreement, number=1)
    commitments["other_company"] = f.CommitmentFactory(
        clause=other_clause, organisation=orgs["other_company"]
    )
    for district in (d, other):
        AuditEntry.objects.create(
            district=district,
            actor_name="system",
            action=AuditEntry.Action.CREATE,
            object_type="partners.Organisation",
            object_id="1",
            object_repr="seed",
        )

    # the second school and partner (company_b is in `world`): own organisation, own login
    for key, kind, name in (
        ("school_b", OrgKind.SCHOOL, "둘째고등학교"),
        ("partner_b", OrgKind.CHAMBER, "둘째협력기관"),
    ):
        orgs[key] = f.OrganisationFactory(district=d, name=name, kind=kind)
    users = dict(world.users)
    for persona in (SCHOOL_B, PARTNER_B):
        role = ROLE_OF_PEER[persona]
        users[persona] = f.UserFactory(
            username=persona, role=role, district=d, organisation=orgs[persona]
        )
    users[SUPERUSER] = f.UserFactory(
        username="superuser", role=Role.COORDINATOR, district=d, is_superuser=True, is_staff=True
    )
    users[STAFF] = f.UserFactory(
        username="staff",
        role=Role.COORDINATOR,
        district=d,
        organisation=world.office,
        is_staff=True,
    )
    tokens, bearer = {}, {}
    for persona, user in users.items():
        if persona in PEERS:
            continue  # a peer revokes (tries to) the first organisation's token
        # a student holds no token any more: theirs is one made before that rule
        # (the API answers it 401, the token pages 403)
        make = f.api_token_row if persona == STUDENT else api_token_create
        tokens[persona], _ = make(user=user, name="to revoke")
        if persona in ROLES:
            _, bearer[persona] = make(user=user, name="to call the API")
    Group.objects.create(name="editors")

    survey = f.SurveyFactory(district=d, title="Our demand survey")
    question = f.QuestionFactory(
        section=f.SectionFactory(survey=survey), code="q_size", kind="short_text"
    )
    invitation = f.InvitationFactory(survey=survey, organisation=orgs["company"])
    other_survey = f.SurveyFactory(district=other, title="Their survey")
    f.QuestionFactory(section=f.SectionFactory(survey=other_survey))

    extra: dict[str, Any] = {}
    for part in PARTS:
        extra.update(part.build(world, orgs))

    return Data(
        world=world,
        meeting=meeting,
        other_meeting=other_meeting,
        decision=decision,
        agreement=agreement,
        other_agreement=other_agreement,
        orgs=orgs,
        people=people,
        actions=actions,
        commitments=commitments,
        tokens=tokens,
        bearer=bearer,
        users=users,
        survey=survey,
        question=question,
        invitation=invitation,
        extra=extra,
    )


# --------------------------------------------------------------------------
# requests and their classification


def model_admin_of(route: Route) -> admin.ModelAdmin | None:
    """The ModelAdmin behind an admin route (None for the site's own pages)."""
    view = route.callback
    while view is not None:
        owner = getattr(view, "model_admin", None) or getattr(view, "__self__", None)
        if isinstance(owner, admin.ModelAdmin):
            return owner
        view = getattr(view, "__wrapped__", None)
    return None


def admin_object(route: Route):
    model_admin = model_admin_of(route)
    model = model_admin.model if model_admin else Group
    return model._default_manager.order_by("pk").first()


def url_for(route: Route, data: Data, persona: str) -> str:
    kwargs: dict[str, Any] = {}
    for name in route.kwargs:
        if route.is_admin:
            if name == "app_label":
                kwargs[name] = "auth"
            elif name == "content_type_id":
                kwargs[name] = ContentType.objects.get_for_model(Group).pk
            elif name in ("object_id", "id"):
                obj = admin_object(route)
                kwargs[name] = obj.pk if obj else 1
            else:
                raise AssertionError(f"{route.name}: do not know how to fill {name!r}")
            continue
        kind = expected_for(route).obj
        assert kind, f"{route.name} takes {name!r}: name its fixture object in EXPECTED"
        kwargs[name] = data.pk_of(kind, persona)
    return reverse(route.name, kwargs=kwargs) + QUERY.get(route.name, "")


def write_method(route: Route) -> str:
    # API: POST creates in a collection, PATCH changes one object
    return "PATCH" if route.is_api and route.kwargs else "POST"


def login_as(client: Client, data: Data, persona: str, *, bearer: bool = False) -> dict:
    """Make `client` act as `persona`; returns the headers to send."""
    if persona == ANONYMOUS or bearer:
        client.cookies.pop(settings.SESSION_COOKIE_NAME, None)
        return {"Authorization": f"Bearer {data.bearer[persona]}"} if bearer else {}
    client.cookies[settings.SESSION_COOKIE_NAME] = data.sessions[persona]
    return {}


def send(
    route: Route,
    data: Data,
    persona: str,
    method: str,
    *,
    client: Client | None = None,
    headers: dict | None = None,
):
    """One request as `persona`. With `client`, `login_as` has been called already."""
    if client is None:
        client = Client()
        headers = login_as(client, data, persona)
    headers = headers or {}
    url = url_for(route, data, persona)
    if method == "GET":
        return client.get(url, headers=headers)
    if route.is_api:
        return client.generic(method, url, b"{}", content_type="application/json", headers=headers)
    return client.generic(
        method, url, b"", content_type="application/x-www-form-urlencoded", headers=headers
    )


def shown_text(response) -> str:
    """What a response shows, as text: a page, JSON (Korean unescaped), CSV, or
    the XML of an xlsx workbook (inline and shared strings)."""
    body = b"".join(response.streaming_content) if response.streaming else response.content
    content_type = response.get("Content-Type", "")
    if "spreadsheetml" in content_type:
        with zipfile.ZipFile(BytesIO(body)) as workbook:
            return " ".join(
                workbook.read(name).decode("utf-8", "replace")
                for name in workbook.namelist()
                if name.endswith(".xml")
            )
    if "json" in content_type:
        return json.dumps(json.loads(body), ensure_ascii=False)
    return body.decode("utf-8", "replace")


def is_login_redirect(response) -> bool:
    if response.status_code not in (301, 302):
        return False
    location = urlsplit(response["Location"])
    return location.path == resolve_url("login") and "next=" in location.query


# Inside the admin, what a superuser may do with a model is the ModelAdmin's own
# business (the audit log is read-only, axes rows cannot be added): ask it.
ADMIN_VIEW_PERMISSIONS = {  # ModelAdmin view -> (permission for GET, for POST)
    "changelist_view": ("view_or_change", "view_or_change"),
    "add_view": ("add", "add"),
    "change_view": ("view_or_change", "change"),
    "history_view": ("view_or_change", "view_or_change"),
    "delete_view": ("delete", "delete"),
    "user_change_password": ("change", "change"),
}


def admin_expect(route: Route, data: Data) -> Expect:
    namespace_rule = EXPECTED_NAMESPACES["admin"]
    model_admin = model_admin_of(route)
    if model_admin is None:
        return namespace_rule
    view = route.callback.__name__
    assert view in ADMIN_VIEW_PERMISSIONS, f"{route.name}: unknown admin view {view!r}"
    request = RequestFactory().get("/")
    request.user = data.users[SUPERUSER]
    obj = admin_object(route) if route.kwargs else None

    def may(permission: str) -> bool:
        if permission == "add":
            return model_admin.has_add_permission(request)
        return getattr(model_admin, f"has_{permission}_permission")(request, obj)

    read, write = ADMIN_VIEW_PERMISSIONS[view]
    return Expect(
        namespace_rule.read if may(read) else NOBODY,
        namespace_rule.write if may(write) else NOBODY,
    )


ALLOWED = {200, 201, 204, 301, 302, 405}
WRITE_VALIDATION = {400, 422}


def classify(route: Route, response, persona: str, *, write: bool) -> str:
    """'allowed', 'denied', or 'unexpected …' (a wrong kind of answer)."""
    status = response.status_code
    anonymous = persona == ANONYMOUS
    if is_login_redirect(response):
        return "denied" if anonymous and not route.is_api else f"unexpected login redirect {status}"
    if status == 401:
        return "denied" if route.is_api else "unexpected 401"
    if status == 403:
        if anonymous and not route.is_api:
            return "unexpected 403 (anonymous should be sent to the login page)"
        return "denied"
    if status in ALLOWED or (write and status in WRITE_VALIDATION):
        return "allowed"
    if route.name == "admin:view_on_site" and status == 404:
        return "allowed"  # no model of ours has a public URL: the admin says 404
    if status == 404 and persona in PEERS and route.kwargs:
        return "denied"  # another organisation's object: missing and forbidden look alike
    if status == 404 and route.kwargs and expected_for(route).obj in AUDIENCE_KINDS:
        return "denied"  # outside the object's audience: missing and forbidden look alike
    return f"unexpected {status}"


def _matrix(route: Route, data: Data, client: Client, personas, *, bearer: bool = False):
    """{"read"/"write": (allowed personas, {persona: status}, [problems], method)}"""
    result = {
        kind: (set(), {}, [], method)
        for kind, method in (("read", "GET"), ("write", write_method(route)))
    }
    for persona in personas:
        if bearer and (persona == ANONYMOUS or persona in PEERS):
            continue  # the API token pass: one token per role (peers: by session)
        # one login per persona; the write comes last (it may be a logout)
        headers = login_as(client, data, persona, bearer=bearer)
        for kind in ("read", "write"):
            allowed, statuses, problems, method = result[kind]
            response = send(route, data, persona, method, client=client, headers=headers)
            statuses[persona] = response.status_code
            verdict = classify(route, response, persona, write=kind == "write")
            if verdict == "allowed":
                allowed.add(persona)
            elif verdict != "denied":
                problems.append(f"{persona} {method}: {verdict}")
            if DJANGO_BLANK in _html(response):  # every page with a form, as every role
                problems.append(f'{persona} {method}: a select says "{DJANGO_BLANK}"')
            if persona in PEERS and response.status_code == 200:
                text = shown_text(response)
                problems.extend(
                    f"{persona} {method}: shows {marker!r} of the first {ROLE_OF_PEER[persona]}"
                    for marker in sorted(SECRETS[persona])
                    if marker in text
                )
    return result


DJANGO_BLANK = "-" * 9  # Django's empty choice: Korean placeholders instead (core.forms)


def _html(response) -> str:
    if response.status_code not in (200, 422) or "html" not in response.get("Content-Type", ""):
        return ""
    if getattr(response, "streaming", False):
        return ""
    return response.content.decode("utf-8", "replace")


def _report(route: Route, expect: Expect, result, personas, label: str = "") -> list[str]:
    lines = []
    for kind in ("read", "write"):
        allowed, statuses, problems, method = result[kind]
        wanted = set(expect.allowed(kind)) & set(personas)
        if label == "bearer":
            # a student's token (made before students lost tokens) is refused
            # everywhere, public routes too (401, as any bad token)
            wanted -= {ANONYMOUS, *PEERS, STUDENT}
        extra, missing = sorted(allowed - wanted), sorted(wanted - allowed)
        if extra or missing or problems:
            head = f"{route.name} {method} ({kind}{', ' + label if label else ''})"
            lines.append(head)
            if extra:
                lines.append(
                    "  allowed but should be denied: "
                    + ", ".join(f"{p} ({statuses[p]})" for p in extra)
                )
            if missing:
                lines.append(
                    "  denied but should be allowed: "
                    + ", ".join(f"{p} ({statuses[p]})" for p in missing)
                )
            lines.extend(f"  {problem}" for problem in problems)
    return lines


# --------------------------------------------------------------------------
# completeness


def test_every_route_has_an_expected_entry():
    resolved = {name for name, r in ROUTES.items() if r.namespace not in EXPECTED_NAMESPACES}
    missing = sorted(resolved - set(EXPECTED))
    stale = sorted(set(EXPECTED) - resolved)
    assert not missing and not stale, (
        f"routes without an entry in EXPECTED (add one from the product rules): {missing}; "
        f"entries in EXPECTED for routes that no longer exist: {stale}"
    )


def test_every_route_has_a_policy_rule():
    unruled = sorted(name for name in ROUTES if policy.rule_for(name) is None)
    assert not unruled, f"routes without a rule in policy.ROUTES (refused to all): {unruled}"


def test_every_owned_object_route_states_its_peers():
    # A route on an organisation's own object says what another organisation of
    # the same role may do there; the role's sets are no default for it.
    unstated = sorted(
        name
        for name, e in EXPECTED.items()
        if e.obj in OWNED_KINDS and (e.peer_read is None or e.peer_write is None)
    )
    assert not unstated, f"routes on an owned object without peer_read/peer_write: {unstated}"
    used = {e.obj for e in EXPECTED.values()}
    assert not OWNED_KINDS - used, f"OWNED_KINDS no route uses: {sorted(OWNED_KINDS - used)}"


def test_a_peer_never_does_more_than_its_role():
    wider = sorted(
        name
        for name, e in EXPECTED.items()
        if not (e.peers_read <= peers_of(e.read) and e.peers_write <= peers_of(e.write))
    )
    assert not wider, f"a peer allowed where its role is not: {wider}"


def test_no_nameless_routes_outside_the_admin():
    # A pattern without a name cannot have a rule; the middleware refuses it.
    outside = [p for p in NAMELESS if not p.startswith("admin:")]
    assert not outside, f"URL patterns without a name: {outside}"


def test_the_matrix_sees_pages_api_and_admin():
    namespaces = {r.namespace for r in ROUTES.values()}
    assert {"", "core", "partners", "governance", "api", "admin"} <= namespaces
    assert len([r for r in ROUTES.values() if r.is_api]) >= 10


# --------------------------------------------------------------------------
# the matrix: one test per route


@pytest.fixture(scope="module")
def client() -> Client:
    # One client for the whole matrix: a new Client loads every middleware again
    # on its first request (whitenoise scans the static files), which would be
    # most of the cost of this file.
    return Client()


@pytest.mark.parametrize("name", sorted(ROUTES))
def test_access_matrix(name, data, client):
    route = ROUTES[name]
    expect = expected_for(route)
    personas = ADMIN_PERSONAS if route.is_admin else PAGE_PERSONAS
    if route.is_admin:
        expect = admin_expect(route, data)
    lines = _report(route, expect, _matrix(route, data, client, personas), personas)
    if route.is_api:
        result = _matrix(route, data, client, personas, bearer=True)
        lines += _report(route, expect, result, personas, "bearer")
    assert not lines, "access differs from the product rules:\n" + "\n".join(lines)


# A student's record opens once a purpose is POSTed (never in a URL): a dict is POSTed.
PURPOSE_POSTED = {"step": "purpose", "purpose": "records"}
# Where the first organisation's own data shows (to it or the coordinator): a
# marker in SECRETS that shows nowhere could never catch a leak.
MARKER_PAGES = (
    (COORDINATOR, "governance:action_list", {}, ""),
    (COORDINATOR, "students:student_list", {}, ""),
    (SCHOOL, "students:student_detail", {"pk": "student"}, PURPOSE_POSTED),
    (COORDINATOR, "curriculum:proposal_detail", {"pk": "proposal"}, ""),
    (PARTNER, "curriculum:proposal_detail", {"pk": "proposal"}, ""),
    (COORDINATOR, "placements:slot_list", {}, ""),
    (COORDINATOR, "placements:agreement_list", {}, ""),
    (COMPANY, "placements:eligibility_list", {}, ""),
    (COORDINATOR, "outcomes:programme_list", {}, ""),
    (COORDINATOR, "outcomes:student_outcomes", {"pk": "outcomes_graduate"}, ""),
    (SCHOOL, "students:student_detail", {"pk": "outcomes_graduate"}, PURPOSE_POSTED),
    (SCHOOL, "outcomes:graduate_list", {}, "?school_year=2024"),
    (COORDINATOR, "accounts:invitation_list", {}, ""),
    (SCHOOL, "notifications:list", {}, ""),
    (COMPANY, "notifications:list", {}, ""),
    (PARTNER, "notifications:list", {}, ""),
    (SCHOOL, "budget:project_detail", {"pk": "budget_project"}, ""),
    (PARTNER, "budget:project_detail", {"pk": "budget_project"}, ""),
    (COMPANY, "benefits:ledger", {}, ""),
    (PARTNER, "sharing:documents", {}, ""),
    (SCHOOL, "sharing:notice_detail", {"pk": "sharing_notice"}, ""),
    (PARTNER, "sharing:notice_detail", {"pk": "sharing_notice"}, ""),
    (SCHOOL, "sharing:request_detail", {"pk": "sharing_request"}, ""),
)


def test_every_secret_marker_shows_to_its_owner(data, client):
    shown = []
    for persona, name, kwargs, query in MARKER_PAGES:
        login_as(client, data, persona)
        args = {key: data.pk_of(kind, persona) for key, kind in kwargs.items()}
        url = reverse(name, kwargs=args)
        response = client.post(url, query) if isinstance(query, dict) else client.get(url + query)
        assert response.status_code == 200, (persona, name)
        shown.append(shown_text(response))
    text = "\n".join(shown)
    missing = sorted({m for markers in SECRETS.values() for m in markers if m not in text})
    assert not missing, f"markers that no owner sees (fix the marker or MARKER_PAGES): {missing}"


def test_bad_bearer_token_is_refused_on_every_api_route(data):
    client = Client()
    for route in ROUTES.values():
        if not route.is_api or expected_for(route).read == EVERYONE:
            continue
        url = url_for(route, data, COORDINATOR)
        response = client.get(url, headers={"Authorization": "Bearer mjg_not-a-token"})
        assert response.status_code == 401, route.name


# --------------------------------------------------------------------------
# deny by default


def _unruled_view(request):
    from django.http import HttpResponse

    return HttpResponse("should never be served")


class _UrlconfWithAnUnruledRoute:
    from mujigae.urls import urlpatterns as _base

    urlpatterns = [path("unruled/", _unruled_view, name="unruled-test-route"), *_base]


@override_settings(ROOT_URLCONF=_UrlconfWithAnUnruledRoute)
def test_a_route_without_a_rule_is_refused_to_everyone(data):
    assert policy.rule_for("unruled-test-route") is None
    for persona in (COORDINATOR, MINISTRY, SUPERUSER):
        client = Client()
        client.force_login(data.users[persona])
        assert client.get("/unruled/").status_code == 403, persona
        assert client.post("/unruled/").status_code == 403, persona


# --------------------------------------------------------------------------
# across districts and inside one: object-level checks

OBJECT_ROUTES = sorted(
    n
    for n, e in EXPECTED.items()
    if e.obj and e.obj not in ("token", "invitation") and e.obj not in SHARED_KINDS
)
assert len(OBJECT_ROUTES) >= 15


@pytest.mark.parametrize("name", OBJECT_ROUTES)
def test_other_district_coordinator_gets_404_on_our_objects(name, data):
    route = ROUTES[name]
    # GET may be refused as a method first (POST-only views); the write must be 404
    read = send(route, data, "other_coordinator", "GET")
    assert read.status_code in (404, 405), (name, "GET", read.status_code)
    # where coordinators may write, the object is missing; elsewhere the route refuses
    wanted = (
        404
        if COORDINATOR in EXPECTED[name].write
        or (EXPECTED[name].obj in AUDIENCE_KINDS and EXPECTED[name].write)
        else 403
    )
    write = send(route, data, "other_coordinator", write_method(route))
    assert write.status_code == wanted, (name, write_method(route), write.status_code)


def test_other_district_cannot_revoke_our_token(data):
    client = Client()
    client.force_login(data.users["other_coordinator"])
    url = reverse("core:token_revoke", args=[data.tokens[COORDINATOR].pk])
    assert client.post(url).status_code == 404
    assert ApiToken.objects.get(pk=data.tokens[COORDINATOR].pk).revoked_at is None


def test_company_cannot_reach_another_companys_action_item(data):
    other = data.actions["company_b"]
    client = Client()
    client.force_login(data.users[COMPANY])
    assert client.get(reverse("governance:action_detail", args=[other.pk])).status_code == 404
    update = reverse("governance:action_update", args=[other.pk])
    assert client.get(update).status_code in (403, 404)
    response = client.post(update, {"status": "done", "progress_note": "not mine"})
    assert response.status_code in (403, 404)
    api = reverse("api:action_item", kwargs={"id": other.pk})
    assert client.get(api).status_code == 404
    response = client.patch(api, {"status": "done"}, content_type="application/json")
    assert response.status_code in (403, 404)
    other.refresh_from_db()
    assert other.status == ActionItem.Status.OPEN and other.progress_note == ""


def test_company_cannot_change_another_companys_commitment(data):
    other = data.commitments["company_b"]
    client = Client()
    client.force_login(data.users[COMPANY])
    url = reverse("governance:commitment_update", args=[other.pk])
    assert client.get(url).status_code in (403, 404)
    assert client.post(url, {"status": "achieved", "evidence": "x"}).status_code in (403, 404)
    api = reverse("api:commitment", kwargs={"id": other.pk})
    response = client.patch(api, {"status": "achieved"}, content_type="application/json")
    assert response.status_code in (403, 404)
    other.refresh_from_db()
    assert other.status == Commitment.Status.NOT_STARTED


def _csv(name: str, text: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def test_peers_cannot_name_the_first_organisations_objects_in_a_form(data):
    """The matrix posts empty forms; here each peer names the first
    organisation's objects in the form itself: refused (4xx), nothing written.
    The same forms from the first organisation are accepted: the refusal is
    about whose object it is, not a bad form."""
    from mujigae.curriculum.models import Cohort, Programme
    from mujigae.outcomes.models import GraduateRecord
    from mujigae.placements.models import MinorWorkException, StandardAgreement
    from mujigae.rounds.models import CompanyRank, Entrant, RoundSlot, StudentChoice
    from tests.placements.factories import SlotFactory

    orgs, open_round = data.orgs, data.pk_of("round_open", COORDINATOR)
    student_pk = data.pk_of("student", SCHOOL)
    entrant = Entrant.objects.get(round_id=open_round, student_id=student_pk)
    company_slot = RoundSlot.objects.filter(round_id=open_round, slot__company=orgs["company"])[0]
    job = SlotFactory(company=orgs["company"], kind="job", title="야간 채용")
    dates = {"signed_on": "2026-03-02", "period_start": "2026-09-01", "period_end": "2027-02-28"}
    agreement = {**dates, "supervisor": "남의 협약", "allowance": "0"}
    cases = [
        # (peer, route, url kwargs, POST data)
        (
            COMPANY_B,
            "placements:agreement_create",
            {},
            {**agreement, "company": orgs["company"].pk, "school": orgs["school"].pk},
        ),
        (
            SCHOOL_B,
            "placements:agreement_create",
            {},
            {**agreement, "company": orgs["company"].pk, "school": orgs["school"].pk},
        ),
        (
            SCHOOL_B,
            "placements:exception_create",
            {},
            {
                "student": student_pk,
                "slot": job.pk,
                "consent_on": "2026-03-02",
                "authorised_on": "2026-03-03",
            },
        ),
        (
            SCHOOL_B,
            "rounds:school_round",
            {"pk": open_round},
            {"entrant": entrant.pk, "slot": [company_slot.pk]},
        ),
        (
            COMPANY_B,
            "rounds:company_round",
            {"pk": open_round},
            {"round_slot": company_slot.pk, f"rank_{entrant.pk}": "1"},
        ),
        (
            PARTNER_B,
            "curriculum:programme_create",
            {},
            {"provider": orgs["partner"].pk, "name": "남의 과정", "kind": "training_institute"},
        ),
        (
            PARTNER_B,
            "curriculum:cohort_import",
            {},
            {"file": _csv("c.csv", "과정,연도,등록\n재직자 과정,2031,10\n")},
        ),
        (
            SCHOOL_B,
            "outcomes:graduate_import",
            {},
            {
                "school": orgs["school"].pk,
                "file": _csv("g.csv", "졸업연도,반,번호,성명,상태\n2025,2,7,김졸업,미취업\n"),
            },
        ),
    ]
    counts = (
        lambda: StandardAgreement.objects.filter(supervisor="남의 협약").count(),
        lambda: MinorWorkException.objects.count(),
        lambda: StudentChoice.objects.filter(entrant=entrant).count(),
        lambda: CompanyRank.objects.filter(round_slot=company_slot).count(),
        lambda: Programme.objects.filter(name="남의 과정").count(),
        lambda: Cohort.objects.filter(year=2031).count(),
        lambda: GraduateRecord.objects.filter(status="not_employed").count(),
    )
    before = [count() for count in counts]
    client = Client()
    failures = []
    for peer, name, kwargs, post in cases:
        client.force_login(data.users[peer])
        response = client.post(reverse(name, kwargs=kwargs), post)
        if not 400 <= response.status_code < 500:
            failures.append(f"{peer} {name}: {response.status_code}")
    assert not failures, failures
    assert [count() for count in counts] == before
    for peer, name, kwargs, post in cases:
        owner = ROLE_OF_PEER[peer]
        client.force_login(data.users[owner])
        for value in post.values():
            if hasattr(value, "seek"):
                value.seek(0)  # the same upload again
        response = client.post(reverse(name, kwargs=kwargs), post)
        assert response.status_code == 302, (owner, name, response.status_code)


def test_peers_asking_for_the_first_organisations_rows_get_none(data):
    """Filters and drill-downs that name the first organisation show a peer
    nothing of it (the list of its own, or a refusal); the first organisation
    sees its rows at the same address."""
    orgs = data.orgs
    school, company = orgs["school"].pk, orgs["company"].pk
    cases = [
        (SCHOOL_B, reverse("students:student_list") + f"?school={school}"),
        (
            SCHOOL_B,
            reverse("outcomes:figure_rows") + f"?figure=employment_rate&year=2025&school={school}",
        ),
        (SCHOOL_B, reverse("outcomes:graduate_list") + "?school_year=2024"),
        (COMPANY_B, reverse("governance:action_list") + f"?owner={company}"),
        (COMPANY_B, reverse("api:action_items") + f"?owner={company}"),
        (COMPANY_B, reverse("placements:slot_list") + f"?company={company}"),
        (SCHOOL_B, reverse("rounds:school_round", args=[data.pk_of("round_published", SCHOOL)])),
        (PARTNER_B, reverse("governance:action_list") + f"?owner={orgs['partner'].pk}"),
    ]
    client = Client()
    failures = []
    for peer, url in cases:
        client.force_login(data.users[peer])
        response = client.get(url)
        if response.status_code >= 500:
            failures.append(f"{peer} {url}: {response.status_code}")
            continue
        text = shown_text(response) if response.status_code == 200 else ""
        failures += [f"{peer} {url}: shows {m!r}" for m in sorted(SECRETS[peer]) if m in text]
        client.force_login(data.users[ROLE_OF_PEER[peer]])
        text = shown_text(client.get(url))
        if not any(marker in text for marker in SECRETS[peer]):
            failures.append(f"{ROLE_OF_PEER[peer]} {url}: shows none of its own rows")
    assert not failures, failures


def test_company_updates_its_own_action_item_and_commitment(data):
    item, commitment = data.actions["company"], data.commitments["company"]
    client = Client()
    client.force_login(data.users[COMPANY])
    response = client.post(
        reverse("governance:action_update", args=[item.pk]),
        {"status": "in_progress", "progress_note": "Two trainers assigned"},
    )
    assert response.status_code == 302, response.content[:500]
    item.refresh_from_db()
    assert item.status == "in_progress" and item.progress_note == "Two trainers assigned"
    response = client.post(
        reverse("governance:commitment_update", args=[commitment.pk]),
        {"status": "in_progress", "evidence": "Agreement signed"},
    )
    assert response.status_code == 302, response.content[:500]
    commitment.refresh_from_db()
    assert commitment.status == "in_progress" and commitment.evidence == "Agreement signed"


def _xlsx_text(response) -> str:
    from openpyxl import load_workbook

    wb = load_workbook(BytesIO(response.content), read_only=True)
    return " ".join(
        str(cell) for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for cell in row
    )


def test_company_does_not_see_another_companys_action_items(data):
    client = Client()
    client.force_login(data.users[COMPANY])
    mine, theirs = "[ITEM-company]", "[ITEM-company_b]"
    pages = {
        "action list": client.get(reverse("governance:action_list")),
        "company_b's page": client.get(
            reverse("partners:organisation_detail", args=[data.orgs["company_b"].pk])
        ),
        "meeting page": client.get(reverse("governance:meeting_detail", args=[data.meeting.pk])),
        "home": client.get(reverse("home")),
    }
    for label, response in pages.items():
        assert response.status_code == 200, label
        assert theirs not in response.content.decode(), label
    assert mine in pages["action list"].content.decode()

    text = _xlsx_text(client.get(reverse("governance:action_list_export")))
    assert mine in text and theirs not in text

    titles = [i["title"] for i in client.get(reverse("api:action_items")).json()["results"]]
    assert mine in titles and theirs not in titles


def test_coordinator_sees_every_action_item_of_the_district_only(data):
    client = Client()
    client.force_login(data.users[COORDINATOR])
    content = client.get(reverse("governance:action_list")).content.decode()
    for key in OUR_ORGS:
        assert f"[ITEM-{key}]" in content
    assert "[ITEM-other_company]" not in content


def test_ministry_reads_both_districts(data):
    client = Client()
    client.force_login(data.users[MINISTRY])
    details = [
        ("partners:organisation_detail", "pk", data.orgs["company"].pk),
        ("partners:organisation_detail", "pk", data.orgs["other_company"].pk),
        ("governance:meeting_detail", "pk", data.meeting.pk),
        ("governance:meeting_detail", "pk", data.other_meeting.pk),
        ("governance:action_detail", "pk", data.actions["company"].pk),
        ("governance:action_detail", "pk", data.actions["other_company"].pk),
        ("governance:agreement_detail", "pk", data.agreement.pk),
        ("governance:agreement_detail", "pk", data.other_agreement.pk),
        ("api:organisation", "id", data.orgs["other_company"].pk),
        ("api:meeting", "id", data.other_meeting.pk),
        ("api:action_item", "id", data.actions["other_company"].pk),
        ("api:commitment", "id", data.commitments["other_company"].pk),
    ]
    for name, kwarg, pk in details:
        response = client.get(reverse(name, kwargs={kwarg: pk}))
        assert response.status_code == 200, (name, pk, response.status_code)
    content = client.get(reverse("governance:action_list")).content.decode()
    assert "[ITEM-company]" in content and "[ITEM-other_company]" in content


def test_ministry_is_refused_every_write(data, client):
    failures = []
    headers = login_as(client, data, MINISTRY)
    for name, route in sorted(ROUTES.items()):
        if MINISTRY in expected_for(route).write:
            continue  # public routes and logging out
        method = write_method(route)
        response = send(route, data, MINISTRY, method, client=client, headers=headers)
        if response.status_code != 403:
            failures.append(f"{name} {method}: {response.status_code}")
    assert not failures, failures


def test_student_is_refused_every_district_page(data, client):
    failures = []
    headers = login_as(client, data, STUDENT)
    for name, route in sorted(ROUTES.items()):
        if STUDENT in expected_for(route).read:
            continue  # public routes, home, logout, own tokens
        response = send(route, data, STUDENT, "GET", client=client, headers=headers)
        if response.status_code == 404 and expected_for(route).obj in AUDIENCE_KINDS:
            continue  # a document not shared with students: 404, as for any outsider
        if response.status_code != 403:
            failures.append(f"{name}: {response.status_code}")
    assert not failures, failures
