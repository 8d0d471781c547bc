"""The directory's events as iCalendar feeds, one per audience (public, like the directory)."""

from __future__ import annotations

from django.urls import reverse

from belong.core.calendar import CalendarEvent, to_ical
from belong.directory.models import Audience, Event


def event_item(event: Event) -> CalendarEvent:
    where = event.place or event.link
    lines = [event.description] if event.description else []
    if event.link:
        lines.append(f"Join: {event.link}")
    if event.capacity:
        lines.append(f"Places: {event.capacity}")
    return CalendarEvent(
        uid=f"directory-event-{event.pk}",
        title=event.title,
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        location=where,
        description="\n".join(lines),
        url=reverse("directory:events"),
        categories=(event.get_audience_display(),),
    )


def audience_feed(audience: str) -> bytes:
    """Every event not cancelled for ``audience`` (and those for everyone)."""
    events = Event.objects.filter(audience__in=[audience, "everyone"], cancelled=False)
    label = Audience(audience).label
    return to_ical((event_item(e) for e in events), name=f"Events: {label}")
