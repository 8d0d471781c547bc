"""Directory: offices' entries, their verification, and HSDS imports and exports."""

from __future__ import annotations

from enum import unique

from belong.access.audit.kinds import EventKind, Kind


@unique
class DirectoryEvent(EventKind):
    SERVICE_SAVED = Kind(
        "directory.service.saved",
        "Directory entry saved",
        "An office created or changed one of its directory entries.",
        "{target}[ ({changed})]",
    )
    SERVICE_VERIFIED = Kind(
        "directory.service.verified",
        "Directory entry verified",
        "Someone in the owning office confirmed that a directory entry is still correct.",
        "{target}",
    )
    SERVICES_FLAGGED = Kind(
        "directory.services.flagged",
        "Directory entries flagged as due for checking",
        "Entries not verified for a year were flagged to the offices that own them.",
        "[{count} entries]",
    )
    SERVICE_CREATED = Kind(
        "directory.service.created",
        "Directory entry added",
        "An office added a service to the directory.",
        "{target}",
    )
    SERVICE_RETIRED = Kind(
        "directory.service.retired",
        "Directory entry retired",
        "An office marked one of its services as no longer offered (kept as history).",
        "{target}",
    )
    LOCATION_SAVED = Kind(
        "directory.location.saved",
        "Directory location saved",
        "An office added or changed one of its locations and opening hours.",
        "{target}",
    )
    LOCATION_RETIRED = Kind(
        "directory.location.retired",
        "Directory location retired",
        "An office retired a location (kept as history, no longer shown).",
        "{target}",
    )
    CONTACT_SAVED = Kind(
        "directory.contact.saved",
        "Directory contact saved",
        "An office added or changed a contact of one of its services.",
        "{target}",
    )
    CONTACT_RETIRED = Kind(
        "directory.contact.retired",
        "Directory contact retired",
        "An office retired a contact of one of its services (kept as history).",
        "{target}",
    )
    HSDS_IMPORTED = Kind(
        "directory.hsds.imported",
        "Directory imported from HSDS",
        "An Open Referral HSDS file was imported into the directory (all or nothing).",
        "[{organizations} organizations, {services} services]",
    )
    EVENT_SAVED = Kind(
        "directory.event.saved",
        "Directory event saved",
        "An office announced or changed an event in the directory.",
        "{target}",
    )
    STORY_SUBMITTED = Kind(
        "directory.story.submitted",
        "Story submitted",
        "A community story was sent for review, with its author's consent recorded.",
        "{target}",
    )
    STORY_REVIEWED = Kind(
        "directory.story.reviewed",
        "Story reviewed",
        "A community story was published or declined after review.",
        "{target} ({status})",
    )
    STORY_CONSENT_WITHDRAWN = Kind(
        "directory.story.consent_withdrawn",
        "Story consent withdrawn",
        "An author withdrew consent; their story is no longer shown.",
        "{target}",
    )
