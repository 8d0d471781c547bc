"""Who may see which coaching record: one object rule per (permission, model).

Registered with ``access.policies`` when the app is ready.

* A coach (COACH_STUDENTS) sees a pairing, its meetings, goals and referrals
  only while the pairing is active and they are its coach; a note only if
  they wrote it, on a pairing they still coach. Another coach's students do
  not exist for them (404).
* A student (CHOOSE_COACH) sees their own active pairing, its meetings and
  goals, the notes their coach chose to share, and referrals about them.
* Student affairs (MANAGE_PAIRING) runs the roster, the assessor list and
  pairing (coaches, pairings, runs, assessment relationships) and sees
  referrals once the student has agreed to send them. No rule is registered
  for them on a meeting, a goal or a coaching note, so holding the permission
  never reaches one, whatever a view asks: what happens inside a pairing
  belongs to the student and the coach.
* Nobody else, administrators included, sees any of it.
"""

from __future__ import annotations

from typing import Any

from belong.access.permissions import Permission
from belong.access.policies import has_permission, holding_suffices, object_rule
from belong.coaching.models import Coach, CoachingNote, Goal, Meeting, Pairing, PairingRun, Referral
from belong.people.models import AssessmentRelationship
from belong.people.queries import person_or_none


def _person_id(user: Any) -> int | None:
    person = person_or_none(user)
    return person.pk if person is not None else None


def coaches_pairing(user: Any, pairing: Pairing) -> bool:
    """The user is the coach of this active pairing."""
    pid = _person_id(user)
    return pid is not None and pairing.active and pairing.coach.person_id == pid


def is_student_of(user: Any, pairing: Pairing) -> bool:
    """The user is the student of this active pairing."""
    pid = _person_id(user)
    return pid is not None and pairing.active and pairing.student_id == pid


# --- The coach -------------------------------------------------------------------


@object_rule(Permission.COACH_STUDENTS, Pairing)
def _coach_pairing(user: Any, pairing: Pairing) -> bool:
    return coaches_pairing(user, pairing)


@object_rule(Permission.COACH_STUDENTS, Meeting)
@object_rule(Permission.COACH_STUDENTS, Goal)
def _coach_meeting_or_goal(user: Any, obj: Meeting | Goal) -> bool:
    return coaches_pairing(user, obj.pairing)


@object_rule(Permission.COACH_STUDENTS, CoachingNote)
def _coach_note(user: Any, note: CoachingNote) -> bool:
    # The author only: a new coach never reads the previous coach's notes.
    pairing = note.pairing
    return coaches_pairing(user, pairing) and note.author_id == pairing.coach_id


@object_rule(Permission.COACH_STUDENTS, Referral)
def _coach_referral(user: Any, referral: Referral) -> bool:
    pairing = referral.pairing
    return coaches_pairing(user, pairing) and referral.coach_id == pairing.coach_id


# --- The student -----------------------------------------------------------------


@object_rule(Permission.CHOOSE_COACH, Pairing)
def _student_pairing(user: Any, pairing: Pairing) -> bool:
    return is_student_of(user, pairing)


@object_rule(Permission.CHOOSE_COACH, Meeting)
@object_rule(Permission.CHOOSE_COACH, Goal)
def _student_meeting_or_goal(user: Any, obj: Meeting | Goal) -> bool:
    return is_student_of(user, obj.pairing)


@object_rule(Permission.CHOOSE_COACH, CoachingNote)
def _student_note(user: Any, note: CoachingNote) -> bool:
    return is_student_of(user, note.pairing) and note.shared_with_student


@object_rule(Permission.CHOOSE_COACH, Referral)
def _student_referral(user: Any, referral: Referral) -> bool:
    # About them, whichever pairing it came from (it may have ended since).
    pid = _person_id(user)
    return pid is not None and referral.student_id == pid


# --- Student affairs -------------------------------------------------------------

holding_suffices(Permission.MANAGE_PAIRING, Coach)
holding_suffices(Permission.MANAGE_PAIRING, Pairing)
holding_suffices(Permission.MANAGE_PAIRING, PairingRun)
holding_suffices(Permission.MANAGE_PAIRING, AssessmentRelationship)


@object_rule(Permission.MANAGE_PAIRING, Referral)
def _student_affairs_referral(user: Any, referral: Referral) -> bool:
    return referral.status in Referral.VISIBLE_TO_STUDENT_AFFAIRS


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
