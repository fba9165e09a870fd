"""The entered indicators of a year (`annual:entered`): one form per `entered`
indicator of the year's framework — value, note, evidence document (one of
the district's documents the coordinator can see in the library)."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from mujigae.core.forms import submit
from mujigae.reports import entered_services as services
from mujigae.reports import report_format as fmt
from mujigae.reports.models import EnteredValue, Framework, Indicator
from mujigae.sharing import document_selectors


class EnteredForm(forms.Form):
    indicator = forms.IntegerField(widget=forms.HiddenInput)
    value = forms.DecimalField(
        label=gettext_lazy("Value"),
        max_digits=16,
        decimal_places=1,
        error_messages={"invalid": gettext_lazy("Enter a number.")},
    )
    note = forms.CharField(
        label=gettext_lazy("Evidence note"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    evidence = forms.TypedChoiceField(
        label=gettext_lazy("Evidence document"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, documents=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["evidence"].choices = [("", _("(none)"))] + [(d.pk, d.title) for d in documents]


def _documents(request: HttpRequest) -> list:
    return list(
        document_selectors.document_list(user=request.user).filter(
            district_id=request.user.district_id
        )[:500]
    )


@require_http_methods(["GET", "POST"])
def entered(request: HttpRequest, year: int) -> HttpResponse:
    framework = get_object_or_404(Framework, year=year)
    district = request.user.district
    items = list(
        Indicator.objects.filter(area__framework=framework, kind=Indicator.Kind.ENTERED)
        .select_related("area__framework")
        .order_by("area__order", "area__pk", "order", "pk")
    )
    values = {
        v.indicator_id: v
        for v in EnteredValue.objects.filter(indicator__in=items, district=district).select_related(
            "evidence"
        )
    }
    documents = _documents(request)
    by_pk = {d.pk: d for d in documents}
    posted_pk: int | None = None
    status = 200
    if request.method == "POST":
        try:
            posted_pk = int(request.POST.get("indicator", ""))
        except ValueError:
            posted_pk = None
    forms_by_item = {}
    for item in items:
        current = values.get(item.pk)
        initial = {
            "indicator": item.pk,
            "value": current.value if current else None,
            "note": current.note if current else "",
            "evidence": current.evidence_id if current else None,
        }
        bound = request.method == "POST" and posted_pk == item.pk
        form = EnteredForm(
            request.POST if bound else None,
            initial=initial,
            documents=documents,
            prefix=None,
            auto_id=f"id_{item.pk}_%s",
        )
        forms_by_item[item.pk] = form
    if request.method == "POST":
        item = next((i for i in items if i.pk == posted_pk), None)
        if item is None:
            form = EnteredForm(request.POST, documents=documents)
            form.is_valid()
            form.add_error(None, _("Choose an indicator of this year."))
            status = 422
            forms_by_item[0] = form
        else:
            form = forms_by_item[item.pk]

            def save(data: dict) -> EnteredValue:
                evidence = by_pk.get(data["evidence"]) if data.get("evidence") else None
                return services.entered_value_set(
                    actor=request.user,
                    district=district,
                    indicator=item,
                    value=Decimal(data["value"]),
                    note=data.get("note", ""),
                    evidence=evidence,
                )

            result = submit(request, form, save, _("The value has been saved."))
            if result is not None:
                from django.shortcuts import redirect

                return redirect(reverse("annual:entered", args=[year]) + f"#indicator-{item.pk}")
            status = getattr(form, "error_status", 422)
    rows = []
    for item in items:
        lo, hi = services.bounds(item)
        rows.append(
            {
                "item": item,
                "form": forms_by_item[item.pk],
                "current": values.get(item.pk),
                "current_text": fmt.amount(values[item.pk].value, item.unit)
                if item.pk in values
                else fmt.no_data(),
                "range": (
                    fmt.amount(lo, item.unit) if lo is not None else "",
                    fmt.amount(hi, item.unit) if hi is not None else "",
                ),
                "unit": fmt.unit_label(item.unit),
                "target": fmt.amount(item.target, item.unit) if item.target is not None else "—",
            }
        )
    return render(
        request,
        "reports/annual/entered.html",
        {
            "framework": framework,
            "rows": rows,
            "frozen": services.year_frozen(district.pk, framework.pk) if district else False,
            "stray_form": forms_by_item.get(0),
        },
        status=status,
    )
