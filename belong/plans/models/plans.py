"""A plan, its areas, goals and actions; milestones, progress updates and the change log.

A plan is written as a draft by leadership or the inclusion office and then
published to its audience (the school, or the public). Publishing numbers a
version; every change made afterwards is written to the plan's change log
under the version it changed, so a published plan keeps its history.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from belong.people.models import Person, Unit


class Status(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    OFF_TRACK = "off_track", _("Off track")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


# Statuses that need a reason: why it was dropped, why it is off track.
NEEDS_REASON = frozenset({Status.OFF_TRACK, Status.DROPPED})


class Plan(models.Model):
    class Audience(models.TextChoices):
        SCHOOL = "school", _("Everyone in the school (signed in)")
        PUBLIC = "public", _("The public (no account needed)")

    title = models.CharField(max_length=200)
    summary = models.TextField(blank=True)
    audience = models.CharField(max_length=10, choices=Audience.choices, default="school")
    # 0 while a draft; each publication adds one.
    version = models.PositiveIntegerField(default=0)
    published_at = models.DateTimeField(null=True, blank=True)
    # Days between progress updates before an action's owner is reminded.
    update_every_days = models.PositiveSmallIntegerField(default=30)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering: ClassVar[list[str]] = ["title", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_published(self) -> bool:
        return self.version > 0


class Area(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="areas")
    title = models.CharField(max_length=200)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering: ClassVar[list[str]] = ["order", "pk"]

    def __str__(self) -> str:
        return self.title


class Goal(models.Model):
    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="goals")
    title = models.CharField(max_length=300)

    class Meta:
        ordering: ClassVar[list[str]] = ["pk"]

    def __str__(self) -> str:
        return self.title


class Action(models.Model):
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="actions")
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    # Who answers for it: a person, an office, or both (the office is what the
    # progress page shows; the person, or the office's role holders, report).
    owner_person = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="plan_actions"
    )
    owner_unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="plan_actions"
    )
    starts_on = models.DateField()
    due_on = models.DateField()
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.NOT_STARTED)
    status_reason = models.TextField(blank=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["due_on", "pk"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(
                condition=models.Q(due_on__gte=models.F("starts_on")),
                name="plans_action_due_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(owner_person__isnull=False) | models.Q(owner_unit__isnull=False),
                name="plans_action_has_owner",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def plan(self) -> Plan:
        return self.goal.area.plan

    @property
    def owner_label(self) -> str:
        if self.owner_unit is not None:
            return self.owner_unit.name
        return self.owner_person.display_name if self.owner_person else ""


class Milestone(models.Model):
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(max_length=300)
    due_on = models.DateField()
    done_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.title


class ProgressUpdate(models.Model):
    """A dated report by the action's owner: where it stands now, and why."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    written_on = models.DateField()
    status = models.CharField(max_length=12, choices=Status.choices)
    reason = models.TextField(blank=True)
    note = models.TextField()
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering: ClassVar[list[str]] = ["-written_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.action} on {self.written_on}"


class PlanChange(models.Model):
    """One line of a plan's change log, under the version it changed."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="changes")
    version = models.PositiveIntegerField()
    changed_at = models.DateTimeField(default=timezone.now)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    summary = models.CharField(max_length=500)

    class Meta:
        ordering: ClassVar[list[str]] = ["-changed_at", "-pk"]

    def __str__(self) -> str:
        return self.summary


class PlanReport(models.Model):
    """A progress report as issued: what each action's status was, for "what changed since"."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="reports")
    issued_on = models.DateField()
    # {action id: status}
    statuses = models.JSONField(default=dict)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering: ClassVar[list[str]] = ["-issued_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.plan} report of {self.issued_on}"


class UpdateReminder(models.Model):
    """An overdue-update reminder queued for an action, once per overdue spell."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="reminders")
    # The day the update became overdue: a later update starts a new spell.
    overdue_since = models.DateField()
    queued_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["action", "overdue_since"], name="plans_reminder_once_per_spell"
            )
        ]

    def __str__(self) -> str:
        return f"Reminder for {self.action} (overdue since {self.overdue_since})"
