"""The demo budget (demo/budget.py): Ansan's two fiscal years, sample-marked,
idempotent, with a school-run and a partner-run project whose logins see
their figures; and the generated districts' budgets for the ministry's page."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from mujigae.budget import execution_selectors as selectors
from mujigae.budget.models import Amendment, FiscalYear, Project, SourceFunding, Spending
from mujigae.core.models import District, User
from mujigae.demo import SAMPLE_MARK
from mujigae.demo.ansan import load_ansan
from mujigae.demo.budget import CATEGORIES, SOURCES, load_ansan_budget, load_national_budgets

pytestmark = pytest.mark.django_db


def snapshot():
    return (
        FiscalYear.objects.count(),
        Project.objects.count(),
        Spending.objects.count(),
        Amendment.objects.count(),
        list(SourceFunding.objects.order_by("pk").values_list("current", flat=True)),
        list(Spending.objects.order_by("spent_on", "amount").values_list("amount", flat=True)),
    )


def test_the_ansan_budget_is_sample_marked_idempotent_and_within_its_rules():
    load_ansan()
    counts = load_ansan_budget()
    assert counts["projects"] == 12 and counts["spending"] > 50 and counts["amendments"] >= 2
    first = snapshot()
    assert load_ansan_budget() == counts
    assert snapshot() == first  # running the demo twice adds nothing
    district = District.objects.get(code="ansan")
    today = timezone.localdate()
    years = {fy.year: fy for fy in FiscalYear.objects.filter(district=district)}
    assert years[today.year - 1].closed_on is not None and years[today.year].closed_on is None
    assert all(p.name.endswith(SAMPLE_MARK) for p in Project.objects.all())
    assert all(s.description.endswith(SAMPLE_MARK) for s in Spending.objects.all())
    assert Spending.objects.filter(amount__lt=0, refund_of__isnull=False).exists()
    assert Spending.objects.filter(
        spent_on__month=today.month, fiscal_year__year=today.year
    ).exists()
    assert set(
        SourceFunding.objects.filter(fiscal_year=years[today.year]).values_list(
            "source__name", flat=True
        )
    ) == set(SOURCES)
    assert len(CATEGORIES) == 5
    # neither an allocation nor a source is overspent
    for fy in years.values():
        coordinator = User.objects.get(username="coordinator")
        data = selectors.execution(coordinator, fy)
        assert all(f.spent <= f.current for f in data.projects + data.sources)
        assert 0 < data.total.spent < data.total.current
    # the demo school and partner logins each run a project
    for username in ("school", "partner"):
        user = User.objects.get(username=username)
        data = selectors.execution(user, years[today.year])
        assert len(data.projects) == 1, username
        client = Client()
        client.force_login(user)
        page = client.get(reverse("budget:execution", args=[today.year]))
        assert page.status_code == 200
        assert f'data-testid="project-rate-{data.projects[0].pk}"' in page.content.decode()


def test_the_generated_districts_get_budgets_for_the_ministry():
    from mujigae.demo.national import generate_national

    generate_national(districts=3, orgs_per_district=5, action_items=10, meetings_per_district=1)
    counts = load_national_budgets()
    assert counts["districts"] == 2 and counts["spending"] > 0
    assert load_national_budgets() == counts
    ministry = User.objects.get(username="ministry")
    rows, columns = selectors.national_table(ministry, timezone.localdate().year)
    assert len(rows) == 2 and set(columns) == set(SOURCES)
    assert all(r.total.rate is not None for r in rows)
