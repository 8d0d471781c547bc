"""Survey fixtures: the shipped instruments, a class of students and an open campaign."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from belong.people.models import SelfIdentification
from belong.surveys import links
from belong.surveys.actions.campaigns import CampaignSettings, create_campaign, open_campaign
from belong.surveys.actions.instruments import install_standard
from belong.surveys.models import Campaign, Instrument, Invitation
from tests.factories.people import AffiliationFactory, PersonFactory
from tests.personas import World


def students(
    world: World, n: int, *, cohort: int = 2028, genders: tuple[str, ...] = ()
) -> list[Any]:
    """``n`` more students of the MD program in one class, with e-mail and (some) gender."""
    people = []
    for i in range(n):
        person = PersonFactory(email=f"student{cohort}-{i}@example.edu")
        AffiliationFactory(
            person=person,
            kind="student",
            unit=world.md_program,
            cohort=cohort,
            start_date=datetime.date(2024, 7, 1),
        )
        if genders:
            SelfIdentification.objects.create(
                person=person, gender_identity=genders[i % len(genders)]
            )
        people.append(person)
    return people


def belonging_version() -> Any:
    install_standard()
    return Instrument.objects.get(code="belong-climate").latest


def campaign(world: World, *, opened: bool = True, n: int = 12, **overrides: Any) -> Campaign:
    """A belonging survey to the class of 2028 (``n`` students besides nobody else)."""
    key = ("survey_campaign", opened, n, tuple(sorted(overrides.items())))
    if key in world.extra:
        return world.extra[key]
    students(world, n, genders=("woman", "man"))
    today = timezone.localdate()
    values: dict[str, Any] = {
        "title": "Climate survey 2026",
        "version": belonging_version(),
        "opens_on": today,
        "closes_on": today + datetime.timedelta(days=21),
        "audience_kinds": ("student",),
        "audience_cohort": 2028,
        "dimensions": ("gender",),
    }
    values.update(overrides)
    made = create_campaign(by=world.user("analyst"), settings=CampaignSettings(**values))
    if opened:
        made = open_campaign(by=world.user("analyst"), campaign=made)
    world.extra[key] = made
    return made


def token_of(invitation: Invitation) -> str:
    return links.make_token(invitation.pk, invitation.link_salt)


def full_answers(**changes: Any) -> dict[str, Any]:
    answers: dict[str, Any] = {f"belong_{n}": "4" for n in range(1, 5)}
    answers |= {f"env_{n}": "3" for n in range(1, 5)}
    answers |= {f"voice_{n}": "2" for n in range(1, 4)}
    answers |= {"witnessed": "once", "settings": ["clinical"], "comment": "More quiet rooms."}
    answers.update(changes)
    return answers
