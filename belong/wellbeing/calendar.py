"""Calendar feeds: iCalendar files built from events that every app contributes.

Contract for other apps: an app may have ``belong/<app>/calendar.py`` with::

    def events_for(person: Person) -> list[CalendarEvent]: ...

returning the events that person should see in their own calendar. Events
carry no sensitive detail: "Coaching meeting", never the notes; "REACH:
Wellness workshop", never attendance. ``collect_events`` finds every such
module (as ``core.navigation`` finds ``navigation.py``) and this module's own
``events_for`` supplies the well-being events (REACH sessions, the coverage
deadline).

A person's feed is served at a secret address (``views.calendar.feed``),
because calendar apps cannot sign in; see ``actions.calendar``.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import cache
from typing import Any

from django.apps import apps
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event

from belong.people.models import Person
from belong.wellbeing import terms
from belong.wellbeing.actions.calendar import hash_token
from belong.wellbeing.models import CalendarFeed, CoverageYear, ReachSession

PRODID = "-//Belong//Belong calendar//EN"
# How far back a feed reaches; calendar apps keep what they already have.
FEED_HISTORY = timedelta(days=120)
_LAST_USED_PRECISION = timedelta(hours=1)


@dataclass(frozen=True)
class CalendarEvent:
    """One event in someone's calendar.

    ``uid`` must be stable and unique across apps (prefix it with the app,
    e.g. ``"coaching-meeting-42"``). A ``date`` (not ``datetime``) start makes
    an all-day event. ``url`` is a path inside Belong.
    """

    uid: str
    title: str
    starts_at: datetime | date
    ends_at: datetime | date | None = None
    location: str = ""
    description: str = ""
    url: str = ""
    categories: tuple[str, ...] = ()


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


@cache
def _sources() -> tuple[Any, ...]:
    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("belong."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.calendar")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.calendar":
                raise
            continue
        if callable(getattr(module, "events_for", None)):
            found.append(module)
    return tuple(found)


def collect_events(person: Person) -> list[CalendarEvent]:
    """Every app's events for ``person``, in time order."""
    events = [event for module in _sources() for event in module.events_for(person)]
    return sorted(events, key=lambda e: (_as_utc(e.starts_at), e.uid))


def _as_utc(moment: datetime | date) -> datetime:
    if isinstance(moment, datetime):
        return moment.astimezone(UTC)
    return datetime(moment.year, moment.month, moment.day, tzinfo=UTC)


def _absolute(path: str) -> str:
    base = str(getattr(settings, "BELONG_SITE_URL", "") or "").rstrip("/")
    return f"{base}{path}" if base and path else ""


def to_ical(events: Iterable[CalendarEvent], *, name: str) -> bytes:
    """An iCalendar (RFC 5545) file; times in UTC, which every calendar app reads."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    stamp = timezone.now().astimezone(UTC)
    domain = str(getattr(settings, "SITE_NAME", "belong")).lower().replace(" ", "-")
    for item in events:
        event = Event()
        event.add("uid", f"{item.uid}@{domain}")
        event.add("dtstamp", stamp)
        event.add("summary", item.title)
        if isinstance(item.starts_at, datetime):
            event.add("dtstart", item.starts_at.astimezone(UTC))
            if item.ends_at is not None:
                event.add("dtend", _as_utc(item.ends_at))
        else:
            event.add("dtstart", item.starts_at)
            end = item.ends_at if isinstance(item.ends_at, date) else None
            event.add("dtend", end or item.starts_at + timedelta(days=1))
        if item.location:
            event.add("location", item.location)
        if item.description:
            event.add("description", item.description)
        url = _absolute(item.url)
        if url:
            event.add("url", url)
        if item.categories:
            event.add("categories", list(item.categories))
        calendar.add_component(event)
    return calendar.to_ical()


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
