from __future__ import annotations

import datetime as dt
import re
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from belong.access.models import AuditEvent
from belong.core import dashboard as core_dashboard
from belong.privacy import feasible_ranges, find_disclosed_cells, suppress_small_cells
from belong.wellbeing import aggregates, dashboard, terms
from belong.wellbeing.models import Attendance, CoverageRecord, ReachWeek
from tests.factories.wellbeing import (
    ReachSessionFactory,
    ReachWeekFactory,
    SupportRequestFactory,
    checkin_with_score,
    local,
)

pytestmark = pytest.mark.django_db


def _last_closed_quarter_moment() -> dt.datetime:
    year, quarter = terms.previous_term(*terms.term_of(timezone.localdate()))
    first, _ = terms.quarter_bounds(year, quarter)
    return local(first + dt.timedelta(days=10), 12)


def _students(make_student, prefix: str, cohort: int, n: int) -> list:  # type: ignore[type-arg]
    return [make_student(f"{prefix}{i}", cohort=cohort).person for i in range(n)]


def _check_in_all(people, scores, at) -> None:  # type: ignore[no-untyped-def]
    for person, score in zip(people, scores, strict=True):
        checkin_with_score(person, score, submitted_at=at, cohort=terms.cohort_of(person))


def test_a_small_class_is_hidden_and_cannot_be_worked_out(world, make_student, settings) -> None:  # type: ignore[no-untyped-def]
    settings.PRIVACY_MIN_CELL = 10
    at = _last_closed_quarter_moment()
    scores = {
        2027: [64] * 9 + [44, 40, 20],
        2028: [24, 60, 64, 68],
        2029: [72] * 12 + [48, 44, 28],
    }
    for cohort, tag in ((2027, "a"), (2028, "b"), (2029, "c")):
        _check_in_all(_students(make_student, tag, cohort, len(scores[cohort])), scores[cohort], at)
    (term,) = aggregates.checkin_terms(k=10, today=timezone.localdate(), count=1)
    rows = {r.cohort: r for r in term.rows}
    assert rows[2028].hidden and rows[2028].mean_score is None
    # Complementary: the all-classes total or another class is hidden too.
    assert rows[2027].hidden or rows[2029].hidden or rows[aggregates.ALL].hidden
    # Cells of 1..9 people are never shown (e.g. three 2027 students below 50).
    assert rows[2027].share_poor is None and rows[2029].share_likely_depression is None
    # The attacker's view: rebuild every count the page shows from its rows, and
    # check that no hidden count has fewer than two possible values.
    _, counts, constraints = aggregates.term_cells(scores)
    shown: dict = dict.fromkeys(counts)
    for row in term.rows:
        if row.respondents is None:
            continue
        shown[(row.cohort, "n")] = row.respondents
        if row.share_poor is not None:
            shown[(row.cohort, "poor")] = round(row.share_poor * row.respondents)
        if row.share_likely_depression is not None:
            shown[(row.cohort, "low")] = round(row.share_likely_depression * row.respondents)
    hidden = [key for key, value in shown.items() if value is None]
    assert (2028, "n") in hidden
    ranges = feasible_ranges(shown, constraints, integer=True, lower_bound=0)
    pinned = {key: ranges[key] for key in hidden if ranges[key][0] == ranges[key][1]}
    assert pinned == {}


@pytest.mark.parametrize(
    "sizes",
    [(12, 4, 15), (30, 30, 2), (9, 9, 9), (40, 1, 1, 40), (11, 12, 13)],
)
def test_no_hidden_cell_can_be_pinned_down(sizes) -> None:  # type: ignore[no-untyped-def]
    by_cohort = {
        2027 + i: [4 * ((7 * j + 3 * i) % 26) for j in range(n)] for i, n in enumerate(sizes)
    }
    _, counts, constraints = aggregates.term_cells(by_cohort)
    suppression = suppress_small_cells(counts, constraints, k=10)
    assert find_disclosed_cells(counts, constraints, suppression) == {}


def test_each_student_counts_once_a_quarter_and_the_current_quarter_waits(
    world, make_student
) -> None:  # type: ignore[no-untyped-def]
    at = _last_closed_quarter_moment()
    people = _students(make_student, "s", 2027, 10)
    _check_in_all(people, [40] * 10, at)
    _check_in_all(people, [80] * 10, at + dt.timedelta(days=5))  # later: these count
    _check_in_all(people, [20] * 10, timezone.now())  # current quarter: not yet shown
    (term,) = aggregates.checkin_terms(k=10, today=timezone.localdate(), count=1)
    row = next(r for r in term.rows if r.cohort == 2027)
    assert row.respondents == 10 and row.mean_score == 80.0 and row.share_poor == 0


def _dashboard(client, user) -> tuple[str, int]:  # type: ignore[no-untyped-def]
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("wellbeing:dashboard"))
    assert response.status_code == 200
    return response.content.decode(), len(queries.captured_queries)


def _grow(world, wb, make_student) -> None:  # type: ignore[no-untyped-def]
    """Many more students, check-ins, marks, requests and coverage records."""
    at = _last_closed_quarter_moment()
    for cohort in (2027, 2028, 2029):
        people = _students(make_student, f"g{cohort}-", cohort, 12)
        _check_in_all(people, [4 * (8 + i) for i in range(12)], at)
        week = ReachWeek.objects.filter(cohort=cohort).first() or ReachWeekFactory(cohort=cohort)
        session = ReachSessionFactory(week=week, title=f"Session {cohort}", component="coaching")
        Attendance.objects.bulk_create(
            Attendance(session=session, person=p, status="present") for p in people
        )
        for i, person in enumerate(people):
            CoverageRecord.objects.create(
                person=person, year=wb["year"], status="enrolled" if i % 2 else "approved"
            )
            kind = ("counselling", "tutoring", "academic_advising")[i % 3]
            SupportRequestFactory(requester=person, service=wb["services"][kind])


@pytest.mark.parametrize("providers", ["wellbeing only", "every app"])
def test_dashboard_query_count_does_not_grow_with_the_school(
    world, wb, client, make_student, monkeypatch, providers
) -> None:  # type: ignore[no-untyped-def]
    if providers == "wellbeing only":
        monkeypatch.setattr(core_dashboard, "_providers", lambda: (dashboard,))
    _, before = _dashboard(client, world.user("student_affairs"))
    _grow(world, wb, make_student)
    page, after = _dashboard(client, world.user("student_affairs"))
    assert after == before, f"{before} queries with a small school, {after} with a larger one"
    if providers == "wellbeing only":
        assert after <= 25
    assert "Class of 2029" in page


def test_leadership_sees_aggregates_without_drill_down(world, wb, client) -> None:  # type: ignore[no-untyped-def]
    page, _ = _dashboard(client, world.user("leadership"))
    for section in (
        "REACH attendance",
        "Support requests",
        "Health coverage",
        "Well-being check-ins",
    ):
        assert section in page
    assert reverse("wellbeing:coverage_missing", args=[wb["year"].academic_year]) not in page
    assert reverse("wellbeing:reach_manage") not in page
    page, _ = _dashboard(client, world.user("student_affairs"))
    assert reverse("wellbeing:coverage_missing", args=[wb["year"].academic_year]) in page
    assert "Waivers awaiting review (1)" in page


def test_dashboard_never_shows_a_single_students_score(world, wb, client) -> None:  # type: ignore[no-untyped-def]
    checkin_with_score(
        world.person("student"), 24, submitted_at=_last_closed_quarter_moment(), cohort=2027
    )
    page, _ = _dashboard(client, world.user("student_affairs"))
    section = page.split('id="checkins"')[1]
    assert re.search(r">\s*24(\.0)?\s*<", section) is None
    assert '<span class="visually-hidden">suppressed</span>' in section
    assert AuditEvent.objects.filter(verb="wellbeing.checkin_aggregates.read").count() == 1


def test_support_and_coverage_figures(world, wb, client) -> None:  # type: ignore[no-untyped-def]
    rows = aggregates.support_volumes(
        now=timezone.now(), since=timezone.now() - dt.timedelta(days=365)
    )
    assert {(r.kind_label, r.received, r.open) for r in rows} == {
        ("Counselling", 1, 1),
        ("Tutoring", 1, 1),
    }
    compliance = aggregates.coverage_compliance(wb["year"], timezone.localdate())
    row = next(r for r in compliance if r.cohort == 2027)
    assert row.students == 1 and row.counts == {"waiver_submitted": 1} and row.compliant == 0


def test_sections_from_other_apps_are_included(world, wb, client, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    other = SimpleNamespace(
        sections=lambda request: [
            dashboard.Section(
                key="coach-loads",
                title="Coach loads",
                order=10,
                tables=(
                    dashboard.Table("Students per coach", ("Coach", "Students"), (("Dr. A", 7),)),
                ),
            )
        ]
    )
    monkeypatch.setattr(core_dashboard, "_providers", lambda: (other, dashboard))
    page, _ = _dashboard(client, world.user("leadership"))
    assert page.index("Coach loads") < page.index("REACH attendance")
    assert "Students per coach" in page
