"""The HSDS 3.0 API's read endpoints (``/api/hsds/``), with django-ninja.

``router`` holds the endpoints; ``api`` mounts them on their own. A general
Belong API can add the same router under ``/hsds/`` instead. The endpoints
answer without an account, like the public directory, and list the same
entries (every one but those no longer offered). Lists are paged as the
specification's ``Page``: ``page`` from 1, ``per_page`` up to 100.
"""

from __future__ import annotations

import math
from typing import Any

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from ninja import NinjaAPI, Query, Router

from belong.core.api_common import Message
from belong.directory.hsds.export import organization_record, service_record
from belong.directory.hsds.taxonomy import (
    TAXONOMIES,
    service_at_location_id,
    service_at_location_record,
    taxonomy_record,
    term_filter,
    term_records,
)
from belong.directory.models import (
    EntryStatus,
    Organization,
    Service,
    current_contacts,
    current_locations,
)
from belong.directory.search import normalise, words

router = Router(tags=["HSDS"])
# Under Belong's own API (belong.core.api) the router is mounted at /api/v1/hsds/.
PREFIX = "hsds"
MAX_PER_PAGE = 100
# Bounded so that an offset always fits the database's integers.
MAX_PAGE = 100_000
# What the endpoints answer besides a page or a record: 404 for an unknown id,
# 422 for a parameter that is not valid (and 401 without a token, under /api/v1/).
ERRORS: dict[int, Any] = {401: Message, 404: Message, 422: Message}


class _ListPage(list[Any]):
    """A list that pages like a queryset (``count()``)."""

    def count(self) -> int:  # type: ignore[override]
        return len(self)


def _page(qs: Any, page: int, per_page: int, as_hsds: Any) -> dict[str, Any]:
    per_page = max(1, min(per_page, MAX_PER_PAGE))
    total = qs.count()
    pages = max(1, math.ceil(total / per_page))
    page = max(1, page)
    rows = list(qs[(page - 1) * per_page : page * per_page])
    return {
        "total_items": total,
        "total_pages": pages,
        "page_number": page,
        "size": len(rows),
        "first_page": page == 1,
        "last_page": page >= pages,
        "empty": total == 0,
        "contents": [as_hsds(row) for row in rows],
    }


def _services() -> QuerySet[Service]:
    return (
        Service.objects.exclude(status=EntryStatus.INACTIVE)
        .select_related("organization")
        .prefetch_related(current_locations(), current_contacts())
        .order_by("hsds_id")
    )


def _organizations() -> QuerySet[Organization]:
    return (
        Organization.objects.select_related("owner")
        .prefetch_related(current_locations())
        .order_by("hsds_id")
    )


@router.get("/services", response={200: dict[str, Any], **ERRORS}, url_name="services")
def services(
    request: HttpRequest,
    page: int = Query(1, ge=1, le=MAX_PAGE),
    per_page: int = Query(50, ge=1, le=MAX_PER_PAGE),
    search: str = "",
    organization_id: str = "",
) -> dict[str, Any]:
    qs = _services()
    for word in words(search):
        qs = qs.filter(search_text__contains=word)
    if organization_id:
        qs = qs.filter(organization__hsds_id=organization_id)
    return _page(qs, page, per_page, service_record)


@router.get("/services/{id}", response={200: dict[str, Any], **ERRORS}, url_name="service")
def service(request: HttpRequest, id: str) -> dict[str, Any]:
    found = _services().filter(hsds_id=id).first()
    if found is None:
        raise Http404("No such service.")
    return service_record(found)


@router.get("/organizations", response={200: dict[str, Any], **ERRORS}, url_name="organizations")
def organizations(
    request: HttpRequest,
    page: int = Query(1, ge=1, le=MAX_PAGE),
    per_page: int = Query(50, ge=1, le=MAX_PER_PAGE),
) -> dict[str, Any]:
    return _page(_organizations(), page, per_page, organization_record)


@router.get(
    "/organizations/{id}", response={200: dict[str, Any], **ERRORS}, url_name="organization"
)
def organization(request: HttpRequest, id: str) -> dict[str, Any]:
    found = _organizations().filter(hsds_id=id).first()
    if found is None:
        raise Http404("No such organization.")
    return organization_record(found)


def _service_at_locations() -> QuerySet[Any]:
    """Each (public service, location) pair: the links HSDS calls service_at_location."""
    return (
        Service.locations.through.objects.exclude(service__status=EntryStatus.INACTIVE)
        .filter(location__retired_at__isnull=True)
        .select_related("service__organization", "location__organization", "location__campus")
        .prefetch_related("location__schedules")
        .order_by("service__hsds_id", "location__hsds_id")
    )


def _as_service_at_location(link: Any) -> dict[str, Any]:
    return service_at_location_record(link.service, link.location)


@router.get(
    "/service_at_locations",
    response={200: dict[str, Any], **ERRORS},
    url_name="service_at_locations",
)
def service_at_locations(
    request: HttpRequest,
    page: int = Query(1, ge=1, le=MAX_PAGE),
    per_page: int = Query(50, ge=1, le=MAX_PER_PAGE),
    search: str = "",
    organization_id: str = "",
    taxonomy_term_id: str = "",
    taxonomy_id: str = "",
) -> dict[str, Any]:
    qs = _service_at_locations()
    for word in words(search):
        qs = qs.filter(service__search_text__contains=word)
    if organization_id:
        qs = qs.filter(service__organization__hsds_id=organization_id)
    if taxonomy_term_id:
        field = term_filter(taxonomy_term_id)
        # An unknown term matches nothing (rather than being ignored).
        qs = qs.filter(**{f"service__{k}": v for k, v in field.items()}) if field else qs.none()
    if taxonomy_id and taxonomy_id not in {t.id for t in TAXONOMIES}:
        qs = qs.none()
    return _page(qs, page, per_page, _as_service_at_location)


@router.get(
    "/service_at_locations/{id}",
    response={200: dict[str, Any], **ERRORS},
    url_name="service_at_location",
)
def service_at_location(request: HttpRequest, id: str) -> dict[str, Any]:
    # The ids are derived (uuid5 of the two ids), so the pair is found by deriving them.
    pairs = _service_at_locations().values_list("pk", "service__hsds_id", "location__hsds_id")
    for pk, service_id, location_id in pairs.iterator(chunk_size=2000):
        if service_at_location_id(service_id, location_id) == id:
            return _as_service_at_location(_service_at_locations().get(pk=pk))
    raise Http404("No such service at location.")


def _matching(records: list[dict[str, Any]], search: str) -> list[dict[str, Any]]:
    wanted = words(search)
    return [
        r for r in records if all(w in normalise(f"{r['name']} {r['description']}") for w in wanted)
    ]


def _page_list(records: list[dict[str, Any]], page: int, per_page: int) -> dict[str, Any]:
    return _page(_ListPage(records), page, per_page, lambda r: r)


@router.get("/taxonomies", response={200: dict[str, Any], **ERRORS}, url_name="taxonomies")
def taxonomies(
    request: HttpRequest,
    page: int = Query(1, ge=1, le=MAX_PAGE),
    per_page: int = Query(50, ge=1, le=MAX_PER_PAGE),
    search: str = "",
) -> dict[str, Any]:
    records = [taxonomy_record(t) for t in TAXONOMIES]
    return _page_list(_matching(records, search), page, per_page)


@router.get("/taxonomies/{id}", response={200: dict[str, Any], **ERRORS}, url_name="taxonomy")
def taxonomy(request: HttpRequest, id: str) -> dict[str, Any]:
    for t in TAXONOMIES:
        if t.id == id:
            return taxonomy_record(t)
    raise Http404("No such taxonomy.")


@router.get("/taxonomy_terms", response={200: dict[str, Any], **ERRORS}, url_name="taxonomy_terms")
def taxonomy_terms(
    request: HttpRequest,
    page: int = Query(1, ge=1, le=MAX_PAGE),
    per_page: int = Query(50, ge=1, le=MAX_PER_PAGE),
    search: str = "",
    taxonomy_id: str = "",
    top_only: bool = False,
    parent_id: str = "",
) -> dict[str, Any]:
    records = _matching(term_records(), search)
    if taxonomy_id:
        records = [r for r in records if r["taxonomy_id"] == taxonomy_id]
    if parent_id:
        records = []  # the terms are flat: none has a parent
    return _page_list(records, page, per_page)


@router.get(
    "/taxonomy_terms/{id}", response={200: dict[str, Any], **ERRORS}, url_name="taxonomy_term"
)
def taxonomy_term(request: HttpRequest, id: str) -> dict[str, Any]:
    for record in term_records():
        if record["id"] == id:
            return record
    raise Http404("No such taxonomy term.")


# No interactive documentation page: it would load its script from a CDN.
api = NinjaAPI(
    title="Belong directory (Open Referral HSDS 3.0)",
    version="3.0",
    urls_namespace="hsds_api",
    docs_url=None,
)
api.add_router("", router)
