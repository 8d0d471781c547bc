"""Reporting a concern: named or confidential (signed in), or anonymous (sealed, no account).

A named or confidential report is written at once with its reporter and its
case, and audited with the reporter as actor. An anonymous report is only
*sealed* (``belong.anonymity.sealing``): encrypted, in a pool with no order
and no time, with the receipt's lookup part and the Argon2 hash of its secret
part inside. ``delivery.deliver`` writes it as a concern and opens its case.
Its audit event names nobody and keeps the day only.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from belong.access import audit
from belong.access.permissions import Permission
from belong.access.policies import ensure_permission
from belong.anonymity.sealing import seal
from belong.concerns import queries, receipts
from belong.concerns.actions.texts import required_text
from belong.concerns.choices import Category, Hope, InvolvedRole, Mode, Setting
from belong.concerns.models import Case, Concern, Reporter
from belong.core import files

CONCERN_BUCKET = "concerns.concern"
MESSAGE_BUCKET = "concerns.message"
OLDEST_MONTHS = 120
MAX_HOLD = 366


@dataclass(frozen=True)
class Report:
    """What a reporter wrote and chose, whatever the mode."""

    categories: list[str]
    setting: str
    involved_role: str
    event_month: date
    description: str
    hopes: list[str] = field(default_factory=list)
    setting_detail: str = ""
    recusals: list[int] = field(default_factory=list)
    held_until: date | None = None
    attachment: bytes | None = None


def _checked(report: Report) -> dict[str, Any]:
    """The report's field values, or one ValidationError naming every problem."""
    errors: dict[str, list[str]] = {}
    categories = list(dict.fromkeys(report.categories))
    if not categories:
        errors["categories"] = ["What happened: choose at least one."]
    elif unknown := sorted(set(categories) - set(Category.values)):
        errors["categories"] = [f"What happened: {', '.join(unknown)} is not one of the choices."]
    if report.setting not in Setting.values:
        errors["setting"] = ["Where: choose one of the settings."]
    if report.involved_role not in InvolvedRole.values:
        errors["involved_role"] = ["Who was involved: choose one of the roles."]
    if unknown := sorted(set(report.hopes) - set(Hope.values)):
        errors["hopes"] = [f"What you hope for: {', '.join(unknown)} is not one of the choices."]
    month = report.event_month.replace(day=1)
    this_month = timezone.localdate().replace(day=1)
    if month > this_month:
        errors["event_month"] = ["When: the month cannot be in the future."]
    elif (this_month.year - month.year) * 12 + this_month.month - month.month > OLDEST_MONTHS:
        errors["event_month"] = ["When: give a month within the last ten years."]
    today = timezone.localdate()
    if report.held_until is not None and report.held_until <= today:
        errors["held_until"] = [
            f"Hold until: {report.held_until.isoformat()} has passed; give a day after today, "
            "or leave it empty to send the report now."
        ]
    elif report.held_until is not None and report.held_until > today + timedelta(days=MAX_HOLD):
        errors["held_until"] = ["Hold until: a report can be held for a year at most."]
    allowed = {u.pk for u in queries.managers()}
    if stray := sorted(set(report.recusals) - allowed):
        errors["recusals"] = [
            f"Keep away: {len(stray)} of the people chosen are not case managers any more; "
            "choose again."
        ]
    description = ""
    try:
        description = required_text(
            report.description, field="description", label="What happened, in your words"
        )
    except ValidationError as error:
        errors.update(error.message_dict)
    attachment: files.CheckedFile | None = None
    if report.attachment is not None:
        try:
            attachment = files.strip_metadata(
                files.check_document(
                    report.attachment,
                    field="Attachment",
                    max_bytes=settings.BELONG_CONCERNS_ATTACHMENT_MAX_BYTES,
                )
            )
        except ValidationError as error:
            errors["attachment"] = error.messages
    detail = report.setting_detail.strip()
    if len(detail) > 200:
        errors["setting_detail"] = ["Course, rotation or site: at most 200 characters."]
    if errors:
        raise ValidationError(errors)
    return {
        "categories": categories,
        "setting": report.setting,
        "setting_detail": detail,
        "involved_role": report.involved_role,
        "event_month": month,
        "hopes": list(dict.fromkeys(report.hopes)),
        "description": description,
        "recusals": sorted(set(report.recusals)),
        "held_until": report.held_until,
        "attachment": attachment.data if attachment else None,
        "attachment_type": attachment.content_type if attachment else "",
    }


def open_case(concern: Concern) -> Case:
    """The case of a concern that has just arrived (in the caller's transaction)."""
    # A held report is triaged once its hold ends; its clock starts then.
    start = max(concern.received_on, concern.held_until or concern.received_on)
    case = Case.objects.create(
        concern=concern,
        opened_on=concern.received_on,
        triage_due=start + timedelta(days=settings.BELONG_CONCERNS_TRIAGE_DAYS),
        title_ix=concern.title_ix,
    )
    if concern.recusals:
        case.recused.set(queries.managers_among(concern.recusals))
    return case


def tell_managers() -> None:
    from belong.concerns import tasks

    transaction.on_commit(lambda: tasks.email_managers.enqueue())


def report_with_name(*, by: Any, mode: str, report: Report) -> Concern:
    """A named or confidential report by ``by``; its case opens at once."""
    ensure_permission(by, Permission.REPORT_CONCERN)
    if mode not in (Mode.NAMED, Mode.CONFIDENTIAL):
        raise ValueError(f"report_with_name is for named or confidential reports, not {mode!r}")
    values = _checked(report)
    with transaction.atomic():
        # A case manager who reports is kept away from their own report's case.
        if any(u.pk == by.pk for u in queries.managers()):
            values["recusals"] = sorted({*values["recusals"], by.pk})
        concern = Concern.objects.create(received_on=timezone.localdate(), mode=mode, **values)
        Reporter.objects.create(case=open_case(concern), user=by)
        audit.record(audit.ConcernEvent.REPORTED, by=by, target=concern, detail={"mode": mode})
        if not concern.held_on(timezone.localdate()):
            tell_managers()
    return concern


def report_anonymously(*, report: Report, receipt: receipts.Receipt) -> None:
    """Seal an anonymous report with its receipt. Nothing of who sent it is read or kept.

    Returns nothing: there is no row until the next delivery.
    """
    values = _checked(report)
    values["event_month"] = values["event_month"].isoformat()
    if values["held_until"] is not None:
        values["held_until"] = values["held_until"].isoformat()
    if values["attachment"] is not None:
        # Envelopes hold JSON; delivery decodes it again (delivery.decode_attachments).
        values["attachment"] = base64.b64encode(values["attachment"]).decode()
    with transaction.atomic():
        seal(
            Concern,
            bucket=CONCERN_BUCKET,
            fields={
                **values,
                "mode": Mode.ANONYMOUS.value,
                "receipt_lookup": receipt.lookup,
                "receipt_hash": receipts.hash_secret(receipt),
            },
        )
        audit.record_anonymous(audit.ConcernEvent.REPORTED_ANONYMOUSLY)
