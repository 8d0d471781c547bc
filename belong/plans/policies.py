"""Who may do what to which plan record: one object rule per (permission, model).

Plans are the shared work of leadership and the inclusion office: holding
``MANAGE_PLANS`` suffices. Everyone in the school follows a *published* plan.
Progress on an action is reported only by its owner: the person it names, or,
for an action owned by an office alone, whoever holds a role for that office.
Anonymous comments have no rule at all: nobody opens one by itself.
"""

from __future__ import annotations

from typing import Any

from belong.access.permissions import Permission
from belong.access.policies import holding_suffices, object_rule
from belong.plans.models import Action, Comment, Plan

holding_suffices(Permission.MANAGE_PLANS, Plan)
holding_suffices(Permission.MANAGE_PLANS, Action)
holding_suffices(Permission.MANAGE_PLANS, Comment)


@object_rule(Permission.FOLLOW_PLANS, Plan)
def follows_published_plan(user: Any, plan: Plan) -> bool:
    return plan.is_published


@object_rule(Permission.REPORT_ACTION_PROGRESS, Action)
def owns_action(user: Any, action: Action) -> bool:
    """The named owner; for an office-owned action with no person, the office's role holders."""
    if action.owner_person_id is not None:
        return bool(action.owner_person and action.owner_person.user_id == user.pk)
    return user.role_assignments.filter(unit_id=action.owner_unit_id).exists()
