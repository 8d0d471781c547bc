"""A person's identifiers in the school's systems and in others': look them up by scheme.

A scheme is named like the import field that carries it. ``institutional_id``
is the school's own id (EMPLID, Banner ID, student or employee number) and
lives on ``Person``; every other scheme (``aamc_id``, ``eras_id``, ``nrmp_id``)
is a :class:`~belong.people.models.PersonIdentifier` row. Both are found the
same way here, in bulk, so an import keyed by any of them costs a few queries
per chunk. See decision record 0022.
"""

from __future__ import annotations

from collections.abc import Iterable

from belong.people.models import Person, PersonIdentifier

INSTITUTIONAL = "institutional_id"
SCHEMES: dict[str, str] = {
    INSTITUTIONAL: "School id",
    **{s.value: s.label for s in PersonIdentifier.Scheme},
}
CHUNK = 2000


def label(scheme: str) -> str:
    return SCHEMES[scheme]


def find(scheme: str, values: Iterable[str]) -> dict[str, int]:
    """``{value: person pk}`` for the values on record under ``scheme``."""
    wanted = sorted(set(values))
    found: dict[str, int] = {}
    for start in range(0, len(wanted), CHUNK):
        part = wanted[start : start + CHUNK]
        if scheme == INSTITUTIONAL:
            rows = Person.objects.filter(institutional_id__in=part).values_list(
                "institutional_id", "pk"
            )
            found.update((value, pk) for value, pk in rows if value is not None)
        else:
            found.update(
                PersonIdentifier.objects.filter(scheme=scheme, value__in=part).values_list(
                    "value", "person_id"
                )
            )
    return found


def held_by(people: Iterable[int]) -> dict[tuple[int, str], str]:
    """``{(person pk, scheme): value}`` for every identifier those people carry."""
    wanted = sorted(set(people))
    held: dict[tuple[int, str], str] = {}
    for start in range(0, len(wanted), CHUNK):
        part = wanted[start : start + CHUNK]
        for pk, value in Person.objects.filter(pk__in=part).values_list("pk", "institutional_id"):
            if value is not None:
                held[(pk, INSTITUTIONAL)] = value
        for pk, scheme, value in PersonIdentifier.objects.filter(person_id__in=part).values_list(
            "person_id", "scheme", "value"
        ):
            held[(pk, scheme)] = value
    return held
