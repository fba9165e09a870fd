"""Writes to the partner registry."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from mujigae.core import writes
from mujigae.core.exceptions import ApplicationError
from mujigae.core.models import District
from mujigae.partners.models import Organisation, Person

ORGANISATION_FIELDS = (
    "name",
    "name_en",
    "kind",
    "area",
    "industries",
    "is_signatory",
    "is_participating",
    "is_sample",
    "employees",
    "address",
    "website",
    "description",
)
PERSON_FIELDS = (
    "organisation",
    "name",
    "position",
    "role_in_district",
    "email",
    "phone",
    "is_sample",
)


def _check_industries(district: District, industries: Any) -> None:
    for industry in industries or []:
        if industry.district_id != district.pk:
            raise ApplicationError(
                _("You cannot choose an industry of another district."),
                field_errors={
                    "industries": [_("You cannot choose an industry of another district.")]
                },
            )


@transaction.atomic
def organisation_create(
    *, actor: Any, district: District, via: str = "web", **data: Any
) -> Organisation:
    data = {k: v for k, v in data.items() if k in ORGANISATION_FIELDS}
    _check_industries(district, data.get("industries"))
    return writes.create(
        actor=actor, model=Organisation, data={"district": district, **data}, via=via
    )


@transaction.atomic
def organisation_update(
    *, actor: Any, organisation: Organisation, via: str = "web", **data: Any
) -> Organisation:
    data = {k: v for k, v in data.items() if k in ORGANISATION_FIELDS}
    _check_industries(organisation.district, data.get("industries"))
    return writes.update(actor=actor, obj=organisation, data=data, via=via)


def _check_person(district: District, organisation: Organisation) -> None:
    if organisation.district_id != district.pk:
        raise ApplicationError(
            _("You cannot choose an organisation of another district."),
            field_errors={
                "organisation": [_("You cannot choose an organisation of another district.")]
            },
        )


@transaction.atomic
def person_create(*, actor: Any, district: District, via: str = "web", **data: Any) -> Person:
    data = {k: v for k, v in data.items() if k in PERSON_FIELDS}
    _check_person(district, data["organisation"])
    return writes.create(actor=actor, model=Person, data={"district": district, **data}, via=via)


@transaction.atomic
def person_update(*, actor: Any, person: Person, via: str = "web", **data: Any) -> Person:
    data = {k: v for k, v in data.items() if k in PERSON_FIELDS}
    if "organisation" in data:
        _check_person(person.district, data["organisation"])
    return writes.update(actor=actor, obj=person, data=data, via=via)
