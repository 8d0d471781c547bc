"""An office adds and retires its own services, locations (with hours) and contacts.

Retiring keeps history: a service becomes "no longer offered" (status
inactive), a location or contact gets ``retired_at``; nothing is deleted, and
the audit log says who did it. Each action checks the object rule for the
organization, service, location or contact it touches (an office's own only).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from belong.access import audit
from belong.access.permissions import Permission
from belong.access.policies import ensure_permission
from belong.directory.actions.entries import EDITABLE, _check
from belong.directory.models import Contact, EntryStatus, Location, Organization, Schedule, Service

EDIT = Permission.EDIT_DIRECTORY_ENTRIES
LOCATION_FIELDS = ("name", "address", "city", "state_province", "postal_code", "accessibility")
CONTACT_FIELDS = ("name", "title", "email", "phone")


def _own_locations(organization: Organization, locations: Iterable[Location]) -> list[Location]:
    chosen = list(locations)
    for location in chosen:
        if location.organization_id != organization.pk or location.retired_at is not None:
            raise ValidationError(
                {
                    "locations": [
                        f"Locations: {location.name} is not a current place of {organization.name}."
                    ]
                }
            )
    return chosen


def create_service(
    *, by: Any, organization: Organization, locations: Iterable[Location] = (), **values: Any
) -> Service:
    """Add a service to one of the editor's own organizations. A new entry is unverified."""
    ensure_permission(by, EDIT, organization)
    unknown = set(values) - set(EDITABLE)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    merged = {"audience": "everyone", "topic": "other", "status": "active"} | values
    merged = {k: v.strip() if isinstance(v, str) else v for k, v in merged.items()}
    _check(merged)
    places = _own_locations(organization, locations)
    with transaction.atomic():
        service = Service(organization=organization, hsds_id=str(uuid.uuid4()), **merged)
        service.refresh_search_text()
        service.save()
        service.locations.set(places)
        audit.record(audit.DirectoryEvent.SERVICE_CREATED, by=by, target=service)
    return service


def set_service_locations(*, by: Any, service: Service, locations: Iterable[Location]) -> bool:
    """Where the service is given; returns whether anything changed."""
    ensure_permission(by, EDIT, service)
    places = _own_locations(service.organization, locations)
    before = set(service.locations.filter(retired_at__isnull=True).values_list("pk", flat=True))
    if before == {p.pk for p in places}:
        return False
    with transaction.atomic():
        retired = service.locations.filter(retired_at__isnull=False)
        service.locations.set([*places, *retired])
        audit.record(
            audit.DirectoryEvent.SERVICE_SAVED,
            by=by,
            target=service,
            detail={"changed": "locations"},
        )
    return True


def retire_service(*, by: Any, service: Service) -> bool:
    """Mark a service no longer offered (kept, with its history). False if it already was."""
    ensure_permission(by, EDIT, service)
    if service.status == EntryStatus.INACTIVE:
        return False
    with transaction.atomic():
        service.status = EntryStatus.INACTIVE
        service.save(update_fields=["status", "updated_at"])
        audit.record(audit.DirectoryEvent.SERVICE_RETIRED, by=by, target=service)
    return True


def _check_hours(hours: Sequence[tuple[int, dt.time, dt.time]]) -> None:
    for weekday, opens, closes in hours:
        if not 1 <= weekday <= 7:
            raise ValidationError({"weekdays": [f"Days: {weekday} is not a weekday."]})
        if closes <= opens:
            raise ValidationError(
                {"closes_at": [f"Closes: {closes:%H:%M} is not after it opens ({opens:%H:%M})."]}
            )


def save_location(
    *,
    by: Any,
    organization: Organization,
    location: Location | None = None,
    campus: Any = None,
    hours: Sequence[tuple[int, dt.time, dt.time]] = (),
    **values: Any,
) -> Location:
    """Add a location to an own organization, or change one; ``hours`` replace its schedule."""
    ensure_permission(by, EDIT, organization)
    if location is not None:
        ensure_permission(by, EDIT, location)
        if location.organization_id != organization.pk:
            raise ValidationError({"organization": ["Organization: a location cannot move."]})
    unknown = set(values) - set(LOCATION_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    values = {k: v.strip() if isinstance(v, str) else v for k, v in values.items()}
    if not values.get("name"):
        raise ValidationError({"name": ["Name: give the location a name."]})
    _check_hours(hours)
    with transaction.atomic():
        if location is None:
            location = Location(organization=organization, hsds_id=str(uuid.uuid4()))
        for name, value in values.items():
            setattr(location, name, value)
        location.campus = campus
        location.save()
        location.schedules.all().delete()
        Schedule.objects.bulk_create(
            Schedule(
                location=location,
                weekday=weekday,
                opens_at=opens,
                closes_at=closes,
                hsds_id=str(uuid.uuid4()),
            )
            for weekday, opens, closes in hours
        )
        audit.record(audit.DirectoryEvent.LOCATION_SAVED, by=by, target=location)
    return location


def _mark_retired(by: Any, entry: Location | Contact) -> bool:
    """Set ``retired_at`` once (inside the caller's transaction); False if already retired.

    The caller records its own audit event, so each kind stays visible at its call.
    """
    ensure_permission(by, EDIT, entry)
    if entry.retired_at is not None:
        return False
    entry.retired_at = timezone.now()
    entry.save(update_fields=["retired_at"])
    return True


@transaction.atomic
def retire_location(*, by: Any, location: Location) -> bool:
    """No longer shown (on services, in the export, in the API); kept as history."""
    if not _mark_retired(by, location):
        return False
    audit.record(audit.DirectoryEvent.LOCATION_RETIRED, by=by, target=location)
    return True


def add_contact(*, by: Any, service: Service, **values: Any) -> Contact:
    ensure_permission(by, EDIT, service)
    unknown = set(values) - set(CONTACT_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    values = {k: v.strip() if isinstance(v, str) else v for k, v in values.items()}
    if not values.get("name"):
        raise ValidationError({"name": ["Name: give the contact a name or a role."]})
    if not values.get("email") and not values.get("phone"):
        raise ValidationError({"email": ["Email: give an e-mail address or a phone number."]})
    with transaction.atomic():
        contact = Contact.objects.create(service=service, hsds_id=str(uuid.uuid4()), **values)
        audit.record(audit.DirectoryEvent.CONTACT_SAVED, by=by, target=contact)
    return contact


@transaction.atomic
def retire_contact(*, by: Any, contact: Contact) -> bool:
    """No longer shown; kept as history."""
    if not _mark_retired(by, contact):
        return False
    audit.record(audit.DirectoryEvent.CONTACT_RETIRED, by=by, target=contact)
    return True
