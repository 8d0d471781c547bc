"""Well-being: check-ins, REACH weeks, reflections, support requests and coverage."""

from __future__ import annotations

from enum import unique

from belong.access.audit.kinds import EventKind, Kind


@unique
class WellbeingEvent(EventKind):
    # --- reads of private records
    CHECKINS_READ = Kind(
        "wellbeing.checkins.read",
        "Check-ins read",
        "A student opened the list of their own private check-ins.",
        "of {target}[ ({count})]",
        read=True,
    )
    CHECKIN_READ = Kind(
        "wellbeing.checkin.read",
        "Check-in read",
        "A student opened one of their own private check-ins.",
        "{target}",
        read=True,
    )
    CHECKIN_DATE_READ = Kind(
        "wellbeing.checkin_date.read",
        "Last check-in date read",
        "The date of a student's latest check-in was read (to remind them, never its answers).",
        "of {target}",
        read=True,
    )
    CHECKIN_AGGREGATES_READ = Kind(
        "wellbeing.checkin_aggregates.read",
        "Check-in aggregates read",
        "Check-in figures by quarter were read, with groups smaller than the threshold hidden.",
        "{quarters}[ (threshold {k})]",
        read=True,
    )
    REFLECTIONS_READ = Kind(
        "wellbeing.reflections.read",
        "Reflections read",
        "A student opened the list of their own REACH reflections.",
        "of {target}[ ({count})]",
        read=True,
    )
    REFLECTION_READ = Kind(
        "wellbeing.reflection.read",
        "Reflection read",
        "A student opened one of their own REACH reflections.",
        "{target}",
        read=True,
    )
    SUPPORT_REQUESTS_READ = Kind(
        "wellbeing.support_requests.read",
        "Support requests read",
        "A person opened the list of their own support requests.",
        "of {target}[ ({count})]",
        read=True,
    )
    SUPPORT_REQUEST_READ = Kind(
        "wellbeing.support_request.read",
        "Support request read",
        "A support request was opened by the person who made it or by the office it went to.",
        "{target}[ as {as}]",
        read=True,
    )
    SUPPORT_QUEUE_READ = Kind(
        "wellbeing.support_queue.read",
        "Support queue read",
        "An office listed the support requests sent to it.",
        "[{view}][, {count} requests]",
        read=True,
    )
    COVERAGE_RECORD_READ = Kind(
        "wellbeing.coverage_record.read",
        "Coverage record read",
        "A student's health-coverage record was opened by the student or a reviewer.",
        "{target}[ as {as}]",
        read=True,
    )
    COVERAGE_QUEUE_READ = Kind(
        "wellbeing.coverage_queue.read",
        "Coverage queue read",
        "A reviewer listed health-coverage records waiting for a decision.",
        "[{status}][, {count} records]",
        read=True,
    )
    COVERAGE_PROOF_READ = Kind(
        "wellbeing.coverage_proof.read",
        "Coverage proof opened",
        "A proof of outside health coverage was downloaded by the student or a reviewer.",
        "{target}[ as {as}]",
        read=True,
    )
    COVERAGE_MISSING_READ = Kind(
        "wellbeing.coverage_missing.read",
        "Students without coverage listed",
        "A reviewer listed the students with no coverage decision for a year.",
        "{year}[, {count} students]",
        read=True,
    )
    # --- coverage
    COVERAGE_YEAR_CREATED = Kind(
        "wellbeing.coverage_year.created",
        "Coverage year opened",
        "A year of health coverage, with its deadline, was opened.",
        "{target}",
    )
    COVERAGE_YEAR_CHANGED = Kind(
        "wellbeing.coverage_year.changed",
        "Coverage year changed",
        "A coverage year's dates or plan were changed.",
        "{target}",
    )
    COVERAGE_ENROLLED = Kind(
        "wellbeing.coverage.enrolled",
        "Enrolled in the school plan",
        "A student enrolled in the school's health plan.",
        "{target}[ for {year}]",
    )
    WAIVER_SUBMITTED = Kind(
        "wellbeing.coverage.waiver_submitted",
        "Coverage waiver submitted",
        "A student applied to waive the school's plan, with proof of outside coverage.",
        "{target}[ for {year}][; resubmission: {resubmission}]",
    )
    WAIVER_APPROVED = Kind(
        "wellbeing.coverage.waiver_approved",
        "Coverage waiver approved",
        "A reviewer approved a student's waiver.",
        "{target}[ for {year}]",
    )
    WAIVER_MORE_INFO = Kind(
        "wellbeing.coverage.waiver_more_info",
        "More information asked for",
        "A reviewer asked the student for more information about a waiver.",
        "{target}[ for {year}]",
    )
    WAIVER_DENIED = Kind(
        "wellbeing.coverage.waiver_denied",
        "Coverage waiver denied",
        "A reviewer denied a student's waiver, giving a reason.",
        "{target}[ for {year}]",
    )
    # --- calendar feeds
    CALENDAR_FEED_CREATED = Kind(
        "wellbeing.calendar_feed.created",
        "Calendar feed link made",
        "A person made a private calendar-feed link (replacing any earlier one).",
        "{target}[; replaced an earlier link: {replaced}]",
    )
    CALENDAR_FEED_REVOKED = Kind(
        "wellbeing.calendar_feed.revoked",
        "Calendar feed link revoked",
        "A person revoked their calendar-feed link.",
        "for {target}",
    )
    # --- check-ins and support
    CHECKIN_SUBMITTED = Kind(
        "wellbeing.checkin.submitted",
        "Check-in submitted",
        "A student submitted a private check-in. Its answers are never in the log.",
        "{target}",
    )
    SUPPORT_SERVICE_CREATED = Kind(
        "wellbeing.support_service.created",
        "Support service added",
        "A support service (counselling, advising, tutoring...) was added to an office.",
        "{target}[ at {office}]",
    )
    SUPPORT_SERVICE_CHANGED = Kind(
        "wellbeing.support_service.changed",
        "Support service changed",
        "A support service's details or response target were changed.",
        "{target}[ at {office}]",
    )
    SUPPORT_REQUEST_CREATED = Kind(
        "wellbeing.support_request.created",
        "Support requested",
        "A person asked an office for support.",
        "{target}[ to {office}]",
    )
    SUPPORT_REQUEST_MESSAGE_POSTED = Kind(
        "wellbeing.support_request.message_posted",
        "Support message sent",
        "A message was added to a support request, by the person or by the office.",
        "{target}[; from the office: {from_office}]",
    )
    SUPPORT_REQUEST_ACKNOWLEDGED = Kind(
        "wellbeing.support_request.acknowledged",
        "Support request acknowledged",
        "An office acknowledged a support request.",
        "{target}",
    )
    SUPPORT_REQUEST_ASSIGNED = Kind(
        "wellbeing.support_request.assigned",
        "Support request assigned",
        "A support request was given to a member of the office (or unassigned).",
        "{target}",
    )
    SUPPORT_REQUEST_RESOLVED = Kind(
        "wellbeing.support_request.resolved",
        "Support request resolved",
        "An office marked a support request resolved.",
        "{target}",
    )
    SUPPORT_REQUEST_REOPENED = Kind(
        "wellbeing.support_request.reopened",
        "Support request reopened",
        "A resolved support request was reopened.",
        "{target}",
    )
    SUPPORT_REQUEST_WITHDRAWN = Kind(
        "wellbeing.support_request.withdrawn",
        "Support request withdrawn",
        "The person who asked for support withdrew the request.",
        "{target}",
    )
    # --- REACH weeks and reflections
    REACH_WEEK_CREATED = Kind(
        "wellbeing.reach_week.created",
        "REACH week added",
        "A REACH week was added to the calendar.",
        "{target}",
    )
    REACH_WEEK_CHANGED = Kind(
        "wellbeing.reach_week.changed",
        "REACH week changed",
        "A REACH week's dates or details were changed.",
        "{target}",
    )
    REACH_SESSION_CREATED = Kind(
        "wellbeing.reach_session.created",
        "REACH session added",
        "A session was added to a REACH week.",
        "{target}[ ({component})]",
    )
    REACH_SESSION_CHANGED = Kind(
        "wellbeing.reach_session.changed",
        "REACH session changed",
        "A REACH session's details were changed.",
        "{target}[ ({component})]",
    )
    REACH_SESSION_DELETED = Kind(
        "wellbeing.reach_session.deleted",
        "REACH session deleted",
        "A REACH session with no attendance recorded was deleted.",
        "{target}[: {title}]",
    )
    REACH_ATTENDANCE_RECORDED = Kind(
        "wellbeing.reach_attendance.recorded",
        "REACH attendance recorded",
        "Attendance at a REACH session was recorded.",
        "{target}[: {added} added][, {changed} changed][, {cleared} cleared]",
    )
    REFLECTION_CREATED = Kind(
        "wellbeing.reflection.created",
        "Reflection written",
        "A student wrote a private REACH reflection. Its text is never in the log.",
        "{target}",
    )
    REFLECTION_CHANGED = Kind(
        "wellbeing.reflection.changed",
        "Reflection changed",
        "A student changed their REACH reflection.",
        "{target}",
    )
    REFLECTION_DELETED = Kind(
        "wellbeing.reflection.deleted",
        "Reflection deleted",
        "A student deleted their REACH reflection.",
        "{target}",
    )
    REMINDERS_QUEUED = Kind(
        "wellbeing.reminders.queued",
        "Well-being reminders queued",
        "Reminder e-mails (support requests waiting, coverage deadlines) were queued.",
        "{offices} offices, {students} students",
    )
