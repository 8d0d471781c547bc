"""Reads of people for a campaign: its audience, and each invitee's coarse groups.

The only place the surveys app reads affiliations and self-identification.
Self-identification is read for the declared dimensions only, coarsened at
once (``grouping.coarse_value``) and never shown, stored or logged finer.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from belong.people.models import Affiliation, Person, SelfIdentification, Unit
from belong.surveys import grouping
from belong.surveys.models import Campaign, Participation

_SELF_ID = {"gender": "gender_identity", "first_generation": "first_generation"}


def _units_under(unit: Unit) -> list[int]:
    found, frontier = [unit.pk], [unit.pk]
    while frontier:
        frontier = list(Unit.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
        found += frontier
    return found


def audience(campaign: Campaign, *, on: date) -> dict[int, dict[str, Any]]:
    """``person id → raw values`` of everyone the campaign would invite ``on`` that day.

    A person with several current affiliations in the audience counts once,
    with the first (by kind, then start) for role, class year and unit.
    """
    qs = Affiliation.objects.current(on).filter(kind__in=campaign.audience_kinds)
    if campaign.audience_unit is not None:
        qs = qs.filter(unit_id__in=_units_under(campaign.audience_unit))
    if campaign.audience_cohort is not None:
        qs = qs.filter(cohort=campaign.audience_cohort)
    people: dict[int, dict[str, Any]] = {}
    rows = qs.order_by("person_id", "kind", "start_date").values_list(
        "person_id", "kind", "cohort", "unit__code"
    )
    for person_id, kind, cohort, unit in rows:
        people.setdefault(person_id, {"role": kind, "cohort": cohort, "unit": unit})
    return people


def snapshots(campaign: Campaign, people: dict[int, dict[str, Any]]) -> dict[int, dict[str, str]]:
    """Each person's coarse group in each declared dimension, before generalisation."""
    wanted = [d for d in campaign.dimensions if d in _SELF_ID]
    answers: dict[int, dict[str, Any]] = {}
    if wanted:
        columns = [_SELF_ID[d] for d in wanted]
        ids = sorted(people)
        for start in range(0, len(ids), 2000):
            for row in SelfIdentification.objects.filter(
                person_id__in=ids[start : start + 2000]
            ).values_list("person_id", *columns):
                answers[row[0]] = dict(zip(wanted, row[1:], strict=True))
    out: dict[int, dict[str, str]] = {}
    for person_id, raw in people.items():
        values = {**raw, **answers.get(person_id, {})}
        out[person_id] = {d: grouping.coarse_value(d, values.get(d)) for d in campaign.dimensions}
    return out


def response_rate(campaign: Campaign) -> tuple[int, int]:
    """``(answered, invited)``: counts only, never who."""
    answered = Participation.objects.filter(campaign=campaign).count()
    return answered, campaign.invited


def participants(campaign: Campaign) -> list[Person]:
    """Who has answered a *confidential* campaign (that they answered, never what).

    Refused for an anonymous campaign: there, nobody may see who has or has
    not answered, and reminders go from the system alone.
    """
    if campaign.mode != Campaign.Mode.CONFIDENTIAL:
        raise PermissionError("who answered an anonymous survey is never listed")
    ids = Participation.objects.filter(campaign=campaign).values("person_id")
    return list(Person.objects.filter(pk__in=ids).order_by("legal_family_name", "pk"))
