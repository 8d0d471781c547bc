"""The directory's answer to ``core.resources``: current entries for a page's key.

A key is a directory topic (``counselling``, ``crisis``, ``title_ix``...) or
one of the other modules' names for the same thing (a support request's kind
``academic_advising`` is the topic ``advising``). Entries no longer offered are
left out; temporarily closed and unverified ones are shown with a note, open
ones first.
"""

from __future__ import annotations

from datetime import datetime
from urllib.parse import urlencode

from django.db.models import Case, IntegerField, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy

from belong.core.resources import ResourceLink, ResourceLinks
from belong.directory.freshness import shown_unverified
from belong.directory.models import (
    Audience,
    EntryStatus,
    Schedule,
    Service,
    Topic,
    current_contacts,
    current_locations,
)

# Other modules' keys for a directory topic (the topic's own value is a key too).
ALIASES = {
    "academic_advising": Topic.ADVISING,
    "ombuds": Topic.REPORTING,
    "concerns": Topic.REPORTING,
}
DAY = {
    1: pgettext_lazy("weekday", "Mon"),
    2: pgettext_lazy("weekday", "Tue"),
    3: pgettext_lazy("weekday", "Wed"),
    4: pgettext_lazy("weekday", "Thu"),
    5: pgettext_lazy("weekday", "Fri"),
    6: pgettext_lazy("weekday", "Sat"),
    7: pgettext_lazy("weekday", "Sun"),
}


def topic_for(key: str) -> str | None:
    if key in Topic.values:
        return key
    return ALIASES.get(key)


def opening_hours(schedules: list[Schedule]) -> str:
    """``Mon–Fri 09:00–17:00``: consecutive days with the same hours read as one span."""
    spans: list[tuple[int, int, str]] = []
    for s in sorted(schedules, key=lambda s: (s.weekday, s.opens_at)):
        hours = f"{s.opens_at:%H:%M}–{s.closes_at:%H:%M}"
        if spans and spans[-1][2] == hours and spans[-1][1] == s.weekday - 1:
            spans[-1] = (spans[-1][0], s.weekday, hours)
        else:
            spans.append((s.weekday, s.weekday, hours))
    return ", ".join(f"{DAY[a]}{'' if a == b else '–' + DAY[b]} {hours}" for a, b, hours in spans)


def _contact(service: Service) -> tuple[str, str]:
    for c in service.contacts.all():
        if c.phone:
            return c.phone, f"tel:{''.join(ch for ch in c.phone if ch.isdigit() or ch == '+')}"
    for c in service.contacts.all():
        if c.email:
            return c.email, f"mailto:{c.email}"
    if service.organization.email:
        return service.organization.email, f"mailto:{service.organization.email}"
    return "", ""


def _link(service: Service, now: datetime) -> ResourceLink:
    location = next(iter(service.locations.all()), None)
    hours = opening_hours(list(location.schedules.all())) if location is not None else ""
    contact, href = _contact(service)
    note = ""
    if service.status == EntryStatus.TEMPORARILY_CLOSED:
        note = gettext("Temporarily closed")
    elif shown_unverified(service.last_verified_at, now):
        note = gettext("Unverified: check with the office")
    return ResourceLink(
        name=service.name,
        url=reverse("directory:service", args=[service.pk]),
        provider=service.organization.name,
        hours=hours,
        contact=contact,
        contact_href=href,
        note=note,
    )


def resource_links(key: str, *, audience: str = "", limit: int = 3) -> ResourceLinks | None:
    """Up to ``limit`` current entries for ``key`` (``None`` for a key that is no topic)."""
    topic = topic_for(key)
    if topic is None:
        return None
    qs = Service.objects.filter(topic=topic).exclude(status=EntryStatus.INACTIVE)
    if audience and audience in Audience.values:
        qs = qs.filter(audience__in=[audience, Audience.EVERYONE])
    entries = list(
        qs.annotate(
            closed=Case(
                When(status=EntryStatus.TEMPORARILY_CLOSED, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
        )
        .select_related("organization")
        .prefetch_related(current_contacts(), current_locations())
        .order_by("closed", "name", "pk")[:limit]
    )
    now = timezone.now()
    more = reverse("directory:index") + "?" + urlencode({"topic": topic})
    return ResourceLinks(
        links=tuple(_link(s, now) for s in entries),
        more_url=more if entries else "",
        more_label=gettext("Everything on %(topic)s in the directory")
        % {"topic": str(Topic(topic).label).lower()},
    )
