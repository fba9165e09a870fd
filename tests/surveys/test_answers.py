"""The answer checker: types, ranges, required questions and skip logic."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mujigae.surveys.answers import QuestionSpec, check, parse_value

SIZE = QuestionSpec(1, "size", "single", "규모", required=True, options=("small", "large"))
HIRES = QuestionSpec(2, "hires", "number", "채용 인원", min_value=0, max_value=500)
WHY = QuestionSpec(
    3,
    "why",
    "long_text",
    "대기업 사유",
    required=True,
    show_if_code="size",
    show_if_values=("large",),
)
NEEDS = QuestionSpec(4, "needs", "multi", "교육 요구", options=("ai", "robot", "plc"))
SAT = QuestionSpec(5, "sat", "scale", "만족도")
WHEN = QuestionSpec(6, "when", "date", "시작일")
TABLE = QuestionSpec(7, "table", "hiring", "채용 수요")
QS = [SIZE, HIRES, WHY, NEEDS, SAT, WHEN, TABLE]


def test_a_full_valid_answer():
    result = check(
        QS,
        {
            "size": "large",
            "hires": "12",
            "why": "설비 확장",
            "needs": ["robot", "ai"],
            "sat": "4",
            "when": "2025. 8. 8.",
            "table": [
                {
                    "occupation": "로봇 유지보수",
                    "headcount": "3",
                    "timing": "next_year",
                    "accepts_trainees": "on",
                }
            ],
        },
        final=True,
    )
    assert result.ok, result.errors
    assert result.values["hires"] == 12.0
    assert result.values["needs"] == ["ai", "robot"]  # in the survey's order
    assert result.values["when"] == dt.date(2025, 8, 8)
    assert result.values["table"][0].headcount == 3 and result.values["table"][0].accepts_trainees


def test_required_only_when_shown():
    result = check(QS, {"size": "small"}, final=True)
    assert result.ok and result.values["why"] is None
    result = check(QS, {"size": "large"}, final=True)
    assert set(result.errors) == {"why"}
    # an answer to a hidden question is dropped, not stored
    result = check(QS, {"size": "small", "why": "숨겨진 답"}, final=True)
    assert result.values["why"] is None


def test_draft_does_not_require_anything():
    assert check(QS, {}, final=False).ok
    assert set(check(QS, {}, final=True).errors) == {"size"}


def test_bad_values_get_korean_messages():
    result = check(
        QS,
        {
            "size": "medium",
            "hires": "-1",
            "needs": ["ai", "drone"],
            "sat": "6",
            "when": "내일",
            "table": [{"occupation": "", "headcount": "2", "timing": "next_year"}],
        },
        final=False,
    )
    assert set(result.errors) == {"size", "hires", "needs", "sat", "when", "table"}
    assert all(isinstance(m, str) and m for m in result.errors.values())


def test_unknown_question_is_refused():
    result = check(QS, {"size": "small", "injected": "x"}, final=True)
    assert "injected" in result.errors


def test_hiring_table_rules():
    assert parse_value(TABLE, [{"occupation": "", "headcount": "", "competency_units": ""}]) is None
    for bad in (
        [{"occupation": "용접", "headcount": "0", "timing": "this_year"}],
        [{"occupation": "용접", "headcount": "2.5", "timing": "this_year"}],
        [{"occupation": "용접", "headcount": "2", "timing": "someday"}],
        [{"occupation": "용접", "headcount": "2", "timing": "this_year"}] * 31,
        "not a table",
    ):
        try:
            parse_value(TABLE, bad)
        except ValueError as exc:
            assert str(exc)
        else:
            raise AssertionError(bad)


def test_text_limits_and_control_characters():
    short = QuestionSpec(9, "s", "short_text", "짧은 글")
    assert parse_value(short, "  ") is None
    assert parse_value(short, "\x07 \x00") is None
    try:
        parse_value(short, "a" * 301)
    except ValueError:
        pass
    else:
        raise AssertionError("301 characters")
    # control characters are removed, CRLF becomes LF (and counts as one character)
    assert parse_value(short, "a\x00b\x07c\r\nd") == "abc\nd"
    assert parse_value(short, "a\r\n" * 120) == "a\n" * 119 + "a"


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.dictionaries(
        st.sampled_from([q.code for q in QS] + ["zz"]),
        st.one_of(st.text(), st.lists(st.text()), st.none()),
    )
)
def test_never_crashes_on_arbitrary_input(data):
    for final in (False, True):
        result = check(QS, data, final=final)
        assert set(result.values) == {q.code for q in QS}


def test_dates_are_read_as_every_form_reads_them_and_impossible_ones_refused():
    for written in ("2025-08-08", "2025. 8. 8.", "2025/8/8", "20250808", "2025년 8월 8일"):
        assert parse_value(WHEN, written) == dt.date(2025, 8, 8), written
    for bad in ("2025-02-30", "내일", "1850-01-01"):
        try:
            parse_value(WHEN, bad)
        except ValueError as exc:
            # the message names what was typed and says what a date looks like
            assert bad in str(exc) and "2025-08-08" in str(exc)
        else:
            raise AssertionError(bad)
