"""Stage events: one person reaching one stage of one pipeline in one year."""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class StageEvent(models.Model):
    """A person reached a stage (applied, interviewed, hired, promoted...).

    Holds no demographics: releases join these to self-identification in
    bulk, inside ``equity.queries``, and only aggregates come out. One row per
    (person, pipeline, stage, year), so the same event cannot be counted twice.
    """

    class Source(models.TextChoices):
        AFFILIATION = "affiliation", "Derived from affiliations"
        IMPORT = "import", "Imported from a file"
        DEMO = "demo", "Demo school"

    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="stage_events"
    )
    pipeline = models.ForeignKey(
        "equity.PipelineDefinition", on_delete=models.PROTECT, related_name="events"
    )
    stage = models.CharField(max_length=60)
    year = models.PositiveSmallIntegerField(
        help_text="Cohort year (application cycle, entering class) or the event's own year, "
        "as the pipeline's year basis says."
    )
    unit = models.ForeignKey("people.Unit", on_delete=models.PROTECT, related_name="+")
    date = models.DateField(null=True, blank=True)
    source = models.CharField(max_length=20, choices=Source.choices)
    import_run = models.ForeignKey(
        "importing.ImportRun", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["person", "pipeline", "stage", "year"], name="one_event_per_stage_and_year"
            )
        ]
        indexes = [
            models.Index(fields=["pipeline", "year"]),
            models.Index(fields=["pipeline", "source"]),
        ]

    def __str__(self) -> str:
        return f"{self.pipeline_id}/{self.stage} {self.year} (person {self.person_id})"
