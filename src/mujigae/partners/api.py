"""REST API of the partner registry: /api/organisations/.

Route names and who may call them: partners/access.py ("api:organisations",
"api:organisation"). Rows: policy.visible / policy.access (via the selectors).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from mujigae.core import policy
from mujigae.core.api_schemas import (
    READ_ERRORS,
    WRITE_ERRORS,
    Id,
    InSchema,
    PageParams,
    Text,
    local,
    paginate,
    pick_many,
)
from mujigae.core.models import Industry
from mujigae.partners import selectors, services
from mujigae.partners.models import Organisation, OrgKind

organisations = Router(tags=["organisations"])

MAX_EMPLOYEES = 2_147_483_647


class OrganisationOut(Schema):
    id: int
    district: int
    name: str
    name_en: str
    kind: OrgKind
    area: str
    industries: list[int]
    is_signatory: bool
    is_participating: bool
    is_sample: bool
    employees: int | None
    address: str
    website: str
    description: str
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def resolve_district(obj: Organisation) -> int:
        return obj.district_id

    @staticmethod
    def resolve_industries(obj: Organisation) -> list[int]:
        return [industry.pk for industry in obj.industries.all()]  # prefetched

    @staticmethod
    def resolve_created_at(obj: Organisation) -> dt.datetime | None:
        return local(obj.created_at)

    @staticmethod
    def resolve_updated_at(obj: Organisation) -> dt.datetime | None:
        return local(obj.updated_at)


class OrganisationPage(Schema):
    count: int
    page: int
    page_size: int
    results: list[OrganisationOut]


class OrganisationFilters(PageParams):
    kind: OrgKind | None = None
    industry: Id | None = Field(None, description="id of a specialised industry")
    area: Text | None = None
    q: Text | None = Field(None, description="search in the names and the description")


class OrganisationIn(InSchema):
    name: Text
    kind: OrgKind
    name_en: Text = ""
    area: Text = ""
    industries: list[Id] = Field(default_factory=list, description="ids of industries")
    is_signatory: bool = False
    is_participating: bool = False
    is_sample: bool = False
    employees: int | None = Field(None, ge=0, le=MAX_EMPLOYEES)
    address: Text = ""
    website: Text = ""
    description: Text = ""


class OrganisationPatch(InSchema):
    """Only the fields sent are changed."""

    name: Text = None
    kind: OrgKind = None
    name_en: Text = None
    area: Text = None
    industries: list[Id] = None
    is_signatory: bool = None
    is_participating: bool = None
    is_sample: bool = None
    employees: int | None = Field(None, ge=0, le=MAX_EMPLOYEES)
    address: Text = None
    website: Text = None
    description: Text = None


def _resolve(user: Any, district: Any, data: dict[str, Any]) -> dict[str, Any]:
    if "industries" in data:
        data["industries"] = pick_many(
            user, Industry, data["industries"], field="industries", district=district
        )
    return data


def _detail(user: Any, pk: int) -> Organisation:
    return selectors.organisation_detail(user=user, pk=pk)


@organisations.get("/", response={200: OrganisationPage, **READ_ERRORS}, url_name="organisations")
def organisation_list(request: HttpRequest, filters: Query[OrganisationFilters]):
    qs = selectors.organisation_list(
        user=request.auth,
        kind=filters.kind,
        industry=filters.industry,
        area=filters.area,
        q=filters.q,
    )
    return paginate(qs, filters)


@organisations.post("/", response={201: OrganisationOut, **WRITE_ERRORS}, url_name="organisations")
def organisation_create(request: HttpRequest, payload: OrganisationIn):
    user = request.auth
    district = policy.home_district(user)
    if not policy.can_create_in(user, district):
        raise PermissionDenied
    data = _resolve(user, district, payload.model_dump(exclude_unset=True))
    org = services.organisation_create(actor=user, district=district, via="api", **data)
    return Status(201, _detail(user, org.pk))


@organisations.get("/{id}", response={200: OrganisationOut, **READ_ERRORS}, url_name="organisation")
def organisation_detail(request: HttpRequest, id: Id):
    return _detail(request.auth, id)


@organisations.patch(
    "/{id}", response={200: OrganisationOut, **WRITE_ERRORS}, url_name="organisation"
)
def organisation_update(request: HttpRequest, id: Id, payload: OrganisationPatch):
    user = request.auth
    org = policy.access(user, Organisation, id, write=True)
    data = _resolve(user, org.district, payload.model_dump(exclude_unset=True))
    services.organisation_update(actor=user, organisation=org, via="api", **data)
    return _detail(user, org.pk)
