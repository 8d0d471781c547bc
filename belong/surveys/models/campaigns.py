"""Campaigns, invitations and participation: who was asked, and who took part.

These rows name people, on purpose: a campaign needs to know whom to invite
and whom to remind. They never hold what anyone answered. The answers are
:class:`~belong.surveys.models.responses.Response` rows, which name nobody;
no column here points at one, and none there points back.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models

from belong.people.models import Person, Unit
from belong.surveys.models.instruments import InstrumentVersion

# The smallest thresholds a campaign may declare; a campaign may only raise its own.
MIN_K = 5
MIN_COMMENT_K = 10


class Campaign(models.Model):
    class Mode(models.TextChoices):
        ANONYMOUS = "anonymous", "Anonymous"
        CONFIDENTIAL = "confidential", "Confidential"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    title = models.CharField(max_length=200)
    version = models.ForeignKey(
        InstrumentVersion, on_delete=models.PROTECT, related_name="campaigns"
    )
    mode = models.CharField(max_length=12, choices=Mode.choices, default=Mode.ANONYMOUS)
    k = models.PositiveSmallIntegerField(
        default=MIN_K, help_text="No result is shown for fewer responses than this."
    )
    comment_k = models.PositiveSmallIntegerField(
        default=MIN_COMMENT_K, help_text="No comments are shown for fewer responses than this."
    )
    dimensions = models.JSONField(
        default=list, blank=True, help_text="The groups results may be cut by, declared up front."
    )
    # The audience: people with a current affiliation of these kinds, in this unit
    # (or below it), of this class year.
    audience_kinds = models.JSONField(default=list)
    audience_unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    audience_cohort = models.PositiveSmallIntegerField(null=True, blank=True)
    opens_on = models.DateField()
    closes_on = models.DateField()
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.DRAFT)
    invited = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["-opens_on", "title"]

    def __str__(self) -> str:
        return self.title

    @property
    def bucket(self) -> str:
        """The sealed-envelope bucket of this campaign's responses."""
        return f"surveys.campaign.{self.pk}"

    @property
    def settings_locked(self) -> bool:
        """Mode and dimensions are fixed once invitations went out (before any answer)."""
        return self.status != self.Status.DRAFT


class Invitation(models.Model):
    """One person asked to answer one campaign, through a single-use link.

    ``link_salt`` makes the link (``belong.surveys.links``; the link itself is
    never stored) and is emptied when the link is used. ``snapshot`` holds
    the person's coarsened groups, taken at invitation and generalised so that
    every combination is shared by at least k invitees; it is emptied when the
    person answers. ``draft`` is saved progress, encrypted under a key only the
    link holds.
    """

    names_a_person = True

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="invitations")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    link_salt = models.CharField(max_length=32, blank=True)
    snapshot = models.JSONField(default=dict, blank=True)
    draft = models.BinaryField(null=True, blank=True)
    sent_on = models.DateField(null=True, blank=True)
    reminders = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["campaign", "person"], name="surveys_one_invitation")
        ]

    def __str__(self) -> str:
        return f"Invitation to {self.campaign}"


class Participation(models.Model):
    """That a person answered a campaign: no answer, no time, no link to the response."""

    names_a_person = True

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="participations")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["campaign", "person"], name="surveys_one_participation")
        ]

    def __str__(self) -> str:
        return f"Took part in {self.campaign}"
