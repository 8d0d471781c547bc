"""Action plans: plans, actions, progress, measures, listening sessions and comments."""

from __future__ import annotations

from enum import unique

from belong.access.audit.kinds import EventKind, Kind


@unique
class PlanEvent(EventKind):
    PLAN_SAVED = Kind(
        "plans.plan.saved",
        "Action plan saved",
        "An action plan, one of its areas or goals was written or changed.",
        "{target}[ ({change})]",
    )
    PLAN_PUBLISHED = Kind(
        "plans.plan.published",
        "Action plan published",
        "A version of an action plan was published to its audience; the version is kept.",
        "{target} (version {version})",
    )
    ACTION_SAVED = Kind(
        "plans.action.saved",
        "Plan action saved",
        "An action of a plan, or one of its milestones, was written or changed.",
        "{target}[ ({change})]",
    )
    UPDATE_WRITTEN = Kind(
        "plans.update.written",
        "Progress update written",
        "The owner of an action reported its progress and status.",
        "{target} ({status})",
    )
    MEASURE_SAVED = Kind(
        "plans.measure.saved",
        "Goal measure saved",
        "A goal's measure was set: its baseline, target and where its figure comes from.",
        "{target}[ ({source})]",
    )
    SESSION_SAVED = Kind(
        "plans.session.saved",
        "Listening session recorded",
        "A town hall or focus group held for a plan was recorded.",
        "{target}",
    )
    COMMENT_RECEIVED = Kind(
        "plans.comment.received",
        "Named comment received",
        "A member of the school commented on an action plan under their name.",
        "{target}",
    )
    ANONYMOUS_COMMENT_RECEIVED = Kind(
        "plans.comment.anonymous_received",
        "Anonymous comment received",
        "An anonymous comment on an action plan was sealed, waiting to be released in a batch.",
        "{target}",
        anonymous=True,
    )
    ANONYMOUS_COMMENTS_RELEASED = Kind(
        "plans.comments.released",
        "Anonymous comments released",
        "A random batch of sealed anonymous comments was written as anonymous records.",
        "{target} ({released})",
        anonymous=True,
    )
    COMMENTS_READ = Kind(
        "plans.comments.read",
        "Plan comments read",
        "The office opened a plan's comments: the named ones with their writers, "
        "and the released anonymous ones.",
        "of {target} ({named} named, {anonymous} anonymous)",
        read=True,
    )
    COMMENT_TRIAGED = Kind(
        "plans.comment.triaged",
        "Comment triaged",
        "The office put a comment under a theme or linked it to the actions that answer it.",
        "{target}[ ({change})]",
    )
    REPORT_ISSUED = Kind(
        "plans.report.issued",
        "Progress report issued",
        "A progress report of a plan was issued; the next report says what changed since.",
        "{target}",
    )
    REMINDERS_QUEUED = Kind(
        "plans.reminders.queued",
        "Overdue-update reminders queued",
        "The system reminded owners of actions whose progress update is overdue.",
        "({owners} owners)",
    )
