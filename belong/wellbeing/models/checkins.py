"""WHO-5 check-ins. Read only through ``belong.wellbeing.queries``, which audits
every read and shows a person nobody's scores but their own."""

from __future__ import annotations

from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from belong.people.models import Person
from belong.wellbeing.terms import QUARTER_CHOICES

_ITEM = {"validators": [MaxValueValidator(5)]}


class CheckIn(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="checkins")
    submitted_at = models.DateTimeField(default=timezone.now)
    # Class year, academic year and quarter when submitted, kept so that cohort
    # aggregates need no join and do not move when a student changes class.
    cohort = models.PositiveSmallIntegerField(null=True, blank=True)
    academic_year = models.PositiveSmallIntegerField()
    quarter = models.PositiveSmallIntegerField(choices=QUARTER_CHOICES)
    item_1 = models.PositiveSmallIntegerField(**_ITEM)  # type: ignore[arg-type]
    item_2 = models.PositiveSmallIntegerField(**_ITEM)  # type: ignore[arg-type]
    item_3 = models.PositiveSmallIntegerField(**_ITEM)  # type: ignore[arg-type]
    item_4 = models.PositiveSmallIntegerField(**_ITEM)  # type: ignore[arg-type]
    item_5 = models.PositiveSmallIntegerField(**_ITEM)  # type: ignore[arg-type]
    # Percentage score: the raw sum (0–25) times four.
    score = models.PositiveSmallIntegerField()

    ITEM_FIELDS = ("item_1", "item_2", "item_3", "item_4", "item_5")

    class Meta:
        ordering = ["-submitted_at"]
        indexes = [
            models.Index(fields=["person", "submitted_at"]),
            models.Index(fields=["academic_year", "quarter", "cohort"]),
        ]
        constraints = [
            *(
                models.CheckConstraint(
                    condition=Q(**{f"item_{i}__lte": 5}), name=f"who5_item_{i}_at_most_5"
                )
                for i in range(1, 6)
            ),
            models.CheckConstraint(condition=Q(score__lte=100), name="who5_score_at_most_100"),
        ]

    def __str__(self) -> str:
        # Never the score: this string can end up in logs and admin pages.
        return f"Check-in {self.pk}"

    @property
    def items(self) -> tuple[int, ...]:
        return tuple(getattr(self, name) for name in self.ITEM_FIELDS)
