"""Writing plans: areas, goals, actions, milestones; publishing a version; the change log.

Every change to a published plan is written to its change log under the
current version, so the plan's history can be read back version by version.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from belong.access import audit
from belong.access.permissions import Permission
from belong.access.policies import ensure_permission
from belong.people.models import Person, Unit
from belong.plans.models import Action, Area, Goal, Milestone, Plan, PlanChange, Status
from belong.plans.models.plans import NEEDS_REASON

MANAGE = Permission.MANAGE_PLANS


def log_change(plan: Plan, summary: str, *, by: Any) -> None:
    """One line in the plan's change log (only once published: a draft has no history yet)."""
    if plan.is_published:
        PlanChange.objects.create(
            plan=plan, version=plan.version, changed_by=by, summary=summary[:500]
        )


def check_status(status: str, reason: str) -> None:
    """Refuse an unknown status, or off track / dropped without a reason."""
    if status not in Status.values:
        raise ValidationError({"status": f"“{status}” is not a status of an action."})
    if status in NEEDS_REASON and not reason.strip():
        label = Status(status).label.lower()
        raise ValidationError({"reason": f"Say why the action is {label}: a reason is required."})


def create_plan(*, by: Any, title: str, summary: str = "", audience: str = "school") -> Plan:
    ensure_permission(by, MANAGE)
    if audience not in Plan.Audience.values:
        raise ValidationError({"audience": f"“{audience}” is not an audience of a plan."})
    with transaction.atomic():
        plan = Plan.objects.create(title=title, summary=summary, audience=audience)
        audit.record(audit.PlanEvent.PLAN_SAVED, by=by, target=plan, detail={"change": "created"})
    return plan


def add_area(*, by: Any, plan: Plan, title: str) -> Area:
    ensure_permission(by, MANAGE, plan)
    with transaction.atomic():
        area = Area.objects.create(plan=plan, title=title, order=plan.areas.count() + 1)
        log_change(plan, f"Area added: {title}", by=by)
        audit.record(
            audit.PlanEvent.PLAN_SAVED, by=by, target=plan, detail={"change": f"area {title}"}
        )
    return area


def add_goal(*, by: Any, area: Area, title: str) -> Goal:
    ensure_permission(by, MANAGE, area.plan)
    with transaction.atomic():
        goal = Goal.objects.create(area=area, title=title)
        log_change(area.plan, f"Goal added to {area.title}: {title}", by=by)
        audit.record(
            audit.PlanEvent.PLAN_SAVED, by=by, target=area.plan, detail={"change": f"goal {title}"}
        )
    return goal


def _check_action(
    starts_on: date, due_on: date, owner_person: Person | None, owner_unit: Unit | None
) -> None:
    errors: dict[str, str] = {}
    if due_on < starts_on:
        errors["due_on"] = (
            f"The due date ({due_on:%-d %B %Y}) is before the start ({starts_on:%-d %B %Y}); "
            "an action is due on or after it starts."
        )
    if owner_person is None and owner_unit is None:
        errors["owner_person"] = "Name who owns the action: a person, an office, or both."
    if errors:
        raise ValidationError(errors)


def add_action(
    *,
    by: Any,
    goal: Goal,
    title: str,
    starts_on: date,
    due_on: date,
    owner_person: Person | None = None,
    owner_unit: Unit | None = None,
    description: str = "",
) -> Action:
    plan = goal.area.plan
    ensure_permission(by, MANAGE, plan)
    _check_action(starts_on, due_on, owner_person, owner_unit)
    with transaction.atomic():
        action = Action.objects.create(
            goal=goal,
            title=title,
            description=description,
            starts_on=starts_on,
            due_on=due_on,
            owner_person=owner_person,
            owner_unit=owner_unit,
        )
        log_change(plan, f"Action added under “{goal.title}”: {title}", by=by)
        audit.record(
            audit.PlanEvent.ACTION_SAVED, by=by, target=action, detail={"change": "created"}
        )
    return action


def change_dates(*, by: Any, action: Action, starts_on: date, due_on: date) -> Action:
    ensure_permission(by, MANAGE, action)
    _check_action(starts_on, due_on, action.owner_person, action.owner_unit)
    with transaction.atomic():
        before = (action.starts_on, action.due_on)
        action.starts_on, action.due_on = starts_on, due_on
        action.save(update_fields=["starts_on", "due_on"])
        log_change(
            action.plan,
            f"“{action.title}” now runs {starts_on:%-d %b %Y} to {due_on:%-d %b %Y} "
            f"(was {before[0]:%-d %b %Y} to {before[1]:%-d %b %Y})",
            by=by,
        )
        audit.record(audit.PlanEvent.ACTION_SAVED, by=by, target=action, detail={"change": "dates"})
    return action


def add_milestone(*, by: Any, action: Action, title: str, due_on: date) -> Milestone:
    ensure_permission(by, MANAGE, action)
    if due_on < action.starts_on:
        raise ValidationError(
            {"due_on": f"A milestone cannot be due before its action starts ({action.starts_on})."}
        )
    with transaction.atomic():
        milestone = Milestone.objects.create(action=action, title=title, due_on=due_on)
        log_change(action.plan, f"Milestone added to “{action.title}”: {title}", by=by)
        audit.record(
            audit.PlanEvent.ACTION_SAVED, by=by, target=action, detail={"change": "milestone"}
        )
    return milestone


def publish(*, by: Any, plan: Plan) -> Plan:
    """Publish the plan as its next version; the change log continues under it."""
    ensure_permission(by, MANAGE, plan)
    with transaction.atomic():
        plan = Plan.objects.select_for_update().get(pk=plan.pk)
        plan.version += 1
        plan.published_at = timezone.now()
        plan.save(update_fields=["version", "published_at"])
        PlanChange.objects.create(
            plan=plan,
            version=plan.version,
            changed_by=by,
            summary=f"Version {plan.version} published",
        )
        audit.record(
            audit.PlanEvent.PLAN_PUBLISHED, by=by, target=plan, detail={"version": plan.version}
        )
    return plan
