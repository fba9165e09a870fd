"""Competency pages: the NCS taxonomy (browse, import), the district competency
map, and confirming competency units for free text (thin views)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mujigae.competencies import ncs_import, selectors, services
from mujigae.competencies.forms import (
    ConfirmTextForm,
    ImportForm,
    OccupationForm,
    SearchForm,
    SuggestTextForm,
    UnitsForm,
)
from mujigae.competencies.models import (
    CompetencyUnit,
    NcsClass,
    Occupation,
    TagSource,
    UnitTag,
)
from mujigae.core import policy
from mujigae.core.exports import xlsx_response
from mujigae.core.forms import (
    INVALID_STATUS,
    form_page,
    form_status,
    submit,
)
from mujigae.core.imports import upload_page
from mujigae.core.models import District
from mujigae.core.views import page

# --------------------------------------------------------------------------
# taxonomy


@require_GET
def taxonomy(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = SearchForm(request.GET or None)
    q = form.cleaned_data["q"] if form.is_valid() else ""
    ctx = {
        "form": form,
        "q": q,
        "counts": selectors.taxonomy_counts(user=user),
        "majors": selectors.class_list(user=user),
    }
    if q:
        ctx["classes"] = list(selectors.class_search(user=user, q=q)[:50])
        ctx["page_obj"] = page(request, selectors.unit_search(user=user, q=q))
    return render(request, "competencies/taxonomy.html", ctx)


@require_GET
def class_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    ncs_class = policy.access(user, NcsClass, pk)
    ctx = {
        "node": ncs_class,
        "path": selectors.class_path(ncs_class),
        "children": selectors.class_list(user=user, parent=ncs_class),
        "units": policy.visible(user, CompetencyUnit).filter(job=ncs_class),
        "occupations": selectors.unit_occupations_of_job(user=user, job=ncs_class),
    }
    return render(request, "competencies/class_detail.html", ctx)


@require_GET
def unit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    unit = policy.access(user, CompetencyUnit, pk)
    ctx = {
        "unit": unit,
        "path": selectors.class_path(unit.job),
        "elements": unit.elements.all(),
        "occupations": selectors.unit_occupations(user=user, unit=unit),
    }
    return render(request, "competencies/unit_detail.html", ctx)


@csrf_exempt  # upload_page checks CSRF once its in-memory upload handler is in place
@require_http_methods(["GET", "POST"])
def taxonomy_import(request: HttpRequest) -> HttpResponse:
    user = request.user

    def done(record) -> HttpResponse:
        c = record.counts
        messages.success(
            request,
            _(
                "The file was imported: %(rows)s rows; units %(uc)s added, %(uu)s "
                "changed; elements %(ec)s added, %(eu)s changed."
            )
            % {
                "rows": f"{record.rows:,}",
                "uc": f"{c['units_created']:,}",
                "uu": f"{c['units_updated']:,}",
                "ec": f"{c['elements_created']:,}",
                "eu": f"{c['elements_updated']:,}",
            },
        )
        return redirect("competencies:taxonomy_import")

    return upload_page(
        request,
        template="competencies/import.html",
        form=ImportForm,
        land=lambda form, upload: services.ncs_import_file(
            actor=user,
            raw=upload.content,
            file_name=upload.name,
            is_sample=form.cleaned_data["is_sample"],
        ),
        done=done,
        limits=ncs_import.import_limits(),
        context=lambda: {
            "imports": selectors.recent_imports(user=user),
            "counts": selectors.taxonomy_counts(user=user),
        },
    )


# --------------------------------------------------------------------------
# the district competency map


def _map_district(request: HttpRequest) -> tuple[District | None, list[District]]:
    user = request.user
    home = policy.home_district(user)
    if home is not None:
        return home, []
    districts = list(policy.visible(user, District).order_by("name"))
    chosen = request.GET.get("district")
    for d in districts:
        if str(d.pk) == chosen:
            return d, districts
    return (districts[0] if districts else None), districts


@require_GET
def competency_map(request: HttpRequest) -> HttpResponse:
    district, districts = _map_district(request)
    ctx = {
        "district": district,
        "districts": districts,
        "groups": selectors.occupation_map(
            user=request.user, district_id=district.pk if district else None
        ),
        "can_create": policy.can_create_in(request.user, district),
    }
    return render(request, "competencies/map.html", ctx)


@require_GET
def map_export(request: HttpRequest) -> HttpResponse:
    district, _districts = _map_district(request)
    groups = selectors.occupation_map(
        user=request.user, district_id=district.pk if district else None
    )
    headers = [
        _("District"),
        _("Industry"),
        _("Occupation"),
        _("NCS job"),
        _("Unit code"),
        _("Unit name"),
        _("Level"),
        _("Sample data"),
    ]

    def rows():
        for group in groups:
            industry = group["industry"].name if group["industry"] else ""
            for occ in group["occupations"]:
                job = str(occ.job) if occ.job else ""
                units = list(occ.units.all()) or [None]
                for unit in units:
                    yield [
                        district.name if district else "",
                        industry,
                        occ.name,
                        job,
                        unit.code if unit else "",
                        unit.name if unit else "",
                        unit.level if unit else "",
                        _("sample") if occ.is_sample or (unit and unit.is_sample) else "",
                    ]

    return xlsx_response(_("competency map") + ".xlsx", _("Competency map"), headers, rows())


def _occupation_url(occ: Occupation) -> str:
    return reverse("competencies:occupation_detail", args=[occ.pk])


@require_http_methods(["GET", "POST"])
def occupation_create(request: HttpRequest) -> HttpResponse:
    district = policy.home_district(request.user)
    form = OccupationForm(request.POST or None, district=district)
    return form_page(
        request,
        form,
        save=lambda _data: services.occupation_create(
            actor=request.user, district=district, **form.service_data()
        ),
        success=_("The occupation was added."),
        done=_occupation_url,
        template="competencies/occupation_form.html",
        context={"occ": None},
    )


def _unit_search_results(request: HttpRequest) -> tuple[SearchForm, list[CompetencyUnit]]:
    form = SearchForm(request.GET or None)
    q = form.cleaned_data["q"] if form.is_valid() else ""
    return form, list(selectors.unit_search(user=request.user, q=q)[:30]) if q else []


def _occupation_context(request: HttpRequest, occ: Occupation) -> dict:
    form, results = _unit_search_results(request)
    have = set(occ.units.values_list("pk", flat=True))
    return {
        "occ": occ,
        "units": occ.units.select_related("job"),
        "can_manage": policy.can_manage(request.user, occ),
        "search_form": form,
        "results": [(u, u.pk in have) for u in results],
        "units_form": UnitsForm(),
    }


@require_GET
def occupation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    occ = policy.access(request.user, Occupation, pk)
    return render(request, "competencies/occupation_detail.html", _occupation_context(request, occ))


@require_http_methods(["GET", "POST"])
def occupation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    occ = policy.access(request.user, Occupation, pk, write=True)
    form = OccupationForm(request.POST or None, instance=occ, district=occ.district)
    return form_page(
        request,
        form,
        save=lambda _data: services.occupation_update(
            actor=request.user, occupation=occ, **form.service_data()
        ),
        success=_("The occupation was saved."),
        done=_occupation_url(occ),
        template="competencies/occupation_form.html",
        context={"occ": occ},
    )


@require_POST
def occupation_delete(request: HttpRequest, pk: int) -> HttpResponse:
    occ = policy.access(request.user, Occupation, pk, write=True)
    services.occupation_delete(actor=request.user, occupation=occ)
    messages.success(request, _("The occupation was deleted."))
    return redirect("competencies:map")


def _chosen_units(form: UnitsForm) -> list[CompetencyUnit]:
    """Ticked units plus typed codes (raises ApplicationError for unknown codes)."""
    units = list(form.cleaned_data.get("unit") or [])
    codes = form.cleaned_data.get("codes") or ""
    if codes.strip():
        units += services.units_from_codes(codes)
    return list(dict.fromkeys(units))


@require_POST
def occupation_units_add(request: HttpRequest, pk: int) -> HttpResponse:
    """A bad code re-renders the occupation page with the codes as typed."""
    occ = policy.access(request.user, Occupation, pk, write=True)
    form = UnitsForm(request.POST)
    return form_page(
        request,
        form,
        save=lambda _data: services.occupation_units_add(
            actor=request.user, occupation=occ, units=_chosen_units(form)
        ),
        success=lambda n: _("%(n)s units were added.") % {"n": n},
        done=_occupation_url(occ),
        template="competencies/occupation_detail.html",
        context=lambda: _occupation_context(request, occ),
        form_name="units_form",
    )


@require_POST
def occupation_unit_remove(request: HttpRequest, pk: int) -> HttpResponse:
    occ = policy.access(request.user, Occupation, pk, write=True)
    unit = occ.units.filter(pk=request.POST.get("unit") or 0).first()
    if unit is None:
        messages.error(request, _("This unit is not in the occupation."))
    else:
        services.occupation_unit_remove(actor=request.user, occupation=occ, unit=unit)
        messages.success(request, _("The unit was removed."))
    return redirect("competencies:occupation_detail", occ.pk)


# --------------------------------------------------------------------------
# free text -> confirmed units


@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    user = request.user
    show_all = request.GET.get("all") == "1"
    rows = selectors.hiring_queue(user=user, unresolved_only=not show_all)
    answers = selectors.free_text_answers(user=user, untagged_only=not show_all)
    ctx = {
        "rows": rows,
        "answers": page(request, answers),
        "show_all": show_all,
        "job_tags": selectors.recent_job_description_tags(user=user),
    }
    return render(request, "competencies/queue.html", ctx)


def _confirm(
    request: HttpRequest,
    *,
    source_kind: str,
    source_id: int,
    text: str,
    title: str,
    district_id: int,
    extra: dict,
) -> HttpResponse:
    user = request.user
    district = policy.visible(user, District).filter(pk=district_id).first()
    if not policy.can_create_in(user, district):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied
    found, available = selectors.suggestions(text)
    form = UnitsForm(request.POST if request.method == "POST" else None)

    def context() -> dict:
        tags = selectors.tags_for(user=user, source_kind=source_kind, source_id=source_id)
        tagged = {t.unit_id for t in tags}
        return {
            "text": text,
            "title": title,
            "suggested": [(s, s.unit.pk in tagged) for s in found],
            "suggester_available": available,
            "tags": tags,
            **extra,
        }

    return form_page(
        request,
        form,
        save=lambda _data: services.unit_tags_confirm(
            actor=user,
            district=district,
            source_kind=source_kind,
            source_id=source_id,
            text=text,
            title=title,
            units=_chosen_units(form),
            scores={s.unit.code: s.score for s in found},
        ),
        success=_("The competency units were confirmed."),
        done=_next_or(request, request.path),
        template="competencies/confirm.html",
        context=context,
    )


def _next_or(request: HttpRequest, default: str) -> str:
    """Where a form's `next` field points, if it is a page of this site."""
    target = request.POST.get("next", "")
    safe = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if target and safe else default


@require_http_methods(["GET", "POST"])
def hiring_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    from mujigae.surveys.models import HiringDemand

    row = policy.access(
        request.user,
        HiringDemand,
        pk,
        qs=policy.visible(request.user, HiringDemand).select_related(
            "response__organisation", "response__survey"
        ),
    )
    info = selectors.hiring_rows_units([row])[row.pk]
    text = " ".join(p for p in (row.occupation, row.competency_units) if p)
    return _confirm(
        request,
        source_kind=TagSource.HIRING,
        source_id=row.pk,
        text=text,
        title=row.occupation,
        district_id=row.district_id,
        extra={
            "row": row,
            "info": info,
            "coded_units": selectors.units_by_ids(info.coded),
            "kind_label": _("Hiring-demand row"),
        },
    )


@require_http_methods(["GET", "POST"])
def answer_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    from mujigae.surveys.models import Answer

    answer = policy.access(
        request.user,
        Answer,
        pk,
        qs=policy.visible(request.user, Answer).select_related(
            "question", "response__organisation", "response__survey"
        ),
    )
    return _confirm(
        request,
        source_kind=TagSource.ANSWER,
        source_id=answer.pk,
        text=answer.text,
        title=answer.question.text,
        district_id=answer.response.survey.district_id,
        extra={"answer": answer, "kind_label": _("Survey free-text answer")},
    )


@require_http_methods(["GET", "POST"])
def text_confirm(request: HttpRequest) -> HttpResponse:
    """A pasted job description: first suggest, then confirm."""
    user = request.user
    district = policy.home_district(user)
    step = request.POST.get("step", "suggest")
    suggest_form = SuggestTextForm(request.POST if step == "suggest" else None)
    confirm_form = ConfirmTextForm(request.POST if step == "confirm" else None)
    status, text = 200, ""
    if request.method == "POST" and step == "confirm":

        def confirm(data: dict):
            found, _available = selectors.suggestions(data["text"])
            return services.unit_tags_confirm(
                actor=user,
                district=district,
                source_kind=TagSource.JOB_DESCRIPTION,
                text=data["text"],
                title=data["title"],
                units=_chosen_units(confirm_form),
                scores={s.unit.code: s.score for s in found},
            )

        if submit(request, confirm_form, confirm, _("The competency units were confirmed.")):
            return redirect("competencies:queue")
        status = form_status(confirm_form)
        # the text as typed, so the person can correct it and choose again
        text = confirm_form.data.get("text", "")
    elif request.method == "POST":  # the first step only suggests: nothing is written
        if suggest_form.is_valid():
            text = suggest_form.cleaned_data["text"]
            confirm_form = ConfirmTextForm(
                initial={"text": text, "title": suggest_form.cleaned_data["title"]}
            )
        else:
            status = INVALID_STATUS
    found, available = selectors.suggestions(text) if text else ([], True)
    ctx = {
        "suggest_form": suggest_form,
        "confirm_form": confirm_form,
        "text": text,
        "suggested": [(s, False) for s in found],
        "suggester_available": available,
        "step": "confirm" if text or confirm_form.is_bound else "suggest",
    }
    return render(request, "competencies/text_confirm.html", ctx, status=status)


@require_POST
def tag_remove(request: HttpRequest, pk: int) -> HttpResponse:
    tag = policy.access(request.user, UnitTag, pk, write=True)
    services.unit_tag_remove(actor=request.user, tag=tag)
    messages.success(request, _("The confirmation was removed."))
    if tag.source_kind == TagSource.HIRING:
        return redirect("competencies:hiring_confirm", tag.source_id)
    if tag.source_kind == TagSource.ANSWER:
        return redirect("competencies:answer_confirm", tag.source_id)
    return redirect("competencies:queue")
