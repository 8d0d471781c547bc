"""Secret calendar-feed addresses, and a log of reminders already sent."""

from __future__ import annotations

from django.db import models

from belong.people.models import Person


class CalendarFeed(models.Model):
    """A person's private iCalendar address. Calendar apps cannot sign in, so the
    address itself is the credential; only its SHA-256 is stored, so a copy of
    the database does not give anyone a working feed."""

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="calendar_feed")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Calendar feed of person {self.person_id}"


class SentReminder(models.Model):
    """One reminder e-mail queued, so the next run of ``send_reminders`` does not repeat it."""

    class Kind(models.TextChoices):
        SUPPORT_WAITING = "support_waiting", "Support requests waiting for an office"
        COVERAGE_DEADLINE = "coverage_deadline", "Health-coverage deadline"

    kind = models.CharField(max_length=30, choices=Kind.choices)
    # e.g. "office:12" or "coverage:3:456" (year id, person id)
    key = models.CharField(max_length=100)
    sent_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["kind", "key", "sent_at"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.key}"
