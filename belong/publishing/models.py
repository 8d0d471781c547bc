"""Releases: a frozen set of aggregate tables from any module, and where it has been published.

A domain module (outcomes monitoring, and later surveys, concerns, plans)
computes its tables and freezes them in one step through
``publishing.actions.freeze_release``: the parameters, the version of the data
read, the suppression pattern and every table are stored and never change
again. ``kind`` names the module's registered release kind
(``publishing.kinds``), which knows how to read the frozen tables back;
``subject_code`` names what the release describes (a pipeline, a survey), and
releases of one subject are the ones the guard sets side by side.

Until it is published a release is a draft that only those who build releases
can open. Publishing shows it to an audience; unpublishing hides it again but
keeps the release and the record of who could read it, because what was once
read cannot be unread (the guard keeps counting it).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from belong.privacy import noise_standard_deviation
from belong.publishing.audiences import Audience

# Heavy JSON left out of listings.
HEAVY_FIELDS = ("result", "noised_result", "spec", "suppression")


class ImmutableReleaseError(Exception):
    """An attempt to change what a frozen release holds."""


class Release(models.Model):
    class Status(models.TextChoices):
        FROZEN = "frozen", _("Draft (frozen, not published)")
        PUBLISHED = "published", _("Published")
        UNPUBLISHED = "unpublished", _("Unpublished (kept on record)")

    kind = models.CharField(
        max_length=60, help_text="The release kind that built it (publishing.kinds), e.g. equity."
    )
    title = models.CharField(max_length=200)
    subject_code = models.CharField(
        max_length=60, help_text="What the release describes, e.g. a pipeline's code."
    )
    subject_label = models.CharField(max_length=200)
    # The parameters as they were when it was built (for equity: the pipeline,
    # groupings and benchmarks), in the kind's own dictionary form.
    spec = models.JSONField()
    # Every table as {"parameters", "summary", "findings", <frame>: {"columns", "rows"}};
    # suppressed values are already null.
    result = models.JSONField()
    data_version = models.CharField(
        max_length=64, help_text="SHA-256 of the records the release was computed from."
    )
    data_summary = models.JSONField(default=dict)
    # {"cells": [[stage, year, table, group], ...], "primary": n, "complementary": n}
    suppression = models.JSONField(default=dict)
    suppressed_cells = models.PositiveIntegerField(default=0)
    significant_findings = models.PositiveIntegerField(default=0)
    k = models.PositiveSmallIntegerField()
    years = models.JSONField(default=list)
    units = models.JSONField(null=True, blank=True, help_text="Unit codes; null means all.")
    bounded_contributions = models.BooleanField(
        default=False,
        help_text="Each person counted once only (needed for noise).",
    )
    build_seconds = models.FloatField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    # What may change after freezing: where it is shown, and (once) its noise.
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.FROZEN)
    audience = models.CharField(max_length=20, choices=Audience.choices, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    noise_epsilon = models.FloatField(null=True, blank=True)
    noise_mechanism = models.CharField(max_length=200, blank=True)
    noise_scale = models.FloatField(null=True, blank=True)
    noise_sensitivity = models.PositiveIntegerField(null=True, blank=True)
    # The noisy tables, drawn once: publishing again shows the same draw, since
    # averaging fresh draws would wear the noise away.
    noised_result = models.JSONField(null=True, blank=True)

    NOISE_FIELDS = (
        "noised_result",
        "noise_epsilon",
        "noise_mechanism",
        "noise_scale",
        "noise_sensitivity",
    )
    # What may change on a frozen release: its publication, and its one noise draw.
    MUTABLE_FIELDS = frozenset(
        {"status", "audience", "published_at", "published_by", *NOISE_FIELDS}
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "audience"], name="publishing_release_status"),
            models.Index(fields=["kind", "subject_code", "created_at"], name="publishing_subject"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="published") | ~models.Q(audience=""),
                name="publishing_published_has_audience",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, update_fields: Iterable[str] | None = None, **kwargs: Any) -> None:
        # A frozen release's tables are what readers were shown; only its
        # publication state may change, and only by naming the fields.
        if not self._state.adding:
            if update_fields is None:
                raise ImmutableReleaseError(
                    "a frozen release is saved with update_fields naming what changes"
                )
            frozen = set(update_fields) - self.MUTABLE_FIELDS
            if frozen:
                raise ImmutableReleaseError(
                    f"a frozen release cannot change {', '.join(sorted(frozen))}"
                )
        super().save(*args, update_fields=update_fields, **kwargs)

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def is_noised(self) -> bool:
        # Read from a light field: ``noised_result`` is deferred in lists.
        return self.noise_epsilon is not None

    def record_noise(self, drawn: Any) -> list[str]:
        """Keep a noise draw (``noise.NoisyRelease``) on the release; return the fields set."""
        self.noised_result = drawn.result
        self.noise_epsilon = drawn.epsilon
        self.noise_mechanism = drawn.mechanism
        self.noise_scale = drawn.scale
        self.noise_sensitivity = drawn.sensitivity
        return list(self.NOISE_FIELDS)

    @property
    def noise_spread(self) -> float | None:
        """Standard deviation of each count's noise, in people (discrete Laplace)."""
        return noise_standard_deviation(self.noise_scale) if self.noise_scale else None

    @property
    def shows_noise(self) -> bool:
        """Whether readers see the noisy tables (published to the public with noise)."""
        return self.is_noised and self.audience == Audience.PUBLIC

    @property
    def year_span(self) -> str:
        years = sorted(self.years or [])
        if not years:
            return "no years"
        return str(years[0]) if len(years) == 1 else f"{years[0]}–{years[-1]}"


class Publication(models.Model):
    """One period during which a release was shown to an audience."""

    release = models.ForeignKey(Release, on_delete=models.PROTECT, related_name="publications")
    audience = models.CharField(max_length=20, choices=Audience.choices)
    noised = models.BooleanField(default=False)
    epsilon = models.FloatField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    published_at = models.DateTimeField(default=timezone.now)
    unpublished_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    unpublished_at = models.DateTimeField(null=True, blank=True)
    # What the guard compared and found when it was published; kept so the
    # decision can be read later.
    guard_report = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-published_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.release} to {self.get_audience_display()}"
