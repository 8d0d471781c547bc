"""Listening sessions, named and anonymous comments, triage; anonymous ones name nobody."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from django.core import serializers
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from belong.access.audit import seal_closed_days
from belong.access.models import AuditEvent, PendingAnonymousEvents
from belong.anonymity.models import SealedEnvelope
from belong.plans import queries
from belong.plans.actions import feedback
from belong.plans.models import AnonymousComment, Comment, ListeningSession
from tests.factories.plans import faculty_action, plan


def test_a_listening_session_is_recorded_by_the_office(world) -> None:  # type: ignore[no-untyped-def]
    made = plan(world)
    feedback.record_session(
        by=world.user("leadership"),
        plan=made,
        kind="town_hall",
        held_on=timezone.localdate(),
        audience="All students and staff",
        notes="Asked for clearer reporting of bias.",
    )
    assert ListeningSession.objects.get().plan == made
    with pytest.raises(Http404):
        feedback.record_session(
            by=world.user("student"),
            plan=made,
            kind="town_hall",
            held_on=date(2026, 1, 1),
            audience="x",
            notes="y",
        )


def test_nobody_comments_on_a_draft(world) -> None:  # type: ignore[no-untyped-def]
    draft = plan(world, published=False, title="Draft")
    with pytest.raises(Http404):
        feedback.comment(by=world.user("student"), plan=draft, text="Early!", anonymous=False)


def test_a_blank_comment_or_another_plans_area_is_refused(world) -> None:  # type: ignore[no-untyped-def]
    made = plan(world)
    other = plan(world, title="Other plan").areas.get()
    with pytest.raises(ValidationError):
        feedback.comment(by=world.user("student"), plan=made, text="   ", anonymous=True)
    with pytest.raises(ValidationError):
        feedback.comment(
            by=world.user("student"), plan=made, text="Hi", area=other, anonymous=False
        )
    assert not Comment.objects.exists() and not SealedEnvelope.objects.exists()


def _anonymous_comments(world, client, n):  # type: ignore[no-untyped-def]
    made = plan(world)
    client.force_login(world.user("student"))
    url = reverse("plans:comment", kwargs={"pk": made.pk})
    for i in range(n):
        response = client.post(
            url, {"text": f"Comment number {i} about study rooms", "anonymous": "on"}
        )
        assert response.status_code == 302
    return made


def test_anonymous_comments_are_sealed_then_released_in_a_batch(world, client) -> None:  # type: ignore[no-untyped-def]
    made = _anonymous_comments(world, client, 2 * feedback.COMMENT_K - 1)
    assert not AnonymousComment.objects.exists()
    assert feedback.release_comments(made) == 0
    client.post(
        reverse("plans:comment", kwargs={"pk": made.pk}), {"text": "One more", "anonymous": "on"}
    )
    assert feedback.release_comments(made) == feedback.COMMENT_K
    assert AnonymousComment.objects.count() == feedback.COMMENT_K
    assert feedback.release_comments(made, everything=True) == feedback.COMMENT_K


def test_an_anonymous_comment_leaves_no_trace_of_who_or_when(world, client) -> None:  # type: ignore[no-untyped-def]
    """The attacker reads every table and the audit log, looking for the student."""
    made = _anonymous_comments(world, client, 2 * feedback.COMMENT_K)
    feedback.release_comments(made, everything=True)
    student = world.user("student")
    person = world.person("student")
    rows = json.loads(serializers.serialize("json", AnonymousComment.objects.all()))
    for row in rows:
        assert set(row["fields"]) == {"received_on", "plan", "area", "text", "theme"}
        assert date.fromisoformat(row["fields"]["received_on"]).weekday() == 0  # the week's Monday
    columns = {f.column for f in AnonymousComment._meta.concrete_fields}
    assert columns == {"id", "received_on", "plan_id", "area_id", "text", "theme_id"}
    # The audit log: the events have no actor and no time until the day is sealed.
    assert not AuditEvent.objects.filter(verb__startswith="plans.comment").exists()
    # A day's events wait in shards, each distinct event once with how many times it happened.
    events = [e for p in PendingAnonymousEvents.objects.all() for e in p.events]
    assert sum(e["count"] for e in events) == 2 * feedback.COMMENT_K + 1  # each, and the release
    for event in events:
        assert set(event) <= {"verb", "target_type", "target_id", "detail", "count"}
        assert event["target_type"] == "plans.plan" and event["target_id"] == str(made.pk)
    text = json.dumps(events)
    assert student.username not in text and person.legal_given_name not in text
    seal_closed_days(today=timezone.localdate() + timedelta(days=1))
    sealed = AuditEvent.objects.filter(verb="plans.comment.anonymous_received")
    assert sealed.count() == 2 * feedback.COMMENT_K
    assert all(e.actor_id is None for e in sealed)
    assert all(e.at is None and e.day == timezone.localdate() for e in sealed)


def test_a_named_comment_names_its_writer(world, client) -> None:  # type: ignore[no-untyped-def]
    made = plan(world)
    client.force_login(world.user("faculty"))
    client.post(reverse("plans:comment", kwargs={"pk": made.pk}), {"text": "Mentoring matters."})
    assert Comment.objects.get().person == world.person("faculty")


def test_triage_links_comments_to_actions_for_you_said_we_did(world) -> None:  # type: ignore[no-untyped-def]
    made = plan(world)
    named = feedback.comment(
        by=world.user("faculty"), plan=made, text="We need listening.", anonymous=False
    )
    AnonymousComment.objects.create(
        plan=made, text="Nobody hears us.", received_on=timezone.localdate()
    )
    anonymous = AnonymousComment.objects.get()
    action = faculty_action(world)
    for c in (named, anonymous):
        assert c is not None
        feedback.triage(
            by=world.user("analyst"),
            plan=made,
            comment=c,
            theme_name="Being heard",
            actions=[action],
        )
    assert queries.said_did(made) == [("Being heard", [action.title])]
    with pytest.raises(Http404):
        feedback.triage(by=world.user("faculty"), plan=made, comment=anonymous, theme_name="x")
    other = plan(world, title="Other plan")
    with pytest.raises(ValidationError):
        feedback.triage(by=world.user("analyst"), plan=other, comment=anonymous, theme_name="x")


def test_the_comment_page_writes_no_request_line(world, client, caplog) -> None:  # type: ignore[no-untyped-def]
    made = plan(world)
    client.force_login(world.user("student"))
    url = reverse("plans:comment", kwargs={"pk": made.pk})
    with caplog.at_level("INFO", logger="belong.request"):
        client.post(url, {"text": "Anonymous idea", "anonymous": "on"})
        client.get(reverse("plans:progress", kwargs={"pk": made.pk}))
    routes = [getattr(r, "route", "") for r in caplog.records if r.name == "belong.request"]
    assert "plans:progress" in routes  # the log is on, and the comment left no line in it
    assert "plans:comment" not in routes


def test_reading_a_plans_comments_is_audited(world, client) -> None:  # type: ignore[no-untyped-def]
    """Named comments carry their writers' names: the office's read of them is recorded."""
    made = _anonymous_comments(world, client, feedback.COMMENT_K)
    feedback.release_comments(made, everything=True)
    client.force_login(world.user("faculty"))
    client.post(reverse("plans:comment", kwargs={"pk": made.pk}), {"text": "Mentoring matters."})
    office = world.user("analyst")
    client.force_login(office)
    assert client.get(reverse("plans:comments", kwargs={"pk": made.pk})).status_code == 200
    read = AuditEvent.objects.get(verb="plans.comments.read")
    assert read.actor_id == office.pk
    assert read.detail == {"named": 1, "anonymous": feedback.COMMENT_K}


def test_the_comments_page_suggests_themes_shared_by_enough_comments(world, client) -> None:  # type: ignore[no-untyped-def]
    """Themes in use come first; found themes need three comments sharing their words."""
    made = plan(world)
    parking = [
        "The parking garage is full before seven",
        "Parking costs too much and the garage is far",
        "No parking near the garage after clinic",
        "The shuttle from the parking garage is late",
    ]
    lone = ["Mentoring from senior residents helped me"]
    for when, text in enumerate(parking + lone):
        AnonymousComment.objects.create(
            plan=made, text=text, received_on=timezone.localdate() - timedelta(weeks=when)
        )
    feedback.triage(
        by=world.user("analyst"),
        plan=made,
        comment=AnonymousComment.objects.get(text=lone[0]),
        theme_name="Mentoring",
    )
    client.force_login(world.user("analyst"))
    page = client.get(reverse("plans:comments", kwargs={"pk": made.pk}))
    suggestions = page.context["suggestions"]
    assert suggestions[0] == queries.ThemeSuggestion("Mentoring")
    found = suggestions[1:]
    assert found and all(s.count is not None and s.count >= 3 for s in found)
    assert any("parking" in s.name.lower() or "garage" in s.name.lower() for s in found)
    assert not any("mentoring" in s.name.lower() for s in found)
    assert 'list="theme-suggestions"' in page.content.decode()
