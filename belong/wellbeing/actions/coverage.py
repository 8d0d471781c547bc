"""Writes to health coverage: the year's terms, a student's choice, the review."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from belong.access import audit
from belong.access.permissions import Permission
from belong.access.policies import ensure_permission
from belong.core.formatting import day as _day
from belong.people.queries import person_of
from belong.wellbeing import uploads
from belong.wellbeing.models import CoverageEvent, CoverageProof, CoverageRecord, CoverageYear

Status = CoverageRecord.Status


def save_coverage_year(
    *,
    by: Any,
    year: CoverageYear | None = None,
    academic_year: int,
    coverage_starts_on: date,
    coverage_ends_on: date,
    plan_name: str,
    annual_cost: Decimal,
    deadline: date,
    details: str = "",
) -> CoverageYear:
    ensure_permission(by, Permission.REVIEW_COVERAGE)
    errors: dict[str, list[str]] = {}
    if coverage_ends_on <= coverage_starts_on:
        errors["coverage_ends_on"] = [
            f"Coverage period ends: {_day(coverage_ends_on)} is not after the start, "
            f"{_day(coverage_starts_on)}."
        ]
    if not plan_name.strip():
        errors["plan_name"] = ["School plan: give the plan's name."]
    if annual_cost < 0:
        errors["annual_cost"] = ["Annual cost: cannot be negative."]
    clash = CoverageYear.objects.filter(academic_year=academic_year)
    if year is not None:
        clash = clash.exclude(pk=year.pk)
    if clash.exists():
        errors["academic_year"] = ["Academic year: this year is already set up; change it instead."]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        created = year is None
        if year is None:
            year = CoverageYear()
        year.academic_year = academic_year
        year.coverage_starts_on = coverage_starts_on
        year.coverage_ends_on = coverage_ends_on
        year.plan_name = plan_name.strip()
        year.annual_cost = annual_cost
        year.deadline = deadline
        year.details = details.strip()
        year.save()
        audit.record(
            audit.WellbeingEvent.COVERAGE_YEAR_CREATED
            if created
            else audit.WellbeingEvent.COVERAGE_YEAR_CHANGED,
            by=by,
            target=year,
            detail={"academic_year": academic_year},
        )
    return year


def _own_record(by: Any, year: CoverageYear) -> CoverageRecord | None:
    person = person_of(by)
    return CoverageRecord.objects.select_for_update().filter(person=person, year=year).first()


def enrol_in_school_plan(*, by: Any, year: CoverageYear) -> CoverageRecord:
    """Choose the school's plan for the year (also withdraws a pending or approved waiver)."""
    ensure_permission(by, Permission.MANAGE_OWN_COVERAGE)
    person = person_of(by)
    with transaction.atomic():
        record = _own_record(by, year)
        if record is not None and record.status == Status.ENROLLED:
            raise ValidationError(
                _("You are already enrolled in %(plan)s for %(year)s.")
                % {"plan": year.plan_name, "year": year.label}
            )
        if record is None:
            record = CoverageRecord(person=person, year=year)
        record.status = Status.ENROLLED
        record.submitted_at = timezone.now()
        record.decided_at = None
        record.decided_by = None
        record.decision_message = ""
        record.save()
        CoverageEvent.objects.create(
            record=record, action=CoverageEvent.Action.ENROLLED, by=by, at=timezone.now()
        )
        audit.record(
            audit.WellbeingEvent.COVERAGE_ENROLLED,
            by=by,
            target=record,
            detail={"year": year.academic_year},
        )
    return record


def submit_waiver(
    *,
    by: Any,
    year: CoverageYear,
    carrier: str,
    plan_name: str,
    member_id: str,
    coverage_start: date | None,
    coverage_end: date | None,
    proof: Any | None,
) -> CoverageRecord:
    """Apply to waive the school plan, with the outside plan's details and proof.

    Everything is checked first; on any problem nothing is saved and the
    ValidationError names each field that is wrong.
    """
    ensure_permission(by, Permission.MANAGE_OWN_COVERAGE)
    person = person_of(by)
    errors: dict[str, list[str]] = {}
    fields = {"carrier": carrier, "plan_name": plan_name, "member_id": member_id}
    labels = {
        "carrier": _("Insurance company"),
        "plan_name": _("Plan name"),
        "member_id": _("Member id"),
    }
    for name, value in fields.items():
        if not value.strip():
            errors[name] = [_("%(field)s: this is needed for a waiver.") % {"field": labels[name]}]
    if coverage_start is None:
        errors["coverage_start"] = [
            _("Coverage starts: give the date your plan's coverage starts.")
        ]
    elif coverage_start > year.coverage_starts_on:
        errors["coverage_start"] = [
            _(
                "Coverage starts: your plan must cover the whole year from %(from)s; "
                "it starts on %(start)s."
            )
            % {"from": _day(year.coverage_starts_on), "start": _day(coverage_start)}
        ]
    if coverage_end is None:
        errors["coverage_end"] = [_("Coverage ends: give the date your plan's coverage ends.")]
    elif coverage_end < year.coverage_ends_on:
        errors["coverage_end"] = [
            _("Coverage ends: your plan must cover the whole year to %(to)s; it ends on %(end)s.")
            % {"to": _day(year.coverage_ends_on), "end": _day(coverage_end)}
        ]
    proof_file = None
    if proof is not None:
        try:
            proof_file = uploads.read_proof(proof)
        except ValidationError as exc:
            errors["proof"] = list(exc.messages)
    with transaction.atomic():
        record = _own_record(by, year)
        status = record.status if record is not None else None
        if status == Status.WAIVER_SUBMITTED:
            raise ValidationError(_("Your waiver is already waiting for review."))
        if status == Status.APPROVED:
            raise ValidationError(
                _("Your waiver for %(year)s is already approved.") % {"year": year.label}
            )
        resubmission = status == Status.MORE_INFO
        if not resubmission and timezone.localdate() > year.deadline:
            raise ValidationError(
                _(
                    "The waiver deadline for %(year)s was %(day)s. Enrol in the school plan, "
                    "or ask student affairs about a late waiver."
                )
                % {"year": year.label, "day": _day(year.deadline)}
            )
        has_proof = record is not None and record.proofs.exists()
        if proof_file is None and "proof" not in errors and not (resubmission and has_proof):
            errors["proof"] = [
                _(
                    "%(field)s: upload your insurance card or a letter from your insurer "
                    "(PDF, PNG or JPEG)."
                )
                % {"field": _("Proof of coverage")}
            ]
        if errors:
            raise ValidationError(errors)
        if record is None:
            record = CoverageRecord(person=person, year=year)
        now = timezone.now()
        record.status = Status.WAIVER_SUBMITTED
        record.carrier = carrier.strip()
        record.plan_name = plan_name.strip()
        record.member_id = member_id.strip()
        record.coverage_start = coverage_start
        record.coverage_end = coverage_end
        record.submitted_at = now
        record.decided_at = None
        record.decided_by = None
        record.save()
        if proof_file is not None:
            CoverageProof.objects.create(
                record=record,
                filename=proof_file.filename,
                content_type=proof_file.content_type,
                size=proof_file.size,
                sha256=proof_file.sha256,
                data=proof_file.data,
                uploaded_at=now,
                uploaded_by=by,
            )
        action = (
            CoverageEvent.Action.RESUBMITTED if resubmission else CoverageEvent.Action.SUBMITTED
        )
        CoverageEvent.objects.create(record=record, action=action, by=by, at=now)
        audit.record(
            audit.WellbeingEvent.WAIVER_SUBMITTED,
            by=by,
            target=record,
            detail={
                "year": year.academic_year,
                "resubmission": resubmission,
                "new_proof": proof_file is not None,
            },
        )
    return record


DECISIONS = {
    "approve": (Status.APPROVED, CoverageEvent.Action.APPROVED),
    "more_info": (Status.MORE_INFO, CoverageEvent.Action.MORE_INFO),
    "deny": (Status.DENIED, CoverageEvent.Action.DENIED),
}


def review_waiver(
    *, by: Any, record: CoverageRecord, decision: str, message: str = ""
) -> CoverageRecord:
    """Approve a waiver, ask the student for more, or deny it with a reason."""
    ensure_permission(by, Permission.REVIEW_COVERAGE)
    if decision not in DECISIONS:
        raise ValidationError({"decision": ["Decision: choose approve, ask for more, or deny."]})
    message = message.strip()
    if decision == "more_info" and not message:
        raise ValidationError(
            {"message": ["Message to the student: say what more you need from them."]}
        )
    if decision == "deny" and not message:
        raise ValidationError(
            {"message": ["Message to the student: give the reason the waiver is denied."]}
        )
    status, action = DECISIONS[decision]
    with transaction.atomic():
        record = CoverageRecord.objects.select_for_update().get(pk=record.pk)
        if record.status != Status.WAIVER_SUBMITTED:
            raise ValidationError(
                f"This record is “{record.get_status_display()}”; only a submitted waiver "
                "can be reviewed."
            )
        now = timezone.now()
        record.status = status
        record.decided_at = now
        record.decided_by = by
        record.decision_message = message
        record.save()
        CoverageEvent.objects.create(record=record, action=action, by=by, at=now, message=message)
        audit.record(
            audit.WellbeingEvent(f"wellbeing.coverage.waiver_{action}"),
            by=by,
            target=record,
            detail={"year": record.year.academic_year},
        )
        from belong.wellbeing import tasks

        person_id = record.person_id
        transaction.on_commit(lambda: tasks.email_person.enqueue(person_id, "coverage_decision"))
    return record
