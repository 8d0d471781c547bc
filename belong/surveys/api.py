"""Survey campaigns' status, for those who run them (``MANAGE_SURVEYS``): counts only.

How many were invited and how many have answered, never who: nothing here
reads an invitation or a participation row by person, and the schema has no
field that could hold one.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Count
from django.http import Http404, HttpRequest
from ninja import Query, Router, Schema

from belong.access.permissions import Permission
from belong.access.policies import get_object_for, has_permission
from belong.core.api_common import ERRORS, Paging, page_of
from belong.surveys.models import Campaign

router = Router(tags=["Surveys"])


class CampaignStatus(Schema):
    id: int
    title: str
    instrument: str
    mode: str
    status: str
    opens_on: date
    closes_on: date
    invited: int
    responses: int
    rate: float | None  # responses per invited, 0 to 1; null before invitations go out


class CampaignsPage(Schema):
    total: int
    page: int
    pages: int
    per_page: int
    campaigns: list[CampaignStatus]


def _status(c: Campaign, responses: int) -> dict[str, Any]:
    return {
        "id": c.pk,
        "title": c.title,
        "instrument": str(c.version.instrument),
        "mode": c.mode,
        "status": c.status,
        "opens_on": c.opens_on,
        "closes_on": c.closes_on,
        "invited": c.invited,
        "responses": responses,
        "rate": round(responses / c.invited, 4) if c.invited else None,
    }


def _campaigns() -> Any:
    return (
        Campaign.objects.select_related("version__instrument")
        .annotate(answered=Count("participations"))
        .order_by("-opens_on", "-pk")
    )


def _require(request: HttpRequest) -> None:
    if not has_permission(request.user, Permission.MANAGE_SURVEYS):
        raise Http404("No such page.")


@router.get("/campaigns", response={200: CampaignsPage, **ERRORS}, url_name="campaigns")
def campaigns(request: HttpRequest, paging: Query[Paging]) -> dict[str, Any]:
    """Every campaign, newest first: invited, responses and the response rate."""
    _require(request)
    rows, counts = page_of(_campaigns(), paging)
    return {**counts, "campaigns": [_status(c, c.answered) for c in rows]}


@router.get(
    "/campaigns/{campaign_id}", response={200: CampaignStatus, **ERRORS}, url_name="campaign"
)
def campaign(request: HttpRequest, campaign_id: int) -> dict[str, Any]:
    """One campaign's counts."""
    _require(request)
    found = get_object_for(request.user, Permission.MANAGE_SURVEYS, _campaigns(), pk=campaign_id)
    return _status(found, found.answered)
