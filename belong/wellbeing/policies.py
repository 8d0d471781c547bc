"""Who may see which well-being record: one object rule per (permission, model).

Registered with ``access.policies`` when the app is ready.

* A check-in, a reflection, a coverage record: only the person it belongs to
  (and, for coverage, student affairs reviewing it).
* A support request: the student who made it, and the case managers of the
  office it was routed to, except that under the no-assessor rule
  (counselling) a case manager who assesses the student never sees it.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Q
from django.utils import timezone

from belong.access.permissions import Permission
from belong.access.policies import (
    has_permission,
    holding_suffices,
    object_rule,
    units_for_role,
)
from belong.people.assessment import assesses, assessor_pairs
from belong.people.models import Affiliation, AssessmentRelationship
from belong.people.queries import person_or_none
from belong.wellbeing.models import (
    CheckIn,
    CoverageRecord,
    ReflectionEntry,
    SupportRequest,
)

CASE_MANAGER = "case_manager"


def _is_own_person(user: Any, person_id: int) -> bool:
    person = person_or_none(user)
    return person is not None and person.pk == person_id


@object_rule(Permission.SUBMIT_CHECKIN, CheckIn)
def _own_checkin(user: Any, checkin: CheckIn) -> bool:
    return _is_own_person(user, checkin.person_id)


@object_rule(Permission.ATTEND_REACH, ReflectionEntry)
def _own_reflection(user: Any, entry: ReflectionEntry) -> bool:
    return _is_own_person(user, entry.author_id)


@object_rule(Permission.MANAGE_OWN_COVERAGE, CoverageRecord)
def _own_coverage(user: Any, record: CoverageRecord) -> bool:
    return _is_own_person(user, record.person_id)


# Reviewers decide every student's coverage (and read every proof they uploaded).
holding_suffices(Permission.REVIEW_COVERAGE, CoverageRecord)


@object_rule(Permission.REQUEST_SUPPORT, SupportRequest)
def _own_request(user: Any, request: SupportRequest) -> bool:
    return _is_own_person(user, request.requester_id)


@object_rule(Permission.HANDLE_SUPPORT_REQUESTS, SupportRequest)
def _office_request(user: Any, request: SupportRequest) -> bool:
    if request.office_id not in units_for_role(user, CASE_MANAGER):
        return False
    return not (request.no_assessor and _assesses(user, request.requester_id))


def _assesses(user: Any, student_person_id: int) -> bool:
    person = person_or_none(user)
    return person is not None and assesses(person.pk, student_person_id)


def may_handle(user: Any, request: SupportRequest) -> bool:
    return has_permission(user, Permission.HANDLE_SUPPORT_REQUESTS, request)


def is_requester(user: Any, request: SupportRequest) -> bool:
    return has_permission(user, Permission.REQUEST_SUPPORT, request)


def not_hidden_by_no_assessor_rule(user: Any, on: date | None = None) -> Q:
    """A filter on SupportRequest leaving out the no-assessor requests of students
    whom ``user`` assesses, directly or as a whole cohort: the queue's version of
    ``_office_request``, in SQL so that a queue of any size is one query. It
    matches ``belong.people.assessment.assesses`` (tests cross-check the two)."""
    person = person_or_none(user)
    if person is None:
        return Q()
    day = on or timezone.localdate()
    current = Q(start_date__lte=day) & (Q(end_date__isnull=True) | Q(end_date__gte=day))
    relationships = AssessmentRelationship.objects.filter(current, assessor_id=person.pk)
    direct = relationships.filter(student__isnull=False).values("student_id")
    cohorts = relationships.filter(student__isnull=True).values("cohort")
    via_cohort = Affiliation.objects.filter(
        kind=Affiliation.Kind.STUDENT, cohort__in=cohorts
    ).values("person_id")
    return ~(Q(no_assessor=True) & (Q(requester_id__in=direct) | Q(requester_id__in=via_cohort)))


def eligible_handlers(request: SupportRequest) -> list[Any]:
    """Case managers of the request's office who may see it (for assignment)."""
    from belong.access.models import User

    users = list(
        User.objects.filter(
            is_active=True,
            role_assignments__role=CASE_MANAGER,
            role_assignments__unit_id=request.office_id,
        )
        .select_related("person")
        .distinct()
        .order_by("username")
    )
    if not request.no_assessor:
        return users
    pairs = assessor_pairs([request.requester_id])
    assessors = {assessor for assessor, _ in pairs}
    return [u for u in users if getattr(_person_of(u), "pk", None) not in assessors]


def _person_of(user: Any) -> Any:
    try:
        return user.person
    except ObjectDoesNotExist:  # no person record: cannot be an assessor
        return None
