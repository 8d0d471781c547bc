"""Coaches, what students ask for, the school's weights, and who is waiting for a coach."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext

from belong.core.academic_calendar import academic_year_of
from belong.people.models import Campus, Person

# The year an academic year starts in: 1 July 2026 to 30 June 2027 is 2026.
academic_year = academic_year_of


class Coach(models.Model):
    """A physician on the coaching roster. Student affairs keeps the roster.

    Being on the roster is not the same as holding the coach role: the role
    (given by an administrator) is what lets someone sign in and see their
    students. The roster page flags anyone on it without the role.
    """

    class Status(models.TextChoices):
        ACTIVE = "active", "Coaching"
        PAUSED = "paused", "Paused: keeps current students, takes no new ones"
        LEFT = "left", "Left the program"

    person = models.OneToOneField(Person, on_delete=models.PROTECT, related_name="coach_profile")
    specialty = models.CharField(max_length=120, blank=True)
    interests = models.JSONField(default=list, blank=True)
    languages = models.JSONField(default=list, blank=True)
    campus = models.ForeignKey(
        Campus, on_delete=models.PROTECT, null=True, blank=True, related_name="coaches"
    )
    capacity = models.PositiveSmallIntegerField(
        default=6, help_text="The most students this coach takes at once, across all classes."
    )
    active_from = models.PositiveSmallIntegerField(
        help_text="First academic year of coaching (2026 means 2026–27)."
    )
    active_until = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Last academic year of coaching; empty if open-ended."
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACTIVE)
    left_on = models.DateField(null=True, blank=True)
    introduction = models.TextField(
        blank=True, help_text="A few words for students choosing a coach."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["person__legal_family_name", "person__legal_given_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(active_until__isnull=True)
                | Q(active_until__gte=models.F("active_from")),
                name="coach_active_years_in_order",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        """How students and explanations name a coach: "Dr Ann Kim"."""
        # Spanish has no title that fits every gender ("Dr."/"Dra."): the name alone.
        return gettext("Dr %(name)s") % {"name": self.person.display_name}

    def serves_in(self, year: int) -> bool:
        """Whether the coach's active years include academic ``year``."""
        return self.active_from <= year and (self.active_until is None or year <= self.active_until)

    @property
    def takes_new_students(self) -> bool:
        return self.status == self.Status.ACTIVE and self.serves_in(
            academic_year(timezone.localdate())
        )


class PreferenceWindow(models.Model):
    """When students may submit or change their coach preferences."""

    opens_on = models.DateField()
    closes_on = models.DateField()
    max_choices = models.PositiveSmallIntegerField(
        default=5, help_text="How many coaches a student may rank."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-opens_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")),
                name="preference_window_closes_after_it_opens",
            )
        ]

    def __str__(self) -> str:
        return f"Preferences {self.opens_on} to {self.closes_on}"

    def is_open(self, on: date | None = None) -> bool:
        day = on or timezone.localdate()
        return self.opens_on <= day <= self.closes_on


class CoachPreference(models.Model):
    """What one student asked for: ranked coaches and/or interests, languages, campus.

    Demographics have no place here and never will: a pairing is an
    individual decision (Belong's first principle).
    """

    student = models.OneToOneField(
        Person, on_delete=models.CASCADE, related_name="coach_preference"
    )
    # Coach primary keys, most wanted first.
    ranked_coaches = models.JSONField(default=list, blank=True)
    interests = models.JSONField(default=list, blank=True)
    languages = models.JSONField(default=list, blank=True)
    campus = models.ForeignKey(
        Campus, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    keep_current_coach = models.BooleanField(
        default=False,
        help_text="If I have, or last had, a coach, I would like to keep them.",
    )
    submitted_at = models.DateTimeField()
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Coach preferences of person {self.student_id}"


class PairingWeights(models.Model):
    """The school's weights for suggesting coaches from interests; the newest row applies.

    Earlier rows are kept so a past run can be read with the weights it used
    (each run also copies them into its inputs).
    """

    interests = models.FloatField(default=1.0)
    languages = models.FloatField(default=1.0)
    campus = models.FloatField(default=1.0)
    specialty = models.FloatField(default=1.0)
    suggestion_length = models.PositiveSmallIntegerField(
        default=10,
        help_text="Complete each student's list with suggested coaches up to this length; "
        "0 uses only the coaches students named.",
    )
    pair_outside_lists = models.BooleanField(
        default=True,
        help_text="When every coach on a student's list is taken, pair them with another coach "
        "who has a seat rather than leave them without a coach.",
    )
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    set_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-set_at", "-pk"]
        verbose_name_plural = "pairing weights"
        constraints = [
            models.CheckConstraint(
                condition=Q(interests__gte=0)
                & Q(languages__gte=0)
                & Q(campus__gte=0)
                & Q(specialty__gte=0),
                name="pairing_weights_not_negative",
            )
        ]

    def __str__(self) -> str:
        return f"Pairing weights set {self.set_at:%Y-%m-%d}"

    @classmethod
    def current(cls) -> PairingWeights:
        """The weights in force (the defaults, unsaved, until the school sets some)."""
        return cls.objects.order_by("-set_at", "-pk").first() or cls()


class WaitingStudent(models.Model):
    """A current student without a coach since a known day, and why.

    Re-runs put students whose coach left first, then those waiting longest.
    A student new to the program has no row: they wait least.
    """

    class Reason(models.TextChoices):
        UNPAIRED = "unpaired", "Not paired in a published run"
        COACH_LEFT = "coach_left", "Their coach left the program"
        PAIRING_ENDED = "pairing_ended", "Their pairing ended"

    student = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="coach_waiting")
    since = models.DateField()
    reason = models.CharField(max_length=20, choices=Reason.choices)
    previous_coach = models.ForeignKey(
        Coach, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["since", "pk"]

    def __str__(self) -> str:
        return f"Person {self.student_id} waiting since {self.since}"

    @property
    def coach_left(self) -> bool:
        return self.reason == self.Reason.COACH_LEFT
