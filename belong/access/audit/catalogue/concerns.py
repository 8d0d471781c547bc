"""Learning-environment concerns: reports, cases and the anonymous follow-up.

Everything about an anonymous report is anonymous (no actor, the day only):
its arrival, the reporter's reads and messages through their receipt. What
case managers do is timed and names them, like every other read and write of
a sensitive record.
"""

from __future__ import annotations

from enum import unique

from belong.access.audit.kinds import EventKind, Kind


@unique
class ConcernEvent(EventKind):
    # --- reports (the reporter's side)
    REPORTED = Kind(
        "concerns.concern.reported",
        "Concern reported",
        "A named or confidential learning-environment concern was reported by the person "
        "recorded as the actor.",
        "{target} ({mode})",
    )
    REPORTED_ANONYMOUSLY = Kind(
        "concerns.concern.reported_anonymously",
        "Anonymous concern sealed",
        "An anonymous concern was sealed, waiting for the next delivery to case managers.",
        "",
        anonymous=True,
    )
    OWN_READ = Kind(
        "concerns.concern.own_read",
        "Own concern read",
        "A reporter opened their own named or confidential concern and its replies.",
        "{target}",
        read=True,
    )
    OWN_MESSAGE_SENT = Kind(
        "concerns.concern.own_message",
        "Reporter wrote again",
        "A reporter added a message to their own named or confidential concern.",
        "{target}",
    )
    FOLLOWUP_READ = Kind(
        "concerns.followup.read",
        "Anonymous follow-up read",
        "Someone holding a report's receipt read its replies.",
        "{target}",
        anonymous=True,
    )
    FOLLOWUP_MESSAGE = Kind(
        "concerns.followup.message",
        "Anonymous reporter wrote again",
        "Someone holding a report's receipt sent a message; it waits sealed for the next delivery.",
        "{target}",
        anonymous=True,
    )
    DELIVERED = Kind(
        "concerns.delivered",
        "Anonymous concerns delivered",
        "Sealed anonymous concerns and messages were written as records, in random order, and "
        "their cases opened.",
        "[{concerns} concerns][, {messages} messages]",
    )
    # --- cases (case managers)
    CASES_READ = Kind(
        "concerns.cases.read",
        "Concern cases listed",
        "A concerns case manager opened the list of cases they may see.",
        "[({count})]",
        read=True,
    )
    CASE_READ = Kind(
        "concerns.case.read",
        "Concern case read",
        "A concerns case manager opened a case: the report, its notes and messages, and the "
        "reporter's identity when the report is named or confidential.",
        "{target}[ (identity shown: {identity})]",
        read=True,
    )
    ATTACHMENT_READ = Kind(
        "concerns.case.attachment_read",
        "Concern attachment downloaded",
        "A concerns case manager downloaded the document or picture attached to a report.",
        "{target}",
        read=True,
    )
    CASE_TRIAGED = Kind(
        "concerns.case.triaged",
        "Concern case triaged",
        "A case was triaged: its priority set and the Title IX referral noted.",
        "{target}[ ({priority})]",
    )
    CASE_ASSIGNED = Kind(
        "concerns.case.assigned",
        "Concern case assigned",
        "The case managers handling a case were chosen.",
        "{target}[ to {assignees}]",
    )
    CASE_RECUSED = Kind(
        "concerns.case.recused",
        "Case manager recused",
        "A case manager stepped aside from a case and can no longer see it.",
        "{target}",
    )
    CASE_NOTE_ADDED = Kind(
        "concerns.case.note_added",
        "Restricted case note added",
        "A case manager added a restricted note, seen only by the case managers of that case.",
        "{target}",
    )
    CASE_REPLIED = Kind(
        "concerns.case.replied",
        "Reply sent to reporter",
        "A case manager wrote to the reporter of a case (anonymous reporters read it with "
        "their receipt and are never e-mailed).",
        "{target}",
    )
    CHECKIN_POSTED = Kind(
        "concerns.case.checkin_posted",
        "Retaliation check-in posted",
        "Belong asked the reporter of a case whether they have met retaliation (30, 60 and 90 "
        "days after the case opened).",
        "{target}[ (day {days})]",
    )
    CASE_CLOSED = Kind(
        "concerns.case.closed",
        "Concern case closed",
        "A case was closed and its outcome told to the reporter.",
        "{target}",
    )
    PURGED = Kind(
        "concerns.case.purged",
        "Concern deleted at the end of its retention",
        "A closed concern, its case, notes and messages were deleted because its category's "
        "retention had run out.",
        "{target}[ after {years} years]",
    )
