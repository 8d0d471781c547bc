"""Coaching: the coach roster, pairing, meetings, goals, notes and referrals."""

from __future__ import annotations

from enum import unique

from belong.access.audit.kinds import EventKind, Kind


@unique
class CoachingEvent(EventKind):
    # --- reads of private records
    NOTES_READ = Kind(
        "coaching.notes.read",
        "Coaching notes read",
        "The notes of one coaching pair were read: by their coach, or the shared ones by the "
        "student.",
        "{target}[ as {as}][ ({notes})]",
        read=True,
    )
    NOTE_READ = Kind(
        "coaching.note.read",
        "Coaching note read",
        "One coaching note was opened by its author.",
        "{target}[ as {as}]",
        read=True,
    )
    REFERRAL_READ = Kind(
        "coaching.referral.read",
        "Referral read",
        "A coach's referral to student affairs was opened by the student or by student affairs.",
        "{target}[ as {as}]",
        read=True,
    )
    REFERRALS_LISTED = Kind(
        "coaching.referrals.listed",
        "Referrals listed",
        "Student affairs listed the referrals sent to them.",
        "{referrals}",
        read=True,
    )
    # --- referrals
    REFERRAL_PROPOSED = Kind(
        "coaching.referral.proposed",
        "Referral proposed",
        "A coach proposed referring their student to student affairs; the student decides.",
        "{target}[ ({areas} areas)]",
    )
    REFERRAL_WITHDRAWN = Kind(
        "coaching.referral.withdrawn",
        "Referral withdrawn",
        "A coach withdrew a referral before the student decided.",
        "{target}",
    )
    REFERRAL_CONSENTED = Kind(
        "coaching.referral.consented",
        "Referral agreed",
        "A student agreed to a referral and chose what to share.",
        "{target}[ ({areas_shared} areas shared)]",
    )
    REFERRAL_DECLINED = Kind(
        "coaching.referral.declined",
        "Referral declined",
        "A student declined a referral; nothing was shared.",
        "{target}",
    )
    REFERRAL_ACKNOWLEDGED = Kind(
        "coaching.referral.acknowledged",
        "Referral acknowledged",
        "Student affairs acknowledged a referral.",
        "{target}",
    )
    REFERRAL_CLOSED = Kind(
        "coaching.referral.closed",
        "Referral closed",
        "Student affairs closed a referral.",
        "{target}",
    )
    # --- roster and assessment
    COACH_ADDED = Kind(
        "coaching.coach.added",
        "Coach added",
        "A physician was added to the coach roster.",
        "{target}[, {capacity} seats]",
    )
    COACH_CHANGED = Kind(
        "coaching.coach.changed",
        "Coach changed",
        "A coach's seats, dates or status on the roster were changed.",
        "{target}[, {capacity} seats][, {status}]",
    )
    COACH_LEFT = Kind(
        "coaching.coach.left",
        "Coach left",
        "A coach left the program; their pairings ended and future meetings were cancelled.",
        "{target} on {on}[ ({students} students)]",
    )
    PAIRING_ENDED = Kind(
        "coaching.pairing.ended",
        "Pairing ended",
        "A student's pairing with a coach was ended.",
        "{target}[ on {on}][: {reason}]",
    )
    ASSESSMENT_RECORDED = Kind(
        "coaching.assessment.recorded",
        "Assessing relationship recorded",
        "A faculty member's role in assessing a student or cohort was recorded, so that they "
        "are never that student's coach.",
        "{target}[ ({role})]",
    )
    ASSESSMENT_ENDED = Kind(
        "coaching.assessment.ended",
        "Assessing relationship ended",
        "A recorded assessing relationship was ended.",
        "{target}[ on {on}]",
    )
    # --- preferences and pairing runs
    PREFERENCES_SUBMITTED = Kind(
        "coaching.preferences.submitted",
        "Coach preferences submitted",
        "A student submitted their ranked choice of coaches.",
        "{target}[ ({choices} choices)]",
    )
    PREFERENCE_WINDOW_SET = Kind(
        "coaching.preference_window.set",
        "Preference window set",
        "The dates between which students may choose coaches were set.",
        "{opens_on} to {closes_on}",
    )
    WEIGHTS_SET = Kind(
        "coaching.weights.set",
        "Pairing weights set",
        "How much the pairing weighs shared interests, languages, campus and specialty was set.",
        "{target}",
    )
    PAIRING_RUN_STARTED = Kind(
        "coaching.pairing_run.started",
        "Pairing run started",
        "A pairing of students with coaches was started.",
        "{target}[ (seed {seed})]",
    )
    PAIRING_RUN_FAILED = Kind(
        "coaching.pairing_run.failed",
        "Pairing run failed",
        "A pairing run stopped because its inputs had problems.",
        "{target}[ ({problems} problems)]",
    )
    PAIRING_RUN_PROPOSED = Kind(
        "coaching.pairing_run.proposed",
        "Pairing proposed",
        "A pairing run finished and proposed pairings for review.",
        "{target}: {students} students, {coaches} coaches",
    )
    PAIRING_RUN_MODE_CHOSEN = Kind(
        "coaching.pairing_run.mode_chosen",
        "Pairing mode chosen",
        "Student affairs chose which of a run's proposals to use.",
        "{target}: {mode}",
    )
    PAIRING_RUN_ADJUSTED = Kind(
        "coaching.pairing_run.adjusted",
        "Pairing adjusted",
        "Student affairs moved one student to another coach in a proposal.",
        "{target}",
    )
    PAIRING_RUN_ADJUSTMENTS_UNDONE = Kind(
        "coaching.pairing_run.adjustments_undone",
        "Pairing adjustments undone",
        "Every hand adjustment to a proposal was undone.",
        "{target}[ ({removed} removed)]",
    )
    PAIRING_RUN_PUBLISHED = Kind(
        "coaching.pairing_run.published",
        "Pairing published",
        "A proposal was published: students were paired with their coaches.",
        "{target}[: {paired} paired][, {changed} moved][, {kept} kept]",
    )
    PAIRING_RUN_DISCARDED = Kind(
        "coaching.pairing_run.discarded",
        "Pairing discarded",
        "A proposal was discarded without being published.",
        "{target}",
    )
    PAIRING_RUN_VERIFIED = Kind(
        "coaching.pairing_run.verified",
        "Pairing run re-checked",
        "A pairing run was recomputed from its stored inputs to show it reproduces.",
        "{target}: reproduced: {reproduced}",
    )
    # --- meetings, goals and notes
    MEETING_SCHEDULED = Kind(
        "coaching.meeting.scheduled",
        "Meeting scheduled",
        "A coaching meeting was scheduled or recorded.",
        "{target}[ ({status})]",
    )
    MEETING_CHANGED = Kind(
        "coaching.meeting.changed",
        "Meeting changed",
        "A coaching meeting's details were changed.",
        "{target}[; moved: {moved}]",
    )
    MEETING_STATUS_CHANGED = Kind(
        "coaching.meeting.status_changed",
        "Meeting status changed",
        "A coaching meeting was marked held, missed or cancelled.",
        "{target}: {from} to {to}",
    )
    GOAL_SET = Kind(
        "coaching.goal.set", "Goal set", "A student and coach set a goal.", "{target}[ ({status})]"
    )
    GOAL_UPDATED = Kind(
        "coaching.goal.updated",
        "Goal updated",
        "A goal's progress or status was updated.",
        "{target}[ ({status})]",
    )
    NOTE_WRITTEN = Kind(
        "coaching.note.written",
        "Coaching note written",
        "A coach wrote a note. Its text is never in the log.",
        "{target}[; shared with the student: {shared}]",
    )
    NOTE_EDITED = Kind(
        "coaching.note.edited", "Coaching note edited", "A coach edited their note.", "{target}"
    )
    NOTE_SHARED = Kind(
        "coaching.note.shared",
        "Coaching note shared",
        "A coach shared a note with their student.",
        "{target}",
    )
    NOTE_UNSHARED = Kind(
        "coaching.note.unshared",
        "Coaching note unshared",
        "A coach stopped sharing a note with their student.",
        "{target}",
    )
    REMINDERS_QUEUED = Kind(
        "coaching.reminders.queued",
        "Coaching reminders queued",
        "Reminder e-mails about coaching meetings were queued for coaches.",
        "{meetings} meetings, {coaches} coaches",
    )
