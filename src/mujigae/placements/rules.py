"""Rules that make a student-slot pair unacceptable before any matching.

Pure Python: plain data in, plain data out, no database. The page that runs a
matching builds `StudentFacts` and `SlotFacts` from its rows and passes
`forbidden_pairs(...)` straight to `mujigae.matching.stable_matching`.

Sources (see docs/placements.md):
근로기준법 제64조–제72조 (workers aged 15–17), 직업교육훈련 촉진법 제9조, 제9조의2,
제24조 (field training). Every reason carries a stable code, the article and a
Korean message a student or teacher can read.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from datetime import date, time, timedelta
from decimal import Decimal

FIELD_TRAINING = "field_training"
JOB = "job"

ADULT_AGE = 18
EMPLOYMENT_MIN_AGE = 15

# 제69조 (minors) and 직업교육훈련 촉진법 제9조의2 (training): the same caps.
DAILY_CAP = Decimal(7)
WEEKLY_CAP = Decimal(35)
DAILY_EXTENSION = Decimal(1)
WEEKLY_EXTENSION = Decimal(5)

# Night: 22:00–06:00 (제70조②, 제9조의2), in minutes after midnight.
NIGHT_START = 22 * 60
NIGHT_END = 6 * 60
DAY = 24 * 60

UNDERGROUND = "underground"

# Field training lasts at most 6 months (the 2019 measures, facts.md).
TRAINING_MAX_MONTHS = 6


def training_period_limit(start: date) -> date:
    """The last day a field-training period starting on `start` may end:
    the day before the same day `TRAINING_MAX_MONTHS` months later (or the
    month's last day when that day does not exist)."""
    month = start.month - 1 + TRAINING_MAX_MONTHS
    year, month = start.year + month // 12, month % 12 + 1
    day = start.day
    while True:
        try:
            return date(year, month, day) - timedelta(days=1)
        except ValueError:
            day -= 1


@dataclass(frozen=True)
class HazardousDuty:
    code: str
    label: str  # Korean, as a company picks it
    article: str
    verified: bool


# Jobs banned for minors (근로기준법 제65조, 시행령 제40조 별표 4) and underground
# work (제72조). Only diving is confirmed by facts.md; the other rows follow the
# published 별표 4 as remembered and are marked unverified until someone checks
# the current text (legalize-kr `kr/근로기준법/`).
HAZARDOUS_DUTIES: tuple[HazardousDuty, ...] = (
    HazardousDuty("diving", "고압작업 및 잠수작업", "근로기준법 제65조, 시행령 별표 4", True),
    HazardousDuty(UNDERGROUND, "갱내(광산 지하) 작업", "근로기준법 제72조", True),
    HazardousDuty(
        "licensed_driving",
        "18세 미만에게 면허 취득이 제한된 운전·조종 업무",
        "근로기준법 제65조, 시행령 별표 4",
        False,
    ),
    HazardousDuty(
        "youth_banned_business",
        "청소년 보호법 등이 청소년 고용을 금지한 업종",
        "근로기준법 제65조, 시행령 별표 4",
        False,
    ),
    HazardousDuty(
        "prison_or_psychiatric",
        "교도소 또는 정신병원 업무",
        "근로기준법 제65조, 시행령 별표 4",
        False,
    ),
    HazardousDuty(
        "incineration_or_slaughter",
        "소각 또는 도살 업무",
        "근로기준법 제65조, 시행령 별표 4",
        False,
    ),
    HazardousDuty(
        "oil_handling",
        "유류 취급 업무(주유 업무 제외)",
        "근로기준법 제65조, 시행령 별표 4",
        False,
    ),
)
HAZARDOUS_CODES = frozenset(d.code for d in HAZARDOUS_DUTIES)


@dataclass(frozen=True)
class Rule:
    code: str
    article: str
    message: str  # Korean, names the rule


def _rule(code: str, article: str, message: str) -> Rule:
    return Rule(code, article, message)


RULES: dict[str, Rule] = {
    r.code: r
    for r in (
        _rule(
            "under_15_without_permit",
            "근로기준법 제64조",
            "15세 미만은 고용노동부 장관의 취직인허증이 있어야 고용될 수 있습니다.",
        ),
        _rule(
            "minor_daily_hours",
            "근로기준법 제69조",
            "18세 미만의 근로시간은 하루 7시간(합의 시 8시간)을 넘을 수 없습니다.",
        ),
        _rule(
            "minor_weekly_hours",
            "근로기준법 제69조",
            "18세 미만의 근로시간은 주 35시간(합의 시 40시간)을 넘을 수 없습니다.",
        ),
        _rule(
            "minor_night_without_authorisation",
            "근로기준법 제70조제2항",
            "18세 미만은 본인 동의와 고용노동부 장관 인가 없이 "
            "오후 10시부터 오전 6시까지 일할 수 없습니다.",
        ),
        _rule(
            "minor_holiday_without_authorisation",
            "근로기준법 제70조제2항",
            "18세 미만은 본인 동의와 고용노동부 장관 인가 없이 휴일에 일할 수 없습니다.",
        ),
        _rule(
            "minor_hazardous_duty",
            "근로기준법 제65조",
            "18세 미만에게 금지된 유해·위험 업무가 포함되어 있습니다.",
        ),
        _rule(
            "underground_work",
            "근로기준법 제72조, 직업교육훈련 촉진법 제24조",
            "18세 미만과 현장실습생은 갱내 작업을 할 수 없습니다.",
        ),
        _rule(
            "training_daily_hours",
            "직업교육훈련 촉진법 제9조의2",
            "현장실습 시간은 하루 7시간(합의 시 8시간)을 넘을 수 없습니다.",
        ),
        _rule(
            "training_weekly_hours",
            "직업교육훈련 촉진법 제9조의2",
            "현장실습 시간은 주 35시간(합의 시 40시간)을 넘을 수 없습니다.",
        ),
        _rule(
            "training_night",
            "직업교육훈련 촉진법 제9조의2",
            "현장실습은 오후 10시부터 오전 6시까지 할 수 없습니다.",
        ),
        _rule(
            "training_holiday",
            "직업교육훈련 촉진법 제9조의2",
            "현장실습은 휴일에 할 수 없습니다.",
        ),
        _rule(
            "training_hazardous_duty",
            "직업교육훈련 촉진법 제24조, 근로기준법 제65조",
            "현장실습생에게 금지된 유해·위험 업무가 포함되어 있습니다.",
        ),
        _rule(
            "no_standard_agreement",
            "직업교육훈련 촉진법 제9조",
            "학생의 학교와 서명한 유효한 현장실습 표준협약서가 없습니다.",
        ),
        _rule(
            "company_not_eligible",
            "현장실습 운영 지침(선도기업·참여기업, 사전 현장점검)",
            "현장실습 참여 기업으로 인정되지 않았거나 현장점검이 없거나 만료되었습니다.",
        ),
    )
}


@dataclass(frozen=True)
class Reason:
    code: str
    article: str
    message: str


def reason(code: str) -> Reason:
    r = RULES[code]
    return Reason(r.code, r.article, r.message)


@dataclass(frozen=True)
class AgreementFacts:
    """A standard agreement (표준협약서) between the slot's company and a school."""

    school_id: Hashable
    signed_on: date | None
    period_start: date
    period_end: date


@dataclass(frozen=True)
class StudentFacts:
    id: Hashable
    birth_date: date
    school_id: Hashable = None
    # 취직인허증 (제64조) on file.
    employment_permit: bool = False
    # Slot ids for which the minor's consent AND the labour minister's
    # authorisation of night/holiday work are recorded (제70조②).
    night_holiday_authorised: frozenset = frozenset()


@dataclass(frozen=True)
class SlotFacts:
    id: Hashable
    kind: str  # FIELD_TRAINING or JOB
    daily_hours: Decimal
    weekly_hours: Decimal
    start_time: time
    end_time: time  # end <= start: the shift crosses midnight
    works_holidays: bool = False
    hazardous_duties: frozenset = frozenset()
    # The parties agreed the extension of 1 h a day / 5 h a week (제69조, 제9조의2).
    hours_extension_agreed: bool = False
    agreements: tuple[AgreementFacts, ...] = ()
    # Company eligibility for training: tier "leading" | "participating" | "none".
    company_tier: str = "none"
    company_inspected_on: date | None = None
    company_eligible_until: date | None = None


def age_on(birth_date: date, on: date) -> int:
    """Completed years on `on` (one is 18 from the 18th birthday on)."""
    before_birthday = (on.month, on.day) < (birth_date.month, birth_date.day)
    return on.year - birth_date.year - int(before_birthday)


def is_minor(birth_date: date, on: date) -> bool:
    """Under 18 on `on` (근로기준법: the rules for minors apply)."""
    return age_on(birth_date, on) < ADULT_AGE


def _minutes(t: time) -> int:
    return t.hour * 60 + t.minute


def shift_touches_night(start: time, end: time) -> bool:
    """Whether the shift start..end (crossing midnight when end <= start) has
    any minute within 22:00–06:00."""
    s, e = _minutes(start), _minutes(end)
    if e <= s:
        e += DAY
    nights = ((0, NIGHT_END), (NIGHT_START, DAY + NIGHT_END), (DAY + NIGHT_START, 2 * DAY))
    return any(s < n_end and n_start < e for n_start, n_end in nights)


def hour_caps(extension_agreed: bool) -> tuple[Decimal, Decimal]:
    if extension_agreed:
        return DAILY_CAP + DAILY_EXTENSION, WEEKLY_CAP + WEEKLY_EXTENSION
    return DAILY_CAP, WEEKLY_CAP


def has_valid_agreement(slot: SlotFacts, school_id: Hashable, on: date) -> bool:
    """A signed agreement with the student's school whose period has not ended
    on `on` (an agreement signed for a period starting later counts: matching
    runs before training starts)."""
    return any(
        a.school_id == school_id
        and a.signed_on is not None
        and a.signed_on <= on
        and a.period_start <= a.period_end
        and on <= a.period_end
        for a in slot.agreements
    )


def company_eligible(slot: SlotFacts, on: date) -> bool:
    return (
        slot.company_tier in ("leading", "participating")
        and slot.company_inspected_on is not None
        and slot.company_inspected_on <= on
        and (slot.company_eligible_until is None or on <= slot.company_eligible_until)
    )


def unacceptable_reasons(student: StudentFacts, slot: SlotFacts, *, on: date) -> list[Reason]:
    """Every rule that makes the pair unacceptable on `on`, in a fixed order."""
    age = age_on(student.birth_date, on)
    minor = is_minor(student.birth_date, on)
    training = slot.kind == FIELD_TRAINING
    codes: list[str] = []
    daily_cap, weekly_cap = hour_caps(slot.hours_extension_agreed)
    night = shift_touches_night(slot.start_time, slot.end_time)
    duties = set(slot.hazardous_duties)
    underground = UNDERGROUND in duties
    banned = duties - {UNDERGROUND}

    if training:
        if slot.daily_hours > daily_cap:
            codes.append("training_daily_hours")
        if slot.weekly_hours > weekly_cap:
            codes.append("training_weekly_hours")
        if night:
            codes.append("training_night")
        if slot.works_holidays:
            codes.append("training_holiday")
        if banned:
            codes.append("training_hazardous_duty")
        if underground:
            codes.append("underground_work")
        if not has_valid_agreement(slot, student.school_id, on):
            codes.append("no_standard_agreement")
        if not company_eligible(slot, on):
            codes.append("company_not_eligible")
    elif minor:
        if age < EMPLOYMENT_MIN_AGE and not student.employment_permit:
            codes.append("under_15_without_permit")
        if slot.daily_hours > daily_cap:
            codes.append("minor_daily_hours")
        if slot.weekly_hours > weekly_cap:
            codes.append("minor_weekly_hours")
        authorised = slot.id in student.night_holiday_authorised
        if night and not authorised:
            codes.append("minor_night_without_authorisation")
        if slot.works_holidays and not authorised:
            codes.append("minor_holiday_without_authorisation")
        if banned:
            codes.append("minor_hazardous_duty")
        if underground:
            codes.append("underground_work")
    return [reason(c) for c in codes]


def forbidden_pairs(
    students: Iterable[StudentFacts], slots: Iterable[SlotFacts], on: date
) -> dict[tuple[Hashable, Hashable], str]:
    """{(student id, slot id): first reason code} for every unacceptable pair:
    the `forbidden` mapping `mujigae.matching.stable_matching` takes."""
    slots = list(slots)
    out: dict[tuple[Hashable, Hashable], str] = {}
    for student in students:
        for slot in slots:
            reasons = unacceptable_reasons(student, slot, on=on)
            if reasons:
                out[(student.id, slot.id)] = reasons[0].code
    return out
