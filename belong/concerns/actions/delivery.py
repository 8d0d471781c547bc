"""Delivering sealed anonymous concerns and messages to case managers.

Run by ``manage.py deliver_concerns`` (cron, every hour). One transaction
opens every waiting envelope, writes them in random order, and opens the
new concerns' cases: every row shares the delivery's transaction id, and the
order on disk is one nothing chose. A report is therefore known to have
arrived on its day, before its delivery, and no more precisely than that.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from belong.access import audit
from belong.anonymity.sealing import release_all
from belong.concerns.actions.intake import (
    CONCERN_BUCKET,
    MESSAGE_BUCKET,
    open_case,
    tell_managers,
)
from belong.concerns.models import Concern, ReporterMessage


@dataclass(frozen=True)
class Delivered:
    concerns: int
    messages: int


def decode_attachments(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Attachments travel base64-encoded in the envelopes' JSON; write them as bytes."""
    for row in rows:
        if row.get("attachment"):
            row["attachment"] = base64.b64decode(row["attachment"])
    return rows


def deliver() -> Delivered:
    """Write every sealed concern and message; open a case for each new concern."""
    with transaction.atomic():
        concerns = release_all(Concern, bucket=CONCERN_BUCKET, prepare=decode_attachments)
        messages = release_all(ReporterMessage, bucket=MESSAGE_BUCKET)
        new = list(Concern.objects.filter(case__isnull=True))
        for concern in new:
            open_case(concern)
        if new:
            tell_managers()
        if concerns or messages:
            audit.record(
                audit.ConcernEvent.DELIVERED,
                by=None,
                detail={"concerns": concerns, "messages": messages},
            )
    return Delivered(concerns, messages)
