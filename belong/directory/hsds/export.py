"""The directory as one HSDS 3.0 JSON document (see ``schemas`` for its shape).

Retired locations and contacts are Belong's history, not part of the shared
directory: callers prefetch ``current_locations()``/``current_contacts()``.

Every id is the entry's stored ``hsds_id``; objects Belong keeps as plain
fields (languages, the links between services and locations, attributes,
phones) get ids derived from their parent's id, so the same directory always
exports the same document.
"""

from __future__ import annotations

import uuid
from typing import Any

from belong.directory.models import (
    Location,
    Organization,
    Service,
    current_contacts,
    current_locations,
)

NAMESPACE = uuid.UUID("6f1c7d2e-0b7a-4f5e-9d55-6a1f1e0c2b10")
BYDAY = {1: "MO", 2: "TU", 3: "WE", 4: "TH", 5: "FR", 6: "SA", 7: "SU"}
# Belong's fields that HSDS has no property for, carried as attributes.
ATTRIBUTE_TYPES = ("audience", "topic", "campus", "owner_unit")


def derived_id(*parts: str) -> str:
    return str(uuid.uuid5(NAMESPACE, ":".join(parts)))


def _present(record: dict[str, Any]) -> dict[str, Any]:
    """Leave out empty optional values (HSDS types do not allow null)."""
    return {key: value for key, value in record.items() if value not in ("", None, [])}


def attribute(link_id: str, entity: str, link_type: str, value: str) -> dict[str, Any]:
    return {
        "id": derived_id("attribute", link_id, link_type),
        "link_id": link_id,
        "link_type": link_type,
        "link_entity": entity,
        "value": value,
    }


def location_record(location: Location) -> dict[str, Any]:
    lid = location.hsds_id
    address = None
    if location.address:
        address = {
            "id": derived_id("address", lid),
            "location_id": lid,
            "address_1": location.address,
            "city": location.city,
            "state_province": location.state_province,
            "postal_code": location.postal_code,
            "country": location.country,
            "address_type": "physical",
        }
    attributes = []
    if location.campus is not None:
        attributes.append(attribute(lid, "location", "campus", location.campus.code))
    return _present(
        {
            "id": lid,
            "location_type": "physical",
            "organization_id": location.organization.hsds_id,
            "name": location.name,
            "addresses": [address] if address else [],
            "accessibility": [
                {
                    "id": derived_id("accessibility", lid),
                    "location_id": lid,
                    "description": location.accessibility,
                }
            ]
            if location.accessibility
            else [],
            "schedules": [
                {
                    "id": s.hsds_id,
                    "location_id": lid,
                    "freq": "WEEKLY",
                    "byday": BYDAY[s.weekday],
                    "opens_at": s.opens_at.strftime("%H:%M"),
                    "closes_at": s.closes_at.strftime("%H:%M"),
                }
                for s in location.schedules.all()
            ],
            "attributes": attributes,
        }
    )


def organization_record(org: Organization) -> dict[str, Any]:
    # HSDS requires an organization's description, even an empty one.
    return {"description": org.description} | _present(
        {
            "id": org.hsds_id,
            "name": org.name,
            "description": org.description,
            "email": org.email,
            "website": org.website,
            "locations": [location_record(location) for location in org.locations.all()],
            "attributes": [attribute(org.hsds_id, "organization", "owner_unit", org.owner.code)],
        }
    )


def service_record(service: Service) -> dict[str, Any]:
    sid = service.hsds_id
    languages = [name.strip() for name in service.languages.split(",") if name.strip()]
    return _present(
        {
            "id": sid,
            "organization_id": service.organization.hsds_id,
            "name": service.name,
            "description": service.description,
            "status": service.status.replace("_", " "),
            "application_process": service.how_to_apply,
            "fees_description": service.cost,
            "eligibility_description": service.eligibility,
            "assured_date": service.last_verified_at.date().isoformat()
            if service.last_verified_at
            else "",
            "languages": [
                {"id": derived_id("language", sid, name), "service_id": sid, "name": name}
                for name in languages
            ],
            "service_at_locations": [
                {
                    "id": derived_id("service_at_location", sid, location.hsds_id),
                    "service_id": sid,
                    "location_id": location.hsds_id,
                }
                for location in service.locations.all()
            ],
            "contacts": [
                _present(
                    {
                        "id": c.hsds_id,
                        "service_id": sid,
                        "name": c.name,
                        "title": c.title,
                        "email": c.email,
                        "phones": [
                            {
                                "id": derived_id("phone", c.hsds_id),
                                "contact_id": c.hsds_id,
                                "number": c.phone,
                            }
                        ]
                        if c.phone
                        else [],
                    }
                )
                for c in service.contacts.all()
            ],
            "attributes": [
                attribute(sid, "service", "audience", service.audience),
                attribute(sid, "service", "topic", service.topic),
                *(
                    [attribute(sid, "service", "accessibility", service.accessibility)]
                    if service.accessibility
                    else []
                ),
            ],
        }
    )


def export_document() -> dict[str, Any]:
    """The whole directory (every status) as one HSDS document."""
    organizations = Organization.objects.select_related("owner").prefetch_related(
        current_locations()
    )
    services = Service.objects.select_related("organization").prefetch_related(
        current_locations(), current_contacts()
    )
    return {
        "hsds_version": "3.0",
        "organizations": [organization_record(org) for org in organizations.order_by("hsds_id")],
        "services": [service_record(s) for s in services.order_by("hsds_id")],
    }
