"""Meetings, goals and notes inside a pairing.

Notes are written by the coach and private to them; sharing one with the
student is a separate, explicit step. Audit events say what happened to which
record and never carry a note's text or a goal's title.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from belong.access import audit
from belong.access.permissions import Permission
from belong.access.policies import ensure_permission
from belong.coaching import policies
from belong.coaching.actions._common import own_coach
from belong.coaching.models import CoachingNote, Goal, Meeting, Pairing
from belong.fields.dates import range_error

MAX_MEETING = timedelta(hours=4)
MAX_NOTE = 20_000
# A held or missed meeting may be recorded up to a year after it took place;
# nothing is planned more than two years ahead.
MEETING_YEARS_BACK = 1
MEETING_YEARS_AHEAD = 2
# Goals run within the four years of a pairing; an overdue one keeps its date.
GOAL_YEARS_BACK = 1
GOAL_YEARS_AHEAD = 6
MeetingStatus = Meeting.Status


def _check_times(
    starts_at: datetime, ends_at: datetime, *, scheduled: bool
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    wrong = range_error(
        starts_at,
        label="Starts",
        years_back=MEETING_YEARS_BACK,
        years_ahead=MEETING_YEARS_AHEAD,
    )
    if wrong:
        # Checked first: a moment in year 9999 cannot have an hour added to it.
        return {"starts_at": [wrong]}
    if scheduled and timezone.localdate(starts_at) < timezone.localdate():
        errors["starts_at"] = [
            "Starts: a meeting on a past day is not scheduled; record it as held or missed."
        ]
    if ends_at <= starts_at:
        errors["ends_at"] = ["Ends: the meeting must end after it starts."]
    elif ends_at - starts_at > MAX_MEETING:
        errors["ends_at"] = ["Ends: a coaching meeting lasts at most four hours."]
    return errors


def schedule_meeting(
    *,
    by: Any,
    pairing: Pairing,
    starts_at: datetime,
    ends_at: datetime,
    location: str = "",
    video_url: str = "",
    status: str = MeetingStatus.SCHEDULED,
) -> Meeting:
    """The coach schedules a meeting, or records one that has already taken place."""
    ensure_permission(by, Permission.COACH_STUDENTS, pairing)
    errors = _check_times(starts_at, ends_at, scheduled=status == MeetingStatus.SCHEDULED)
    if status not in (MeetingStatus.SCHEDULED, MeetingStatus.HELD, MeetingStatus.MISSED):
        errors["status"] = ["Status: a new meeting is scheduled, held or missed."]
    elif status != MeetingStatus.SCHEDULED and starts_at > timezone.now():
        errors["status"] = [
            "Status: a meeting that has not started yet cannot be recorded as held or missed."
        ]
    if not location.strip() and not video_url.strip():
        errors["location"] = ["Where: give a place or a video link."]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        meeting = Meeting.objects.create(
            pairing=pairing,
            starts_at=starts_at,
            ends_at=ends_at,
            location=location.strip()[:200],
            video_url=video_url.strip(),
            status=status,
            created_by=by,
        )
        audit.record(
            audit.CoachingEvent.MEETING_SCHEDULED,
            by=by,
            target=meeting,
            detail={"pairing": pairing.pk, "status": status},
        )
    return meeting


def reschedule_meeting(
    *,
    by: Any,
    meeting: Meeting,
    starts_at: datetime,
    ends_at: datetime,
    location: str = "",
    video_url: str = "",
) -> Meeting:
    ensure_permission(by, Permission.COACH_STUDENTS, meeting)
    if meeting.status != MeetingStatus.SCHEDULED:
        raise ValidationError(
            f"This meeting is {meeting.get_status_display().lower()}; only a scheduled "
            "meeting can be moved."
        )
    errors = _check_times(starts_at, ends_at, scheduled=True)
    if not location.strip() and not video_url.strip():
        errors["location"] = ["Where: give a place or a video link."]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        moved = meeting.starts_at != starts_at
        meeting.starts_at = starts_at
        meeting.ends_at = ends_at
        meeting.location = location.strip()[:200]
        meeting.video_url = video_url.strip()
        fields = ["starts_at", "ends_at", "location", "video_url", "updated_at"]
        if moved:
            # A new time deserves a new reminder. Otherwise leave the reminder flag
            # alone: cron may have set it since this meeting was loaded.
            meeting.reminder_queued_at = None
            fields.append("reminder_queued_at")
        meeting.save(update_fields=fields)
        audit.record(
            audit.CoachingEvent.MEETING_CHANGED, by=by, target=meeting, detail={"moved": moved}
        )
    return meeting


def set_meeting_status(*, by: Any, meeting: Meeting, status: str) -> Meeting:
    """Record that a meeting was held or missed, or cancel it."""
    ensure_permission(by, Permission.COACH_STUDENTS, meeting)
    if status not in MeetingStatus.values or status == meeting.status:
        raise ValidationError("Choose a different status for this meeting.")
    if status in (MeetingStatus.HELD, MeetingStatus.MISSED) and meeting.starts_at > timezone.now():
        raise ValidationError(
            "This meeting has not started yet, so it cannot be recorded as held or missed."
        )
    if status == MeetingStatus.CANCELLED and meeting.status != MeetingStatus.SCHEDULED:
        raise ValidationError("Only a scheduled meeting can be cancelled.")
    with transaction.atomic():
        previous = meeting.status
        meeting.status = status
        meeting.save(update_fields=["status", "updated_at"])
        audit.record(
            audit.CoachingEvent.MEETING_STATUS_CHANGED,
            by=by,
            target=meeting,
            detail={"from": previous, "to": status},
        )
    return meeting


def save_goal(
    *,
    by: Any,
    pairing: Pairing,
    title: str,
    progress: int = 0,
    status: str = Goal.Status.OPEN,
    target_date: date | None = None,
    goal: Goal | None = None,
) -> Goal:
    """Set or update a goal; the student and their coach may both do this."""
    if goal is not None and goal.pairing_id != pairing.pk:
        raise ValidationError("This goal belongs to another pairing.")
    if policies.role_in(by, pairing) is None:
        ensure_permission(by, Permission.COACH_STUDENTS, pairing)  # raises 404
    title = title.strip()
    errors: dict[str, list[str]] = {}
    if not title:
        errors["title"] = ["Goal: say in a few words what you are aiming for."]
    if not 0 <= progress <= 100:
        errors["progress"] = ["Progress: give a percentage from 0 to 100."]
    if status not in Goal.Status.values:
        errors["status"] = ["Status: choose one of the listed statuses."]
    wrong = range_error(
        target_date, label="By", years_back=GOAL_YEARS_BACK, years_ahead=GOAL_YEARS_AHEAD
    )
    if wrong:
        errors["target_date"] = [wrong]
    if errors:
        raise ValidationError(errors)
    if status == Goal.Status.ACHIEVED:
        progress = 100
    with transaction.atomic():
        created = goal is None
        entry = goal or Goal(pairing=pairing, created_by=by)
        entry.title = title[:200]
        entry.progress = progress
        entry.status = status
        entry.target_date = target_date
        entry.save()
        audit.record(
            audit.CoachingEvent.GOAL_SET if created else audit.CoachingEvent.GOAL_UPDATED,
            by=by,
            target=entry,
            detail={"pairing": pairing.pk, "progress": progress, "status": status},
        )
    return entry


def _clean_body(body: str) -> str:
    body = body.strip()
    if not body:
        raise ValidationError({"body": ["Note: write something before saving."]})
    if len(body) > MAX_NOTE:
        raise ValidationError({"body": [f"Note: keep it under {MAX_NOTE:,} characters."]})
    return body


def write_note(
    *,
    by: Any,
    pairing: Pairing,
    body: str,
    meeting: Meeting | None = None,
    share_with_student: bool = False,
) -> CoachingNote:
    """The coach writes a note. It is private to them unless they share it."""
    ensure_permission(by, Permission.COACH_STUDENTS, pairing)
    author = own_coach(by)
    body = _clean_body(body)
    if meeting is not None and meeting.pairing_id != pairing.pk:
        raise ValidationError({"meeting": ["Meeting: choose one of this student's meetings."]})
    with transaction.atomic():
        now = timezone.now()
        note = CoachingNote.objects.create(
            pairing=pairing,
            meeting=meeting,
            author=author,
            body=body,
            shared_with_student=share_with_student,
            shared_at=now if share_with_student else None,
        )
        audit.record(
            audit.CoachingEvent.NOTE_WRITTEN,
            by=by,
            target=note,
            detail={"pairing": pairing.pk, "shared": share_with_student},
        )
    return note


def edit_note(*, by: Any, note: CoachingNote, body: str) -> CoachingNote:
    ensure_permission(by, Permission.COACH_STUDENTS, note)
    body = _clean_body(body)
    with transaction.atomic():
        note.body = body
        note.save(update_fields=["body", "updated_at"])
        audit.record(
            audit.CoachingEvent.NOTE_EDITED, by=by, target=note, detail={"pairing": note.pairing_id}
        )
    return note


def set_note_shared(*, by: Any, note: CoachingNote, shared: bool) -> CoachingNote:
    """Share a note with the student, or stop sharing it. Only its author may."""
    ensure_permission(by, Permission.COACH_STUDENTS, note)
    if note.shared_with_student == shared:
        return note
    with transaction.atomic():
        note.shared_with_student = shared
        note.shared_at = timezone.now() if shared else None
        note.save(update_fields=["shared_with_student", "shared_at", "updated_at"])
        audit.record(
            audit.CoachingEvent.NOTE_SHARED if shared else audit.CoachingEvent.NOTE_UNSHARED,
            by=by,
            target=note,
            detail={"pairing": note.pairing_id},
        )
    return note
