"""The demo school's well-being: support services, REACH calendars with attendance,
check-ins, support requests in every office and state, and coverage waivers in
every state.

The demo student (second-year class) has four check-ins whose latest dropped
below 50, so the support prompt shows; an open counselling request with a
reply; a resolved tutoring request; two reflections; and a waiver for which
student affairs has asked for more information. The demo case manager
(counselling) has a queue with requests past their target and unassigned.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time, timedelta
from typing import Any

import numpy as np
from django.utils import timezone

from belong.demo.context import DemoContext
from belong.people.models import Affiliation, Person
from belong.wellbeing import terms
from belong.wellbeing.demo.coverage import build_coverage
from belong.wellbeing.demo.coverage import moment as _at
from belong.wellbeing.models import (
    Attendance,
    CheckIn,
    Component,
    ReachSession,
    ReachWeek,
    ReflectionEntry,
    SupportKind,
    SupportMessage,
    SupportRequest,
    SupportService,
    SupportStatusChange,
)

# kind → (office code in belong.demo.school.OFFICES, target hours, description)
SERVICES: dict[str, tuple[str, int, str]] = {
    SupportKind.ACADEMIC_ADVISING: (
        "student-affairs",
        72,
        "Planning your studies, leaves of absence, remediation, step exams.",
    ),
    SupportKind.TUTORING: (
        "tutoring",
        72,
        "One-to-one and small-group tutoring by course, and study-skills coaching.",
    ),
    SupportKind.COUNSELLING: (
        "counselling",
        24,
        "Confidential counselling with licensed counsellors who have no part in grading you.",
    ),
    SupportKind.DISABILITY: (
        "disability-resources",
        72,
        "Accommodations for exams, clinical rotations and housing.",
    ),
    SupportKind.CAREER: ("career-advising", 120, "Specialty choice, residency applications, CVs."),
    SupportKind.FINANCIAL: ("financial-aid", 72, "Aid, loans, emergency funds and budgeting."),
}
REQUEST_WEIGHTS = {
    SupportKind.ACADEMIC_ADVISING: 0.24,
    SupportKind.TUTORING: 0.26,
    SupportKind.COUNSELLING: 0.25,
    SupportKind.DISABILITY: 0.07,
    SupportKind.CAREER: 0.10,
    SupportKind.FINANCIAL: 0.08,
}
SUMMARIES: dict[str, tuple[str, ...]] = {
    SupportKind.ACADEMIC_ADVISING: (
        "Planning for Step 1",
        "Thinking about a leave of absence",
        "Help choosing electives",
        "Remediation plan after an exam",
    ),
    SupportKind.TUTORING: (
        "Help with renal physiology",
        "Pharmacology study group",
        "Tutoring for the anatomy practical",
        "Study skills for block exams",
    ),
    SupportKind.COUNSELLING: (
        "I would like to talk with someone.",
        "Feeling overwhelmed lately",
        "Trouble sleeping",
        "Stress before clerkships",
    ),
    SupportKind.DISABILITY: (
        "Exam accommodations",
        "Accommodation for a clinical rotation",
    ),
    SupportKind.CAREER: (
        "Choosing a specialty",
        "Review of my residency personal statement",
        "Away rotation planning",
    ),
    SupportKind.FINANCIAL: (
        "Question about my aid package",
        "Emergency funds after a family emergency",
        "Budgeting for residency interviews",
    ),
}
OFFICE_REPLIES = (
    "Thank you for reaching out. Could you come in on Thursday at 2 pm? If that time does "
    "not work, reply with two or three times that do.",
    "Thanks for your message. I have put you on my calendar for next week and sent you an "
    "invitation.",
    "Thank you. I have some resources I can share; let's meet briefly to talk it through.",
)
# component → titles (one session each day of the week, two on Monday)
SESSION_TITLES: dict[str, tuple[str, ...]] = {
    Component.REFLECTION: ("Opening circle", "Narrative medicine workshop", "Reflective writing"),
    Component.EDUCATION: ("Health equity seminar", "Clinical reasoning lab", "Ethics case review"),
    Component.ASSESSMENT: ("Formative OSCE", "Self-assessment and learning plan", "Practice exam"),
    Component.COACHING: ("Coaching group session", "Goal-setting with your coach"),
    Component.HEALTH: ("Sleep and recovery", "Mindfulness in practice", "Movement and nutrition"),
}
DESCRIPTIONS: dict[str, str] = {
    Component.REFLECTION: "Time to look back on the quarter, alone and in small groups.",
    Component.EDUCATION: "Interactive teaching on a theme of the curriculum.",
    Component.ASSESSMENT: "Formative only: nothing here counts toward grades.",
    Component.COACHING: "With your physician coach and your coaching group.",
    Component.HEALTH: "Practical skills for your own health and well-being.",
}
DAY_PLAN: tuple[tuple[int, str, time, time], ...] = (
    (0, Component.REFLECTION, time(9, 0), time(10, 30)),
    (0, Component.COACHING, time(13, 0), time(14, 30)),
    (1, Component.EDUCATION, time(9, 0), time(12, 0)),
    (2, Component.ASSESSMENT, time(9, 0), time(11, 0)),
    (3, Component.COACHING, time(10, 0), time(11, 30)),
    (4, Component.HEALTH, time(9, 30), time(11, 0)),
)
THEMES = (
    "Becoming a physician",
    "Resilience and recovery",
    "Learning from patients",
    "Looking ahead",
)


def build(context: DemoContext) -> None:
    rng = context.rng("belong.wellbeing.demo")
    with context.timed("support services"):
        services = _services(context)
    students = _students(context.today)
    with context.timed("REACH weeks, sessions and attendance"):
        weeks, sessions, marks = _reach(context, rng, students)
    with context.timed("check-ins"):
        checkins = _checkins(context, rng, students)
    with context.timed("support requests"):
        requests = _requests(context, rng, students, services)
    with context.timed("health coverage"):
        records = build_coverage(context, rng, students)
    _reflections(context)
    context.summary.update(
        {
            "REACH weeks": weeks,
            "REACH sessions": sessions,
            "REACH attendance marks": marks,
            "well-being check-ins": checkins,
            "support requests": requests,
            "coverage records": records,
        }
    )


def _services(context: DemoContext) -> dict[str, SupportService]:
    services = {}
    for kind, (office, hours, description) in SERVICES.items():
        services[kind] = SupportService.objects.create(
            kind=kind,
            office=context.units[office],
            response_target_hours=hours,
            description=description,
            no_assessor_rule=kind == SupportKind.COUNSELLING,
            after_hours_contact="(555) 010-0199 (after-hours counselling line)"
            if kind == SupportKind.COUNSELLING
            else "",
        )
    return services


def _students(today: date) -> list[tuple[int, int, date]]:
    """(person pk, class year, start date) of every current student, in pk order."""
    rows = (
        Affiliation.objects.current(today)
        .filter(
            kind=Affiliation.Kind.STUDENT,
            cohort__isnull=False,
            status__in=[Affiliation.Status.ACTIVE, Affiliation.Status.LEAVE],
        )
        .order_by("person_id", "start_date")
        .values_list("person_id", "cohort", "start_date")
    )
    found: dict[int, tuple[int, int, date]] = {}
    for person_id, cohort, start in rows:
        if cohort is not None:
            found.setdefault(person_id, (person_id, cohort, start))
    return [found[k] for k in sorted(found)]


def _week_start(academic_year: int, quarter: int) -> date:
    """The first Monday on or after the 8th of the quarter's second month."""
    first, _ = terms.quarter_bounds(academic_year, quarter)
    month = first.month % 12 + 1
    year = first.year + (1 if first.month == 12 else 0)
    day = date(year, month, 8)
    return day + timedelta(days=(7 - day.weekday()) % 7)


def _reach(
    context: DemoContext, rng: np.random.Generator, students: list[tuple[int, int, date]]
) -> tuple[int, int, int]:
    academic_year = terms.academic_year_of(context.today)
    cohorts = sorted({cohort for _, cohort, _ in students})
    facilitators = list(
        Person.objects.filter(
            affiliations__kind=Affiliation.Kind.FACULTY, affiliations__end_date__isnull=True
        )
        .order_by("pk")
        .values_list("legal_family_name", flat=True)[:40]
    ) or ["Rivera"]
    weeks = [
        ReachWeek(
            cohort=cohort,
            academic_year=academic_year,
            quarter=quarter,
            starts_on=_week_start(academic_year, quarter),
            ends_on=_week_start(academic_year, quarter) + timedelta(days=4),
            theme=THEMES[quarter - 1],
            created_by=context.users.get("student_affairs"),
        )
        for cohort in cohorts
        for quarter in (1, 2, 3, 4)
    ]
    ReachWeek.objects.bulk_create(weeks, batch_size=context.batch_size)
    sessions = []
    for week in weeks:
        year_in_school = 4 - (week.cohort - (academic_year + 1))
        used: dict[str, int] = defaultdict(int)
        for offset, component, start, end in DAY_PLAN:
            titles = SESSION_TITLES[component]
            # A different title each time a component comes back, in the week and the year.
            title = titles[(week.quarter + used[component]) % len(titles)]
            used[component] += 1
            day = week.starts_on + timedelta(days=offset)
            sessions.append(
                ReachSession(
                    week=week,
                    component=component,
                    title=title,
                    starts_at=_at(day, start),
                    ends_at=_at(day, end),
                    location=f"Pasadena building, room {year_in_school}{offset + 1}0",
                    facilitator=f"Dr. {facilitators[int(rng.integers(0, len(facilitators)))]}",
                    description=DESCRIPTIONS[component],
                )
            )
    ReachSession.objects.bulk_create(sessions, batch_size=context.batch_size)
    now = _at(context.today, time(18, 0))
    by_cohort: dict[int, list[tuple[int, date]]] = defaultdict(list)
    for person_id, cohort, started in students:
        by_cohort[cohort].append((person_id, started))
    marks = []
    statuses = (Attendance.Status.PRESENT, Attendance.Status.ABSENT, Attendance.Status.EXCUSED)
    for session in sessions:
        if session.ends_at > now:
            continue
        for person_id, started in by_cohort[session.week.cohort]:
            if started > session.starts_at.date():
                continue
            status = statuses[int(rng.choice(3, p=[0.88, 0.07, 0.05]))]
            marks.append(Attendance(session=session, person_id=person_id, status=status))
    Attendance.objects.bulk_create(marks, batch_size=context.batch_size)
    return len(weeks), len(sessions), len(marks)


def _items_for(score_raw: int, rng: np.random.Generator) -> list[int]:
    """Five answers (0–5) adding up to ``score_raw``, spread plausibly."""
    items = [0] * 5
    for _ in range(score_raw):
        open_items = [i for i in range(5) if items[i] < 5]
        items[open_items[int(rng.integers(0, len(open_items)))]] += 1
    return items


def _checkin(person_id: int, cohort: int, at: datetime, raw: int, rng: Any) -> CheckIn:
    raw = max(0, min(25, raw))
    items = _items_for(raw, rng)
    day = timezone.localdate(at)
    return CheckIn(
        person_id=person_id,
        submitted_at=at,
        cohort=cohort,
        academic_year=terms.academic_year_of(day),
        quarter=terms.quarter_of(day),
        score=raw * 4,
        **dict(zip(CheckIn.ITEM_FIELDS, items, strict=True)),
    )


def _checkins(
    context: DemoContext, rng: np.random.Generator, students: list[tuple[int, int, date]]
) -> int:
    """About 60% of students check in each quarter, for the last five quarters and this one."""
    today = context.today
    quarters = [terms.term_of(today)]
    for _ in range(5):
        quarters.append(terms.previous_term(*quarters[-1]))
    demo_student = context.people.get("student")
    demo_pk = demo_student.pk if demo_student else None
    checkins = []
    for person_id, cohort, start in students:
        if person_id == demo_pk:
            continue
        baseline = rng.normal(15.5, 3.5)  # raw 0–25; about 62 as a percentage
        for academic_year, quarter in quarters:
            first, last = terms.quarter_bounds(academic_year, quarter)
            first, last = max(first, start), min(last, today - timedelta(days=1))
            if first > last or rng.random() > 0.6:
                continue
            for _ in range(1 + int(rng.random() < 0.3)):
                day = first + timedelta(days=int(rng.integers(0, (last - first).days + 1)))
                at = _at(day, time(int(rng.integers(7, 23)), int(rng.integers(0, 60))))
                raw = round(float(baseline + rng.normal(0, 2.5)))
                checkins.append(_checkin(person_id, cohort, at, raw, rng))
    if demo_pk is not None:
        cohort = terms.cohort_of(demo_student, today) or 0
        # A gentle decline and then a meaningful drop below 50: the support prompt shows.
        for days_ago, raw in ((250, 18), (160, 17), (70, 16), (12, 12)):
            at = _at(today - timedelta(days=days_ago), time(21, 15))
            checkins.append(_checkin(demo_pk, cohort, at, raw, rng))
    CheckIn.objects.bulk_create(checkins, batch_size=context.batch_size)
    return len(checkins)


def _requests(
    context: DemoContext,
    rng: np.random.Generator,
    students: list[tuple[int, int, date]],
    services: dict[str, SupportService],
) -> int:
    now = _at(context.today, time(17, 0))
    kinds = list(REQUEST_WEIGHTS)
    weights = np.array([REQUEST_WEIGHTS[k] for k in kinds])
    case_managers = {
        kind: context.users["case_manager"]
        if kind == SupportKind.COUNSELLING and "case_manager" in context.users
        else None
        for kind in kinds
    }
    count = max(12, int(len(students) * 0.35))
    picks = rng.choice(len(students), size=count, replace=True)
    plans = []
    for index in picks:
        person_id = students[int(index)][0]
        kind = kinds[int(rng.choice(len(kinds), p=weights / weights.sum()))]
        age_hours = float(rng.uniform(2, 365 * 24))
        plans.append((person_id, kind, now - timedelta(hours=age_hours), False))
    # A full queue for the demo case manager: recent counselling requests, some past target.
    for hours in (3, 20, 30, 50, 75, 100):
        person_id = students[int(rng.integers(0, len(students)))][0]
        plans.append((person_id, SupportKind.COUNSELLING, now - timedelta(hours=hours), True))
    # Every other office has something waiting too, whatever the day of the build.
    for hours, kind in enumerate(k for k in kinds if k != SupportKind.COUNSELLING):
        person_id = students[int(rng.integers(0, len(students)))][0]
        plans.append((person_id, kind, now - timedelta(hours=6 + 5 * hours), True))
    demo_student = context.people.get("student")
    if demo_student is not None:
        plans.append((demo_student.pk, SupportKind.TUTORING, now - timedelta(days=40), False))
        plans.append((demo_student.pk, SupportKind.COUNSELLING, now - timedelta(days=9), False))
    plans.sort(key=lambda p: (p[2], p[0]))
    made, messages, history = [], [], []
    student_user = context.users.get("student")
    for person_id, kind, created, waiting in plans:
        service = services[kind]
        target = timedelta(hours=service.response_target_hours)
        age = now - created
        summaries = SUMMARIES[kind]
        request = SupportRequest(
            requester_id=person_id,
            service=service,
            office_id=service.office_id,
            no_assessor=service.no_assessor_rule,
            summary=summaries[int(rng.integers(0, len(summaries)))],
            details="",
            created_at=created,
            due_by=created + target,
        )
        events = [("", SupportRequest.Status.SUBMITTED, created, "")]
        # First response: usually within the target; old requests are all answered.
        delay = timedelta(
            hours=float(rng.lognormal(np.log(target.total_seconds() / 3600 / 3), 0.8))
        )
        answered = (
            age > delay and not waiting and not (age < timedelta(days=5) and rng.random() < 0.35)
        )
        is_demo = demo_student is not None and person_id == demo_student.pk
        if is_demo:
            answered = True
            delay = timedelta(hours=6)
        if answered:
            request.first_response_at = created + delay
            request.status = SupportRequest.Status.ACKNOWLEDGED
            events.append(
                (SupportRequest.Status.SUBMITTED, request.status, created + delay, "Replied")
            )
            resolve_after = delay + timedelta(days=float(rng.uniform(1, 21)))
            resolved = age > resolve_after and (not is_demo or kind == SupportKind.TUTORING)
            if resolved and rng.random() < 0.05 and not is_demo:
                events.append(
                    (request.status, SupportRequest.Status.WITHDRAWN, created + resolve_after, "")
                )
                request.status = SupportRequest.Status.WITHDRAWN
            elif resolved:
                request.resolved_at = created + resolve_after
                events.append(
                    (
                        request.status,
                        SupportRequest.Status.RESOLVED,
                        request.resolved_at,
                        "Resolved",
                    )
                )
                request.status = SupportRequest.Status.RESOLVED
        else:
            request.status = SupportRequest.Status.SUBMITTED
        if request.status != SupportRequest.Status.SUBMITTED and (is_demo or rng.random() < 0.7):
            request.assigned_to = case_managers[kind]
        made.append((request, events, answered, is_demo))
    SupportRequest.objects.bulk_create([m[0] for m in made], batch_size=context.batch_size)
    for request, events, answered, is_demo in made:
        for from_status, to_status, at, note in events:
            history.append(
                SupportStatusChange(
                    request=request, from_status=from_status, to_status=to_status, at=at, note=note
                )
            )
        if answered and request.first_response_at is not None:
            reply = OFFICE_REPLIES[int(rng.integers(0, len(OFFICE_REPLIES)))]
            messages.append(
                SupportMessage(
                    request=request,
                    author=request.assigned_to,
                    from_office=True,
                    body=reply,
                    created_at=request.first_response_at,
                )
            )
            if is_demo and student_user is not None:
                messages.append(
                    SupportMessage(
                        request=request,
                        author=student_user,
                        from_office=False,
                        body="Thank you, that time works for me.",
                        created_at=request.first_response_at + timedelta(hours=2),
                    )
                )
    SupportStatusChange.objects.bulk_create(history, batch_size=context.batch_size)
    SupportMessage.objects.bulk_create(messages, batch_size=context.batch_size)
    return len(made)


def _reflections(context: DemoContext) -> None:
    person = context.people.get("student")
    if person is None:
        return
    cohort = terms.cohort_of(person, context.today)
    week = (
        ReachWeek.objects.filter(cohort=cohort).order_by("starts_on").first()
        if cohort is not None
        else None
    )
    ReflectionEntry.objects.create(
        author=person,
        week=week,
        title="After the first REACH week",
        body="The narrative medicine workshop stayed with me. I wrote about my grandmother's "
        "hospital stay and realised how much the nurses' small kindnesses mattered.",
    )
    ReflectionEntry.objects.create(
        author=person,
        title="A hard week",
        body="Too little sleep and too much coffee. Next week: one evening off, and a walk.",
    )
