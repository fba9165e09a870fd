"""Writes to the competency taxonomy, the district competency maps and the
confirmed competency units of free text. Every function is one transaction."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mujigae.competencies import ncs_import
from mujigae.competencies.models import (
    CompetencyUnit,
    NcsImport,
    Occupation,
    TagSource,
    UnitTag,
)
from mujigae.core import audit, writes
from mujigae.core.exceptions import ApplicationError
from mujigae.core.models import District

OCCUPATION_FIELDS = ("name", "industry", "job", "is_sample")


# --------------------------------------------------------------------------
# taxonomy import


def _forget_suggestion_index() -> None:
    try:
        from mujigae.competencies.suggest import reset_suggestion_index
    except ImportError:  # the suggester is optional
        return
    reset_suggestion_index()


def ncs_import_file(
    *,
    actor: Any,
    raw: bytes,
    file_name: str,
    is_sample: bool = False,
    via: str = "web",
    skip_if_unchanged: bool = False,
) -> NcsImport | None:
    """Import a whole NCS export (CSV or xlsx). Raises `core.imports.ImportRejected`
    (an ApplicationError with `.errors`, every bad row) and changes nothing when
    any row is bad. With `skip_if_unchanged`, a file that changes nothing leaves
    no import record either (returns None): for the idempotent demo loader."""
    parsed = ncs_import.parse(raw, file_name)
    with transaction.atomic():
        counts = ncs_import._write(parsed, is_sample=is_sample)
        if skip_if_unchanged and not any(counts.values()):
            return None
        transaction.on_commit(_forget_suggestion_index)
        record = NcsImport.objects.create(
            file_name=file_name[:255],
            is_sample=is_sample,
            rows=parsed.rows,
            counts=counts,
            imported_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        # the rows read and what they changed in the taxonomy: a summary, by hand
        audit.record(
            actor=actor,
            action="create",
            obj=record,
            changes={"rows": [None, parsed.rows], **{k: [None, v] for k, v in counts.items()}},
            via=via,
        )
    return record


# --------------------------------------------------------------------------
# the district competency map


def _check_occupation(district: District, data: dict[str, Any]) -> None:
    industry = data.get("industry")
    if industry is not None and industry.district_id != district.pk:
        message = _("You cannot choose an industry of another district.")
        raise ApplicationError(message, field_errors={"industry": [message]})


@transaction.atomic
def occupation_create(
    *, actor: Any, district: District, via: str = "web", **data: Any
) -> Occupation:
    data = {k: v for k, v in data.items() if k in OCCUPATION_FIELDS}
    _check_occupation(district, data)
    if Occupation.objects.filter(district=district, name=data.get("name", "")).exists():
        message = _("This district already has an occupation with this name.")
        raise ApplicationError(message, field_errors={"name": [message]}, status=409)
    return writes.create(
        actor=actor, model=Occupation, data={"district": district, **data}, via=via
    )


@transaction.atomic
def occupation_update(
    *, actor: Any, occupation: Occupation, via: str = "web", **data: Any
) -> Occupation:
    data = {k: v for k, v in data.items() if k in OCCUPATION_FIELDS}
    _check_occupation(occupation.district, data)
    name = data.get("name")
    if (
        name
        and Occupation.objects.filter(district_id=occupation.district_id, name=name)
        .exclude(pk=occupation.pk)
        .exists()
    ):
        message = _("This district already has an occupation with this name.")
        raise ApplicationError(message, field_errors={"name": [message]}, status=409)
    return writes.update(actor=actor, obj=occupation, data=data, via=via)


@transaction.atomic
def occupation_delete(*, actor: Any, occupation: Occupation, via: str = "web") -> None:
    writes.delete(actor=actor, obj=occupation, via=via)


@transaction.atomic
def occupation_units_add(
    *, actor: Any, occupation: Occupation, units: Iterable[CompetencyUnit], via: str = "web"
) -> int:
    """Add units to an occupation; units it has already are skipped. Returns how
    many were added."""
    have = set(occupation.units.values_list("pk", flat=True))
    new = [u for u in units if u.pk not in have]
    if not new:
        return 0
    before = audit.snapshot(occupation, ["units"])
    occupation.units.add(*new)
    audit.record(
        actor=actor,
        action="update",
        obj=occupation,
        changes=audit.diff(before, audit.snapshot(occupation, ["units"])),
        via=via,
    )
    return len(new)


@transaction.atomic
def occupation_unit_remove(
    *, actor: Any, occupation: Occupation, unit: CompetencyUnit, via: str = "web"
) -> None:
    before = audit.snapshot(occupation, ["units"])
    occupation.units.remove(unit)
    changes = audit.diff(before, audit.snapshot(occupation, ["units"]))
    if changes:
        audit.record(actor=actor, action="update", obj=occupation, changes=changes, via=via)


# --------------------------------------------------------------------------
# confirmed competency units of free text


def units_from_codes(text: str) -> list[CompetencyUnit]:
    """Units named by code in a comma-separated text; unknown codes raise an error
    naming them."""
    codes = [c.strip() for c in text.replace("\n", ",").split(",") if c.strip()]
    found = {u.code: u for u in CompetencyUnit.objects.filter(code__in=codes)}
    unknown = [c for c in codes if c not in found]
    if unknown:
        message = _("These unit codes do not exist in the taxonomy: %(codes)s") % {
            "codes": ", ".join(unknown)
        }
        raise ApplicationError(message, field_errors={"codes": [message]})
    return [found[c] for c in dict.fromkeys(codes)]


@transaction.atomic
def unit_tags_confirm(
    *,
    actor: Any,
    district: District,
    source_kind: str,
    text: str,
    units: Iterable[CompetencyUnit],
    source_id: int | None = None,
    title: str = "",
    scores: dict[str, float] | None = None,
    via: str = "web",
) -> list[UnitTag]:
    """Confirm units for one piece of text. Units confirmed before for the same
    source are kept, not repeated (a double submit is harmless)."""
    if source_kind not in TagSource.values:
        raise ApplicationError(_("Unknown source."))
    if source_kind != TagSource.JOB_DESCRIPTION and source_id is None:
        raise ApplicationError(_("Unknown source."))
    units = list(dict.fromkeys(units))
    if not units:
        message = _("Choose at least one competency unit.")
        raise ApplicationError(message, field_errors={"units": [message]})
    if not text.strip():
        message = _("The text is empty.")
        raise ApplicationError(message, field_errors={"text": [message]})
    have: set[int] = set()
    if source_id is not None:
        have = set(
            UnitTag.objects.filter(source_kind=source_kind, source_id=source_id).values_list(
                "unit_id", flat=True
            )
        )
    now = timezone.now()
    created = []
    for unit in units:
        if unit.pk in have:
            continue
        tag = writes.create(
            actor=actor,
            model=UnitTag,
            data={
                "district": district,
                "source_kind": source_kind,
                "source_id": source_id,
                "title": title[:200],
                "text": text,
                "unit": unit,
                "score": (scores or {}).get(unit.code),
                "confirmed_by": actor if getattr(actor, "is_authenticated", False) else None,
                "confirmed_at": now,
            },
            redact=("text",),  # a company's free text: not copied into the log
            via=via,
        )
        created.append(tag)
    return created


@transaction.atomic
def unit_tag_remove(*, actor: Any, tag: UnitTag, via: str = "web") -> None:
    writes.delete(actor=actor, obj=tag, via=via)
