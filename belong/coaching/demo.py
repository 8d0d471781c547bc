"""The demo school's coaching: a roster, preferences, a published pairing, and life inside it.

* Coaches from the demo faculty (never a course director or committee member,
  who assess a whole class), caps of 4 to 8, with the demo ``coach`` among them.
* Preferences from most current students: a few ranked coaches (never one who
  assesses them, as the form would refuse) and interests.
* One pairing run in optimal mode covering every current class, published as
  of the start of the academic year. The demo student and the demo coach are
  paired with each other (by adjustment, recorded and audited, if the engine
  paired them otherwise).
* Meetings held, missed and scheduled; goals; notes, some shared with the
  student; one referral the demo student agreed to send.

Everything comes from ``context.rng``: the same seed gives the same coaching.
"""

from __future__ import annotations

import math
from datetime import date, datetime, time, timedelta

import numpy as np
from django.db.models import Max
from django.utils import timezone

from belong.coaching import actions, gathering
from belong.coaching.actions.runs import current_pairs
from belong.coaching.models import (
    Coach,
    CoachingNote,
    CoachPreference,
    Goal,
    Meeting,
    Pairing,
    PairingAdjustment,
    PairingRun,
    PairingWeights,
    PreferenceWindow,
    Referral,
)
from belong.coaching.models.roster import academic_year
from belong.demo.context import DemoContext
from belong.people.assessment import assessor_pairs
from belong.people.models import Affiliation, AssessmentRelationship

STEP = "belong.coaching.demo"
STUDENTS_PER_COACH = 5.0
PREFERENCE_SHARE = 0.75
SPECIALTIES = (
    "Internal medicine",
    "Family medicine",
    "Pediatrics",
    "Psychiatry",
    "General surgery",
    "Emergency medicine",
    "Obstetrics and gynecology",
    "Neurology",
    "Radiology",
    "Anesthesiology",
)
INTERESTS = (
    "medical education",
    "research",
    "global health",
    "rural health",
    "health equity",
    "wellness",
    "leadership",
    "ethics",
    "primary care",
    "surgery",
    "parenting in medicine",
    "first-generation students",
    "music",
    "running",
)
LANGUAGES = ("Spanish", "Mandarin", "Vietnamese", "Tagalog", "Korean", "Arabic", "French")
GOALS = (
    "Build a study routine for the next block",
    "Prepare for Step 1",
    "Find a research mentor",
    "Shadow in two specialties",
    "Protect one evening a week for family",
    "Present at a student research day",
    "Run a half marathon",
    "Lead a student interest group",
)
NOTES = (
    "Talked through the first weeks of the block; settling in well.",
    "Discussed study habits and a plan for practice questions.",
    "Reflected on a difficult patient encounter; we will come back to it.",
    "Reviewed progress on goals; next step agreed.",
    "Explored interest in the specialty; suggested two people to talk to.",
    "Talked about balancing coursework with family commitments.",
)
SHARED_NOTES = (
    "Three things to try before the exam: spaced repetition, a study partner, sleep.",
    "Resources we mentioned: the writing center and the research office.",
    "Next time: bring your draft personal statement.",
)


def _pick(rng: np.random.Generator, items: tuple[str, ...], low: int, high: int) -> list[str]:
    n = int(rng.integers(low, high + 1))
    return [
        items[i] for i in sorted(rng.choice(len(items), size=min(n, len(items)), replace=False))
    ]


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _weekday(day: date) -> date:
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def build(context: DemoContext) -> None:
    today = context.today
    rng = context.rng(STEP)
    sa = context.users["student_affairs"]
    demo_coach_person = context.people["coach"]
    demo_student = context.people["student"]

    with context.timed("coaching: roster"):
        students = gathering.current_students(gathering.current_cohorts(today), today)
        whole_class = set(
            AssessmentRelationship.objects.filter(student__isnull=True).values_list(
                "assessor_id", flat=True
            )
        )
        personas = {p.pk for p in context.people.values()}
        faculty = sorted(
            set(
                Affiliation.objects.current(today)
                .filter(kind=Affiliation.Kind.FACULTY)
                .values_list("person_id", flat=True)
            )
            - whole_class
            - personas
        )
        campus_of = dict(
            Affiliation.objects.current(today)
            .filter(kind=Affiliation.Kind.FACULTY, campus__isnull=False)
            .order_by("person_id", "start_date")
            .values_list("person_id", "campus_id")
        )
        wanted = max(2, math.ceil(len(students) / STUDENTS_PER_COACH))
        chosen = sorted(
            rng.choice(faculty, size=min(wanted - 1, len(faculty)), replace=False).tolist()
        )
        year = academic_year(today)
        coaches = []
        for person_id in [demo_coach_person.pk, *chosen]:
            speaks = ["English"]
            if rng.random() < 0.35:
                speaks.append(LANGUAGES[int(rng.integers(0, len(LANGUAGES)))])
            coaches.append(
                Coach(
                    person_id=person_id,
                    specialty=SPECIALTIES[int(rng.integers(0, len(SPECIALTIES)))],
                    interests=_pick(rng, INTERESTS, 2, 4),
                    languages=speaks,
                    campus_id=campus_of.get(person_id),
                    capacity=int(rng.integers(4, 9)),
                    active_from=year - int(rng.integers(0, 6)),
                )
            )
        coaches[0].capacity = max(coaches[0].capacity, 6)
        coaches[0].introduction = (
            "I love helping students find their own way through medicine. Ask me about "
            "study habits, research and finding balance."
        )
        Coach.objects.bulk_create(coaches, batch_size=context.batch_size)
        coaches = list(Coach.objects.select_related("person").order_by("pk"))
        demo_coach = next(c for c in coaches if c.person_id == demo_coach_person.pk)

    with context.timed("coaching: preferences"):
        PairingWeights.objects.create(
            interests=1.0,
            languages=1.5,
            campus=0.5,
            specialty=1.0,
            suggestion_length=8,
            pair_outside_lists=True,
            set_by=sa,
            set_at=timezone.now(),
        )
        start = _weekday(
            min(
                today,
                max(
                    date(year, 8, 1),
                    Affiliation.objects.current(today)
                    .filter(kind=Affiliation.Kind.STUDENT, person_id__in=list(students))
                    .aggregate(latest=Max("start_date"))["latest"]
                    or date(year, 8, 1),
                ),
            )
        )
        PreferenceWindow.objects.create(
            opens_on=start - timedelta(days=45),
            closes_on=start - timedelta(days=10),
            max_choices=5,
            created_by=sa,
        )
        PreferenceWindow.objects.create(
            opens_on=today - timedelta(days=7),
            closes_on=today + timedelta(days=21),
            max_choices=5,
            created_by=sa,
        )
        barred = assessor_pairs(list(students), on=today)
        coach_ids = np.array([c.pk for c in coaches])
        by_pk = {c.pk: c for c in coaches}
        prefs = []
        for pid in sorted(students):
            if pid != demo_student.pk and rng.random() > PREFERENCE_SHARE:
                continue
            order = rng.permutation(coach_ids).tolist()
            ranked = [c for c in order if (by_pk[c].person_id, pid) not in barred][
                : int(rng.integers(1, 6))
            ]
            interests = _pick(rng, INTERESTS, 1, 3) if rng.random() < 0.7 else []
            if pid == demo_student.pk:
                ranked = [demo_coach.pk, *[c for c in ranked if c != demo_coach.pk]][:4]
                interests = ["research", "wellness"]
            prefs.append(
                CoachPreference(
                    student_id=pid,
                    ranked_coaches=ranked,
                    interests=interests,
                    languages=["Spanish"] if rng.random() < 0.1 else [],
                    submitted_at=_at(start - timedelta(days=int(rng.integers(10, 40))), 12),
                )
            )
        CoachPreference.objects.bulk_create(prefs, batch_size=context.batch_size)

    with context.timed("coaching: pairing run (both modes) and publish"):
        seed = int(rng.integers(0, 2**31))
        run = actions.start_run(
            by=sa, cohorts=sorted(set(students.values())), seed=seed, inline=True
        )
        if run.status != PairingRun.Status.PROPOSED:
            raise RuntimeError(f"the demo pairing run failed: {run.problems}")
        run = actions.choose_mode(by=sa, run=run, mode=PairingRun.Mode.OPTIMAL)
        _pair_the_demo_personas(run, sa, demo_student.pk, demo_coach)
        counts = actions.publish_run(by=sa, run=run, on=start, notify=False)
        moment = _at(start, 9)
        PairingAdjustment.objects.filter(run=run).update(at=moment - timedelta(days=1))
        PairingRun.objects.filter(pk=run.pk).update(
            created_at=moment - timedelta(days=2),
            started_at=moment - timedelta(days=2),
            finished_at=moment - timedelta(days=2),
            published_at=moment,
        )

    with context.timed("coaching: meetings, goals, notes"):
        made = _life(context, rng, start, demo_student.pk, demo_coach)

    context.summary["coaches"] = len(coaches)
    context.summary["coaching pairs"] = counts["paired"]
    context.summary["coaching"] = made


def _pair_the_demo_personas(run: PairingRun, sa, student_id: int, coach: Coach) -> None:  # type: ignore[no-untyped-def]
    """Make sure the demo student and the demo coach are paired with each other.

    If the engine paired them otherwise, swap the demo student with one of the
    coach's students, by adjustments (recorded and audited like any other).
    """
    from belong.people.models import Person

    skey, ckey = gathering.student_key(student_id), gathering.coach_key(coach.pk)
    pairs = current_pairs(run)
    if pairs.get(skey) == ckey:
        return
    student = Person.objects.get(pk=student_id)
    reason = "Demo: the demo student and the demo coach are paired with each other."
    theirs = pairs.get(skey)
    seats = actions.runs.seats_in_run(run)
    if sum(1 for c in pairs.values() if c == ckey) < seats.get(ckey, 0):
        actions.adjust_run(by=sa, run=run, student=student, to_coach=coach, reason=reason)
        return
    for other_key in sorted(k for k, c in pairs.items() if c == ckey):
        other = Person.objects.get(pk=gathering.key_id(other_key))
        target = Coach.objects.get(pk=gathering.key_id(theirs)) if theirs else None
        if target is not None and (other.pk, target.pk) in actions.runs._live_assessments(
            [other.pk], [target.pk]
        ):
            continue
        actions.adjust_run(by=sa, run=run, student=other, to_coach=None, reason=reason)
        actions.adjust_run(by=sa, run=run, student=student, to_coach=coach, reason=reason)
        if target is not None:
            actions.adjust_run(by=sa, run=run, student=other, to_coach=target, reason=reason)
        return
    raise RuntimeError("the demo student could not be paired with the demo coach")


def _life(
    context: DemoContext, rng: np.random.Generator, start: date, student_id: int, demo_coach: Coach
) -> dict[str, int]:
    today = context.today
    # "Now" on the demo's calendar, which may be aligned to another day than today.
    now = timezone.now() if today == timezone.localdate() else _at(today, 12)
    pairings = list(Pairing.objects.filter(active=True).select_related("coach").order_by("pk"))
    meetings: list[Meeting] = []
    goals: list[Goal] = []
    for pairing in pairings:
        demo = pairing.student_id == student_id
        day = _weekday(start + timedelta(days=int(rng.integers(7, 28))))
        while day < today:
            roll = rng.random()
            status = (
                Meeting.Status.HELD
                if roll < 0.85 or demo
                else Meeting.Status.MISSED
                if roll < 0.95
                else Meeting.Status.CANCELLED
            )
            begins = _at(day, int(rng.integers(8, 17)), int(rng.choice([0, 30])))
            if begins < now:
                meetings.append(_meeting(pairing, begins, status))
            day = _weekday(day + timedelta(days=int(rng.integers(35, 63))))
        if demo or rng.random() < 0.7:
            ahead = _weekday(today + timedelta(days=int(rng.integers(2, 21))))
            meetings.append(
                _meeting(pairing, _at(ahead, int(rng.integers(8, 17))), Meeting.Status.SCHEDULED)
            )
        if demo or rng.random() < 0.6:
            for title in _pick(rng, GOALS, 1, 3):
                progress = int(rng.integers(0, 11)) * 10
                goals.append(
                    Goal(
                        pairing=pairing,
                        title=title,
                        progress=progress,
                        status=Goal.Status.ACHIEVED if progress == 100 else Goal.Status.OPEN,
                        target_date=today + timedelta(days=int(rng.integers(14, 200))),
                    )
                )
    Meeting.objects.bulk_create(meetings, batch_size=context.batch_size)
    Goal.objects.bulk_create(goals, batch_size=context.batch_size)

    held = list(
        Meeting.objects.filter(status=Meeting.Status.HELD).select_related("pairing").order_by("pk")
    )
    notes: list[CoachingNote] = []
    for meeting in held:
        demo = meeting.pairing.student_id == student_id
        if not demo and rng.random() > 0.5:
            continue
        shared = rng.random() < 0.3
        moment = meeting.ends_at + timedelta(minutes=20)
        notes.append(
            CoachingNote(
                pairing=meeting.pairing,
                meeting=meeting,
                author_id=meeting.pairing.coach_id,
                body=(SHARED_NOTES if shared else NOTES)[
                    int(rng.integers(0, len(SHARED_NOTES if shared else NOTES)))
                ],
                shared_with_student=shared,
                shared_at=moment if shared else None,
                created_at=moment,
                updated_at=moment,
            )
        )
    demo_pairing = next(p for p in pairings if p.student_id == student_id)
    last = today - timedelta(days=3)
    for body, shared in (
        ("Three things to try before the exam: spaced repetition, a study partner, sleep.", True),
        ("Seemed tired and stretched; check in about workload and family next time.", False),
    ):
        notes.append(
            CoachingNote(
                pairing=demo_pairing,
                author=demo_coach,
                body=body,
                shared_with_student=shared,
                shared_at=_at(last, 15) if shared else None,
                created_at=_at(last, 15),
                updated_at=_at(last, 15),
            )
        )
    written = [n.created_at for n in notes]
    made = CoachingNote.objects.bulk_create(notes, batch_size=context.batch_size)
    # auto_now_add stamps the build time; put each note back at the time it was written.
    for note, moment in zip(made, written, strict=True):
        note.created_at = note.updated_at = moment
    CoachingNote.objects.bulk_update(
        made, ["created_at", "updated_at"], batch_size=context.batch_size
    )

    Referral.objects.create(
        pairing=demo_pairing,
        coach=demo_coach,
        student_id=student_id,
        status=Referral.Status.SENT,
        shared_areas=[Referral.Area.ACADEMIC],
        student_words="I would like help planning my study time; afternoons are best.",
        decided_at=_at(last, 18),
    )
    return {"meetings": len(meetings), "goals": len(goals), "notes": len(notes), "referrals": 1}


def _meeting(pairing: Pairing, begins: datetime, status: str) -> Meeting:
    return Meeting(
        pairing=pairing,
        starts_at=begins,
        ends_at=begins + timedelta(minutes=45),
        location="Coaching suite, room 2" if begins.minute == 0 else "",
        video_url="" if begins.minute == 0 else "https://video.example.edu/coaching",
        status=status,
    )
