"""The reporter writing again: with a receipt (anonymous) or signed in (named, confidential).

Nothing here sends an e-mail: an anonymous reporter has no address, and a
named reporter reads replies by signing in (``checkins.notify_reporter`` tells
them there is news when a case manager writes).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from belong.access import audit
from belong.access.permissions import Permission
from belong.access.policies import ensure_permission
from belong.anonymity.sealing import seal
from belong.concerns import receipts
from belong.concerns.actions.intake import MESSAGE_BUCKET
from belong.concerns.actions.texts import required_text
from belong.concerns.choices import Mode
from belong.concerns.models import Concern, ReporterMessage


def open_with_receipt(typed: str) -> Concern:
    """The concern a receipt opens (``receipts.ReceiptError`` otherwise); audited, naming nobody."""
    concern = receipts.concern_for(typed)
    audit.record_anonymous(audit.ConcernEvent.FOLLOWUP_READ, target=concern)
    return concern


def write_with_receipt(typed: str, *, text: str) -> Concern:
    """Seal a message from the holder of a receipt; it is delivered with the next concerns."""
    checked = required_text(text, field="text", label="Your message")
    concern = receipts.concern_for(typed)
    with transaction.atomic():
        seal(
            ReporterMessage,
            bucket=MESSAGE_BUCKET,
            fields={"concern_id": str(concern.pk), "text": checked},
        )
        audit.record_anonymous(audit.ConcernEvent.FOLLOWUP_MESSAGE, target=concern)
    return concern


def write_own(*, by: Any, concern: Concern, text: str) -> ReporterMessage:
    """A named or confidential reporter adds to their own concern."""
    ensure_permission(by, Permission.REPORT_CONCERN, concern)
    if concern.mode == Mode.ANONYMOUS:  # pragma: no cover - no account owns one
        raise ValueError("an anonymous concern is answered with its receipt")
    checked = required_text(text, field="text", label="Your message")
    with transaction.atomic():
        message = ReporterMessage.objects.create(
            concern=concern, received_on=timezone.localdate(), text=checked
        )
        audit.record(audit.ConcernEvent.OWN_MESSAGE_SENT, by=by, target=concern)
    return message
