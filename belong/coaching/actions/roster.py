"""Writes to the coaching roster and to who assesses whom."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from belong.access import audit
from belong.access.permissions import Permission
from belong.access.policies import ensure_permission
from belong.coaching.actions._common import clean_words
from belong.coaching.models import Coach, Meeting, Pairing, WaitingStudent
from belong.people.models import Affiliation, AssessmentRelationship, Campus, Person

MAX_CAPACITY = 30


def _is_current(person: Person, kind: str, on: date) -> bool:
    return Affiliation.objects.current(on).filter(person=person, kind=kind).exists()


def save_coach(
    *,
    by: Any,
    person: Person,
    capacity: int,
    active_from: int,
    active_until: int | None = None,
    specialty: str = "",
    interests: Any = (),
    languages: Any = (),
    campus: Campus | None = None,
    introduction: str = "",
    status: str = Coach.Status.ACTIVE,
    coach: Coach | None = None,
) -> Coach:
    """Add a physician to the roster, or change their entry.

    Refused, with every reason at once, if the person is not current
    faculty, is already on the roster, or a cap would fall below the number
    of students they coach now.
    """
    ensure_permission(by, Permission.MANAGE_PAIRING)
    today = timezone.localdate()
    errors: dict[str, list[str]] = {}
    if coach is None:
        if Coach.objects.filter(person=person).exists():
            errors["person"] = [f"Physician: {person.display_name} is already on the roster."]
        elif not _is_current(person, Affiliation.Kind.FACULTY, today):
            errors["person"] = [
                f"Physician: {person.display_name} is not current faculty; coaches are "
                "physicians on the faculty."
            ]
    elif coach.person_id != person.pk:
        errors["person"] = ["Physician: a roster entry cannot be moved to another person."]
    if not 0 <= capacity <= MAX_CAPACITY:
        errors["capacity"] = [f"Capacity: give a number of students from 0 to {MAX_CAPACITY}."]
    elif coach is not None:
        load = Pairing.objects.filter(coach=coach, active=True).count()
        if capacity < load:
            errors["capacity"] = [
                f"Capacity: {coach.name} coaches {load} students now, so the cap cannot be "
                f"{capacity}. Set at least {load}, or pair some of their students with "
                "another coach first."
            ]
    if active_until is not None and active_until < active_from:
        errors["active_until"] = [
            f"Last year: {active_until} is before the first year, {active_from}."
        ]
    if status not in Coach.Status.values:
        errors["status"] = ["Status: choose one of the listed statuses."]
    elif status == Coach.Status.LEFT and (coach is None or coach.status != Coach.Status.LEFT):
        errors["status"] = [
            "Status: use “Coach leaves the program”, which also puts their students first "
            "in line for a new coach."
        ]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        created = coach is None
        entry = coach or Coach(person=person)
        entry.capacity = capacity
        entry.active_from = active_from
        entry.active_until = active_until
        entry.specialty = specialty.strip()[:120]
        entry.interests = clean_words(interests)
        entry.languages = clean_words(languages)
        entry.campus = campus
        entry.introduction = introduction.strip()
        entry.status = status
        entry.save()
        audit.record(
            audit.CoachingEvent.COACH_ADDED if created else audit.CoachingEvent.COACH_CHANGED,
            by=by,
            target=entry,
            detail={
                "person": person.pk,
                "capacity": capacity,
                "active_from": active_from,
                "active_until": active_until,
                "status": status,
            },
        )
    return entry


def coach_leaves(*, by: Any, coach: Coach, on: date | None = None) -> int:
    """A coach leaves the program: their pairings end and their students go first in line.

    Scheduled meetings after the day are cancelled. Returns how many students
    were waiting for a new coach as a result.
    """
    ensure_permission(by, Permission.MANAGE_PAIRING)
    day = on or timezone.localdate()
    if coach.status == Coach.Status.LEFT:
        raise ValidationError(f"{coach.name} has already left the program.")
    with transaction.atomic():
        pairings = list(Pairing.objects.select_for_update().filter(coach=coach, active=True))
        for pairing in pairings:
            pairing.active = False
            pairing.ended_on = max(day, pairing.start_date)
            pairing.end_reason = Pairing.EndReason.COACH_LEFT
            pairing.save(update_fields=["active", "ended_on", "end_reason"])
            WaitingStudent.objects.update_or_create(
                student_id=pairing.student_id,
                defaults={
                    "since": day,
                    "reason": WaitingStudent.Reason.COACH_LEFT,
                    "previous_coach": coach,
                },
            )
        cancelled = Meeting.objects.filter(
            pairing__in=pairings, status=Meeting.Status.SCHEDULED, starts_at__date__gte=day
        ).update(status=Meeting.Status.CANCELLED, updated_at=timezone.now())
        coach.status = Coach.Status.LEFT
        coach.left_on = day
        coach.save(update_fields=["status", "left_on", "updated_at"])
        audit.record(
            audit.CoachingEvent.COACH_LEFT,
            by=by,
            target=coach,
            detail={"on": day, "students": len(pairings), "meetings_cancelled": cancelled},
        )
    return len(pairings)


def end_pairing(*, by: Any, pairing: Pairing, reason: str, on: date | None = None) -> Pairing:
    """End one pairing early (the student took leave, or left school).

    A student who is still current waits for a coach from that day; one who
    left school does not.
    """
    ensure_permission(by, Permission.MANAGE_PAIRING, pairing)
    day = on or timezone.localdate()
    if reason not in (
        Pairing.EndReason.LEFT_SCHOOL,
        Pairing.EndReason.GRADUATED,
        Pairing.EndReason.OTHER,
    ):
        raise ValidationError({"reason": ["Why: choose one of the listed reasons."]})
    with transaction.atomic():
        locked = Pairing.objects.select_for_update().get(pk=pairing.pk)
        if not locked.active:
            raise ValidationError("This pairing has already ended.")
        locked.active = False
        locked.ended_on = max(day, locked.start_date)
        locked.end_reason = reason
        locked.save(update_fields=["active", "ended_on", "end_reason"])
        if reason == Pairing.EndReason.OTHER:
            WaitingStudent.objects.update_or_create(
                student_id=locked.student_id,
                defaults={
                    "since": day,
                    "reason": WaitingStudent.Reason.PAIRING_ENDED,
                    "previous_coach_id": locked.coach_id,
                },
            )
        Meeting.objects.filter(
            pairing=locked, status=Meeting.Status.SCHEDULED, starts_at__date__gte=day
        ).update(status=Meeting.Status.CANCELLED, updated_at=timezone.now())
        audit.record(
            audit.CoachingEvent.PAIRING_ENDED,
            by=by,
            target=locked,
            detail={"reason": reason, "on": day},
        )
    return locked


# --- Who assesses whom ----------------------------------------------------------


def _students_in_scope(student: Person | None, cohort: int | None) -> Q:
    if student is not None:
        return Q(student_id=student.pk)
    return Q(
        student__affiliations__kind=Affiliation.Kind.STUDENT,
        student__affiliations__cohort=cohort,
    )


def record_assessment(
    *,
    by: Any,
    assessor: Person,
    role: str,
    start_date: date,
    student: Person | None = None,
    cohort: int | None = None,
    course: str = "",
    end_date: date | None = None,
) -> AssessmentRelationship:
    """Record that ``assessor`` assesses one student or a whole class.

    Refused if the assessor coaches any of those students now: a person who
    assesses a student may not be their coach, so the pairing must change first.
    """
    ensure_permission(by, Permission.MANAGE_PAIRING)
    errors: dict[str, list[str]] = {}
    if role not in AssessmentRelationship.Role.values:
        errors["role"] = ["Role: choose one of the listed roles."]
    if (student is None) == (cohort is None):
        errors["student"] = ["Whom: name either one student or a whole class, not both."]
    if student is not None and student.pk == assessor.pk:
        errors["student"] = ["Whom: a person cannot assess themselves."]
    if end_date is not None and end_date < start_date:
        errors["end_date"] = [f"Until: {end_date} is before the start, {start_date}."]
    today = timezone.localdate()
    if not errors and (end_date is None or end_date >= today):
        coached = list(
            Pairing.objects.filter(active=True, coach__person=assessor)
            .filter(_students_in_scope(student, cohort))
            .select_related("student")
            .distinct()
            .order_by("student__legal_family_name")
        )
        if coached:
            names = ", ".join(p.student.display_name for p in coached[:5])
            more = f" and {len(coached) - 5} more" if len(coached) > 5 else ""
            errors["assessor"] = [
                f"Assessor: {assessor.display_name} is the coach of {names}{more}. A person "
                "who assesses a student may not be their coach: pair those students with "
                "another coach first."
            ]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        relationship = AssessmentRelationship.objects.create(
            assessor=assessor,
            role=role,
            student=student,
            cohort=cohort,
            course=course.strip()[:200],
            start_date=start_date,
            end_date=end_date,
        )
        audit.record(
            audit.CoachingEvent.ASSESSMENT_RECORDED,
            by=by,
            target=relationship,
            detail={
                "assessor": assessor.pk,
                "role": role,
                "student": student.pk if student else None,
                "cohort": cohort,
            },
        )
    return relationship


def end_assessment(
    *, by: Any, relationship: AssessmentRelationship, on: date | None = None
) -> AssessmentRelationship:
    """The assessment ends on ``on`` (today by default); the record is kept."""
    ensure_permission(by, Permission.MANAGE_PAIRING)
    day = on or timezone.localdate()
    if relationship.end_date is not None and relationship.end_date <= day:
        raise ValidationError("This assessment has already ended.")
    if day < relationship.start_date:
        raise ValidationError(
            f"This assessment starts on {relationship.start_date}; it cannot end before it starts."
        )
    with transaction.atomic():
        relationship.end_date = day
        relationship.save(update_fields=["end_date"])
        audit.record(
            audit.CoachingEvent.ASSESSMENT_ENDED, by=by, target=relationship, detail={"on": day}
        )
    return relationship
