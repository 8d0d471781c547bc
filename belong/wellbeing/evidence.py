"""LCME elements 12.3, 12.4, 12.5 and 12.6 for the accreditation evidence (``publishing.evidence``).

* 12.3 -- REACH participation by class in the academic year of the day (or the
  latest year with REACH weeks), and support requests by service over the last
  twelve months with the time to a first response;
* 12.4 -- the support services students can reach: office, response target,
  urgent or after-hours contact (no person is counted);
* 12.5 -- the no-assessor rule on counselling: every request under the rule
  checked against its handler's current assessments of the requester;
* 12.6 -- health-coverage compliance by class for the coverage year of the day.

Every count goes through ``belong.privacy.suppress_small_cells`` with the sums
a reader can add up, so that no hidden count can be worked out; a median is
shown only where at least ``k`` values stand behind it.
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from collections.abc import Hashable
from datetime import datetime, time, timedelta
from typing import Any

from django.utils import timezone

from belong.core.academic_calendar import academic_year_label, academic_year_of
from belong.people.assessment import assessor_pairs
from belong.privacy import Constraint, suppress_small_cells
from belong.publishing.evidence import Column, Context, EvidenceTable, Source
from belong.wellbeing import aggregates
from belong.wellbeing.models import (
    CoverageRecord,
    CoverageYear,
    ReachWeek,
    SupportKind,
    SupportRequest,
    SupportService,
)

ALL = "all"


def _protect(
    counts: dict[Hashable, int],
    constraints: list[Constraint],
    k: int,
    at_most: list[tuple[Any, Any]] | None = None,
) -> dict[Any, int | None]:
    return suppress_small_cells(counts, constraints, k=k, at_most=at_most or []).published(counts)


def _end_of(context: Context) -> datetime:
    return timezone.make_aware(datetime.combine(context.today + timedelta(days=1), time.min))


# --- 12.3 REACH participation ----------------------------------------------------------

REACH_STATUSES = (("present", "Present"), ("excused", "Excused"), ("absent", "Absent"))


def reach_participation(context: Context) -> EvidenceTable | None:
    """Attendance marks by class (present, excused, absent) in one academic year."""
    year = academic_year_of(context.today)
    if not ReachWeek.objects.filter(academic_year=year).exists():
        latest = ReachWeek.objects.filter(academic_year__lt=year).order_by("-academic_year")
        found = latest.values_list("academic_year", flat=True).first()
        if found is None:
            return None
        year = found
    by_cohort: dict[Any, Counter[str]] = defaultdict(Counter)
    sessions: Counter[Any] = Counter()
    for row in aggregates.reach_attendance(year):
        sessions[row.cohort] += row.sessions
        by_cohort[row.cohort].update(
            {"present": row.present, "excused": row.excused, "absent": row.absent}
        )
    cohorts = sorted(by_cohort)
    counts: dict[Hashable, int] = {}
    for cohort in cohorts:
        for status, _ in REACH_STATUSES:
            counts[(cohort, status)] = by_cohort[cohort][status]
            counts[(ALL, status)] = counts.get((ALL, status), 0) + by_cohort[cohort][status]
    for group in (*cohorts, ALL):
        counts[(group, "marked")] = sum(counts[(group, s)] for s, _ in REACH_STATUSES)
    constraints = [
        Constraint((g, "marked"), tuple((g, s) for s, _ in REACH_STATUSES)) for g in (*cohorts, ALL)
    ]
    constraints += [
        Constraint((ALL, m), tuple((c, m) for c in cohorts))
        for m in ("marked", *(s for s, _ in REACH_STATUSES))
    ]
    shown = _protect(counts, constraints, context.k)
    rows = []
    for group in (*cohorts, ALL):
        marked, present = shown[(group, "marked")], shown[(group, "present")]
        share = present / marked if marked and present is not None else None
        label = "All classes" if group == ALL else f"Class of {group}"
        rows.append(
            [
                label,
                sum(sessions.values()) if group == ALL else sessions[group],
                marked,
                *(shown[(group, s)] for s, _ in REACH_STATUSES),
                share,
            ]
        )
    return EvidenceTable(
        element="12.3",
        key="wellbeing-reach",
        title=f"REACH week participation, {academic_year_label(year)}",
        description=(
            "REACH weeks (Reflection, Education, Assessment, Coaching, Health) in the academic "
            "year: sessions held for each class and the attendance marks recorded (one per "
            "student and session)."
        ),
        columns=[
            Column("Class", "text"),
            Column("Sessions"),
            Column("Attendance marks"),
            *(Column(label) for _, label in REACH_STATUSES),
            Column("Share present", "share"),
        ],
        rows=rows,
        as_of=context.today,
        k=context.k,
    )


# --- 12.3 support requests ----------------------------------------------------------------


def _median_hours(values: list[float], k: int) -> float | None:
    return round(statistics.median(values), 1) if len(values) >= k else None


def support_requests(context: Context) -> EvidenceTable | None:
    """Requests by service over the last twelve months; time to a first response."""
    end = _end_of(context)
    since = end - timedelta(days=365)
    found = list(
        SupportRequest.objects.filter(created_at__gte=since, created_at__lt=end).values_list(
            "service__kind", "created_at", "first_response_at", "due_by"
        )
    )
    if not found:
        return None
    kinds = [k for k in SupportKind.values if any(r[0] == k for r in found)]
    counts: dict[Hashable, int] = {}
    hours: dict[str, list[float]] = defaultdict(list)
    for kind in kinds:
        mine = [r for r in found if r[0] == kind]
        # (created, first response, due) of the requests answered by the date
        answered = [(r[1], r[2], r[3]) for r in mine if r[2] is not None and r[2] < end]
        counts[(kind, "received")] = len(mine)
        counts[(kind, "answered")] = len(answered)
        counts[(kind, "on_time")] = sum(1 for _, first, due in answered if first <= due)
        hours[kind] = [(first - made).total_seconds() / 3600 for made, first, _ in answered]
        hours[ALL] += hours[kind]
    for measure in ("received", "answered", "on_time"):
        counts[(ALL, measure)] = sum(counts[(kind, measure)] for kind in kinds)
    constraints = [
        Constraint((ALL, m), tuple((kind, m) for kind in kinds))
        for m in ("received", "answered", "on_time")
    ]
    at_most = [((g, "answered"), (g, "received")) for g in (*kinds, ALL)]
    at_most += [((g, "on_time"), (g, "answered")) for g in (*kinds, ALL)]
    shown = _protect(counts, constraints, context.k, at_most)
    rows = []
    for group in (*kinds, ALL):
        replied, on_time = shown[(group, "answered")], shown[(group, "on_time")]
        rows.append(
            [
                "All services" if group == ALL else SupportKind(group).label,
                shown[(group, "received")],
                replied,
                on_time / replied if replied and on_time is not None else None,
                _median_hours(hours[group], context.k) if replied is not None else None,
            ]
        )
    return EvidenceTable(
        element="12.3",
        key="wellbeing-support",
        title="Support requests by service and time to first response",
        description=(
            "Requests students made for counselling, advising, tutoring, disability "
            "accommodation and other support in the twelve months to the date, by service: how "
            "many were answered, how many within the service's response target, and the median "
            "hours from request to the office's first response."
        ),
        columns=[
            Column("Service", "text"),
            Column("Requests"),
            Column("Answered"),
            Column("Answered within target", "share"),
            Column("Median hours to first response", "hours"),
        ],
        rows=rows,
        as_of=context.today,
        k=context.k,
        notes=["A median is shown only where at least k requests were answered."],
    )


# --- 12.4 services ----------------------------------------------------------------------


def services(context: Context) -> EvidenceTable | None:
    """The support services students can reach, with targets and urgent contacts."""
    found = list(SupportService.objects.select_related("office").order_by("kind"))
    if not found:
        return None
    rows: list[list[Any]] = [
        [
            s.get_kind_display(),
            s.office.name,
            s.response_target_hours,
            s.after_hours_contact or "none listed",
            "yes" if s.accepting_requests else "no",
            "yes" if s.no_assessor_rule else "no",
        ]
        for s in found
    ]
    return EvidenceTable(
        element="12.4",
        key="wellbeing-services",
        title="Support and health services students can reach",
        description=(
            "Each service students can ask through Belong: the office that answers, the "
            "response target, the urgent or after-hours line, whether it takes requests now, and "
            "whether it is kept away from anyone who assesses the student."
        ),
        columns=[
            Column("Service", "text"),
            Column("Office", "text"),
            Column("First response within (hours)"),
            Column("Urgent or after-hours contact", "text"),
            Column("Taking requests", "text"),
            Column("Kept from assessors", "text"),
        ],
        rows=rows,
        as_of=context.today,
        k=context.k,
    )


# --- 12.5 the no-assessor rule on support requests ---------------------------------------


def no_assessor_checks(context: Context) -> EvidenceTable | None:
    """Every request under the no-assessor rule against its handler's assessments today."""
    found = list(
        SupportRequest.objects.filter(no_assessor=True, created_at__lt=_end_of(context))
        .exclude(assigned_to__isnull=True)
        .values_list("requester_id", "assigned_to__person__id", "status")
    )
    services_under_rule = SupportService.objects.filter(no_assessor_rule=True).count()
    if not found and not services_under_rule:
        return None
    pairs = assessor_pairs({r[0] for r in found}, on=context.today)
    counts: dict[Hashable, int] = {
        "checked": len(found),
        "open": sum(1 for r in found if r[2] in SupportRequest.OPEN),
        "conflicts": sum(1 for r in found if (r[1], r[0]) in pairs),
        "open_conflicts": sum(
            1 for r in found if r[2] in SupportRequest.OPEN and (r[1], r[0]) in pairs
        ),
    }
    at_most = [("open", "checked"), ("conflicts", "checked"), ("open_conflicts", "conflicts")]
    shown = _protect(counts, [], context.k, at_most)
    return EvidenceTable(
        element="12.5",
        key="wellbeing-no-assessor",
        title="Counselling kept from assessors: requests checked",
        description=(
            f"{services_under_rule} service(s) are under the no-assessor rule (counselling "
            "must be). A case manager who assesses a student never sees that student's request "
            "and cannot be assigned it; here every assigned request under the rule is checked "
            "again against the assessments in force on the date."
        ),
        columns=[Column("Requests under the rule", "text"), Column("Checked"), Column("Conflicts")],
        rows=[
            ["All assigned requests", shown["checked"], shown["conflicts"]],
            ["Still open", shown["open"], shown["open_conflicts"]],
        ],
        as_of=context.today,
        k=context.k,
        notes=["A conflict is a request whose handler assesses its requester on the date."],
    )


# --- 12.6 coverage -----------------------------------------------------------------------

COVERAGE_COLUMNS = (
    ("enrolled", "Enrolled in school plan", (CoverageRecord.Status.ENROLLED,)),
    ("waived", "Waiver approved", (CoverageRecord.Status.APPROVED,)),
    (
        "pending",
        "Waiver under review",
        (CoverageRecord.Status.WAIVER_SUBMITTED, CoverageRecord.Status.MORE_INFO),
    ),
    ("denied", "Waiver denied", (CoverageRecord.Status.DENIED,)),
    ("not_started", "Not started", (aggregates.NOT_STARTED,)),
)


def coverage(context: Context) -> EvidenceTable | None:
    """Current students by class and coverage status, and the share compliant."""
    this_year = academic_year_of(context.today)
    year = CoverageYear.objects.filter(academic_year=this_year).first()
    if year is None:
        earlier = CoverageYear.objects.filter(academic_year__lt=this_year)
        year = earlier.order_by("-academic_year").first()
    if year is None:
        return None
    found = [r for r in aggregates.coverage_compliance(year, context.today) if r.cohort != ALL]
    if not found:
        return None
    groups: list[Any] = [r.cohort for r in found]
    counts: dict[Hashable, int] = {}
    for r in found:
        for code, _, statuses in COVERAGE_COLUMNS:
            counts[(r.cohort, code)] = sum(r.counts.get(str(s), 0) for s in statuses)
        counts[(r.cohort, "students")] = r.students
    for code in ("students", *(c for c, _, _ in COVERAGE_COLUMNS)):
        counts[(ALL, code)] = sum(counts[(g, code)] for g in groups)
    codes = tuple(c for c, _, _ in COVERAGE_COLUMNS)
    constraints = [
        Constraint((g, "students"), tuple((g, c) for c in codes)) for g in (*groups, ALL)
    ]
    constraints += [
        Constraint((ALL, c), tuple((g, c) for g in groups)) for c in ("students", *codes)
    ]
    shown = _protect(counts, constraints, context.k)
    rows = []
    for group in (*groups, ALL):
        students, enrolled, waived = (shown[(group, c)] for c in ("students", "enrolled", "waived"))
        compliant = None
        if students and enrolled is not None and waived is not None:
            compliant = (enrolled + waived) / students
        rows.append(
            [
                "All classes" if group == ALL else f"Class of {group}",
                students,
                *(shown[(group, c)] for c in codes),
                compliant,
            ]
        )
    return EvidenceTable(
        element="12.6",
        key="wellbeing-coverage",
        title=f"Health insurance: enrol or waive, {year.label}",
        description=(
            f"Every current student for the coverage year {year.label} (deadline "
            f"{year.deadline:%-d %B %Y}): enrolled in the school's plan ({year.plan_name}), "
            "a waiver approved for comparable outside coverage, a waiver still under review or "
            "denied, or nothing yet. Compliant means enrolled or waiver approved."
        ),
        columns=[
            Column("Class", "text"),
            Column("Students"),
            *(Column(label) for _, label, _ in COVERAGE_COLUMNS),
            Column("Compliant", "share"),
        ],
        rows=rows,
        as_of=context.today,
        k=context.k,
    )


TABLES = [
    Source("12.3", "wellbeing-reach", reach_participation),
    Source("12.3", "wellbeing-support", support_requests),
    Source("12.4", "wellbeing-services", services),
    Source("12.5", "wellbeing-no-assessor", no_assessor_checks),
    Source("12.6", "wellbeing-coverage", coverage),
]
