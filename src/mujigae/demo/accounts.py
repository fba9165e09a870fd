"""People and access for the Ansan demo: a few invitations (pending, accepted,
expired, revoked), the `coordinator` login also holding a school role (the
role switcher in the header), and some access-rights history. Every name and
address is invented (example.com).

Idempotent: invitations are keyed on their e-mail in the district, history rows
on (kind, whom, by). The pending invitation of a company manager has a fixed
demo token, so `mujigae demo` can print a link to try the accept page (its
validity is renewed at every run while it is still pending). Call after
`load_ansan()`."""

from __future__ import annotations

import datetime as dt
from typing import TextIO

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from mujigae.accounts.models import AccessChange, Invitation, Membership
from mujigae.accounts.services import accept_url, token_digest
from mujigae.core.models import District, Role, User
from mujigae.demo import SAMPLE_MARK
from mujigae.demo.ansan import COMPANY_USER_ORG, DISTRICT, SCHOOL_USER_ORG
from mujigae.partners.models import Organisation

DEMO_TOKEN = "demo-invitation-ansan-company"  # noqa: S105 - a documented demo link
ACCEPTED_LOGIN = "kim.teacher@school.example.com"


def _write(out: TextIO | None, message: str) -> None:
    if out is not None:
        out.write(message + "\n")


def _invitation(
    district: District,
    organisation: Organisation,
    role: str,
    name: str,
    email: str,
    *,
    by: User,
    digest: str,
    expires_at: dt.datetime,
) -> Invitation:
    invitation, _created = Invitation.objects.get_or_create(
        district=district,
        email=email,
        defaults={
            "organisation": organisation,
            "role": role,
            "name": name,
            "digest": digest,
            "invited_by": by,
            "expires_at": expires_at,
            "last_sent_at": timezone.now(),
        },
    )
    return invitation


@transaction.atomic
def load_ansan_accounts(*, out: TextIO | None = None) -> dict[str, Invitation]:
    district = District.objects.get(code=DISTRICT["code"])
    orgs = {o.name: o for o in Organisation.objects.filter(district=district)}
    school, company = orgs[SCHOOL_USER_ORG], orgs[COMPANY_USER_ORG]
    partner = orgs.get("한양대학교 ERICA") or orgs["안산상공회의소"]
    coordinator = User.objects.get(username="coordinator")
    now = timezone.now()
    days = settings.MUJIGAE_INVITATION_DAYS

    # a coordinator who is also the contact person of a school
    Membership.objects.get_or_create(
        user=coordinator,
        role=Role.SCHOOL,
        district=district,
        organisation=school,
        defaults={"granted_by": User.objects.filter(username="city").first()},
    )

    invitations = {}
    pending = _invitation(
        district,
        company,
        Role.COMPANY,
        f"이초대{SAMPLE_MARK}",
        "new.manager@company.example.com",
        by=coordinator,
        digest=token_digest(DEMO_TOKEN),
        expires_at=now + dt.timedelta(days=days),
    )
    if pending.status in (Invitation.Status.PENDING, Invitation.Status.EXPIRED):
        pending.expires_at = now + dt.timedelta(days=days)
        pending.save(update_fields=["expires_at"])
    invitations["pending"] = pending

    invitations["expired"] = _invitation(
        district,
        partner,
        Role.PARTNER,
        f"박만료{SAMPLE_MARK}",
        "late.partner@university.example.com",
        by=coordinator,
        digest=token_digest("demo-invitation-ansan-expired"),
        expires_at=now - dt.timedelta(days=3),
    )
    invitations["revoked"] = _invitation(
        district,
        company,
        Role.COMPANY,
        f"최철회{SAMPLE_MARK}",
        "wrong.address@company.example.com",
        by=coordinator,
        digest=token_digest("demo-invitation-ansan-revoked"),
        expires_at=now + dt.timedelta(days=days),
    )
    if not invitations["revoked"].revoked_at:
        invitations["revoked"].revoked_at = now
        invitations["revoked"].save(update_fields=["revoked_at"])

    teacher, created = User.objects.get_or_create(
        username=ACCEPTED_LOGIN,
        defaults={
            "email": ACCEPTED_LOGIN,
            "display_name": f"김교사{SAMPLE_MARK}",
            "role": Role.SCHOOL,
            "district": district,
            "organisation": school,
        },
    )
    if created:
        teacher.set_unusable_password()
        teacher.save(update_fields=["password"])
    accepted = _invitation(
        district,
        school,
        Role.SCHOOL,
        f"김교사{SAMPLE_MARK}",
        ACCEPTED_LOGIN,
        by=User.objects.get(username="school"),
        digest=token_digest("demo-invitation-ansan-accepted"),
        expires_at=now + dt.timedelta(days=days),
    )
    if not accepted.accepted_at:
        accepted.accepted_at, accepted.user = now, teacher
        accepted.save(update_fields=["accepted_at", "user"])
    invitations["accepted"] = accepted

    history = [
        (coordinator, pending.name, None, AccessChange.Kind.INVITED, Role.COMPANY, company),
        (coordinator, invitations["expired"].name, None, AccessChange.Kind.INVITED, Role.PARTNER, partner),
        (coordinator, invitations["revoked"].name, None, AccessChange.Kind.INVITATION_REVOKED, Role.COMPANY, company),
        (None, str(teacher), teacher, AccessChange.Kind.ACCOUNT_CREATED, Role.SCHOOL, school),
        (
            User.objects.filter(username="city").first(),
            str(coordinator),
            coordinator,
            AccessChange.Kind.ROLE_GRANTED,
            Role.SCHOOL,
            school,
        ),
    ]  # fmt: skip
    for actor, whom, subject, kind, role, organisation in history:
        AccessChange.objects.get_or_create(
            district=district,
            kind=kind,
            subject_name=whom,
            actor_name=str(actor) if actor else "mujigae",
            defaults={
                "actor": actor,
                "subject": subject,
                "detail": {
                    "role": role,
                    "organisation": organisation.name,
                    "organisation_id": organisation.pk,
                    "demo": True,
                },
            },
        )
    _write(
        out,
        f"초대 {Invitation.objects.filter(district=district).count()}건, "
        f"권한 변경 기록 {AccessChange.objects.filter(district=district).count()}건 · "
        f"초대 수락 체험 / try an invitation: {accept_url(DEMO_TOKEN)}",
    )
    return invitations
