"""REACH weeks: each cohort's quarterly week of Reflection, Education, Assessment,
Coaching and Health and well-being sessions, and who attended them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from belong.people.models import Person
from belong.wellbeing.terms import QUARTER_CHOICES, academic_year_label


class Component(models.TextChoices):
    REFLECTION = "reflection", _("Reflection")
    EDUCATION = "education", _("Education")
    ASSESSMENT = "assessment", _("Assessment")
    COACHING = "coaching", _("Coaching")
    HEALTH = "health", _("Health and well-being")


class ReachWeek(models.Model):
    """One cohort's REACH week in one quarter."""

    cohort = models.PositiveSmallIntegerField(help_text="Class year, e.g. 2028.")
    # Derived from the start date (see terms.term_of); never entered.
    academic_year = models.PositiveSmallIntegerField(editable=False)
    quarter = models.PositiveSmallIntegerField(choices=QUARTER_CHOICES, editable=False)
    starts_on = models.DateField("First day")
    ends_on = models.DateField("Last day")
    theme = models.CharField(max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["cohort", "starts_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "academic_year", "quarter"], name="one_reach_week_per_quarter"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="reach_week_ends_after_it_starts"
            ),
        ]

    def __str__(self) -> str:
        return f"Class of {self.cohort}: {self.term_label}"

    @property
    def term_label(self) -> str:
        return gettext("Quarter %(quarter)s of %(year)s") % {
            "quarter": self.quarter,
            "year": academic_year_label(self.academic_year),
        }


class ReachSession(models.Model):
    week = models.ForeignKey(ReachWeek, on_delete=models.CASCADE, related_name="sessions")
    component = models.CharField(max_length=20, choices=Component.choices)
    title = models.CharField(max_length=200)
    starts_at = models.DateTimeField("Starts")
    ends_at = models.DateTimeField("Ends")
    location = models.CharField(max_length=200, blank=True)
    facilitator = models.CharField(max_length=200, blank=True)
    description = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["starts_at", "title"]
        indexes = [models.Index(fields=["week", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="reach_session_ends_after_it_starts"
            )
        ]

    def __str__(self) -> str:
        return self.title


class Attendance(models.Model):
    class Status(models.TextChoices):
        PRESENT = "present", _("Present")
        ABSENT = "absent", _("Absent")
        EXCUSED = "excused", _("Excused")

    session = models.ForeignKey(ReachSession, on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="reach_attendance")
    status = models.CharField(max_length=10, choices=Status.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "person"], name="one_attendance_per_session")
        ]
        indexes = [models.Index(fields=["person", "session"])]

    def __str__(self) -> str:
        return f"{self.get_status_display()} at session {self.session_id}"


class ReflectionEntry(models.Model):
    """A private journal entry. Only its author ever reads it (``wellbeing.queries``)."""

    author = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="reflections")
    week = models.ForeignKey(
        ReachWeek,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The REACH week this reflection belongs to, if any.",
    )
    title = models.CharField(max_length=200, blank=True)
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = "reflection entries"

    def __str__(self) -> str:
        return f"Reflection {self.pk}"
