"""Every write to the directory: keyword-only ``by=``, one transaction, one audit event."""

from belong.directory.actions.entries import flag_stale_services, save_service, verify_service
from belong.directory.actions.events import (
    review_story,
    save_event,
    submit_story,
    withdraw_story_consent,
)
from belong.directory.actions.offices import (
    add_contact,
    create_service,
    retire_contact,
    retire_location,
    retire_service,
    save_location,
    set_service_locations,
)

__all__ = [
    "add_contact",
    "create_service",
    "flag_stale_services",
    "retire_contact",
    "retire_location",
    "retire_service",
    "review_story",
    "save_event",
    "save_location",
    "save_service",
    "set_service_locations",
    "submit_story",
    "verify_service",
    "withdraw_story_consent",
]
