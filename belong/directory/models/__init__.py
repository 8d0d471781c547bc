from belong.directory.models.entries import (
    Audience,
    Contact,
    EntryStatus,
    Location,
    Organization,
    Schedule,
    Service,
    Topic,
)

__all__ = [
    "Audience",
    "Contact",
    "EntryStatus",
    "Location",
    "Organization",
    "Schedule",
    "Service",
    "Topic",
]
