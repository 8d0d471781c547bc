from belong.directory.models.entries import (
    Audience,
    Contact,
    EntryStatus,
    Location,
    Organization,
    Schedule,
    Service,
    Topic,
    current_contacts,
    current_locations,
)
from belong.directory.models.events import Event, Story

__all__ = [
    "Audience",
    "Contact",
    "EntryStatus",
    "Event",
    "Location",
    "Organization",
    "Schedule",
    "Service",
    "Story",
    "Topic",
    "current_contacts",
    "current_locations",
]
