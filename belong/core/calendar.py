"""Calendar events and iCalendar files, for every app's calendar feed.

Contract: an app may have ``belong/<app>/calendar.py`` with::

    def events_for(person: Person) -> list[CalendarEvent]: ...
    def offers_events(person: Person) -> bool: ...  # optional

returning the events that person should see in their own calendar, and
whether the app can ever have any for them (a student of a class, a coach),
even when there are none today. A person no app offers events to is not
offered a feed. Events
carry no sensitive detail: "Coaching meeting", never the notes; "REACH:
Wellness workshop", never attendance. :func:`collect_events` gathers them
from every app; the well-being app serves each person's feed at a secret
address, because calendar apps cannot sign in.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

from belong.core.discovery import app_modules

PRODID = "-//Belong//Belong calendar//EN"
# How far back a feed reaches; calendar apps keep what they already have.
FEED_HISTORY = timedelta(days=120)


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


def _sources() -> tuple[Any, ...]:
    return app_modules("calendar", providing="events_for")


def offers_events(person: Any) -> bool:
    """Whether any app puts, or will put, events in this person's calendar."""
    for module in _sources():
        offers = getattr(module, "offers_events", None)
        if offers(person) if offers is not None else bool(module.events_for(person)):
            return True
    return False


def collect_events(person: Any) -> list[CalendarEvent]:
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
