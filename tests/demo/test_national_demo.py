"""The default demo (`mujigae demo`): Ansan in full and fourteen invented
districts in light form, five years each, so the ministry sees a country.

One test loads it (about half a minute); the checks share that load."""

from __future__ import annotations

from io import StringIO

from django.core.management import call_command
from django.db.models import Count

from mujigae.budget.models import Spending
from mujigae.core.models import District, Role, User
from mujigae.demo.ansan_history import load_ansan_history
from mujigae.demo.evaluation_history import load_evaluation_history
from mujigae.demo.light import YEARS, load_light_national
from mujigae.demo.national import generate_national
from mujigae.governance.models import ActionItem, Meeting
from mujigae.insights.models import GapFigure
from mujigae.outcomes.models import FollowUp, GraduateRecord, Hire
from mujigae.placements.models import Slot, SlotKind, StandardAgreement
from mujigae.reports.evaluation import evaluate
from mujigae.reports.models import EnteredValue, Framework, Indicator
from mujigae.rounds.models import Assignment, Entrant, Round
from mujigae.surveys.models import HiringDemand, Invitation, Response

MODELS = [
    District,
    GraduateRecord,
    Hire,
    FollowUp,
    Spending,
    Invitation,
    Response,
    HiringDemand,
    Meeting,
    ActionItem,
    StandardAgreement,
    Round,
    Entrant,
    Assignment,
    EnteredValue,
]


def _counts() -> dict[str, int]:
    return {m._meta.label: m.objects.count() for m in MODELS}


def _per_year(queryset, district_field: str, year_field: str) -> set[tuple[int, int]]:
    return set(
        queryset.values_list(district_field, year_field)
        .annotate(n=Count("pk"))
        .filter(n__gt=0)
        .values_list(district_field, year_field)
    )


def test_the_default_demo_is_national(db, client):
    out = StringIO()
    call_command("demo", "--force", stdout=out)
    text = out.getvalue()
    assert "지구 / districts: 15곳 (예시 / sample 14곳)" in text
    assert text.count("/ mujigae-demo —") == 7

    districts = District.objects.all()
    assert districts.count() == 15
    samples = districts.filter(is_sample=True)
    assert samples.count() == 14
    assert all(d.code.startswith("sample-") and "(예시)" in d.name for d in samples)
    assert not districts.get(code="ansan").is_sample

    # every sample district has graduates, spending and survey invitations each year
    wanted = {(d.pk, y) for d in samples for y in YEARS}
    assert wanted <= _per_year(GraduateRecord.objects, "district", "graduation_year")
    assert wanted <= _per_year(Spending.objects, "district", "fiscal_year__year")
    assert wanted <= _per_year(Invitation.objects, "survey__district", "survey__year")
    assert wanted <= _per_year(GapFigure.objects, "district", "year")
    # Ansan has history: graduates and closed fiscal years from 2022
    ansan = districts.get(code="ansan")
    assert {(ansan.pk, y) for y in YEARS} <= _per_year(
        GraduateRecord.objects, "district", "graduation_year"
    )
    assert {(ansan.pk, y) for y in YEARS} <= _per_year(
        Spending.objects, "district", "fiscal_year__year"
    )

    # the figures differ between districts and look like the nation's
    rates = []
    for d in samples:
        records = GraduateRecord.objects.filter(district=d, graduation_year=YEARS[-2])
        employed = records.filter(status="employed").count()
        denominator = records.filter(status__in=["employed", "not_employed"]).count()
        rates.append(employed / denominator)
    assert len({round(r, 3) for r in rates}) >= 10
    assert 0.45 <= sorted(rates)[len(rates) // 2] <= 0.68  # national 취업률 ≈ 55 %
    # the gap: shortages and surpluses, in every sample district's latest year
    for d in samples:
        latest = GapFigure.objects.filter(district=d, year=YEARS[-1])
        assert latest.filter(gap__gt=0).exists() and latest.filter(gap__lt=0).exists()
    # field training is paid
    assert not Slot.objects.filter(kind=SlotKind.FIELD_TRAINING, pay=0).exists()

    # the ministry login sees the fifteen districts
    ministry = User.objects.get(username="ministry")
    assert ministry.role == Role.MINISTRY
    client.force_login(ministry)
    page = client.get("/").content.decode()
    assert sum(d.name in page for d in districts) == 15

    # every indicator of every light district has a value (2025); Ansan's
    # entered indicators of the current year are left for its coordinator
    last = evaluate(Framework.objects.get(year=YEARS[-2]), [d.pk for d in samples])
    for d in samples:
        assert last[d.pk].missing == [], d.name
        placed = next(
            r.value for r in last[d.pk].results if r.measure == "placements.field_training_students"
        )
        assert 20 <= placed <= 60
    current = evaluate(Framework.objects.get(year=YEARS[-1]), [ansan.pk])[ansan.pk]
    entered = [r for r in current.results if r.kind == Indicator.Kind.ENTERED]
    assert entered and all(r.value is None for r in entered)
    assert not EnteredValue.objects.filter(
        district=ansan, indicator__area__framework__year=YEARS[-1]
    ).exists()
    # … but Ansan's past years have them, with evidence of its own library
    past = EnteredValue.objects.filter(district=ansan, indicator__area__framework__year=YEARS[-2])
    assert past.count() == len(entered)
    assert all(v.evidence.district_id == ansan.pk for v in past)

    # loading again adds nothing
    before = _counts()
    load_light_national()
    load_ansan_history()
    load_evaluation_history()
    assert _counts() == before

    # the benchmark generator replaces the light districts (deleting every row of theirs)
    generate_national(districts=2, orgs_per_district=10, action_items=60, meetings_per_district=4)
    assert District.objects.filter(is_sample=True).count() == 1
    assert not GraduateRecord.objects.exclude(district=ansan).exists()
    assert not Spending.objects.exclude(district=ansan).exists()
