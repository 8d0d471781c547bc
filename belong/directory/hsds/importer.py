"""Import an HSDS 3.0 directory document: every problem placed by JSON path, all or nothing.

The document is checked whole against the HSDS schemas (``schemas``), then
for what the schemas cannot say: ids used twice, references to an
organization or location not in the document, an owner office, audience,
topic or campus Belong does not know. Nothing is written unless every record
passes. Records are matched by their HSDS id: a known id is updated, a new
one created. An import never counts as verifying an entry.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import IO, Any

from django.db import transaction

from belong.access import audit
from belong.directory.hsds.export import BYDAY
from belong.directory.hsds.schemas import document_schema
from belong.directory.models import (
    Audience,
    Contact,
    Location,
    Organization,
    Schedule,
    Service,
    Topic,
)
from belong.importing.problems import ProblemLog, json_path, kinds
from belong.importing.readers.document import open_document, schema_problems
from belong.people.models import Campus, Unit

KINDS = kinds(
    {
        "duplicate_id": "The same id on two records",
        "unknown_reference": "Refers to a record not in the document",
        "unknown_office": "Not a known office of the school",
        "unknown_value": "Not a value Belong knows",
    }
)
DAYS = {code: number for number, code in BYDAY.items()}
# HSDS "inactive" and "defunct" are both "no longer offered" in Belong.
STATUS = {"active": "active", "temporarily closed": "temporarily_closed"}


@dataclass
class ImportResult:
    log: ProblemLog
    organizations: int = 0
    services: int = 0
    new_services: int = 0
    applied: bool = False

    @property
    def ok(self) -> bool:
        return self.log.ok


def _attributes(record: dict[str, Any]) -> dict[str, tuple[int, str]]:
    """``{link_type: (index, value)}`` of a record's attributes."""
    found: dict[str, tuple[int, str]] = {}
    for index, item in enumerate(record.get("attributes", [])):
        if "link_type" in item:
            found[item["link_type"]] = (index, str(item.get("value", "")))
    return found


class _Checker:
    def __init__(self, data: dict[str, Any], log: ProblemLog) -> None:
        self.data = data
        self.log = log
        self.seen: dict[str, str] = {}
        self.units = {u.code: u for u in Unit.objects.filter(kind=Unit.Kind.OFFICE)}
        self.campuses = {c.code: c for c in Campus.objects.all()}
        self.locations: set[str] = set()
        self.organizations: set[str] = set()

    def unique(self, path: list[str | int], value: str) -> None:
        if value in self.seen:
            self.log.add_at(
                [*path, "id"],
                f"Id: also used at {self.seen[value]}; ids must be unique.",
                "duplicate_id",
            )
        else:
            self.seen[value] = json_path(path)

    def known(
        self,
        path: list[str | int],
        attrs: dict[str, tuple[int, str]],
        link_type: str,
        allowed: Any,
        code: str,
        words: str,
        required: bool = True,
    ) -> None:
        if link_type not in attrs:
            if required:
                self.log.add_at(
                    [*path, "attributes"],
                    f"Attributes: no attribute with link_type “{link_type}” ({words}).",
                    code,
                )
            return
        index, value = attrs[link_type]
        if value not in allowed:
            self.log.add_at(
                [*path, "attributes", index, "value"],
                f"Value: not a known {words}; use one of: {', '.join(sorted(allowed))}.",
                code,
            )

    def check(self) -> None:
        for i, org in enumerate(self.data["organizations"]):
            path: list[str | int] = ["organizations", i]
            self.unique(path, org["id"])
            self.organizations.add(org["id"])
            self.known(
                path, _attributes(org), "owner_unit", self.units, "unknown_office", "office code"
            )
            for j, loc in enumerate(org.get("locations", [])):
                lpath: list[str | int] = [*path, "locations", j]
                self.unique(lpath, loc["id"])
                self.locations.add(loc["id"])
                self.known(
                    lpath,
                    _attributes(loc),
                    "campus",
                    self.campuses,
                    "unknown_value",
                    "campus code",
                    required=False,
                )
                for k, sched in enumerate(loc.get("schedules", [])):
                    spath: list[str | int] = [*lpath, "schedules", k]
                    self.unique(spath, sched["id"])
                    for key in ("byday", "opens_at", "closes_at"):
                        if key not in sched:
                            self.log.add_at(
                                [*spath, key],
                                "Required here: weekly hours need byday, opens_at and closes_at.",
                                "required",
                            )
                    if sched.get("byday", "MO") not in DAYS:
                        self.log.add_at(
                            [*spath, "byday"], "Byday: give one day, such as MO.", "unknown_value"
                        )
                    for key in ("opens_at", "closes_at"):
                        if key in sched and _time(sched[key]) is None:
                            self.log.add_at(
                                [*spath, key], "Not a time of day (HH:MM).", "unknown_value"
                            )
        for i, service in enumerate(self.data["services"]):
            path = ["services", i]
            self.unique(path, service["id"])
            if service.get("organization_id") not in self.organizations:
                self.log.add_at(
                    [*path, "organization_id"],
                    "Organization_id: no organization with this id in the document.",
                    "unknown_reference",
                )
            attrs = _attributes(service)
            self.known(path, attrs, "audience", set(Audience.values), "unknown_value", "audience")
            self.known(path, attrs, "topic", set(Topic.values), "unknown_value", "topic")
            for j, link in enumerate(service.get("service_at_locations", [])):
                if link.get("location_id") not in self.locations:
                    self.log.add_at(
                        [*path, "service_at_locations", j, "location_id"],
                        "Location_id: no location with this id in the document.",
                        "unknown_reference",
                    )
            for j, contact in enumerate(service.get("contacts", [])):
                self.unique([*path, "contacts", j], contact["id"])


def _time(text: str) -> dt.time | None:
    try:
        return dt.time.fromisoformat(text)
    except ValueError:
        return None


def read_document(fileobj: IO[bytes]) -> tuple[dict[str, Any] | None, ProblemLog]:
    log = ProblemLog(KINDS)
    document = open_document(fileobj, log)
    if document is None:
        return None, log
    if schema_problems(document.data, document_schema(), log):
        return None, log
    _Checker(document.data, log).check()
    return (document.data if log.ok else None), log


def import_document(
    fileobj: IO[bytes],
    *,
    by: Any = None,
    apply: bool = True,
    progress: Callable[[str, int, int | None], None] | None = None,
) -> ImportResult:
    """Check the whole document, then write all of it in one transaction, or nothing.

    ``apply=False`` only checks. ``progress(phase, done, total)`` is told how
    far the check and the writing have got (for a run on the task worker).
    """
    tell = progress or (lambda phase, done, total: None)
    tell("Checking the document", 0, None)
    data, log = read_document(fileobj)
    result = ImportResult(log)
    if data is None:
        return result
    result.organizations = len(data["organizations"])
    result.services = len(data["services"])
    known = set(
        Service.objects.filter(hsds_id__in=[r["id"] for r in data["services"]]).values_list(
            "hsds_id", flat=True
        )
    )
    result.new_services = result.services - len(known)
    if not apply:
        return result
    total = result.services
    with transaction.atomic():
        orgs = _write_organizations(data["organizations"])
        for done, record in enumerate(data["services"], start=1):
            _write_service(record, orgs)
            if done % 100 == 0 or done == total:
                tell("Writing services", done, total)
        audit.record(
            audit.DirectoryEvent.HSDS_IMPORTED,
            by=by,
            detail={"organizations": result.organizations, "services": result.services},
        )
    result.applied = True
    return result


def _write_organizations(records: list[dict[str, Any]]) -> dict[str, Organization]:
    units = {u.code: u for u in Unit.objects.filter(kind=Unit.Kind.OFFICE)}
    campuses = {c.code: c for c in Campus.objects.all()}
    written: dict[str, Organization] = {}
    for record in records:
        org, _ = Organization.objects.update_or_create(
            hsds_id=record["id"],
            defaults={
                "name": record["name"],
                "description": record["description"],
                "email": record.get("email", ""),
                "website": record.get("website", ""),
                "owner": units[_attributes(record)["owner_unit"][1]],
            },
        )
        written[org.hsds_id] = org
        for loc in record.get("locations", []):
            address = (loc.get("addresses") or [{}])[0]
            campus = _attributes(loc).get("campus")
            location, _ = Location.objects.update_or_create(
                hsds_id=loc["id"],
                defaults={
                    "organization": org,
                    "name": loc.get("name", ""),
                    "address": address.get("address_1", ""),
                    "city": address.get("city", ""),
                    "state_province": address.get("state_province", ""),
                    "postal_code": address.get("postal_code", ""),
                    "country": address.get("country", "US") or "US",
                    "campus": campuses[campus[1]] if campus else None,
                    "accessibility": "\n".join(
                        a.get("description", "") for a in loc.get("accessibility", [])
                    ),
                },
            )
            location.schedules.all().delete()
            Schedule.objects.bulk_create(
                Schedule(
                    location=location,
                    weekday=DAYS[s["byday"]],
                    opens_at=dt.time.fromisoformat(s["opens_at"]),
                    closes_at=dt.time.fromisoformat(s["closes_at"]),
                    hsds_id=s["id"],
                )
                for s in loc.get("schedules", [])
            )
    return written


def _write_service(record: dict[str, Any], orgs: dict[str, Organization]) -> None:
    attrs = _attributes(record)
    service = Service.objects.filter(hsds_id=record["id"]).first() or Service(hsds_id=record["id"])
    service.organization = orgs[record["organization_id"]]
    service.name = record["name"]
    service.description = record.get("description", "")
    service.status = STATUS.get(record["status"], "inactive")
    service.how_to_apply = record.get("application_process", "")
    service.cost = record.get("fees_description", "")
    service.eligibility = record.get("eligibility_description", "")
    service.languages = ", ".join(lang.get("name", "") for lang in record.get("languages", []))
    service.audience = attrs["audience"][1]
    service.topic = attrs["topic"][1]
    service.accessibility = attrs.get("accessibility", (0, ""))[1]
    service.refresh_search_text()
    service.save()
    service.locations.set(
        Location.objects.filter(
            hsds_id__in=[link["location_id"] for link in record.get("service_at_locations", [])]
        )
    )
    service.contacts.filter(retired_at__isnull=True).delete()
    Contact.objects.bulk_create(
        Contact(
            service=service,
            hsds_id=c["id"],
            name=c.get("name", ""),
            title=c.get("title", ""),
            email=c.get("email", ""),
            phone=(c.get("phones") or [{}])[0].get("number", ""),
        )
        for c in record.get("contacts", [])
    )
