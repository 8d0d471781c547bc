"""The demo school's well-being step: every state the pages can show."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from belong.demo.context import DemoContext
from belong.wellbeing import terms, who5
from belong.wellbeing.models import (
    Attendance,
    CheckIn,
    Component,
    CoverageProof,
    CoverageRecord,
    ReachSession,
    ReachWeek,
    SupportRequest,
    SupportService,
)
from tests.demo_school import demo_school


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker) -> Iterator[DemoContext]:  # type: ignore[no-untyped-def]
    steps = ["belong.demo.school", "belong.wellbeing.demo"]
    with demo_school(django_db_blocker, seed=11, scale=0.05, steps=steps) as (_marker, context):
        yield context


pytestmark = pytest.mark.django_db


def test_every_kind_of_support_is_routed_to_an_office(demo) -> None:  # type: ignore[no-untyped-def]
    services = SupportService.objects.select_related("office")
    assert services.count() == 6
    assert all(s.office.kind == "office" for s in services)
    assert [s.kind for s in services if s.no_assessor_rule] == ["counselling"]


def test_every_current_class_has_four_reach_weeks_with_every_component(demo) -> None:  # type: ignore[no-untyped-def]
    cohorts = terms.current_cohorts(demo.today)
    assert cohorts
    for cohort in cohorts:
        assert ReachWeek.objects.filter(cohort=cohort).count() == 4
        components = set(
            ReachSession.objects.filter(week__cohort=cohort).values_list("component", flat=True)
        )
        assert components == set(Component.values)
    assert Attendance.objects.exists()


def test_check_ins_over_several_quarters_with_some_low_scores(demo) -> None:  # type: ignore[no-untyped-def]
    quarters = set(CheckIn.objects.values_list("academic_year", "quarter"))
    assert len(quarters) >= 4
    assert CheckIn.objects.filter(score__lt=who5.POOR_BELOW).exists()


def test_the_demo_student_sees_the_support_prompt(demo) -> None:  # type: ignore[no-untyped-def]
    scores = list(
        CheckIn.objects.filter(person=demo.people["student"])
        .order_by("submitted_at")
        .values_list("score", flat=True)
    )
    assert len(scores) >= 3
    assert who5.interpret(scores[-1], scores[-2]).offer_support


def test_requests_open_and_resolved_in_several_offices(demo) -> None:  # type: ignore[no-untyped-def]
    open_offices = set(
        SupportRequest.objects.filter(status__in=SupportRequest.OPEN).values_list(
            "office", flat=True
        )
    )
    resolved_offices = set(
        SupportRequest.objects.filter(status="resolved").values_list("office", flat=True)
    )
    assert len(open_offices) >= 2 and len(resolved_offices) >= 2
    overdue = SupportRequest.objects.filter(
        status="submitted", office__code="counselling", due_by__lt=demo_now(demo)
    )
    assert overdue.exists()


def demo_now(demo):  # type: ignore[no-untyped-def]
    import datetime as dt

    from django.utils import timezone

    return timezone.make_aware(dt.datetime.combine(demo.today, dt.time(17, 0)))


def test_waivers_in_every_state(demo) -> None:  # type: ignore[no-untyped-def]
    states = set(CoverageRecord.objects.values_list("status", flat=True))
    assert states == set(CoverageRecord.Status.values)
    waivers = CoverageRecord.objects.exclude(status="enrolled")
    assert CoverageProof.objects.filter(record__in=waivers).count() == waivers.count()
    assert CoverageRecord.objects.get(person=demo.people["student"]).status == "more_info"
