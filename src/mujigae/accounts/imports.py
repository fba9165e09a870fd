"""Invite many people at once from an xlsx or CSV file: whole or not at all.

Columns, in any order, Korean or English (title rows above the header are
fine): 이름 (name), 이메일 (e-mail), 기관 (organisation: its name as in the
partner directory), 역할 (role: 지구 코디네이터 / 학교 담당자 / 기업 담당자 /
협력기관 담당자, or 코디네이터, 학교, 기업, 협력기관, or the English names).
A school or company user may leave 기관 and 역할 empty: their own organisation
and role. Every row is checked first (docs/accounts-people.md lists the
reasons); one bad row refuses the file and lists every problem. The file is
read by the shared pipeline (`core.imports`, docs/imports.md)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from mujigae.accounts import services
from mujigae.accounts.services import PlannedInvitation
from mujigae.core import policy
from mujigae.core.imports import Columns, Problems, find_header, is_blank, open_workbook
from mujigae.core.models import Role
from mujigae.partners.models import Organisation

COLUMNS = Columns(
    {
        "name": (pgettext_lazy("invitation import column", "name"), {"이름", "성명", "name"}),
        "email": (
            pgettext_lazy("invitation import column", "e-mail"),
            {"이메일", "전자우편", "메일", "email", "e-mail"},
        ),
        "organisation": (
            pgettext_lazy("invitation import column", "organisation"),
            {"기관", "기관명", "소속", "organisation", "organization"},
        ),
        "role": (pgettext_lazy("invitation import column", "role"), {"역할", "권한", "role"}),
    }
)
TEMPLATE_HEADERS = ["이름", "이메일", "기관", "역할"]


def _role_names() -> dict[str, str]:
    names: dict[str, str] = {}
    for value, label in Role.choices:  # every role: one that may not be given is said so
        names[value] = value
        for language in ("en", "ko"):
            with translation.override(language):
                names[str(label).strip().lower()] = value
    for alias, value in (
        ("코디네이터", Role.COORDINATOR),
        ("지구코디네이터", Role.COORDINATOR),
        ("학교", Role.SCHOOL),
        ("학교담당자", Role.SCHOOL),
        ("기업", Role.COMPANY),
        ("기업담당자", Role.COMPANY),
        ("협력기관", Role.PARTNER),
        ("협력기관담당자", Role.PARTNER),
    ):
        names.setdefault(alias, str(value))
    return names


def _key(text: Any) -> str:
    return " ".join(str(text or "").split()).lower()


def plan_invitations(*, actor: Any, name: str, content: bytes) -> list[PlannedInvitation]:
    """Read and check every row; raise ImportRejected (422) listing every
    problem, or return the invitations to make."""
    roles = _role_names()
    grantable = set(services.grantable_roles(actor))
    actable = {
        _key(o.name): o for o in policy.actable_organisations(actor).select_related("district")
    }
    own_role = actor.role if len(grantable) == 1 else None
    own_org = next(iter(actable.values())) if len(actable) == 1 and own_role else None
    problems = Problems()
    plan: list[PlannedInvitation] = []
    seen: dict[str, int] = {}
    with open_workbook(name, content) as book:
        rows = iter(book.first_sheet())
        found = find_header(rows, COLUMNS, lambda index: "name" in index and "email" in index)
        if found is None:
            problems.add(
                1,
                "",
                _(
                    "No header row found: one of the first rows must name the columns (이름, 이메일, 기관, 역할)."
                ),
            )
            problems.raise_if_any()
        _above, header, index = found
        for key in ("organisation", "role"):
            if key not in index and own_role is None:
                problems.add(header, COLUMNS.label(key), _("The column is missing."))
        problems.raise_if_any()
        for row in rows:
            if COLUMNS.key(row.get(index.get("name"))) == "name":
                continue  # a repeated header
            before = len(problems)

            def err(key: str, reason: str, _row: Any = row) -> None:
                problems.add(_row, COLUMNS.label(key), reason)

            person = str(row.get(index["name"]) or "").strip()
            if not person:
                err("name", _("This cell is empty."))
            elif len(person) > 100:
                err("name", _("The name is longer than 100 characters."))

            raw_email = row.get(index["email"])
            email = services.normalise_email(str(raw_email or ""))
            if is_blank(raw_email) or not email:
                err("email", _("This cell is empty."))
                email = ""
            else:
                try:
                    validate_email(email)
                    if len(email) > 150:
                        raise ValidationError("too long")
                except ValidationError:
                    err(
                        "email",
                        _("“%(value)s” is not a valid e-mail address.") % {"value": email[:100]},
                    )
                    email = ""
            if email:
                if email in seen:
                    err(
                        "email",
                        _("The same e-mail is on row %(row)s of this file.") % {"row": seen[email]},
                    )
                else:
                    seen[email] = row.number

            organisation = None
            org_text = row.get(index["organisation"]) if "organisation" in index else None
            if is_blank(org_text):
                if own_org is not None:
                    organisation = own_org
                else:
                    err("organisation", _("This cell is empty."))
            else:
                organisation = actable.get(_key(org_text))
                if organisation is None:
                    named = Organisation.objects.filter(name=" ".join(str(org_text).split()))
                    if actor.district_id and named.filter(district_id=actor.district_id).exists():
                        reason = _("You cannot invite people to this organisation.")
                    elif named.exists():
                        reason = _("This organisation is not in your district.")
                    else:
                        reason = _("No organisation of your district has this name.")
                    err("organisation", f"“{str(org_text)[:100]}”: {reason}")

            role = None
            role_text = row.get(index["role"]) if "role" in index else None
            if is_blank(role_text):
                if own_role is not None:
                    role = own_role
                else:
                    err("role", _("This cell is empty."))
            else:
                role = roles.get(_key(role_text)) or roles.get(_key(role_text).replace(" ", ""))
                if role is None:
                    err("role", _("“%(value)s” is not a role.") % {"value": str(role_text)[:50]})
                elif role not in grantable:
                    err("role", _("You cannot give this role."))
                    role = None
            if role and organisation and not services.role_fits(role, organisation):
                err(
                    "role",
                    _(
                        "This role does not fit this organisation: a school role is for a school, a "
                        "company role for a company, partner staff for the other organisations."
                    ),
                )
                role = None
            if email and role and organisation and len(problems) == before:
                reason = services.invitation_refusal(
                    email=email,
                    role=role,
                    organisation=organisation,
                    district_id=organisation.district_id,
                )
                if reason:
                    err("email", reason)
            if len(problems) == before:
                plan.append(PlannedInvitation(organisation, role, person, email))
    if not plan and not len(problems):
        problems.add(header, "", _("The file has a header but no rows."))
    problems.raise_if_any()
    return plan


def import_invitations(*, actor: Any, name: str, content: bytes) -> list:
    planned = plan_invitations(actor=actor, name=name, content=content)
    return services.invitations_create_many(actor=actor, planned=planned)
