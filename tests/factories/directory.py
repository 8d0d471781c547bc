"""Factories for directory entries, and ``build_directory(world)`` for the matrix and pages."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import factory
from django.utils import timezone

from belong.directory.models import Contact, Event, Location, Organization, Schedule, Service, Story
from belong.people.models import Unit
from tests.factories.people import UnitFactory


def _uuid(_: Any) -> str:
    return str(uuid.UUID(int=factory.random.randgen.getrandbits(128)))


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Office {n}")
    owner = factory.SubFactory(UnitFactory, kind=Unit.Kind.OFFICE)
    hsds_id = factory.LazyAttribute(_uuid)


class LocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Location

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"Building {n}")
    address = "1 College Road"
    city = "Pasadena"
    hsds_id = factory.LazyAttribute(_uuid)


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service
        skip_postgeneration_save = True

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"Service {n}")
    description = "Help for students."
    hsds_id = factory.LazyAttribute(_uuid)

    @factory.post_generation
    def indexed(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        self.refresh_search_text()
        if create:
            self.save(update_fields=["search_text"])


def build_directory(world: Any) -> dict[str, Any]:
    """An office of the case-manager persona (counselling) and another office's entry."""
    if "directory" in world.extra:
        return world.extra["directory"]
    counselling = OrganizationFactory(
        name="Counselling Center", owner=world.counselling_office, email="cc@example.edu"
    )
    tutoring = OrganizationFactory(name="Tutoring Center", owner=world.tutoring_office)
    room = LocationFactory(organization=counselling, name="Health Sciences Building")
    Schedule.objects.create(
        location=room,
        weekday=1,
        opens_at=dt.time(9),
        closes_at=dt.time(17),
        hsds_id=str(uuid.UUID(int=1)),
    )
    own = ServiceFactory(
        organization=counselling,
        name="Confidential counselling",
        audience="students",
        topic="counselling",
        languages="English, Spanish",
    )
    own.locations.add(room)
    desk = Contact.objects.create(
        service=own, name="Front desk", email="cc@example.edu", hsds_id=str(uuid.UUID(int=2))
    )
    other = ServiceFactory(organization=tutoring, name="Peer tutoring", topic="tutoring")
    start = timezone.now() + dt.timedelta(days=7)
    event = Event.objects.create(
        organization=counselling,
        title="Stress and sleep workshop",
        audience="students",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=1),
        place="Health Sciences Building, room 101",
        capacity=30,
    )
    story = Story.objects.create(
        title="Finding my people",
        body="In my first week I joined a peer group.",
        byline="A second-year student",
        author=world.user("student"),
        consent_text="I agree.",
        consented_at=timezone.now(),
    )
    world.extra["directory"] = {
        "event": event,
        "story": story,
        "counselling": counselling,
        "own": own,
        "other": other,
        "location": room,
        "contact": desk,
    }
    return world.extra["directory"]
