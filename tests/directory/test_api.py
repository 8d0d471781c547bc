"""The HSDS API's read endpoints: paged like the specification, the public entries only."""

from __future__ import annotations

import pytest
from django.urls import reverse
from jsonschema import Draft202012Validator

from belong.directory.hsds.schemas import object_schema
from tests.factories.directory import ServiceFactory, build_directory

pytestmark = pytest.mark.django_db


def test_services_are_paged_like_the_specification(world, client):
    d = build_directory(world)
    ServiceFactory.create_batch(3, organization=d["counselling"])
    ServiceFactory(name="Closed for good", status="inactive")
    url = reverse("hsds_api:services")
    first = client.get(url, {"per_page": 2}).json()
    assert first["total_items"] == 5
    assert (first["total_pages"], first["size"], first["first_page"], first["last_page"]) == (
        3,
        2,
        True,
        False,
    )
    last = client.get(url, {"per_page": 2, "page": 3}).json()
    assert (last["size"], last["last_page"], last["page_number"]) == (1, True, 3)
    names = [
        s["name"]
        for p in (1, 2, 3)
        for s in client.get(url, {"per_page": 2, "page": p}).json()["contents"]
    ]
    assert "Closed for good" not in names and len(set(names)) == 5


def test_search_and_one_service_validate_against_the_schema(world, client):
    d = build_directory(world)
    found = client.get(reverse("hsds_api:services"), {"search": "spanish"}).json()
    assert [s["id"] for s in found["contents"]] == [d["own"].hsds_id]
    one = client.get(reverse("hsds_api:service", kwargs={"id": d["own"].hsds_id})).json()
    assert not list(Draft202012Validator(object_schema("service")).iter_errors(one))
    org = client.get(
        reverse("hsds_api:organization", kwargs={"id": d["counselling"].hsds_id})
    ).json()
    assert not list(Draft202012Validator(object_schema("organization")).iter_errors(org))


def test_an_unknown_id_answers_404(world, client):
    build_directory(world)
    url = reverse("hsds_api:service", kwargs={"id": "9a1e3a7c-0000-4000-8000-000000000000"})
    assert client.get(url).status_code == 404
