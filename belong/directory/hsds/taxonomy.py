"""The directory's topics and audiences as two HSDS taxonomies, and service-at-location records.

Belong keeps topic and audience as fixed choices; the HSDS API serves them as
taxonomies (``/taxonomies``) whose terms (``/taxonomy_terms``) have stable ids
derived from the choice's value, so a 211 system can filter
``/service_at_locations?taxonomy_term_id=...`` by them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import TextChoices

from belong.directory.hsds.export import derived_id, location_record
from belong.directory.models import Audience, Location, Service, Topic


@dataclass(frozen=True)
class Taxonomy:
    field: str  # the Service field it classifies
    name: str
    description: str
    choices: type[TextChoices]

    @property
    def id(self) -> str:
        return derived_id("taxonomy", self.field)

    def term_id(self, value: str) -> str:
        return derived_id("taxonomy_term", self.field, value)


TAXONOMIES = (
    Taxonomy("topic", "Belong directory topics", "What a service helps with.", Topic),
    Taxonomy("audience", "Belong directory audiences", "Whom a service is for.", Audience),
)


def taxonomy_record(taxonomy: Taxonomy) -> dict[str, Any]:
    return {
        "id": taxonomy.id,
        "name": taxonomy.name,
        "description": taxonomy.description,
        "version": "1",
    }


def term_records() -> list[dict[str, Any]]:
    """Every term of every taxonomy, in a fixed order (taxonomy, then choice order)."""
    return [
        {
            "id": taxonomy.term_id(value),
            "code": value,
            "name": str(label),
            "description": f"{taxonomy.description.rstrip('.')}: {label}.",
            "taxonomy": taxonomy.name,
            "taxonomy_id": taxonomy.id,
            "taxonomy_detail": taxonomy_record(taxonomy),
            "language": "en",
        }
        for taxonomy in TAXONOMIES
        for value, label in taxonomy.choices.choices
    ]


def term_filter(term_id: str) -> dict[str, str] | None:
    """The ``Service`` filter a taxonomy term id stands for (``None``: no such term)."""
    for taxonomy in TAXONOMIES:
        for value in taxonomy.choices.values:
            if taxonomy.term_id(value) == term_id:
                return {taxonomy.field: value}
    return None


def service_at_location_id(service_id: str, location_id: str) -> str:
    """The same id the export gives the link (``export.service_record``)."""
    return derived_id("service_at_location", service_id, location_id)


def service_at_location_record(service: Service, location: Location) -> dict[str, Any]:
    """One service as given at one location, with the location (and its hours) nested."""
    return {
        "id": service_at_location_id(service.hsds_id, location.hsds_id),
        "service_id": service.hsds_id,
        "location_id": location.hsds_id,
        "description": f"{service.name} at {location.name}",
        "location": location_record(location),
    }
