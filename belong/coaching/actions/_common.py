from __future__ import annotations

from typing import Any

from django.http import Http404

from belong.coaching.models import Coach
from belong.people.queries import person_of


def own_coach(by: Any) -> Coach:
    """The acting user's place on the coaching roster, or 404."""
    person = person_of(by)
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
