"""The demo school's culture action plan: five areas, every status, feedback, a live measure."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from belong.plans import queries
from belong.plans.demo import TITLE
from belong.plans.measures import measure_for
from belong.plans.models import AnonymousComment, Comment, ListeningSession, Milestone, Plan, Status
from tests.demo_school import demo_school

STEPS = ["belong.demo.school", "belong.equity.demo", "belong.plans.demo"]


@pytest.fixture(scope="module")
def school(django_db_setup, django_db_blocker) -> Iterator[Any]:  # type: ignore[no-untyped-def]
    with demo_school(django_db_blocker, seed=7, scale=0.05, steps=STEPS) as built:
        yield built


def test_the_demo_plan_has_five_areas_owners_and_every_status(school, db) -> None:  # type: ignore[no-untyped-def]
    plan = Plan.objects.get(title=TITLE)
    assert plan.is_published and plan.audience == Plan.Audience.PUBLIC
    assert [a.title for a in plan.areas.all()] == [
        "Faculty hiring",
        "Staff hiring",
        "Campus climate",
        "Professional training",
        "Curriculum design",
    ]
    statuses = {
        a.status
        for area in queries.progress(None, plan).areas
        for g in area.goals
        for a in (r.action for r in g.actions)
    }
    assert statuses == set(Status.values)
    assert ListeningSession.objects.filter(plan=plan).count() == 2
    assert Milestone.objects.filter(action__goal__area__plan=plan).count() == 2
    assert Comment.objects.filter(plan=plan, actions__isnull=False).exists()
    assert AnonymousComment.objects.filter(plan=plan, answers__isnull=False).exists()
    assert len(queries.said_did(plan)) >= 3


def test_the_demo_measure_is_read_live_from_the_public_release(school, db) -> None:  # type: ignore[no-untyped-def]
    plan = Plan.objects.get(title=TITLE)
    goal = plan.areas.get(title="Faculty hiring").goals.get()
    seen = measure_for(AnonymousUser(), goal.measure)
    assert goal.measure.source == "release"
    assert seen.value is not None and seen.progress is not None


def test_the_demo_plan_reads_publicly(school, client, db) -> None:  # type: ignore[no-untyped-def]
    plan = Plan.objects.get(title=TITLE)
    response = client.get(reverse("plans:progress", kwargs={"pk": plan.pk}))
    assert response.status_code == 200
    assert "You said, we did" in response.content.decode()
