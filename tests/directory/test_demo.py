"""The demo school's directory: seed 002's audiences and seed 004's resources, deterministic."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.utils import timezone
from jsonschema import Draft202012Validator

from belong.demo.context import DemoContext
from belong.directory.freshness import shown_unverified
from belong.directory.hsds.export import export_document
from belong.directory.hsds.schemas import document_schema
from belong.directory.models import Audience, Service, Topic
from tests.demo_school import demo_school


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker) -> Iterator[DemoContext]:  # type: ignore[no-untyped-def]
    steps = ["belong.demo.school", "belong.directory.demo"]
    with demo_school(django_db_blocker, seed=11, scale=0.05, steps=steps) as (_marker, context):
        yield context


pytestmark = pytest.mark.django_db


def test_every_audience_of_the_school_has_an_entry(demo) -> None:  # type: ignore[no-untyped-def]
    audiences = set(Service.objects.values_list("audience", flat=True))
    assert set(Audience.values) - {"everyone"} <= audiences


def test_every_student_resource_is_listed(demo) -> None:  # type: ignore[no-untyped-def]
    topics = set(Service.objects.filter(audience="students").values_list("topic", flat=True))
    assert {
        "advising",
        "counselling",
        "tutoring",
        "career",
        "disability",
        "fitness",
        "health_coverage",
    } <= topics
    assert set(topics) <= set(Topic.values)


def test_the_demo_shows_flagged_unverified_and_closed_entries(demo) -> None:  # type: ignore[no-untyped-def]
    now = timezone.now()
    services = list(Service.objects.all())
    assert any(shown_unverified(s.last_verified_at, now) for s in services)
    assert any(not shown_unverified(s.last_verified_at, now) for s in services)
    assert any(s.status == "temporarily_closed" for s in services)


def test_the_demo_directory_exports_valid_hsds(demo) -> None:  # type: ignore[no-untyped-def]
    document = export_document()
    assert not list(Draft202012Validator(document_schema()).iter_errors(document))
    assert len(document["services"]) == Service.objects.count()
