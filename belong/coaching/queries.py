"""Every read of coaching records that a user may see. Views never query these models themselves.

Notes and referrals are the sensitive ones: each read of them leaves an
audit event naming who read what (never what it says).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, Max, Prefetch, Q
from django.http import Http404
from django.utils import dateformat, timezone
from django.utils.translation import gettext as _

from belong.access import audit
from belong.access.models import RoleAssignment
from belong.access.permissions import Permission
from belong.access.policies import get_object_for, has_permission
from belong.coaching import policies
from belong.coaching.models import (
    Coach,
    CoachingNote,
    CoachPreference,
    Goal,
    Meeting,
    Pairing,
    PairingRun,
    PreferenceWindow,
    Referral,
    WaitingStudent,
)
from belong.people.models import Person
from belong.people.queries import person_or_none
from belong.people.students import current_students

# --- Preference window ---------------------------------------------------------


def open_preference_window(on: date | None = None) -> PreferenceWindow | None:
    day = on or timezone.localdate()
    return (
        PreferenceWindow.objects.filter(opens_on__lte=day, closes_on__gte=day)
        .order_by("-opens_on", "-pk")
        .first()
    )


def next_preference_window(on: date | None = None) -> PreferenceWindow | None:
    day = on or timezone.localdate()
    return PreferenceWindow.objects.filter(opens_on__gt=day).order_by("opens_on", "pk").first()


def window_closed_message(on: date | None = None) -> str:
    upcoming = next_preference_window(on)
    if upcoming is not None:
        return _("Coach preferences are closed just now. They open on %(day)s.") % {
            "day": dateformat.format(upcoming.opens_on, "j F Y")
        }
    return _(
        "Coach preferences are closed just now. Student affairs will say when you can "
        "choose coaches."
    )


# --- Coaches and their students --------------------------------------------------


def coach_profile(user: Any) -> Coach | None:
    """The user's roster entry, if they coach (and hold the coach role)."""
    if not has_permission(user, Permission.COACH_STUDENTS):
        return None
    person = person_or_none(user)
    if person is None:
        return None
    return Coach.objects.select_related("person", "campus").filter(person=person).first()


def _next_meeting_prefetch(now: datetime) -> Prefetch:
    return Prefetch(
        "meetings",
        queryset=Meeting.objects.filter(
            status=Meeting.Status.SCHEDULED, starts_at__gte=now
        ).order_by("starts_at"),
        to_attr="upcoming_meetings",
    )


def my_students(user: Any) -> list[Pairing]:
    """The coach's own active pairings, each with ``upcoming_meetings`` and ``last_held``."""
    coach = coach_profile(user)
    if coach is None:
        return []
    now = timezone.now()
    pairings = list(
        Pairing.objects.filter(coach=coach, active=True)
        .select_related("student", "coach__person")
        .prefetch_related(_next_meeting_prefetch(now))
        .order_by("student__legal_family_name", "student__legal_given_name")
    )
    held = dict(
        Meeting.objects.filter(pairing__in=pairings, status=Meeting.Status.HELD)
        .values("pairing_id")
        .annotate(last=Max("starts_at"))
        .values_list("pairing_id", "last")
    )
    for pairing in pairings:
        pairing.last_held = held.get(pairing.pk)  # type: ignore[attr-defined]
    return pairings


def pairing_for(user: Any, pairing_id: int) -> Pairing:
    """A pairing the user coaches or is the student of (404 otherwise)."""
    qs = Pairing.objects.select_related("student", "coach__person", "coach__campus")
    try:
        pairing = qs.get(pk=pairing_id)
    except (Pairing.DoesNotExist, ValueError, TypeError):
        raise Http404("No such record.") from None
    if not policies.may_see(user, pairing):
        raise Http404("No such record.")
    return pairing


def pairing_for_coach(user: Any, pairing_id: int) -> Pairing:
    return get_object_for(
        user,
        Permission.COACH_STUDENTS,
        Pairing.objects.select_related("student", "coach__person"),
        pk=pairing_id,
    )


def my_pairing(user: Any) -> Pairing | None:
    """The student's own active pairing."""
    if not has_permission(user, Permission.CHOOSE_COACH):
        return None
    person = person_or_none(user)
    if person is None:
        return None
    return (
        Pairing.objects.select_related("coach__person", "coach__campus")
        .filter(student=person, active=True)
        .first()
    )


def my_preference(user: Any) -> CoachPreference | None:
    person = person_or_none(user)
    if person is None or not has_permission(user, Permission.CHOOSE_COACH):
        return None
    return CoachPreference.objects.filter(student=person).first()


def meetings_for(user: Any, pairing: Pairing) -> list[Meeting]:
    if not policies.may_see(user, pairing):
        raise Http404("No such record.")
    return list(pairing.meetings.order_by("-starts_at"))


def meeting_for(user: Any, meeting_id: int, permission: Permission) -> Meeting:
    return get_object_for(
        user,
        permission,
        Meeting.objects.select_related("pairing__student", "pairing__coach__person"),
        pk=meeting_id,
    )


def goals_for(user: Any, pairing: Pairing) -> list[Goal]:
    if not policies.may_see(user, pairing):
        raise Http404("No such record.")
    return list(pairing.goals.all())


def goal_for(user: Any, goal_id: int) -> Goal:
    try:
        goal = Goal.objects.select_related("pairing__student", "pairing__coach__person").get(
            pk=goal_id
        )
    except (Goal.DoesNotExist, ValueError, TypeError):
        raise Http404("No such record.") from None
    if not policies.may_see(user, goal):
        raise Http404("No such record.")
    return goal


def upcoming_meetings_for_person(person: Person, *, limit: int = 5) -> list[Meeting]:
    """Scheduled meetings ahead, for the person as student or as coach (their own only)."""
    return list(
        Meeting.objects.filter(status=Meeting.Status.SCHEDULED, starts_at__gte=timezone.now())
        .filter(pairing__active=True)
        .filter(Q(pairing__student=person) | Q(pairing__coach__person=person))
        .select_related("pairing__student", "pairing__coach__person")
        .order_by("starts_at")[:limit]
    )


def in_a_pairing(person: Person) -> bool:
    """Whether the person is a coach on the roster or a student with a coach today."""
    return (
        Coach.objects.filter(person=person).exclude(status=Coach.Status.LEFT).exists()
        or Pairing.objects.filter(active=True, student=person).exists()
    )


def own_meetings(person: Person) -> list[Meeting]:
    """Every meeting of the person's active pairings (as student or coach), for calendars."""
    return list(
        Meeting.objects.filter(pairing__active=True)
        .filter(Q(pairing__student=person) | Q(pairing__coach__person=person))
        .exclude(status=Meeting.Status.CANCELLED)
        .select_related("pairing__student", "pairing__coach__person")
        .order_by("starts_at")
    )


# --- Notes: the author's, or the shared ones; every read audited -----------------


def notes_for_author(user: Any, pairing: Pairing) -> list[CoachingNote]:
    """The coach's own notes on this pairing (never a previous coach's), audited."""
    if not has_permission(user, Permission.COACH_STUDENTS, pairing):
        raise Http404("No such record.")
    notes = [
        n
        for n in CoachingNote.objects.filter(pairing=pairing, author_id=pairing.coach_id)
        .select_related("meeting", "pairing__coach")
        .order_by("-created_at", "-pk")
        if has_permission(user, Permission.COACH_STUDENTS, n)
    ]
    audit.record(
        audit.CoachingEvent.NOTES_READ,
        by=user,
        target=pairing,
        detail={"as": "author", "notes": [n.pk for n in notes]},
    )
    return notes


def note_for_author(user: Any, note_id: int) -> CoachingNote:
    note = get_object_for(
        user,
        Permission.COACH_STUDENTS,
        CoachingNote.objects.select_related("pairing__student", "pairing__coach", "meeting"),
        pk=note_id,
    )
    audit.record(audit.CoachingEvent.NOTE_READ, by=user, target=note, detail={"as": "author"})
    return note


def shared_notes_for_student(user: Any, pairing: Pairing) -> list[CoachingNote]:
    """The notes the student's coach shared with them, audited."""
    if not has_permission(user, Permission.CHOOSE_COACH, pairing):
        raise Http404("No such record.")
    notes = [
        n
        for n in CoachingNote.objects.filter(pairing=pairing, shared_with_student=True)
        .select_related("author__person", "meeting", "pairing")
        .order_by("-shared_at", "-pk")
        if has_permission(user, Permission.CHOOSE_COACH, n)
    ]
    audit.record(
        audit.CoachingEvent.NOTES_READ,
        by=user,
        target=pairing,
        detail={"as": "student", "notes": [n.pk for n in notes]},
    )
    return notes


# --- Referrals -------------------------------------------------------------------


def referrals_by_coach(user: Any, pairing: Pairing) -> list[Referral]:
    if not has_permission(user, Permission.COACH_STUDENTS, pairing):
        raise Http404("No such record.")
    return list(Referral.objects.filter(pairing=pairing, coach_id=pairing.coach_id))


def referrals_for_student(user: Any) -> list[Referral]:
    """Referrals about the signed-in student, newest first."""
    person = person_or_none(user)
    if person is None or not has_permission(user, Permission.CHOOSE_COACH):
        return []
    return list(Referral.objects.filter(student=person).select_related("coach__person"))


def referral_for_student(user: Any, referral_id: int) -> Referral:
    referral = get_object_for(
        user,
        Permission.CHOOSE_COACH,
        Referral.objects.select_related("coach__person", "pairing"),
        pk=referral_id,
    )
    audit.record(
        audit.CoachingEvent.REFERRAL_READ, by=user, target=referral, detail={"as": "student"}
    )
    return referral


def referral_for_coach(user: Any, referral_id: int) -> Referral:
    return get_object_for(
        user,
        Permission.COACH_STUDENTS,
        Referral.objects.select_related("coach__person", "pairing__coach", "student"),
        pk=referral_id,
    )


def referrals_for_student_affairs(
    user: Any, *, status: str = "", page: str | None = None
) -> Page[Referral]:
    """One page of the referrals students agreed to send (nothing else exists for
    student affairs); the read of that page is audited."""
    if not has_permission(user, Permission.MANAGE_PAIRING):
        raise Http404("No such page.")
    qs = Referral.objects.filter(status__in=Referral.VISIBLE_TO_STUDENT_AFFAIRS).select_related(
        "student", "coach__person"
    )
    if status in Referral.VISIBLE_TO_STUDENT_AFFAIRS:
        qs = qs.filter(status=status)
    found = Paginator(qs.order_by("-decided_at", "-pk"), 50).get_page(page)
    audit.record(
        audit.CoachingEvent.REFERRALS_LISTED, by=user, detail={"referrals": [r.pk for r in found]}
    )
    return found


def referral_for_student_affairs(user: Any, referral_id: int) -> Referral:
    referral = get_object_for(
        user,
        Permission.MANAGE_PAIRING,
        Referral.objects.select_related("student", "coach__person"),
        pk=referral_id,
    )
    audit.record(
        audit.CoachingEvent.REFERRAL_READ,
        by=user,
        target=referral,
        detail={"as": "student_affairs"},
    )
    return referral


# --- Student affairs: roster, loads, waiting students ----------------------------


@dataclass(frozen=True)
class CoachLoad:
    coach: Coach
    students: int
    has_role: bool

    @property
    def free(self) -> int:
        return max(self.coach.capacity - self.students, 0)

    @property
    def over(self) -> bool:
        return self.students > self.coach.capacity


def coach_loads(*, include_left: bool = False) -> list[CoachLoad]:
    """Every coach on the roster with how many students they coach now (three queries)."""
    coaches = Coach.objects.select_related("person", "campus").annotate(
        load=Count("pairings", filter=Q(pairings__active=True))
    )
    if not include_left:
        coaches = coaches.exclude(status=Coach.Status.LEFT)
    coaches = coaches.order_by("person__legal_family_name", "person__legal_given_name")
    with_role = set(
        RoleAssignment.objects.filter(role="coach").values_list("user__person__pk", flat=True)
    )
    return [
        CoachLoad(coach=c, students=c.load, has_role=c.person_id in with_role)  # type: ignore[attr-defined]
        for c in coaches
    ]


def coach_for_student_affairs(user: Any, coach_id: int) -> Coach:
    return get_object_for(
        user,
        Permission.MANAGE_PAIRING,
        Coach.objects.select_related("person", "campus"),
        pk=coach_id,
    )


def pairings_of_coach(user: Any, coach: Coach) -> list[Pairing]:
    """Student affairs' view of a coach's students: who, since when; nothing inside."""
    if not has_permission(user, Permission.MANAGE_PAIRING, coach):
        raise Http404("No such record.")
    return list(
        Pairing.objects.filter(coach=coach, active=True)
        .select_related("student")
        .order_by("student__legal_family_name", "student__legal_given_name")
    )


@dataclass(frozen=True)
class UnpairedStudent:
    person: Person
    cohort: int | None
    waiting: WaitingStudent | None


def unpaired_students(*, cohorts: list[int] | None = None) -> list[UnpairedStudent]:
    """Current students without a coach; those whose coach left, then the longest
    waiting, come first."""
    cohort_of = current_students(cohorts=cohorts or None)
    paired = set(
        Pairing.objects.filter(active=True, student_id__in=list(cohort_of)).values_list(
            "student_id", flat=True
        )
    )
    ids = [pid for pid in cohort_of if pid not in paired]
    people = Person.objects.in_bulk(ids)
    waiting = {
        w.student_id: w
        for w in WaitingStudent.objects.filter(student_id__in=ids).select_related(
            "previous_coach__person"
        )
    }
    found = [UnpairedStudent(people[pid], cohort_of[pid], waiting.get(pid)) for pid in ids]

    def order(u: UnpairedStudent) -> tuple[int, date, str]:
        w = u.waiting
        return (
            0 if w is not None and w.coach_left else 1,
            w.since if w is not None else date.max,
            u.person.display_name.casefold(),
        )

    return sorted(found, key=order)


def run_for(user: Any, run_id: int) -> PairingRun:
    return get_object_for(
        user,
        Permission.MANAGE_PAIRING,
        PairingRun.objects.select_related("created_by", "published_by"),
        pk=run_id,
    )


def last_published_run() -> PairingRun | None:
    return (
        PairingRun.objects.filter(status=PairingRun.Status.PUBLISHED)
        .order_by("-published_at", "-pk")
        .first()
    )
