from __future__ import annotations

from typing import Any

from django.http import Http404

from belong.access.permissions import Permission
from belong.access.policies import has_permission
from belong.coaching.models import Coach
from belong.people.models import Person
from belong.people.queries import person_or_none


def require(by: Any, permission: Permission, obj: Any = None) -> None:
    """Raise 404 (as a view would) unless ``by`` may do ``permission`` (to ``obj``)."""
    if not has_permission(by, permission, obj):
        raise Http404("No such record.")


def own_person(by: Any) -> Person:
    person = person_or_none(by)
    if person is None:
        raise Http404("This account is not linked to a person record.")
    return person


def own_coach(by: Any) -> Coach:
    """The acting user's place on the coaching roster, or 404."""
    person = own_person(by)
    coach = Coach.objects.select_related("person").filter(person=person).first()
    if coach is None:
        raise Http404("You are not on the coaching roster.")
    return coach


def clean_words(text_or_list: Any, *, limit: int = 12, length: int = 60) -> list[str]:
    """Interests or languages typed by people: "Rural health, ethics" → two entries.

    Order is kept, repeats (ignoring case and spacing) are dropped.
    """
    if isinstance(text_or_list, str):
        parts = text_or_list.replace(";", ",").split(",")
    else:
        parts = [str(p) for p in text_or_list or []]
    found: list[str] = []
    seen: set[str] = set()
    for part in parts:
        word = " ".join(part.split())[:length]
        if word and word.casefold() not in seen:
            seen.add(word.casefold())
            found.append(word)
    return found[:limit]
