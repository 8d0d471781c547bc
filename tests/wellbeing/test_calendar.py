from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.urls import reverse
from icalendar import Calendar

from belong.access.models import AuditEvent
from belong.core import calendar as core_calendar
from belong.wellbeing import calendar
from belong.wellbeing.actions.calendar import hash_token
from belong.wellbeing.models import CalendarFeed

pytestmark = pytest.mark.django_db


def _events(content: bytes) -> list:  # type: ignore[type-arg]
    return list(Calendar.from_ical(content).walk("VEVENT"))


def test_making_a_feed_shows_the_address_once_and_stores_only_its_hash(
    world, wb, client_for
) -> None:  # type: ignore[no-untyped-def]
    client = client_for(world.user("student"))
    page = client.post(reverse("wellbeing:calendar_feed_create")).content.decode()
    url = page.split('id="feed-url">')[1].split("<")[0]
    token = url.rsplit("/", 1)[1].removesuffix(".ics")
    feed = CalendarFeed.objects.get(person=world.person("student"))
    assert feed.token_hash == hash_token(token) and token not in feed.token_hash
    assert token not in str(list(AuditEvent.objects.values_list("detail", flat=True)))
    assert token not in client.get(reverse("wellbeing:calendar_feed_settings")).content.decode()
    client.logout()
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    titles = {str(e["SUMMARY"]) for e in _events(response.content)}
    assert {"REACH: Opening circle", "REACH: Sleep and recovery"} <= titles
    assert any(t.startswith("Health coverage deadline") for t in titles)


def test_an_unknown_or_replaced_token_is_404(world, wb, client) -> None:  # type: ignore[no-untyped-def]
    old = reverse("wellbeing:calendar_feed", args=[wb["token"]])
    assert client.get(old).status_code == 200
    assert client.get(reverse("wellbeing:calendar_feed", args=["not-a-token"])).status_code == 404
    client.force_login(world.user("student"))
    client.post(reverse("wellbeing:calendar_feed_create"))
    client.logout()
    assert client.get(old).status_code == 404


def test_revoking_stops_the_feed(world, wb, client_for) -> None:  # type: ignore[no-untyped-def]
    url = reverse("wellbeing:calendar_feed", args=[wb["token"]])
    client = client_for(world.user("student"))
    client.post(reverse("wellbeing:calendar_feed_revoke"))
    assert client.get(url).status_code == 404
    assert not CalendarFeed.objects.exists()


def test_feed_holds_no_sensitive_detail(world, wb, client) -> None:  # type: ignore[no-untyped-def]
    content = client.get(reverse("wellbeing:calendar_feed", args=[wb["token"]])).content.decode()
    for private in ("It was a lot", wb["counselling_request"].summary, "Present", "BH123456789"):
        assert private not in content


def test_events_from_other_apps_are_collected(world, wb, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import datetime as dt

    from django.utils import timezone

    other = SimpleNamespace(
        events_for=lambda person: [
            calendar.CalendarEvent(
                uid="coaching-meeting-1",
                title="Coaching meeting",
                starts_at=timezone.now() + dt.timedelta(days=1),
                ends_at=timezone.now() + dt.timedelta(days=1, hours=1),
            )
        ]
    )
    monkeypatch.setattr(core_calendar, "_sources", lambda: (calendar, other))
    events = calendar.collect_events(world.person("student"))
    assert "Coaching meeting" in [e.title for e in events]
    parsed = _events(calendar.to_ical(events, name="x"))
    assert len(parsed) == len(events) and len({str(e["UID"]) for e in parsed}) == len(events)


def test_discovery_finds_this_module_and_skips_apps_without_events_for() -> None:
    found = core_calendar._sources()
    assert calendar in found
    assert all(callable(m.events_for) for m in found)


def test_class_calendar_download(world, wb, client_for) -> None:  # type: ignore[no-untyped-def]
    response = client_for(world.user("student_affairs")).get(
        reverse("wellbeing:reach_cohort_ics", args=[2027])
    )
    assert response["Content-Disposition"] == 'attachment; filename="reach-class-of-2027.ics"'
    assert len(_events(response.content)) == 2
    student = client_for(world.user("student")).get(reverse("wellbeing:reach_calendar_ics"))
    assert len(_events(student.content)) == 2
