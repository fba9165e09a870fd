"""Writes of the evaluation framework (the ministry's, docs/indicators.md).

Each function is one transaction, checks before it saves (a Korean
`ApplicationError`, status 422, nothing written) and leaves an audit entry.

Once a district has SUBMITTED its report for a year, what decides that year's
score is locked: the thresholds, and each indicator's weight, target,
direction, kind and measure; no indicator is added or removed. Names, texts,
areas and order stay editable. A correction of the rules goes into next year's
framework (`framework_copy`).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from mujigae.core import audit, indicators
from mujigae.core.exceptions import ApplicationError
from mujigae.reports.models import AnnualReport, Area, Framework, Indicator

FRAMEWORK_FIELDS = ("title", "excellent_min", "fair_min", "notes")
AREA_FIELDS = ("name", "description", "narrative_required", "order")
INDICATOR_FIELDS = (
    "area",
    "name",
    "order",
    "kind",
    "measure",
    "unit",
    "weight",
    "target",
    "higher_is_better",
    "min_value",
    "max_value",
    "evidence_required",
    "guidance",
)
# what decides a score: locked once a district's report of the year is submitted
SCORING_FIELDS = ("weight", "target", "higher_is_better", "kind", "measure")
THRESHOLD_FIELDS = ("excellent_min", "fair_min")
HUNDRED = Decimal(100)


def locked_message() -> str:
    return _("This year already has a submitted report — make next year's framework")


def is_locked(framework: Framework) -> bool:
    """Has a district submitted its report of this year?"""
    return AnnualReport.objects.filter(
        framework=framework,
        district__isnull=False,
        status=AnnualReport.Status.SUBMITTED,
    ).exists()


def _refuse_if_locked(framework: Framework, changed: list[str]) -> None:
    if changed and is_locked(framework):
        raise ApplicationError(
            locked_message(), field_errors={name: [locked_message()] for name in changed}
        )


def _touch(framework: Framework, actor: Any) -> None:
    framework.updated_at = timezone.now()
    framework.updated_by = actor if getattr(actor, "is_authenticated", False) else None
    framework.save(update_fields=["updated_at", "updated_by"])


# --------------------------------------------------------------------------
# the framework itself


def check_thresholds(excellent_min: Decimal, fair_min: Decimal) -> None:
    errors: dict[str, list[str]] = {}
    for name, value in (("excellent_min", excellent_min), ("fair_min", fair_min)):
        if value is None or not (0 <= value <= HUNDRED):
            errors[name] = [_("A score threshold lies between 0 and 100.")]
    if not errors and excellent_min < fair_min:
        errors["excellent_min"] = [
            _("The score for Excellent must be at least the score for Fair.")
        ]
    if errors:
        raise ApplicationError(next(iter(errors.values()))[0], field_errors=errors)


@transaction.atomic
def framework_update(*, actor: Any, framework: Framework, data: dict[str, Any]) -> Framework:
    framework = Framework.objects.select_for_update().get(pk=framework.pk)
    data = {k: v for k, v in data.items() if k in FRAMEWORK_FIELDS}
    if not str(data.get("title", framework.title)).strip():
        raise ApplicationError(
            _("Write the framework's title."), field_errors={"title": [_("Write the title.")]}
        )
    excellent = data.get("excellent_min", framework.excellent_min)
    fair = data.get("fair_min", framework.fair_min)
    check_thresholds(excellent, fair)
    changed = [
        name
        for name in THRESHOLD_FIELDS
        if name in data and Decimal(data[name]) != getattr(framework, name)
    ]
    _refuse_if_locked(framework, changed)
    before = audit.snapshot(framework, list(FRAMEWORK_FIELDS))
    for name, value in data.items():
        setattr(framework, name, value)
    framework.updated_at = timezone.now()
    framework.updated_by = actor if getattr(actor, "is_authenticated", False) else None
    framework.save()
    changes = audit.diff(before, audit.snapshot(framework, list(FRAMEWORK_FIELDS)))
    if changes:
        audit.record(actor=actor, action="update", obj=framework, changes=changes)
    return framework


@transaction.atomic
def framework_copy(*, actor: Any, source: Framework, year: int) -> Framework:
    """A new year's framework made from `source`: title, thresholds, notes,
    areas and indicators (no entered value, no report)."""
    if not (2000 <= year <= 2100):
        raise ApplicationError(
            _("Choose a year between 2000 and 2100."),
            field_errors={"year": [_("Choose a year between 2000 and 2100.")]},
        )
    if Framework.objects.filter(year=year).exists():
        message = _("The framework of %(year)s exists already: edit it instead.") % {"year": year}
        raise ApplicationError(message, field_errors={"year": [message]})
    title = source.title.replace(str(source.year), str(year))
    if title == source.title:
        title = f"{year} {source.title}"
    framework = Framework.objects.create(
        year=year,
        title=title[:200],
        excellent_min=source.excellent_min,
        fair_min=source.fair_min,
        notes=source.notes,
        updated_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    for area in source.areas.order_by("order", "pk").prefetch_related("indicators"):
        copy = Area.objects.create(
            framework=framework,
            order=area.order,
            name=area.name,
            description=area.description,
            narrative_required=area.narrative_required,
        )
        new = [
            Indicator(
                area=copy,
                **{name: getattr(item, name) for name in INDICATOR_FIELDS if name != "area"},
            )
            for item in area.indicators.all()
        ]
        Indicator.objects.bulk_create(new)
    audit.record(
        actor=actor,
        action="create",
        obj=framework,
        # read as "evaluation year 2026 → 2027": made from that year's framework
        changes={"year": [source.year, year], "title": [source.title, framework.title]},
    )
    return framework


# --------------------------------------------------------------------------
# areas


def _check_area_name(framework: Framework, name: str, exclude: int | None = None) -> str:
    name = (name or "").strip()
    if not name:
        raise ApplicationError(
            _("Write the area's name."), field_errors={"name": [_("Write the name.")]}
        )
    same = Area.objects.filter(framework=framework, name=name)
    if exclude is not None:
        same = same.exclude(pk=exclude)
    if same.exists():
        message = _("This framework already has an area named “%(name)s”.") % {"name": name}
        raise ApplicationError(message, field_errors={"name": [message]})
    return name


@transaction.atomic
def area_create(*, actor: Any, framework: Framework, data: dict[str, Any]) -> Area:
    framework = Framework.objects.select_for_update().get(pk=framework.pk)
    name = _check_area_name(framework, data.get("name", ""))
    last = framework.areas.aggregate(m=Max("order"))["m"] or 0
    order = data.get("order") or last + 1
    area = Area.objects.create(
        framework=framework,
        name=name,
        description=data.get("description", ""),
        narrative_required=bool(data.get("narrative_required", True)),
        order=order,
    )
    audit.record(
        actor=actor, action="create", obj=area, changes={"framework": [None, framework.year]}
    )
    _touch(framework, actor)
    return area


@transaction.atomic
def area_update(*, actor: Any, area: Area, data: dict[str, Any]) -> Area:
    area = Area.objects.select_for_update().select_related("framework").get(pk=area.pk)
    data = {k: v for k, v in data.items() if k in AREA_FIELDS}
    if "name" in data:
        data["name"] = _check_area_name(area.framework, data["name"], exclude=area.pk)
    before = audit.snapshot(area, list(AREA_FIELDS))
    for name, value in data.items():
        if name == "order" and value is None:
            continue
        setattr(area, name, value)
    area.save()
    changes = audit.diff(before, audit.snapshot(area, list(AREA_FIELDS)))
    if changes:
        audit.record(actor=actor, action="update", obj=area, changes=changes)
        _touch(area.framework, actor)
    return area


@transaction.atomic
def area_move(*, actor: Any, area: Area, up: bool) -> Area:
    """Swap the area with the one before (up) or after it; the order is
    renumbered 1, 2, 3 … on the way."""
    framework = Framework.objects.select_for_update().get(pk=area.framework_id)
    areas = list(framework.areas.order_by("order", "pk"))
    index = next(i for i, a in enumerate(areas) if a.pk == area.pk)
    other = index - 1 if up else index + 1
    if 0 <= other < len(areas):
        areas[index], areas[other] = areas[other], areas[index]
    for position, item in enumerate(areas, start=1):
        if item.order != position:
            before = item.order
            item.order = position
            item.save(update_fields=["order"])
            audit.record(
                actor=actor, action="update", obj=item, changes={"order": [before, position]}
            )
    _touch(framework, actor)
    return next(a for a in areas if a.pk == area.pk)


# --------------------------------------------------------------------------
# indicators


def _clean_indicator(framework: Framework, data: dict[str, Any], exclude: int | None) -> dict:
    """The indicator's fields, checked: Korean field errors, nothing saved."""
    errors: dict[str, list[str]] = {}
    data = dict(data)
    area = data.get("area")
    if area is None or area.framework_id != framework.pk:
        errors["area"] = [_("Choose an area of this framework.")]
    name = (data.get("name") or "").strip()
    data["name"] = name
    if not name:
        errors["name"] = [_("Write the indicator's name.")]
    else:
        same = Indicator.objects.filter(area__framework=framework, name=name)
        if exclude is not None:
            same = same.exclude(pk=exclude)
        if same.exists():
            errors["name"] = [
                _("This framework already has an indicator named “%(name)s”.") % {"name": name}
            ]
    kind = data.get("kind")
    if kind == Indicator.Kind.COMPUTED:
        measure = indicators.get(data.get("measure") or "")
        if measure is None:
            errors["measure"] = [
                _("This measure is not computed by mujigae: choose one from the list.")
            ]
        else:
            data["unit"] = measure.unit  # the unit follows the measure
        data["min_value"] = data["max_value"] = None
    elif kind == Indicator.Kind.ENTERED:
        data["measure"] = ""
        if not data.get("unit"):
            errors["unit"] = [_("Choose the unit of the entered value.")]
        lo, hi = data.get("min_value"), data.get("max_value")
        if data.get("unit") == indicators.PERCENT:
            lo = Decimal(0) if lo is None else lo
            hi = HUNDRED if hi is None else hi
            data["min_value"], data["max_value"] = lo, hi
        if lo is not None and hi is not None and lo > hi:
            errors["max_value"] = [_("The largest value must be at least the smallest value.")]
    else:
        errors["kind"] = [_("Choose whether mujigae computes the value or the district enters it.")]
    weight = data.get("weight")
    if weight is None or weight < 0 or weight > HUNDRED:
        errors["weight"] = [_("The weight is a number of points from 0 to 100.")]
    target = data.get("target")
    if target is not None:
        if target < 0:
            errors["target"] = [_("The target cannot be negative.")]
        elif data.get("unit") == indicators.PERCENT and target > HUNDRED:
            errors["target"] = [_("A percentage target lies between 0 and 100.")]
    if errors:
        raise ApplicationError(next(iter(errors.values()))[0], field_errors=errors)
    return {k: data[k] for k in INDICATOR_FIELDS if k in data}


@transaction.atomic
def indicator_create(*, actor: Any, framework: Framework, data: dict[str, Any]) -> Indicator:
    framework = Framework.objects.select_for_update().get(pk=framework.pk)
    if is_locked(framework):
        raise ApplicationError(locked_message())
    values = _clean_indicator(framework, data, exclude=None)
    if not values.get("order"):
        last = Indicator.objects.filter(area=values["area"]).aggregate(m=Max("order"))["m"] or 0
        values["order"] = last + 1
    values.setdefault("guidance", "")
    item = Indicator.objects.create(**values)
    audit.record(
        actor=actor,
        action="create",
        obj=item,
        changes={k: [None, v] for k, v in audit.snapshot(item, list(INDICATOR_FIELDS)).items()},
    )
    _touch(framework, actor)
    return item


@transaction.atomic
def indicator_update(*, actor: Any, indicator: Indicator, data: dict[str, Any]) -> Indicator:
    item = (
        Indicator.objects.select_for_update().select_related("area__framework").get(pk=indicator.pk)
    )
    framework = item.area.framework
    merged = {name: getattr(item, name) for name in INDICATOR_FIELDS}
    merged.update({k: v for k, v in data.items() if k in INDICATOR_FIELDS})
    values = _clean_indicator(framework, merged, exclude=item.pk)
    changed = [name for name in SCORING_FIELDS if values.get(name) != getattr(item, name)]
    _refuse_if_locked(framework, changed)
    before = audit.snapshot(item, list(INDICATOR_FIELDS))
    for name, value in values.items():
        if name == "order" and value is None:
            continue
        setattr(item, name, value)
    item.save()
    changes = audit.diff(before, audit.snapshot(item, list(INDICATOR_FIELDS)))
    if changes:
        audit.record(actor=actor, action="update", obj=item, changes=changes)
        _touch(framework, actor)
    return item


@transaction.atomic
def indicator_delete(*, actor: Any, indicator: Indicator) -> None:
    item = Indicator.objects.select_related("area__framework").get(pk=indicator.pk)
    framework = item.area.framework
    if is_locked(framework):
        raise ApplicationError(locked_message(), status=409)
    if item.values.exists():
        raise ApplicationError(
            _("Districts have entered values for this indicator: it cannot be removed."),
            status=409,
        )
    audit.record(
        actor=actor,
        action="delete",
        obj=item,
        changes={k: [v, None] for k, v in audit.snapshot(item, list(INDICATOR_FIELDS)).items()},
    )
    item.delete()
    _touch(framework, actor)
