"""HSDS 3.0: the export validates against the specification's schemas and re-imports the same."""

from __future__ import annotations

import io
import json

import pytest
from django.db import transaction
from jsonschema import Draft202012Validator

from belong.access.models import AuditEvent
from belong.directory.hsds.export import export_document
from belong.directory.hsds.importer import import_document
from belong.directory.hsds.schemas import document_schema, object_schema
from belong.directory.models import Location, Organization, Service
from tests.factories.directory import build_directory

pytestmark = pytest.mark.django_db


def _file(document: object) -> io.BytesIO:
    return io.BytesIO(json.dumps(document).encode())


def _directory_state() -> list[tuple]:
    services = Service.objects.order_by("hsds_id")
    return [
        (
            s.hsds_id,
            s.name,
            s.description,
            s.audience,
            s.topic,
            s.status,
            s.eligibility,
            s.how_to_apply,
            s.cost,
            s.languages,
            s.accessibility,
            s.organization.hsds_id,
            s.organization.owner.code,
            s.organization.name,
            s.organization.email,
            sorted(
                (
                    loc.hsds_id,
                    loc.name,
                    loc.address,
                    loc.city,
                    loc.campus_id,
                    sorted((h.weekday, h.opens_at, h.closes_at) for h in loc.schedules.all()),
                )
                for loc in s.locations.all()
            ),
            sorted((c.hsds_id, c.name, c.email, c.phone) for c in s.contacts.all()),
        )
        for s in services
    ]


def test_export_validates_against_each_hsds_object_schema(world):
    build_directory(world)
    document = export_document()
    assert not list(Draft202012Validator(document_schema()).iter_errors(document))
    service_schema = object_schema("service")
    for record in document["services"]:
        assert not list(Draft202012Validator(service_schema).iter_errors(record))
    assert document["services"][0]["status"] in {"active", "temporarily closed", "inactive"}


def test_the_schema_check_can_fail(world):
    build_directory(world)
    document = export_document()
    document["services"][0]["status"] = "open-ish"
    assert list(Draft202012Validator(document_schema()).iter_errors(document))


def test_export_reimports_into_an_empty_directory_unchanged(world):
    d = build_directory(world)
    d["own"].status = "temporarily_closed"
    d["own"].accessibility = "Step-free entrance"
    d["own"].save()
    d["location"].campus = world.person("student").affiliations.first().campus
    d["location"].save()
    before = _directory_state()
    document = export_document()
    with transaction.atomic():
        Service.objects.all().delete()
        Location.objects.all().delete()
        Organization.objects.all().delete()
    result = import_document(_file(document))
    assert result.ok, [str(p) for p in result.log.sorted_errors()]
    assert _directory_state() == before
    assert export_document() == document


def test_an_import_is_no_verification(world):
    d = build_directory(world)
    document = export_document()
    assert import_document(_file(document)).ok
    d["own"].refresh_from_db()
    assert d["own"].last_verified_at is None


def test_every_invalid_record_is_reported_by_path_and_nothing_changes(world):
    build_directory(world)
    document = export_document()
    events = AuditEvent.objects.count()
    document["services"][0]["organization_id"] = "9a1e3a7c-0000-4000-8000-000000000000"
    document["services"][1]["attributes"][0]["value"] = "martians"
    document["organizations"][0]["attributes"][0]["value"] = "no-such-office"
    document["services"][1]["name"] = "Renamed"
    result = import_document(_file(document))
    assert not result.ok
    where = {p.path: p.code for p in result.log.sorted_errors()}
    assert where == {
        "$.services[0].organization_id": "unknown_reference",
        "$.services[1].attributes[0].value": "unknown_value",
        "$.organizations[0].attributes[0].value": "unknown_office",
    }
    assert not Service.objects.filter(name="Renamed").exists()
    assert AuditEvent.objects.count() == events


def test_schema_problems_are_placed_by_json_path(world):
    build_directory(world)
    document = export_document()
    del document["services"][1]["name"]
    document["organizations"][0]["id"] = "not-a-uuid"
    result = import_document(_file(document))
    paths = {p.path for p in result.log.sorted_errors()}
    assert "$.services[1].name" in paths
    assert "$.organizations[0].id" in paths
