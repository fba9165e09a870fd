"""Writes to programmes, modules and cohorts. Each function is one transaction,
checks who may write (the access policy) and leaves an audit row.

Who writes (docs/curriculum.md): a district coordinator for every programme of
the district; a school, partner or company for the programmes its own
organisation provides. The ministry and students never write.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from mujigae.competencies.models import CompetencyUnit
from mujigae.core import policy, writes
from mujigae.core.exceptions import ApplicationError
from mujigae.core.models import District
from mujigae.curriculum import access
from mujigae.curriculum.models import Cohort, Module, ModuleUnit, Programme, ProgrammeKind
from mujigae.partners.models import Organisation

PROGRAMME_FIELDS = ("provider", "kind", "name", "description", "is_sample")
MAX_HOURS = 2000  # a module of one unit for more than a year of full days is a typo
MIN_YEAR, MAX_YEAR = 2000, 2100


def _forbidden() -> ApplicationError:
    return ApplicationError(_("You may not change this programme."), status=403)


def _check_can_change(actor: Any, obj: Any) -> None:
    if not policy.can_change(actor, obj):
        raise _forbidden()


# ------------------------------------------------------------------ programmes


def _check_programme(
    *, actor: Any, district: District, provider: Organisation, kind: str, name: str
) -> None:
    if provider is None or provider.district_id != district.pk:
        msg = _("Choose a provider of this district.")
        raise ApplicationError(msg, field_errors={"provider": [msg]})
    if not access.can_create_programme_for(actor, provider):
        msg = _("You can add programmes only for your own organisation.")
        raise ApplicationError(msg, field_errors={"provider": [msg]}, status=403)
    if kind not in ProgrammeKind.values:
        msg = _("Choose a programme type.")
        raise ApplicationError(msg, field_errors={"kind": [msg]})
    if not (name or "").strip():
        msg = _("Enter the programme's name.")
        raise ApplicationError(msg, field_errors={"name": [msg]})


def _duplicate_name(provider: Organisation, name: str, exclude: int | None = None) -> None:
    qs = Programme.objects.filter(provider=provider, name=name.strip())
    if exclude:
        qs = qs.exclude(pk=exclude)
    if qs.exists():
        msg = _("This provider already has a programme with this name.")
        raise ApplicationError(msg, field_errors={"name": [msg]}, status=409)


@transaction.atomic
def programme_create(*, actor: Any, district: District, via: str = "web", **data: Any) -> Programme:
    data = {k: v for k, v in data.items() if k in PROGRAMME_FIELDS}
    _check_programme(
        actor=actor,
        district=district,
        provider=data.get("provider"),
        kind=data.get("kind", ""),
        name=data.get("name", ""),
    )
    data["name"] = data["name"].strip()
    _duplicate_name(data["provider"], data["name"])
    return writes.create(actor=actor, model=Programme, data={"district": district, **data}, via=via)


@transaction.atomic
def programme_update(
    *, actor: Any, programme: Programme, via: str = "web", **data: Any
) -> Programme:
    _check_can_change(actor, programme)
    data = {k: v for k, v in data.items() if k in PROGRAMME_FIELDS}
    provider = data.get("provider", programme.provider)
    if provider.pk != programme.provider_id:
        # Handing a programme to another provider: only who may create for it.
        _check_programme(
            actor=actor,
            district=programme.district,
            provider=provider,
            kind=data.get("kind", programme.kind),
            name=data.get("name", programme.name),
        )
    if "name" in data:
        data["name"] = (data["name"] or "").strip()
        if not data["name"]:
            msg = _("Enter the programme's name.")
            raise ApplicationError(msg, field_errors={"name": [msg]})
    _duplicate_name(provider, data.get("name", programme.name), exclude=programme.pk)
    return writes.update(actor=actor, obj=programme, data=data, via=via)


# --------------------------------------------------------------------- modules


def _whole_number(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    text = str(value if value is not None else "").strip()
    if text.lstrip("-").isdigit():
        return int(text)
    return None


def clean_unit_hours(
    units: Iterable[tuple[CompetencyUnit, Any]],
) -> list[tuple[CompetencyUnit, int]]:
    """Check (unit, hours) pairs: every unit once, whole hours from 1 to MAX_HOURS,
    at least one unit. Raises ApplicationError with every problem listed."""
    rows = list(units)
    problems: list[str] = []
    seen: set[int] = set()
    clean: list[tuple[CompetencyUnit, int]] = []
    for unit, hours in rows:
        if unit is None:
            problems.append(_("Choose a competency unit for every row with hours."))
            continue
        value = _whole_number(hours)
        if value is None:
            problems.append(_("%(code)s: enter the hours as a whole number.") % {"code": unit.code})
            continue
        if value <= 0:
            problems.append(_("%(code)s: the hours must be more than 0.") % {"code": unit.code})
            continue
        if value > MAX_HOURS:
            problems.append(
                _("%(code)s: at most %(max)s hours.") % {"code": unit.code, "max": MAX_HOURS}
            )
            continue
        if unit.pk in seen:
            problems.append(
                _("%(code)s is listed more than once; list each unit once.") % {"code": unit.code}
            )
            continue
        seen.add(unit.pk)
        clean.append((unit, value))
    if not rows and not problems:
        problems.append(_("Add at least one competency unit with its hours."))
    if problems:
        raise ApplicationError(problems[0], field_errors={"units": problems})
    return clean


def unit_lines(units: Iterable[tuple[CompetencyUnit, int]]) -> list[str]:
    """Units × hours as the audit log shows them ("code: hours", by code)."""
    return [f"{unit.code}: {hours}" for unit, hours in sorted(units, key=lambda u: u[0].code)]


def units_snapshot(module: Module) -> list[str]:
    return unit_lines((mu.unit, mu.hours) for mu in module.unit_hours.select_related("unit"))


def clean_module_name(name: str) -> str:
    """A module's name, stripped; refused when empty or too long (the module
    pages and the proposals that become modules)."""
    name = (name or "").strip()
    if not name:
        msg = _("Enter the module's name.")
        raise ApplicationError(msg, field_errors={"name": [msg]})
    if len(name) > 200:
        msg = _("The name is too long (at most 200 characters).")
        raise ApplicationError(msg, field_errors={"name": [msg]})
    return name


def _replace_units(module: Module, units: Sequence[tuple[CompetencyUnit, int]]) -> None:
    module.unit_hours.all().delete()
    ModuleUnit.objects.bulk_create(
        [ModuleUnit(module=module, unit=unit, hours=hours) for unit, hours in units]
    )


def module_write(
    *,
    actor: Any,
    programme: Programme,
    module: Module | None,
    name: str,
    description: str,
    units: Iterable[tuple[CompetencyUnit, Any]],
    order: int | None = None,
    via: str = "web",
    check_access: bool = True,
) -> Module:
    """Create (module=None) or update a module with its units × hours. Call inside
    a transaction (module_create/module_update do; so does proposal approval)."""
    if check_access:
        _check_can_change(actor, programme)
    name = clean_module_name(name)
    clean = clean_unit_hours(units)
    twins = programme.modules.filter(name=name)
    if module is not None:
        twins = twins.exclude(pk=module.pk)
    if twins.exists():  # also what a reload of the form would do
        msg = _("This programme already has a module named “%(name)s”.") % {"name": name}
        raise ApplicationError(msg, field_errors={"name": [msg]}, status=409)
    # The units × hours are rows of ModuleUnit, replaced beside the module's
    # fields: they go into the same audit row as `extra`.
    units_after = unit_lines(clean)
    if module is None:
        if order is None:
            last = programme.modules.order_by("-order").values_list("order", flat=True).first()
            order = (last or 0) + 1
        module = writes.create(
            actor=actor,
            model=Module,
            data={
                "programme": programme,
                "name": name,
                "description": description or "",
                "order": order,
            },
            extra={"units": [[], units_after]},
            via=via,
        )
    else:
        if module.programme_id != programme.pk:
            raise ApplicationError(_("This module belongs to another programme."), status=409)
        units_before = units_snapshot(module)
        data = {"name": name, "description": description or ""}
        if order is not None:
            data["order"] = order
        module = writes.update(
            actor=actor,
            obj=module,
            data=data,
            extra={"units": [units_before, units_after]} if units_before != units_after else None,
            via=via,
        )
    _replace_units(module, clean)
    return module


@transaction.atomic
def module_create(
    *,
    actor: Any,
    programme: Programme,
    name: str,
    description: str = "",
    units: Iterable[tuple[CompetencyUnit, Any]],
    order: int | None = None,
    via: str = "web",
) -> Module:
    return module_write(
        actor=actor,
        programme=programme,
        module=None,
        name=name,
        description=description,
        units=units,
        order=order,
        via=via,
    )


@transaction.atomic
def module_update(
    *,
    actor: Any,
    module: Module,
    name: str,
    description: str = "",
    units: Iterable[tuple[CompetencyUnit, Any]],
    order: int | None = None,
    via: str = "web",
) -> Module:
    module = Module.objects.select_for_update().get(pk=module.pk)
    return module_write(
        actor=actor,
        programme=module.programme,
        module=module,
        name=name,
        description=description,
        units=units,
        order=order,
        via=via,
    )


# --------------------------------------------------------------------- cohorts


def clean_cohort_numbers(year: Any, enrolled: Any, completed: Any) -> dict[str, list[str]]:
    """Field problems of a cohort's numbers ({} when they are fine)."""
    errors: dict[str, list[str]] = {}
    if not isinstance(year, int) or not MIN_YEAR <= year <= MAX_YEAR:
        errors["year"] = [
            _("Enter a year from %(min)s to %(max)s.") % {"min": MIN_YEAR, "max": MAX_YEAR}
        ]
    if not isinstance(enrolled, int) or enrolled < 0:
        errors["enrolled"] = [_("Enter the number enrolled as a whole number, 0 or more.")]
    if completed is not None:
        if not isinstance(completed, int) or completed < 0:
            errors["completed"] = [_("Enter the number completed as a whole number, 0 or more.")]
        elif isinstance(enrolled, int) and completed > enrolled:
            errors["completed"] = [
                _("More completed (%(completed)s) than enrolled (%(enrolled)s).")
                % {"completed": completed, "enrolled": enrolled}
            ]
    return errors


def _raise_cohort_errors(errors: dict[str, list[str]]) -> None:
    if errors:
        first = next(iter(errors.values()))[0]
        raise ApplicationError(first, field_errors=errors)


def _duplicate_year(programme: Programme, year: int, exclude: int | None = None) -> None:
    qs = Cohort.objects.filter(programme=programme, year=year)
    if exclude:
        qs = qs.exclude(pk=exclude)
    if qs.exists():
        msg = _("This programme already has a cohort for %(year)s.") % {"year": year}
        raise ApplicationError(msg, field_errors={"year": [msg]}, status=409)


@transaction.atomic
def cohort_create(
    *,
    actor: Any,
    programme: Programme,
    year: int,
    enrolled: int,
    completed: int | None = None,
    via: str = "web",
) -> Cohort:
    _check_can_change(actor, programme)
    _raise_cohort_errors(clean_cohort_numbers(year, enrolled, completed))
    _duplicate_year(programme, year)
    try:
        return writes.create(
            actor=actor,
            model=Cohort,
            data={
                "programme": programme,
                "district": programme.district,
                "year": year,
                "enrolled": enrolled,
                "completed": completed,
            },
            via=via,
        )
    except IntegrityError as exc:  # a concurrent twin
        raise ApplicationError(_("The same entry already exists."), status=409) from exc


@transaction.atomic
def cohort_update(
    *,
    actor: Any,
    cohort: Cohort,
    year: int,
    enrolled: int,
    completed: int | None = None,
    via: str = "web",
) -> Cohort:
    _check_can_change(actor, cohort)
    _raise_cohort_errors(clean_cohort_numbers(year, enrolled, completed))
    _duplicate_year(cohort.programme, year, exclude=cohort.pk)
    return writes.update(
        actor=actor,
        obj=cohort,
        data={"year": year, "enrolled": enrolled, "completed": completed},
        via=via,
    )


# ------------------------------------------------------------------- deletions


@transaction.atomic
def module_delete(*, actor: Any, module: Module, via: str = "web") -> None:
    """Remove a module and its units × hours. Change proposals that pointed at it
    stay (their approval is then refused); approved ones keep their history."""
    _check_can_change(actor, module)
    writes.delete(actor=actor, obj=module, via=via)


@transaction.atomic
def cohort_delete(*, actor: Any, cohort: Cohort, via: str = "web") -> None:
    _check_can_change(actor, cohort)
    writes.delete(actor=actor, obj=cohort, via=via)
