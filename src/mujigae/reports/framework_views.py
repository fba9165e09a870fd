"""The framework editor (thin: parse, authorize, call a service, render).

Who: the ministry reads and edits (its rules in access.py); coordinators,
schools and partners read `frameworks` and `framework` (what they are graded
on). Bad input: the form again with Korean errors, 422, nothing written.
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count, Prefetch, Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mujigae.core import indicators, policy
from mujigae.core.forms import confirm_delete, form_page
from mujigae.core.models import Role
from mujigae.reports import framework_services as services
from mujigae.reports.framework_forms import AreaForm, CopyForm, FrameworkForm, IndicatorForm
from mujigae.reports.models import Area, Framework, Indicator


def _framework(request: HttpRequest, year: int) -> Framework:
    framework = policy.visible(request.user, Framework).filter(year=year).first()
    if framework is None:
        raise Http404
    return framework


def _edits(request: HttpRequest) -> bool:
    return getattr(request.user, "role", None) == Role.MINISTRY


def measure_label(key: str) -> str:
    measure = indicators.get(key) if key else None
    return str(measure.label) if measure else _("not computed yet")


@require_GET
def frameworks(request: HttpRequest) -> HttpResponse:
    rows = (
        policy.visible(request.user, Framework)
        .annotate(
            n_areas=Count("areas", distinct=True),
            n_indicators=Count("areas__indicators", distinct=True),
        )
        .order_by("-year")
    )
    weights = dict(
        Indicator.objects.values_list("area__framework_id").annotate(total=Sum("weight"))
    )
    table = [{"framework": fw, "weight": weights.get(fw.pk, Decimal(0))} for fw in rows]
    return render(
        request, "reports/framework/list.html", {"table": table, "edits": _edits(request)}
    )


def _detail_context(request: HttpRequest, framework: Framework) -> dict:
    areas = list(
        framework.areas.order_by("order", "pk").prefetch_related(
            Prefetch("indicators", queryset=Indicator.objects.order_by("order", "pk"))
        )
    )
    groups = []
    total = Decimal(0)
    for area in areas:
        items = [
            {"item": item, "measure": measure_label(item.measure) if item.measure else ""}
            for item in area.indicators.all()
        ]
        weight = sum((i["item"].weight for i in items), Decimal(0))
        total += weight
        groups.append({"area": area, "items": items, "weight": weight})
    return {
        "framework": framework,
        "groups": groups,
        "total_weight": total,
        "locked": services.is_locked(framework),
        "edits": _edits(request),
        "next_year": framework.year + 1,
    }


@require_http_methods(["GET", "POST"])
def framework(request: HttpRequest, year: int) -> HttpResponse:
    fw = _framework(request, year)
    form = FrameworkForm.for_framework(fw, request.POST or None)
    return form_page(
        request,
        form,
        save=lambda data: services.framework_update(actor=request.user, framework=fw, data=data),
        success=_("The framework is saved."),
        done=reverse("national:framework", args=[fw.year]),
        template="reports/framework/detail.html",
        context=lambda: _detail_context(request, fw),
    )


@require_http_methods(["GET", "POST"])
def framework_copy(request: HttpRequest, year: int) -> HttpResponse:
    source = _framework(request, year)
    form = CopyForm(request.POST or None, initial={"year": source.year + 1})
    return form_page(
        request,
        form,
        save=lambda data: services.framework_copy(
            actor=request.user, source=source, year=data["year"]
        ),
        success=lambda fw: _("The framework of %(year)s is made.") % {"year": fw.year},
        done=lambda fw: reverse("national:framework", args=[fw.year]),
        template="reports/framework/copy.html",
        context={"source": source},
    )


@require_http_methods(["GET", "POST"])
def area_create(request: HttpRequest, year: int) -> HttpResponse:
    fw = _framework(request, year)
    form = AreaForm(request.POST or None, initial={"narrative_required": True})
    return form_page(
        request,
        form,
        save=lambda data: services.area_create(actor=request.user, framework=fw, data=data),
        success=_("The area is added."),
        done=reverse("national:framework", args=[fw.year]),
        template="reports/framework/area_form.html",
        context={"framework": fw, "area": None},
    )


def _area(request: HttpRequest, pk: int) -> Area:
    return get_object_or_404(policy.visible(request.user, Area).select_related("framework"), pk=pk)


@require_http_methods(["GET", "POST"])
def area_edit(request: HttpRequest, pk: int) -> HttpResponse:
    area = _area(request, pk)
    form = AreaForm.for_area(area, request.POST or None)
    return form_page(
        request,
        form,
        save=lambda data: services.area_update(actor=request.user, area=area, data=data),
        success=_("The area is saved."),
        done=reverse("national:framework", args=[area.framework.year]),
        template="reports/framework/area_form.html",
        context={"framework": area.framework, "area": area},
    )


@require_POST
def area_move(request: HttpRequest, pk: int) -> HttpResponse:
    area = _area(request, pk)
    direction = request.POST.get("direction")
    if direction not in ("up", "down"):
        return render(
            request,
            "reports/framework/bad_request.html",
            {"message": _("Choose to move the area up or down."), "framework": area.framework},
            status=400,
        )
    services.area_move(actor=request.user, area=area, up=direction == "up")
    return redirect(reverse("national:framework", args=[area.framework.year]) + f"#area-{pk}")


@require_http_methods(["GET", "POST"])
def indicator_create(request: HttpRequest, year: int) -> HttpResponse:
    fw = _framework(request, year)
    initial = {"kind": Indicator.Kind.COMPUTED, "higher_is_better": True, "weight": 5}
    area_id = request.GET.get("area", "")
    if area_id.isdigit():
        initial["area"] = int(area_id)
    form = IndicatorForm(request.POST or None, initial=initial, framework=fw)
    return form_page(
        request,
        form,
        save=lambda data: services.indicator_create(actor=request.user, framework=fw, data=data),
        success=_("The indicator is added."),
        done=reverse("national:framework", args=[fw.year]),
        template="reports/framework/indicator_form.html",
        context=lambda: {
            "framework": fw,
            "indicator": None,
            "locked": services.is_locked(fw),
        },
    )


def _indicator(request: HttpRequest, pk: int) -> Indicator:
    return get_object_or_404(
        policy.visible(request.user, Indicator).select_related("area__framework"), pk=pk
    )


@require_http_methods(["GET", "POST"])
def indicator_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = _indicator(request, pk)
    fw = item.area.framework
    form = IndicatorForm.for_indicator(item, request.POST or None)
    return form_page(
        request,
        form,
        save=lambda data: services.indicator_update(actor=request.user, indicator=item, data=data),
        success=_("The indicator is saved."),
        done=reverse("national:framework", args=[fw.year]),
        template="reports/framework/indicator_form.html",
        context=lambda: {
            "framework": fw,
            "indicator": item,
            "locked": services.is_locked(fw),
        },
    )


@require_http_methods(["GET", "POST"])
def indicator_delete(request: HttpRequest, pk: int) -> HttpResponse:
    item = _indicator(request, pk)
    back = reverse("national:framework", args=[item.area.framework.year])
    return confirm_delete(
        request,
        item,
        back=back,
        delete=lambda: services.indicator_delete(actor=request.user, indicator=item),
        success=_("The indicator is removed."),
        what=_("the indicator"),
    )
