"""Well-being's sections of the student-affairs dashboard: REACH attendance,
support requests, health coverage and check-ins (contract: ``belong.core.dashboard``)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils import dateformat, timezone

from belong.access.permissions import Permission
from belong.access.policies import has_permission
from belong.core.dashboard import Link, Section, Table, collect_sections
from belong.core.formatting import duration
from belong.publishing.charts import Chart, Series, line_chart
from belong.wellbeing import aggregates, queries, terms
from belong.wellbeing.models import CoverageRecord

__all__ = ["Link", "Section", "Table", "collect_sections", "sections"]


# --- Well-being's own sections ------------------------------------------------


def percent(share: float | None) -> str | None:
    return None if share is None else f"{share * 100:.0f}%"


def sections(request: HttpRequest) -> list[Section]:
    if not has_permission(request.user, Permission.VIEW_STUDENT_AFFAIRS_DASHBOARD):
        return []
    today = timezone.localdate()
    return [
        _reach_section(request, terms.academic_year_of(today)),
        _support_section(),
        _coverage_section(request, today),
        _checkin_section(request),
    ]


def _reach_section(request: HttpRequest, academic_year: int) -> Section:
    rows = aggregates.reach_attendance(academic_year)
    table = Table(
        caption="REACH attendance by class and component, "
        + terms.academic_year_label(academic_year),
        columns=(
            "Class and component",
            "Sessions",
            "Marked",
            "Present",
            "Absent",
            "Excused",
            "Attendance rate",
        ),
        rows=tuple(
            (
                f"Class of {r.cohort}: {r.component_label}",
                r.sessions,
                r.recorded,
                r.present,
                r.absent,
                r.excused,
                percent(r.rate) or "no marks yet",
            )
            for r in rows
        ),
        empty="No REACH sessions this academic year yet.",
    )
    links = []
    if has_permission(request.user, Permission.MANAGE_REACH):
        links.append(Link("REACH weeks and attendance sheets", reverse("wellbeing:reach_manage")))
    return Section(
        key="reach-attendance",
        title="REACH attendance",
        order=30,
        summary="Attendance rate is the share present among students whose attendance was marked.",
        tables=(table,),
        links=tuple(links),
    )


def _support_section() -> Section:
    now = timezone.now()
    rows = aggregates.support_volumes(now=now, since=now - timedelta(days=365))
    table = Table(
        caption="Support requests by kind and office: received in the last 12 months, open now",
        columns=(
            "Kind of support",
            "Office",
            "Received",
            "Open",
            "Past response target",
            "Median time to first response",
            "Median time to resolution",
        ),
        numeric_from=2,
        rows=tuple(
            (
                r.kind_label,
                r.office,
                r.received,
                r.open,
                r.overdue,
                _time_or_none(r.median_first_response_hours),
                _time_or_none(r.median_resolution_hours),
            )
            for r in rows
        ),
        empty="No support requests in the last 12 months.",
    )
    return Section(
        key="support-requests",
        title="Support requests",
        order=40,
        summary="How quickly offices answer. What any request says is seen only by the student "
        "and the office it went to, so there is no drill-down here.",
        tables=(table,),
    )


def _time_or_none(hours: float | None) -> str:
    return "none yet" if hours is None else duration(hours)


def _coverage_section(request: HttpRequest, today: Any) -> Section:
    year = aggregates.current_coverage_year(today)
    if year is None:
        return Section(
            key="coverage",
            title="Health coverage",
            order=50,
            summary="No coverage year is set up for this academic year.",
            links=(
                (Link("Set up coverage years", reverse("wellbeing:coverage_years")),)
                if has_permission(request.user, Permission.REVIEW_COVERAGE)
                else ()
            ),
        )
    rows = aggregates.coverage_compliance(year, today)
    table = Table(
        caption=f"Health coverage by class, {year.label} "
        f"(deadline {dateformat.format(year.deadline, 'j F Y')})",
        columns=(
            "Class",
            "Students",
            *(label for _, label in aggregates.COMPLIANCE_COLUMNS),
            "Covered",
        ),
        rows=tuple(
            (
                r.label,
                r.students,
                *(r.counts.get(code, 0) for code, _ in aggregates.COMPLIANCE_COLUMNS),
                percent(r.share_compliant) or "—",
            )
            for r in rows
        ),
        empty="No current students.",
    )
    links = []
    if has_permission(request.user, Permission.REVIEW_COVERAGE):
        waiting = CoverageRecord.objects.filter(
            year=year, status=CoverageRecord.Status.WAIVER_SUBMITTED
        ).count()
        links = [
            Link(
                "Students not yet covered",
                reverse("wellbeing:coverage_missing", args=[year.academic_year]),
            ),
            Link(
                f"Waivers awaiting review ({waiting})", reverse("wellbeing:coverage_review_queue")
            ),
        ]
    return Section(
        key="coverage",
        title="Health coverage",
        order=50,
        summary="Covered means enrolled in the school plan or holding an approved waiver. "
        "These counts are about compliance with a school requirement, not about health or "
        "identity, so small numbers are shown as they are.",
        tables=(table,),
        links=tuple(links),
    )


def _checkin_section(request: HttpRequest) -> Section:
    found = queries.checkin_aggregates(request.user)
    tables = tuple(
        Table(
            caption=f"Well-being check-ins (WHO-5), {term.label}",
            columns=(
                "Class",
                "Respondents",
                "Mean score (0–100)",
                "Below 50 (poor well-being)",
                "28 or below (likely depression)",
            ),
            rows=tuple(
                (
                    r.label,
                    r.respondents,
                    r.mean_score,
                    percent(r.share_poor),
                    percent(r.share_likely_depression),
                )
                for r in term.rows
            ),
        )
        for term in found
    )
    return Section(
        key="checkins",
        title="Well-being check-ins",
        charts=_checkin_chart(found),
        order=60,
        summary="Cohort figures for the last four quarters that have ended; each student counts "
        "once a quarter. Nobody, here or anywhere else, sees an individual's scores.",
        tables=tables,
        notes=(
            "“—” means the figure is hidden: it describes fewer than "
            f"{request_k()} students, or could be worked out from other figures if shown.",
            "The current quarter appears once it ends, so that figures do not change with each "
            "new check-in (which would let someone work out one person's score).",
        ),
    )


def _checkin_chart(found: list[aggregates.CheckinTerm]) -> tuple[Chart, ...]:
    """All classes, quarter by quarter: the shares below 50 and at 28 or below."""
    ordered = list(reversed(found))
    if len(ordered) < 2:
        return ()
    every = [next(r for r in term.rows if r.cohort == aggregates.ALL) for term in ordered]
    return (
        line_chart(
            "checkins-all-classes",
            "Check-ins, all classes: shares below 50 and at 28 or below",
            "Lines, quarter by quarter, of the share of respondents in all classes with a "
            "score below 50 (poor well-being) and at 28 or below (likely depression); a gap is "
            "a hidden figure. The same figures are in the tables below.",
            [term.label for term in ordered],
            [
                Series("Below 50 (poor well-being)", tuple(r.share_poor for r in every)),
                Series(
                    "28 or below (likely depression)",
                    tuple(r.share_likely_depression for r in every),
                ),
            ],
        ),
    )


def request_k() -> int:
    return int(settings.PRIVACY_MIN_CELL)
