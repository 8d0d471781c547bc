"""Every read of well-being records that a person may see, and the audit of it.

Views never query check-ins, reflections, support requests or coverage
records themselves. Each function here checks who is asking, returns only
what they may see (404 otherwise) and records the read in the audit log;
the audit detail never holds what the record says.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone

from belong.access import audit
from belong.access.permissions import Permission
from belong.access.policies import get_object_for, has_permission, units_for_role
from belong.people.models import Person
from belong.people.queries import person_of, person_or_none
from belong.wellbeing import aggregates, policies, terms
from belong.wellbeing.models import (
    Attendance,
    CheckIn,
    CoverageProof,
    CoverageRecord,
    CoverageYear,
    ReachSession,
    ReachWeek,
    ReflectionEntry,
    SupportRequest,
)

# --- Check-ins: only ever the person's own ---------------------------------


def own_checkins(user: Any) -> list[CheckIn]:
    """The user's own check-ins, oldest first (audited)."""
    if not has_permission(user, Permission.SUBMIT_CHECKIN):
        raise Http404("No such page.")
    person = person_of(user)
    checkins = list(CheckIn.objects.filter(person=person).order_by("submitted_at", "pk"))
    audit.record(
        audit.WellbeingEvent.CHECKINS_READ, by=user, target=person, detail={"count": len(checkins)}
    )
    return checkins


def own_checkin(user: Any, pk: Any) -> tuple[CheckIn, CheckIn | None]:
    """One of the user's own check-ins and the one before it (audited); 404 for anyone else's."""
    checkin = get_object_for(user, Permission.SUBMIT_CHECKIN, CheckIn, pk=pk)
    previous = (
        CheckIn.objects.filter(person_id=checkin.person_id, submitted_at__lt=checkin.submitted_at)
        .order_by("-submitted_at")
        .first()
    )
    audit.record(audit.WellbeingEvent.CHECKIN_READ, by=user, target=checkin)
    return checkin, previous


def last_checkin_at(user: Any) -> datetime | None:
    """When the user last checked in (not what they answered); audited all the same."""
    person = person_or_none(user)
    if person is None or not has_permission(user, Permission.SUBMIT_CHECKIN):
        return None
    at = (
        CheckIn.objects.filter(person=person)
        .order_by("-submitted_at")
        .values_list("submitted_at", flat=True)
        .first()
    )
    audit.record(audit.WellbeingEvent.CHECKIN_DATE_READ, by=user, target=person)
    return at


def checkin_aggregates(user: Any, *, today: date | None = None) -> list[aggregates.CheckinTerm]:
    """Suppressed cohort figures for the last four closed quarters (audited)."""
    if not has_permission(user, Permission.VIEW_STUDENT_AFFAIRS_DASHBOARD):
        raise Http404("No such page.")
    found = aggregates.checkin_terms(
        k=settings.PRIVACY_MIN_CELL, today=today or timezone.localdate()
    )
    audit.record(
        audit.WellbeingEvent.CHECKIN_AGGREGATES_READ,
        by=user,
        detail={"quarters": [t.label for t in found], "k": settings.PRIVACY_MIN_CELL},
    )
    return found


# --- REACH ------------------------------------------------------------------


@dataclass(frozen=True)
class StudentCalendar:
    cohort: int | None
    weeks: list[ReachWeek]
    attendance: dict[int, Attendance]  # session id → the student's own mark


def student_calendar(user: Any) -> StudentCalendar:
    """The user's cohort's REACH weeks with sessions, and their own attendance."""
    if not has_permission(user, Permission.ATTEND_REACH):
        raise Http404("No such page.")
    person = person_of(user)
    cohort = terms.cohort_of(person)
    if cohort is None:
        return StudentCalendar(None, [], {})
    weeks = list(
        ReachWeek.objects.filter(cohort=cohort)
        .order_by("starts_on")
        .prefetch_related(Prefetch("sessions", ReachSession.objects.order_by("starts_at")))
    )
    marks = {
        a.session_id: a
        for a in Attendance.objects.filter(person=person, session__week__cohort=cohort)
    }
    return StudentCalendar(cohort, weeks, marks)


def next_reach_session(person: Person, now: datetime | None = None) -> ReachSession | None:
    cohort = terms.cohort_of(person)
    if cohort is None:
        return None
    return (
        ReachSession.objects.filter(week__cohort=cohort, ends_at__gte=now or timezone.now())
        .order_by("starts_at")
        .first()
    )


def own_reflections(user: Any) -> list[ReflectionEntry]:
    """The user's own journal, newest first (audited). Nobody else can read it."""
    if not has_permission(user, Permission.ATTEND_REACH):
        raise Http404("No such page.")
    person = person_of(user)
    entries = list(ReflectionEntry.objects.filter(author=person).select_related("week"))
    audit.record(
        audit.WellbeingEvent.REFLECTIONS_READ,
        by=user,
        target=person,
        detail={"count": len(entries)},
    )
    return entries


def own_reflection(user: Any, pk: Any) -> ReflectionEntry:
    entry = get_object_for(user, Permission.ATTEND_REACH, ReflectionEntry, pk=pk)
    audit.record(audit.WellbeingEvent.REFLECTION_READ, by=user, target=entry)
    return entry


def own_cohort_weeks(user: Any) -> QuerySet[ReachWeek]:
    cohort = terms.cohort_of(person_or_none(user))
    if cohort is None:
        return ReachWeek.objects.none()
    return ReachWeek.objects.filter(cohort=cohort).order_by("-starts_on")


# --- Support requests ----------------------------------------------------------

_REQUEST_RELATED = ("service", "office", "requester", "assigned_to")


def own_requests(user: Any) -> list[SupportRequest]:
    """The user's own requests, newest first (audited)."""
    if not has_permission(user, Permission.REQUEST_SUPPORT):
        raise Http404("No such page.")
    person = person_of(user)
    requests = list(
        SupportRequest.objects.filter(requester=person).select_related("service", "office")
    )
    audit.record(
        audit.WellbeingEvent.SUPPORT_REQUESTS_READ,
        by=user,
        target=person,
        detail={"count": len(requests)},
    )
    return requests


def _with_thread(qs: QuerySet[SupportRequest]) -> QuerySet[SupportRequest]:
    return qs.select_related(*_REQUEST_RELATED).prefetch_related(
        "messages__author__person", "history"
    )


def own_request(user: Any, pk: Any) -> SupportRequest:
    """One of the user's own requests with its messages (audited); 404 otherwise."""
    request = get_object_for(
        user, Permission.REQUEST_SUPPORT, _with_thread(SupportRequest.objects.all()), pk=pk
    )
    audit.record(
        audit.WellbeingEvent.SUPPORT_REQUEST_READ, by=user, target=request, detail={"as": "student"}
    )
    return request


def office_request(user: Any, pk: Any) -> SupportRequest:
    """A request in one of the user's offices that they may see (audited); 404 otherwise.

    The object rule leaves out another office's requests, and under the
    no-assessor rule the requests of students the case manager assesses.
    """
    request = get_object_for(
        user,
        Permission.HANDLE_SUPPORT_REQUESTS,
        _with_thread(SupportRequest.objects.all()),
        pk=pk,
    )
    audit.record(
        audit.WellbeingEvent.SUPPORT_REQUEST_READ, by=user, target=request, detail={"as": "office"}
    )
    return request


def request_for_participant(user: Any, pk: Any) -> tuple[SupportRequest, bool]:
    """The request if the user made it or may handle it; and whether as the office."""
    found = SupportRequest.objects.filter(pk=pk).first() if str(pk).isdigit() else None
    if found is not None and policies.may_handle(user, found):
        return office_request(user, pk), True
    return own_request(user, pk), False


QUEUE_VIEWS = {
    "open": ("Open", SupportRequest.OPEN),
    "resolved": ("Resolved", (SupportRequest.Status.RESOLVED,)),
    "withdrawn": ("Withdrawn", (SupportRequest.Status.WITHDRAWN,)),
}


def _office_queryset(user: Any) -> QuerySet[SupportRequest]:
    if not has_permission(user, Permission.HANDLE_SUPPORT_REQUESTS):
        raise Http404("No such page.")
    offices = units_for_role(user, policies.CASE_MANAGER)
    return SupportRequest.objects.filter(office_id__in=offices).filter(
        policies.not_hidden_by_no_assessor_rule(user)
    )


def office_queue(user: Any, *, view: str = "open", mine: bool = False) -> QuerySet[SupportRequest]:
    """The requests of the user's office(s) they may see, oldest due first (audited).

    Returned lazily so the view can paginate; the audit event records the
    filter and how many requests it matched.
    """
    if view not in QUEUE_VIEWS:
        view = "open"
    statuses = QUEUE_VIEWS[view][1]
    qs = _office_queryset(user).filter(status__in=statuses).select_related(*_REQUEST_RELATED)
    if mine:
        qs = qs.filter(assigned_to=user)
    qs = qs.order_by("due_by") if view == "open" else qs.order_by("-updated_at")
    audit.record(
        audit.WellbeingEvent.SUPPORT_QUEUE_READ,
        by=user,
        detail={"view": view, "mine": mine, "count": qs.count()},
    )
    return qs


@dataclass(frozen=True)
class QueueCounts:
    open: int
    overdue: int
    unassigned: int


def office_queue_counts(user: Any, now: datetime | None = None) -> QueueCounts:
    """How many requests wait in the user's queue (counts only, nothing about any one)."""
    now = now or timezone.now()
    qs = _office_queryset(user).filter(status__in=SupportRequest.OPEN)
    rows = list(qs.values_list("first_response_at", "due_by", "assigned_to_id"))
    return QueueCounts(
        open=len(rows),
        overdue=sum(1 for first, due, _ in rows if first is None and due < now),
        unassigned=sum(1 for *_, assignee in rows if assignee is None),
    )


def own_open_request_count(user: Any) -> int:
    person = person_or_none(user)
    if person is None:
        return 0
    return SupportRequest.objects.filter(requester=person, status__in=SupportRequest.OPEN).count()


# --- Coverage ------------------------------------------------------------------


def own_coverage(user: Any, year: CoverageYear) -> CoverageRecord | None:
    """The user's record for ``year``, with its history (audited when there is one)."""
    if not has_permission(user, Permission.MANAGE_OWN_COVERAGE):
        raise Http404("No such page.")
    person = person_of(user)
    record = (
        CoverageRecord.objects.filter(person=person, year=year)
        .prefetch_related("events", Prefetch("proofs", CoverageProof.objects.defer("data")))
        .first()
    )
    if record is not None:
        audit.record(
            audit.WellbeingEvent.COVERAGE_RECORD_READ,
            by=user,
            target=record,
            detail={"as": "student"},
        )
    return record


def own_coverage_status(user: Any, year: CoverageYear) -> str | None:
    """Just the status code of the user's record (for the home card)."""
    person = person_or_none(user)
    if person is None:
        return None
    return (
        CoverageRecord.objects.filter(person=person, year=year)
        .values_list("status", flat=True)
        .first()
    )


def review_queue(user: Any, *, status: str) -> QuerySet[CoverageRecord]:
    """Coverage records in one status, for student affairs (audited)."""
    if not has_permission(user, Permission.REVIEW_COVERAGE):
        raise Http404("No such page.")
    qs = (
        CoverageRecord.objects.filter(status=status)
        .select_related("person", "year")
        .order_by("submitted_at", "pk")
    )
    audit.record(
        audit.WellbeingEvent.COVERAGE_QUEUE_READ,
        by=user,
        detail={"status": status, "count": qs.count()},
    )
    return qs


def record_for_review(user: Any, pk: Any) -> CoverageRecord:
    if not has_permission(user, Permission.REVIEW_COVERAGE):
        raise Http404("No such record.")
    qs = CoverageRecord.objects.select_related("person", "year").prefetch_related(
        "events__by", Prefetch("proofs", CoverageProof.objects.defer("data"))
    )
    record = get_object_for(user, Permission.REVIEW_COVERAGE, qs, pk=pk)
    audit.record(
        audit.WellbeingEvent.COVERAGE_RECORD_READ, by=user, target=record, detail={"as": "reviewer"}
    )
    return record


def proof_for(user: Any, pk: Any) -> CoverageProof:
    """An uploaded proof, for its student or a reviewer (audited); 404 for anyone else."""
    proof = CoverageProof.objects.select_related("record").filter(pk=pk).first()
    if proof is None:
        raise Http404("No such file.")
    reviewer = has_permission(user, Permission.REVIEW_COVERAGE)
    if not reviewer and not has_permission(user, Permission.MANAGE_OWN_COVERAGE, proof.record):
        raise Http404("No such file.")
    audit.record(
        audit.WellbeingEvent.COVERAGE_PROOF_READ,
        by=user,
        target=proof,
        detail={"as": "reviewer" if reviewer else "student"},
    )
    return proof


@dataclass(frozen=True)
class MissingCoverage:
    person: Person
    cohort: int
    status: str
    status_label: str


def students_missing_coverage(user: Any, year: CoverageYear) -> list[MissingCoverage]:
    """Current students not yet compliant for ``year``: the drill-down behind the
    compliance table, for student affairs only (audited). Names, class and
    coverage status; nothing else."""
    if not has_permission(user, Permission.REVIEW_COVERAGE):
        raise Http404("No such page.")
    students = terms.current_students_by_cohort()
    statuses = dict(
        CoverageRecord.objects.filter(year=year, person_id__in=list(students)).values_list(
            "person_id", "status"
        )
    )
    labels = dict(CoverageRecord.Status.choices)
    missing_ids = [pid for pid in students if statuses.get(pid) not in CoverageRecord.COMPLIANT]
    people = Person.objects.in_bulk(missing_ids)
    rows = [
        MissingCoverage(
            person=people[pid],
            cohort=students[pid],
            status=statuses.get(pid, aggregates.NOT_STARTED),
            status_label=str(labels.get(statuses.get(pid, ""), "Not started")),
        )
        for pid in missing_ids
        if pid in people
    ]
    rows.sort(key=lambda r: (r.cohort, r.person.legal_family_name, r.person.legal_given_name))
    audit.record(
        audit.WellbeingEvent.COVERAGE_MISSING_READ,
        by=user,
        detail={"year": year.academic_year, "count": len(rows)},
    )
    return rows
