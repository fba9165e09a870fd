"""The recompute from the database: which rows count, and how."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from mujigae.core.exceptions import ApplicationError
from mujigae.insights import services, sources
from mujigae.insights.models import GapFigure, GapRun
from tests.insights import factories as g

pytestmark = pytest.mark.django_db


def fig(district, unit, year):
    return GapFigure.objects.get(district=district, unit=unit, year=year)


@pytest.fixture
def setup(world):
    robot, weld = g.unit(name="로봇 유지보수"), g.unit(name="용접")
    sq = g.survey(world.district)
    a, b, c = (g.company(world.district) for _ in range(3))
    g.hiring(sq, a, year=2026, units=f"{robot.code}, {weld.code}", headcount=4)
    g.hiring(sq, b, year=2026, units=robot.code, headcount=3)
    # a draft response never counts
    g.hiring(sq, c, year=2026, units=robot.code, headcount=100, submitted=False)
    school = g.programme(world.district, [robot], modules=2)  # covered by two modules
    g.cohort(school, year=2026, enrolled=20, completed=5)  # completed wins
    g.cohort(school, year=2027, enrolled=9)  # not finished: enrolled
    return robot, weld, school


def test_submitted_rows_and_expected_completers(world, setup):
    robot, weld, _school = setup
    run = services.gap_recompute()
    assert run.status == GapRun.Status.DONE
    assert run.hiring_rows == 2 and run.cohorts == 2
    f = fig(world.district, robot, 2026)
    assert (f.demand, f.supply, f.gap, f.companies, f.hiring_rows, f.cohorts) == (7, 5, 2, 2, 2, 1)
    assert f.coverage == pytest.approx(5 / 7)
    # one district: every unit's LQ is its share over the same share nationally
    assert f.lq == pytest.approx(1.0)
    w = fig(world.district, weld, 2026)
    assert (w.demand, w.supply, w.gap, w.coverage) == (4, 0, 4, 0.0)
    later = fig(world.district, robot, 2027)
    assert (later.demand, later.supply, later.gap, later.coverage, later.lq) == (
        0,
        9,
        -9,
        None,
        None,
    )
    national = GapFigure.objects.get(district=None, unit=robot, year=2026)
    assert (national.demand, national.supply, national.lq) == (7, 5, None)


def test_submitting_a_draft_changes_the_figure_after_a_recompute(world, setup):
    robot, _weld, _ = setup
    services.gap_recompute()
    from mujigae.surveys.models import Response

    Response.objects.filter(is_submitted=False).update(is_submitted=True)
    services.gap_recompute()
    assert fig(world.district, robot, 2026).demand == 107


def test_bare_codes_names_and_confirmed_units(world):
    old = g.unit(code="2001010101_14v1")
    new = g.unit(code="2001010101_19v2")
    named = g.unit(name="배관 설치")
    sq = g.survey(world.district)
    co = g.company(world.district)
    bare = g.hiring(sq, co, year=2026, units="2001010101; 배관 설치", headcount=2)
    services.gap_recompute()
    # the 10-digit code means the newest version; a name is not a code
    assert fig(world.district, new, 2026).demand == 2
    assert not GapFigure.objects.filter(unit=old).exists()
    assert not GapFigure.objects.filter(unit=named).exists()
    run = GapRun.objects.latest("pk")
    assert run.hiring_rows_with_unknown == 1
    # a coordinator confirms the named unit for the row: it counts from now on
    from django.utils import timezone

    from mujigae.competencies.models import TagSource, UnitTag

    UnitTag.objects.create(
        district=world.district,
        source_kind=TagSource.HIRING,
        source_id=bare.pk,
        text=bare.competency_units,
        unit=named,
        confirmed_at=timezone.now(),
    )
    services.gap_recompute()
    assert fig(world.district, named, 2026).demand == 2


def test_same_units_as_the_competencies_selector(world, setup):
    from mujigae.competencies import selectors as comp

    if not hasattr(comp, "confirmed_units_for_hiring_rows"):
        pytest.skip("the competencies selector is not there")
    resolver = sources.Resolver(sources.confirmed_units())
    theirs = comp.confirmed_units_for_hiring_rows()
    from mujigae.surveys.models import HiringDemand

    for row in HiringDemand.objects.all():
        assert sorted(resolver.units_of(row.pk, row.competency_units)) == sorted(theirs[row.pk])


def test_one_district_keeps_the_others_and_updates_national_and_lq(world, setup):
    robot, _weld, _ = setup
    sq = g.survey(world.other_district)
    other = g.company(world.other_district)
    row = g.hiring(sq, other, year=2026, units=robot.code, headcount=7)
    services.gap_recompute()
    ours = fig(world.district, robot, 2026)
    # ours: robot 7 of 11 (7 robot + 4 weld); nation: robot 14 of 18
    assert ours.lq == pytest.approx((7 / 11) / (14 / 18))
    row.headcount = 21
    row.save()
    services.gap_recompute(district_ids=[world.other_district.pk])
    assert fig(world.other_district, robot, 2026).demand == 21
    assert fig(world.district, robot, 2026).demand == 7  # kept
    assert GapFigure.objects.get(district=None, unit=robot, year=2026).demand == 28
    assert fig(world.district, robot, 2026).lq == pytest.approx((7 / 11) / (28 / 32))


def test_bad_district_is_refused_and_nothing_changes(world, setup):
    services.gap_recompute()
    before = sorted(GapFigure.objects.values_list("pk", flat=True))
    with pytest.raises(ApplicationError) as err:
        services.gap_recompute(district_ids=[999999])
    assert err.value.status == 404
    with pytest.raises(ApplicationError):
        services.gap_recompute(district_ids=["x"])
    assert sorted(GapFigure.objects.values_list("pk", flat=True)) == before


def test_a_failure_leaves_the_old_figures(world, setup, monkeypatch):
    services.gap_recompute()
    before = list(GapFigure.objects.order_by("pk").values_list("pk", "demand"))

    def boom(*a, **k):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "_replace", boom)
    run, created = services.gap_recompute_request(
        actor=world.users["coordinator"], district=world.district
    )
    assert created
    with pytest.raises(RuntimeError):
        services.gap_run_execute(run_id=run.pk)
    run.refresh_from_db()
    assert run.status == GapRun.Status.FAILED and "RuntimeError" in run.error
    assert list(GapFigure.objects.order_by("pk").values_list("pk", "demand")) == before


def test_request_twice_queues_once_and_the_task_runs_it(world, setup):
    user = world.users["coordinator"]
    run, created = services.gap_recompute_request(actor=user, district=world.district)
    again, created_again = services.gap_recompute_request(actor=user, district=world.district)
    assert created and not created_again and again.pk == run.pk
    from mujigae.insights.tasks import recompute_gap

    assert recompute_gap.call(run_id=run.pk) > 0
    run.refresh_from_db()
    assert run.status == GapRun.Status.DONE and run.district == world.district
    assert run.requested_by == user


def test_management_command(world, setup, capsys):
    call_command("gap_recompute")
    assert "gap recomputed" in capsys.readouterr().out
    call_command("gap_recompute", "--district", world.district.code)
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("gap_recompute", "--district", "nowhere")
