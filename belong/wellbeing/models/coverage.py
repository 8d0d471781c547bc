"""Health coverage: every student is covered each academic year, by the school's
plan or, with an approved waiver, by an equivalent outside plan."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from belong.people.models import Person
from belong.wellbeing.terms import academic_year_label


class CoverageYear(models.Model):
    academic_year = models.PositiveSmallIntegerField(
        unique=True, help_text="The year the academic year starts, e.g. 2026 for 2026–27."
    )
    coverage_starts_on = models.DateField(
        "Coverage period starts", help_text="An outside plan must cover the whole period."
    )
    coverage_ends_on = models.DateField("Coverage period ends")
    plan_name = models.CharField("School plan", max_length=200)
    annual_cost = models.DecimalField("Annual cost (USD)", max_digits=8, decimal_places=2)
    deadline = models.DateField(
        "Enrolment and waiver deadline",
        help_text="Students are reminded in the three weeks before it.",
    )
    details = models.TextField(
        blank=True, help_text="What the school plan covers and what a waiver needs."
    )

    class Meta:
        ordering = ["-academic_year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(coverage_ends_on__gt=F("coverage_starts_on")),
                name="coverage_period_ends_after_it_starts",
            )
        ]

    def __str__(self) -> str:
        return f"Health coverage {self.label}"

    @property
    def label(self) -> str:
        return academic_year_label(self.academic_year)


class CoverageRecord(models.Model):
    """A student's choice for one year. No record means "not started"."""

    class Status(models.TextChoices):
        ENROLLED = "enrolled", _("Enrolled in the school plan")
        WAIVER_SUBMITTED = "waiver_submitted", _("Waiver submitted, awaiting review")
        MORE_INFO = "more_info", _("More information requested")
        APPROVED = "approved", _("Waiver approved")
        DENIED = "denied", _("Waiver denied")

    COMPLIANT = (Status.ENROLLED, Status.APPROVED)
    AWAITING_REVIEW = (Status.WAIVER_SUBMITTED,)
    WAIVER_STATES = (Status.WAIVER_SUBMITTED, Status.MORE_INFO, Status.APPROVED, Status.DENIED)

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="coverage_records")
    year = models.ForeignKey(CoverageYear, on_delete=models.PROTECT, related_name="records")
    status = models.CharField(max_length=20, choices=Status.choices)
    # The outside plan, for a waiver.
    carrier = models.CharField("Insurance company", max_length=200, blank=True)
    plan_name = models.CharField("Plan name", max_length=200, blank=True)
    member_id = models.CharField("Member id", max_length=100, blank=True)
    coverage_start = models.DateField("Coverage starts", null=True, blank=True)
    coverage_end = models.DateField("Coverage ends", null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The reviewer's request for more information, or reason for denial.
    decision_message = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["year", "person"]
        constraints = [
            models.UniqueConstraint(fields=["person", "year"], name="one_coverage_record_per_year")
        ]
        indexes = [models.Index(fields=["year", "status"])]

    def __str__(self) -> str:
        return f"Coverage record {self.pk}"

    @property
    def is_compliant(self) -> bool:
        return self.status in self.COMPLIANT


class CoverageProof(models.Model):
    """An uploaded insurance card or insurer's letter.

    Kept in the database, not in a media directory: it is never reachable by
    a public URL, it is written in the same transaction as the waiver (so
    nothing is half-saved), and a database backup restores it exactly. Served
    only by ``views.coverage.proof`` after a permission check.
    """

    record = models.ForeignKey(CoverageRecord, on_delete=models.CASCADE, related_name="proofs")
    filename = models.CharField(max_length=200)
    content_type = models.CharField(max_length=50)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    data = models.BinaryField()
    uploaded_at = models.DateTimeField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self) -> str:
        return self.filename


class CoverageEvent(models.Model):
    """What happened to a record, in order: shown to the student and the reviewer."""

    class Action(models.TextChoices):
        ENROLLED = "enrolled", _("Enrolled in the school plan")
        SUBMITTED = "submitted", _("Applied for a waiver")
        RESUBMITTED = "resubmitted", _("Sent more information")
        APPROVED = "approved", _("Waiver approved")
        MORE_INFO = "more_info", _("Asked for more information")
        DENIED = "denied", _("Waiver denied")

    record = models.ForeignKey(CoverageRecord, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=20, choices=Action.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField()
    message = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return self.get_action_display()
