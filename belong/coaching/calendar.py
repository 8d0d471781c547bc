"""Coaching meetings in a person's calendar, as the student and as the coach.

The well-being feed (``belong.wellbeing.calendar``) collects :func:`events_for`
from here. Events say who and when, never why: no note, no goal. The
``.ics`` download of one's own meetings (``views.student.meetings_ics``)
uses the same events.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from belong.coaching import queries
from belong.coaching.models import Meeting
from belong.core.calendar import FEED_HISTORY, CalendarEvent, to_ical
from belong.people.models import Person


def _event(meeting: Meeting, person: Person, *, detailed: bool) -> CalendarEvent:
    """A meeting as a calendar event. The feed (``detailed=False``) is read by outside
    calendar services through a secret address, so it names nobody and carries no
    join link (decision 0006); the signed-in download carries both."""
    pairing = meeting.pairing
    as_coach = pairing.coach.person_id == person.pk
    other = pairing.student.display_name if as_coach else pairing.coach.name
    url = (
        reverse("coaching:student_detail", args=[pairing.pk])
        if as_coach
        else reverse("coaching:my_coaching")
    )
    return CalendarEvent(
        uid=f"coaching-meeting-{meeting.pk}",
        title=f"Coaching meeting with {other}" if detailed else "Coaching meeting",
        starts_at=meeting.starts_at,
        ends_at=meeting.ends_at,
        location=(meeting.location or meeting.video_url) if detailed else meeting.location,
        description=f"Video link: {meeting.video_url}" if detailed and meeting.video_url else "",
        url=url,
        categories=("Coaching",),
    )


def offers_events(person: Person) -> bool:
    """Coaches and paired students have coaching meetings, now or later."""
    return queries.in_a_pairing(person)


def events_for(person: Person) -> list[CalendarEvent]:
    """The person's coaching meetings (not cancelled) from a few months back onwards."""
    since = timezone.now() - FEED_HISTORY
    return [
        _event(m, person, detailed=False)
        for m in queries.own_meetings(person)
        if m.ends_at >= since
    ]


def ics_for(person: Person) -> bytes:
    """Every coaching meeting of the person's current pairings, as one iCalendar file."""
    events = [_event(m, person, detailed=True) for m in queries.own_meetings(person)]
    return to_ical(events, name="Coaching meetings")
