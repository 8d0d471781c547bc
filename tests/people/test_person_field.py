"""Naming a person by e-mail or institutional ID instead of picking them from a list."""

from __future__ import annotations

import pytest
from django import forms

from belong.people.forms import PersonWithAccountField
from belong.people.models import Person
from tests.factories.people import PersonFactory


def test_a_person_is_found_by_either_e_mail_or_by_institutional_id(world) -> None:  # type: ignore[no-untyped-def]
    field = PersonWithAccountField(required=False)
    faculty = world.person("faculty")
    assert field.clean("FACULTY@example.edu") == faculty  # the account's e-mail, any case
    assert field.clean("ID-faculty") == faculty
    assert field.clean("  ") is None
    assert field.prepare_value(faculty) in {faculty.email, "faculty@example.edu"}


def test_unknown_people_and_people_without_an_account_are_refused_by_name(world) -> None:  # type: ignore[no-untyped-def]
    PersonFactory(email="no.account@example.edu", institutional_id="ID-none", user=None)
    field = PersonWithAccountField(required=False)
    for text in ("nobody@example.edu", "no.account@example.edu", "ID-none"):
        with pytest.raises(forms.ValidationError) as caught:
            field.clean(text)
        assert caught.value.code == "unknown_person" and text in caught.value.messages[0]


def test_an_e_mail_two_people_share_asks_for_the_institutional_id(world) -> None:  # type: ignore[no-untyped-def]
    Person.objects.filter(pk__in=[world.person("staff").pk, world.person("faculty").pk]).update(
        email="shared@example.edu"
    )
    with pytest.raises(forms.ValidationError) as caught:
        PersonWithAccountField().clean("shared@example.edu")
    assert caught.value.code == "ambiguous_person"
    assert PersonWithAccountField().clean("ID-staff") == world.person("staff")
