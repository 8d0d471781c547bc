"""What happens inside a pairing: meetings, goals, notes, referrals.

Coaching notes are among the most sensitive records a school holds. A note is
seen by the coach who wrote it and, only if that coach shares it, by the
student; never by student affairs, administrators or another coach (see
``coaching.policies``). Every read goes through ``coaching.queries`` and is
audited.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from belong.coaching.models.roster import Coach
from belong.coaching.models.runs import Pairing
from belong.people.models import Person


class Meeting(models.Model):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        HELD = "held", _("Held")
        MISSED = "missed", _("Missed")
        CANCELLED = "cancelled", _("Cancelled")

    pairing = models.ForeignKey(Pairing, on_delete=models.CASCADE, related_name="meetings")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    location = models.CharField(max_length=200, blank=True)
    video_url = models.URLField("Video link", blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SCHEDULED)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Set when the reminder e-mail is queued, so it is queued once.
    reminder_queued_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        indexes = [
            models.Index(fields=["pairing", "starts_at"]),
            models.Index(fields=["status", "starts_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="meeting_ends_after_it_starts"
            )
        ]

    def __str__(self) -> str:
        return f"Meeting {self.pk}"


class Goal(models.Model):
    """A goal the student and coach set together; both see and update it."""

    class Status(models.TextChoices):
        OPEN = "open", _("In progress")
        ACHIEVED = "achieved", _("Achieved")
        DROPPED = "dropped", _("Set aside")

    pairing = models.ForeignKey(Pairing, on_delete=models.CASCADE, related_name="goals")
    title = models.CharField(max_length=200)
    target_date = models.DateField(null=True, blank=True)
    progress = models.PositiveSmallIntegerField(default=0, help_text="Per cent, 0 to 100.")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["status", "target_date", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="goal_progress_percent")
        ]

    def __str__(self) -> str:
        return f"Goal {self.pk}"


class CoachingNote(models.Model):
    """A coach's note on a student or a meeting. Private to its author unless shared.

    ``__str__`` never shows the body, so a note cannot leak into a log line or
    an error page by accident.
    """

    pairing = models.ForeignKey(Pairing, on_delete=models.CASCADE, related_name="notes")
    meeting = models.ForeignKey(
        Meeting, on_delete=models.SET_NULL, null=True, blank=True, related_name="notes"
    )
    author = models.ForeignKey(Coach, on_delete=models.PROTECT, related_name="notes")
    body = models.TextField()
    shared_with_student = models.BooleanField(default=False)
    shared_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["pairing", "author"])]

    def __str__(self) -> str:
        return f"Coaching note {self.pk}"


class Referral(models.Model):
    """A coach's suggestion that student affairs reach out, sent only with the student's consent.

    The coach proposes what to share (areas, a message); the student chooses
    what of it goes, may add their own words, and agrees or declines. Student
    affairs sees only what was shared; what was proposed and not shared is
    erased when the student decides.
    """

    class Status(models.TextChoices):
        AWAITING_CONSENT = "awaiting_consent", _("Waiting for the student's consent")
        SENT = "sent", _("Sent to student affairs")
        DECLINED = "declined", _("Declined by the student")
        WITHDRAWN = "withdrawn", _("Withdrawn by the coach")
        ACKNOWLEDGED = "acknowledged", _("Student affairs is in touch")
        CLOSED = "closed", _("Closed")

    class Area(models.TextChoices):
        ACADEMIC = "academic", _("Academic progress")
        WELLBEING = "wellbeing", _("Well-being")
        CAREER = "career", _("Career planning")
        FINANCIAL = "financial", _("Finances")
        ACCOMMODATION = "accommodation", _("Disability or accommodations")
        OTHER = "other", _("Something else")

    VISIBLE_TO_STUDENT_AFFAIRS = (Status.SENT, Status.ACKNOWLEDGED, Status.CLOSED)

    pairing = models.ForeignKey(Pairing, on_delete=models.PROTECT, related_name="referrals")
    coach = models.ForeignKey(Coach, on_delete=models.PROTECT, related_name="referrals")
    student = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="coach_referrals")
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.AWAITING_CONSENT
    )
    # What the coach proposes to share; erased once the student decides.
    proposed_areas = models.JSONField(default=list, blank=True)
    proposed_message = models.TextField(blank=True)
    # What the student agreed to share: all student affairs ever sees.
    shared_areas = models.JSONField(default=list, blank=True)
    shared_message = models.TextField(blank=True)
    student_words = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return f"Referral {self.pk}"

    @property
    def shared_area_labels(self) -> list[str]:
        labels = dict(self.Area.choices)
        return [labels.get(a, a) for a in self.shared_areas]

    @property
    def proposed_area_labels(self) -> list[str]:
        labels = dict(self.Area.choices)
        return [labels.get(a, a) for a in self.proposed_areas]


class QuarterNudge(models.Model):
    """A quarterly reminder queued to a coach, so each coach gets at most one a quarter."""

    coach = models.ForeignKey(Coach, on_delete=models.CASCADE, related_name="+")
    quarter_start = models.DateField()
    students = models.PositiveSmallIntegerField()
    queued_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["coach", "quarter_start"], name="one_nudge_per_coach_per_quarter"
            )
        ]

    def __str__(self) -> str:
        return f"Nudge to coach {self.coach_id} for {self.quarter_start}"
