"""Events an office announces in the directory, and community stories."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from belong.directory.models.entries import Audience, Organization


class Event(models.Model):
    """A dated event for an audience, in a place or online (a link), with a capacity."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="events")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    audience = models.CharField(max_length=20, choices=Audience.choices, default="everyone")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    place = models.CharField(max_length=300, blank=True)
    link = models.URLField(blank=True, help_text="For an online event: where to join.")
    capacity = models.PositiveIntegerField(null=True, blank=True, help_text="Blank: no limit.")
    cancelled = models.BooleanField(default=False)

    class Meta:
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["audience", "starts_at"])]

    def __str__(self) -> str:
        return self.title


class Story(models.Model):
    """A short community story, shown publicly once reviewed, with its author's consent."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Waiting for review")
        PUBLISHED = "published", _("Published")
        DECLINED = "declined", _("Not published")

    title = models.CharField(max_length=200)
    body = models.TextField()
    # How the author is named on the page: their choice, possibly "Anonymous student".
    byline = models.CharField(max_length=200)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    consent_text = models.TextField(help_text="The consent the author gave, word for word.")
    consented_at = models.DateTimeField()
    status = models.CharField(max_length=20, choices=Status.choices, default="submitted")
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    consent_withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-reviewed_at", "-pk"]
        verbose_name_plural = "stories"

    def __str__(self) -> str:
        return self.title
