"""The demo school's climate surveys: two yearly waves to every student, both answered and
closed, their results published to leadership.

The newer wave plants gaps a reader can find (the class in its clinical
years rates the learning environment lower, women are less sure they can
speak up, students of another gender identity feel they belong less), an improvement on
belonging since the year before, and one class that barely answered: the
office raises the threshold for results to 10 once each wave closes, so that
class's results are hidden (with a second class beside it, so they cannot be
worked out from the total). Answers go in through the
respondent's own action, one single-use link each, and the campaigns close
through theirs; only the dates are then moved back to the past, so the demo
reads the same whatever day it is built.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import numpy as np

from belong.demo.context import DemoContext
from belong.publishing import actions as publishing
from belong.publishing.audiences import Audience
from belong.surveys import links
from belong.surveys.actions.campaigns import (
    CampaignSettings,
    close_campaign,
    create_campaign,
    open_campaign,
    raise_thresholds,
)
from belong.surveys.actions.instruments import install_standard
from belong.surveys.actions.responding import submit
from belong.surveys.actions.results import build_results
from belong.surveys.models import Campaign, Instrument, Response

DIMENSIONS = ("cohort", "gender")
COMMENTS = (
    "Quiet rooms near the wards where we can study between shifts.",
    "More feedback from attendings that is specific and kind.",
    "Make it clear where to report mistreatment and what happens next.",
    "Small-group teaching that mixes the classes.",
    "Cheaper food on campus late in the evening.",
    "Mentors who share our backgrounds.",
    "Clinical schedules published earlier so we can plan our lives.",
    "Follow up on the concerns raised at the town hall.",
    "More time with our coaches in the clinical years.",
    "Lockers at every clinical site.",
    "Recognise the work of students who organise the community clinics.",
    "Fewer last-minute changes to exam dates.",
)
RESULTS_SEED = 2026
# Responses from the class that has just arrived; fewer than RESULTS_K, so hidden.
QUIET_CLASS = 7
# The threshold for results, raised from the campaign's 5 once it closed.
RESULTS_K = 10


def build(context: DemoContext) -> None:
    analyst = context.users.get("analyst")
    if analyst is None:
        return
    install_standard()
    version = Instrument.objects.get(code="belong-climate").latest
    rng = context.rng("surveys")
    published = 0
    with context.timed("surveys: climate survey waves"):
        before = _wave(context, analyst, version, rng, year_ago=True)
        now = _wave(context, analyst, version, rng, year_ago=False)
    with context.timed("surveys: results"):
        for made in (before, now):
            if Response.objects.filter(campaign=made).count() < made.k:
                context.write(f"  too few responses for results at this scale: {made.title}")
                continue
            release = build_results(by=analyst, campaign=made, seed=RESULTS_SEED)
            outcome = publishing.publish_release(
                by=analyst, release=release, audience=Audience.LEADERSHIP
            )
            published += int(outcome.published)
    context.summary.update(
        {
            "survey responses": Response.objects.filter(campaign__in=[before, now]).count(),
            "survey results published": published,
        }
    )


def _wave(
    context: DemoContext, analyst: Any, version: Any, rng: np.random.Generator, *, year_ago: bool
) -> Campaign:
    today = context.today
    year = today.year - 1 if year_ago else today.year
    made = create_campaign(
        by=analyst,
        settings=CampaignSettings(
            title=f"Learning environment and belonging {year}",
            version=version,
            opens_on=today,
            closes_on=today + timedelta(days=21),
            audience_kinds=("student",),
            dimensions=DIMENSIONS,
        ),
    )
    made = open_campaign(by=analyst, campaign=made)
    invitations = list(made.invitations.order_by("pk"))
    cohorts = sorted(
        {c for c in (i.snapshot.get("cohort", "") for i in invitations) if c.isdigit()}
    )
    newest = cohorts[-1] if cohorts else ""
    oldest = cohorts[0] if cohorts else ""
    quiet = 0
    for invitation in invitations:
        groups = invitation.snapshot
        if groups.get("cohort") == newest:
            # The class that has just arrived barely answers: its results are hidden.
            if quiet >= QUIET_CLASS:
                continue
            quiet += 1
        elif rng.random() > 0.75:
            continue
        answers = _answers(rng, groups, oldest=oldest, year_ago=year_ago)
        submit(token=links.make_token(invitation.pk, invitation.link_salt), answers=answers)
    close_campaign(by=analyst, campaign=made)
    made = raise_thresholds(by=analyst, campaign=made, k=RESULTS_K, comment_k=RESULTS_K)
    # Into the past: a wave closed five weeks ago, and the one a year before it.
    closes = today - timedelta(days=35 + (365 if year_ago else 0))
    opens = closes - timedelta(days=21)
    Campaign.objects.filter(pk=made.pk).update(opens_on=opens, closes_on=closes)
    monday = closes - timedelta(days=closes.weekday())
    Response.objects.filter(campaign=made).update(received_on=monday)
    made.refresh_from_db()
    return made


def _answers(
    rng: np.random.Generator, groups: dict[str, str], *, oldest: str, year_ago: bool
) -> dict[str, Any]:
    belonging = environment = voice = 0.0
    if groups.get("gender") == "another":
        belonging -= 1.2
    if groups.get("cohort") == oldest:
        environment -= 0.8
    if groups.get("gender") == "woman":
        voice -= 0.6
    if year_ago:
        belonging -= 0.5

    def point(shift: float, reverse: bool = False) -> str:
        value = int(np.clip(np.rint(rng.normal(3.7 + shift, 0.9)), 1, 5))
        return str(6 - value if reverse else value)

    answers: dict[str, Any] = {}
    for n in range(1, 5):
        answers[f"belong_{n}"] = point(belonging, reverse=n == 4)
        answers[f"env_{n}"] = point(environment, reverse=n == 4)
    for n in range(1, 4):
        answers[f"voice_{n}"] = point(voice)
    witnessed = ("never", "once", "several", "often")
    answers["witnessed"] = witnessed[int(rng.choice(4, p=(0.5, 0.25, 0.17, 0.08)))]
    if answers["witnessed"] != "never":
        places = ("classroom", "clinical", "online", "elsewhere")
        answers["settings"] = [p for p in places if rng.random() < 0.4] or ["clinical"]
    if rng.random() < 0.35:
        answers["comment"] = COMMENTS[int(rng.integers(len(COMMENTS)))]
    return answers
