"""A small published action plan on the personas' world, and a release to quote from."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from belong.access.models import RoleAssignment
from belong.plans.actions import plans as plan_actions
from belong.plans.models import Action, Plan
from belong.publishing.models import Release


def plan(
    world: Any, *, audience: str = "school", published: bool = True, title: str = "Culture plan"
) -> Plan:
    """A plan with one area, one goal, an action owned by the faculty persona and one by an office.

    The office action is owned by the counselling office alone; the case
    manager holds a role scoped to that office, so reports its progress.
    """
    found = Plan.objects.filter(title=title).first()
    if found is not None:
        return found
    by = world.user("leadership")
    today = timezone.localdate()
    made = plan_actions.create_plan(
        by=by, title=title, summary="Guide and track.", audience=audience
    )
    area = plan_actions.add_area(by=by, plan=made, title="Campus climate")
    goal = plan_actions.add_goal(by=by, area=area, title="Everyone feels they belong")
    plan_actions.add_action(
        by=by,
        goal=goal,
        title="Hold climate listening sessions",
        starts_on=today - timedelta(days=60),
        due_on=today + timedelta(days=120),
        owner_person=world.person("faculty"),
        owner_unit=world.student_affairs_office,
    )
    plan_actions.add_action(
        by=by,
        goal=goal,
        title="Train peer supporters",
        starts_on=today - timedelta(days=10),
        due_on=today + timedelta(days=200),
        owner_unit=world.counselling_office,
    )
    if published:
        made = plan_actions.publish(by=by, plan=made)
    return made


def faculty_action(world: Any) -> Action:
    return Action.objects.get(goal__area__plan=plan(world), title="Hold climate listening sessions")


def office_action(world: Any) -> Action:
    return Action.objects.get(goal__area__plan=plan(world), title="Train peer supporters")


def ensure_office_role(world: Any) -> None:
    RoleAssignment.objects.get_or_create(
        user=world.user("case_manager"), role="case_manager", unit=world.counselling_office
    )


def release(
    *, audience: str = "public", published: bool = True, share: float | None = 0.31
) -> Release:
    """A published release with one table ``hires``: rows by year and group, a ``share`` column."""
    result = {
        "parameters": {},
        "summary": {},
        "findings": [],
        "hires": {
            "columns": ["year", "group", "share"],
            "rows": [[2025, "all", share], [2025, "urm", None], [2024, "all", 0.25]],
        },
    }
    now = timezone.now()
    return Release.objects.create(
        kind="equity",
        title=f"Faculty hiring ({audience})",
        subject_code="faculty-hiring",
        subject_label="Faculty hiring",
        spec={},
        result=result,
        data_version="0" * 64,
        k=5,
        status=Release.Status.PUBLISHED if published else Release.Status.FROZEN,
        audience=audience if published else "",
        published_at=now if published else None,
    )
