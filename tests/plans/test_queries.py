"""The progress page reads a plan in a fixed number of queries, however many actions it has."""

from __future__ import annotations

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from belong.plans.actions import plans as plan_actions
from belong.plans.actions.progress import write_update
from tests.factories.plans import plan


def _queries(client, pk) -> int:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("plans:progress", kwargs={"pk": pk})).status_code == 200
    return len(captured)


def test_more_actions_and_updates_cost_no_more_queries(world, client) -> None:  # type: ignore[no-untyped-def]
    made = plan(world)
    client.force_login(world.user("student"))
    _queries(client, made.pk)  # warm the per-process caches
    few = _queries(client, made.pk)
    goal = made.areas.get().goals.get()
    today = timezone.localdate()
    for i in range(8):
        action = plan_actions.add_action(
            by=world.user("leadership"),
            goal=goal,
            title=f"Action {i}",
            starts_on=today - timedelta(days=5),
            due_on=today + timedelta(days=50),
            owner_person=world.person("faculty"),
        )
        write_update(
            by=world.user("faculty"), action=action, written_on=today, status="on_track", note="ok"
        )
    area = plan_actions.add_area(by=world.user("leadership"), plan=made, title="Staff hiring")
    plan_actions.add_goal(by=world.user("leadership"), area=area, title="Open hiring")
    assert _queries(client, made.pk) == few
