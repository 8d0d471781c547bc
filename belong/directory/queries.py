"""Reads of the directory: public search and filters, and an office's own entries."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from belong.directory.models import EntryStatus, Service, current_contacts, current_locations
from belong.directory.policies import offices_of
from belong.directory.search import words


@dataclass(frozen=True)
class Filters:
    query: str = ""
    audience: str = ""
    topic: str = ""
    campus: int | None = None


def search_services(filters: Filters) -> QuerySet[Service]:
    """Services open or temporarily closed that match every word and filter.

    Each word must appear in the normalised ``search_text`` (a ``LIKE`` on
    every database); audience, topic and campus are indexed equality filters.
    """
    qs = Service.objects.exclude(status=EntryStatus.INACTIVE)
    for word in words(filters.query):
        qs = qs.filter(search_text__contains=word)
    if filters.audience:
        qs = qs.filter(audience__in=[filters.audience, "everyone"])
    if filters.topic:
        qs = qs.filter(topic=filters.topic)
    if filters.campus:
        qs = qs.filter(locations__campus_id=filters.campus).distinct()
    return qs.select_related("organization").order_by("name", "pk")


def public_service(pk: int) -> Service:
    return (
        Service.objects.exclude(status=EntryStatus.INACTIVE)
        .select_related("organization", "last_verified_by")
        .prefetch_related(current_locations(), current_contacts())
        .get(pk=pk)
    )


def own_services(user: Any) -> QuerySet[Service]:
    """Every service of the offices ``user`` keeps, for the office's page."""
    return (
        Service.objects.filter(organization__owner_id__in=offices_of(user))
        .select_related("organization")
        .order_by("organization__name", "name")
    )
