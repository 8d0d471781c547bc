"""Saving and verifying directory entries, and flagging the ones due for checking."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from belong.access import audit
from belong.access.permissions import Permission
from belong.access.policies import ensure_permission
from belong.directory.freshness import due_for_checking
from belong.directory.models import Audience, EntryStatus, Service, Topic

EDITABLE = (
    "name",
    "description",
    "audience",
    "topic",
    "eligibility",
    "how_to_apply",
    "cost",
    "languages",
    "accessibility",
    "status",
)


def _check(values: dict[str, Any]) -> None:
    errors: dict[str, list[str]] = {}
    if not str(values.get("name", "")).strip():
        errors["name"] = ["Name: give the service a name."]
    if values.get("audience") not in Audience.values:
        errors["audience"] = [f"Audience: {values.get('audience')!r} is not one of the choices."]
    if values.get("topic") not in Topic.values:
        errors["topic"] = [f"Topic: {values.get('topic')!r} is not one of the choices."]
    if values.get("status") not in EntryStatus.values:
        errors["status"] = [f"Status: {values.get('status')!r} is not one of the choices."]
    if errors:
        raise ValidationError(errors)


def save_service(*, by: Any, service: Service, **values: Any) -> list[str]:
    """Change an entry of the editor's own office; returns the fields that changed.

    A save that changes nothing writes nothing (and is no verification).
    """
    ensure_permission(by, Permission.EDIT_DIRECTORY_ENTRIES, service)
    unknown = set(values) - set(EDITABLE)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    merged = {name: getattr(service, name) for name in EDITABLE} | values
    merged = {k: v.strip() if isinstance(v, str) else v for k, v in merged.items()}
    _check(merged)
    changed = [name for name in EDITABLE if getattr(service, name) != merged[name]]
    if not changed:
        return []
    with transaction.atomic():
        for name in changed:
            setattr(service, name, merged[name])
        service.refresh_search_text()
        service.save(update_fields=[*changed, "search_text", "updated_at"])
        audit.record(
            audit.DirectoryEvent.SERVICE_SAVED,
            by=by,
            target=service,
            detail={"changed": ", ".join(changed)},
        )
    return changed


def verify_service(*, by: Any, service: Service) -> None:
    """Record that someone in the owning office checked the entry and it is correct."""
    ensure_permission(by, Permission.EDIT_DIRECTORY_ENTRIES, service)
    with transaction.atomic():
        service.last_verified_at = timezone.now()
        service.last_verified_by = by
        service.stale_flagged_at = None
        service.save(update_fields=["last_verified_at", "last_verified_by", "stale_flagged_at"])
        audit.record(audit.DirectoryEvent.SERVICE_VERIFIED, by=by, target=service)


def flag_stale_services() -> dict[int, int]:
    """Flag every entry due for checking and not yet flagged; tell each owning office.

    Returns ``{office id: entries newly flagged}``. Run from cron (``manage.py
    flag_directory_entries``); running it twice flags nothing twice.
    """
    from belong.directory import tasks

    now = timezone.now()
    with transaction.atomic():
        due = list(
            Service.objects.select_for_update()
            .filter(due_for_checking(now), stale_flagged_at__isnull=True)
            .exclude(status=EntryStatus.INACTIVE)
            .values_list("pk", "organization__owner_id")
        )
        if not due:
            return {}
        Service.objects.filter(pk__in=[pk for pk, _ in due]).update(stale_flagged_at=now)
        per_office: dict[int, int] = {}
        for _, office in due:
            per_office[office] = per_office.get(office, 0) + 1
        audit.record(audit.DirectoryEvent.SERVICES_FLAGGED, by=None, detail={"count": len(due)})
        for office, count in per_office.items():
            transaction.on_commit(partial(tasks.email_office_stale.enqueue, office, count))
    return per_office
