"""A digest of the demo school's records, for checking that a seed rebuilds the same school.

Rows are read by their natural keys (codes, institutional ids, usernames),
never by primary keys or timestamps, which differ between databases and runs.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet

from belong.access.models import RoleAssignment, User
from belong.people.models import (
    Affiliation,
    AssessmentRelationship,
    Campus,
    Person,
    SelfIdentification,
    SelfIdentificationFields,
    SelfIdentificationVersion,
    Unit,
)

_ANSWERS = (*SelfIdentificationFields.ANSWER_FIELDS, "ipeds")


def _tables() -> Iterable[tuple[str, QuerySet[Any, Any]]]:
    yield "campus", Campus.objects.order_by("code").values_list("code", "name", "city")
    yield (
        "unit",
        Unit.objects.order_by("code").values_list(
            "code", "name", "kind", "parent__code", "campus__code"
        ),
    )
    yield (
        "person",
        Person.objects.order_by("institutional_id").values_list(
            "institutional_id",
            "legal_given_name",
            "legal_family_name",
            "preferred_name",
            "pronouns",
            "email",
            "user__username",
        ),
    )
    affiliation_fields = (
        *("person__institutional_id", "kind", "unit__code", "campus__code", "start_date"),
        *("end_date", "cohort", "rank", "track", "title", "status"),
    )
    yield (
        "affiliation",
        Affiliation.objects.order_by(*affiliation_fields).values_list(*affiliation_fields),
    )
    yield (
        "self_identification",
        SelfIdentification.objects.order_by("person__institutional_id").values_list(
            "person__institutional_id", "version", "source", *_ANSWERS
        ),
    )
    yield (
        "self_identification_version",
        SelfIdentificationVersion.objects.order_by(
            "person__institutional_id", "version"
        ).values_list("person__institutional_id", "version", "source", *_ANSWERS),
    )
    assessment_fields = ("assessor__institutional_id", "role", "student__institutional_id",
                         "cohort", "course", "start_date", "end_date")  # fmt: skip
    yield (
        "assessment",
        AssessmentRelationship.objects.order_by(*assessment_fields).values_list(*assessment_fields),
    )
    yield (
        "user",
        User.objects.order_by("username").values_list(
            "username", "email", "first_name", "last_name", "is_active", "is_staff", "is_superuser"
        ),
    )
    yield (
        "role",
        RoleAssignment.objects.order_by("user__username", "role", "unit__code").values_list(
            "user__username", "role", "unit__code"
        ),
    )


def school_digest() -> str:
    """SHA-256 over every demo-relevant row, in a fixed order."""
    digest = hashlib.sha256()
    for name, rows in _tables():
        digest.update(f"[{name}]\n".encode())
        for row in rows.iterator(chunk_size=5000):
            digest.update(json.dumps(row, default=str, ensure_ascii=False).encode())
            digest.update(b"\n")
    return digest.hexdigest()
