"""Survey results: the analysis page and its exports.

Coordinators of the survey's district see who answered what; other partners and
the ministry see aggregates only, small groups suppressed (selectors_analysis).
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from mujigae.core import charts, policy
from mujigae.core.numbers import percent, quantity
from mujigae.surveys import exports
from mujigae.surveys import selectors_analysis as sa
from mujigae.surveys.models import Survey

TEXT_PAGE_SIZE = 20


class AnalysisFilterForm(forms.Form):
    size = forms.ChoiceField(label=_("Company size"), required=False)
    industry = forms.TypedChoiceField(
        label=_("Industry"), required=False, coerce=int, empty_value=None
    )
    area = forms.ChoiceField(label=_("Area"), required=False)

    def __init__(self, *args, survey: Survey, **kwargs):
        super().__init__(*args, **kwargs)
        choices = sa.filter_choices(survey)
        sizes = sa.size_labels()
        blank = [("", _("All"))]
        self.fields["size"].choices = blank + [(s, sizes[s]) for s in sa.SIZE_CLASSES]
        self.fields["industry"].choices = blank + choices["industries"]
        self.fields["area"].choices = blank + choices["areas"]

    def filters(self) -> sa.Filters:
        data = self.cleaned_data if self.is_valid() else {}
        return sa.Filters(
            size=data.get("size") or "",
            industry=data.get("industry") or None,
            area=data.get("area") or "",
        )


def _survey_and_filters(request: HttpRequest, pk: int):
    survey = policy.access(
        request.user, Survey, pk, qs=policy.visible(request.user, Survey).select_related("district")
    )
    form = AnalysisFilterForm(request.GET or None, survey=survey)
    return survey, form, form.filters()


@require_GET
def analysis(request: HttpRequest, pk: int) -> HttpResponse:
    survey, form, filters = _survey_and_filters(request, pk)
    reveal = policy.can_manage(request.user, survey)
    result = sa.survey_analysis(survey=survey, reveal=reveal, filters=filters)
    texts = None
    text_question = None
    if reveal:
        text_qs = [r.question for r in result.results if r.kind in sa.TEXT_KINDS]
        wanted = request.GET.get("tq", "")
        text_question = next((q for q in text_qs if str(q.pk) == wanted), None) or (
            text_qs[0] if text_qs else None
        )
        if text_question is not None:
            q = request.GET.get("q", "").strip()[:100]
            texts = Paginator(
                sa.text_answers(survey=survey, question=text_question, filters=filters, q=q),
                TEXT_PAGE_SIZE,
            ).get_page(request.GET.get("page"))
    return render(
        request,
        "surveys/analysis/analysis.html",
        {
            "survey": survey,
            "form": form,
            "a": result,
            "reveal": reveal,
            "threshold": sa.threshold(),
            "text_question": text_question,
            "page_obj": texts,
            "q": request.GET.get("q", ""),
            **_timeline_chart(survey, reveal),
        },
    )


def _timeline_chart(survey: Survey, reveal: bool) -> dict:
    """Responses over time: the submitted responses so far, day by day from
    the first invitation sent to the deadline. A count of companies: shown to
    the aggregate viewers only when the total is not a small group."""
    timeline = sa.response_timeline(survey=survey)
    if timeline is None or (
        not reveal and sa.suppress(timeline.cumulative[-1], timeline.cumulative[-1]) is None
    ):
        return {"timeline": None}
    title = str(_("Submitted responses over time"))
    labels = [f"{d.month}/{d.day}" for d in timeline.days]
    drawing = charts.lines(
        {str(_("Submitted responses")): list(zip(labels, timeline.cumulative, strict=True))},
        title=title,
    )
    return {
        "timeline": charts.svg(drawing, title=title),
        "timeline_title": title,
        "timeline_headers": [_("Day"), _("Submitted responses"), _("Share of invited")],
        "timeline_rows": [
            [label, quantity(n), percent(n * 100 / timeline.invited) if timeline.invited else "—"]
            for label, n in zip(labels, timeline.cumulative, strict=True)
        ],
    }


@require_GET
def analysis_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    survey, _form, filters = _survey_and_filters(request, pk)
    return exports.survey_xlsx(
        survey=survey, reveal=policy.can_manage(request.user, survey), filters=filters
    )


@require_GET
def analysis_csv(request: HttpRequest, pk: int) -> HttpResponse:
    # The route is coordinators only; the object scope limits it to their district.
    survey, _form, filters = _survey_and_filters(request, pk)
    if not policy.can_manage(request.user, survey):
        raise PermissionDenied
    return exports.survey_csv(survey=survey, filters=filters)
