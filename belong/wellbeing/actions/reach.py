"""Writes to REACH weeks, sessions, attendance and reflections."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from belong.access import audit
from belong.access.permissions import Permission
from belong.access.policies import ensure_permission
from belong.core.formatting import clock, when
from belong.core.formatting import day as _day
from belong.people.queries import person_of
from belong.wellbeing import terms
from belong.wellbeing.models import Attendance, ReachSession, ReachWeek, ReflectionEntry

MAX_WEEK_DAYS = 14
_COHORT_RANGE = (1990, 2100)


def save_week(
    *,
    by: Any,
    week: ReachWeek | None = None,
    cohort: int,
    starts_on: date,
    ends_on: date,
    theme: str = "",
) -> ReachWeek:
    """Create a REACH week, or change one; its quarter follows from its first day."""
    ensure_permission(by, Permission.MANAGE_REACH)
    errors: dict[str, list[str]] = {}
    if not _COHORT_RANGE[0] <= cohort <= _COHORT_RANGE[1]:
        errors.setdefault("cohort", []).append(
            f"Class year: {cohort} is not a class year between {_COHORT_RANGE[0]} and "
            f"{_COHORT_RANGE[1]}."
        )
    if ends_on < starts_on:
        errors.setdefault("ends_on", []).append(
            f"Last day: {_day(ends_on)} is before the first day, {_day(starts_on)}."
        )
    elif (ends_on - starts_on).days + 1 > MAX_WEEK_DAYS:
        errors.setdefault("ends_on", []).append(
            f"Last day: a REACH week lasts at most {MAX_WEEK_DAYS} days; "
            f"{_day(starts_on)} to {_day(ends_on)} is {(ends_on - starts_on).days + 1}."
        )
    if errors:
        raise ValidationError(errors)
    academic_year, quarter = terms.term_of(starts_on)
    with transaction.atomic():
        same_quarter = ReachWeek.objects.filter(
            cohort=cohort, academic_year=academic_year, quarter=quarter
        )
        if week is not None:
            same_quarter = same_quarter.exclude(pk=week.pk)
        clash = same_quarter.first()
        if clash is not None:
            raise ValidationError(
                {
                    "starts_on": [
                        f"First day: the class of {cohort} already has a REACH week in "
                        f"{terms.term_label(academic_year, quarter)} ({_day(clash.starts_on)} to "
                        f"{_day(clash.ends_on)}). Change that week instead."
                    ]
                }
            )
        if week is not None:
            outside = [
                s
                for s in week.sessions.all()
                if not starts_on <= timezone.localtime(s.starts_at).date() <= ends_on
                or not starts_on <= timezone.localtime(s.ends_at).date() <= ends_on
            ]
            if outside:
                names = "; ".join(f"“{s.title}” ({when(s.starts_at)})" for s in outside)
                raise ValidationError(
                    {
                        "starts_on": [
                            f"Dates: these sessions would fall outside the week: {names}. "
                            "Move or delete them first."
                        ]
                    }
                )
            if week.cohort != cohort and week.sessions.exists():
                raise ValidationError(
                    {"cohort": ["Class year: this week has sessions; it cannot change class."]}
                )
        created = week is None
        if week is None:
            week = ReachWeek(created_by=by)
        week.cohort = cohort
        week.academic_year = academic_year
        week.quarter = quarter
        week.starts_on = starts_on
        week.ends_on = ends_on
        week.theme = theme.strip()
        week.save()
        audit.record(
            audit.WellbeingEvent.REACH_WEEK_CREATED
            if created
            else audit.WellbeingEvent.REACH_WEEK_CHANGED,
            by=by,
            target=week,
            detail={"cohort": cohort, "academic_year": academic_year, "quarter": quarter},
        )
    return week


def _overlaps(
    cohort: int, starts_at: datetime, ends_at: datetime, exclude: int | None
) -> list[ReachSession]:
    found = ReachSession.objects.filter(
        week__cohort=cohort, starts_at__lt=ends_at, ends_at__gt=starts_at
    )
    if exclude is not None:
        found = found.exclude(pk=exclude)
    return list(found.order_by("starts_at"))


def save_session(
    *,
    by: Any,
    week: ReachWeek,
    session: ReachSession | None = None,
    component: str,
    title: str,
    starts_at: datetime,
    ends_at: datetime,
    location: str = "",
    facilitator: str = "",
    description: str = "",
) -> ReachSession:
    """Add a session to a REACH week, or change one.

    Refused, naming both sessions and their times, when it overlaps another
    session in the same cohort's calendar.
    """
    ensure_permission(by, Permission.MANAGE_REACH)
    title = title.strip()
    errors: dict[str, list[str]] = {}
    if not title:
        errors["title"] = ["Title: give the session a title."]
    if ends_at <= starts_at:
        errors["ends_at"] = [
            f"Ends: the session must end after it starts ({when(starts_at)}); "
            f"it ends at {when(ends_at)}."
        ]
    for field, label, moment in (("starts_at", "Starts", starts_at), ("ends_at", "Ends", ends_at)):
        day = timezone.localtime(moment).date()
        if not week.starts_on <= day <= week.ends_on:
            errors.setdefault(field, []).append(
                f"{label}: {_day(day)} is outside this REACH week ({_day(week.starts_on)} to "
                f"{_day(week.ends_on)})."
            )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        # Lock the cohort's weeks so that two officers adding sessions at once
        # cannot both pass the overlap check (SQLite serialises writers anyway).
        list(ReachWeek.objects.select_for_update().filter(cohort=week.cohort).values("pk"))
        clashes = _overlaps(week.cohort, starts_at, ends_at, getattr(session, "pk", None))
        if clashes:
            other = clashes[0]
            more = f" (and {len(clashes) - 1} more)" if len(clashes) > 1 else ""
            raise ValidationError(
                {
                    "starts_at": [
                        f"Overlap: “{title}” ({when(starts_at)}–{clock(ends_at)}) overlaps "
                        f"“{other.title}” ({when(other.starts_at)}–{clock(other.ends_at)}){more} "
                        f"in the class of {week.cohort}'s calendar. Move one of them."
                    ]
                }
            )
        created = session is None
        if session is None:
            session = ReachSession(week=week)
        session.component = component
        session.title = title
        session.starts_at = starts_at
        session.ends_at = ends_at
        session.location = location.strip()
        session.facilitator = facilitator.strip()
        session.description = description.strip()
        session.full_clean(exclude=["week"])
        session.save()
        audit.record(
            audit.WellbeingEvent.REACH_SESSION_CREATED
            if created
            else audit.WellbeingEvent.REACH_SESSION_CHANGED,
            by=by,
            target=session,
            detail={"week": week.pk, "component": component},
        )
    return session


def delete_session(*, by: Any, session: ReachSession) -> None:
    ensure_permission(by, Permission.MANAGE_REACH)
    with transaction.atomic():
        recorded = session.attendance.count()
        if recorded:
            raise ValidationError(
                f"“{session.title}” has attendance recorded for {recorded} "
                f"student{'s' if recorded != 1 else ''}; it cannot be deleted. "
                "Change its details instead."
            )
        detail = {"week": session.week_id, "title": session.title}
        pk = session.pk
        session.delete()
        audit.record(
            audit.WellbeingEvent.REACH_SESSION_DELETED,
            by=by,
            target=("wellbeing.reachsession", str(pk)),
            detail=detail,
        )


def record_attendance(
    *, by: Any, session: ReachSession, statuses: Mapping[int, str]
) -> dict[str, int]:
    """Set each student's attendance at a session ("" clears it); return counts."""
    ensure_permission(by, Permission.MANAGE_REACH)
    allowed = set(terms.students_of_cohort(session.week.cohort).values_list("pk", flat=True))
    allowed |= set(session.attendance.values_list("person_id", flat=True))
    valid = set(Attendance.Status.values)
    unknown = [pid for pid in statuses if pid not in allowed]
    if unknown:
        raise ValidationError(
            f"{len(unknown)} of the people given are not students of the class of "
            f"{session.week.cohort}; nothing was saved."
        )
    bad = [status for status in statuses.values() if status and status not in valid]
    if bad:
        raise ValidationError(f"“{bad[0]}” is not an attendance status; nothing was saved.")
    with transaction.atomic():
        existing = {a.person_id: a for a in session.attendance.select_for_update()}
        to_create, to_update, to_delete = [], [], []
        for person_id, status in statuses.items():
            current = existing.get(person_id)
            if not status:
                if current is not None:
                    to_delete.append(current.pk)
            elif current is None:
                to_create.append(
                    Attendance(session=session, person_id=person_id, status=status, recorded_by=by)
                )
            elif current.status != status:
                current.status = status
                current.recorded_by = by
                current.recorded_at = timezone.now()
                to_update.append(current)
        Attendance.objects.bulk_create(to_create)
        Attendance.objects.bulk_update(to_update, ["status", "recorded_by", "recorded_at"])
        Attendance.objects.filter(pk__in=to_delete).delete()
        counts = {
            "added": len(to_create),
            "changed": len(to_update),
            "cleared": len(to_delete),
        }
        audit.record(
            audit.WellbeingEvent.REACH_ATTENDANCE_RECORDED, by=by, target=session, detail=counts
        )
    return counts


def save_reflection(
    *,
    by: Any,
    entry: ReflectionEntry | None = None,
    title: str = "",
    body: str,
    week: ReachWeek | None = None,
) -> ReflectionEntry:
    """Write or change one's own private reflection."""
    ensure_permission(by, Permission.ATTEND_REACH)
    person = person_of(by)
    if entry is not None:
        ensure_permission(by, Permission.ATTEND_REACH, entry)
    body = body.strip()
    if not body:
        raise ValidationError({"body": [_("Reflection: write something before saving.")]})
    if week is not None and week.cohort != terms.cohort_of(person):
        raise ValidationError({"week": [_("REACH week: choose one of your class's REACH weeks.")]})
    with transaction.atomic():
        created = entry is None
        if entry is None:
            entry = ReflectionEntry(author=person)
        entry.title = title.strip()
        entry.body = body
        entry.week = week
        entry.save()
        audit.record(
            audit.WellbeingEvent.REFLECTION_CREATED
            if created
            else audit.WellbeingEvent.REFLECTION_CHANGED,
            by=by,
            target=entry,
        )
    return entry


def delete_reflection(*, by: Any, entry: ReflectionEntry) -> None:
    ensure_permission(by, Permission.ATTEND_REACH, entry)
    with transaction.atomic():
        pk = entry.pk
        entry.delete()
        audit.record(
            audit.WellbeingEvent.REFLECTION_DELETED,
            by=by,
            target=("wellbeing.reflectionentry", str(pk)),
        )
