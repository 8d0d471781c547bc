"""Writes to support services and requests.

Offices are told by e-mail that something is waiting, never what: the
e-mail says "sign in to see it" (``wellbeing.tasks``).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from belong.access import audit
from belong.access.permissions import Permission
from belong.access.policies import ensure_permission
from belong.people.models import Unit
from belong.people.queries import person_of
from belong.wellbeing import policies
from belong.wellbeing.models import (
    SupportMessage,
    SupportRequest,
    SupportService,
    SupportStatusChange,
)

Status = SupportRequest.Status
MAX_MESSAGE = 5000


def _notify_office(office_id: int, reason: str) -> None:
    from belong.wellbeing import tasks

    transaction.on_commit(lambda: tasks.email_office.enqueue(office_id, reason))


def _notify_person(person_id: int, reason: str) -> None:
    from belong.wellbeing import tasks

    transaction.on_commit(lambda: tasks.email_person.enqueue(person_id, reason))


def save_support_service(
    *,
    by: Any,
    service: SupportService | None = None,
    kind: str,
    office: Unit,
    description: str = "",
    response_target_hours: int = 48,
    no_assessor_rule: bool = False,
    after_hours_contact: str = "",
    accepting_requests: bool = True,
) -> SupportService:
    """Route a kind of request to an office (or change how it is routed).

    Requests already made stay with the office they went to.
    """
    ensure_permission(by, Permission.MANAGE_SUPPORT_SERVICES)
    errors: dict[str, list[str]] = {}
    if office.kind != Unit.Kind.OFFICE:
        errors["office"] = [f"Office: {office} is not an office."]
    if not 1 <= response_target_hours <= 24 * 30:
        errors["response_target_hours"] = [
            "First response within: give a number of hours from 1 to 720."
        ]
    if kind == "counselling" and not no_assessor_rule:
        errors["no_assessor_rule"] = [
            "Keep away from assessors: counselling must never be seen by someone who "
            "assesses the student (accreditation standard)."
        ]
    clash = SupportService.objects.filter(kind=kind)
    if service is not None:
        clash = clash.exclude(pk=service.pk)
    if clash.exists():
        errors["kind"] = ["Kind: this kind of support already has a service; change that one."]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        created = service is None
        if service is None:
            service = SupportService()
        service.kind = kind
        service.office = office
        service.description = description.strip()
        service.response_target_hours = response_target_hours
        service.no_assessor_rule = no_assessor_rule
        service.after_hours_contact = after_hours_contact.strip()
        service.accepting_requests = accepting_requests
        service.save()
        audit.record(
            audit.WellbeingEvent.SUPPORT_SERVICE_CREATED
            if created
            else audit.WellbeingEvent.SUPPORT_SERVICE_CHANGED,
            by=by,
            target=service,
            detail={
                "kind": kind,
                "office": office.code,
                "response_target_hours": response_target_hours,
                "no_assessor_rule": no_assessor_rule,
            },
        )
    return service


def _change(request: SupportRequest, to: str, *, by: Any, note: str = "") -> None:
    now = timezone.now()
    SupportStatusChange.objects.create(
        request=request, from_status=request.status, to_status=to, by=by, at=now, note=note
    )
    request.status = to


def create_support_request(
    *, by: Any, service: SupportService, summary: str, details: str = ""
) -> SupportRequest:
    """Ask an office for support. The request goes to the office that owns the service."""
    ensure_permission(by, Permission.REQUEST_SUPPORT)
    person = person_of(by)
    summary = summary.strip()
    errors: dict[str, list[str]] = {}
    if not service.accepting_requests:
        errors["service"] = [f"Kind of support: {service} is not taking requests here just now."]
    if not summary:
        errors["summary"] = ["What you would like help with: write a few words."]
    if len(details) > MAX_MESSAGE:
        errors["details"] = [f"More detail: keep it under {MAX_MESSAGE} characters."]
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    with transaction.atomic():
        request = SupportRequest.objects.create(
            requester=person,
            service=service,
            office_id=service.office_id,
            no_assessor=service.no_assessor_rule,
            summary=summary[:200],
            details=details.strip(),
            status=Status.SUBMITTED,
            created_at=now,
            due_by=now + timedelta(hours=service.response_target_hours),
        )
        SupportStatusChange.objects.create(
            request=request, from_status="", to_status=Status.SUBMITTED, by=by, at=now
        )
        audit.record(
            audit.WellbeingEvent.SUPPORT_REQUEST_CREATED,
            by=by,
            target=request,
            detail={"kind": service.kind, "office": service.office.code},
        )
        _notify_office(request.office_id, "new_request")
    return request


def _lock(request: SupportRequest) -> SupportRequest:
    return SupportRequest.objects.select_for_update().get(pk=request.pk)


def _first_response(request: SupportRequest, now: Any) -> None:
    if request.first_response_at is None:
        request.first_response_at = now


def post_support_message(*, by: Any, request: SupportRequest, body: str) -> SupportMessage:
    """Add a message, from the student or from the office, to an open request."""
    from_office = policies.may_handle(by, request)
    if not from_office and not policies.is_requester(by, request):
        ensure_permission(by, Permission.HANDLE_SUPPORT_REQUESTS, request)  # raises 404
    body = body.strip()
    if not body:
        raise ValidationError({"body": ["Message: write something before sending."]})
    if len(body) > MAX_MESSAGE:
        raise ValidationError({"body": [f"Message: keep it under {MAX_MESSAGE} characters."]})
    with transaction.atomic():
        request = _lock(request)
        if not request.is_open:
            raise ValidationError(
                f"This request is {request.get_status_display().lower()}; messages are closed. "
                + ("Reopen it first." if from_office else "Start a new request if you need more.")
            )
        now = timezone.now()
        message = SupportMessage.objects.create(
            request=request, author=by, from_office=from_office, body=body, created_at=now
        )
        if from_office:
            _first_response(request, now)
            if request.status == Status.SUBMITTED:
                _change(request, Status.ACKNOWLEDGED, by=by, note="Replied")
            request.save(update_fields=["first_response_at", "status", "updated_at"])
            _notify_person(request.requester_id, "support_reply")
        else:
            request.save(update_fields=["updated_at"])
            _notify_office(request.office_id, "student_reply")
        audit.record(
            audit.WellbeingEvent.SUPPORT_REQUEST_MESSAGE_POSTED,
            by=by,
            target=request,
            detail={"from_office": from_office},
        )
    return message


def _office_action(by: Any, request: SupportRequest) -> SupportRequest:
    ensure_permission(by, Permission.HANDLE_SUPPORT_REQUESTS, request)
    return _lock(request)


def acknowledge_request(*, by: Any, request: SupportRequest) -> SupportRequest:
    with transaction.atomic():
        request = _office_action(by, request)
        if request.status != Status.SUBMITTED:
            raise ValidationError("This request has already been acknowledged.")
        now = timezone.now()
        _first_response(request, now)
        _change(request, Status.ACKNOWLEDGED, by=by, note="Acknowledged")
        request.save(update_fields=["first_response_at", "status", "updated_at"])
        audit.record(audit.WellbeingEvent.SUPPORT_REQUEST_ACKNOWLEDGED, by=by, target=request)
        _notify_person(request.requester_id, "support_reply")
    return request


def assign_request(*, by: Any, request: SupportRequest, assignee: Any | None) -> SupportRequest:
    """Give the request to a colleague in the office (or to nobody in particular).

    Under the no-assessor rule, someone who assesses the student cannot be given it.
    """
    with transaction.atomic():
        request = _office_action(by, request)
        if assignee is not None:
            eligible = {u.pk for u in policies.eligible_handlers(request)}
            if assignee.pk not in eligible:
                raise ValidationError(
                    {
                        "assignee": [
                            "Assign to: choose a case manager of this office who may see it."
                        ]
                    }
                )
        request.assigned_to = assignee
        request.save(update_fields=["assigned_to", "updated_at"])
        SupportStatusChange.objects.create(
            request=request,
            from_status=request.status,
            to_status=request.status,
            by=by,
            at=timezone.now(),
            note=f"Assigned to {assignee.get_username()}" if assignee else "Unassigned",
        )
        audit.record(
            audit.WellbeingEvent.SUPPORT_REQUEST_ASSIGNED,
            by=by,
            target=request,
            detail={"assignee": assignee.pk if assignee else None},
        )
    return request


def resolve_request(*, by: Any, request: SupportRequest, note: str = "") -> SupportRequest:
    with transaction.atomic():
        request = _office_action(by, request)
        if not request.is_open:
            raise ValidationError(
                f"This request is already {request.get_status_display().lower()}."
            )
        now = timezone.now()
        _first_response(request, now)
        request.resolved_at = now
        _change(request, Status.RESOLVED, by=by, note=note.strip()[:200] or "Resolved")
        request.save(update_fields=["first_response_at", "resolved_at", "status", "updated_at"])
        audit.record(audit.WellbeingEvent.SUPPORT_REQUEST_RESOLVED, by=by, target=request)
        _notify_person(request.requester_id, "support_reply")
    return request


def reopen_request(*, by: Any, request: SupportRequest) -> SupportRequest:
    with transaction.atomic():
        request = _office_action(by, request)
        if request.status != Status.RESOLVED:
            raise ValidationError("Only a resolved request can be reopened.")
        request.resolved_at = None
        _change(request, Status.ACKNOWLEDGED, by=by, note="Reopened")
        request.save(update_fields=["resolved_at", "status", "updated_at"])
        audit.record(audit.WellbeingEvent.SUPPORT_REQUEST_REOPENED, by=by, target=request)
    return request


def withdraw_request(*, by: Any, request: SupportRequest) -> SupportRequest:
    """The student no longer needs the request."""
    ensure_permission(by, Permission.REQUEST_SUPPORT, request)
    with transaction.atomic():
        request = _lock(request)
        if not request.is_open:
            raise ValidationError(
                f"This request is already {request.get_status_display().lower()}."
            )
        _change(request, Status.WITHDRAWN, by=by, note="Withdrawn by the student")
        request.save(update_fields=["status", "updated_at"])
        audit.record(audit.WellbeingEvent.SUPPORT_REQUEST_WITHDRAWN, by=by, target=request)
    return request
