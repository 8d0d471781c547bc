"""Setting a goal's measure: an entered figure, or a figure read live from a release.

A release figure is checked when the measure is set, as the person setting it
and as the plan's audience would read it: a release that either may not see,
or a suppressed cell, is refused with the reason and nothing is saved.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from belong.access import audit
from belong.access.permissions import Permission
from belong.access.policies import ensure_permission
from belong.plans.actions.plans import log_change
from belong.plans.models import Goal, Measure, Plan
from belong.publishing.audiences import Audience
from belong.publishing.figures import FigureError, published_figure
from belong.publishing.models import Release


def _check_release(
    by: Any, plan: Plan, release_id: int, table: str, row: dict, column: str
) -> None:
    try:
        published_figure(by, release_id, table=table, row=row, column=column)
        if plan.audience == Plan.Audience.PUBLIC:
            published_figure(AnonymousUser(), release_id, table=table, row=row, column=column)
    except FigureError as exc:
        raise ValidationError({"release": str(exc)}) from None
    if plan.audience == Plan.Audience.PUBLIC:
        audience = Release.objects.filter(pk=release_id).values_list("audience", flat=True).get()
        if audience != Audience.PUBLIC:  # pragma: no cover - refused above already
            raise ValidationError({"release": "A public plan quotes only public releases."})


def set_measure(
    *,
    by: Any,
    goal: Goal,
    label: str,
    baseline: float,
    target: float,
    target_on: date,
    value: float | None = None,
    value_on: date | None = None,
    release_id: int | None = None,
    table: str = "",
    row: dict[str, Any] | None = None,
    column: str = "",
    unit_label: str = "",
) -> Measure:
    plan = goal.area.plan
    ensure_permission(by, Permission.MANAGE_PLANS, plan)
    if baseline == target:
        raise ValidationError({"target": "The target equals the baseline: there is nothing to do."})
    row = dict(row or {})
    if release_id is not None:
        _check_release(by, plan, release_id, table, row, column)
        source = Measure.Source.RELEASE
        value = value_on = None
    else:
        if value is not None and value_on is None:
            raise ValidationError({"value_on": "Give the date the entered figure was measured."})
        source = Measure.Source.ENTERED
    with transaction.atomic():
        measure, _ = Measure.objects.update_or_create(
            goal=goal,
            defaults={
                "label": label,
                "unit_label": unit_label,
                "baseline": baseline,
                "target": target,
                "target_on": target_on,
                "source": source,
                "value": value,
                "value_on": value_on,
                "release_id": release_id,
                "table": table if release_id else "",
                "row": row if release_id else {},
                "column": column if release_id else "",
                "updated_at": timezone.now(),
            },
        )
        log_change(plan, f"Measure of “{goal.title}” set: {label}", by=by)
        audit.record(
            audit.PlanEvent.MEASURE_SAVED, by=by, target=goal, detail={"source": str(source)}
        )
    return measure
