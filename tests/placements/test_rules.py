"""Every rule that makes a pair unacceptable, at its boundaries."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mujigae.matching import Instance, stable_matching
from mujigae.placements import rules
from mujigae.placements.rules import forbidden_pairs, unacceptable_reasons

from .factories import slot, student

ON = dt.date(2026, 9, 1)
T = rules.FIELD_TRAINING


def codes(stu, sl, on=ON) -> list[str]:
    return [r.code for r in unacceptable_reasons(stu, sl, on=on)]


def test_lawful_pairs_have_no_reason():
    assert codes(student(age=17), slot()) == []
    assert codes(student(age=17), slot(kind=T)) == []
    assert codes(student(age=30), slot(kind=T)) == []


@pytest.mark.parametrize(
    ("kind", "prefix"), [(rules.JOB, "minor"), (T, "training")], ids=["job", "training"]
)
@pytest.mark.parametrize(
    ("daily", "weekly", "extension", "expected"),
    [
        ("7", "35", False, []),
        ("7.5", "35", False, ["daily"]),
        ("7.5", "35", True, []),
        ("8", "40", True, []),
        ("8.5", "40", True, ["daily"]),
        ("7", "36", False, ["weekly"]),
        ("7", "36", True, []),
        ("7", "41", True, ["weekly"]),
    ],
)
def test_hour_caps(kind, prefix, daily, weekly, extension, expected):
    sl = slot(
        kind=kind,
        daily_hours=Decimal(daily),
        weekly_hours=Decimal(weekly),
        hours_extension_agreed=extension,
    )
    assert codes(student(age=17), sl) == [f"{prefix}_{e}_hours" for e in expected]


def test_adults_in_jobs_have_no_hour_cap():
    assert codes(student(age=18), slot(daily_hours=Decimal(9), weekly_hours=Decimal(45))) == []


@pytest.mark.parametrize(
    ("start", "end", "night"),
    [
        ((9, 0), (16, 0), False),
        ((6, 0), (13, 0), False),  # starts exactly when the night ends
        ((15, 0), (22, 0), False),  # ends exactly when the night starts
        ((21, 0), (23, 0), True),
        ((23, 0), (7, 0), True),  # crosses midnight
        ((5, 30), (12, 0), True),
        ((14, 0), (2, 0), True),
    ],
)
def test_night(start, end, night):
    sl_job = slot(start_time=dt.time(*start), end_time=dt.time(*end))
    sl_training = slot(kind=T, start_time=dt.time(*start), end_time=dt.time(*end))
    assert ("minor_night_without_authorisation" in codes(student(age=16), sl_job)) is night
    assert ("training_night" in codes(student(age=16), sl_training)) is night
    # Adults' training is education too: the night ban holds at any age.
    assert ("training_night" in codes(student(age=20), sl_training)) is night
    assert codes(student(age=18), sl_job) == []


def test_minor_night_and_holiday_need_authorisation_for_that_slot():
    sl = slot("late", start_time=dt.time(21, 0), end_time=dt.time(23, 0), works_holidays=True)
    assert codes(student(age=17), sl) == [
        "minor_night_without_authorisation",
        "minor_holiday_without_authorisation",
    ]
    assert codes(student(age=17, night_holiday_authorised=frozenset({"late"})), sl) == []
    other = student(age=17, night_holiday_authorised=frozenset({"another"}))
    assert "minor_night_without_authorisation" in codes(other, sl)


def test_training_bans_night_and_holidays_outright():
    sl = slot(
        "late", kind=T, start_time=dt.time(23, 0), end_time=dt.time(7, 0), works_holidays=True
    )
    authorised = student(age=17, night_holiday_authorised=frozenset({"late"}))
    assert codes(authorised, sl) == ["training_night", "training_holiday"]


@pytest.mark.parametrize(
    ("birthday", "minor"),
    [(dt.date(2008, 9, 2), True), (dt.date(2008, 9, 1), False), (dt.date(2008, 8, 31), False)],
    ids=["turns-18-the-day-after", "turns-18-that-day", "turned-18-the-day-before"],
)
def test_18th_birthday(birthday, minor):
    stu = rules.StudentFacts(id="s", birth_date=birthday)
    sl = slot(daily_hours=Decimal(9), weekly_hours=Decimal(45))
    assert bool(codes(stu, sl)) is minor


def test_leap_day_birthday_counts_from_march_first():
    assert rules.age_on(dt.date(2008, 2, 29), dt.date(2026, 2, 28)) == 17
    assert rules.age_on(dt.date(2008, 2, 29), dt.date(2026, 3, 1)) == 18


def test_under_15_needs_an_employment_permit():
    assert codes(student(age=14), slot()) == ["under_15_without_permit"]
    assert codes(student(age=14, employment_permit=True), slot()) == []
    assert codes(student(age=15), slot()) == []


def test_hazardous_duty_for_a_minor_but_not_an_adult():
    sl = slot(hazardous_duties=frozenset({"diving"}))
    assert codes(student(age=17), sl) == ["minor_hazardous_duty"]
    assert codes(student(age=18), sl) == []
    assert codes(student(age=18), slot(kind=T, hazardous_duties=frozenset({"diving"}))) == [
        "training_hazardous_duty"
    ]


def test_underground_work():
    sl = slot(hazardous_duties=frozenset({"underground"}))
    assert codes(student(age=17), sl) == ["underground_work"]
    assert codes(student(age=25), sl) == []
    training = slot(kind=T, hazardous_duties=frozenset({"underground"}))
    assert codes(student(age=25), training) == ["underground_work"]


def test_training_without_agreement_or_with_an_expired_one():
    assert codes(student(), slot(kind=T, agreements=())) == ["no_standard_agreement"]
    expired = rules.AgreementFacts(
        "school", dt.date(2025, 3, 1), dt.date(2025, 3, 2), dt.date(2025, 8, 31)
    )
    assert codes(student(), slot(kind=T, agreements=(expired,))) == ["no_standard_agreement"]
    unsigned = rules.AgreementFacts("school", None, dt.date(2026, 9, 1), dt.date(2027, 2, 28))
    assert codes(student(), slot(kind=T, agreements=(unsigned,))) == ["no_standard_agreement"]
    # An agreement with another school does not cover this student.
    assert codes(student(school_id="other"), slot(kind=T)) == ["no_standard_agreement"]
    # Ends on the date: still valid that day.
    last_day = rules.AgreementFacts("school", dt.date(2026, 3, 1), dt.date(2026, 3, 2), ON)
    assert codes(student(), slot(kind=T, agreements=(last_day,))) == []


@pytest.mark.parametrize(
    ("tier", "inspected", "until", "eligible"),
    [
        ("leading", dt.date(2026, 6, 1), dt.date(2027, 6, 1), True),
        ("participating", dt.date(2026, 6, 1), None, True),
        ("none", dt.date(2026, 6, 1), dt.date(2027, 6, 1), False),
        ("leading", None, dt.date(2027, 6, 1), False),
        ("leading", dt.date(2025, 6, 1), dt.date(2026, 8, 31), False),
        ("leading", dt.date(2026, 9, 2), None, False),
    ],
    ids=["leading", "participating", "tier-none", "no-inspection", "expired", "inspected-later"],
)
def test_company_eligibility(tier, inspected, until, eligible):
    sl = slot(
        kind=T, company_tier=tier, company_inspected_on=inspected, company_eligible_until=until
    )
    assert ("company_not_eligible" in codes(student(), sl)) is not eligible
    # Jobs need no training eligibility.
    assert codes(student(), slot(company_tier=tier, company_inspected_on=inspected)) == []


def test_every_reason_names_its_article_and_rule_in_korean():
    assert {r.code for r in unacceptable_reasons(student(age=14), _all_bad_job(), on=ON)} <= set(
        rules.RULES
    )
    for rule in rules.RULES.values():
        assert rule.article
        assert any("가" <= ch <= "힣" for ch in rule.message)


def _all_bad_job() -> rules.SlotFacts:
    return slot(
        daily_hours=Decimal(10),
        weekly_hours=Decimal(50),
        start_time=dt.time(20, 0),
        end_time=dt.time(6, 0),
        works_holidays=True,
        hazardous_duties=frozenset(rules.HAZARDOUS_CODES),
    )


MINOR_CODES = {c for c in rules.RULES if c.startswith("minor_")} | {
    "under_15_without_permit",
    "underground_work",
}


@given(
    age=st.integers(min_value=18, max_value=70),
    daily=st.decimals(min_value=Decimal("0.5"), max_value=Decimal(24), places=1),
    extra=st.decimals(min_value=0, max_value=Decimal(60), places=1),
    start=st.times(),
    end=st.times(),
    holidays=st.booleans(),
    duties=st.sets(st.sampled_from(sorted(rules.HAZARDOUS_CODES))),
    on=st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2035, 12, 31)),
)
def test_adults_in_jobs_are_never_refused_for_minors_reasons(
    age, daily, extra, start, end, holidays, duties, on
):
    stu = rules.StudentFacts(id="a", birth_date=dt.date(on.year - age - 1, 1, 1))
    sl = slot(
        daily_hours=daily,
        weekly_hours=daily + extra,
        start_time=start,
        end_time=end,
        works_holidays=holidays,
        hazardous_duties=frozenset(duties),
    )
    assert not set(codes(stu, sl, on=on)) & MINOR_CODES


def test_forbidden_pairs_feed_the_matching_engine():
    students = [student("young", age=16), student("adult", age=19), student("kid", age=14)]
    slots = [
        slot("night", start_time=dt.time(22, 0), end_time=dt.time(6, 0)),
        slot("day"),
        slot("train-none", kind=T, agreements=()),
    ]
    forbidden = forbidden_pairs(students, slots, ON)
    assert forbidden == {
        ("young", "night"): "minor_night_without_authorisation",
        ("kid", "night"): "under_15_without_permit",
        ("kid", "day"): "under_15_without_permit",
        ("young", "train-none"): "no_standard_agreement",
        ("adult", "train-none"): "no_standard_agreement",
        ("kid", "train-none"): "no_standard_agreement",
    }
    everyone = ["young", "adult", "kid"]
    instance = Instance.from_data(
        {
            "students": [
                {"id": s, "preferences": ["night", "train-none", "day"]} for s in everyone
            ],
            "slots": [
                {"id": h, "capacity": 3, "preferences": everyone}
                for h in ("night", "day", "train-none")
            ],
        }
    )
    result = stable_matching(instance, forbidden=forbidden)
    assert result.assignments == {"young": "day", "adult": "night", "kid": None}
    for pair in forbidden:
        assert result.assignments[pair[0]] != pair[1]
