"""Access asks the people app about the person behind an account, and fails closed without it."""

from __future__ import annotations

import pytest

from belong.access import persons
from belong.access.policies import forget_roles, role_codes
from belong.people.accounts import People
from tests.factories.people import PersonFactory

pytestmark = pytest.mark.django_db


def test_the_people_app_answers_when_ready() -> None:
    assert isinstance(persons.directory(), People)


def test_without_a_directory_nobody_has_an_implied_role(world, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    student, coach = world.user("student"), world.user("coach")
    assert role_codes(student) == {"student"}
    monkeypatch.setattr(persons, "_directory", persons._NobodyKnown())
    forget_roles(student)
    forget_roles(coach)
    assert role_codes(student) == frozenset()
    assert role_codes(coach) == {"coach"}  # assigned roles do not need the people app


def test_a_holder_is_found_by_institutional_id_then_by_one_verified_email(db) -> None:  # type: ignore[no-untyped-def]
    ana = PersonFactory(institutional_id="E1", email="ana@example.edu")
    PersonFactory(institutional_id="E2", email="twin@example.edu")
    PersonFactory(institutional_id="E3", email="TWIN@example.edu")
    directory = persons.directory()
    found = directory.find_holder(institutional_id="E1", verified_email="")
    assert found is not None and found.record == ana and found.email == "ana@example.edu"
    by_email = directory.find_holder(institutional_id="NOPE", verified_email="ANA@example.edu")
    assert by_email is not None and by_email.record == ana
    # Two people share the address: it names nobody.
    assert directory.find_holder(institutional_id="", verified_email="twin@example.edu") is None
    assert persons._NobodyKnown().find_holder(institutional_id="E1", verified_email="") is None
