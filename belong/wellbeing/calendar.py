"""Well-being's calendar: REACH sessions and health-coverage deadlines.

``events_for`` supplies the well-being events to every person's feed under the
contract in ``belong.core.calendar``. A person's feed is served at a secret
address (``views.calendar.feed``), because calendar apps cannot sign in; see
``actions.calendar``.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from belong.core.calendar import FEED_HISTORY, CalendarEvent, collect_events, to_ical
from belong.people.models import Person
from belong.wellbeing import terms
from belong.wellbeing.actions.calendar import hash_token
from belong.wellbeing.models import CalendarFeed, CoverageYear, ReachSession

__all__ = [
    "FEED_HISTORY",
    "CalendarEvent",
    "cohort_calendar",
    "collect_events",
    "events_for",
    "offers_events",
    "person_feed",
    "reach_event",
    "to_ical",
]

_LAST_USED_PRECISION = timedelta(hours=1)


def offers_events(person: Person) -> bool:
    """Current students have their class's REACH sessions and coverage deadlines."""
    return terms.cohort_of(person) is not None


def events_for(person: Person) -> list[CalendarEvent]:
    """Well-being's events for ``person``: their class's REACH sessions and the
    health-coverage deadline of the current and next academic year."""
    cohort = terms.cohort_of(person)
    if cohort is None:
        return []
    since = timezone.now() - FEED_HISTORY
    sessions = ReachSession.objects.filter(week__cohort=cohort, ends_at__gte=since).select_related(
        "week"
    )
    events = [reach_event(s) for s in sessions]
    year_now = terms.academic_year_of(timezone.localdate())
    for year in CoverageYear.objects.filter(academic_year__in=[year_now, year_now + 1]):
        events.append(
            CalendarEvent(
                uid=f"wellbeing-coverage-deadline-{year.academic_year}",
                title=f"Health coverage deadline ({year.label})",
                starts_at=year.deadline,
                description="Enrol in the school plan or apply for a waiver by today.",
                url=reverse("wellbeing:coverage_home"),
            )
        )
    return events


def reach_event(session: ReachSession) -> CalendarEvent:
    details = [session.get_component_display()]
    if session.facilitator:
        details.append(f"Facilitator: {session.facilitator}")
    if session.description:
        details.append(session.description)
    return CalendarEvent(
        uid=f"wellbeing-reach-session-{session.pk}",
        title=f"REACH: {session.title}",
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        location=session.location,
        description="\n\n".join(details),
        url=reverse("wellbeing:reach_calendar"),
        categories=("REACH", session.get_component_display()),
    )


def cohort_calendar(cohort: int) -> bytes:
    """A class's whole REACH calendar (all weeks on record) as one file."""
    sessions = ReachSession.objects.filter(week__cohort=cohort).order_by("starts_at")
    return to_ical([reach_event(s) for s in sessions], name=f"REACH weeks, class of {cohort}")


def person_feed(token: str) -> bytes | None:
    """The feed behind a secret token, or None if no such feed exists."""
    feed = (
        CalendarFeed.objects.select_related("person").filter(token_hash=hash_token(token)).first()
    )
    if feed is None:
        return None
    now = timezone.now()
    if feed.last_used_at is None or now - feed.last_used_at > _LAST_USED_PRECISION:
        # Lets the person see whether their feed is in use; coarse, so that a
        # calendar polling every few minutes does not write every time.
        CalendarFeed.objects.filter(pk=feed.pk).update(last_used_at=now)
    return to_ical(collect_events(feed.person), name=f"{settings.SITE_NAME}")
