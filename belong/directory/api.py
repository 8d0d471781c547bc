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
from belong.directory.models import EntryStatus, Organization, Service
from belong.directory.search import words

router = Router(tags=["HSDS"])
# Under Belong's own API (belong.core.api) the router is mounted at /api/v1/hsds/.
PREFIX = "hsds"
MAX_PER_PAGE = 100
# Bounded so that an offset always fits the database's integers.
MAX_PAGE = 100_000
# What the endpoints answer besides a page or a record: 404 for an unknown id,
# 422 for a parameter that is not valid (and 401 without a token, under /api/v1/).
ERRORS: dict[int, Any] = {401: Message, 404: Message, 422: Message}


def _page(qs: QuerySet[Any], page: int, per_page: int, as_hsds: Any) -> dict[str, Any]:
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
        .prefetch_related("locations", "contacts")
        .order_by("hsds_id")
    )


def _organizations() -> QuerySet[Organization]:
    return (
        Organization.objects.select_related("owner")
        .prefetch_related("locations__schedules", "locations__campus")
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


# No interactive documentation page: it would load its script from a CDN.
api = NinjaAPI(
    title="Belong directory (Open Referral HSDS 3.0)",
    version="3.0",
    urls_namespace="hsds_api",
    docs_url=None,
)
api.add_router("", router)
