"""Offices add and retire their own services, locations and contacts; history is kept."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.test import Client
from django.urls import reverse

from belong.access.models import AuditEvent
from belong.directory import actions, queries
from belong.directory.hsds.export import export_document
from belong.directory.models import Contact, Location, Service
from tests.factories.directory import build_directory

pytestmark = pytest.mark.django_db


def test_an_office_adds_a_service_at_its_own_location(world, client):
    d = build_directory(world)
    client.force_login(world.user("case_manager"))
    response = client.post(
        reverse("directory:service_new"),
        {
            "organization": d["counselling"].pk,
            "name": "Grief support group",
            "audience": "students",
            "topic": "counselling",
            "status": "active",
            "locations": [d["location"].pk],
        },
    )
    service = Service.objects.get(name="Grief support group")
    assert response.status_code == 302
    assert list(service.locations.all()) == [d["location"]]
    assert service.last_verified_at is None  # added is not checked
    assert list(queries.search_services(queries.Filters(query="grief"))) == [service]
    assert AuditEvent.objects.filter(verb="directory.service.created").count() == 1


def test_an_office_cannot_add_to_another_offices_organization(world, client):
    d = build_directory(world)
    with pytest.raises(Http404):
        actions.create_service(
            by=world.user("case_manager"), organization=d["other"].organization, name="Sneaky"
        )
    client.force_login(world.user("case_manager"))
    response = client.post(
        reverse("directory:service_new"),
        {"organization": d["other"].organization_id, "name": "Sneaky", "audience": "students"},
    )
    assert response.status_code == 200 and "Organization:" in response.content.decode()
    assert not Service.objects.filter(name="Sneaky").exists()


def test_a_location_of_another_office_is_refused(world):
    d = build_directory(world)
    elsewhere = Location.objects.create(
        organization=d["other"].organization, name="Tutoring room", hsds_id="x-1"
    )
    with pytest.raises(ValidationError, match="not a current place"):
        actions.create_service(
            by=world.user("case_manager"),
            organization=d["counselling"],
            name="Mixed",
            locations=[elsewhere],
        )
    assert not Service.objects.filter(name="Mixed").exists()


def test_retiring_a_service_keeps_it_as_no_longer_offered(world, client):
    d = build_directory(world)
    client.force_login(world.user("case_manager"))
    client.post(reverse("directory:service_retire", args=[d["own"].pk]))
    d["own"].refresh_from_db()
    assert d["own"].status == "inactive"
    assert not queries.search_services(queries.Filters()).filter(pk=d["own"].pk).exists()
    assert client.get(reverse("directory:service", args=[d["own"].pk])).status_code == 404
    assert AuditEvent.objects.filter(verb="directory.service.retired").count() == 1
    # Retiring twice changes nothing more.
    assert not actions.retire_service(by=world.user("case_manager"), service=d["own"])


def test_another_office_cannot_retire_an_entry(world, client):
    d = build_directory(world)
    client.force_login(world.user("case_manager"))
    response = client.post(reverse("directory:service_retire", args=[d["other"].pk]))
    assert response.status_code == 404
    d["other"].refresh_from_db()
    assert d["other"].status == "active"


def test_a_location_with_hours_is_added_edited_and_retired(world, client):
    d = build_directory(world)
    client.force_login(world.user("case_manager"))
    form = {
        "organization": d["counselling"].pk,
        "name": "Evening clinic",
        "city": "Pasadena",
        "weekdays": ["2", "4"],
        "opens_at": "17:00",
        "closes_at": "20:00",
    }
    assert client.post(reverse("directory:location_new"), form).status_code == 302
    place = Location.objects.get(name="Evening clinic")
    hours = [(s.weekday, s.opens_at, s.closes_at) for s in place.schedules.all()]
    assert hours == [(2, dt.time(17), dt.time(20)), (4, dt.time(17), dt.time(20))]
    bad = client.post(
        reverse("directory:location_edit", args=[place.pk]),
        form | {"opens_at": "20:00", "closes_at": "17:00"},
    )
    assert "Closes: 17:00 is not after it opens (20:00)." in bad.content.decode()
    assert place.schedules.count() == 2  # nothing changed
    d["own"].locations.add(place)
    client.post(reverse("directory:location_retire", args=[place.pk]))
    place.refresh_from_db()
    assert place.retired_at is not None and place.schedules.count() == 2  # history kept
    page = Client().get(reverse("directory:service", args=[d["own"].pk])).content.decode()
    assert "Evening clinic" not in page
    exported = export_document()
    assert "Evening clinic" not in str(exported)


def test_contacts_are_added_and_retired_not_deleted(world, client):
    d = build_directory(world)
    client.force_login(world.user("case_manager"))
    url = reverse("directory:contact_new", args=[d["own"].pk])
    missing = client.post(url, {"contact-name": "Duty counsellor"})
    assert "give an e-mail address or a phone number" in missing.content.decode()
    client.post(url, {"contact-name": "Duty counsellor", "contact-phone": "+1 626 555 0100"})
    added = Contact.objects.get(name="Duty counsellor")
    client.post(reverse("directory:contact_retire", args=[d["contact"].pk]))
    d["contact"].refresh_from_db()
    assert d["contact"].retired_at is not None
    page = Client().get(reverse("directory:service", args=[d["own"].pk])).content.decode()
    assert added.phone in page and d["contact"].name not in page
    other = Contact.objects.create(service=d["other"], name="Theirs", hsds_id="c-9")
    assert client.post(reverse("directory:contact_retire", args=[other.pk])).status_code == 404
