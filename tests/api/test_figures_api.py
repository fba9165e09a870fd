"""The read-only figures API (issue 16): the evaluation, the skills gap and the
survey aggregates, equal to what the pages and their selectors show, with the
same access rules and small-group suppression."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.conf import settings
from django.test import Client

from mujigae.core import indicators
from mujigae.insights import selectors as gap_selectors
from mujigae.insights.services import gap_recompute
from mujigae.reports import evaluation
from mujigae.reports.models import Area, Framework, Indicator
from mujigae.surveys import selectors_analysis as sa
from tests import factories as f
from tests.insights import factories as g
from tests.surveys.test_analysis import _respond, _survey

pytestmark = pytest.mark.django_db

YEAR = 2031


# ==========================================================================
# the evaluation


@pytest.fixture
def measures(monkeypatch):
    """A rate and a count over a table the test writes ({(district, year): Figure})."""
    table: dict[str, dict] = {"rate": {}, "count": {}}
    monkeypatch.setattr(indicators, "MEASURES", dict(indicators.MEASURES))

    def compute_for(name):
        def compute(ids, years):
            return {k: v for k, v in table[name].items() if k[0] in ids and k[1] in years}

        return compute

    indicators.measure(
        "apitest.rate", label="rate", unit=indicators.PERCENT, area="pathway", how="취업자 ÷ 졸업자"
    )(compute_for("rate"))
    indicators.measure(
        "apitest.count", label="count", unit=indicators.COUNT, area="cooperation", how="참여 기업"
    )(compute_for("count"))
    return table


@pytest.fixture
def fw(world, measures):
    fw = Framework.objects.create(
        year=YEAR, title="평가 지표", excellent_min=Decimal("85"), fair_min=Decimal("70")
    )
    a1 = Area.objects.create(framework=fw, order=1, name="협력체계 구축")
    a2 = Area.objects.create(framework=fw, order=2, name="지역인재 성장경로")
    Indicator.objects.create(
        area=a2, order=1, name="취업률", kind="computed", measure="apitest.rate", unit="percent",
        weight=Decimal("10"), target=Decimal("60"),
    )  # fmt: skip
    Indicator.objects.create(
        area=a1, order=1, name="참여 기업 수", kind="computed", measure="apitest.count",
        unit="count", weight=Decimal("10"), target=Decimal("20"),
    )  # fmt: skip
    d, other = world.district, world.other_district
    measures["rate"].update({
        (d.pk, YEAR): indicators.rate(48, 60),  # 80.0 %
        (d.pk, YEAR - 1): indicators.rate(30, 60),  # last year 50.0
        (other.pk, YEAR): indicators.rate(1, 2),  # 50.0 % of two people: small
    })  # fmt: skip
    measures["count"].update(
        {(d.pk, YEAR): indicators.count(10), (other.pk, YEAR): indicators.count(30)}
    )
    return fw


def _by_name(district_json):
    return {r["name"]: r for r in district_json["results"]}


def test_frameworks_list_areas_and_indicators(fw, api_as):
    resp = api_as("coordinator").get("/api/frameworks/", {"year": YEAR})
    assert resp.status_code == 200
    body = resp.json()
    assert body["count"] == 1
    framework = body["results"][0]
    assert framework["year"] == YEAR and framework["excellent_min"] == 85.0
    assert [a["name"] for a in framework["areas"]] == ["협력체계 구축", "지역인재 성장경로"]
    rate = framework["areas"][1]["indicators"][0]
    assert rate["name"] == "취업률"
    assert (rate["unit"], rate["weight"], rate["target"]) == ("percent", 10.0, 60.0)
    assert rate["unit_label"] and rate["unit_label"] != "percent"  # Korean by default
    # the shipped frameworks are there too
    assert api_as("ministry").get("/api/frameworks/").json()["count"] >= 2


def test_ministry_reads_every_district_with_small_groups_suppressed(fw, api_as, world):
    resp = api_as("ministry").get(f"/api/evaluations/{YEAR}")
    assert resp.status_code == 200
    body = resp.json()
    ours = evaluation.evaluate(fw)
    by_id = {d["district"]: d for d in body["districts"]}
    assert set(by_id) == set(ours)
    mine = by_id[world.district.pk]
    expected = ours[world.district.pk]
    assert mine["score"] == float(expected.score)
    assert mine["grade"] == expected.grade
    rate = _by_name(mine)["취업률"]
    assert rate["value"] == 80.0 and rate["last_year"] == 50.0
    assert (rate["numerator"], rate["denominator"]) == (48, 60)
    expected_rate = next(r for r in expected.results if r.name == "취업률")
    assert rate["median"] == float(expected_rate.median) == 65.0
    assert rate["points"] == 10.0 and rate["suppressed"] is False
    # the other district's rate rests on two people: suppressed for the ministry
    theirs = _by_name(by_id[world.other_district.pk])["취업률"]
    assert theirs["suppressed"] is True
    assert theirs["value"] is None and theirs["numerator"] is None and theirs["points"] is None
    assert all(h["value"] is None for h in theirs["history"])
    assert _by_name(by_id[world.other_district.pk])["참여 기업 수"]["value"] == 30.0
    medians = {m["name"]: m["median"] for m in body["medians"]}
    assert medians == {"참여 기업 수": 20.0, "취업률": 65.0}


def test_coordinator_reads_own_district_and_the_medians_only(fw, api_as, world):
    resp = api_as("coordinator").get(f"/api/evaluations/{YEAR}")
    assert resp.status_code == 200
    body = resp.json()
    assert [d["district"] for d in body["districts"]] == [world.district.pk]
    assert {m["name"]: m["median"] for m in body["medians"]}["취업률"] == 65.0
    # the coordinator sees their own figures whole (not suppressed)
    other = api_as("other_coordinator").get(f"/api/districts/{world.other_district.pk}/evaluation")
    assert other.status_code == 200
    rate = _by_name(other.json())["취업률"]
    assert rate["value"] == 50.0 and rate["suppressed"] is False
    # another district: 404, as an unknown one; asking by filter too
    resp = api_as("coordinator").get(f"/api/districts/{world.other_district.pk}/evaluation")
    assert resp.status_code == 404
    resp = api_as("coordinator").get(
        f"/api/evaluations/{YEAR}", {"district": world.other_district.pk}
    )
    assert resp.status_code == 404


def test_one_district_equals_the_evaluation(fw, api_as, world):
    resp = api_as("ministry").get(f"/api/districts/{world.district.pk}/evaluation", {"year": YEAR})
    assert resp.status_code == 200
    body = resp.json()
    expected = evaluation.evaluate(fw, [world.district.pk])[world.district.pk]
    assert body["district_name"] == world.district.name
    assert body["score"] == float(expected.score)
    assert [r["value"] for r in body["results"]] == [
        None if r.value is None else float(r.value) for r in expected.results
    ]
    assert body["grade_label"]
    assert api_as("ministry").get("/api/districts/999999/evaluation").status_code == 404
    assert api_as("ministry").get("/api/evaluations/1999").status_code in (404, 422)


@pytest.mark.parametrize("who", ["school", "company", "partner", "student"])
def test_others_may_not_read_the_evaluation(fw, api_as, world, who):
    for url in (
        "/api/frameworks/",
        f"/api/evaluations/{YEAR}",
        f"/api/districts/{world.district.pk}/evaluation",
    ):
        assert api_as(who).get(url).status_code == 403, (who, url)


def test_evaluation_with_a_bearer_token(fw, token_for, world):
    client = token_for("ministry")
    resp = client.get(f"/api/evaluations/{YEAR}")
    assert resp.status_code == 200
    assert len(resp.json()["districts"]) == 2
    assert token_for("company").get(f"/api/evaluations/{YEAR}").status_code == 403
    bad = Client().get(f"/api/evaluations/{YEAR}", headers={"Authorization": "Bearer mjg_nope"})
    assert bad.status_code == 401


def test_the_api_is_read_only(fw, api_as, world):
    for url in ("/api/frameworks/", f"/api/evaluations/{YEAR}", "/api/gap/"):
        assert api_as("coordinator").post(url, {}).status_code in (403, 405)


# ==========================================================================
# the skills gap


@pytest.fixture
def gap_world(world):
    unit = g.unit(name="로봇 유지보수")
    small = g.unit(name="금형 설계")
    sq = g.survey(world.district)
    for org in (world.company, world.company_b, g.company(world.district)):
        g.hiring(sq, org, year=2026, units=unit.code, headcount=4)
    g.hiring(sq, world.company, year=2026, units=small.code, headcount=2)
    programme = g.programme(world.district, [unit, small], provider=world.school)
    g.cohort(programme, year=2026, enrolled=5)
    other_sq = g.survey(world.other_district)
    g.hiring(other_sq, world.other_company, year=2026, units=unit.code, headcount=9)
    gap_recompute()
    return unit, small


def _gap_rows(user, scope, year=None):
    return {
        f.unit.code: c
        for f, c in gap_selectors.export_rows(
            user, scope, year_from=year, year_to=year, unit_ids=None, only_demand=False
        )
    }


@pytest.mark.parametrize("who", ["coordinator", "school", "company", "partner"])
def test_gap_figures_equal_the_selectors(gap_world, api_as, world, who):
    unit, small = gap_world
    user = world.users[who]
    resp = api_as(who).get("/api/gap/", {"year": 2026})
    assert resp.status_code == 200
    body = resp.json()
    assert body["district"] == world.district.pk and body["year"] == 2026
    rows = {r["unit_code"]: r for r in body["results"]}
    expected = _gap_rows(user, gap_selectors.scope_for(user), 2026)
    assert set(rows) == set(expected) == {unit.code, small.code}
    for code, cell in expected.items():
        got = rows[code]
        assert (got["demand"], got["supply"], got["gap"]) == (cell.demand, cell.supply, cell.gap)
        assert got["suppressed"] == cell.suppressed
    assert rows[unit.code]["demand"] == 12 and rows[unit.code]["supply"] == 5
    assert rows[unit.code]["gap"] == 7
    # one company's demand: hidden from everyone but the coordinator
    if who == "coordinator":
        assert rows[small.code]["demand"] == 2 and rows[small.code]["suppressed"] is False
    else:
        assert rows[small.code]["demand"] is None and rows[small.code]["suppressed"] is True
        assert rows[small.code]["coverage"] is None and rows[small.code]["companies"] is None


def test_gap_ministry_picks_a_district_or_the_national_rollup(gap_world, api_as, world):
    unit, small = gap_world
    client = api_as("ministry")
    body = client.get("/api/gap/", {"district": world.district.pk}).json()
    rows = {r["unit_code"]: r for r in body["results"]}
    assert rows[unit.code]["demand"] == 12
    assert rows[small.code]["suppressed"] is True  # the ministry never sees small groups
    national = client.get("/api/gap/").json()
    assert national["district"] is None
    ministry = world.users["ministry"]
    expected = _gap_rows(ministry, gap_selectors.scope_for(ministry))
    assert {r["unit_code"]: r["demand"] for r in national["results"]} == {
        k: c.demand for k, c in expected.items()
    }
    assert client.get("/api/gap/", {"district": 999999}).status_code == 404


def test_gap_of_another_district_is_404_and_students_403(gap_world, api_as, world, token_for):
    resp = api_as("coordinator").get("/api/gap/", {"district": world.other_district.pk})
    assert resp.status_code == 404
    assert (
        api_as("coordinator").get("/api/gap/", {"district": world.district.pk}).status_code == 200
    )
    assert api_as("student").get("/api/gap/").status_code == 403
    resp = token_for("school").get("/api/gap/", {"page_size": 1})
    assert resp.status_code == 200
    body = resp.json()
    assert body["count"] == 2 and len(body["results"]) == 1


# ==========================================================================
# survey aggregates


@pytest.fixture
def survey_world(world):
    s, qs = _survey(world)
    orgs = [world.company, world.company_b] + [
        f.OrganisationFactory(district=world.district, name=f"기업 {i}") for i in range(3)
    ]
    answers = [
        ("a", ["x", "y"], 10, [("용접공", "LM1, LM2", 2, "this_year")]),
        ("a", ["x"], 20, [("용접공", "LM1", 3, "this_year")]),
        ("a", ["x"], 30, [("용접공", "LM1", 1, "next_year")]),
        ("b", ["y"], 40, [("조립", "LM3", 4, "this_year")]),
        ("b", ["z"], 100, []),
    ]
    for org, (sector, skills, emp, hiring) in zip(orgs, answers, strict=True):
        extra = {"hiring": hiring} if hiring else {}
        _respond(
            s,
            qs,
            org,
            sector=sector,
            skills=skills,
            emp=emp,
            founded=dt.date(2019, 1, 1),
            hard="비밀 답변",
            **extra,
        )
    return s


@pytest.mark.parametrize("who", ["coordinator", "school", "company", "partner", "ministry"])
def test_survey_aggregates_equal_the_analysis(survey_world, api_as, world, who):
    user = world.users[who]
    reveal = who == "coordinator"
    resp = api_as(who).get(f"/api/surveys/{survey_world.pk}/aggregates")
    assert resp.status_code == 200
    body = resp.json()
    page = sa.survey_analysis(survey=survey_world, reveal=reveal)
    assert body["respondents"] == page.respondents == 5
    assert body["suppressed_groups"] is (not reveal)
    by_code = {q["code"]: q for q in body["questions"]}
    for r in page.results:
        got = by_code[r.question.code]
        assert got["answered"] == r.answered
        assert [(o["value"], o["count"], o["share"]) for o in got["options"]] == [
            (o.value, o.count, o.pct) for o in r.options
        ]
    units = {r["key"]: r["headcount"] for r in body["hiring"]["by_unit"]}
    assert units == {r.key: r.headcount for r in page.hiring.by_unit}
    assert units["LM1"] == 6
    if reveal:
        assert by_code["sector"]["options"][0]["count"] == 3
        assert by_code["emp"]["stats"]["min"] == 10
    else:
        # two companies chose b: hidden, and a with it (the total would give b away)
        assert [o["count"] for o in by_code["sector"]["options"]] == [None, None]
        assert by_code["emp"]["stats"]["min"] is None
    assert user.role == who  # the persona is who we think
    # never an individual answer
    assert "비밀 답변" not in resp.content.decode()


def test_survey_aggregates_filters_and_access(survey_world, api_as, world, token_for):
    url = f"/api/surveys/{survey_world.pk}/aggregates"
    assert api_as("student").get(url).status_code == 403
    assert api_as("other_coordinator").get(url).status_code == 404
    assert api_as("ministry").get("/api/surveys/999999/aggregates").status_code == 404
    resp = token_for("partner").get(url, {"size": "medium"})
    assert resp.status_code == 200
    assert resp.json()["respondents"] == 0  # no medium company: an empty group names nobody
    assert token_for("partner").get(url, {"size": "huge"}).status_code == 422


# ==========================================================================
# the OpenAPI description


def test_openapi_lists_the_figures_with_descriptions(client):
    spec = client.get("/api/openapi.json").json()
    paths = spec["paths"]
    for path in (
        "/api/frameworks/",
        "/api/evaluations/{year}",
        "/api/districts/{id}/evaluation",
        "/api/gap/",
        "/api/surveys/{id}/aggregates",
    ):
        op = paths[path]["get"]
        assert op["summary"] and len(op["description"]) > 40, path
        assert "post" not in paths[path] and "patch" not in paths[path]
    schemas = spec["components"]["schemas"]
    assert schemas["ResultOut"]["properties"]["suppressed"]["description"]
    assert schemas["GapUnitOut"]["properties"]["coverage"]["description"]
    assert schemas["OptionOut"]["properties"]["share"]["description"]
    assert settings.MUJIGAE_SUPPRESS_BELOW >= 2
