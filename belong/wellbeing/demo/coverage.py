"""The demo school's health-coverage year: waivers in every state, with proofs
and the review history student affairs would see.
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime, time, timedelta
from decimal import Decimal

import numpy as np
from django.utils import timezone

from belong.demo.context import DemoContext
from belong.wellbeing import terms
from belong.wellbeing.models import (
    CoverageEvent,
    CoverageProof,
    CoverageRecord,
    CoverageYear,
)

PDF_PROOF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
CARRIERS = ("Blue Horizon Health", "Pacific Mutual", "Golden State Care", "Kaiser Permanente")


def moment(day: date, at: time) -> datetime:
    return timezone.make_aware(datetime.combine(day, at))


def build_coverage(
    context: DemoContext, rng: np.random.Generator, students: list[tuple[int, int, date]]
) -> int:
    academic_year = terms.academic_year_of(context.today)
    year = CoverageYear.objects.create(
        academic_year=academic_year,
        coverage_starts_on=date(academic_year, 8, 1),
        coverage_ends_on=date(academic_year + 1, 7, 31),
        plan_name="Student Health and Wellness Plan",
        annual_cost=Decimal("3480.00"),
        deadline=date(academic_year, 8, 15),
        details="The school plan covers medical, mental-health, dental and vision care "
        "worldwide. To waive it, your own plan must cover you in California for the whole "
        "year, including mental-health care.",
    )
    reviewer = context.users.get("student_affairs")
    demo_student = context.people.get("student")
    Status = CoverageRecord.Status
    choices = (
        None,
        Status.ENROLLED,
        Status.APPROVED,
        Status.WAIVER_SUBMITTED,
        Status.MORE_INFO,
        Status.DENIED,
    )
    weights = [0.03, 0.62, 0.27, 0.03, 0.03, 0.02]
    made = []
    submitted_on = year.deadline - timedelta(days=20)
    drawn = [choices[int(rng.choice(len(choices), p=weights))] for _ in students]
    for index, (person_id, _, _start) in enumerate(students):
        if demo_student is not None and person_id == demo_student.pk:
            drawn[index] = Status.MORE_INFO
    # Every state on the review page, however small the class: a missing one goes
    # to a student who enrolled in the school plan (the demo student keeps theirs).
    spare = [
        i
        for i, (person_id, _, _start) in enumerate(students)
        if drawn[i] == Status.ENROLLED and (demo_student is None or person_id != demo_student.pk)
    ]
    for missing in choices[1:]:
        if missing not in drawn and spare:
            drawn[spare.pop()] = missing
    for (person_id, _, _start), status in zip(students, drawn, strict=True):
        if status is None:
            continue
        at = moment(submitted_on + timedelta(days=int(rng.integers(0, 20))), time(12, 0))
        record = CoverageRecord(person_id=person_id, year=year, status=status, submitted_at=at)
        if status != Status.ENROLLED:
            record.carrier = CARRIERS[int(rng.integers(0, len(CARRIERS)))]
            record.plan_name = "PPO" if rng.random() < 0.5 else "HMO Silver"
            record.member_id = f"M{int(rng.integers(10**8, 10**9))}"
            record.coverage_start = year.coverage_starts_on - timedelta(days=31)
            record.coverage_end = year.coverage_ends_on
            if status in (Status.APPROVED, Status.MORE_INFO, Status.DENIED):
                record.decided_at = at + timedelta(days=3)
                record.decided_by = reviewer
            if status == Status.MORE_INFO:
                record.decision_message = (
                    "Your card shows the plan but not the coverage dates. Please upload a "
                    "letter from your insurer showing coverage through 31 July."
                )
            if status == Status.DENIED:
                record.coverage_end = year.coverage_ends_on - timedelta(days=60)
                record.decision_message = (
                    "The plan ends before the academic year does, and it does not cover care "
                    "in California. Please enrol in the school plan."
                )
        made.append(record)
    CoverageRecord.objects.bulk_create(made, batch_size=context.batch_size)
    submitted = {r.pk: r.submitted_at or moment(submitted_on, time(12, 0)) for r in made}
    proofs, events = [], []
    digest = hashlib.sha256(PDF_PROOF).hexdigest()
    actions: dict[str, str] = {
        Status.APPROVED: CoverageEvent.Action.APPROVED,
        Status.MORE_INFO: CoverageEvent.Action.MORE_INFO,
        Status.DENIED: CoverageEvent.Action.DENIED,
    }
    for record in made:
        if record.status == Status.ENROLLED:
            events.append(
                CoverageEvent(
                    record=record, action=CoverageEvent.Action.ENROLLED, at=submitted[record.pk]
                )
            )
            continue
        proofs.append(
            CoverageProof(
                record=record,
                filename="insurance-card.pdf",
                content_type="application/pdf",
                size=len(PDF_PROOF),
                sha256=digest,
                data=PDF_PROOF,
                uploaded_at=submitted[record.pk],
            )
        )
        events.append(
            CoverageEvent(
                record=record, action=CoverageEvent.Action.SUBMITTED, at=submitted[record.pk]
            )
        )
        if record.status in actions:
            events.append(
                CoverageEvent(
                    record=record,
                    action=actions[record.status],
                    by=reviewer,
                    at=record.decided_at or submitted[record.pk],
                    message=record.decision_message,
                )
            )
    CoverageProof.objects.bulk_create(proofs, batch_size=200)
    CoverageEvent.objects.bulk_create(events, batch_size=context.batch_size)
    return len(made)
