"""A goal's measure: a baseline, a target and a date, and where its current figure comes from.

Either the owner enters the figure, or it is read live from a published
outcomes release through ``belong.publishing.figures`` (a table, the row's key
values, a column). A release figure is never copied here: it is read for each
reader, so a reader who may not see the release, or a suppressed cell, shows
no figure at all.
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from belong.plans.models.plans import Goal
from belong.publishing.models import Release


class Measure(models.Model):
    class Source(models.TextChoices):
        ENTERED = "entered", _("Entered by the goal's owner")
        RELEASE = "release", _("Read from a published outcomes release")

    goal = models.OneToOneField(Goal, on_delete=models.CASCADE, related_name="measure")
    label = models.CharField(max_length=200, help_text="What is measured, e.g. share of hires.")
    unit_label = models.CharField(max_length=20, blank=True, help_text="e.g. %, per 100.")
    baseline = models.FloatField()
    target = models.FloatField()
    target_on = models.DateField()
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.ENTERED)
    # Entered by the owner.
    value = models.FloatField(null=True, blank=True)
    value_on = models.DateField(null=True, blank=True)
    # Read from a release: the frame, the row's key values, the column.
    release = models.ForeignKey(
        Release, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    table = models.CharField(max_length=80, blank=True)
    row = models.JSONField(default=dict, blank=True)
    column = models.CharField(max_length=80, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering: ClassVar[list[str]] = ["pk"]

    def __str__(self) -> str:
        return self.label
