"""Who may see which coaching record. Registered with ``access.policies`` when the app is ready.

* A coach (COACH_STUDENTS) sees a pairing, its meetings, goals and referrals
  only while the pairing is active and they are its coach; a note only if
  they wrote it, on a pairing they still coach. Another coach's students do
  not exist for them (404).
* A student (CHOOSE_COACH) sees their own active pairing, its meetings and
  goals, the notes their coach chose to share, and referrals about them.
* Student affairs (MANAGE_PAIRING) runs the roster and pairing and sees
  referrals once the student has agreed to send them, and only what was
  shared. A rule here refuses them every coaching note, so that holding the
  permission never reaches one, whatever a view asks.
* Nobody else, administrators included, sees any of it.
"""

from __future__ import annotations

from typing import Any

from belong.access.permissions import Permission
from belong.access.policies import has_permission, object_rule
from belong.coaching.models import CoachingNote, Goal, Meeting, Pairing, Referral
from belong.people.queries import person_or_none


def _person_id(user: Any) -> int | None:
    person = person_or_none(user)
    return person.pk if person is not None else None


def _pairing_of(obj: Any) -> Pairing | None:
    if isinstance(obj, Pairing):
        return obj
    if isinstance(obj, Meeting | Goal | CoachingNote | Referral):
        return obj.pairing
    return None


def coaches_pairing(user: Any, pairing: Pairing) -> bool:
    """The user is the coach of this active pairing."""
    pid = _person_id(user)
    return pid is not None and pairing.active and pairing.coach.person_id == pid


def is_student_of(user: Any, pairing: Pairing) -> bool:
    """The user is the student of this active pairing."""
    pid = _person_id(user)
    return pid is not None and pairing.active and pairing.student_id == pid


@object_rule(Permission.COACH_STUDENTS)
def _coach_rule(user: Any, obj: Any) -> bool:
    pairing = _pairing_of(obj)
    if pairing is None or not coaches_pairing(user, pairing):
        return False
    if isinstance(obj, CoachingNote):
        # The author only: a new coach never reads the previous coach's notes.
        return obj.author_id == pairing.coach_id
    if isinstance(obj, Referral):
        return obj.coach_id == pairing.coach_id
    return True


@object_rule(Permission.CHOOSE_COACH)
def _student_rule(user: Any, obj: Any) -> bool:
    pairing = _pairing_of(obj)
    if isinstance(obj, Referral):
        pid = _person_id(user)
        return pid is not None and obj.student_id == pid
    if pairing is None or not is_student_of(user, pairing):
        return False
    if isinstance(obj, CoachingNote):
        return obj.shared_with_student
    return True


@object_rule(Permission.MANAGE_PAIRING)
def _student_affairs_rule(user: Any, obj: Any) -> bool:
    if isinstance(obj, CoachingNote):
        return False
    if isinstance(obj, Referral):
        return obj.status in Referral.VISIBLE_TO_STUDENT_AFFAIRS
    # Meetings and goals belong to the student and coach; student affairs
    # works with pairings, loads and referrals, not with what happens inside.
    return not isinstance(obj, Meeting | Goal)


def role_in(user: Any, pairing: Pairing) -> str | None:
    """``"coach"``, ``"student"`` or ``None``: the user's part in this pairing."""
    if has_permission(user, Permission.COACH_STUDENTS, pairing):
        return "coach"
    if has_permission(user, Permission.CHOOSE_COACH, pairing):
        return "student"
    return None


def may_see(user: Any, obj: Meeting | Goal | Pairing) -> bool:
    """The coach or the student of the (active) pairing."""
    return has_permission(user, Permission.COACH_STUDENTS, obj) or has_permission(
        user, Permission.CHOOSE_COACH, obj
    )
