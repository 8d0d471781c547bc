"""The records of the import engine: every run, and the column mappings saved by name.

Both tables began in ``people`` (the first importer) and keep their names
(``people_importrun``, ``people_importmapping``) so that moving them here
copied nothing.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ImportMapping(models.Model):
    """A saved column mapping: the school's spreadsheet headers → an importer's fields."""

    kind = models.CharField(max_length=30, default="people")
    name = models.CharField(max_length=120)
    columns = models.JSONField(default=dict, help_text="{header in file: field in Belong}")
    options = models.JSONField(
        default=dict,
        blank=True,
        help_text="Key, matching, separators and values (belong.importing.options).",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "people_importmapping"
        ordering = ["kind", "name"]
        constraints = [models.UniqueConstraint(fields=["kind", "name"], name="unique_mapping_name")]

    def __str__(self) -> str:
        return self.name


class ImportRun(models.Model):
    """One import, dry run or applied: what came in, what it changed, and how far it got.

    ``kind`` names the importer (``people``, ``stage_events``...). A run in the
    background is recorded when it is queued (status ``queued``), and its
    outcome is filled in when it ends; its progress while it runs is kept
    outside the database (:mod:`belong.importing.progress`), because an
    applying run holds its changes in one open transaction.
    """

    class Outcome(models.TextChoices):
        DRY_RUN = "dry_run", "Checked, nothing written"
        APPLIED = "applied", "Applied"
        REJECTED = "rejected", "Rejected: problems found, nothing written"

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting for the task worker"
        RUNNING = "running", "Running"
        DONE = "done", "Finished"
        FAILED = "failed", "Stopped by an unexpected error"

    kind = models.CharField(max_length=30, default="people")
    filename = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DONE)
    # What was asked: check only, or check and apply.
    apply = models.BooleanField(default=False)
    rows = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    problem_count = models.PositiveIntegerField(default=0)
    # Where and why of each problem (row and column, or JSON path); never a sensitive value.
    problems = models.JSONField(default=list)
    # {header: field}: asked for while queued, then the mapping used.
    mapping = models.JSONField(default=dict)
    options = models.JSONField(default=dict, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # A background run: the django-tasks id, and the waiting upload it reads.
    task_id = models.CharField(max_length=64, blank=True)
    upload = models.CharField(max_length=64, blank=True)

    class Meta:
        db_table = "people_importrun"
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_outcome_display() or self.get_status_display()})"

    @property
    def is_unfinished(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    @property
    def state_display(self) -> str:
        """The outcome once known, else where the run stands."""
        return self.get_outcome_display() if self.outcome else self.get_status_display()
