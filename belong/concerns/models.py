"""Concerns and their cases.

``Concern`` is an anonymous record for every mode: a random key, the day it
arrived, what happened, and nothing that says who reported it. Who reported a
named or confidential concern is another table (``Reporter``, on the case)
that says so;
an anonymous concern has no such row and reaches this table only through a
sealed envelope, delivered in random order by ``deliver_concerns``. The case
(``Case``) is the case managers' side: who handles it, its notes, its replies.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from belong.anonymity.models import AnonymousRecord
from belong.concerns.choices import TITLE_IX, Mode, Setting


class Concern(AnonymousRecord):
    """What was reported: the reporter's words and choices, never who or when exactly."""

    mode = models.CharField(max_length=12, choices=Mode.choices)
    categories = models.JSONField(default=list, help_text="Category codes (choices.Category).")
    setting = models.CharField(max_length=12, choices=Setting.choices)
    setting_detail = models.CharField(max_length=200, blank=True)
    involved_role = models.CharField(max_length=12)
    event_month = models.DateField(help_text="The first of the month the event happened in.")
    hopes = models.JSONField(default=list, help_text="Hope codes (choices.Hope).")
    description = models.TextField()
    # One optional document or picture, checked by its bytes and stripped of metadata
    # (belong.core.files); no file name is kept.
    attachment = models.BinaryField(null=True, blank=True, editable=False)
    attachment_type = models.CharField(max_length=40, blank=True)
    # Held unread until this day (after the reporter's evaluation for the rotation is due).
    held_until = models.DateField(null=True, blank=True)
    # Case managers the reporter asked to keep away (they are involved); user ids.
    recusals = models.JSONField(default=list)
    # The anonymous reporter's receipt: a public lookup part, and an Argon2 hash of the
    # secret part (receipts.py). Empty for named and confidential concerns.
    receipt_lookup = models.CharField(max_length=16, null=True, blank=True, unique=True)
    receipt_hash = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering: ClassVar[list[str]] = []

    def __str__(self) -> str:
        return f"Concern {str(self.id)[:8]}"

    def held_on(self, day: date) -> bool:
        """Whether the reporter's hold still keeps the report unread on ``day``."""
        return self.held_until is not None and day < self.held_until

    @property
    def title_ix(self) -> bool:
        return any(code in TITLE_IX for code in self.categories)


class Case(models.Model):
    """The case managers' handling of one concern."""

    class Status(models.TextChoices):
        NEW = "new", _("New: waiting for triage")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    class Priority(models.TextChoices):
        ROUTINE = "routine", _("Routine")
        URGENT = "urgent", _("Urgent (safety)")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    concern = models.OneToOneField(Concern, on_delete=models.CASCADE, related_name="case")
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.NEW)
    opened_on = models.DateField(help_text="The day the concern arrived (no time).")
    triage_due = models.DateField()
    triaged_on = models.DateField(null=True, blank=True)
    priority = models.CharField(max_length=8, choices=Priority.choices, blank=True)
    title_ix = models.BooleanField(
        default=False, help_text="A sex-based or sexual-misconduct case."
    )
    title_ix_referred_on = models.DateField(null=True, blank=True)
    assignees = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="concern_cases", blank=True
    )
    recused = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="recused_concern_cases", blank=True
    )
    outcome = models.TextField(blank=True, help_text="Told to the reporter when the case closes.")
    # How many of the retaliation check-ins (30, 60, 90 days) have been posted.
    checkins_sent = models.PositiveSmallIntegerField(default=0)
    closed_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["triage_due", "id"]

    def __str__(self) -> str:
        return f"Case {str(self.id)[:8]}"

    @property
    def reference(self) -> str:
        return str(self.id)[:8].upper()


class Reporter(models.Model):
    """Who reported a named or confidential concern. Anonymous concerns have none.

    It belongs to the case, not to the concern: nothing that names a person
    points at an anonymous record (``anonymity.E001``).
    """

    names_a_person = True

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="reporter")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="reported_concerns"
    )

    def __str__(self) -> str:
        return f"Reporter of {self.case}"


class CaseNote(models.Model):
    """A restricted note: seen by the case managers of the case, never by the reporter."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    written_at = models.DateTimeField()
    text = models.TextField()

    class Meta:
        ordering: ClassVar[list[str]] = ["written_at", "id"]

    def __str__(self) -> str:
        return f"Note on {self.case}"


class Reply(models.Model):
    """A message to the reporter (read with a receipt when anonymous).

    Written by a case manager, or by Belong itself (no author) for the
    retaliation check-ins 30, 60 and 90 days after the case opened.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="replies")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    written_at = models.DateTimeField()
    text = models.TextField()
    checkin_day = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["written_at", "id"]

    def __str__(self) -> str:
        return f"Reply on {self.case}"


class ReporterMessage(AnonymousRecord):
    """The reporter writing again. Anonymous reporters' messages arrive sealed, like concerns."""

    concern = models.ForeignKey(Concern, on_delete=models.CASCADE, related_name="messages")
    text = models.TextField()

    class Meta:
        ordering: ClassVar[list[str]] = ["received_on"]

    def __str__(self) -> str:
        return f"Message on {self.concern}"


class ReceiptFailures(models.Model):
    """Failed receipt checks counted per window, naming nobody who tried.

    ``scope`` is ``"all"`` (every attempt, per hour) or a keyed hash of one
    receipt's lookup part (per day): slows guessing spread over many
    addresses, without storing an address, an account or an exact time.
    """

    scope = models.CharField(max_length=64)
    window = models.CharField(max_length=16)
    failures = models.PositiveIntegerField(default=0)

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["scope", "window"], name="concerns_one_count_per_window"
            )
        ]

    def __str__(self) -> str:
        return f"{self.failures} failed receipt checks ({self.window})"
