"""Every write about people and their access. Each grant, change or removal of
access writes one `AccessChange` row in the same transaction (docs/accounts-people.md).

* Invitations: `invitation_create`, `invitation_revoke`, `invitation_resend`,
  `invitation_accept` (a new account) and `invitation_accept_existing` (a role
  added to the account that already has the e-mail: no two people share one,
  and nobody gets two). Only the SHA-256 digest of a token is stored.
* People: `person_deactivate`, `person_reactivate`, `membership_add`,
  `membership_change` (another role, or another organisation of the district),
  `membership_remove`, `membership_switch` (the role in use).
* Districts: `district_create` (platform administrators).
* `ensure_membership`: the user's current role is always one of their
  memberships (called by the post_save signal on core.User, see signals.py).
* Logging in after accepting an invitation is the login flow's last step
  (`security.services.sign_in`, from `views.accepted_landing`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from mujigae.accounts.models import AccessChange, Invitation, Membership
from mujigae.core import audit, policy
from mujigae.core.exceptions import ApplicationError
from mujigae.core.models import District, Industry, Role
from mujigae.partners.models import Organisation, OrgKind

logger = logging.getLogger(__name__)

COORDINATOR, SCHOOL, COMPANY, PARTNER = (
    policy.COORDINATOR,
    policy.SCHOOL,
    policy.COMPANY,
    policy.PARTNER,
)
# The roles an invitation may carry (students get accounts from their school's
# class list; the ministry's analysts are made by a platform administrator).
INVITABLE_ROLES: tuple[str, ...] = (COORDINATOR, SCHOOL, COMPANY, PARTNER)
# Who may grant which role: nobody grants a role above their own. A school
# invites school staff, a company its colleagues; the district's coordinators
# any role of the district.
GRANTABLE: dict[str, tuple[str, ...]] = {
    COORDINATOR: INVITABLE_ROLES,
    SCHOOL: (SCHOOL,),
    COMPANY: (COMPANY,),
}
# The roles a coordinator manages on the people page (not students: their
# accounts belong to their school's records).
MANAGED_ROLES = INVITABLE_ROLES
DEFAULT_INVITATION_DAYS = 7


# --------------------------------------------------------------------------
# the history


def access_change_record(
    *,
    actor: Any,
    subject: Any,
    kind: str,
    detail: dict | None = None,
    district: District | int | None = None,
) -> AccessChange:
    """Record one grant, change or removal of `subject`'s access by `actor`
    (None for the platform itself, e.g. a person accepting an invitation).
    `district`: the district the change is about (default: the subject's,
    else the actor's)."""
    district_id = district.pk if isinstance(district, District) else district
    if district_id is None:
        district_id = getattr(subject, "district_id", None) or getattr(actor, "district_id", None)
    return AccessChange.objects.create(
        district_id=district_id,
        actor=actor if getattr(actor, "pk", None) else None,
        actor_name=(str(actor) if getattr(actor, "pk", None) else "mujigae")[:150],
        subject=subject if getattr(subject, "pk", None) else None,
        subject_name=str(subject)[:150],
        kind=kind,
        detail=detail or {},
    )


def _role_detail(membership: Membership | Invitation) -> dict[str, Any]:
    return {
        "role": membership.role,
        "organisation": membership.organisation.name if membership.organisation_id else "",
        "organisation_id": membership.organisation_id,
    }


# --------------------------------------------------------------------------
# rules


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def grantable_roles(user: Any) -> tuple[str, ...]:
    """The roles `user` may grant (invite to, change to)."""
    return GRANTABLE.get(policy.role_of(user) or "", ())


def role_fits(role: str, organisation: Organisation | None) -> bool:
    """May a person of `role` work for `organisation`? A school role works for a
    school, a company role for a company, partner staff for any other kind of
    organisation; a coordinator for any organisation of the district (the
    education office, the city, or a school whose teacher is the district's contact)."""
    if organisation is None:
        return role == COORDINATOR
    kind = organisation.kind
    if role == SCHOOL:
        return kind == OrgKind.SCHOOL
    if role == COMPANY:
        return kind == OrgKind.COMPANY
    if role == PARTNER:
        return kind not in (OrgKind.SCHOOL, OrgKind.COMPANY)
    return role == COORDINATOR


def check_grant(*, actor: Any, role: str, organisation: Organisation | None) -> None:
    """Refuse (403/422 with the field named) a grant `actor` may not make."""
    if role not in grantable_roles(actor):
        raise ApplicationError(
            _("You cannot give this role."),
            field_errors={"role": [_("You cannot give this role.")]},
            status=403,
        )
    if organisation is None or not policy.may_act_for(actor, organisation):
        message = _("Choose an organisation of your own district that you may act for.")
        raise ApplicationError(message, field_errors={"organisation": [message]}, status=403)
    if not role_fits(role, organisation):
        message = _(
            "This role does not fit this organisation: a school role is for a school, a "
            "company role for a company, partner staff for the other organisations."
        )
        raise ApplicationError(message, field_errors={"role": [message]})


def account_for_email(email: str) -> Any | None:
    """The account that already has this e-mail (as its address or its login),
    case-insensitively; None if there is none."""
    email = normalise_email(email)
    if not email:
        return None
    User = get_user_model()
    return (
        User.objects.filter(Q(username__iexact=email) | Q(email__iexact=email))
        .order_by("pk")
        .first()
    )


def pending_invitations(email: str, district_id: int | None):
    now = timezone.now()
    return Invitation.objects.filter(
        email__iexact=normalise_email(email),
        district_id=district_id,
        accepted_at__isnull=True,
        revoked_at__isnull=True,
        expires_at__gt=now,
    )


def invitation_refusal(
    *, email: str, role: str, organisation: Organisation | None, district_id: int | None
) -> str | None:
    """Why an invitation to `email` cannot be made (None: it can). Shared by the
    form and the bulk import."""
    if pending_invitations(email, district_id).exists():
        return _(
            "An invitation to this e-mail is already pending. Resend it from the list instead."
        )
    account = account_for_email(email)
    if account is not None:
        if not account.is_active:
            return _(
                "This e-mail belongs to a deactivated account. Reactivate it on the people page."
            )
        if account.role == Role.STUDENT or account.is_superuser:
            return _("This e-mail belongs to an account that cannot take this role.")
        if Membership.objects.filter(
            user=account, role=role, organisation=organisation, district_id=district_id
        ).exists():
            return _("This person already holds this role in this organisation.")
    return None


# --------------------------------------------------------------------------
# tokens and mail


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _new_token() -> tuple[str, str]:
    token = secrets.token_urlsafe(32)
    return token, token_digest(token)


def invitation_days() -> int:
    return int(getattr(settings, "MUJIGAE_INVITATION_DAYS", DEFAULT_INVITATION_DAYS))


def accept_url(token: str) -> str:
    base = settings.MUJIGAE_BASE_URL.rstrip("/")
    return base + reverse("accounts:invitation_accept", args=[token])


def _mail(invitation: Invitation, token: str) -> tuple[str, str]:
    with translation.override("ko"):
        subject = _("[mujigae] You are invited to %(district)s") % {
            "district": invitation.district.name if invitation.district_id else "mujigae"
        }
        body = render_to_string(
            "accounts/email/invitation.txt",
            {
                "invitation": invitation,
                "link": accept_url(token),
                "days": invitation_days(),
                "inviter": str(invitation.invited_by) if invitation.invited_by_id else "mujigae",
                "role": Role(invitation.role).label,
            },
        )
    return subject, body


def _send_after_commit(invitation: Invitation, token: str) -> None:
    """E-mail the link once the transaction is committed (a rollback sends nothing).
    A failure is logged with the invitation's id only (never the address) and
    the list offers a resend."""
    subject, body = _mail(invitation, token)
    recipient, pk = invitation.email, invitation.pk

    def send() -> None:
        try:
            send_mail(subject, body, None, [recipient])
        except Exception:  # noqa: BLE001 - a mail server error must not undo the invitation
            logger.warning("invitation %s: the e-mail could not be sent", pk)

    transaction.on_commit(send)


# --------------------------------------------------------------------------
# invitations


def _invitation_new(
    *,
    actor: Any,
    district: District,
    organisation: Organisation | None,
    role: str,
    name: str,
    email: str,
) -> Invitation:
    email = normalise_email(email)
    try:
        validate_email(email)
    except ValidationError as exc:
        message = _("Enter a valid e-mail address.")
        raise ApplicationError(message, field_errors={"email": [message]}) from exc
    if not name.strip():
        message = _("Enter the person's name.")
        raise ApplicationError(message, field_errors={"name": [message]})
    token, digest = _new_token()
    now = timezone.now()
    invitation = Invitation.objects.create(
        district=district,
        organisation=organisation,
        role=role,
        name=name.strip(),
        email=normalise_email(email),
        digest=digest,
        invited_by=actor if getattr(actor, "pk", None) else None,
        expires_at=now + dt.timedelta(days=invitation_days()),
        last_sent_at=now,
    )
    access_change_record(
        actor=actor,
        subject=invitation.name,
        kind=AccessChange.Kind.INVITED,
        detail={**_role_detail(invitation), "invitation": invitation.pk},
        district=district,
    )
    _send_after_commit(invitation, token)
    return invitation


def invitation_create(
    *, actor: Any, organisation: Organisation, role: str, name: str, email: str
) -> Invitation:
    """Invite one person to `organisation` with `role`, as `actor`."""
    check_grant(actor=actor, role=role, organisation=organisation)
    with transaction.atomic():
        reason = invitation_refusal(
            email=email, role=role, organisation=organisation, district_id=organisation.district_id
        )
        if reason:
            raise ApplicationError(reason, field_errors={"email": [reason]})
        return _invitation_new(
            actor=actor,
            district=organisation.district,
            organisation=organisation,
            role=role,
            name=name,
            email=email,
        )


@dataclass(frozen=True)
class PlannedInvitation:
    organisation: Organisation
    role: str
    name: str
    email: str


def invitations_create_many(
    *, actor: Any, planned: Iterable[PlannedInvitation]
) -> list[Invitation]:
    """Create checked invitations in one transaction (the bulk import checks
    every row first)."""
    with transaction.atomic():
        return [
            _invitation_new(
                actor=actor,
                district=p.organisation.district,
                organisation=p.organisation,
                role=p.role,
                name=p.name,
                email=p.email,
            )
            for p in planned
        ]


def _locked(invitation: Invitation) -> Invitation:
    return Invitation.objects.select_for_update().get(pk=invitation.pk)


def invitation_revoke(*, actor: Any, invitation: Invitation) -> Invitation:
    with transaction.atomic():
        invitation = _locked(invitation)
        if invitation.revoked_at:
            return invitation  # revoked already (a double submit): nothing to do
        if invitation.status != Invitation.Status.PENDING:
            raise ApplicationError(_("Only a pending invitation can be revoked."), status=409)
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
        access_change_record(
            actor=actor,
            subject=invitation.name,
            kind=AccessChange.Kind.INVITATION_REVOKED,
            detail={**_role_detail(invitation), "invitation": invitation.pk},
            district=invitation.district_id,
        )
    return invitation


def invitation_resend(*, actor: Any, invitation: Invitation) -> Invitation:
    """A new token (the old link stops working) and a new validity; mailed again.
    A revoked or accepted invitation is not resent (invite again instead)."""
    with transaction.atomic():
        invitation = _locked(invitation)
        if invitation.accepted_at or invitation.revoked_at:
            raise ApplicationError(
                _("An accepted or revoked invitation cannot be resent. Invite the person again."),
                status=409,
            )
        token, digest = _new_token()
        now = timezone.now()
        invitation.digest = digest
        invitation.expires_at = now + dt.timedelta(days=invitation_days())
        invitation.last_sent_at = now
        invitation.sent_count += 1
        invitation.save(update_fields=["digest", "expires_at", "last_sent_at", "sent_count"])
        access_change_record(
            actor=actor,
            subject=invitation.name,
            kind=AccessChange.Kind.INVITED,
            detail={**_role_detail(invitation), "invitation": invitation.pk, "resent": True},
            district=invitation.district_id,
        )
        _send_after_commit(invitation, token)
    return invitation


class InvitationUnusable(Exception):
    """The link is wrong, expired, used or revoked: `status` 404 or 410, `reason`."""

    def __init__(self, reason: str, status: int):
        super().__init__(reason)
        self.reason = reason
        self.status = status


def invitation_by_token(token: str) -> Invitation:
    """The pending invitation of a link, or InvitationUnusable (nothing written)."""
    if not token or len(token) > 100:
        raise InvitationUnusable("unknown", 404)
    invitation = (
        Invitation.objects.select_related("organisation", "district", "invited_by")
        .filter(digest=token_digest(token))
        .first()
    )
    if invitation is None:
        raise InvitationUnusable("unknown", 404)
    status = invitation.status
    if status != Invitation.Status.PENDING:
        raise InvitationUnusable(str(status), 410)
    return invitation


def _grant(*, user: Any, invitation: Invitation) -> Membership:
    membership, created = Membership.objects.get_or_create(
        user=user,
        role=invitation.role,
        district_id=invitation.district_id,
        organisation_id=invitation.organisation_id,
        defaults={"granted_by_id": invitation.invited_by_id},
    )
    if not created:
        raise ApplicationError(_("You already hold this role."), status=409)
    return membership


def _mark_accepted(invitation: Invitation, user: Any) -> None:
    invitation.accepted_at = timezone.now()
    invitation.user = user
    invitation.save(update_fields=["accepted_at", "user"])


def invitation_accept(*, token: str, password: str) -> Any:
    """A new account for the invited person: username = the e-mail, lower-cased;
    the invitation's role as its first membership (and the role in use). The
    password has been checked by the form (Django's validators)."""
    User = get_user_model()
    with transaction.atomic():
        invitation = invitation_by_token(token)
        invitation = _locked(invitation)
        if invitation.status != Invitation.Status.PENDING:
            raise InvitationUnusable(str(invitation.status), 410)
        if account_for_email(invitation.email) is not None:
            raise ApplicationError(
                _("An account with this e-mail already exists. Log in to accept the invitation."),
                status=409,
            )
        user = User(
            username=invitation.email,
            email=invitation.email,
            display_name=invitation.name,
            role=invitation.role,
            district_id=invitation.district_id,
            organisation_id=invitation.organisation_id,
        )
        user.set_password(password)
        user._membership_managed = True  # the grant below records itself
        try:
            with transaction.atomic():
                user.save()
        except IntegrityError as exc:
            raise ApplicationError(
                _("An account with this e-mail already exists. Log in to accept the invitation."),
                status=409,
            ) from exc
        _grant(user=user, invitation=invitation)
        _mark_accepted(invitation, user)
        detail = {**_role_detail(invitation), "invitation": invitation.pk}
        access_change_record(
            actor=None,
            subject=user,
            kind=AccessChange.Kind.ACCOUNT_CREATED,
            detail=detail,
            district=invitation.district_id,
        )
        access_change_record(
            actor=invitation.invited_by,
            subject=user,
            kind=AccessChange.Kind.ROLE_GRANTED,
            detail=detail,
            district=invitation.district_id,
        )
    return user


def invitation_accept_existing(*, token: str, user: Any) -> Membership:
    """The invited e-mail is `user`'s: add the role to that account (the person
    is logged in as themselves) and make it the role in use."""
    with transaction.atomic():
        invitation = _locked(invitation_by_token(token))
        if invitation.status != Invitation.Status.PENDING:
            raise InvitationUnusable(str(invitation.status), 410)
        account = account_for_email(invitation.email)
        if account is None or account.pk != user.pk:
            raise ApplicationError(_("This invitation is for another account."), status=403)
        membership = _grant(user=user, invitation=invitation)
        _mark_accepted(invitation, user)
        access_change_record(
            actor=invitation.invited_by,
            subject=user,
            kind=AccessChange.Kind.ROLE_GRANTED,
            detail={**_role_detail(invitation), "invitation": invitation.pk},
            district=invitation.district_id,
        )
        _apply(user, membership)
    return membership


# --------------------------------------------------------------------------
# memberships: the role in use is always one of them


def ensure_membership(user: Any) -> Membership | None:
    """Make sure the user's current role is one of their memberships (demo,
    factories, the admin). A membership made here is recorded as granted by
    the platform."""
    if not user.pk or not user.role:
        return None
    membership, created = Membership.objects.get_or_create(
        user=user,
        role=user.role,
        district_id=user.district_id,
        organisation_id=user.organisation_id,
    )
    if created:
        access_change_record(
            actor=None,
            subject=user,
            kind=AccessChange.Kind.ROLE_GRANTED,
            detail={**_role_detail(membership), "via": "system"},
            district=user.district_id,
        )
    return membership


def _apply(user: Any, membership: Membership) -> None:
    """Copy the membership onto the user row (every policy reads the row)."""
    user.role = membership.role
    user.district_id = membership.district_id
    user.organisation_id = membership.organisation_id
    user._membership_managed = True
    user.save(update_fields=["role", "district", "organisation"])


def _is_current(user: Any, membership: Membership) -> bool:
    return (
        user.role == membership.role
        and user.district_id == membership.district_id
        and user.organisation_id == membership.organisation_id
    )


def membership_switch(*, user: Any, membership: Membership) -> Membership:
    """Use another of one's own roles, without logging out."""
    if membership.user_id != user.pk:
        raise ApplicationError(_("Choose one of your own roles."), status=403)
    with transaction.atomic():
        _apply(user, membership)
    return membership


def _managed_by(actor: Any, person: Any) -> None:
    """A coordinator manages the people of their own district, not
    platform administrators nor people who also hold a role elsewhere."""
    if person.pk == actor.pk:
        raise ApplicationError(_("You cannot change your own access here."), status=403)
    if person.is_superuser:
        raise ApplicationError(
            _("A platform administrator's access is managed by the platform administrators."),
            status=403,
        )


def _outside_roles(actor: Any, person: Any) -> bool:
    return person.memberships.exclude(district_id=actor.district_id).exists()


def person_deactivate(*, actor: Any, person: Any) -> Any:
    """The person can no longer log in; their data and roles stay."""
    _managed_by(actor, person)
    if _outside_roles(actor, person):
        raise ApplicationError(
            _("This person also holds a role in another district: ask a platform administrator."),
            status=403,
        )
    with transaction.atomic():
        if not person.is_active:
            return person  # deactivated already (a double submit): nothing to record
        person.is_active = False
        person._membership_managed = True
        person.save(update_fields=["is_active"])
        access_change_record(
            actor=actor,
            subject=person,
            kind=AccessChange.Kind.DEACTIVATED,
            district=actor.district_id,
        )
    return person


def person_reactivate(*, actor: Any, person: Any) -> Any:
    _managed_by(actor, person)
    with transaction.atomic():
        if person.is_active:
            return person  # active already: nothing to record
        person.is_active = True
        person._membership_managed = True
        person.save(update_fields=["is_active"])
        access_change_record(
            actor=actor,
            subject=person,
            kind=AccessChange.Kind.REACTIVATED,
            district=actor.district_id,
        )
    return person


def _duplicate(
    person: Any, role: str, organisation: Organisation, exclude: int | None = None
) -> bool:
    qs = Membership.objects.filter(
        user=person, role=role, organisation=organisation, district_id=organisation.district_id
    )
    if exclude is not None:
        qs = qs.exclude(pk=exclude)
    return qs.exists()


def membership_add(*, actor: Any, person: Any, role: str, organisation: Organisation) -> Membership:
    """A second (third …) role for a person of the district."""
    _managed_by(actor, person)
    check_grant(actor=actor, role=role, organisation=organisation)
    if person.role == Role.STUDENT:
        raise ApplicationError(_("A student account cannot take another role."), status=403)
    with transaction.atomic():
        if _duplicate(person, role, organisation):
            message = _("This person already holds this role in this organisation.")
            raise ApplicationError(message, field_errors={"role": [message]}, status=409)
        membership = Membership.objects.create(
            user=person,
            role=role,
            district_id=organisation.district_id,
            organisation=organisation,
            granted_by=actor,
        )
        access_change_record(
            actor=actor,
            subject=person,
            kind=AccessChange.Kind.ROLE_GRANTED,
            detail=_role_detail(membership),
            district=organisation.district_id,
        )
    return membership


def membership_change(
    *, actor: Any, membership: Membership, role: str, organisation: Organisation
) -> Membership:
    """Change the role of one membership, or move it to another organisation of
    the district (one AccessChange row each: role_changed, moved)."""
    person = membership.user
    _managed_by(actor, person)
    check_grant(actor=actor, role=role, organisation=organisation)
    if membership.role not in MANAGED_ROLES:
        raise ApplicationError(_("This role is not managed here."), status=403)
    with transaction.atomic():
        membership = Membership.objects.select_for_update().get(pk=membership.pk)
        if membership.role == role and membership.organisation_id == organisation.pk:
            return membership
        if _duplicate(person, role, organisation, exclude=membership.pk):
            message = _("This person already holds this role in this organisation.")
            raise ApplicationError(message, field_errors={"role": [message]}, status=409)
        current = _is_current(person, membership)
        before = _role_detail(membership)
        membership.role = role
        membership.organisation = organisation
        membership.district_id = organisation.district_id
        membership.save(update_fields=["role", "organisation", "district"])
        after = _role_detail(membership)
        if before["role"] != role:
            access_change_record(
                actor=actor,
                subject=person,
                kind=AccessChange.Kind.ROLE_CHANGED,
                detail={"from": before, "to": after},
                district=organisation.district_id,
            )
        if before["organisation_id"] != organisation.pk:
            access_change_record(
                actor=actor,
                subject=person,
                kind=AccessChange.Kind.MOVED,
                detail={"from": before, "to": after},
                district=organisation.district_id,
            )
        if current:
            _apply(person, membership)
    return membership


def membership_remove(*, actor: Any, membership: Membership) -> None:
    """Remove one role. The last one stays (deactivate the account instead);
    removing the role in use switches the person to another of theirs."""
    person = membership.user
    _managed_by(actor, person)
    if membership.role not in MANAGED_ROLES:
        raise ApplicationError(_("This role is not managed here."), status=403)
    with transaction.atomic():
        others = list(person.memberships.exclude(pk=membership.pk).order_by("granted_at", "pk"))
        if not others:
            raise ApplicationError(
                _("This is the person's only role: deactivate the account instead."), status=409
            )
        detail = _role_detail(membership)
        current = _is_current(person, membership)
        membership.delete()
        access_change_record(
            actor=actor,
            subject=person,
            kind=AccessChange.Kind.ROLE_REMOVED,
            detail=detail,
            district=membership.district_id,
        )
        if current:
            _apply(person, others[0])


# --------------------------------------------------------------------------
# a new district (platform administrators)


@dataclass(frozen=True)
class LeadOrganisation:
    name: str
    kind: str


def district_create(
    *,
    actor: Any,
    name: str,
    code: str,
    region: str,
    year_designated: int | None,
    industries: list[str],
    lead_organisations: list[LeadOrganisation],
    coordinator_name: str,
    coordinator_email: str,
) -> District:
    """A district, its specialised industries, its lead organisations and the
    invitation of its first coordinator, in one transaction."""
    if not getattr(actor, "is_superuser", False):
        raise ApplicationError(
            _("Only a platform administrator can create a district."), status=403
        )
    with transaction.atomic():
        if District.objects.filter(code=code).exists():
            message = _("A district with this code already exists.")
            raise ApplicationError(message, field_errors={"code": [message]}, status=409)
        district = District.objects.create(
            name=name, code=code, region=region, year_designated=year_designated
        )
        audit.record(
            actor=actor,
            action="create",
            obj=district,
            changes={"name": [None, name], "code": [None, code], "region": [None, region]},
        )
        for number, industry in enumerate(industries, start=1):
            Industry.objects.create(district=district, code=f"industry-{number}", name=industry)
        organisations = [
            Organisation.objects.create(
                district=district, name=lead.name, kind=lead.kind, is_signatory=True
            )
            for lead in lead_organisations
        ]
        home = next(
            (o for o in organisations if o.kind in (OrgKind.EDUCATION_OFFICE, OrgKind.CITY)),
            organisations[0] if organisations else None,
        )
        reason = invitation_refusal(
            email=coordinator_email, role=COORDINATOR, organisation=home, district_id=district.pk
        )
        if reason:
            raise ApplicationError(reason, field_errors={"coordinator_email": [reason]})
        _invitation_new(
            actor=actor,
            district=district,
            organisation=home,
            role=COORDINATOR,
            name=coordinator_name,
            email=coordinator_email,
        )
    return district
