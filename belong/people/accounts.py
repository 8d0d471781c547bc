"""How people's records answer access's questions about accounts (``access.persons``).

* A current affiliation implies a role while it lasts: a student, a resident,
  a faculty or a staff member. Privileged roles are never implied.
* Single sign-on names a person by institutional id or, failing that, by an
  e-mail address the identity provider verified and exactly one person has.

Registered when the people app is ready.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils import timezone

from belong.access.persons import AccountHolder, register_directory
from belong.access.roles import FACULTY, RESIDENT, STAFF, STUDENT
from belong.people.models import Affiliation, Person
from belong.people.queries import person_or_none

# Affiliation kind -> role it implies while the affiliation is current.
ROLE_FOR_AFFILIATION: dict[str, str] = {
    Affiliation.Kind.STUDENT: STUDENT.code,
    Affiliation.Kind.RESIDENT: RESIDENT.code,
    Affiliation.Kind.FACULTY: FACULTY.code,
    Affiliation.Kind.STAFF: STAFF.code,
}


def _holder(person: Person) -> AccountHolder:
    return AccountHolder(
        institutional_id=person.institutional_id or "",
        email=person.email,
        user_id=person.user_id,
        record=person,
    )


class People:
    """The people app's answers to ``access.persons.PersonDirectory``."""

    def implied_roles(self, user: Any) -> Iterable[str]:
        person = person_or_none(user)
        if person is None:
            return ()
        current = person.affiliations.current(timezone.localdate()).order_by()
        kinds = current.values_list("kind", flat=True).distinct()
        return [ROLE_FOR_AFFILIATION[kind] for kind in kinds if kind in ROLE_FOR_AFFILIATION]

    def find_holder(self, *, institutional_id: str, verified_email: str) -> AccountHolder | None:
        if institutional_id:
            person = Person.objects.filter(institutional_id=institutional_id).first()
            if person is not None:
                return _holder(person)
        if verified_email:
            matches = list(Person.objects.filter(email__iexact=verified_email)[:2])
            if len(matches) == 1:
                return _holder(matches[0])
        return None

    def link_account(self, holder: AccountHolder, user: Any) -> None:
        person: Person = holder.record
        person.user = user
        person.save(update_fields=["user", "updated_at"])


def register() -> None:
    register_directory(People())
