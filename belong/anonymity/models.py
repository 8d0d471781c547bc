"""The base of every anonymous record, and the pool of sealed envelopes.

Read ``belong/anonymity/__init__.py`` for why both exist.
"""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.db import models

from belong.anonymity.periods import Period


class AnonymousRecord(models.Model):
    """An anonymous record: a random key and a coarse date, nothing that says who or when.

    Subclasses add what the record holds (answers, a report's text) and links
    to what it belongs to (a survey campaign), never to an account or a person.
    ``period`` says how coarse ``received_on`` is; the system check refuses a
    subclass that adds anything finer or anything that points at someone.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    received_on = models.DateField(
        editable=False, help_text="The day (or coarser period) it arrived; never a time."
    )

    period: ClassVar[Period] = Period.DAY

    class Meta:
        abstract = True


class SealedEnvelope(models.Model):
    """Content waiting to become an anonymous record, encrypted and unordered.

    ``bucket`` groups envelopes that are released together (one survey
    campaign, say). There is no time column and the key is random, so the
    pool keeps no order of arrival; ``payload`` is readable only with the
    server's secret key. Rows live until :func:`belong.anonymity.sealing.release`
    turns them into records and deletes them.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    bucket = models.CharField(max_length=120, db_index=True, editable=False)
    payload = models.BinaryField(editable=False)

    class Meta:
        # Released in random order, never by id or by arrival.
        ordering: ClassVar[list[str]] = []

    def __str__(self) -> str:
        return f"Sealed envelope in {self.bucket}"
