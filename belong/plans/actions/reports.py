"""Issuing a progress report: keeps each action's status, so the next says what changed."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from belong.access import audit
from belong.access.permissions import Permission
from belong.access.policies import ensure_permission
from belong.plans.models import Action, Plan, PlanReport


def issue_report(*, by: Any, plan: Plan) -> PlanReport:
    ensure_permission(by, Permission.MANAGE_PLANS, plan)
    statuses = {
        str(pk): status
        for pk, status in Action.objects.filter(goal__area__plan=plan).values_list("pk", "status")
    }
    with transaction.atomic():
        report = PlanReport.objects.create(
            plan=plan, issued_on=timezone.localdate(), statuses=statuses, issued_by=by
        )
        audit.record(audit.PlanEvent.REPORT_ISSUED, by=by, target=plan)
    return report
