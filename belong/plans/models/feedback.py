"""Listening sessions and comments: named, or anonymous records that say nobody and no time.

An anonymous comment is an :class:`~belong.anonymity.models.AnonymousRecord`
(a random key and the week it arrived, nothing else of who or when), sealed
on arrival and released in random batches exactly as survey responses are
(decision records 0017 and 0024). The office's triage (a theme, the actions
that answer it) is written onto the record later and says nothing of its writer.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone

from belong.anonymity.models import AnonymousRecord
from belong.anonymity.periods import Period
from belong.people.models import Person
from belong.plans.models.plans import Action, Area, Plan


class ListeningSession(models.Model):
    class Kind(models.TextChoices):
        TOWN_HALL = "town_hall", "Town hall"
        FOCUS_GROUP = "focus_group", "Focus group"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="sessions")
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.TOWN_HALL)
    held_on = models.DateField()
    audience = models.CharField(max_length=200, help_text="Who was invited, e.g. all students.")
    notes = models.TextField()

    class Meta:
        ordering: ClassVar[list[str]] = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} of {self.held_on}"


class Theme(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="themes")
    name = models.CharField(max_length=120)

    class Meta:
        ordering: ClassVar[list[str]] = ["name", "pk"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["plan", "name"], name="plans_theme_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class Comment(models.Model):
    """A comment signed with its writer's name."""

    names_a_person = True

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="comments")
    area = models.ForeignKey(Area, on_delete=models.SET_NULL, null=True, blank=True)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="plan_comments")
    text = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)
    theme = models.ForeignKey(Theme, on_delete=models.SET_NULL, null=True, blank=True)
    actions = models.ManyToManyField(Action, blank=True, related_name="named_comments")
    triaged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering: ClassVar[list[str]] = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Comment on {self.plan}"


class AnonymousComment(AnonymousRecord):
    """An anonymous comment: what was said, on which plan (and area), and the week only."""

    period: ClassVar[Period] = Period.WEEK

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="anonymous_comments")
    area = models.ForeignKey(Area, on_delete=models.SET_NULL, null=True, blank=True)
    text = models.TextField()
    theme = models.ForeignKey(Theme, on_delete=models.SET_NULL, null=True, blank=True)

    class Meta:
        ordering: ClassVar[list[str]] = []

    def __str__(self) -> str:
        return f"Anonymous comment on {self.plan}"


class AnonymousCommentAnswer(models.Model):
    """Links an anonymous comment to an action that answers it ("you said, we did")."""

    comment = models.ForeignKey(AnonymousComment, on_delete=models.CASCADE, related_name="answers")
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="anonymous_answers")

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["comment", "action"], name="plans_answer_unique")
        ]

    def __str__(self) -> str:
        return f"{self.action} answers an anonymous comment"
