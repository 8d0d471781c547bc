"""People and their affiliations, for those who keep the people data (``VIEW_PEOPLE``).

The same as the People pages show: names, ids, e-mail, affiliations. Never
self-identification or any other demographic: nothing here reads it, and the
schemas below have no field for it.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Prefetch
from django.http import Http404, HttpRequest
from ninja import Query, Router, Schema

from belong.access.permissions import Permission
from belong.access.policies import get_object_for, has_permission
from belong.core.api_common import ERRORS, Paging, page_of
from belong.people.models import Affiliation, Person

router = Router(tags=["People"])


class AffiliationOut(Schema):
    kind: str
    unit: str
    unit_name: str
    campus: str | None
    cohort: int | None
    rank: str
    track: str
    title: str
    status: str
    start_date: date
    end_date: date | None


class PersonOut(Schema):
    id: int
    institutional_id: str | None
    legal_given_name: str
    legal_family_name: str
    preferred_name: str
    pronouns: str
    email: str
    identifiers: dict[str, str]
    affiliations: list[AffiliationOut]


class PeoplePage(Schema):
    total: int
    page: int
    pages: int
    per_page: int
    people: list[PersonOut]


def _affiliation(a: Affiliation) -> dict[str, Any]:
    return {
        "kind": a.kind,
        "unit": a.unit.code,
        "unit_name": a.unit.name,
        "campus": a.campus.code if a.campus is not None else None,
        "cohort": a.cohort,
        "rank": a.rank,
        "track": a.track,
        "title": a.title,
        "status": a.status,
        "start_date": a.start_date,
        "end_date": a.end_date,
    }


def _person(p: Person, affiliations: list[Affiliation]) -> dict[str, Any]:
    return {
        "id": p.pk,
        "institutional_id": p.institutional_id,
        "legal_given_name": p.legal_given_name,
        "legal_family_name": p.legal_family_name,
        "preferred_name": p.preferred_name,
        "pronouns": p.pronouns,
        "email": p.email,
        "identifiers": {i.scheme: i.value for i in p.identifiers.all()},
        "affiliations": [_affiliation(a) for a in affiliations],
    }


def _require(request: HttpRequest) -> None:
    if not has_permission(request.user, Permission.VIEW_PEOPLE):
        raise Http404("No such page.")


@router.get("/", response={200: PeoplePage, **ERRORS}, url_name="people")
def people(
    request: HttpRequest,
    paging: Query[Paging],
    kind: Affiliation.Kind | None = None,
    current: bool = True,
) -> dict[str, Any]:
    """People, by family name; with ``kind``, those with an affiliation of that kind
    (current ones only, unless ``current`` is false). Each with every affiliation."""
    _require(request)
    qs = Person.objects.order_by("legal_family_name", "legal_given_name", "pk")
    if kind is not None:
        affiliations = Affiliation.objects.filter(kind=kind)
        if current:
            affiliations = affiliations.current()
        qs = qs.filter(pk__in=affiliations.values("person_id"))
    qs = qs.prefetch_related(
        "identifiers",
        Prefetch(
            "affiliations",
            queryset=Affiliation.objects.select_related("unit", "campus").order_by(
                "kind", "-start_date", "pk"
            ),
            to_attr="all_affiliations",
        ),
    )
    rows, counts = page_of(qs, paging)
    return {**counts, "people": [_person(p, p.all_affiliations) for p in rows]}


@router.get("/{person_id}", response={200: PersonOut, **ERRORS}, url_name="person")
def person(request: HttpRequest, person_id: int) -> dict[str, Any]:
    """One person and every affiliation, current and past."""
    _require(request)
    found = get_object_for(request.user, Permission.VIEW_PEOPLE, Person, pk=person_id)
    affiliations = found.affiliations.select_related("unit", "campus").order_by(
        "kind", "-start_date", "pk"
    )
    return _person(found, list(affiliations))
