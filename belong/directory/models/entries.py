"""Directory entries: organizations (offices), their services, locations with hours, contacts.

A service is the entry people look up and an office keeps current. It records
who last *verified* it (an explicit "I checked this entry") apart from when it
was last *edited*: an import or an unchanged save is no verification.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from belong.directory.search import normalise
from belong.people.models import Campus, Unit


class Audience(models.TextChoices):
    EVERYONE = "everyone", _("Everyone")
    MD_PROGRAM = "md_program", _("MD program")
    STUDENTS = "students", _("Students")
    INTERNATIONAL = "international", _("International students")
    RESIDENTS = "residents", _("Residents and fellows")
    EMPLOYEES = "employees", _("Managers and employees")
    FACULTY = "faculty", _("Faculty")


class Topic(models.TextChoices):
    ADVISING = "advising", _("Academic advising")
    COUNSELLING = "counselling", _("Counselling and mental health")
    TUTORING = "tutoring", _("Tutoring")
    CAREER = "career", _("Career advising")
    DISABILITY = "disability", _("Disability advocacy")
    FITNESS = "fitness", _("Fitness and meditation")
    HEALTH_COVERAGE = "health_coverage", _("Health coverage")
    COMMUNITY = "community", _("Community and belonging")
    CRISIS = "crisis", _("Crisis and urgent help")
    REPORTING = "reporting", _("Ombuds and reporting concerns")
    TITLE_IX = "title_ix", _("Title IX and sexual misconduct")
    FINANCIAL = "financial", _("Financial aid and advising")
    OTHER = "other", _("Other")


class EntryStatus(models.TextChoices):
    ACTIVE = "active", _("Open")
    TEMPORARILY_CLOSED = "temporarily_closed", _("Temporarily closed")
    INACTIVE = "inactive", _("No longer offered")


class Organization(models.Model):
    """An office, organization or initiative; owned by one unit of the school."""

    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    email = models.EmailField(blank=True)
    website = models.URLField(blank=True)
    owner = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="directory_organizations",
        help_text="The office whose staff keep this organization's entries current.",
    )
    # The HSDS identifier (a UUID), kept across export and import.
    hsds_id = models.CharField(max_length=64, unique=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Location(models.Model):
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="locations"
    )
    name = models.CharField(max_length=200)
    address = models.CharField(max_length=300, blank=True)
    city = models.CharField(max_length=100, blank=True)
    state_province = models.CharField("State or province", max_length=100, blank=True)
    postal_code = models.CharField(max_length=20, blank=True)
    country = models.CharField(max_length=2, blank=True, default="US")
    campus = models.ForeignKey(
        Campus, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    accessibility = models.TextField(blank=True)
    hsds_id = models.CharField(max_length=64, unique=True)
    # Retired by its office: kept as history, no longer shown, exported or linked.
    retired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Service(models.Model):
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="services"
    )
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    audience = models.CharField(max_length=20, choices=Audience.choices, default="everyone")
    topic = models.CharField(max_length=20, choices=Topic.choices, default="other")
    eligibility = models.TextField(blank=True)
    how_to_apply = models.TextField("How to apply", blank=True)
    cost = models.CharField(max_length=200, blank=True, help_text="For example: free.")
    languages = models.CharField(
        max_length=200, blank=True, help_text="Languages offered, separated by commas."
    )
    accessibility = models.TextField(blank=True)
    status = models.CharField(max_length=20, choices=EntryStatus.choices, default="active")
    locations = models.ManyToManyField(Location, blank=True, related_name="services")
    hsds_id = models.CharField(max_length=64, unique=True)
    # Lower-case words without accents, for search on every database (directory.search).
    search_text = models.TextField(editable=False, default="")
    updated_at = models.DateTimeField(auto_now=True)
    last_verified_at = models.DateTimeField(null=True, blank=True)
    last_verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # When the owner was told the entry needs checking (cleared by a verification).
    stale_flagged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["name"]
        indexes = [
            models.Index(fields=["audience", "topic"]),
            models.Index(fields=["status"]),
            models.Index(fields=["last_verified_at"]),
        ]

    def __str__(self) -> str:
        return self.name

    def refresh_search_text(self) -> None:
        self.search_text = normalise(
            " ".join(
                [
                    self.name,
                    self.description,
                    self.organization.name,
                    self.eligibility,
                    self.languages,
                    self.get_topic_display(),
                    self.get_audience_display(),
                ]
            )
        )


class Schedule(models.Model):
    """Regular opening hours of a location: one row per weekday and span."""

    class Weekday(models.IntegerChoices):
        MONDAY = 1, _("Monday")
        TUESDAY = 2, _("Tuesday")
        WEDNESDAY = 3, _("Wednesday")
        THURSDAY = 4, _("Thursday")
        FRIDAY = 5, _("Friday")
        SATURDAY = 6, _("Saturday")
        SUNDAY = 7, _("Sunday")

    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="schedules")
    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices)
    opens_at = models.TimeField()
    closes_at = models.TimeField()
    hsds_id = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["weekday", "opens_at"]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens_at:%H:%M}-{self.closes_at:%H:%M}"


class Contact(models.Model):
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(max_length=200)
    title = models.CharField(max_length=200, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    hsds_id = models.CharField(max_length=64, unique=True)
    # Retired by its office: kept as history, no longer shown or exported.
    retired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


def current_locations(lookup: str = "locations") -> models.Prefetch:
    """Prefetch ``lookup`` without retired locations (with their hours and campus)."""
    return models.Prefetch(
        lookup,
        queryset=Location.objects.filter(retired_at__isnull=True)
        .select_related("campus", "organization")
        .prefetch_related("schedules"),
    )


def current_contacts(lookup: str = "contacts") -> models.Prefetch:
    """Prefetch ``lookup`` without retired contacts."""
    return models.Prefetch(lookup, queryset=Contact.objects.filter(retired_at__isnull=True))
