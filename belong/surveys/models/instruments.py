"""Instruments, versions, items and scales.

A version is what a campaign sends. Once a campaign uses it, it is *live*
and never edited in place: changing an instrument means a new version
(``actions.instruments.new_version``), so every response is read against
exactly the wording its respondent saw.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models


class Instrument(models.Model):
    code = models.SlugField(max_length=60, unique=True)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    source = models.CharField(
        max_length=300, blank=True, help_text="Where the wording comes from, and its licence."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["title"]

    def __str__(self) -> str:
        return self.title

    @property
    def latest(self) -> InstrumentVersion | None:
        return self.versions.order_by("-number").first()


class InstrumentVersion(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        LIVE = "live", "Live (in use; never edited)"

    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    introduction = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering: ClassVar[list[str]] = ["instrument", "number"]
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["instrument", "number"], name="surveys_one_number")
        ]

    def __str__(self) -> str:
        return f"{self.instrument.title}, version {self.number}"

    @property
    def is_live(self) -> bool:
        return self.status == self.Status.LIVE


class Item(models.Model):
    """One question (or a descriptive text between questions).

    ``choices`` is a list of ``[value, label]``: the labelled points of a
    Likert item (lowest value first), or the options of a choice item.
    ``branching`` keeps a REDCap branching-logic expression as text: shown to
    the builder, never evaluated (every item is shown to every respondent).
    """

    class Kind(models.TextChoices):
        LIKERT = "likert", "Likert (labelled points)"
        SINGLE = "single", "Single choice"
        MULTIPLE = "multiple", "Multiple choice"
        TEXT = "text", "Free text"
        DESCRIPTIVE = "descriptive", "Descriptive text (no answer)"

    version = models.ForeignKey(InstrumentVersion, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField()
    code = models.SlugField(max_length=100)
    kind = models.CharField(max_length=12, choices=Kind.choices)
    section = models.CharField(max_length=200, blank=True)
    prompt = models.TextField()
    note = models.TextField(blank=True)
    choices = models.JSONField(default=list, blank=True)
    required = models.BooleanField(default=False)
    reverse_scored = models.BooleanField(default=False)
    matrix_group = models.CharField(max_length=100, blank=True)
    branching = models.TextField(blank=True)
    validation = models.CharField(max_length=60, blank=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["version", "position"]
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["version", "code"], name="surveys_item_code_once")
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def answers(self) -> bool:
        return self.kind != self.Kind.DESCRIPTIVE

    @property
    def values(self) -> list[str]:
        return [str(value) for value, _ in self.choices]


class Scale(models.Model):
    """The mean of some Likert items, reverse-scored items turned round first."""

    version = models.ForeignKey(InstrumentVersion, on_delete=models.CASCADE, related_name="scales")
    code = models.SlugField(max_length=60)
    label = models.CharField(max_length=200)
    item_codes = models.JSONField(default=list)

    class Meta:
        ordering: ClassVar[list[str]] = ["version", "code"]
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["version", "code"], name="surveys_scale_code_once")
        ]

    def __str__(self) -> str:
        return self.label
