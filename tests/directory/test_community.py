"""Events with their per-audience calendar feeds; stories published with consent after review."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from belong.directory import actions
from belong.directory.models import Story
from tests.factories.directory import build_directory

pytestmark = pytest.mark.django_db


def _event_kwargs(**over):  # type: ignore[no-untyped-def]
    start = timezone.now() + dt.timedelta(days=3)
    return {
        "title": "Resume clinic",
        "starts_at": start,
        "ends_at": start + dt.timedelta(hours=2),
        "audience": "residents",
        "place": "",
        "link": "https://meet.example.edu/resume",
        "capacity": 12,
    } | over


def test_an_office_announces_an_event_online_with_capacity(world):
    d = build_directory(world)
    event = actions.save_event(
        by=world.user("case_manager"), organization=d["counselling"], **_event_kwargs()
    )
    assert (event.capacity, event.place, event.link) == (12, "", "https://meet.example.edu/resume")
    with pytest.raises(Http404):
        actions.save_event(
            by=world.user("case_manager"), organization=d["other"].organization, **_event_kwargs()
        )


def test_an_event_needs_a_place_or_link_and_an_end_after_its_start(world):
    d = build_directory(world)
    bad = _event_kwargs(link="", capacity=0)
    bad["ends_at"] = bad["starts_at"]
    with pytest.raises(ValidationError) as caught:
        actions.save_event(by=world.user("case_manager"), organization=d["counselling"], **bad)
    assert set(caught.value.message_dict) == {"place", "ends_at", "capacity"}


def test_the_feed_of_an_audience_holds_its_events_and_those_for_everyone(world, client):
    d = build_directory(world)
    actions.save_event(
        by=world.user("case_manager"),
        organization=d["counselling"],
        **_event_kwargs(title="Open house", audience="everyone"),
    )
    actions.save_event(
        by=world.user("case_manager"), organization=d["counselling"], **_event_kwargs()
    )
    response = client.get(reverse("directory:events_feed", args=["students"]))
    assert response["Content-Type"].startswith("text/calendar")
    titles = sorted(str(e["summary"]) for e in Calendar.from_ical(response.content).walk("VEVENT"))
    assert titles == ["Open house", "Stress and sleep workshop"]
    assert client.get(reverse("directory:events_feed", args=["martians"])).status_code == 404


def test_a_story_needs_consent_and_is_shown_only_after_review(world, client):
    author = world.user("resident")
    with pytest.raises(ValidationError) as caught:
        actions.submit_story(by=author, title="T", body="B", byline="R", consent=False)
    assert "consent" in caught.value.message_dict
    story = actions.submit_story(by=author, title="My year", body="Words", byline="R", consent=True)
    assert story.consent_text and story.consented_at is not None
    assert "My year" not in client.get(reverse("directory:stories")).content.decode()
    with pytest.raises(Http404):
        actions.review_story(by=world.user("case_manager"), story=story, publish=True)
    actions.review_story(by=world.user("student_affairs"), story=story, publish=True)
    assert "My year" in client.get(reverse("directory:stories")).content.decode()


def test_withdrawn_consent_takes_a_story_down_for_good(world, client):
    d = build_directory(world)
    story = d["story"]
    actions.review_story(by=world.user("student_affairs"), story=story, publish=True)
    with pytest.raises(PermissionDenied):
        actions.withdraw_story_consent(by=world.user("resident"), story=story)
    actions.withdraw_story_consent(by=world.user("student"), story=story)
    assert story.title not in client.get(reverse("directory:stories")).content.decode()
    with pytest.raises(ValidationError):
        actions.review_story(by=world.user("student_affairs"), story=story, publish=True)
    assert Story.objects.get(pk=story.pk).status == Story.Status.DECLINED


def test_an_office_announces_an_event_in_the_browser_form(world, client):
    d = build_directory(world)
    client.force_login(world.user("case_manager"))
    day = (timezone.localtime() + dt.timedelta(days=20)).date().isoformat()
    response = client.post(
        reverse("directory:event_new"),
        {
            "organization": d["counselling"].pk,
            "title": "Mindfulness hour",
            "audience": "students",
            "starts_at": f"{day}T12:00",
            "ends_at": f"{day}T13:00",
            "place": "",
            "link": "",
        },
    )
    assert response.status_code == 200
    assert "Place: give a place, or a link for an online event." in response.content.decode()
    other = d["other"].organization
    response = client.post(
        reverse("directory:event_new"),
        {
            "organization": other.pk,
            "title": "X",
            "audience": "students",
            "starts_at": f"{day}T12:00",
            "ends_at": f"{day}T13:00",
            "place": "Room 1",
        },
    )
    assert "Organization: select a valid choice" in response.content.decode()
    assert not other.events.exists()
    response = client.post(
        reverse("directory:event_new"),
        {
            "organization": d["counselling"].pk,
            "title": "Mindfulness hour",
            "audience": "students",
            "starts_at": f"{day}T12:00",
            "ends_at": f"{day}T13:00",
            "place": "Room 1",
            "capacity": "20",
        },
    )
    assert response.status_code == 302
    assert d["counselling"].events.get(title="Mindfulness hour").capacity == 20
