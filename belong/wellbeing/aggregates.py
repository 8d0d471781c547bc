"""Cohort-level figures for the student-affairs dashboard and the home cards.

Each function runs a fixed, small number of queries whatever the size of the
school (the dashboard test counts them). Check-in figures go through
small-cell suppression (``belong.privacy``); the others describe operations
(attendance, request handling, coverage compliance), not people's health or
identity, and are shown in full: see ``docs/wellbeing.md``.
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Count, Q

from belong.privacy import Constraint, suppress_small_cells
from belong.wellbeing import terms, who5
from belong.wellbeing.models import (
    Attendance,
    CheckIn,
    Component,
    CoverageRecord,
    CoverageYear,
    ReachSession,
    SupportKind,
    SupportRequest,
)

ALL = "all"
UNKNOWN_COHORT = 0

# --- Check-ins ------------------------------------------------------------


@dataclass(frozen=True)
class CheckinRow:
    """One cohort in one quarter. ``None`` means suppressed (shown as "—")."""

    cohort: int | str  # a class year, UNKNOWN_COHORT, or ALL
    respondents: int | None
    mean_score: float | None
    share_poor: float | None  # below 50
    share_likely_depression: float | None  # 28 or below

    @property
    def label(self) -> str:
        if self.cohort == ALL:
            return "All classes"
        if self.cohort == UNKNOWN_COHORT:
            return "Class not recorded"
        return f"Class of {self.cohort}"

    @property
    def hidden(self) -> bool:
        return self.respondents is None


@dataclass(frozen=True)
class CheckinTerm:
    academic_year: int
    quarter: int
    rows: tuple[CheckinRow, ...]

    @property
    def label(self) -> str:
        return terms.term_label(self.academic_year, self.quarter)


def closed_terms(today: date, count: int) -> list[tuple[int, int]]:
    """The ``count`` most recent quarters that have ended, newest first.

    Only closed quarters are published: a figure that changes as each new
    check-in arrives would let a reader subtract two views and learn one
    person's score.
    """
    found = []
    term = terms.previous_term(*terms.term_of(today))
    for _ in range(count):
        found.append(term)
        term = terms.previous_term(*term)
    return found


_MEASURES = ("n", "poor", "ok", "low", "mid")


def _cells(scores: list[int]) -> dict[str, int]:
    low = sum(1 for s in scores if s <= who5.LIKELY_DEPRESSION_AT_OR_BELOW)
    poor = sum(1 for s in scores if s < who5.POOR_BELOW)
    return {"n": len(scores), "poor": poor, "ok": len(scores) - poor, "low": low, "mid": poor - low}


def term_cells(
    by_cohort: dict[int, list[int]],
) -> tuple[dict[int | str, list[int]], dict[Hashable, int], list[Constraint]]:
    """One quarter's cells and the sums a reader knows relate them.

    Per class and for all classes: respondents = below 50 + 50 and above;
    below 50 = 28 or below + 29–49 (all derivable from what is shown, so all
    are cells). Each all-classes cell is the sum of the class cells.
    """
    groups: dict[int | str, list[int]] = {c: by_cohort[c] for c in sorted(by_cohort)}
    groups[ALL] = [s for scores in by_cohort.values() for s in scores]
    counts: dict[Hashable, int] = {
        (g, m): v for g, scores in groups.items() for m, v in _cells(scores).items()
    }
    constraints = []
    for g in groups:
        constraints.append(Constraint((g, "n"), ((g, "poor"), (g, "ok"))))
        constraints.append(Constraint((g, "poor"), ((g, "low"), (g, "mid"))))
    cohorts = [g for g in groups if g != ALL]
    for m in _MEASURES:
        constraints.append(Constraint((ALL, m), tuple((c, m) for c in cohorts)))
    return groups, counts, constraints


def _suppressed_term(by_cohort: dict[int, list[int]], k: int) -> tuple[CheckinRow, ...]:
    groups, counts, constraints = term_cells(by_cohort)
    published = suppress_small_cells(counts, constraints, k=k).published(counts)
    rows = []
    for g, scores in groups.items():
        n = published[(g, "n")]
        poor, low = published[(g, "poor")], published[(g, "low")]
        rows.append(
            CheckinRow(
                cohort=g,
                respondents=n,
                mean_score=round(statistics.fmean(scores), 1) if n else None,
                share_poor=poor / n if n and poor is not None else None,
                share_likely_depression=low / n if n and low is not None else None,
            )
        )
    return tuple(rows)


def checkin_terms(*, k: int, today: date, count: int = 4) -> list[CheckinTerm]:
    """Cohort × quarter figures for the last ``count`` closed quarters, suppressed.

    Each respondent counts once a quarter (their latest check-in in it). Cells
    (respondents; below 50; 50 and above; 28 or below; 29–49) are suppressed
    below ``k`` with complementary suppression across the cohort rows and the
    all-classes row, so no hidden cell can be rebuilt by subtraction. Means and
    shares are shown only where the cells they rest on are published.
    """
    wanted = closed_terms(today, count)
    condition = Q()
    for academic_year, quarter in wanted:
        condition |= Q(academic_year=academic_year, quarter=quarter)
    latest: dict[tuple[int, int, int], tuple[datetime, int, int]] = {}
    rows = CheckIn.objects.filter(condition).values_list(
        "person_id", "academic_year", "quarter", "submitted_at", "cohort", "score"
    )
    for person_id, academic_year, quarter, submitted_at, cohort, score in rows:
        key = (person_id, academic_year, quarter)
        if key not in latest or submitted_at > latest[key][0]:
            latest[key] = (submitted_at, cohort or UNKNOWN_COHORT, score)
    grouped: dict[tuple[int, int], dict[int, list[int]]] = defaultdict(lambda: defaultdict(list))
    for (_, academic_year, quarter), (_, cohort, score) in latest.items():
        grouped[(academic_year, quarter)][cohort].append(score)
    return [
        CheckinTerm(y, q, _suppressed_term(dict(grouped[(y, q)]), k))
        for y, q in wanted
        if (y, q) in grouped
    ]


# --- REACH attendance -------------------------------------------------------


@dataclass(frozen=True)
class AttendanceRow:
    cohort: int
    component: str
    sessions: int
    present: int
    absent: int
    excused: int

    @property
    def recorded(self) -> int:
        return self.present + self.absent + self.excused

    @property
    def rate(self) -> float | None:
        """Share present among those whose attendance was recorded."""
        return self.present / self.recorded if self.recorded else None

    @property
    def component_label(self) -> str:
        return str(Component(self.component).label)


def reach_attendance(academic_year: int) -> list[AttendanceRow]:
    """Attendance by cohort and REACH component in one academic year (two queries)."""
    sessions = Counter(
        {
            (row["week__cohort"], row["component"]): row["n"]
            for row in ReachSession.objects.filter(week__academic_year=academic_year)
            .values("week__cohort", "component")
            .annotate(n=Count("id"))
        }
    )
    marks: dict[tuple[int, str], Counter[str]] = defaultdict(Counter)
    for row in (
        Attendance.objects.filter(session__week__academic_year=academic_year)
        .values("session__week__cohort", "session__component", "status")
        .annotate(n=Count("id"))
    ):
        marks[(row["session__week__cohort"], row["session__component"])][row["status"]] = row["n"]
    order = {c: i for i, c in enumerate(Component.values)}
    keys = sorted(set(sessions) | set(marks), key=lambda k: (k[0], order.get(k[1], 99)))
    return [
        AttendanceRow(
            cohort=cohort,
            component=component,
            sessions=sessions[(cohort, component)],
            present=marks[(cohort, component)][Attendance.Status.PRESENT],
            absent=marks[(cohort, component)][Attendance.Status.ABSENT],
            excused=marks[(cohort, component)][Attendance.Status.EXCUSED],
        )
        for cohort, component in keys
    ]


# --- Support requests ------------------------------------------------------


@dataclass(frozen=True)
class SupportRow:
    kind_label: str
    office: str
    received: int
    open: int
    overdue: int
    median_first_response_hours: float | None
    median_resolution_hours: float | None


def _median_hours(durations: Iterable[timedelta]) -> float | None:
    values = [d.total_seconds() / 3600 for d in durations]
    return round(statistics.median(values), 1) if values else None


def support_volumes(*, now: datetime, since: datetime) -> list[SupportRow]:
    """Requests by kind and office: received since ``since``, open and overdue now,
    median hours to first response and to resolution (one query)."""
    rows = SupportRequest.objects.filter(
        Q(created_at__gte=since) | Q(status__in=SupportRequest.OPEN)
    ).values_list(
        "service__kind",
        "office__name",
        "status",
        "created_at",
        "first_response_at",
        "resolved_at",
        "due_by",
    )
    groups: dict[tuple[str, str], list[tuple]] = defaultdict(list)
    for row in rows:
        groups[(row[0], row[1])].append(row)
    kind_order = {k: i for i, k in enumerate(SupportKind.values)}
    result = []
    for (kind, office), items in sorted(
        groups.items(), key=lambda g: (kind_order[g[0][0]], g[0][1])
    ):
        recent = [r for r in items if r[3] >= since]
        open_items = [r for r in items if r[2] in SupportRequest.OPEN]
        result.append(
            SupportRow(
                kind_label=str(SupportKind(kind).label),
                office=office,
                received=len(recent),
                open=len(open_items),
                overdue=sum(1 for r in open_items if r[4] is None and r[6] < now),
                median_first_response_hours=_median_hours(r[4] - r[3] for r in recent if r[4]),
                median_resolution_hours=_median_hours(
                    r[5] - r[3] for r in recent if r[5] and r[2] == SupportRequest.Status.RESOLVED
                ),
            )
        )
    return result


# --- Coverage compliance --------------------------------------------------


@dataclass(frozen=True)
class ComplianceRow:
    cohort: int | str
    students: int
    counts: dict[str, int]  # status code (or "not_started") → students

    @property
    def compliant(self) -> int:
        return sum(self.counts.get(s, 0) for s in CoverageRecord.COMPLIANT)

    @property
    def share_compliant(self) -> float | None:
        return self.compliant / self.students if self.students else None

    @property
    def label(self) -> str:
        return "All classes" if self.cohort == ALL else f"Class of {self.cohort}"


NOT_STARTED = "not_started"
COMPLIANCE_COLUMNS: tuple[tuple[str, str], ...] = (
    (CoverageRecord.Status.ENROLLED, "Enrolled in school plan"),
    (CoverageRecord.Status.APPROVED, "Waiver approved"),
    (CoverageRecord.Status.WAIVER_SUBMITTED, "Waiver awaiting review"),
    (CoverageRecord.Status.MORE_INFO, "More information requested"),
    (CoverageRecord.Status.DENIED, "Waiver denied"),
    (NOT_STARTED, "Not started"),
)


def current_coverage_year(today: date) -> CoverageYear | None:
    return CoverageYear.objects.filter(academic_year=terms.academic_year_of(today)).first()


def coverage_compliance(year: CoverageYear, today: date) -> list[ComplianceRow]:
    """Current students by class and coverage status for ``year`` (two queries)."""
    students = terms.current_students_by_cohort(today)
    statuses = dict(CoverageRecord.objects.filter(year=year).values_list("person_id", "status"))
    by_cohort: dict[int, Counter[str]] = defaultdict(Counter)
    for person_id, cohort in students.items():
        by_cohort[cohort][statuses.get(person_id, NOT_STARTED)] += 1
    rows = [
        ComplianceRow(cohort, sum(counts.values()), dict(counts))
        for cohort, counts in sorted(by_cohort.items())
    ]
    total: Counter[str] = Counter()
    for counts in by_cohort.values():
        total.update(counts)
    rows.append(ComplianceRow(ALL, sum(total.values()), dict(total)))
    return rows
