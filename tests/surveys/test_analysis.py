"""Survey analysis: distributions, number statistics, hiring roll-ups, filters,
small-group suppression for non-coordinators, exports and the gap-analysis selector."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from mujigae.surveys import selectors_analysis as sa
from mujigae.surveys.models import (
    Answer,
    AnswerOption,
    HiringDemand,
    Invitation,
    Response,
    Survey,
)
from tests import factories as f

pytestmark = pytest.mark.django_db

OPTS = [{"value": "a", "label": "제조업"}, {"value": "b", "label": "서비스업"}]
MULTI = [
    {"value": "x", "label": "용접"},
    {"value": "y", "label": "설계"},
    {"value": "z", "label": "조립"},
]


class Built:
    pass


def _respond(survey, qs, org, *, size="small", submitted=True, **answers):
    inv = f.InvitationFactory(survey=survey, organisation=org)
    resp = Response.objects.create(
        invitation=inv,
        survey=survey,
        organisation=org,
        is_submitted=submitted,
        submitted_at=timezone.now() if submitted else None,
        size_class=size,
    )
    inv.status = Invitation.Status.SUBMITTED if submitted else Invitation.Status.IN_PROGRESS
    inv.save(update_fields=["status"])
    for code, value in answers.items():
        q = qs[code]
        if q.kind == "hiring":
            for occ, units, head, timing in value:
                HiringDemand.objects.create(
                    response=resp,
                    question=q,
                    district=survey.district,
                    year=survey.year + {"this_year": 0, "next_year": 1, "in_two_years": 2}[timing],
                    occupation=occ,
                    competency_units=units,
                    headcount=head,
                    timing=timing,
                )
            continue
        a = Answer(response=resp, question=q, submitted=submitted)
        if q.kind in ("single", "scale"):
            a.choice = value
        elif q.kind == "multi":
            a.choices = value
        elif q.kind == "number":
            a.number = value
        elif q.kind == "date":
            a.date = value
        else:
            a.text = value
        a.save()
        for v in a.choices or []:
            AnswerOption.objects.create(answer=a, question=q, value=v, submitted=submitted)
    return resp


def _survey(world):
    s = f.SurveyFactory(district=world.district, year=2025, title="안산 수요조사")
    sec = f.SectionFactory(survey=s)
    qs = {
        "sector": f.QuestionFactory(
            section=sec, code="sector", kind="single", text="업종", options=OPTS
        ),
        "skills": f.QuestionFactory(
            section=sec, code="skills", kind="multi", text="필요 기술", options=MULTI
        ),
        "emp": f.QuestionFactory(
            section=sec, code="emp", kind="number", text="종업원 수", unit="명"
        ),
        "founded": f.QuestionFactory(section=sec, code="founded", kind="date", text="설립일"),
        "hard": f.QuestionFactory(section=sec, code="hard", kind="long_text", text="어려운 점"),
        "hiring": f.QuestionFactory(section=sec, code="hiring", kind="hiring", text="채용 수요"),
    }
    return s, qs


@pytest.fixture
def built(world):
    s, qs = _survey(world)
    ind = f.IndustryFactory(district=world.district, name="로봇")
    ind2 = f.IndustryFactory(district=world.district, name="금형")
    c3 = f.OrganisationFactory(district=world.district, name="마바기계", area="단원구")
    c4 = f.OrganisationFactory(district=world.district, name="사아전자", area="상록구")
    c5 = f.OrganisationFactory(district=world.district, name="자차금속", area="상록구")
    c1, c2 = world.company, world.company_b
    for c in (c1, c2):
        c.area = "단원구"
        c.save()
    c1.industries.add(ind, ind2)
    c2.industries.add(ind)
    draft_org = f.OrganisationFactory(district=world.district, name="임시저장기업")
    _respond(
        s,
        qs,
        c1,
        sector="a",
        skills=["x", "y"],
        emp=10,
        founded=dt.date(2019, 1, 1),
        hard="로봇 인력 부족",
        hiring=[("용접공", "LM1, LM2", 2, "this_year"), ("설계", "LM2", 1, "next_year")],
    )
    _respond(
        s,
        qs,
        c2,
        sector="a",
        skills=["x"],
        emp=20,
        founded=dt.date(2019, 6, 1),
        hard="용접 기술자 필요",
        hiring=[("용접공", "LM1", 3, "this_year")],
    )
    _respond(
        s,
        qs,
        c3,
        sector="a",
        skills=["x"],
        emp=30,
        founded=dt.date(2020, 1, 1),
        hiring=[("용접공", "LM1 , LM3", 1, "next_year")],
    )
    _respond(
        s,
        qs,
        c4,
        size="medium",
        sector="b",
        skills=["y"],
        emp=40,
        hiring=[("조립", "LM3", 4, "this_year")],
    )
    _respond(s, qs, c5, size="medium", sector="b", skills=["z"], emp=100)
    _respond(
        s,
        qs,
        draft_org,
        submitted=False,
        sector="b",
        emp=1000,
        hard="임시 답변",
        hiring=[("용접공", "LM1", 100, "this_year")],
    )
    b = Built()
    b.survey, b.qs, b.industry, b.world = s, qs, ind, world
    return b


def _result(a, code):
    return next(r for r in a.results if r.question.code == code)


def _opts(r):
    return {o.value: (o.count, o.pct) for o in r.options}


# ------------------------------------------------------------------ figures
def test_counts_and_percentages(built):
    a = sa.survey_analysis(survey=built.survey, reveal=True)
    assert a.respondents == 5
    sector = _result(a, "sector")
    assert sector.answered == 5
    assert _opts(sector) == {"a": (3, 60.0), "b": (2, 40.0)}
    skills = _result(a, "skills")
    assert _opts(skills) == {"x": (3, 60.0), "y": (2, 40.0), "z": (1, 20.0)}


def test_number_and_date_stats(built):
    a = sa.survey_analysis(survey=built.survey, reveal=True)
    emp = _result(a, "emp")
    assert emp.stats == {"n": 5, "mean": 40.0, "median": 30.0, "min": 10.0, "max": 100.0}
    founded = _result(a, "founded")
    assert founded.date_range == (dt.date(2019, 1, 1), dt.date(2020, 1, 1))
    assert founded.years == [(2019, 2), (2020, 1)]


def test_median_of_an_even_count(built):
    a = sa.survey_analysis(survey=built.survey, reveal=True, filters=sa.Filters(size="small"))
    assert _result(a, "emp").stats["median"] == 20.0
    a = sa.survey_analysis(
        survey=built.survey, reveal=True, filters=sa.Filters(area="상록구")
    )  # 40 and 100
    assert _result(a, "emp").stats["median"] == 70.0


def test_hiring_rollups(built):
    h = sa.survey_analysis(survey=built.survey, reveal=True).hiring
    assert (h.total_headcount, h.companies) == (11, 4)
    units = {r.key: (r.headcount, r.companies) for r in h.by_unit}
    assert units == {"LM1": (6, 3), "LM2": (3, 1), "LM3": (5, 2)}
    occ = {r.key: (r.headcount, r.companies) for r in h.by_occupation}
    assert occ == {"용접공": (6, 3), "설계": (1, 1), "조립": (4, 1)}
    timing = {r.key: (r.headcount, r.companies) for r in h.by_timing}
    assert timing == {"this_year": (9, 3), "next_year": (2, 2), "in_two_years": (0, 0)}
    size = {r.key: (r.headcount, r.companies) for r in h.by_size}
    assert size == {"micro": (0, 0), "small": (7, 3), "medium": (4, 1), "large": (0, 0)}
    tab = h.size_by_timing
    assert tab.cells[("small", "this_year")] == 5
    assert tab.cells[("small", "next_year")] == 2
    assert tab.cells[("medium", "this_year")] == 4
    assert tab.cells[("large", "in_two_years")] == 0
    assert tab.row_totals["small"] == 7 and tab.row_totals["medium"] == 4
    assert tab.col_totals["this_year"] == 9 and tab.col_totals["next_year"] == 2
    assert tab.total == 11
    # rows of the table add up to the totals
    for label, cells, total in tab.table():
        assert sum(cells) == total, label
    assert sum(tab.col_total_list) == tab.total


def test_filters_apply_to_every_figure(built):
    a = sa.survey_analysis(survey=built.survey, reveal=True, filters=sa.Filters(size="small"))
    assert a.respondents == 3
    assert _opts(_result(a, "sector"))["a"] == (3, 100.0)
    assert a.hiring.total_headcount == 7
    a = sa.survey_analysis(survey=built.survey, reveal=True, filters=sa.Filters(area="상록구"))
    assert a.respondents == 2
    assert _opts(_result(a, "sector")) == {"a": (0, 0.0), "b": (2, 100.0)}
    assert a.hiring.total_headcount == 4
    # a company in two industries counts once
    a = sa.survey_analysis(
        survey=built.survey, reveal=True, filters=sa.Filters(industry=built.industry.pk)
    )
    assert a.respondents == 2
    assert _result(a, "emp").stats["n"] == 2
    assert {r.key: r.headcount for r in a.hiring.by_unit} == {"LM1": 5, "LM2": 3}


def test_filters_through_the_page(built, client_for):
    url = reverse("surveys:analysis", args=[built.survey.pk])
    resp = client_for("coordinator").get(url, {"area": "상록구"})
    assert resp.status_code == 200
    assert resp.context["a"].respondents == 2
    resp = client_for("coordinator").get(url, {"industry": built.industry.pk, "size": "small"})
    assert resp.context["a"].respondents == 2


def test_suppress_rule(settings):
    assert sa.suppress(5, 2) is None
    assert sa.suppress(5, 3) == 5
    assert sa.suppress(0, 0) == 0
    settings.MUJIGAE_SUPPRESS_BELOW = 5
    assert sa.suppress(7, 4) is None
    assert sa.suppress(7, 4, 3) == 7


# ---------------------------------------------------------------- privacy
@pytest.mark.parametrize("who", ["company", "school", "partner", "ministry"])
def test_small_groups_suppressed_for_non_coordinators(built, client_for, who):
    resp = client_for(who).get(reverse("surveys:analysis", args=[built.survey.pk]))
    assert resp.status_code == 200
    a = resp.context["a"]
    assert a.reveal is False
    # b (2 companies) is hidden; a (3) too, or the total (5) would give b away
    assert _opts(_result(a, "sector")) == {"a": (None, None), "b": (None, None)}
    assert _result(a, "sector").answered == 5
    assert _opts(_result(a, "skills"))["y"] == (None, None)
    units = {r.key: (r.headcount, r.companies) for r in a.hiring.by_unit}
    assert units["LM1"] == (6, 3) and units["LM2"] == (None, None)
    tab = a.hiring.size_by_timing
    assert tab.cells[("small", "this_year")] is None  # 2 companies
    assert tab.cells[("large", "this_year")] == 0  # nobody: nothing to protect
    assert tab.row_totals["small"] == 7
    body = resp.content.decode()
    assert "&lt;3" in body
    # no names, no free text
    assert "마바기계" not in body and "로봇 인력 부족" not in body
    assert resp.context["page_obj"] is None
    # a filtered result of two companies is suppressed whole
    resp = client_for(who).get(
        reverse("surveys:analysis", args=[built.survey.pk]), {"area": "상록구"}
    )
    a = resp.context["a"]
    assert a.respondents is None
    assert _result(a, "emp").stats == {"n": None}
    assert a.hiring.total_headcount is None


def test_coordinator_sees_small_groups_and_free_text(built, client_for):
    resp = client_for("coordinator").get(reverse("surveys:analysis", args=[built.survey.pk]))
    assert resp.status_code == 200
    a = resp.context["a"]
    assert _opts(_result(a, "sector"))["b"] == (2, 40.0)
    body = resp.content.decode()
    assert "로봇 인력 부족" in body and "가나로봇" in body
    assert "임시 답변" not in body  # drafts never count
    # search and paging
    resp = client_for("coordinator").get(
        reverse("surveys:analysis", args=[built.survey.pk]),
        {"tq": built.qs["hard"].pk, "q": "용접"},
    )
    texts = [ans.text for ans in resp.context["page_obj"]]
    assert texts == ["용접 기술자 필요"]


def test_other_district_and_students_cannot_see(built, client_for):
    url = reverse("surveys:analysis", args=[built.survey.pk])
    assert client_for("other_coordinator").get(url).status_code == 404
    assert client_for("other_company").get(url).status_code == 404
    assert client_for("student").get(url).status_code == 403
    xurl = reverse("surveys:analysis_xlsx", args=[built.survey.pk])
    assert client_for("other_coordinator").get(xurl).status_code == 404
    curl = reverse("surveys:analysis_csv", args=[built.survey.pk])
    assert client_for("other_coordinator").get(curl).status_code == 404


# ---------------------------------------------------------------- exports
def _xlsx(resp):
    assert resp.status_code == 200
    assert "filename*=UTF-8''" in resp["Content-Disposition"]
    return load_workbook(io.BytesIO(b"".join(resp.streaming_content)), read_only=True)


def _rows(ws):
    # read-only mode drops trailing empty cells: pad to the sheet's width
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    width = max((len(r) for r in rows), default=0)
    return [r + [None] * (width - len(r)) for r in rows]


def test_xlsx_for_the_coordinator(built, client_for):
    wb = _xlsx(
        client_for("coordinator").get(reverse("surveys:analysis_xlsx", args=[built.survey.pk]))
    )
    names = wb.sheetnames
    # one sheet per question, named by its text as the company read it
    for text in ("업종", "필요 기술", "종업원 수", "설립일", "어려운 점"):
        assert text in names
    raw = _rows(wb[names[0]])
    header = raw[0]
    assert "업종" in header and "필요 기술" in header
    assert "채용 수요" not in header  # hiring rows have their own sheet
    assert len(raw) == 1 + 5  # drafts are not exported
    by_company = {row[0]: row for row in raw[1:]}
    row = by_company["가나로봇"]
    assert row[header.index("필요 기술")] == "용접; 설계"
    assert row[header.index("업종")] == "제조업"
    assert row[header.index("종업원 수")] == 10
    hiring = _rows(wb[names[1]])
    assert len(hiring) == 1 + 5
    assert {r[2] for r in hiring[1:]} == {"채용 수요"}  # the question, not its code
    sector = _rows(wb["업종"])
    assert sector[0][0] == "업종"
    assert ["서비스업", 2, 40] in [r[:3] for r in sector]


def test_the_analysis_page_names_questions_by_their_text(built, client_for):
    html = client_for("coordinator").get(reverse("surveys:analysis", args=[built.survey.pk]))
    html = html.content.decode()
    assert '업종 <span class="muted">단일 선택</span>' in html
    for code in ("sector", "skills", "emp", "founded", "hard"):
        assert f"[{code}]" not in html


CODES = {"sector", "skills", "emp", "founded", "hard", "hiring", "a", "b", "x", "y", "z"}


def test_no_question_code_or_option_value_in_the_workbook(built, client_for):
    """What a user opens: sheet names and every cell are words, never a
    question's code ("[sector]", a sheet named "sector") or an option value."""
    wb = _xlsx(
        client_for("coordinator").get(reverse("surveys:analysis_xlsx", args=[built.survey.pk]))
    )
    assert not CODES & set(wb.sheetnames)
    for name in wb.sheetnames:
        for row in _rows(wb[name]):
            for v in row:
                assert not (isinstance(v, str) and ("[" in v or v in CODES)), (name, v)


def test_xlsx_for_others_has_no_raw_sheet_and_blanks(built, client_for):
    wb = _xlsx(client_for("partner").get(reverse("surveys:analysis_xlsx", args=[built.survey.pk])))
    for name in wb.sheetnames:
        for row in _rows(wb[name]):
            assert "가나로봇" not in row
            assert "로봇 인력 부족" not in row
            assert not any(isinstance(v, str) and "[sector]" in v for v in row[1:])
    assert not any("[sector]" in str(c) for c in _rows(wb[wb.sheetnames[0]])[0][1:])
    sector = [r[:3] for r in _rows(wb["업종"])]
    assert ["서비스업", None, None] in sector
    assert ["제조업", None, None] in sector  # secondary suppression, as on the page


def test_csv_has_bom_and_korean_headers(built, client_for):
    resp = client_for("coordinator").get(reverse("surveys:analysis_csv", args=[built.survey.pk]))
    assert resp.status_code == 200
    assert "filename*=UTF-8''" in resp["Content-Disposition"]
    raw = b"".join(resp.streaming_content)
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert "업종" in rows[0] and "어려운 점" in rows[0]
    assert not any("[" in h or h in CODES for h in rows[0])
    assert len(rows) == 6
    assert any("가나로봇" in r for r in rows)


def test_exports_do_not_run_formulas_from_answers(built, client_for):
    Answer.objects.filter(question=built.qs["hard"], text="로봇 인력 부족").update(
        text='=HYPERLINK("http://evil")'
    )
    client = client_for("coordinator")
    raw = b"".join(
        client.get(reverse("surveys:analysis_csv", args=[built.survey.pk])).streaming_content
    ).decode("utf-8-sig")
    assert "'=HYPERLINK" in raw
    wb = _xlsx(client.get(reverse("surveys:analysis_xlsx", args=[built.survey.pk])))
    cells = [v for row in _rows(wb[wb.sheetnames[0]]) for v in row]
    assert '\'=HYPERLINK("http://evil")' in cells


@pytest.mark.parametrize("who", ["company", "school", "partner", "ministry", "student"])
def test_csv_is_coordinators_only(built, client_for, who):
    resp = client_for(who).get(reverse("surveys:analysis_csv", args=[built.survey.pk]))
    assert resp.status_code == 403


# ------------------------------------------------------------- gap analysis
def test_hiring_demand_by_unit(built, world):
    rows = sa.hiring_demand_by_unit(district_id=world.district.pk)
    got = {(r["competency_unit"], r["year"]): (r["headcount"], r["companies"]) for r in rows}
    assert got == {
        ("LM1", 2025): (5, 2),
        ("LM2", 2025): (2, 1),
        ("LM1", 2026): (1, 1),
        ("LM2", 2026): (1, 1),
        ("LM3", 2026): (1, 1),
        ("LM3", 2025): (4, 1),
    }
    assert all(r["district_id"] == world.district.pk for r in rows)
    assert sa.hiring_demand_by_unit(district_id=world.district.pk, year=2026) == [
        r for r in rows if r["year"] == 2026
    ]
    assert sa.hiring_demand_by_unit(district_id=world.other_district.pk) == []
    # all districts
    assert sum(r["headcount"] for r in sa.hiring_demand_by_unit()) == 14


# -------------------------------------------------------------- query count
def _many(world, n):
    s, qs = _survey(world)
    for i in range(n):
        org = f.OrganisationFactory(district=world.district, name=f"기업{s.pk}-{i:03d}")
        _respond(
            s,
            qs,
            org,
            size=("small", "medium")[i % 2],
            sector="ab"[i % 2],
            skills=["x", "z"],
            emp=i,
            founded=dt.date(2000 + i % 5, 1, 1),
            hard=f"답변 {i}",
            hiring=[("용접공", "LM1, LM2", 1 + i % 3, "this_year")],
        )
    return s


# The whole page, session and user included: a fixed handful per question kind.
# The menu's to-do count is left out: it is computed once a minute per person
# (core/inbox.py), warmed here, and each app's inbox tests bound its own share.
QUERY_BUDGET = 26


def _warm_menu_count(user) -> None:
    from mujigae.core import inbox

    inbox.todo_count(user)


@pytest.mark.parametrize("n", [5, 50])
@pytest.mark.parametrize("who", ["coordinator", "company", "ministry"])
def test_query_count_does_not_grow(world, client_for, django_assert_max_num_queries, n, who):
    s = _many(world, n)
    client = client_for(who)
    _warm_menu_count(world.users[who])
    url = reverse("surveys:analysis", args=[s.pk])
    with django_assert_max_num_queries(QUERY_BUDGET):
        resp = client.get(url, {"size": "small"})
    assert resp.status_code == 200


def test_query_count_is_the_same_for_5_and_50(world, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    client = client_for("coordinator")
    _warm_menu_count(world.users["coordinator"])
    for n in (5, 50):
        s = _many(world, n)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("surveys:analysis", args=[s.pk])).status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]


def test_suppressed_rows_hide_the_companys_own_words():
    from mujigae.surveys import selectors_analysis as sa

    hidden = sa._rollup([("로봇 정비 기술자", 2, 1), ("CNC 가공원", 9, 4)], sa.Disclosure(False))
    assert hidden[0].label != "로봇 정비 기술자" and hidden[0].headcount is None
    assert hidden[1].label == "CNC 가공원" and hidden[1].headcount == 9
    shown = sa._rollup([("로봇 정비 기술자", 2, 1)], sa.Disclosure(True))
    assert shown[0].label == "로봇 정비 기술자" and shown[0].headcount == 2


def test_a_draft_counts_only_once_submitted_through_the_service(world):
    """Answers written as a draft are not in the figures; the same company's
    submission is, once, with its multiple-choice ticks and number."""
    from mujigae.surveys import services_answer

    s, qs = _survey(world)
    s.status = Survey.Status.OPEN
    s.save()
    inv = f.InvitationFactory(survey=s, organisation=world.company)
    data = {"sector": "b", "skills": ["x", "z"], "emp": "12"}

    def figures():
        a = sa._compute_analysis(survey=s, reveal=True, filters=sa.Filters())
        return (
            a.respondents,
            _opts(_result(a, "sector")).get("b"),
            _opts(_result(a, "skills")).get("z"),
            _result(a, "emp").stats.get("median"),
        )

    services_answer.response_save(invitation=inv, data=data, final=False)
    assert figures() == (0, (0, None), (0, None), None)
    services_answer.response_save(invitation=inv, data=data, final=True)
    assert figures() == (1, (1, 100.0), (1, 100.0), 12.0)


def test_secondary_suppression_rule():
    """One hidden cell in a group with a shown total is given away by the rest:
    the smallest non-zero shown cell is hidden with it; zeros never are."""
    assert sa.complement([(None, 2), (5, 5), (0, 0), (4, 4)]) == {3}
    assert sa.complement([(None, 2), (None, 1), (5, 5)]) == set()  # already two
    assert sa.complement([(7, 7), (0, 0)]) == set()  # nothing hidden
    assert sa.complement([(None, 2), (0, 0)]) == set()  # nothing else to hide


def test_partners_see_no_single_company_extremes(built, client_for):
    url = reverse("surveys:analysis", args=[built.survey.pk])
    partner = client_for("partner").get(url).context["a"]
    emp = _result(partner, "emp")
    assert emp.stats["n"] == 5 and emp.stats["median"] == 30
    assert emp.stats["min"] is None and emp.stats["max"] is None
    assert _result(partner, "founded").date_range is None
    coordinator = client_for("coordinator").get(url).context["a"]
    assert (_result(coordinator, "emp").stats["min"], _result(coordinator, "emp").stats["max"]) == (
        10,
        100,
    )
    assert _result(coordinator, "founded").date_range == (dt.date(2019, 1, 1), dt.date(2020, 1, 1))


def test_size_by_timing_has_no_lone_hidden_cell(built, client_for):
    a = client_for("partner").get(reverse("surveys:analysis", args=[built.survey.pk])).context["a"]
    tab = a.hiring.size_by_timing
    for r, _label in tab.rows:
        if tab.row_totals.get(r) is not None:
            assert [tab.cells[(r, c)] for c, _ in tab.cols].count(None) != 1, r
    for c, _label in tab.cols:
        if tab.col_totals.get(c) is not None:
            assert [tab.cells[(r, c)] for r, _ in tab.rows].count(None) != 1, c


def test_number_stats_are_written_as_korean_does(built, client_for):
    # issue 16: "40.0 명" where Korean writes 40명 (and 60.0%, not "60.0 %")
    resp = client_for("coordinator").get(reverse("surveys:analysis", args=[built.survey.pk]))
    body = resp.content.decode()
    for shown in ("<dd>40명</dd>", "<dd>30명</dd>", "<dd>10명</dd>", "<dd>100명</dd>"):
        assert shown in body, shown
    assert " 명" not in body and ".0명" not in body
    assert ">60.0%<" in body and " %" not in body
