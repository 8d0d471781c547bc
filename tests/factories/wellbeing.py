"""Factories for well-being records, and ``build_wellbeing(world)``: one of everything,
for the access matrix, the page checks and the browser tests."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

import factory
from django.utils import timezone
from PIL import Image
from pypdf import PdfWriter

from belong.wellbeing import terms
from belong.wellbeing.actions.calendar import hash_token
from belong.wellbeing.models import (
    Attendance,
    CalendarFeed,
    CheckIn,
    Component,
    CoverageEvent,
    CoverageProof,
    CoverageRecord,
    CoverageYear,
    ReachSession,
    ReachWeek,
    ReflectionEntry,
    SupportKind,
    SupportRequest,
    SupportService,
    SupportStatusChange,
)
from tests.factories.people import PersonFactory, UnitFactory


def _pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=612, height=792)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _image(kind: str) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 24), (200, 220, 240)).save(out, format=kind)
    return out.getvalue()


# Real, readable files (proofs are parsed all the way through).
PDF = _pdf()
PNG = _image("PNG")
JPEG = _image("JPEG")


def local(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime(day.year, day.month, day.day, hour, minute))


class SupportServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupportService
        django_get_or_create = ("kind",)

    kind = SupportKind.TUTORING
    office = factory.SubFactory(UnitFactory, kind="office")
    description = "Help from people who know."
    response_target_hours = 48
    no_assessor_rule = factory.LazyAttribute(lambda s: s.kind == SupportKind.COUNSELLING)


class SupportRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupportRequest
        skip_postgeneration_save = True

    requester = factory.SubFactory(PersonFactory)
    service = factory.SubFactory(SupportServiceFactory)
    office = factory.LazyAttribute(lambda r: r.service.office)
    no_assessor = factory.LazyAttribute(lambda r: r.service.no_assessor_rule)
    summary = "I would like to talk with someone."
    details = ""
    status = SupportRequest.Status.SUBMITTED
    created_at = factory.LazyFunction(timezone.now)
    due_by = factory.LazyAttribute(
        lambda r: r.created_at + dt.timedelta(hours=r.service.response_target_hours)
    )

    @factory.post_generation
    def history(obj, create, extracted, **kwargs):  # type: ignore[no-untyped-def]
        if create:
            SupportStatusChange.objects.create(
                request=obj, from_status="", to_status=obj.status, at=obj.created_at
            )


class ReachWeekFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReachWeek

    cohort = 2027
    starts_on = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=7))
    ends_on = factory.LazyAttribute(lambda w: w.starts_on + dt.timedelta(days=4))
    academic_year = factory.LazyAttribute(lambda w: terms.academic_year_of(w.starts_on))
    quarter = factory.LazyAttribute(lambda w: terms.quarter_of(w.starts_on))
    theme = "Finding your footing"


class ReachSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReachSession

    week = factory.SubFactory(ReachWeekFactory)
    component = Component.REFLECTION
    title = factory.Sequence(lambda n: f"Session {n}")
    starts_at = factory.LazyAttribute(lambda s: local(s.week.starts_on, 9))
    ends_at = factory.LazyAttribute(lambda s: s.starts_at + dt.timedelta(minutes=90))
    location = "Room 101"
    facilitator = "Dr. Rivera"


class CheckInFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CheckIn

    person = factory.SubFactory(PersonFactory)
    submitted_at = factory.LazyFunction(timezone.now)
    cohort = 2027
    academic_year = factory.LazyAttribute(
        lambda c: terms.academic_year_of(timezone.localdate(c.submitted_at))
    )
    quarter = factory.LazyAttribute(lambda c: terms.quarter_of(timezone.localdate(c.submitted_at)))
    item_1 = item_2 = item_3 = item_4 = item_5 = 3
    score = factory.LazyAttribute(
        lambda c: 4 * (c.item_1 + c.item_2 + c.item_3 + c.item_4 + c.item_5)
    )


def checkin_with_score(person: Any, score: int, **kwargs: Any) -> CheckIn:
    """A check-in whose items add up to ``score`` (a multiple of 4)."""
    raw = score // 4
    items = [min(5, max(0, raw - 5 * i)) for i in range(5)]
    fields = dict(zip(CheckIn.ITEM_FIELDS, items, strict=True))
    return CheckInFactory(person=person, score=score, **fields, **kwargs)


class CoverageYearFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CoverageYear
        django_get_or_create = ("academic_year",)

    academic_year = factory.LazyFunction(lambda: terms.academic_year_of(timezone.localdate()))
    coverage_starts_on = factory.LazyAttribute(lambda y: dt.date(y.academic_year, 8, 1))
    coverage_ends_on = factory.LazyAttribute(lambda y: dt.date(y.academic_year + 1, 7, 31))
    plan_name = "Student Health Plan"
    annual_cost = Decimal("3400.00")
    deadline = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=10))


class CoverageRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CoverageRecord

    person = factory.SubFactory(PersonFactory)
    year = factory.SubFactory(CoverageYearFactory)
    status = CoverageRecord.Status.WAIVER_SUBMITTED
    carrier = "Blue Horizon Health"
    plan_name = "PPO Gold"
    member_id = "BH123456789"
    coverage_start = factory.LazyAttribute(lambda r: r.year.coverage_starts_on)
    coverage_end = factory.LazyAttribute(lambda r: r.year.coverage_ends_on)
    submitted_at = factory.LazyFunction(timezone.now)


def add_proof(record: CoverageRecord, data: bytes = PDF, name: str = "card.pdf") -> CoverageProof:
    import hashlib

    return CoverageProof.objects.create(
        record=record,
        filename=name,
        content_type="application/pdf" if data.startswith(b"%PDF") else "image/png",
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        data=data,
        uploaded_at=timezone.now(),
    )


def calendar_feed_for(person: Any, token: str = "a-secret-token-for-tests") -> str:
    CalendarFeed.objects.update_or_create(person=person, defaults={"token_hash": hash_token(token)})
    return token


def build_wellbeing(world: Any) -> dict[str, Any]:
    """One of everything for the personas; cached in ``world.extra``."""
    if "wellbeing" in world.extra:
        return world.extra["wellbeing"]
    student = world.person("student")
    services = {
        SupportKind.COUNSELLING: SupportServiceFactory(
            kind=SupportKind.COUNSELLING,
            office=world.counselling_office,
            no_assessor_rule=True,
            after_hours_contact="(555) 010-0199",
            description="Confidential counselling with a licensed counsellor.",
        ),
        SupportKind.TUTORING: SupportServiceFactory(
            kind=SupportKind.TUTORING, office=world.tutoring_office
        ),
        SupportKind.ACADEMIC_ADVISING: SupportServiceFactory(
            kind=SupportKind.ACADEMIC_ADVISING, office=world.student_affairs_office
        ),
    }
    week = ReachWeekFactory(cohort=2027)
    first = ReachSessionFactory(week=week, component=Component.REFLECTION, title="Opening circle")
    second = ReachSessionFactory(
        week=week,
        component=Component.HEALTH,
        title="Sleep and recovery",
        starts_at=local(week.starts_on, 11),
        ends_at=local(week.starts_on, 12),
    )
    Attendance.objects.create(session=first, person=student, status=Attendance.Status.PRESENT)
    reflection = ReflectionEntry.objects.create(
        author=student, week=week, title="First week", body="It was a lot, and it was good."
    )
    now = timezone.now()
    earlier = checkin_with_score(student, 68, submitted_at=now - dt.timedelta(days=20))
    latest = checkin_with_score(student, 24, submitted_at=now - dt.timedelta(hours=1))
    counselling = SupportRequestFactory(
        requester=student, service=services[SupportKind.COUNSELLING]
    )
    tutoring = SupportRequestFactory(
        requester=student,
        service=services[SupportKind.TUTORING],
        summary="Help with renal physiology",
    )
    year = CoverageYearFactory()
    record = CoverageRecordFactory(person=student, year=year)
    CoverageEvent.objects.create(
        record=record, action=CoverageEvent.Action.SUBMITTED, at=timezone.now()
    )
    proof = add_proof(record)
    token = calendar_feed_for(student)
    found = {
        "services": services,
        "week": week,
        "session": first,
        "free_session": second,
        "reflection": reflection,
        "checkins": (earlier, latest),
        "counselling_request": counselling,
        "tutoring_request": tutoring,
        "year": year,
        "record": record,
        "proof": proof,
        "token": token,
    }
    world.extra["wellbeing"] = found
    return found
