"""Which groups a response counts in: declared dimensions, coarsened, then generalised to k.

A campaign declares up front the dimensions its results may be cut by (role,
class year, gender...). At invitation each invitee's values are read once and
*coarsened* (:func:`coarse_value`: the few broad categories a result would
show, never a write-in or a detailed code). Then :func:`generalise` hides
values until every combination of groups is shared by at least ``k`` rows:
among the invitees when the campaign opens, and again among each batch of
responses when it is released. A value hidden reads "Not shown"; hiding is
always truthful, it only says less.

Pure Python, no database: the reading lives in ``queries``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

# Labels are marked (not translated here: they are stored in results); the respondent's
# page translates them as it shows them (decision 0033).
from django.utils.translation import gettext_noop

NOT_SHOWN = "not_shown"
NOT_ANSWERED = "not_answered"


@dataclass(frozen=True)
class Dimension:
    code: str
    label: str
    # Coarse value → label shown to respondents and in results.
    values: Mapping[str, str]
    help: str = ""


_GENDER = {
    "woman": "Woman",
    "man": "Man",
    "another": "Another gender identity (trans, non-binary, another)",
    NOT_ANSWERED: "Not answered",
}
DIMENSIONS: dict[str, Dimension] = {
    d.code: d
    for d in (
        Dimension(
            "role",
            gettext_noop("Role"),
            {
                "student": "Student",
                "resident": "Resident or fellow",
                "faculty": "Faculty",
                "staff": "Staff",
            },
            gettext_noop("From the person's current affiliation."),
        ),
        Dimension(
            "cohort",
            gettext_noop("Class year"),
            {},
            gettext_noop("Students' class year; blank for everyone else."),
        ),
        Dimension(
            "unit",
            gettext_noop("Unit"),
            {},
            gettext_noop("The unit of the person's current affiliation."),
        ),
        Dimension(
            "gender",
            gettext_noop("Gender identity"),
            _GENDER,
            gettext_noop("From self-identification, in three broad groups and “not answered”."),
        ),
        Dimension(
            "first_generation",
            gettext_noop("First generation to college"),
            {"yes": "Yes", "no": "No", NOT_ANSWERED: "Not answered"},
            gettext_noop("From self-identification."),
        ),
    )
}


def coarse_value(dimension: str, raw: object) -> str:
    """The broad group a raw value counts in (``not_answered`` when there is none)."""
    if dimension == "gender":
        if raw in ("woman", "man"):
            return str(raw)
        if raw in ("transgender_woman", "transgender_man", "nonbinary", "another"):
            return "another"
        return NOT_ANSWERED
    if dimension == "first_generation":
        return str(raw) if raw in ("yes", "no") else NOT_ANSWERED
    if dimension in ("cohort", "unit"):
        return str(raw) if raw else NOT_ANSWERED
    if dimension == "role":
        return str(raw) if raw in DIMENSIONS["role"].values else NOT_ANSWERED
    raise ValueError(f"{dimension!r} is not a survey dimension")


def label_of(dimension: str, value: str) -> str:
    if value == NOT_SHOWN:
        return "Not shown (too few people)"
    return DIMENSIONS[dimension].values.get(value, value)


def _key(row: Mapping[str, str], dimensions: Sequence[str]) -> tuple[str, ...]:
    return tuple(row.get(d, NOT_SHOWN) for d in dimensions)


def generalise(
    rows: Sequence[Mapping[str, str]], dimensions: Sequence[str], k: int
) -> list[dict[str, str]]:
    """Hide values until every combination of ``dimensions`` occurs at least ``k`` times.

    Rows in a combination shared by fewer than ``k`` lose their last declared
    dimension first, then the one before, and so on; if the rows with every
    value hidden are still fewer than ``k``, rows of the smallest remaining
    combinations join them. Rows already in large combinations keep their
    values. Returns new dicts in the same order.
    """
    out = [{d: row.get(d, NOT_SHOWN) for d in dimensions} for row in rows]
    if not dimensions:
        return out
    for dimension in reversed(dimensions):
        counts = Counter(_key(r, dimensions) for r in out)
        small = [r for r in out if counts[_key(r, dimensions)] < k]
        if not small:
            return out
        for r in small:
            r[dimension] = NOT_SHOWN
    hidden = tuple(NOT_SHOWN for _ in dimensions)
    counts = Counter(_key(r, dimensions) for r in out)
    while 0 < counts[hidden] < k and len(counts) > 1:
        smallest = min((c for c in counts if c != hidden), key=lambda c: (counts[c], c))
        for r in out:
            if _key(r, dimensions) == smallest:
                for d in dimensions:
                    r[d] = NOT_SHOWN
        counts = Counter(_key(r, dimensions) for r in out)
    return out
