"""Every write to the directory: keyword-only ``by=``, one transaction, one audit event."""

from belong.directory.actions.entries import flag_stale_services, save_service, verify_service
from belong.directory.actions.events import (
    review_story,
    save_event,
    submit_story,
    withdraw_story_consent,
)

__all__ = [
    "flag_stale_services",
    "review_story",
    "save_event",
    "save_service",
    "submit_story",
    "verify_service",
    "withdraw_story_consent",
]
