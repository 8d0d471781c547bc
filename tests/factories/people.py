from __future__ import annotations

import datetime

import factory

from belong.people.models import Affiliation, Campus, Person, Unit


class CampusFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Campus
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"campus-{n}")
    name = factory.Sequence(lambda n: f"Campus {n}")
    city = "Pasadena"


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"unit-{n}")
    name = factory.Sequence(lambda n: f"Unit {n}")
    kind = Unit.Kind.DEPARTMENT


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    institutional_id = factory.Sequence(lambda n: f"P{n:07d}")
    legal_given_name = factory.Faker("first_name")
    legal_family_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda p: f"{p.institutional_id.lower()}@example.edu")


class AffiliationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Affiliation

    person = factory.SubFactory(PersonFactory)
    kind = Affiliation.Kind.STUDENT
    unit = factory.SubFactory(UnitFactory)
    start_date = factory.LazyFunction(lambda: datetime.date(2024, 7, 1))
    status = Affiliation.Status.ACTIVE
