"""Progress updates: written by the action's owner only, dated, with the status it sets."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from belong.access import audit
from belong.access.permissions import Permission
from belong.access.policies import ensure_permission
from belong.plans.actions.plans import check_status, log_change
from belong.plans.models import Action, ProgressUpdate, Status


def write_update(
    *, by: Any, action: Action, written_on: date, status: str, note: str, reason: str = ""
) -> ProgressUpdate:
    """Report where ``action`` stands. Anyone but its owner gets 404 and nothing is saved."""
    ensure_permission(by, Permission.REPORT_ACTION_PROGRESS, action)
    check_status(status, reason)
    if not note.strip():
        raise ValidationError({"note": "Say what was done since the last update."})
    latest = action.updates.order_by("-written_on").values_list("written_on", flat=True).first()
    if latest is not None and written_on < latest:
        raise ValidationError(
            {"written_on": f"An update is already dated {latest}; a new one cannot be earlier."}
        )
    with transaction.atomic():
        update = ProgressUpdate.objects.create(
            action=action,
            written_on=written_on,
            status=status,
            reason=reason.strip(),
            note=note.strip(),
            written_by=by,
        )
        if action.status != status:
            log_change(
                action.plan,
                f"“{action.title}”: {Status(action.status).label} → {Status(status).label}",
                by=by,
            )
        action.status, action.status_reason = status, reason.strip()
        action.save(update_fields=["status", "status_reason"])
        audit.record(
            audit.PlanEvent.UPDATE_WRITTEN, by=by, target=action, detail={"status": status}
        )
    return update
