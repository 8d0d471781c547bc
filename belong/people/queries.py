"""Every read of self-identification goes through here, and each one is audited.

Views never query ``SelfIdentification`` or its history themselves.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404

from belong.access import audit
from belong.access.permissions import Permission
from belong.access.policies import has_permission
from belong.people.models import Person, SelfIdentification, SelfIdentificationVersion


def person_or_none(user: Any) -> Person | None:
    """The user's own Person, or None (signed out, or an account with no person)."""
    if not getattr(user, "is_authenticated", False):
        return None
    # The reverse one-to-one is cached on the user object by Django (a missing
    # person too), so menus, rules and cards asking in one request cost one query.
    try:
        return user.person  # type: ignore[no-any-return]
    except Person.DoesNotExist:
        return None


def person_of(user: Any) -> Person:
    """The signed-in user's own Person, or 404 if the account has none."""
    person = person_or_none(user)
    if person is None:
        raise Http404("This account is not linked to a person record.")
    return person


def has_answered(person: Person) -> bool:
    """Whether ``person`` has any answers on file (not what they are)."""
    return SelfIdentification.objects.filter(person=person).exists()


def _may_read(user: Any, person: Person) -> bool:
    return has_permission(user, Permission.VIEW_OWN_PROFILE, person) or has_permission(
        user, Permission.VIEW_SELF_ID_RECORDS
    )


def self_identification_for(
    user: Any, person: Person, *, purpose: str
) -> SelfIdentification | None:
    """The current answers of ``person`` as ``user`` may see them, audited.

    Raises 404 when the user may not read them. ``purpose`` says why (it is
    recorded with the read).
    """
    if not _may_read(user, person):
        raise Http404("No such record.")
    record = SelfIdentification.objects.filter(person=person).first()
    audit.record(
        audit.PeopleEvent.SELF_IDENTIFICATION_READ,
        by=user,
        target=person,
        detail={"purpose": purpose, "version": record.version if record else None},
    )
    return record


def self_identification_history_for(
    user: Any, person: Person, *, purpose: str
) -> list[SelfIdentificationVersion]:
    """Every version of ``person``'s answers, newest first, audited."""
    if not _may_read(user, person):
        raise Http404("No such record.")
    versions = list(SelfIdentificationVersion.objects.filter(person=person).order_by("-version"))
    audit.record(
        audit.PeopleEvent.SELF_IDENTIFICATION_HISTORY_READ,
        by=user,
        target=person,
        detail={"purpose": purpose, "versions": len(versions)},
    )
    return versions
