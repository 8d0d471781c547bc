"""What a release is built from, kept as data: pipelines, groupings, benchmarks.

Each row stores the analytics core's own dictionary form (``Pipeline.to_dict``,
the ``custom_grouping`` definition, ``Benchmark`` fields), so that what an
analyst edits here is exactly what ``compute_release`` reads, and a release
freezes a copy of it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from belong.equity.analytics import Benchmark, Grouping, Pipeline, custom_grouping


class PipelineDefinition(models.Model):
    """A population with ordered stages (MD admissions, faculty...), defined in data."""

    code = models.SlugField(max_length=60, unique=True)
    label = models.CharField(max_length=200)
    definition = models.JSONField(help_text="The pipeline as Pipeline.to_dict() writes it.")
    active = models.BooleanField(
        default=True, help_text="Inactive pipelines keep their events but are not offered."
    )
    shipped = models.BooleanField(
        default=False, help_text="One of the pipelines Belong ships (its code cannot change)."
    )
    program = models.ForeignKey(
        "people.Unit",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The one program this pipeline belongs to (MD admissions: the MD program). "
        "Its imported events may leave the unit blank; this unit is used.",
    )
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["label"]

    def __str__(self) -> str:
        return self.label

    def pipeline(self) -> Pipeline:
        """The analytics core's definition; the row's code and label win over the JSON's."""
        return Pipeline.from_dict({**self.definition, "code": self.code, "label": self.label})


class SavedGrouping(models.Model):
    """A school-defined grouping (for example URiM), saved by an analyst.

    ``definition`` is the input of ``custom_grouping``: code, label, dimension,
    groups and an optional ``other_label``. "Prefer not to answer" and "Not
    answered" always stay rows of their own.
    """

    code = models.SlugField(max_length=60, unique=True)
    label = models.CharField(max_length=200)
    definition = models.JSONField()
    active = models.BooleanField(default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["label"]

    def __str__(self) -> str:
        return self.label

    def grouping(self) -> Grouping:
        return custom_grouping({**self.definition, "code": self.code, "label": self.label})


class BenchmarkSet(models.Model):
    """Shares of a reference population (the nation, the county, the patients) over one table."""

    code = models.CharField(max_length=140, unique=True)
    label = models.CharField(max_length=200)
    scheme = models.CharField(
        max_length=60, help_text="The reporting table it applies to, e.g. race_ipeds or sex."
    )
    shares = models.JSONField(help_text="{group code: share}, summing to 1.")
    published_figures = models.JSONField(default=dict, blank=True)
    source = models.CharField(max_length=400, blank=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    geography = models.CharField(max_length=200, blank=True)
    notes = models.TextField(blank=True)
    availability = models.BooleanField(
        default=False,
        help_text="An availability pool: the people the school could hire or admit (a national "
        "applicant or graduate pool), rather than the population at large.",
    )
    stages = models.JSONField(
        default=list,
        blank=True,
        help_text="Stage codes it is the availability pool for (for example hired); empty: any.",
    )
    shipped = models.BooleanField(default=False)
    active = models.BooleanField(default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-shipped", "label", "scheme"]

    def __str__(self) -> str:
        return f"{self.label} ({self.scheme})"

    def benchmark(self) -> Benchmark:
        return Benchmark(
            code=self.code,
            label=self.label,
            scheme=self.scheme,
            shares={str(k): float(v) for k, v in self.shares.items()},
            source=self.source,
            year=self.year,
            geography=self.geography,
            notes=self.notes,
            published_figures={str(k): float(v) for k, v in self.published_figures.items()},
            availability=self.availability,
            stages=tuple(str(s) for s in self.stages or ()),
        )
