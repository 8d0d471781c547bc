"""Coaching on the student-affairs dashboard: loads, students without a coach, meetings.

Aggregates only, in a fixed number of queries. Names are one click away, on
pages that check MANAGE_PAIRING again; leadership sees the figures without
the links.
"""

from __future__ import annotations

from collections import Counter

from django.db.models import Count, Q
from django.http import HttpRequest
from django.urls import reverse
from django.utils import dateformat, timezone

from belong.access.permissions import Permission
from belong.access.policies import has_permission
from belong.coaching.models import Coach, Meeting, Pairing, PairingRun, WaitingStudent
from belong.coaching.reminders import COUNTS_AS_MET, quarter_end, quarter_start
from belong.core.dashboard import Link, Section, Table
from belong.people.students import current_students


def _load_band(load: int, cap: int) -> str:
    if cap == 0:
        return "No seats (cap 0)" if load == 0 else "Over cap"
    if load > cap:
        return "Over cap"
    if load == cap:
        return "Full"
    if load == 0:
        return "No students"
    return "Has free seats"


BANDS = ("No students", "Has free seats", "Full", "Over cap", "No seats (cap 0)")


def sections(request: HttpRequest) -> list[Section]:
    if not has_permission(request.user, Permission.VIEW_STUDENT_AFFAIRS_DASHBOARD):
        return []
    today = timezone.localdate()
    start, end = quarter_start(today), quarter_end(today)

    coaches = list(
        Coach.objects.exclude(status=Coach.Status.LEFT)
        .annotate(load=Count("pairings", filter=Q(pairings__active=True)))
        .values_list("capacity", "load", "status")
    )
    bands = Counter(_load_band(load, cap) for cap, load, _ in coaches)
    seats = sum(cap for cap, _, status in coaches if status == Coach.Status.ACTIVE)
    loads = Counter(load for _, load, _ in coaches)

    students = current_students(today)
    paired = dict(Pairing.objects.filter(active=True).values_list("student_id", "pk"))
    met = set(
        Meeting.objects.filter(
            status__in=COUNTS_AS_MET,
            starts_at__date__gte=start,
            starts_at__date__lte=end,
            pairing__active=True,
        ).values_list("pairing_id", flat=True)
    )
    coach_left = set(
        WaitingStudent.objects.filter(reason=WaitingStudent.Reason.COACH_LEFT).values_list(
            "student_id", flat=True
        )
    )
    by_class: dict[int | None, list[int]] = {}
    for pid, cohort in students.items():
        row = by_class.setdefault(cohort, [0, 0, 0, 0, 0])
        row[0] += 1
        if pid in paired:
            row[1] += 1
            if paired[pid] not in met:
                row[4] += 1
        else:
            row[2] += 1
            if pid in coach_left:
                row[3] += 1
    totals = [sum(r[i] for r in by_class.values()) for i in range(5)]
    last = (
        PairingRun.objects.filter(status=PairingRun.Status.PUBLISHED)
        .order_by("-published_at", "-pk")
        .values_list("pk", "published_at", "chosen_mode")
        .first()
    )
    open_runs = PairingRun.objects.filter(status__in=PairingRun.OPEN).count()

    drill = has_permission(request.user, Permission.MANAGE_PAIRING)
    unpaired_url = reverse("coaching:unpaired") if drill else ""

    def unpaired_cell(n: int, cohort: int | None) -> object:
        if not drill or not n:
            return n
        return Link(str(n), f"{unpaired_url}?cohort={cohort}" if cohort else unpaired_url)

    class_table = Table(
        caption=f"Coaching by class, quarter from {dateformat.format(start, 'j M Y')}",
        columns=(
            "Class",
            "Students",
            "With a coach",
            "Without a coach",
            "of whom their coach left",
            "No meeting this quarter",
        ),
        rows=(
            *(
                (
                    f"Class of {cohort}" if cohort else "Class not recorded",
                    r[0],
                    r[1],
                    unpaired_cell(r[2], cohort),
                    r[3],
                    r[4],
                )
                for cohort, r in sorted(by_class.items(), key=lambda kv: kv[0] or 0)
            ),
            ("All classes", *totals),
        ),
        empty="No current students.",
    )
    band_table = Table(
        caption="Coach loads against their caps",
        columns=("Coaches who are", "Coaches"),
        rows=tuple((band, bands.get(band, 0)) for band in BANDS if bands.get(band)),
        empty="No coaches on the roster.",
    )
    load_table = Table(
        caption="Students per coach",
        columns=("Students", "Coaches"),
        rows=tuple((f"{n} student{'s' if n != 1 else ''}", loads[n]) for n in sorted(loads)),
        empty="No coaches on the roster.",
    )
    links = []
    if drill:
        links = [
            Link("Students without a coach", reverse("coaching:unpaired")),
            Link("Coaching roster and loads", reverse("coaching:roster")),
            Link("Pairing runs", reverse("coaching:runs")),
        ]
    figures = [
        ("Coaches on the roster", f"{len(coaches):,}"),
        ("Seats (coaches taking students)", f"{seats:,}"),
        ("Students with a coach", f"{totals[1]:,}"),
        ("Students without a coach", f"{totals[2]:,}"),
        (
            "Last published pairing",
            f"Run {last[0]}, {dateformat.format(timezone.localtime(last[1]), 'j M Y')} "
            f"({last[2]} mode)"
            if last and last[1]
            else "none yet",
        ),
        ("Runs proposed, not yet published", str(open_runs)),
    ]
    return [
        Section(
            key="coaching",
            title="Coaching",
            order=20,
            summary="Who has a coach, how loaded coaches are, and who has not met their coach "
            "this quarter (no meeting held or scheduled). Coaching notes and what is said in "
            "meetings are never part of this dashboard.",
            figures=tuple(figures),
            tables=(class_table, band_table, load_table),
            links=tuple(links),
        )
    ]
