"""People, the units they belong to, their affiliations, and self-identification.

Self-identification lives in its own tables, never on ``Person``: it is read
only through ``belong.people.queries`` (which audits every read) and appears
elsewhere only as suppressed aggregates.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from belong.people import categories as cat


class Campus(models.Model):
    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=200)
    city = models.CharField(max_length=120, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "campuses"

    def __str__(self) -> str:
        return self.name


class Unit(models.Model):
    """A node of the school's tree: school → department or program → division.

    Offices (student affairs, counselling, the inclusion office) are units
    too, so that a role can be scoped to one.
    """

    class Kind(models.TextChoices):
        SCHOOL = "school", "School"
        DEPARTMENT = "department", "Department"
        PROGRAM = "program", "Program"
        DIVISION = "division", "Division"
        OFFICE = "office", "Office"

    code = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    campus = models.ForeignKey(
        Campus, on_delete=models.PROTECT, null=True, blank=True, related_name="units"
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def ancestors(self) -> list[Unit]:
        chain: list[Unit] = []
        node = self.parent
        while node is not None and node not in chain:
            chain.append(node)
            node = node.parent
        return chain


class Person(models.Model):
    # The school's own id (EMPLID, Banner ID, student or employee number). Empty
    # (null) for someone known so far only by another identifier, such as an
    # applicant by their AAMC ID; those are ``PersonIdentifier`` rows.
    institutional_id = models.CharField(max_length=64, unique=True, null=True, blank=True)
    legal_given_name = models.CharField(max_length=120)
    legal_family_name = models.CharField(max_length=120)
    preferred_name = models.CharField(
        max_length=200, blank=True, help_text="The name to use everywhere it is shown."
    )
    pronouns = models.CharField(max_length=60, blank=True)
    email = models.EmailField(blank=True, db_index=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["legal_family_name", "legal_given_name"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.preferred_name or f"{self.legal_given_name} {self.legal_family_name}"

    @property
    def legal_name(self) -> str:
        return f"{self.legal_given_name} {self.legal_family_name}"


class PersonIdentifier(models.Model):
    """One identifier a person carries in another system: AAMC ID, ERAS id...

    One value per scheme names one person (unique per scheme and value); a
    person has at most one value per scheme. The school's own id stays on
    ``Person.institutional_id`` (the scheme ``institutional``); see
    ``belong.people.identifiers`` and decision record 0022.
    """

    class Scheme(models.TextChoices):
        AAMC_ID = "aamc_id", "AAMC ID"
        ERAS_ID = "eras_id", "ERAS id"
        NRMP_ID = "nrmp_id", "NRMP id"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="identifiers")
    scheme = models.CharField(max_length=20, choices=Scheme.choices)
    value = models.CharField(max_length=64)
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["person", "scheme"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "value"], name="one_person_per_identifier"),
            models.UniqueConstraint(fields=["person", "scheme"], name="one_identifier_per_scheme"),
        ]

    def __str__(self) -> str:
        return f"{self.get_scheme_display()} {self.value}"


class AffiliationQuerySet(models.QuerySet["Affiliation"]):
    def current(self, on: date | None = None) -> AffiliationQuerySet:
        day = on or timezone.localdate()
        return self.filter(start_date__lte=day).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=day)
        )


class Affiliation(models.Model):
    """A person's tie to a unit for a period. History is kept: a change is a
    new row, and the row it replaces gets an end date."""

    class Kind(models.TextChoices):
        APPLICANT = "applicant", "Applicant"
        STUDENT = "student", "Student"
        RESIDENT = "resident", "Resident or fellow"
        FACULTY = "faculty", "Faculty"
        STAFF = "staff", "Staff"

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        LEAVE = "leave", "On leave"
        COMPLETED = "completed", "Completed or graduated"
        WITHDRAWN = "withdrawn", "Withdrew"
        DISMISSED = "dismissed", "Dismissed"
        SEPARATED = "separated", "Separated"

    class Rank(models.TextChoices):
        INSTRUCTOR = "instructor", "Instructor"
        ASSISTANT = "assistant", "Assistant professor"
        ASSOCIATE = "associate", "Associate professor"
        FULL = "full", "Professor"
        EMERITUS = "emeritus", "Emeritus"

    class Track(models.TextChoices):
        CLINICAL = "clinical", "Clinician-educator"
        RESEARCH = "research", "Research"
        TENURE = "tenure", "Tenure track"
        ADJUNCT = "adjunct", "Adjunct or voluntary"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="affiliations")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="affiliations")
    campus = models.ForeignKey(
        Campus, on_delete=models.PROTECT, null=True, blank=True, related_name="affiliations"
    )
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    cohort = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Class year (students) or entry year (applicants)."
    )
    rank = models.CharField(max_length=20, choices=Rank.choices, blank=True)
    track = models.CharField(max_length=20, choices=Track.choices, blank=True)
    title = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACTIVE)
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = AffiliationQuerySet.as_manager()

    class Meta:
        ordering = ["person", "-start_date"]
        indexes = [
            models.Index(fields=["kind", "cohort"]),
            models.Index(fields=["person", "kind"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="affiliation_ends_after_it_starts",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}, {self.unit}"

    @property
    def is_current(self) -> bool:
        today = timezone.localdate()
        return self.start_date <= today and (self.end_date is None or self.end_date >= today)

    # Fields whose change makes a new row (see actions.plan_affiliation).
    TRACKED_FIELDS = ("unit_id", "campus_id", "cohort", "rank", "track", "title", "status")


def _choices(mapping: dict[str, str]) -> list[tuple[str, str]]:
    return [*mapping.items(), (cat.PREFER_NOT, cat.PREFER_NOT_LABEL)]


class SelfIdentificationFields(models.Model):
    """The answers themselves, shared by the current record and its history."""

    race = models.JSONField(
        default=list, blank=True, help_text="Minimum-category codes, or ['prefer_not']."
    )
    race_detailed = models.JSONField(default=list, blank=True)
    race_write_in = models.CharField(max_length=200, blank=True)
    sex = models.CharField(max_length=20, choices=_choices(cat.SEX), null=True, blank=True)
    gender_identity = models.CharField(
        max_length=30, choices=_choices(cat.GENDER_IDENTITY), null=True, blank=True
    )
    gender_identity_write_in = models.CharField(max_length=200, blank=True)
    sexual_orientation = models.CharField(
        max_length=30, choices=_choices(cat.SEXUAL_ORIENTATION), null=True, blank=True
    )
    sexual_orientation_write_in = models.CharField(max_length=200, blank=True)
    first_generation = models.CharField(
        max_length=20, choices=_choices(cat.YES_NO), null=True, blank=True
    )
    disability = models.CharField(
        max_length=20, choices=_choices(cat.YES_NO), null=True, blank=True
    )
    veteran = models.CharField(max_length=20, choices=_choices(cat.YES_NO), null=True, blank=True)
    origin = models.CharField(max_length=20, choices=_choices(cat.ORIGIN), null=True, blank=True)
    age_band = models.CharField(
        max_length=20, choices=_choices(cat.AGE_BAND), null=True, blank=True
    )
    citizenship = models.CharField(
        max_length=30, choices=_choices(cat.CITIZENSHIP), null=True, blank=True
    )
    # Derived from race and citizenship when saved; never entered.
    ipeds = models.CharField(max_length=20, choices=list(cat.IPEDS.items()), default="unknown")

    ANSWER_FIELDS = (
        "race",
        "race_detailed",
        "race_write_in",
        "sex",
        "gender_identity",
        "gender_identity_write_in",
        "sexual_orientation",
        "sexual_orientation_write_in",
        "first_generation",
        "disability",
        "veteran",
        "origin",
        "age_band",
        "citizenship",
    )

    class Meta:
        abstract = True

    def answers(self) -> dict[str, object]:
        return {name: getattr(self, name) for name in self.ANSWER_FIELDS}


class SelfIdentification(SelfIdentificationFields):
    """A person's current answers. Read through ``people.queries`` only."""

    class Source(models.TextChoices):
        SELF = "self", "The person"
        IMPORT = "import", "Data import"
        STEWARD = "steward", "Data steward"

    person = models.OneToOneField(
        Person, on_delete=models.CASCADE, related_name="self_identification"
    )
    version = models.PositiveIntegerField(default=1)
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.SELF)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["ipeds"])]

    def __str__(self) -> str:
        return f"Self-identification of person {self.person_id} (version {self.version})"


class SelfIdentificationVersion(SelfIdentificationFields):
    """Every earlier and current version, kept so changes can be seen over time."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="self_identification_versions"
    )
    version = models.PositiveIntegerField()
    source = models.CharField(max_length=20, choices=SelfIdentification.Source.choices)
    recorded_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["person", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["person", "version"], name="one_row_per_version")
        ]

    def __str__(self) -> str:
        return f"Person {self.person_id}, version {self.version}"


class AssessmentRelationship(models.Model):
    """Someone who assesses students: a grader, a course or clerkship director,
    a member of the promotions committee.

    Accreditation requires that whoever coaches or counsels a student has no
    role in assessing or promoting them. A relationship names one student, or a
    whole cohort (a course director assesses the entire class).
    """

    class Role(models.TextChoices):
        COURSE_DIRECTOR = "course_director", "Course director"
        CLERKSHIP_DIRECTOR = "clerkship_director", "Clerkship director"
        GRADER = "grader", "Grader or evaluator"
        PROMOTIONS_COMMITTEE = "promotions_committee", "Promotions committee member"

    assessor = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="assesses")
    role = models.CharField(max_length=30, choices=Role.choices)
    student = models.ForeignKey(
        Person,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="assessed_by",
        help_text="One student; leave empty to cover a whole cohort.",
    )
    cohort = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Class year, when the whole cohort is assessed."
    )
    course = models.CharField(max_length=200, blank=True)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(student__isnull=False) | Q(cohort__isnull=False),
                name="assessment_names_a_student_or_cohort",
            )
        ]
        indexes = [models.Index(fields=["assessor", "cohort"])]

    def __str__(self) -> str:
        whom = f"class of {self.cohort}" if self.student_id is None else f"person {self.student_id}"
        return f"{self.get_role_display()} ({self.course or 'all courses'}) for {whom}"


class Invitation(models.Model):
    """An administrator's invitation to a person in the directory to use Belong.

    It goes to the e-mail address in the school's records, never to one typed
    by the administrator. By password: an account is made at once (no usable
    password) and the e-mail carries a one-time link to choose one (see
    ``belong.people.invitations``); sending a new invitation voids the older
    links. By single sign-on: the e-mail says to sign in with the school's
    identity provider, which makes the account on first sign-in.
    """

    class Method(models.TextChoices):
        PASSWORD = "password", "A password they choose from a link in the e-mail"
        SSO = "sso", "The school's single sign-on"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="invitations")
    account = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invitations",
        help_text="The account made for a password invitation.",
    )
    method = models.CharField(max_length=20, choices=Method.choices)
    email = models.EmailField(help_text="The address it was sent to.")
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    invited_at = models.DateTimeField()
    expires_at = models.DateTimeField()

    class Meta:
        ordering = ["-invited_at", "-pk"]

    def __str__(self) -> str:
        return f"Invitation of person {self.person_id} ({self.get_method_display()})"
