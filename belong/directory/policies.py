"""Who may change which directory entry: one object rule per (permission, model).

Reading the directory needs no account (it is the school's public list of
services). Changing an entry needs ``EDIT_DIRECTORY_ENTRIES`` *and* a case-
manager assignment to the office that owns the entry's organization: an
office edits only its own entries.
"""

from __future__ import annotations

from typing import Any

from belong.access.permissions import Permission
from belong.access.policies import holding_suffices, object_rule, units_for_role
from belong.directory.models import Contact, Event, Location, Organization, Service, Story
from belong.importing.models import ImportRun

OFFICE_ROLE = "case_manager"


def offices_of(user: Any) -> frozenset[int]:
    """Ids of the offices whose entries ``user`` keeps."""
    return units_for_role(user, OFFICE_ROLE)


@object_rule(Permission.EDIT_DIRECTORY_ENTRIES, Organization)
def _own_organization(user: Any, organization: Organization) -> bool:
    return organization.owner_id in offices_of(user)


@object_rule(Permission.EDIT_DIRECTORY_ENTRIES, Service)
def _own_service(user: Any, service: Service) -> bool:
    return service.organization.owner_id in offices_of(user)


@object_rule(Permission.EDIT_DIRECTORY_ENTRIES, Location)
def _own_location(user: Any, location: Location) -> bool:
    return location.organization.owner_id in offices_of(user)


@object_rule(Permission.EDIT_DIRECTORY_ENTRIES, Contact)
def _own_contact(user: Any, contact: Contact) -> bool:
    return contact.service.organization.owner_id in offices_of(user)


@object_rule(Permission.EDIT_DIRECTORY_ENTRIES, Event)
def _own_event(user: Any, event: Event) -> bool:
    return event.organization.owner_id in offices_of(user)


# Whoever reviews stories reviews every story submitted.
holding_suffices(Permission.REVIEW_STORIES, Story)


@object_rule(Permission.IMPORT_DIRECTORY, ImportRun)
def _hsds_import_run(user: Any, run: ImportRun) -> bool:
    # Whoever may import the directory reads every directory import's run, and no other kind.
    return run.kind == "hsds"
