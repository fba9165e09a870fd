"""The home-page benchmark's core on a tiny size (bench/home.py): every
persona's home page and the peer pages are measured at both sizes with their
query counts, the data grows between the sizes while the personas stay, and
each home page shows the to-dos its providers compute for the generated data.
Never asserts a time."""

from __future__ import annotations

from collections import Counter

import pytest

from bench import home as bench_home
from mujigae.core import inbox

TINY = {
    "small": {"districts": 1, "students": 40},
    "national": {"districts": 2, "students": 160},
    "orgs_per_district": 30,
    "meetings_per_district": 3,
    "action_items": 40,
    "repeat": 2,
}

# What the generated data owes each persona, by the app whose provider says so
# (checked only once that app declares its to-dos: the providers are merged
# separately).
EXPECTED = {
    "student": {"rounds": {"rounds.rank", "rounds.answer"}},
    "company": {
        "rounds": {"rounds.rank_applicants", "rounds.trainee_agreement"},
        "surveys": {"surveys.answer"},
        "governance": {"governance.action"},
    },
    "school": {"outcomes": {"outcomes.followups", "outcomes.graduate_status"}},
    "coordinator": {
        "rounds": {"rounds.run"},
        "curriculum": {"curriculum.decide"},
        "governance": {"governance.overdue"},
        "surveys": {"surveys.low_response"},
    },
}


def _apps_with_todos() -> set[str]:
    return {
        (p.__module__ or "").removeprefix("mujigae.").removesuffix(".inbox")
        for p in inbox.TODO_PROVIDERS
    }


_RUN: dict = {}


@pytest.fixture
def result(db):
    """One run for every test of the module (the figures are plain data; the
    rows are rolled back after the first test)."""
    if not _RUN:
        _RUN.update(bench_home.core(TINY, say=lambda _msg: None))
    return _RUN


def test_every_persona_and_page_is_measured_at_both_sizes(result):
    assert set(result["sizes"]) == {"small", "national"}
    for size in ("small", "national"):
        personas = result["sizes"][size]["personas"]
        assert set(personas) == set(bench_home.PERSONAS)
        for persona, figures in personas.items():
            for page in bench_home.PAGES:
                fig = figures["pages"][page]
                assert fig["status"] == 200, (size, persona, page)
                assert fig["n"] == TINY["repeat"]
                assert fig["median_ms"] > 0 and fig["p95_ms"] >= fig["median_ms"]
                assert isinstance(fig["queries"], int) and fig["queries"] > 0
            # the home page does everything the plain page does, and its to-dos
            assert figures["pages"]["home"]["queries"] >= figures["pages"]["peer"]["queries"]


def test_the_data_grows_and_the_personas_stay(result):
    small = result["sizes"]["small"]["data"]
    national = result["sizes"]["national"]["data"]
    assert small["districts"] == 1 and national["districts"] == 2
    assert small["students"] == 40 and national["students"] == 160
    for table in ("organisations", "entrants", "choices", "follow_ups", "invitations"):
        assert national[table] > small[table] > 0, table
    assert national["action_items"] >= small["action_items"]


def test_each_home_page_shows_the_to_dos_its_providers_compute(result):
    apps = _apps_with_todos()
    for size in ("small", "national"):
        for persona, figures in result["sizes"][size]["personas"].items():
            computed = Counter(t["kind"] for t in figures["todos"])
            shown = Counter(figures["pages"]["home"]["todo_kinds"])
            assert shown == computed, (size, persona)
            for app, kinds in EXPECTED[persona].items():
                if app in apps:
                    assert kinds <= set(computed), (size, persona, app, sorted(computed))
            # one figure per provider, whose items add up to the list
            assert sum(p["items"] for p in figures["providers"]) == len(figures["todos"])


def test_the_report_judges_each_row_against_the_target(result):
    run = {**result, "label": "SQLite", "database": "SQLite", "repeat": TINY["repeat"]}
    text = bench_home.report(run)
    for persona in bench_home.PERSONAS:
        for size in ("small", "national"):
            assert f"{persona} · {size}" in text
    assert text.count("meets target") + text.count("misses target") == 8


def test_verdict():
    ok = {"status": 200, "median_ms": 20.0, "p95_ms": 50.0, "queries": 12}
    assert bench_home.verdict(ok, None) == "meets target"
    assert bench_home.verdict(ok, {**ok}) == "meets target"
    assert bench_home.verdict(ok, {**ok, "queries": 10}) == "misses target (queries +2)"
    slow = {**ok, "median_ms": 151.0, "p95_ms": 401.0}
    assert bench_home.verdict(slow, ok) == "misses target (median, p95)"
    assert bench_home.verdict({**ok, "status": 500}, ok) == "misses target (HTTP 500)"
