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


def _valid(record: dict, schema: str) -> bool:
    return not list(Draft202012Validator(object_schema(schema)).iter_errors(record))


def test_service_at_locations_validate_and_filter_by_taxonomy_term(world, client):
    from belong.directory.hsds.taxonomy import TAXONOMIES

    d = build_directory(world)
    listed = client.get(reverse("hsds_api:service_at_locations")).json()
    assert listed["total_items"] == 1
    (link,) = listed["contents"]
    assert _valid(link, "service_at_location")
    assert (link["service_id"], link["location_id"]) == (
        d["own"].hsds_id,
        d["location"].hsds_id,
    )
    # The same id as the export gives the link.
    exported = client.get(reverse("hsds_api:service", kwargs={"id": d["own"].hsds_id})).json()
    assert exported["service_at_locations"][0]["id"] == link["id"]
    one = client.get(reverse("hsds_api:service_at_location", kwargs={"id": link["id"]})).json()
    assert one == link
    topic = TAXONOMIES[0]
    url = reverse("hsds_api:service_at_locations")
    assert (
        client.get(url, {"taxonomy_term_id": topic.term_id("counselling")}).json()["total_items"]
        == 1
    )
    assert (
        client.get(url, {"taxonomy_term_id": topic.term_id("tutoring")}).json()["total_items"] == 0
    )
    assert client.get(url, {"taxonomy_term_id": "nonsense"}).json()["total_items"] == 0
    assert client.get(url, {"search": "nothing-like-it"}).json()["total_items"] == 0


def test_a_retired_location_leaves_service_at_locations(world, client):
    d = build_directory(world)
    d["location"].retired_at = d["own"].updated_at
    d["location"].save()
    assert client.get(reverse("hsds_api:service_at_locations")).json()["total_items"] == 0


def test_taxonomies_and_terms_validate_against_the_schema(world, client):
    taxonomies = client.get(reverse("hsds_api:taxonomies")).json()
    assert taxonomies["total_items"] == 2
    assert all(_valid(t, "taxonomy") for t in taxonomies["contents"])
    topic = taxonomies["contents"][0]
    assert client.get(reverse("hsds_api:taxonomy", kwargs={"id": topic["id"]})).json() == topic
    terms = client.get(
        reverse("hsds_api:taxonomy_terms"), {"taxonomy_id": topic["id"], "per_page": 100}
    ).json()
    assert {t["code"] for t in terms["contents"]} >= {"counselling", "crisis", "title_ix"}
    assert all(_valid(t, "taxonomy_term") for t in terms["contents"])
    found = client.get(reverse("hsds_api:taxonomy_terms"), {"search": "title ix"}).json()
    assert [t["code"] for t in found["contents"]] == ["title_ix"]
    one = found["contents"][0]
    assert client.get(reverse("hsds_api:taxonomy_term", kwargs={"id": one["id"]})).json() == one
    missing = reverse("hsds_api:taxonomy_term", kwargs={"id": "0" * 8})
    assert client.get(missing).status_code == 404
