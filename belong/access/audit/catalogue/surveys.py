"""Surveys: instruments, campaigns, invitations; anonymous responses (no actor, the day only)."""

from __future__ import annotations

from enum import unique

from belong.access.audit.kinds import EventKind, Kind


@unique
class SurveyEvent(EventKind):
    INSTRUMENT_VERSION_SAVED = Kind(
        "surveys.instrument_version.saved",
        "Instrument version saved",
        "A new version of a survey instrument was written (a version in use is never edited).",
        "{target}[ ({items} items)]",
    )
    INSTRUMENT_IMPORTED = Kind(
        "surveys.instrument.imported",
        "REDCap dictionary imported",
        "A REDCap data dictionary was checked or imported as a survey instrument.",
        "{target} ({outcome}, {rows} rows, {problems} problems)",
    )
    INSTRUMENT_EXPORTED = Kind(
        "surveys.instrument.exported",
        "Instrument exported",
        "A survey instrument version was downloaded as a REDCap data dictionary.",
        "{target}",
    )
    CAMPAIGN_SAVED = Kind(
        "surveys.campaign.saved",
        "Survey campaign saved",
        "A survey campaign was created or its settings changed (mode, thresholds, dimensions, "
        "dates, audience).",
        "{target}[ ({change})]",
    )
    CAMPAIGN_OPENED = Kind(
        "surveys.campaign.opened",
        "Survey campaign opened",
        "A survey campaign opened and its invitations were sent.",
        "{target} ({invitations} invitations)",
    )
    REMINDERS_SENT = Kind(
        "surveys.campaign.reminded",
        "Survey reminders sent",
        "The system reminded the invitees who had not answered yet; nobody saw who they were.",
        "{target} ({reminders} reminders)",
    )
    CAMPAIGN_CLOSED = Kind(
        "surveys.campaign.closed",
        "Survey campaign closed",
        "A survey campaign closed; its remaining sealed responses were released.",
        "{target}[ ({released} released)]",
    )
    PARTICIPATION_READ = Kind(
        "surveys.participation.read",
        "Confidential participation read",
        "The office read who has answered a survey declared confidential up front.",
        "{target}[ ({count})]",
        read=True,
    )
    RESPONSE_RECEIVED = Kind(
        "surveys.response.received",
        "Survey response received",
        "An anonymous survey response was sealed, waiting to be released in a batch.",
        "{target}",
        anonymous=True,
    )
    RESPONSES_RELEASED = Kind(
        "surveys.responses.released",
        "Survey responses released",
        "A random batch of sealed survey responses was written as anonymous records.",
        "{target} ({released})",
        anonymous=True,
    )
