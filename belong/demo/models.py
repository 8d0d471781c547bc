"""The mark a demo build leaves: how it was built, and that this database is a demo."""

from __future__ import annotations

from django.db import models


class DemoBuild(models.Model):
    """One row when the database holds the synthetic demo school, none otherwise.

    Its presence is what ``build_demo --if-missing`` looks for and what lets
    ``build_demo --reset`` wipe the database without ``--force``.
    """

    seed = models.BigIntegerField()
    scale = models.FloatField()
    built_at = models.DateTimeField()
    aligned_to = models.DateField(help_text="The day the synthetic calendar was aligned with.")
    year_shift = models.SmallIntegerField(
        default=0, help_text="Whole years added to the population's dates."
    )
    seconds = models.FloatField(default=0)
    summary = models.JSONField(default=dict, help_text="What the build made, in counts.")

    class Meta:
        ordering = ["-built_at"]

    def __str__(self) -> str:
        return (
            f"Demo school, seed {self.seed}, scale {self.scale:g}, built {self.built_at:%Y-%m-%d}"
        )
