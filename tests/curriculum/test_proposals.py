"""The co-development workflow: each step, who may take it, versions, comments,
approval creating or changing the module in one transaction."""

from __future__ import annotations

from unittest import mock

import pytest

from mujigae.core.exceptions import ApplicationError
from mujigae.core.models import AuditEntry
from mujigae.curriculum import selectors
from mujigae.curriculum import services_proposals as sp
from mujigae.curriculum.models import Module, ModuleProposal, ProposalStatus

pytestmark = pytest.mark.django_db
S = ProposalStatus


def _propose(world, curr, *, module=None, units=None, programme=None, who="company"):
    return sp.proposal_create(
        actor=world.users[who],
        programme=programme or curr.school_programme,
        module=module,
        name="협동로봇 안전 실습",
        description="현장 안전 교육",
        units=units or [(curr.units[2], 16), (curr.units[3], 24)],
    )


def _step(world, proposal, who, action, comment=""):
    return sp.proposal_transition(
        actor=world.users[who], proposal=proposal, action=action, comment=comment
    )


def test_company_drafts_with_version_one(world, curr):
    p = _propose(world, curr)
    assert p.status == S.DRAFT and p.proposer == world.company and not p.is_change
    v = p.latest_version
    assert v.number == 1 and v.author == world.users["company"] and v.total_hours == 40
    assert AuditEntry.objects.filter(object_type="curriculum.ModuleProposal").count() == 1
    assert AuditEntry.objects.filter(object_type="curriculum.ProposalVersion").count() == 1


@pytest.mark.parametrize("who", ["coordinator", "school", "partner", "ministry", "student"])
def test_only_a_company_proposes(world, curr, who):
    with pytest.raises(ApplicationError) as exc:
        _propose(world, curr, who=who)
    assert exc.value.status == 403
    assert not ModuleProposal.objects.exists()


def test_no_proposal_for_another_districts_programme(world, curr):
    with pytest.raises(ApplicationError):
        _propose(world, curr, programme=curr.other_programme)


def test_change_must_target_a_module_of_the_programme(world, curr):
    with pytest.raises(ApplicationError) as exc:
        _propose(world, curr, module=curr.module, programme=curr.partner_programme)
    assert "module" in exc.value.field_errors


def test_each_save_is_a_new_version_and_the_diff_shows_what_changed(world, curr):
    p = _propose(world, curr)
    v2, created = sp.proposal_save(
        actor=world.users["company"],
        proposal=p,
        name="협동로봇 안전 실습 II",
        description="현장 안전 교육",
        units=[(curr.units[2], 20), (curr.units[0], 8)],
    )
    assert created and v2.number == 2
    same, created = sp.proposal_save(
        actor=world.users["company"],
        proposal=p,
        name="협동로봇 안전 실습 II",
        description="현장 안전 교육",
        units=[(curr.units[0], 8), (curr.units[2], 20)],
    )
    assert not created and same.pk == v2.pk  # a reload does not make version 3
    history = selectors.version_history(p)
    assert [v.number for v, _ in history] == [2, 1]
    diff = history[0][1]
    assert diff.name == ("협동로봇 안전 실습", "협동로봇 안전 실습 II")
    assert [u["code"] for u in diff.added] == [curr.units[0].code]
    assert [u["code"] for u in diff.removed] == [curr.units[3].code]
    assert [(u["code"], old, new) for u, old, new in diff.hours] == [(curr.units[2].code, 16, 20)]


def test_others_cannot_edit_a_draft(world, curr):
    p = _propose(world, curr)
    for who in ("company_b", "school", "coordinator"):
        with pytest.raises(ApplicationError) as exc:
            sp.proposal_save(
                actor=world.users[who], proposal=p, name="x", units=[(curr.units[0], 1)]
            )
        assert exc.value.status == 403
    assert p.versions.count() == 1


def test_bad_content_in_a_save_keeps_the_old_version(world, curr):
    p = _propose(world, curr)
    with pytest.raises(ApplicationError):
        sp.proposal_save(
            actor=world.users["company"],
            proposal=p,
            name="x",
            units=[(curr.units[0], 0)],
        )
    with pytest.raises(ApplicationError):
        sp.proposal_save(
            actor=world.users["company"],
            proposal=p,
            name="x",
            units=[(curr.units[0], 5), (curr.units[0], 6)],
        )
    assert p.versions.count() == 1


def test_the_full_path_creates_the_module(world, curr):
    p = _propose(world, curr)
    _step(world, p, "company", "submit")
    p.refresh_from_db()
    assert p.status == S.SUBMITTED and p.submitted_at is not None
    _step(world, p, "school", "review", "좋습니다")
    p.refresh_from_db()
    assert p.status == S.REVIEWED
    before = curr.school_programme.modules.count()
    _step(world, p, "coordinator", "approve")
    p.refresh_from_db()
    assert p.status == S.APPROVED and p.decided_at is not None
    module = p.result_module
    assert module.programme == curr.school_programme
    assert curr.school_programme.modules.count() == before + 1
    assert {(mu.unit_id, mu.hours) for mu in module.unit_hours.all()} == {
        (curr.units[2].pk, 16),
        (curr.units[3].pk, 24),
    }
    notes = list(p.comments.values_list("status_to", "text"))
    assert notes == [(S.SUBMITTED, ""), (S.REVIEWED, "좋습니다"), (S.APPROVED, "")]
    assert AuditEntry.objects.filter(
        object_type="curriculum.Module", object_id=str(module.pk), action="create"
    ).exists()


def test_an_approved_change_updates_the_existing_module(world, curr):
    p = _propose(world, curr, module=curr.module, units=[(curr.units[0], 30), (curr.units[1], 40)])
    assert p.is_change
    for who, action in (("company", "submit"), ("school", "review"), ("coordinator", "approve")):
        _step(world, p, who, action)
    curr.module.refresh_from_db()
    assert curr.module.name == "협동로봇 안전 실습"
    assert {mu.unit_id: mu.hours for mu in curr.module.unit_hours.all()} == {
        curr.units[0].pk: 30,
        curr.units[1].pk: 40,
    }
    assert Module.objects.filter(programme=curr.school_programme).count() == 1


def test_approval_is_atomic(world, curr):
    p = _propose(world, curr, module=curr.module, units=[(curr.units[3], 99)])
    _step(world, p, "company", "submit")
    _step(world, p, "school", "review")
    with (
        mock.patch(
            "mujigae.curriculum.services._replace_units", side_effect=RuntimeError("disk full")
        ),
        pytest.raises(RuntimeError),
    ):
        _step(world, p, "coordinator", "approve")
    p.refresh_from_db()
    curr.module.refresh_from_db()
    assert p.status == S.REVIEWED and p.result_module is None
    assert curr.module.name == "로봇 유지보수 기초"
    assert curr.module.unit_hours.count() == 2


def test_return_needs_a_comment_and_the_company_resubmits(world, curr):
    p = _propose(world, curr)
    _step(world, p, "company", "submit")
    with pytest.raises(ApplicationError) as exc:
        _step(world, p, "school", "return")
    assert exc.value.status == 422
    _step(world, p, "school", "return", "시수를 줄여 주세요")
    p.refresh_from_db()
    assert p.status == S.RETURNED
    sp.proposal_save(
        actor=world.users["company"], proposal=p, name="줄인 안", units=[(curr.units[2], 8)]
    )
    _step(world, p, "company", "submit")
    p.refresh_from_db()
    assert p.status == S.SUBMITTED and p.versions.count() == 2


def test_reject_needs_a_reason(world, curr):
    p = _propose(world, curr)
    _step(world, p, "company", "submit")
    _step(world, p, "school", "review")
    with pytest.raises(ApplicationError):
        _step(world, p, "coordinator", "reject", "   ")
    _step(world, p, "coordinator", "reject", "예산 부족")
    p.refresh_from_db()
    assert p.status == S.REJECTED and p.result_module is None


@pytest.mark.parametrize(
    ("path", "who", "action"),
    [
        ([], "company", "review"),
        ([], "company", "approve"),
        ([("company", "submit")], "company", "submit"),  # a double submit
        ([("company", "submit")], "coordinator", "approve"),  # not reviewed yet
        ([("company", "submit"), ("school", "review")], "school", "review"),
        (
            [("company", "submit"), ("school", "review"), ("coordinator", "approve")],
            "coordinator",
            "reject",
        ),
    ],
)
def test_steps_that_do_not_fit_the_status_are_409(world, curr, path, who, action):
    p = _propose(world, curr)
    for w, a in path:
        _step(world, p, w, a)
    status = ModuleProposal.objects.get(pk=p.pk).status
    with pytest.raises(ApplicationError) as exc:
        _step(world, p, who, action, "이유")
    assert exc.value.status == 409
    assert "없습니다" in exc.value.message or "수 없" in exc.value.message
    assert ModuleProposal.objects.get(pk=p.pk).status == status


@pytest.mark.parametrize(
    ("path", "who", "action"),
    [
        ([], "company_b", "submit"),
        ([], "school", "submit"),
        ([("company", "submit")], "partner", "review"),  # not the provider
        ([("company", "submit")], "company", "review"),  # no self-review
        ([("company", "submit")], "coordinator", "review"),  # the school has a login
        ([("company", "submit"), ("school", "review")], "school", "approve"),
        ([("company", "submit"), ("school", "review")], "other_coordinator", "approve"),
    ],
)
def test_steps_by_the_wrong_party_are_403(world, curr, path, who, action):
    p = _propose(world, curr)
    for w, a in path:
        _step(world, p, w, a)
    with pytest.raises(ApplicationError) as exc:
        _step(world, p, who, action, "이유")
    assert exc.value.status == 403


def test_coordinator_reviews_when_the_provider_proposed_it(world, curr):
    p = _propose(world, curr, programme=curr.company_programme)
    _step(world, p, "company", "submit")
    assert not sp.may(world.users["company"], p, "review")
    _step(world, p, "coordinator", "review")
    p.refresh_from_db()
    assert p.status == S.REVIEWED


def test_partner_provider_reviews_its_programme(world, curr):
    p = _propose(world, curr, programme=curr.partner_programme, who="company_b")
    _step(world, p, "company_b", "submit")
    _step(world, p, "partner", "review")
    p.refresh_from_db()
    assert p.status == S.REVIEWED


def test_comments_by_the_parties_only(world, curr):
    p = _propose(world, curr)
    for who in ("company", "school", "coordinator"):
        sp.proposal_comment(actor=world.users[who], proposal=p, text=f"{who} 의견")
    for who in ("company_b", "partner", "other_coordinator"):
        with pytest.raises(ApplicationError) as exc:
            sp.proposal_comment(actor=world.users[who], proposal=p, text="끼어들기")
        assert exc.value.status == 403
    with pytest.raises(ApplicationError) as exc:
        sp.proposal_comment(actor=world.users["company"], proposal=p, text="  ")
    assert exc.value.status == 422
    assert p.comments.count() == 3
    assert AuditEntry.objects.filter(object_type="curriculum.ProposalComment").count() == 3


def test_participation_counts_submitted_and_approved(world, curr):
    a = _propose(world, curr)
    _propose(world, curr, units=[(curr.units[0], 2)])  # a draft never sent: not counted
    b = _propose(world, curr, programme=curr.partner_programme, who="company_b")
    for who, action in (("company", "submit"), ("school", "review"), ("coordinator", "approve")):
        _step(world, a, who, action)
    _step(world, b, "company_b", "submit")
    assert selectors.participation_by_organisation(world.district.pk) == {
        world.company.pk: {"proposed": 1, "approved": 1},
        world.company_b.pk: {"proposed": 1, "approved": 0},
    }
    assert selectors.participation_by_organisation(world.other_district.pk) == {}


def test_visibility_of_proposals(world, curr):
    from mujigae.core import policy

    mine = _propose(world, curr)
    theirs = _propose(world, curr, programme=curr.partner_programme, who="company_b")

    def seen(who):
        return set(policy.visible(world.users[who], ModuleProposal).values_list("pk", flat=True))

    assert seen("company") == {mine.pk}
    assert seen("company_b") == {theirs.pk}
    assert seen("school") == {mine.pk}  # proposals for its programmes
    assert seen("partner") == {theirs.pk}
    assert seen("coordinator") == {mine.pk, theirs.pk}
    assert seen("ministry") == set()  # counts only
    assert seen("other_coordinator") == set()
    assert seen("student") == set()


def test_the_same_draft_twice_is_one_proposal(world, curr):
    a = _propose(world, curr)
    b = _propose(world, curr)  # a reload of the form
    assert a.pk == b.pk and ModuleProposal.objects.count() == 1
    c = _propose(world, curr, units=[(curr.units[0], 3)])  # different content: a new one
    assert c.pk != a.pk


def test_approving_a_new_module_whose_name_is_taken_is_409(world, curr):
    p = sp.proposal_create(
        actor=world.users["company"],
        programme=curr.school_programme,
        name="로봇 유지보수 기초",  # the name of the existing module
        units=[(curr.units[3], 10)],
    )
    _step(world, p, "company", "submit")
    _step(world, p, "school", "review")
    with pytest.raises(ApplicationError) as exc:
        _step(world, p, "coordinator", "approve")
    assert exc.value.status == 409
    assert ModuleProposal.objects.get(pk=p.pk).status == S.REVIEWED
