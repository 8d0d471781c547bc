"""Support services (which office answers what) and the requests students send them.

A request is confidential to the student and the office it was routed to;
for services under the no-assessor rule (counselling), a case manager who
assesses the student never sees it (``wellbeing.policies``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from belong.people.models import Person, Unit


class SupportKind(models.TextChoices):
    ACADEMIC_ADVISING = "academic_advising", _("Academic advising")
    TUTORING = "tutoring", _("Tutoring")
    COUNSELLING = "counselling", _("Counselling")
    DISABILITY = "disability", _("Disability accommodation")
    CAREER = "career", _("Career advising")
    FINANCIAL = "financial", _("Financial advising")


class SupportService(models.Model):
    """How one kind of request is routed: owning office, response target, rules."""

    kind = models.CharField(max_length=30, choices=SupportKind.choices, unique=True)
    office = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="support_services",
        limit_choices_to={"kind": Unit.Kind.OFFICE},
        help_text="The office whose case managers answer these requests.",
    )
    description = models.TextField(
        blank=True, help_text="Shown to students choosing what to ask for."
    )
    response_target_hours = models.PositiveSmallIntegerField(
        "First response within (hours)",
        default=48,
        help_text="Case managers are reminded when a request has waited longer than this.",
    )
    no_assessor_rule = models.BooleanField(
        "Keep away from assessors",
        default=False,
        help_text="Case managers who grade or assess the student never see the request "
        "(required for counselling).",
    )
    after_hours_contact = models.CharField(
        "Urgent or after-hours contact",
        max_length=200,
        blank=True,
        help_text="A phone line shown with urgent help, e.g. the after-hours counselling line.",
    )
    accepting_requests = models.BooleanField(default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["kind"]

    def __str__(self) -> str:
        return self.get_kind_display()


class SupportRequest(models.Model):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Waiting for the office")
        ACKNOWLEDGED = "acknowledged", _("In progress")
        RESOLVED = "resolved", _("Resolved")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    OPEN = (Status.SUBMITTED, Status.ACKNOWLEDGED)

    requester = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="support_requests")
    service = models.ForeignKey(SupportService, on_delete=models.PROTECT, related_name="requests")
    # Routing and rule as they were when the request was made: changing a
    # service later does not move requests already in an office's hands.
    office = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="support_requests")
    no_assessor = models.BooleanField(default=False)
    summary = models.CharField(max_length=200)
    details = models.TextField(blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_support_requests",
    )
    created_at = models.DateTimeField()
    due_by = models.DateTimeField(help_text="First response expected by.")
    first_response_at = models.DateTimeField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["office", "status"]),
            models.Index(fields=["status", "due_by"]),
            models.Index(fields=["requester", "created_at"]),
        ]

    def __str__(self) -> str:
        return f"Support request {self.pk}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN


class SupportMessage(models.Model):
    request = models.ForeignKey(SupportRequest, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    from_office = models.BooleanField()
    body = models.TextField()
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"Message {self.pk}"


class SupportStatusChange(models.Model):
    """The request's history: every status change and assignment, in order."""

    request = models.ForeignKey(SupportRequest, on_delete=models.CASCADE, related_name="history")
    from_status = models.CharField(max_length=20, choices=SupportRequest.Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=SupportRequest.Status.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField()
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_status or 'new'} → {self.to_status}"
