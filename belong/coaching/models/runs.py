"""Pairing runs, the adjustments made before publishing, and the pairings themselves.

A run freezes its inputs (the problem given to the engine), the seed, the
problem's digest and the engine version next to both modes' results: the same
three reproduce the same pairing, so an audit can re-check a published run.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q

from belong.coaching.models.roster import Coach
from belong.people.models import Person


class PairingRun(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to run"
        RUNNING = "running", "Running"
        PROPOSED = "proposed", "Proposed"
        ADJUSTED = "adjusted", "Proposed, with adjustments"
        PUBLISHED = "published", "Published"
        DISCARDED = "discarded", "Discarded"
        FAILED = "failed", "Could not run"

    class Mode(models.TextChoices):
        OPTIMAL = "optimal", "Optimal: the best overall result"
        STABLE = "stable", "Stable: no one is passed over"

    OPEN = (Status.PROPOSED, Status.ADJUSTED)
    UNFINISHED = (Status.QUEUED, Status.RUNNING)

    cohorts = models.JSONField(default=list, help_text="Class years in this run.")
    include_paired = models.BooleanField(
        default=False,
        help_text="Also re-pair students who already have a coach (those asking to keep "
        "their coach keep them, within the coach's cap).",
    )
    seed = models.PositiveBigIntegerField()
    digest = models.CharField(max_length=64, blank=True)
    engine_version = models.CharField(max_length=20, blank=True)
    # The problem exactly as given to the engine (see coaching.gathering).
    inputs = models.JSONField(default=dict, blank=True)
    optimal = models.JSONField(default=dict, blank=True)
    stable = models.JSONField(default=dict, blank=True)
    # Why a run failed: every problem found, in words.
    problems = models.JSONField(default=list, blank=True)
    # What was left out while gathering inputs (a listed coach not in this run...).
    notes = models.JSONField(default=list, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    stage = models.CharField(max_length=120, blank=True)
    background = models.BooleanField(default=False)
    task_id = models.CharField(max_length=64, blank=True)
    chosen_mode = models.CharField(max_length=10, choices=Mode.choices, blank=True)
    # Student key → coach key as published, after adjustments.
    final_pairs = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return f"Pairing run {self.pk}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN

    @property
    def is_unfinished(self) -> bool:
        return self.status in self.UNFINISHED

    def result(self, mode: str) -> dict[str, Any]:
        return self.optimal if mode == self.Mode.OPTIMAL else self.stable

    @property
    def cohort_label(self) -> str:
        years = sorted(self.cohorts)
        if not years:
            return "no class"
        return "Class of " + ", ".join(str(y) for y in years)


class PairingAdjustment(models.Model):
    """Student affairs moving one student in a proposal before it is published."""

    run = models.ForeignKey(PairingRun, on_delete=models.CASCADE, related_name="adjustments")
    student = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    from_coach = models.ForeignKey(
        Coach, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    to_coach = models.ForeignKey(
        Coach, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reason = models.CharField(max_length=300)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"Adjustment {self.pk} of run {self.run_id}"


class Pairing(models.Model):
    """A student and their coach, normally for the student's four years.

    History is kept: a change of coach ends the old row and makes a new one.
    """

    class EndReason(models.TextChoices):
        GRADUATED = "graduated", "The student graduated"
        COACH_LEFT = "coach_left", "The coach left the program"
        CHANGED = "changed", "Paired with another coach"
        LEFT_SCHOOL = "left_school", "The student left or took leave"
        OTHER = "other", "Other"

    student = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="coach_pairings")
    coach = models.ForeignKey(Coach, on_delete=models.PROTECT, related_name="pairings")
    start_date = models.DateField()
    end_date = models.DateField(help_text="Planned end: the student's graduation.")
    active = models.BooleanField(default=True)
    ended_on = models.DateField(null=True, blank=True)
    end_reason = models.CharField(max_length=20, choices=EndReason.choices, blank=True)
    source_run = models.ForeignKey(
        PairingRun, on_delete=models.PROTECT, null=True, blank=True, related_name="pairings"
    )
    # The engine's words for why this pairing was made, shown to the student.
    explanation = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-start_date", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["student"], condition=Q(active=True), name="one_active_coach_per_student"
            ),
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")),
                name="pairing_ends_after_it_starts",
            ),
        ]
        indexes = [models.Index(fields=["coach", "active"])]

    def __str__(self) -> str:
        return f"Pairing {self.pk}"
