"""The answers: anonymous records, released from sealed envelopes in random batches.

There is no field for a person, an invitation, a token, an address or a time,
so none can be stored (and the ``anonymity`` system check refuses one added
later). ``groups`` holds the respondent's coarsened groups for the campaign's
declared dimensions only, generalised so each combination is shared by at
least k responses of its batch.
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models

from belong.anonymity.models import AnonymousRecord
from belong.anonymity.periods import Period
from belong.surveys.models.campaigns import Campaign


class Response(AnonymousRecord):
    period: ClassVar[Period] = Period.WEEK

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="responses")
    answers = models.JSONField(default=dict)
    groups = models.JSONField(default=dict)

    class Meta:
        ordering: ClassVar[list[str]] = []

    def __str__(self) -> str:
        return f"Anonymous response to {self.campaign}"
