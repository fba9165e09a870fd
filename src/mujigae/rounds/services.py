"""Every write of a matching round: keyword-only functions, one transaction each,
audited. A step taken at the wrong time raises `ApplicationError` with status
409 and a Korean message; bad input 422. See docs/rounds.md.

draft --open--> open --close (after the deadline)--> closed --run--> matched
--publish--> published --finish--> finished; `run` may be repeated while
matched (before publishing), each run replacing the stored result at once."""

from __future__ import annotations

import json
import time
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from mujigae.core import audit, writes
from mujigae.core.exceptions import ApplicationError
from mujigae.core.models import District
from mujigae.partners.models import Organisation, OrgKind
from mujigae.placements.models import Slot, SlotKind
from mujigae.rounds import engine, selectors
from mujigae.rounds.models import (
    MAX_CHOICES_LIMIT,
    Assignment,
    CompanyRank,
    Entrant,
    Response,
    Round,
    RoundSlot,
    RoundStatus,
    RunStatus,
    StudentChoice,
)
from mujigae.students.models import ConsentPurpose, Student
from mujigae.students.selectors import consent_active_q, has_active_consent

STALE_AFTER_SECONDS = 30 * 60


def inline_max() -> int:
    """Rounds with at most this many students run inside the request; larger
    ones as a background task (django-tasks) the page follows."""
    return settings.MUJIGAE_ROUND_INLINE_MAX


def _conflict(message: str) -> ApplicationError:
    return ApplicationError(message, status=409)


def _bad(field: str, message: str, status: int = 422) -> ApplicationError:
    return ApplicationError(message, field_errors={field: [message]}, status=status)


def _locked(rnd: Round) -> Round:
    return Round.objects.select_for_update().get(pk=rnd.pk)


def _status_change(actor: Any, rnd: Round, new: str) -> Round:
    return writes.update(actor=actor, obj=rnd, data={"status": new})


def has_placement_consent(student: Student) -> bool:
    return has_active_consent(student, ConsentPurpose.PLACEMENT)


# --- creating and opening -------------------------------------------------------


def _check_fields(
    *, name: str, kind: str, max_choices: Any, deadline: datetime | None, response_deadline=None
) -> int:
    if not (name or "").strip():
        raise _bad("name", _("Enter a name for the round."))
    if kind not in SlotKind.values:
        raise _bad("kind", _("Choose field training or job."))
    try:
        n = int(max_choices)
    except (TypeError, ValueError) as exc:
        raise _bad("max_choices", _("Enter the number of choices as a number.")) from exc
    if not 1 <= n <= MAX_CHOICES_LIMIT:
        raise _bad(
            "max_choices",
            _("A student may rank between 1 and %(n)s slots.") % {"n": MAX_CHOICES_LIMIT},
        )
    if deadline is None:
        raise _bad("deadline", _("Enter the deadline for choices."))
    if response_deadline is not None and response_deadline < deadline:
        raise _bad(
            "response_deadline",
            _("The deadline to accept or decline must come after the deadline for choices."),
        )
    return n


@transaction.atomic
def round_create(
    *,
    actor: Any,
    district: District,
    name: str,
    kind: str,
    deadline: datetime,
    school_year: int,
    grade: int,
    schools: Iterable[Organisation],
    max_choices: int = 5,
    response_deadline: datetime | None = None,
    is_sample: bool = False,
) -> Round:
    n = _check_fields(
        name=name,
        kind=kind,
        max_choices=max_choices,
        deadline=deadline,
        response_deadline=response_deadline,
    )
    schools = list(schools)
    if not schools:
        raise _bad("schools", _("Choose at least one school."))
    if not all(s.is_a(OrgKind.SCHOOL, district_id=district.pk) for s in schools):
        raise _bad("schools", _("Choose schools of this district."))
    if not 1 <= int(grade) <= 3:
        raise _bad("grade", _("The grade must be 1, 2 or 3."))
    return writes.create(
        actor=actor,
        model=Round,
        data={
            "district": district,
            "name": name.strip(),
            "kind": kind,
            "deadline": deadline,
            "response_deadline": response_deadline,
            "max_choices": n,
            "school_year": school_year,
            "grade": grade,
            "created_by": actor if getattr(actor, "is_authenticated", False) else None,
            "is_sample": is_sample,
            "schools": schools,
        },
    )


@transaction.atomic
def round_open(*, actor: Any, round: Round, now: datetime | None = None) -> Round:
    """draft -> open. A first round offers the district's open slots of its type
    and enters the students of its schools, school year and grade; a second
    round already holds what is left of the first."""
    rnd = _locked(round)
    now = now or timezone.now()
    if rnd.status != RoundStatus.DRAFT:
        raise _conflict(_("Only a draft round can be opened."))
    if rnd.deadline <= now:
        raise _bad("deadline", _("The deadline has passed: set a later deadline first."))
    if rnd.previous_id is None:
        slots = list(
            Slot.objects.open()
            .filter(district_id=rnd.district_id, kind=rnd.kind)
            .values_list("pk", "capacity")
        )
        if not slots:
            raise _conflict(_("There are no open slots of this type in the district."))
        RoundSlot.objects.bulk_create(
            [RoundSlot(round=rnd, slot_id=pk, capacity=cap) for pk, cap in slots],
            batch_size=2000,
        )
        students = Student.objects.filter(
            district_id=rnd.district_id,
            school_year=rnd.school_year,
            grade=rnd.grade,
            school__in=rnd.schools.all(),
        ).values_list("pk", flat=True)
        Entrant.objects.bulk_create(
            [Entrant(round=rnd, student_id=pk) for pk in students], batch_size=2000
        )
    if not rnd.entrants.exists():
        raise _conflict(_("No student is entered in this round: check the schools and grade."))
    return _status_change(actor, rnd, RoundStatus.OPEN)


@transaction.atomic
def round_close(*, actor: Any, round: Round, now: datetime | None = None) -> Round:
    rnd = _locked(round)
    now = now or timezone.now()
    if rnd.status != RoundStatus.OPEN:
        raise _conflict(_("Only an open round can be closed."))
    if rnd.choices_editable(now):
        raise _conflict(_("The deadline for choices has not passed yet."))
    return _status_change(actor, rnd, RoundStatus.CLOSED)


# --- students' choices and companies' rankings ------------------------------------


def _entrant_of(rnd: Round, student: Student) -> Entrant:
    entrant = Entrant.objects.filter(round=rnd, student=student).first()
    if entrant is None:
        raise ApplicationError(_("You are not entered in this round."), status=403)
    return entrant


@transaction.atomic
def choices_save(
    *,
    actor: Any,
    round: Round,
    student: Student,
    round_slot_ids: Sequence[Any],
    now: datetime | None = None,
    check_rules: bool = False,
) -> list[StudentChoice]:
    """Replace the student's ranked list (best first) with `round_slot_ids`.

    A slot added to the list must still take applications (its `apply_by`
    has not passed: slots already on the list stay, and may be moved or
    removed). With `check_rules` (the student's own page) an added slot must
    also be one the rules of `placements.rules` allow for this student: the
    page marks the others before they are chosen."""
    rnd = Round.objects.select_for_update().get(pk=round.pk)
    now = now or timezone.now()
    entrant = _entrant_of(rnd, student)
    if not rnd.choices_editable(now):
        raise _conflict(_("The deadline for choices has passed; your list can no longer change."))
    if not has_placement_consent(student):
        raise ApplicationError(
            _(
                "You have not given consent to share your data with companies for field "
                "training and hiring, so you cannot apply. Ask your school."
            ),
            status=403,
        )
    try:
        ids = [int(x) for x in round_slot_ids if str(x).strip()]
    except (TypeError, ValueError) as exc:
        raise _bad("slots", _("Choose slots from the list.")) from exc
    if len(ids) > rnd.max_choices:
        raise _bad("slots", _("You may rank at most %(n)s slots.") % {"n": rnd.max_choices}, 422)
    if len(set(ids)) != len(ids):
        raise _bad("slots", _("A slot appears twice in your list: rank each slot once."), 422)
    known = set(RoundSlot.objects.filter(round=rnd, pk__in=ids).values_list("pk", flat=True))
    if set(ids) - known:
        raise _bad("slots", _("Choose slots from the list."), 422)
    before = list(entrant.choices.order_by("rank").values_list("round_slot_id", flat=True))
    added = [pk for pk in ids if pk not in before]
    if added:
        _check_added(student, added, on=timezone.localdate(now), check_rules=check_rules)
    # The ranked list is replaced (rows of StudentChoice), not a field of the
    # entrant: the audit row is written by hand, with the list before and after.
    if before == ids:
        return list(entrant.choices.order_by("rank"))
    entrant.choices.all().delete()
    made = StudentChoice.objects.bulk_create(
        [StudentChoice(entrant=entrant, round_slot_id=pk, rank=k) for k, pk in enumerate(ids, 1)]
    )
    audit.record(actor=actor, action="update", obj=entrant, changes={"choices": [before, ids]})
    return made


def _check_added(student: Student, added: list[int], *, on: date, check_rules: bool) -> None:
    """Refuse (422, Korean) a slot newly put on a student's list that no
    longer takes applications or, with `check_rules`, that the rules refuse."""
    round_slots = RoundSlot.objects.filter(pk__in=added).select_related("slot", "slot__company")
    slots = [rs.slot for rs in sorted(round_slots, key=lambda rs: added.index(rs.pk))]
    if check_rules:
        refusals = selectors.refusals_for(student, slots, on)
    else:
        refusals = {
            s.pk: [selectors.closed_message(s.apply_by)] for s in slots if s.applications_closed(on)
        }
    for slot in slots:
        if slot.pk in refusals:
            raise _bad(
                "slots",
                _("%(slot)s cannot be chosen: %(reasons)s")
                % {
                    "slot": f"{slot.company.name} · {slot.title}",
                    "reasons": " ".join(refusals[slot.pk]),
                },
            )


CHOICE_OPS = ("add", "up", "down", "remove")


def choices_change(
    *,
    actor: Any,
    round: Round,
    student: Student,
    shown: Sequence[Any],
    op: str,
    now: datetime | None = None,
) -> list[StudentChoice]:
    """One step on the student's ranking page: `op` is "add:<id>", "up:<id>",
    "down:<id>" or "remove:<id>" (a round slot), applied to the list as the
    page showed it (`shown`, best first) and saved with `choices_save` (the
    rules checked). The same step sent twice (a double tap, a reload) gives
    the same list."""
    action, _sep, key = (op or "").partition(":")
    try:
        target = int(key)
        ids = [int(x) for x in shown if str(x).strip()]
    except (TypeError, ValueError) as exc:
        raise _bad("slots", _("Choose slots from the list.")) from exc
    if action not in CHOICE_OPS:
        raise _bad("slots", _("Choose add, up, down or remove."))
    if action == "add":
        if target not in ids:
            ids.append(target)
    elif target not in ids:
        raise _bad("slots", _("This slot is not on your list."))
    else:
        k = ids.index(target)
        if action == "remove":
            ids.pop(k)
        elif action == "up" and k > 0:
            ids[k - 1], ids[k] = ids[k], ids[k - 1]
        elif action == "down" and k < len(ids) - 1:
            ids[k + 1], ids[k] = ids[k], ids[k + 1]
    return choices_save(
        actor=actor, round=round, student=student, round_slot_ids=ids, now=now, check_rules=True
    )


def applicants(round_slot: RoundSlot):
    """Entrants who ranked this slot and have an active placement consent."""
    return Entrant.objects.filter(
        consent_active_q(ConsentPurpose.PLACEMENT, "student__"), choices__round_slot=round_slot
    ).distinct()


@transaction.atomic
def company_rank_save(
    *, actor: Any, round_slot: RoundSlot, entrant_ids: Sequence[Any]
) -> list[CompanyRank]:
    """Replace the company's order of the applicants of one slot (best first);
    applicants left out are unacceptable to it."""
    rnd = Round.objects.select_for_update().get(pk=round_slot.round_id)
    if not rnd.rankings_editable():
        raise _conflict(_("The matching has been run: rankings can no longer change."))
    try:
        ids = [int(x) for x in entrant_ids if str(x).strip()]
    except (TypeError, ValueError) as exc:
        raise _bad("applicants", _("Choose applicants from the list.")) from exc
    if len(set(ids)) != len(ids):
        raise _bad("applicants", _("An applicant appears twice: rank each applicant once."))
    allowed = set(applicants(round_slot).filter(pk__in=ids).values_list("pk", flat=True))
    if set(ids) - allowed:
        raise _bad("applicants", _("Rank only students who applied to this slot."))
    # A list of CompanyRank rows replaced, not a field: audited by hand.
    before = list(round_slot.ranks.order_by("rank").values_list("entrant_id", flat=True))
    round_slot.ranks.all().delete()
    made = CompanyRank.objects.bulk_create(
        [CompanyRank(round_slot=round_slot, entrant_id=pk, rank=k) for k, pk in enumerate(ids, 1)]
    )
    audit.record(
        actor=actor,
        action="update",
        obj=rnd,
        changes={f"ranking of slot {round_slot.slot_id}": [before, ids]},
    )
    return made


# --- running the matching ---------------------------------------------------------


def _runnable(rnd: Round, now: datetime) -> None:
    if rnd.choices_editable(now):
        raise _conflict(_("The matching runs after the deadline for choices."))
    if rnd.status not in (RoundStatus.OPEN, RoundStatus.CLOSED, RoundStatus.MATCHED):
        raise _conflict(_("The results are published: the matching can no longer be run."))


def round_run_request(
    *, actor: Any, round: Round, now: datetime | None = None, inline: bool | None = None
) -> tuple[Round, bool]:
    """Run the matching: inline for a small round, else queue a background
    task. A request while a run is queued or running returns that one.
    Returns (round, queued)."""
    now = now or timezone.now()
    with transaction.atomic():
        rnd = _locked(round)
        _runnable(rnd, now)
        fresh = rnd.run_requested_at and (now - rnd.run_requested_at).total_seconds() < (
            STALE_AFTER_SECONDS
        )
        if rnd.run_pending and fresh:
            return rnd, True
        if rnd.status == RoundStatus.OPEN:
            _status_change(actor, rnd, RoundStatus.CLOSED)
        if inline is None:
            inline = rnd.entrants.count() <= inline_max()
        rnd.run_status = RunStatus.QUEUED
        rnd.run_step = ""
        rnd.run_error = ""
        rnd.run_requested_at = now
        rnd.save(update_fields=["run_status", "run_step", "run_error", "run_requested_at"])
        # the request is the event worth a row (the run's bookkeeping fields
        # change again in a moment): recorded by hand
        audit.record(
            actor=actor, action="update", obj=rnd, changes={"matching": [None, "requested"]}
        )
        if not inline:

            def enqueue() -> None:
                from mujigae.rounds.tasks import run_round

                result = run_round.enqueue(round_id=rnd.pk)
                Round.objects.filter(pk=rnd.pk).update(run_task_id=str(result.id)[:64])

            transaction.on_commit(enqueue)
    if inline:
        return round_run_execute(round_id=rnd.pk), False
    return rnd, True


def round_run_execute(*, round_id: int) -> Round | None:
    """What the background task does (and an inline run): compute, then store
    the whole result in one transaction; a failure is recorded on the round."""
    with transaction.atomic():
        rnd = Round.objects.select_for_update().filter(pk=round_id).first()
        if rnd is None or rnd.run_status != RunStatus.QUEUED:
            return rnd
        rnd.run_status = RunStatus.RUNNING
        rnd.run_started_at = timezone.now()
        rnd.save(update_fields=["run_status", "run_started_at"])
    try:
        return round_match(round=rnd)
    except Exception as exc:
        Round.objects.filter(pk=rnd.pk).update(
            run_status=RunStatus.FAILED,
            run_finished_at=timezone.now(),
            run_error=(getattr(exc, "message", None) or exc.__class__.__name__)[:2000],
        )
        raise


def _step(round_id: int, name: str) -> None:
    Round.objects.filter(pk=round_id).update(run_step=name)


ASSIGNMENT_COLUMNS = (
    "round_id",
    "entrant_id",
    "round_slot_id",
    "choice",
    "explanation",
    "response",
)


def _insert_assignments(rows: list[tuple]) -> None:
    """The result rows straight into the table (COPY on PostgreSQL, executemany
    on SQLite): the ORM's bulk_create spends most of its time preparing
    100,000 objects one field at a time. Called inside the run's transaction."""
    table = Assignment._meta.db_table
    qn = connection.ops.quote_name
    cols = ", ".join(qn(c) for c in ASSIGNMENT_COLUMNS)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # identifiers from the model's own metadata, quoted: no user input
            with cursor.cursor.copy(f"COPY {qn(table)} ({cols}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(ASSIGNMENT_COLUMNS))
            sql = f"INSERT INTO {qn(table)} ({cols}) VALUES ({marks})"  # noqa: S608
            for start in range(0, len(rows), 50_000):
                cursor.executemany(sql, rows[start : start + 50_000])


def round_match(*, round: Round, actor: Any = None) -> Round:
    """Compute the stable matching of a closed (or matched) round and replace
    its stored result in one transaction."""
    started = time.perf_counter()
    rnd = Round.objects.get(pk=round.pk)
    if rnd.status not in (RoundStatus.CLOSED, RoundStatus.MATCHED):
        raise _conflict(_("Close the round before running the matching."))
    computed = engine.compute(rnd, step=lambda s: _step(rnd.pk, s))
    _step(rnd.pk, "saving")
    rs_ids = computed.round_slot_ids.tolist()
    slot_of = computed.slot_of.tolist()
    choice_of = computed.choice_of.tolist()
    explanations = computed.explanations
    rows = []
    dumps = json.dumps
    for k, eid in enumerate(computed.entrant_ids.tolist()):
        j = slot_of[k]
        rows.append(
            (
                rnd.pk,
                eid,
                rs_ids[j] if j >= 0 else None,
                choice_of[k] or None,
                dumps([e.as_dict() for e in explanations[eid]]),
                "",
            )
        )
    timings = dict(computed.timings)
    timings["rows"] = time.perf_counter() - started - sum(timings.values())
    with transaction.atomic():
        locked = _locked(rnd)
        if locked.status not in (RoundStatus.CLOSED, RoundStatus.MATCHED):
            raise _conflict(_("Close the round before running the matching."))
        saving = time.perf_counter()
        Assignment.objects.filter(round=locked).delete()
        _insert_assignments(rows)
        timings["saving"] = time.perf_counter() - saving
        locked.stats = {**computed.stats, "timings": timings}
        locked.welfare = computed.welfare
        locked.run_status = RunStatus.DONE
        locked.run_step = ""
        locked.run_finished_at = timezone.now()
        locked.run_seconds = time.perf_counter() - started
        locked.run_error = ""
        old = locked.status
        locked.status = RoundStatus.MATCHED
        locked.save()
        # the status and a summary of the stored result (counts of the
        # Assignment rows just written), not only field values: by hand
        audit.record(
            actor=actor,
            action="update",
            obj=locked,
            changes={
                "status": [old, locked.status],
                "placed": [None, computed.stats["placed"]],
                "unplaced": [None, computed.stats["unplaced"]],
            },
        )
    return locked


# --- publishing and answers ---------------------------------------------------------


@transaction.atomic
def round_publish(*, actor: Any, round: Round) -> Round:
    rnd = _locked(round)
    if rnd.status != RoundStatus.MATCHED:
        raise _conflict(_("Run the matching before publishing the results."))
    if rnd.run_pending:
        raise _conflict(_("A matching run is still on its way: wait for it to finish."))
    Assignment.objects.filter(round=rnd, round_slot__isnull=False).update(response=Response.PENDING)
    return _status_change(actor, rnd, RoundStatus.PUBLISHED)


@transaction.atomic
def round_finish(*, actor: Any, round: Round) -> Round:
    rnd = _locked(round)
    if rnd.status != RoundStatus.PUBLISHED:
        raise _conflict(_("Only a published round can be finished."))
    return _status_change(actor, rnd, RoundStatus.FINISHED)


@transaction.atomic
def assignment_respond(
    *, actor: Any, assignment: Assignment, response: str, now: datetime | None = None
) -> Assignment:
    a = Assignment.objects.select_for_update().select_related("round").get(pk=assignment.pk)
    now = now or timezone.now()
    if response not in (Response.ACCEPTED, Response.DECLINED):
        raise _bad("response", _("Choose accept or decline."))
    if a.round.status != RoundStatus.PUBLISHED:
        raise _conflict(_("Answers are taken only while the results are published."))
    if a.round_slot_id is None:
        raise _conflict(_("You were not placed in this round: there is nothing to answer."))
    if not a.round.answers_open(now):
        raise _conflict(_("The deadline to accept or decline has passed."))
    if a.response == response:
        return a
    if a.response != Response.PENDING:
        raise _conflict(_("You have already answered; ask the district office to change it."))
    return writes.update(actor=actor, obj=a, data={"response": response, "responded_at": now})


@transaction.atomic
def assignment_correct(
    *, actor: Any, assignment: Assignment, response: str, reason: str
) -> Assignment:
    """The district office corrects a placed student's answer (a student who
    answered by mistake, or answered on paper): while the results are
    published, with the reason written down in the audit log."""
    a = Assignment.objects.select_for_update().select_related("round").get(pk=assignment.pk)
    if response not in (Response.PENDING, Response.ACCEPTED, Response.DECLINED):
        raise _bad("response", _("Choose accept, decline or waiting."))
    reason = (reason or "").strip()
    if not reason:
        raise _bad("reason", _("Write down why the answer is corrected."))
    if a.round.status != RoundStatus.PUBLISHED:
        raise _conflict(_("Answers are taken only while the results are published."))
    if a.round_slot_id is None:
        raise _conflict(_("This student was not placed: there is no answer to correct."))
    if a.response == response:
        return a
    return writes.update(
        actor=actor,
        obj=a,
        data={
            "response": response,
            "responded_at": None if response == Response.PENDING else timezone.now(),
        },
        extra={"reason": [None, reason[:200]]},  # why, beside the fields
    )


# --- second round -----------------------------------------------------------------


@transaction.atomic
def round_second_create(
    *,
    actor: Any,
    previous: Round,
    name: str,
    deadline: datetime,
    max_choices: int | None = None,
    response_deadline: datetime | None = None,
) -> Round:
    """A draft round from a published (or finished) one: the places left
    (capacity minus accepted or pending placements) and the students left
    unplaced or who declined."""
    prev = _locked(previous)
    if prev.status not in (RoundStatus.PUBLISHED, RoundStatus.FINISHED):
        raise _conflict(_("A second round starts from a published round."))
    n = _check_fields(
        name=name,
        kind=prev.kind,
        max_choices=prev.max_choices if max_choices is None else max_choices,
        deadline=deadline,
        response_deadline=response_deadline,
    )
    taken = Count(
        "assignments",
        filter=Q(assignments__response__in=(Response.PENDING, Response.ACCEPTED)),
    )
    left = [
        (rs.slot_id, rs.capacity - rs.taken)
        for rs in RoundSlot.objects.filter(round=prev).annotate(taken=taken)
        if rs.capacity > rs.taken
    ]
    rnd = writes.create(
        actor=actor,
        model=Round,
        data={
            "district_id": prev.district_id,
            "name": name.strip(),
            "kind": prev.kind,
            "deadline": deadline,
            "response_deadline": response_deadline,
            "max_choices": n,
            "school_year": prev.school_year,
            "grade": prev.grade,
            "previous": prev,
            "created_by": actor if getattr(actor, "is_authenticated", False) else None,
            "is_sample": prev.is_sample,
            "schools": list(prev.schools.all()),
        },
        extra={"slots": [None, len(left)]},  # the places left, created below
    )
    RoundSlot.objects.bulk_create(
        [RoundSlot(round=rnd, slot_id=pk, capacity=cap) for pk, cap in left], batch_size=2000
    )
    students = Entrant.objects.filter(round=prev).filter(
        Q(assignment__isnull=True)
        | Q(assignment__round_slot__isnull=True)
        | Q(assignment__response=Response.DECLINED)
    )
    Entrant.objects.bulk_create(
        [Entrant(round=rnd, student_id=pk) for pk in students.values_list("student_id", flat=True)],
        batch_size=2000,
    )
    return rnd
