"""Matching-round pages (thin: parse, authorize, call a service or selector, render).

A step at the wrong time answers 409 with the service's Korean message on the
page; bad input 422 with the form as typed (core.forms); nothing is half-saved
(one transaction per service)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mujigae.core import policy
from mujigae.core.exceptions import ApplicationError
from mujigae.core.exports import xlsx_response
from mujigae.core.forms import INVALID_STATUS, form_page, form_status, submit
from mujigae.core.views import page
from mujigae.placements.models import SlotKind
from mujigae.rounds import forms, selectors, services
from mujigae.rounds.models import Assignment, Entrant, Response, Round, RoundSlot, RoundStatus
from mujigae.students.masking import mask_name
from mujigae.students.models import Student
from mujigae.students.views import download_with_reason

TRANSITIONS = {
    "open": services.round_open,
    "close": services.round_close,
    "publish": services.round_publish,
    "finish": services.round_finish,
}
DONE_MESSAGES = {
    "open": gettext_noop("The round is open: students can rank slots until the deadline."),
    "close": gettext_noop("The round is closed: no more changes to the choices."),
    "publish": gettext_noop("The results are published: students can see them and answer."),
    "finish": gettext_noop("The round is finished."),
}


def _round(request: HttpRequest, pk: int, *, write: bool = False) -> Round:
    return policy.access(request.user, Round, pk, write=write)


def _students_round(request: HttpRequest, pk: int) -> Round:
    """A round for the student's own pages: 404 outside the district, 403 for
    anyone but a student (the coordinator reaches the route, not the page)."""
    rnd = _round(request, pk)
    if request.user.role != policy.STUDENT:
        raise PermissionDenied
    return rnd


@require_GET
def round_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    rounds = selectors.rounds_for(user)
    if user.role == policy.STUDENT:
        rounds = rounds.filter(entrants__student__user_id=user.pk)
    ctx = {
        "rounds": rounds,
        "can_create": policy.can_create_in(user, policy.home_district(user)),
    }
    return render(request, "rounds/round_list.html", ctx)


@require_http_methods(["GET", "POST"])
def round_create(request: HttpRequest) -> HttpResponse:
    district = policy.home_district(request.user)
    if not policy.can_create_in(request.user, district):
        raise Http404
    return form_page(
        request,
        forms.RoundForm(request.POST or None, district=district),
        save=lambda data: services.round_create(actor=request.user, district=district, **data),
        success=_("The round was created as a draft. Open it when ready."),
        done=_round_url,
        template="rounds/round_form.html",
    )


def _round_url(rnd: Round) -> str:
    return reverse("rounds:round_detail", args=[rnd.pk])


def _detail(request: HttpRequest, rnd: Round, status: int = 200) -> HttpResponse:
    rnd.refresh_from_db()
    shown = rnd.status in (RoundStatus.MATCHED, RoundStatus.PUBLISHED, RoundStatus.FINISHED)
    ctx = {
        "round": rnd,
        "counts": selectors.round_counts(rnd),
        "slots": page(request, selectors.slot_results(rnd)) if shown else None,
        "schools": selectors.school_results(rnd) if shown else None,
        "choices_editable": rnd.choices_editable(),
        "second_rounds": rnd.next_rounds.all(),
    }
    return render(request, "rounds/round_detail.html", ctx, status=status)


@require_GET
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, _round(request, pk))


@require_POST
def round_transition(request: HttpRequest, pk: int) -> HttpResponse:
    rnd = _round(request, pk, write=True)
    action = request.POST.get("action", "")
    if action not in TRANSITIONS:
        messages.error(request, _("Choose what to do with the round."))
        return _detail(request, rnd, status=INVALID_STATUS)
    try:
        TRANSITIONS[action](actor=request.user, round=rnd)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return _detail(request, rnd, status=exc.status)
    messages.success(request, _(DONE_MESSAGES[action]))
    return redirect("rounds:round_detail", pk=rnd.pk)


@require_http_methods(["GET", "POST"])
def round_run(request: HttpRequest, pk: int) -> HttpResponse:
    """POST: run the matching (inline for a small round, else queued). GET: the
    run's status, a fragment the page polls with htmx."""
    rnd = _round(request, pk, write=request.method == "POST")
    if request.method == "GET":
        return render(request, "rounds/_run_status.html", {"round": rnd})
    try:
        rnd, queued = services.round_run_request(actor=request.user, round=rnd)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return _detail(request, rnd, status=exc.status)
    if queued:
        messages.info(
            request, _("The matching is running in the background; this page follows it.")
        )
    else:
        messages.success(request, _("The matching has been run. Check the results, then publish."))
    return redirect("rounds:round_detail", pk=rnd.pk)


@require_http_methods(["GET", "POST"])
def round_export(request: HttpRequest, pk: int) -> HttpResponse:
    """The results as Excel (names masked): students' rows, so the download
    asks its reason first and logs one row per student (students' access log)."""
    rnd = _round(request, pk)
    headers = [
        _("School"),
        _("Grade-class-number"),
        _("Name"),
        _("Company"),
        _("Slot"),
        _("Choice obtained"),
        _("Answer"),
    ]
    answers = dict(Response.choices)
    not_placed = _("Not placed")
    rows = (
        [
            school,
            f"{grade}-{class_no}-{number}",
            mask_name(name),
            company or "",
            title or not_placed,
            choice or "",
            str(answers.get(response, "")) if response else "",
        ]
        for school, grade, class_no, number, name, company, title, choice, response in (
            selectors.export_rows(rnd).iterator(chunk_size=5000)
        )
    )

    def respond() -> HttpResponse:
        return xlsx_response(_("matching results") + f"-{rnd.pk}.xlsx", _("Results"), headers, rows)

    return download_with_reason(
        request,
        students=Student.objects.filter(
            pk__in=Assignment.objects.filter(round=rnd).values("entrant__student_id")
        ),
        respond=respond,
        title=_("Download the matching results"),
        explain=_(
            "The file lists every student of the round with the slot they obtained "
            "(names masked). Every download of personal data is recorded with its "
            "reason, one line per student."
        ),
    )


@require_GET
def round_welfare(request: HttpRequest, pk: int) -> HttpResponse:
    rnd = _round(request, pk)
    return render(request, "rounds/round_welfare.html", {"round": rnd, "w": rnd.welfare})


@require_http_methods(["GET", "POST"])
def round_second(request: HttpRequest, pk: int) -> HttpResponse:
    prev = _round(request, pk, write=True)
    form = forms.SecondRoundForm(
        request.POST or None,
        initial={
            "name": _("%(name)s (2nd round)") % {"name": prev.name},
            "max_choices": prev.max_choices,
        },
    )
    return form_page(
        request,
        form,
        save=lambda data: services.round_second_create(actor=request.user, previous=prev, **data),
        success=_("The second round was created as a draft. Open it when ready."),
        done=_round_url,
        template="rounds/round_second.html",
        context={"previous": prev},
    )


# --- students ------------------------------------------------------------------


def _round_slots(rnd: Round):
    return (
        RoundSlot.objects.filter(round=rnd)
        .select_related("slot", "slot__company")
        .order_by("slot__company__name", "slot__title")
    )


def _choice_rows(rnd: Round, entrant, form) -> list:
    """(choice number, round slot id) for the choice selects: the list as the
    student saved it, or as just sent when it was refused."""
    if form is not None and form.is_bound:
        chosen = form.posted()
    elif entrant is not None:
        chosen = list(entrant.choices.order_by("rank").values_list("round_slot_id", flat=True))
    else:
        chosen = []
    chosen = chosen + [None] * (rnd.max_choices - len(chosen))
    return list(enumerate(chosen[: rnd.max_choices], 1))


def _save_choices(request: HttpRequest, rnd: Round, entrant, success: str, check_rules=False):
    """Save a student's ranked list (the student's own page or the school's):
    (saved?, the form with what was sent and the errors)."""
    form = forms.ChoicesForm(request.POST, round_slots=RoundSlot.objects.filter(round=rnd))
    saved = submit(
        request,
        form,
        lambda data: services.choices_save(
            actor=request.user,
            round=rnd,
            student=entrant.student,
            round_slot_ids=data["slot"],
            check_rules=check_rules,
        ),
        success,
    )
    return saved is not None, form


def _ranking(rnd: Round, entrant, form, now) -> dict:
    """The ranking page's two lists: the chosen slots in order and the others,
    each with its details and why the rules refuse it for this student."""
    slots = selectors.rankable_slots(rnd, entrant.student, on=timezone.localdate(now))
    by_pk = {s.pk: s for s in slots}
    if form is not None and form.is_bound:
        order = [pk for pk in form.posted() if pk is not None]
    else:
        order = list(entrant.choices.order_by("rank").values_list("round_slot_id", flat=True))
    chosen = [by_pk[pk] for pk in dict.fromkeys(order) if pk in by_pk]
    taken = {s.pk for s in chosen}
    return {
        "chosen": chosen,
        "available": [s for s in slots if s.pk not in taken],
        "list_full": len(chosen) >= rnd.max_choices,
    }


def _student_page(request: HttpRequest, rnd: Round, form=None, status: int = 200) -> HttpResponse:
    entrant = selectors.entrant_for(request.user, rnd)
    student = entrant.student
    now = timezone.now()
    editable = rnd.choices_editable(now)
    consent = services.has_placement_consent(student)
    assignment = _assignment(request, entrant) if rnd.results_published() else None
    ctx = {
        "round": rnd,
        "entrant": entrant,
        "consent": consent,
        "editable": editable,
        "form": form,
        "my_choices": entrant.choices.select_related("round_slot__slot__company").order_by("rank"),
        "assignment": assignment,
        "reasons": selectors.explained(assignment) if assignment else [],
        "can_answer": bool(
            assignment and assignment.response == Response.PENDING and rnd.answers_open(now)
        ),
        "next_step": _next_step(assignment),
    }
    if editable and consent:
        ctx.update(_ranking(rnd, entrant, form, now))
    if form is not None:
        status = form_status(form)
    return render(request, "rounds/student_round.html", ctx, status=status)


def _assignment(request: HttpRequest, entrant) -> Assignment | None:
    return (
        policy.visible(request.user, Assignment)
        .filter(entrant=entrant)
        .select_related("round", "round_slot__slot__company")
        .first()
    )


def _next_step(assignment: Assignment | None) -> str:
    """What happens after the student's answer, in words."""
    if assignment is None or assignment.round_slot is None:
        return ""
    slot = assignment.round_slot.slot
    start = slot.period_start
    if assignment.response == Response.ACCEPTED:
        if slot.kind == SlotKind.FIELD_TRAINING:
            text = _(
                "Your school's teacher in charge prepares the standard field-training "
                "agreement (현장실습 표준협약서) with %(company)s; you start once it is signed."
            ) % {"company": slot.company.name}
            when = _("Training starts on %(date)s.")
        else:
            text = _(
                "%(company)s tells you how hiring goes on (the employment contract); "
                "your school's teacher records the hire."
            ) % {"company": slot.company.name}
            when = _("Work starts on %(date)s.")
        if start is not None:
            return f"{text} {when % {'date': f'{start.year}. {start.month}. {start.day}.'}}"
        return f"{text} {_('Your school tells you the first day.')}"
    if assignment.response == Response.DECLINED:
        return _(
            "The place goes to another student. If the district opens a second round, "
            "you can choose again among the places left: it appears in your list of "
            "matching rounds and on your home page."
        )
    return ""


@require_http_methods(["GET", "POST"])
def student_round(request: HttpRequest, pk: int) -> HttpResponse:
    rnd = _students_round(request, pk)
    if request.method == "GET":
        return _student_page(request, rnd)
    entrant = selectors.entrant_for(request.user, rnd)
    if "op" in request.POST:
        # one step of the ranking page (add, up, down, remove): saved at once
        op = request.POST.get("op", "")
        try:
            services.choices_change(
                actor=request.user,
                round=rnd,
                student=entrant.student,
                shown=request.POST.getlist("slot"),
                op=op,
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
            return _student_page(request, rnd, status=exc.status)
        messages.success(request, _("Your list is saved. You can change it until the deadline."))
        target = op.partition(":")[2]
        anchor = f"#rs-{target}" if target.isdigit() else ""
        return redirect(reverse("rounds:student_round", args=[rnd.pk]) + anchor)
    saved, form = _save_choices(
        request,
        rnd,
        entrant,
        _("Your choices are saved. You can change them until the deadline."),
        check_rules=True,
    )
    if saved:
        return redirect("rounds:student_round", pk=rnd.pk)
    return _student_page(request, rnd, form)


ANSWERS = (Response.ACCEPTED, Response.DECLINED)


@require_http_methods(["GET", "POST"])
def student_respond(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: what the student is about to accept or decline, and a button to
    confirm (nothing is written). POST: the answer, then the round page with
    what happens next. The same answer sent twice changes nothing."""
    rnd = _students_round(request, pk)
    entrant = selectors.entrant_for(request.user, rnd)
    assignment = _assignment(request, entrant)
    if assignment is None or assignment.round_slot is None:
        raise Http404
    if request.method == "GET":
        response = request.GET.get("response", "")
        ctx = {
            "round": rnd,
            "assignment": assignment,
            "slot": assignment.round_slot.slot,
            "response": response if response in ANSWERS else "",
            "can_answer": assignment.response == Response.PENDING and rnd.answers_open(),
        }
        return render(request, "rounds/student_respond.html", ctx)
    try:
        services.assignment_respond(
            actor=request.user, assignment=assignment, response=request.POST.get("response", "")
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return _student_page(request, rnd, status=exc.status)
    messages.success(request, _("Your answer is recorded. See below what happens next."))
    return redirect(reverse("rounds:student_round", args=[rnd.pk]) + "#my-result")


@require_POST
def answer_correct(request: HttpRequest, pk: int) -> HttpResponse:
    """The coordinator corrects a placed student's answer (from the school page)."""
    assignment = policy.access(
        request.user,
        Assignment,
        pk,
        write=True,
        qs=Assignment.objects.select_related("round", "entrant"),
    )
    rnd = assignment.round
    return form_page(
        request,
        forms.CorrectionForm(request.POST, responses=_responses()),
        save=lambda data: services.assignment_correct(
            actor=request.user, assignment=assignment, **data
        ),
        success=_("The answer is corrected; the reason is in the audit log."),
        done=reverse("rounds:school_round", args=[rnd.pk]),
        template="rounds/school_round.html",
        context=lambda: _school_context(request, rnd) | {"correcting": assignment.pk},
        form_name="correct_form",
    )


def _responses() -> list[tuple[str, str]]:
    return [(r.value, r.label) for r in Response if r != Response.NONE]


# --- schools (and the coordinator): entering or correcting a student's list -----


def _school_context(request: HttpRequest, rnd: Round, entrant=None, form=None) -> dict:
    entrants = (
        policy.visible(request.user, Entrant)
        .filter(round=rnd)
        .select_related("student", "student__school")
        .order_by("student__school__name", "student__class_no", "student__number")
    )
    page_obj = page(request, entrants)
    # After publishing: each student's result and answer (the school advises them;
    # an accepted job leads on to recording the hire).
    results = {
        a.entrant_id: a
        for a in policy.visible(request.user, Assignment)
        .filter(entrant__in=list(page_obj.object_list))
        .select_related("round_slot__slot__company")
    }
    for e in page_obj.object_list:
        e.result = results.get(e.pk)
    return {
        "round": rnd,
        "page_obj": page_obj,
        "published": rnd.results_published(),
        "responses": _responses(),
        "entrant": entrant,
        "form": form,
        "consent": services.has_placement_consent(entrant.student) if entrant else False,
        "choices": entrant.choices.select_related("round_slot__slot__company").order_by("rank")
        if entrant
        else [],
        "rows": _choice_rows(rnd, entrant, form),
        "slots": _round_slots(rnd),
        "editable": rnd.choices_editable(),
    }


def _school_page(request: HttpRequest, rnd: Round, status: int = 200, entrant=None, form=None):
    ctx = _school_context(request, rnd, entrant, form)
    return render(request, "rounds/school_round.html", ctx, status=status)


@require_http_methods(["GET", "POST"])
def school_round(request: HttpRequest, pk: int) -> HttpResponse:
    """A school enters or corrects the lists of its own students (the
    coordinator: of every student); the same rules as the student's page."""
    rnd = _round(request, pk)
    key = request.POST.get("entrant") if request.method == "POST" else request.GET.get("entrant")
    entrant = None
    if key:
        entrant = (
            policy.visible(request.user, Entrant)
            .filter(round=rnd, pk=key if str(key).isdigit() else None)
            .select_related("student")
            .first()
        )
        if entrant is None:
            raise Http404
    if request.method == "GET":
        return _school_page(request, rnd, entrant=entrant)
    if entrant is None:
        messages.error(request, _("Choose a student."))
        return _school_page(request, rnd, status=INVALID_STATUS)
    saved, form = _save_choices(request, rnd, entrant, _("The student's choices are saved."))
    if saved:
        return redirect(reverse("rounds:school_round", args=[rnd.pk]) + f"?entrant={entrant.pk}")
    return _school_page(request, rnd, status=form_status(form), entrant=entrant, form=form)


# --- companies -------------------------------------------------------------------


def _company_page(
    request: HttpRequest, rnd: Round, status: int = 200, form=None, round_slot=None
) -> HttpResponse:
    page_obj = page(request, selectors.company_slots(request.user, rnd), per_page=20)
    items = selectors.company_view(request.user, rnd, page_obj.object_list, request=request)
    if form is not None:  # refused: the ranks of that slot as they were typed
        typed = form.typed()
        for item in items:
            if item.round_slot.pk == round_slot.pk:
                for a in item.applicants:
                    a.company_rank = typed.get(a.entrant_id, a.company_rank)
    ctx = {
        "round": rnd,
        "page_obj": page_obj,
        "items": items,
        "form": form,
        "editable": rnd.rankings_editable() and request.user.role == policy.COMPANY,
    }
    return render(request, "rounds/company_round.html", ctx, status=status)


@require_http_methods(["GET", "POST"])
def company_round(request: HttpRequest, pk: int) -> HttpResponse:
    rnd = _round(request, pk)
    if request.method == "GET":
        return _company_page(request, rnd)
    try:
        rs = policy.access(
            request.user,
            RoundSlot,
            request.POST.get("round_slot"),
            write=True,
            qs=RoundSlot.objects.filter(round=rnd),
        )
    except Http404:
        messages.error(request, _("Choose one of your slots."))
        return _company_page(request, rnd, status=INVALID_STATUS)
    form = forms.RanksForm(request.POST)
    saved = submit(
        request,
        form,
        lambda _data: services.company_rank_save(
            actor=request.user, round_slot=rs, entrant_ids=form.ranked()
        ),
        _("Your ranking of the applicants is saved."),
    )
    if saved:
        return redirect("rounds:company_round", pk=rnd.pk)
    return _company_page(request, rnd, status=form_status(form), form=form, round_slot=rs)
