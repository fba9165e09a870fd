"""The access policy: the one place that decides who may see or do what.

Two layers, both here:

* **Routes.** Every URL pattern (pages and API) has a rule naming the roles that
  may read it (GET/HEAD) and the roles that may write to it (POST/PUT/PATCH/DELETE).
  `AccessPolicyMiddleware` enforces it before any view runs; a route with no
  rule is refused (deny by default) and the access-matrix test fails.
* **Objects.** `visible(user, Model)` returns the rows a user may see (scoped by
  district and organisation); `can_change(user, obj)` says whether they may
  change one; `access(user, Model, pk, write=...)` does both at once and raises
  404 for what they may not see ("missing" and "forbidden" look alike to an
  outsider) and 403 for what they may see but not change.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.http import Http404

from mujigae.core.models import ApiToken, AuditEntry, District, Industry, Role, User

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
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
STUDENT_STAFF = frozenset({COORDINATOR, SCHOOL})  # students' personal data


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


# Route name (namespace:url_name) -> rule. The access-matrix test walks the URL
# resolver and fails for any route missing here.
ROUTES: dict[str, Rule] = {
    # platform
    "login": PUBLIC,
    # Not domain writes: everyone, the ministry included, may log out and keep
    # personal API tokens (the ministry reads the API with one).
    "logout": Rule(read=ALL_ROLES, write=ALL_ROLES),
    "set_language": PUBLIC,
    "healthz": PUBLIC,
    "robots_txt": PUBLIC,
    "home": rule(ALL_ROLES),
    "core:audit_log": rule(COORD_AND_MINISTRY),
    "core:tokens": Rule(read=ALL_ROLES, write=ALL_ROLES, note="each user manages their own tokens"),
    "core:token_revoke": Rule(read=ALL_ROLES, write=ALL_ROLES, note="own tokens only"),
    # partners (clause 1)
    "partners:directory": rule(READERS),
    "partners:directory_export": rule(READERS),
    "partners:organisation_detail": rule(READERS),
    "partners:organisation_create": rule(COORD, COORD),
    "partners:organisation_edit": rule(COORD, COORD),
    "partners:person_create": rule(COORD, COORD),
    "partners:person_edit": rule(COORD, COORD),
    # governance (clauses 1 and 7)
    "governance:meeting_list": rule(READERS),
    "governance:meeting_detail": rule(READERS),
    "governance:meeting_create": rule(COORD, COORD),
    "governance:meeting_edit": rule(COORD, COORD),
    "governance:meeting_minutes": rule(COORD, COORD),
    "governance:decision_add": rule(COORD, COORD),
    "governance:action_create": rule(COORD, COORD),
    "governance:action_list": rule(READERS),
    "governance:action_list_export": rule(READERS),
    "governance:action_detail": rule(READERS),
    "governance:action_update": rule(DISTRICT_MEMBERS, DISTRICT_MEMBERS, "owner organisation only"),
    "governance:agreement_current": rule(READERS),
    "governance:agreement_detail": rule(READERS),
    "governance:timeline": rule(READERS),
    "governance:commitment_update": rule(
        DISTRICT_MEMBERS, DISTRICT_MEMBERS, "own organisation only"
    ),
    # surveys (clause 8) — design and sending: coordinators; the list: all partners
    # (they see aggregate results). Add design routes here.
    "surveys:survey_list": rule(READERS),
    "surveys:survey_create": rule(COORD, COORD),
    "surveys:survey_detail": rule(COORD),  # a page to read: writes refused
    "surveys:survey_edit": rule(COORD, COORD),
    "surveys:section_add": rule(COORD, COORD),
    "surveys:question_add": rule(COORD, COORD),
    "surveys:question_edit": rule(COORD, COORD),
    "surveys:question_delete": rule(COORD, COORD),
    "surveys:survey_preview": rule(COORD),  # a page to read: writes refused
    "surveys:survey_status": rule(COORD, COORD),
    "surveys:survey_send": rule(COORD, COORD),
    "surveys:survey_letters": rule(COORD),  # a page to read: writes refused
    "surveys:survey_tracker": rule(COORD),  # a page to read: writes refused
    "surveys:survey_tracker_export": rule(COORD),  # a page to read: writes refused
    # surveys — analysis: coordinators see who answered what; other partners and
    # the ministry see aggregates with small groups suppressed. Add analysis routes here.
    "surveys:analysis": rule(READERS),
    "surveys:analysis_xlsx": rule(READERS),
    "surveys:analysis_csv": rule(COORD, note="raw responses: who answered what"),
    # surveys — answering through a personal link: public, the token is the key.
    # Add answer routes here as "answer:<name>": PUBLIC.
    "answer:answer": PUBLIC,
    "answer:save": PUBLIC,
    "answer:submit": PUBLIC,
    # competencies (issue 4): the NCS taxonomy and the district's competency map.
    # Add competencies routes here.
    "competencies:taxonomy": rule(READERS),
    "competencies:class_detail": rule(READERS),
    "competencies:unit_detail": rule(READERS),
    # The national taxonomy: district coordinators import it (there is no
    # national administrator role; the ministry never writes). See docs/ncs.md.
    "competencies:taxonomy_import": rule(COORD, COORD),
    "competencies:map": rule(READERS),
    "competencies:map_export": rule(READERS),
    "competencies:occupation_create": rule(COORD, COORD),
    "competencies:occupation_detail": rule(READERS),
    "competencies:occupation_edit": rule(COORD, COORD),
    "competencies:occupation_delete": rule(COORD, COORD),
    "competencies:occupation_units_add": rule(COORD, COORD),
    "competencies:occupation_unit_remove": rule(COORD, COORD),
    # free text -> units: the rows say which company wants whom: coordinators only
    "competencies:queue": rule(COORD),
    "competencies:hiring_confirm": rule(COORD, COORD),
    "competencies:answer_confirm": rule(COORD, COORD),
    "competencies:text_confirm": rule(COORD, COORD),
    "competencies:tag_remove": rule(COORD, COORD),
    # curriculum (issue 4): programmes, modules, cohorts, co-development.
    # Add curriculum routes here.
    # Everyone of the district (and the ministry) reads programmes, modules and
    # cohorts (aggregates, no personal data). Coordinators write for the whole
    # district; a school, partner or company writes the programmes it provides
    # (checked per object by `can_change`).
    "curriculum:programme_list": rule(READERS),
    "curriculum:programme_export": rule(READERS),
    "curriculum:programme_detail": rule(READERS),
    "curriculum:programme_create": rule(DISTRICT_MEMBERS, DISTRICT_MEMBERS, "own organisation"),
    "curriculum:programme_edit": rule(DISTRICT_MEMBERS, DISTRICT_MEMBERS, "own programmes"),
    "curriculum:module_create": rule(DISTRICT_MEMBERS, DISTRICT_MEMBERS, "own programmes"),
    "curriculum:module_edit": rule(DISTRICT_MEMBERS, DISTRICT_MEMBERS, "own programmes"),
    "curriculum:module_delete": rule(DISTRICT_MEMBERS, DISTRICT_MEMBERS, "own programmes"),
    "curriculum:cohort_create": rule(DISTRICT_MEMBERS, DISTRICT_MEMBERS, "own programmes"),
    "curriculum:cohort_edit": rule(DISTRICT_MEMBERS, DISTRICT_MEMBERS, "own programmes"),
    "curriculum:cohort_delete": rule(DISTRICT_MEMBERS, DISTRICT_MEMBERS, "own programmes"),
    "curriculum:cohort_import": rule(DISTRICT_MEMBERS, DISTRICT_MEMBERS, "rows of own programmes"),
    "curriculum:unit_search": rule(DISTRICT_MEMBERS),
    # Co-development (clause 3): companies propose; the provider reviews; the
    # coordinator decides. The list shows district counts to all readers (the
    # ministry: counts only) and the rows each may see (`visible`).
    "curriculum:proposal_list": rule(READERS),
    "curriculum:proposal_create": rule(frozenset({COMPANY}), frozenset({COMPANY})),
    "curriculum:proposal_detail": rule(DISTRICT_MEMBERS),
    "curriculum:proposal_edit": rule(
        DISTRICT_MEMBERS, frozenset({COMPANY}), "the proposing company, while a draft"
    ),
    "curriculum:proposal_transition": rule(
        DISTRICT_MEMBERS, DISTRICT_MEMBERS, "who may move which step: the services decide"
    ),
    "curriculum:proposal_comment": rule(DISTRICT_MEMBERS, DISTRICT_MEMBERS, "the parties"),
    # insights (issue 4): the skills-gap analysis.
    # Add insights routes here.
    "insights:gap": rule(READERS),
    "insights:gap_unit": rule(READERS),
    "insights:gap_export": rule(READERS),
    "insights:gap_recompute": rule(COORD, COORD, "queues a recompute of the own district"),
    # students (issue 5): students' records — personal data (PIPA).
    # Add students routes here.
    # A school: its own students; the district coordinator: the district's
    # (masked lists, a logged detail, export and erasure of one person); the
    # ministry: counts only; a student: their own record. See docs/students.md.
    "students:student_list": rule(STUDENT_STAFF),
    "students:student_list_export": rule(STUDENT_STAFF),
    "students:student_import": rule(STUDENT_STAFF, STUDENT_STAFF),
    "students:import_template": rule(STUDENT_STAFF),
    "students:student_detail": rule(STUDENT_STAFF, note="asks for a purpose; logs each view"),
    "students:student_edit": rule(STUDENT_STAFF, STUDENT_STAFF, "own school (coordinator: all)"),
    "students:consent_add": rule(STUDENT_STAFF, STUDENT_STAFF),
    "students:consent_withdraw": rule(STUDENT_STAFF, STUDENT_STAFF),
    "students:access_log": rule(STUDENT_STAFF),
    "students:student_export": rule(COORD, COORD, "one person's data; logged"),
    "students:student_erase": rule(COORD, COORD, "one person's data"),
    "students:summary": rule(COORD_AND_MINISTRY, note="counts only"),
    "students:me": rule(
        frozenset({STUDENT}), frozenset({STUDENT}), "own record; POST withdraws an own consent"
    ),
    # placements (issue 5): companies' field-training and job slots, 표준협약서,
    # company eligibility, minors' night/holiday authorisations.
    # Add placements routes here.
    # A company posts and edits its own slots and sees its eligibility; the
    # coordinator sees and exports every slot of the district and alone sets
    # eligibility; schools and students read the district's open slots; a school
    # records agreements and night/holiday authorisations of its own students.
    # See docs/placements.md.
    "placements:slot_list": rule(frozenset({COORDINATOR, SCHOOL, COMPANY, STUDENT})),
    "placements:slot_export": rule(COORD),
    "placements:slot_create": rule(frozenset({COMPANY}), frozenset({COMPANY})),
    "placements:slot_detail": rule(
        frozenset({COORDINATOR, SCHOOL, COMPANY, STUDENT}), note="company: own; others: open"
    ),
    "placements:slot_edit": rule(
        frozenset({COORDINATOR, COMPANY}), frozenset({COORDINATOR, COMPANY}), "own slots"
    ),
    "placements:slot_status": rule(
        frozenset({COORDINATOR, COMPANY}), frozenset({COORDINATOR, COMPANY}), "own slots"
    ),
    "placements:agreement_list": rule(frozenset({COORDINATOR, SCHOOL, COMPANY})),
    "placements:agreement_create": rule(
        frozenset({COORDINATOR, SCHOOL, COMPANY}),
        frozenset({COORDINATOR, SCHOOL, COMPANY}),
        "a school or company for itself",
    ),
    "placements:eligibility_list": rule(frozenset({COORDINATOR, COMPANY}), note="company: own"),
    "placements:eligibility_edit": rule(COORD, COORD),
    "placements:exception_list": rule(STUDENT_STAFF),
    "placements:exception_create": rule(STUDENT_STAFF, STUDENT_STAFF, "own students"),
    "placements:pair_check": rule(STUDENT_STAFF, note="own students; names masked"),
    # rounds (issue 5): matching rounds (students rank slots, companies rank
    # applicants, deferred acceptance, publish, accept/decline).
    # Add rounds routes here.
    "rounds:round_list": rule(frozenset({COORDINATOR, SCHOOL, COMPANY, STUDENT})),
    "rounds:round_create": rule(COORD, COORD),
    "rounds:round_detail": rule(COORD, note="counts, results per slot and school"),
    "rounds:round_transition": rule(COORD, COORD, "open, close, publish, finish"),
    "rounds:round_run": rule(COORD, COORD, "POST runs or queues; GET: the run status"),
    "rounds:round_export": rule(COORD),
    "rounds:round_welfare": rule(COORD),
    "rounds:round_second": rule(COORD, COORD, "a second round from a published one"),
    # the coordinator passes the route (a round of another district is a 404)
    # and is refused by the view: these pages are the student's own
    "rounds:student_round": rule(
        frozenset({STUDENT, COORDINATOR}), frozenset({STUDENT}), "own choices; placement consent"
    ),
    "rounds:student_respond": rule(
        frozenset({STUDENT, COORDINATOR}), frozenset({STUDENT}), "own result; POST only"
    ),
    "rounds:company_round": rule(
        frozenset({COMPANY, COORDINATOR}), frozenset({COMPANY}), "own slots' applicants only"
    ),
    "rounds:school_round": rule(STUDENT_STAFF, STUDENT_STAFF, "own students' choices"),
    "rounds:answer_correct": rule(
        COORD, COORD, "POST only: a placed student's answer, with a reason"
    ),
    # outcomes (issue 5): hires, further study, follow-ups, settlement
    # programmes, the district outcomes dashboard.
    # Add outcomes routes here.
    # School: its own students; coordinator: the district's; ministry: the
    # dashboard's district aggregates only; providers: their settlement
    # programmes; a student: their own outcomes. See docs/outcomes.md.
    "outcomes:dashboard": rule(frozenset({COORDINATOR, SCHOOL, MINISTRY}), note="aggregates"),
    "outcomes:dashboard_export": rule(frozenset({COORDINATOR, SCHOOL, MINISTRY})),
    "outcomes:figure_rows": rule(STUDENT_STAFF, note="the graduates behind a figure; masked"),
    "outcomes:graduate_list": rule(STUDENT_STAFF),
    "outcomes:graduate_import": rule(STUDENT_STAFF, STUDENT_STAFF, "own school's graduates"),
    "outcomes:student_outcomes": rule(STUDENT_STAFF, STUDENT_STAFF, "POST saves the status"),
    "outcomes:hire_create": rule(STUDENT_STAFF, STUDENT_STAFF, "own students"),
    "outcomes:hire_edit": rule(STUDENT_STAFF, STUDENT_STAFF, "own students"),
    "outcomes:study_create": rule(STUDENT_STAFF, STUDENT_STAFF, "own students"),
    "outcomes:followup_list": rule(STUDENT_STAFF),
    "outcomes:followup_edit": rule(STUDENT_STAFF, STUDENT_STAFF, "follow-up consent"),
    "outcomes:programme_list": rule(DISTRICT_MEMBERS, note="providers: own programmes"),
    "outcomes:programme_create": rule(COORD, COORD),
    "outcomes:programme_detail": rule(DISTRICT_MEMBERS, note="providers: own programmes"),
    "outcomes:programme_edit": rule(DISTRICT_MEMBERS, DISTRICT_MEMBERS, "own programmes"),
    "outcomes:participant_add": rule(DISTRICT_MEMBERS, DISTRICT_MEMBERS, "own programmes"),
    "outcomes:participant_remove": rule(DISTRICT_MEMBERS, DISTRICT_MEMBERS, "own programmes"),
    "outcomes:me": rule(frozenset({STUDENT}), note="own outcomes"),
    # API (django-ninja); one rule per path, read = GET, write = POST/PATCH
    "api:openapi-json": PUBLIC,
    "api:openapi-view": PUBLIC,
    "api:organisations": rule(READERS, COORD),
    "api:organisation": rule(READERS, COORD),
    "api:meetings": rule(READERS, COORD),
    "api:meeting": rule(READERS, COORD),
    "api:action_items": rule(READERS, COORD),
    "api:action_item": rule(READERS, DISTRICT_MEMBERS, "owner organisation only"),
    "api:commitments": rule(READERS),
    "api:commitment": rule(READERS, DISTRICT_MEMBERS, "own organisation only"),
}

# Whole namespaces with one rule: Django's admin is for superusers only.
NAMESPACE_ROUTES: dict[str, Rule] = {
    "admin": Rule(superuser_only=True),
}


def rule_for(route_name: str | None) -> Rule | None:
    if not route_name:
        return None
    if route_name in ROUTES:
        return ROUTES[route_name]
    namespace = route_name.split(":", 1)[0] if ":" in route_name else ""
    return NAMESPACE_ROUTES.get(namespace)


# --------------------------------------------------------------------------
# objects


def _district_scoped(user: User, qs: QuerySet, field_name: str = "district") -> QuerySet:
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    if user.role == MINISTRY:
        return qs
    if user.district_id is None:
        return qs.none()
    return qs.filter(**{f"{field_name}_id": user.district_id})


def _readers_of_district(field_name: str = "district") -> Callable[[User, QuerySet], QuerySet]:
    def scope(user: User, qs: QuerySet) -> QuerySet:
        if getattr(user, "role", None) not in READERS:
            return qs.none()
        return _district_scoped(user, qs, field_name)

    return scope


def _action_items(user: User, qs: QuerySet) -> QuerySet:
    qs = _district_scoped(user, qs)
    role = getattr(user, "role", None)
    if role in (COORDINATOR, MINISTRY):
        return qs
    if role in ORG_ROLES and user.organisation_id:
        return qs.filter(owner_id=user.organisation_id)
    return qs.none()


def _coordinators_of_district(field_name: str = "district") -> Callable[[User, QuerySet], QuerySet]:
    """Rows that say who answered what: the district's coordinators only (PIPA-style
    minimisation; other partners see aggregates through the analysis selectors)."""

    def scope(user: User, qs: QuerySet) -> QuerySet:
        if getattr(user, "role", None) != COORDINATOR:
            return qs.none()
        return _district_scoped(user, qs, field_name)

    return scope


def _proposals(user: User, qs: QuerySet) -> QuerySet:
    """Module proposals: coordinators see the district's; a company its own; the
    provider of a programme (school, partner, company) those for its programmes.
    The ministry sees counts only (curriculum selectors), never the rows."""
    role = getattr(user, "role", None)
    if role not in DISTRICT_MEMBERS:
        return qs.none()
    qs = _district_scoped(user, qs)
    if role == COORDINATOR:
        return qs
    if not user.organisation_id:
        return qs.none()
    from django.db.models import Q

    org = user.organisation_id
    return qs.filter(Q(proposer_id=org) | Q(programme__provider_id=org))


def _proposal_children(user: User, qs: QuerySet) -> QuerySet:
    from mujigae.curriculum.models import ModuleProposal

    return qs.filter(proposal__in=visible(user, ModuleProposal).values("pk"))


def can_edit_proposal(user: Any, proposal: Model) -> bool:
    """Only the proposing company edits a proposal's content (the status rules
    are the services': a draft or a returned proposal)."""
    return (
        getattr(user, "is_authenticated", False)
        and user.role == COMPANY
        and proposal.proposer_id == user.organisation_id
        and proposal.district_id == user.district_id
    )


def can_propose(user: Any, programme: Model) -> bool:
    """A company of the programme's district may propose modules for it."""
    return (
        getattr(user, "is_authenticated", False)
        and user.role == COMPANY
        and user.organisation_id is not None
        and programme.district_id == user.district_id
    )


def can_create_programme_for(user: Any, provider: Model) -> bool:
    """Coordinators for any organisation of their district; a school, partner or
    company for its own organisation only."""
    if not getattr(user, "is_authenticated", False) or user.district_id is None:
        return False
    if provider.district_id != user.district_id:
        return False
    if user.role == COORDINATOR:
        return True
    return user.role in ORG_ROLES and provider.pk == user.organisation_id


def _national(roles: frozenset[str]) -> Callable[[User, QuerySet], QuerySet]:
    """National reference rows (the NCS taxonomy): the same for every district."""

    def scope(user: User, qs: QuerySet) -> QuerySet:
        if getattr(user, "role", None) not in roles:
            return qs.none()
        return qs

    return scope


def _students(field_name: str = "") -> Callable[[User, QuerySet], QuerySet]:
    """Students' personal data: a school its own students; the coordinator the
    district's; a student their own record; nobody else (the ministry reads
    counts through `students.selectors.student_counts`)."""
    prefix = f"{field_name}__" if field_name else ""

    def scope(user: User, qs: QuerySet) -> QuerySet:
        role = getattr(user, "role", None)
        if role not in (COORDINATOR, SCHOOL, STUDENT) or user.district_id is None:
            return qs.none()
        qs = qs.filter(**{f"{prefix}district_id": user.district_id})
        if role == COORDINATOR:
            return qs
        if role == SCHOOL:
            if not user.organisation_id:
                return qs.none()
            return qs.filter(**{f"{prefix}school_id": user.organisation_id})
        return qs.filter(**{f"{prefix}user_id": user.pk})

    return scope


def _audit(user: User, qs: QuerySet) -> QuerySet:
    if getattr(user, "role", None) not in COORD_AND_MINISTRY:
        return qs.none()
    return _district_scoped(user, qs)


def _tokens(user: User, qs: QuerySet) -> QuerySet:
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    return qs.filter(user_id=user.pk)


def _districts(user: User, qs: QuerySet) -> QuerySet:
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    if user.role == MINISTRY:
        return qs
    return qs.filter(pk=user.district_id)


def _gap_rows(user: User, qs: QuerySet) -> QuerySet:
    """Skills-gap figures: readers of their district; the ministry reads every
    district and the national rows (district empty)."""
    role = getattr(user, "role", None)
    if role not in READERS:
        return qs.none()
    if role == MINISTRY:
        return qs
    if user.district_id is None:
        return qs.none()
    return qs.filter(district_id=user.district_id)


def _gap_runs(user: User, qs: QuerySet) -> QuerySet:
    """Recompute runs (counts only): readers see their district's and the
    national ones (district empty), which recompute their figures too."""
    role = getattr(user, "role", None)
    if role not in READERS:
        return qs.none()
    if role == MINISTRY:
        return qs
    if user.district_id is None:
        return qs.none()
    return qs.filter(Q(district_id=user.district_id) | Q(district__isnull=True))


SCOPES: dict[str, Callable[[User, QuerySet], QuerySet]] = {}


def register_scope(label: str, scope: Callable[[User, QuerySet], QuerySet]) -> None:
    SCOPES[label] = scope


def _label(model: type[Model] | Model) -> str:
    return model._meta.label


def _register_defaults() -> None:
    from mujigae.governance.models import (
        ActionItem,
        Agreement,
        Clause,
        Commitment,
        Decision,
        Meeting,
    )
    from mujigae.partners.models import Organisation, Person

    register_scope(_label(District), _districts)
    register_scope(_label(Industry), _readers_of_district())
    register_scope(_label(Organisation), _readers_of_district())
    register_scope(_label(Person), _readers_of_district())
    register_scope(_label(Meeting), _readers_of_district())
    register_scope(_label(Decision), _readers_of_district("meeting__district"))
    register_scope(_label(Agreement), _readers_of_district())
    register_scope(_label(Clause), _readers_of_district("agreement__district"))
    register_scope(_label(Commitment), _readers_of_district())
    register_scope(_label(ActionItem), _action_items)
    register_scope(_label(AuditEntry), _audit)
    register_scope(_label(ApiToken), _tokens)

    from mujigae.surveys.models import (
        Answer,
        HiringDemand,
        Invitation,
        Question,
        Response,
        Section,
        Survey,
    )

    register_scope(_label(Survey), _readers_of_district())
    register_scope(_label(Section), _readers_of_district("survey__district"))
    register_scope(_label(Question), _readers_of_district("survey__district"))
    register_scope(_label(Invitation), _coordinators_of_district("survey__district"))
    register_scope(_label(Response), _coordinators_of_district("survey__district"))
    register_scope(_label(Answer), _coordinators_of_district("response__survey__district"))
    register_scope(_label(HiringDemand), _coordinators_of_district())

    # insights (issue 4): figures of the own district (the ministry: all, and
    # the national roll-up rows, district empty); recompute runs likewise.
    from mujigae.insights.models import GapFigure, GapRun

    register_scope(_label(GapFigure), _gap_rows)
    register_scope(_label(GapRun), _gap_runs)

    from mujigae.competencies.models import (
        CompetencyElement,
        CompetencyUnit,
        NcsClass,
        NcsImport,
        Occupation,
        UnitTag,
    )

    # The NCS taxonomy is national: every district's members and the ministry read it.
    register_scope(_label(NcsClass), _national(READERS))
    register_scope(_label(CompetencyUnit), _national(READERS))
    register_scope(_label(CompetencyElement), _national(READERS))
    register_scope(_label(NcsImport), _national(COORD_AND_MINISTRY))
    register_scope(_label(Occupation), _readers_of_district())
    register_scope(_label(UnitTag), _coordinators_of_district())

    from mujigae.curriculum.models import (
        Cohort,
        Module,
        ModuleProposal,
        ModuleUnit,
        Programme,
        ProposalComment,
        ProposalVersion,
    )

    register_scope(_label(Programme), _readers_of_district())
    register_scope(_label(Module), _readers_of_district("programme__district"))
    register_scope(_label(ModuleUnit), _readers_of_district("module__programme__district"))
    register_scope(_label(Cohort), _readers_of_district())
    register_scope(_label(ModuleProposal), _proposals)
    register_scope(_label(ProposalVersion), _proposal_children)
    register_scope(_label(ProposalComment), _proposal_children)

    # students (issue 5): personal data (PIPA)
    from mujigae.students.models import AccessLog, Consent, ErasureRecord, Student

    register_scope(_label(Student), _students())
    register_scope(_label(Consent), _students("student"))
    register_scope(_label(AccessLog), _students("student"))
    register_scope(_label(ErasureRecord), _coordinators_of_district())

    # placements (issue 5)
    # Add placements scopes here.
    from mujigae.placements import access as placements_access

    for model, scope in placements_access.scopes(_students).items():
        register_scope(_label(model), scope)

    # rounds (issue 5)
    # Add rounds scopes here.
    from mujigae.rounds import access as rounds_access

    for model, scope in rounds_access.scopes().items():
        register_scope(_label(model), scope)

    # outcomes (issue 5)
    # Add outcomes scopes here.
    from mujigae.outcomes import access as outcomes_access

    for model, scope in outcomes_access.scopes(_students).items():
        register_scope(_label(model), scope)


def visible(user: Any, model: type[Model], qs: QuerySet | None = None) -> QuerySet:
    """The rows of `model` that `user` may see. Unknown models are refused loudly."""
    if not SCOPES:
        _register_defaults()
    try:
        scope = SCOPES[_label(model)]
    except KeyError as exc:  # a model without a scope is a programming error
        raise LookupError(f"no access scope for {_label(model)}") from exc
    return scope(user, model._default_manager.all() if qs is None else qs)


def _coordinates(user: Any, district_id: int | None) -> bool:
    return user.role == COORDINATOR and district_id is not None and user.district_id == district_id


def can_change(user: Any, obj: Model) -> bool:
    """May `user` change `obj` (which they can already see)?"""
    if not getattr(user, "is_authenticated", False):
        return False
    label = _label(obj)
    if label == "core.ApiToken":  # one's own tokens, whatever the role
        return obj.user_id == user.pk
    if user.role in (MINISTRY, STUDENT):
        return False
    district_id = _district_id_of(obj)
    if _coordinates(user, district_id):
        return True
    if label == "governance.ActionItem":
        return user.role in ORG_ROLES and obj.owner_id == user.organisation_id
    if label in ("students.Student", "students.Consent"):
        student = obj if label == "students.Student" else obj.student
        return (
            user.role == SCHOOL
            and student.district_id == user.district_id
            and student.school_id == user.organisation_id
        )
    # Add placements can_change here.
    if label.startswith("placements."):
        from mujigae.placements import access as placements_access

        return placements_access.can_change(user, obj)
    # Add rounds can_change here.
    if label.startswith("rounds."):
        from mujigae.rounds import access as rounds_access

        return rounds_access.can_change(user, obj)
    # Add outcomes can_change here.
    if label.startswith("outcomes."):
        from mujigae.outcomes import access as outcomes_access

        return outcomes_access.can_change(user, obj)
    if label == "governance.Commitment":
        return user.role in ORG_ROLES and obj.organisation_id == user.organisation_id
    if label in ("curriculum.Programme", "curriculum.Module", "curriculum.Cohort"):
        provider_id = obj.provider_id if label == "curriculum.Programme" else None
        if provider_id is None:
            provider_id = obj.programme.provider_id
        return user.role in ORG_ROLES and provider_id == user.organisation_id
    return False


def can_manage(user: Any, obj: Model) -> bool:
    """Full edit rights (all fields), not just an owner's status update."""
    return getattr(user, "is_authenticated", False) and _coordinates(user, _district_id_of(obj))


def can_create_in(user: Any, district: District | None) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and district is not None
        and _coordinates(user, district.pk)
    )


def _district_id_of(obj: Model) -> int | None:
    if isinstance(obj, District):
        return obj.pk
    if hasattr(obj, "district_id"):
        return obj.district_id
    if hasattr(obj, "meeting"):
        return obj.meeting.district_id
    if hasattr(obj, "agreement"):
        return obj.agreement.district_id
    if hasattr(obj, "survey"):
        return obj.survey.district_id
    return None


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


def home_district(user: Any) -> District | None:
    """The district a user works in (None for the ministry, which reads them all)."""
    return getattr(user, "district", None)
