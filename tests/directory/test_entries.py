"""Directory entries: public search and filters, office-only editing, verification, staleness."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from belong.access.models import AuditEvent
from belong.directory import actions, queries
from belong.directory.freshness import GRACE, VERIFY_EVERY
from belong.directory.models import Service
from tests.factories.directory import LocationFactory, ServiceFactory, build_directory
from tests.factories.people import CampusFactory

pytestmark = pytest.mark.django_db


def test_search_matches_every_word_without_accents_or_case(world):
    ServiceFactory(name="Consejería en español", description="Counselling café")
    ServiceFactory(name="Fitness room")
    found = queries.search_services(queries.Filters(query="CONSEJERIA cafe"))
    assert [s.name for s in found] == ["Consejería en español"]
    assert not queries.search_services(queries.Filters(query="consejeria fitness")).exists()


def test_filters_by_audience_topic_and_campus(world):
    everyone = ServiceFactory(name="Library", audience="everyone", topic="other")
    faculty = ServiceFactory(name="Faculty affairs", audience="faculty", topic="career")
    ServiceFactory(name="Student tutoring", audience="students", topic="tutoring")
    found = queries.search_services(queries.Filters(audience="faculty"))
    assert set(found) == {everyone, faculty}
    assert list(queries.search_services(queries.Filters(topic="career"))) == [faculty]
    campus = CampusFactory(code="north", name="North campus")
    faculty.locations.add(LocationFactory(campus=campus))
    assert list(queries.search_services(queries.Filters(campus=campus.pk))) == [faculty]


def test_inactive_entries_are_not_listed_but_temporarily_closed_are(world, client):
    ServiceFactory(name="Old clinic", status="inactive")
    closed = ServiceFactory(name="Gym", status="temporarily_closed")
    page = client.get(reverse("directory:index")).content.decode()
    assert "Old clinic" not in page
    assert "Gym" in page and "Temporarily closed" in page
    assert client.get(reverse("directory:service", args=[closed.pk])).status_code == 200


def test_public_directory_searches_without_an_account(world, client):
    d = build_directory(world)
    page = client.get(reverse("directory:index"), {"q": "spanish", "audience": "students"})
    assert page.status_code == 200
    text = page.content.decode()
    assert d["own"].name in text and d["other"].name not in text


def test_an_office_edits_only_its_own_entries(world):
    d = build_directory(world)
    editor = world.user("case_manager")
    changed = actions.save_service(by=editor, service=d["own"], cost="Free")
    assert changed == ["cost"]
    with pytest.raises(Http404):
        actions.save_service(by=editor, service=d["other"], cost="Free")
    d["other"].refresh_from_db()
    assert d["other"].cost == ""


def test_saving_is_not_verifying_and_an_unchanged_save_writes_nothing(world):
    d = build_directory(world)
    editor = world.user("case_manager")
    before = AuditEvent.objects.count()
    assert actions.save_service(by=editor, service=d["own"], name=d["own"].name) == []
    assert AuditEvent.objects.count() == before
    actions.save_service(by=editor, service=d["own"], cost="Free")
    d["own"].refresh_from_db()
    assert d["own"].last_verified_at is None


def test_verifying_records_who_and_when(world, client):
    d = build_directory(world)
    editor = world.user("case_manager")
    client.force_login(editor)
    response = client.post(reverse("directory:service_verify", args=[d["own"].pk]))
    assert response.status_code == 302
    d["own"].refresh_from_db()
    assert d["own"].last_verified_by == editor
    assert d["own"].last_verified_at is not None
    assert timezone.now() - d["own"].last_verified_at < dt.timedelta(minutes=1)
    assert AuditEvent.objects.filter(verb="directory.service.verified").count() == 1


def test_edit_form_reports_a_bad_choice_on_its_field(world, client):
    d = build_directory(world)
    client.force_login(world.user("case_manager"))
    url = reverse("directory:service_edit", args=[d["own"].pk])
    response = client.post(
        url, {"name": "", "audience": "martians", "topic": "tutoring", "status": "active"}
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert "Name: this is needed." in text
    d["own"].refresh_from_db()
    assert d["own"].name == "Confidential counselling"


def test_stale_entries_are_flagged_once_then_shown_unverified_after_grace(world, client):
    d = build_directory(world)
    editor = world.user("case_manager")
    editor.email = "cm@example.edu"
    editor.save()
    actions.verify_service(by=editor, service=d["own"])
    start = timezone.now()
    with time_machine.travel(start + VERIFY_EVERY - dt.timedelta(days=1), tick=False):
        flagged = actions.flag_stale_services()
        # The other office's entry was never verified: it is due already.
        assert flagged == {world.tutoring_office.pk: 1}
    with time_machine.travel(start + VERIFY_EVERY + dt.timedelta(days=1), tick=False):
        assert actions.flag_stale_services() == {world.counselling_office.pk: 1}
        assert actions.flag_stale_services() == {}
        page = client.get(reverse("directory:service", args=[d["own"].pk])).content.decode()
        assert "Unverified" not in page
    with time_machine.travel(start + VERIFY_EVERY + GRACE + dt.timedelta(days=1), tick=False):
        page = client.get(reverse("directory:service", args=[d["own"].pk])).content.decode()
        assert "Unverified" in page
        actions.verify_service(by=editor, service=d["own"])
        page = client.get(reverse("directory:service", args=[d["own"].pk])).content.decode()
        assert "Unverified" not in page
    assert Service.objects.get(pk=d["own"].pk).stale_flagged_at is None


def test_stale_flag_emails_the_office_editors(world, settings, django_capture_on_commit_callbacks):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    d = build_directory(world)
    editor = world.user("case_manager")
    editor.email = "cm@example.edu"
    editor.save()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        actions.flag_stale_services()
    to_counselling = [m for m in mail.outbox if "cm@example.edu" in m.to]
    assert len(to_counselling) == 1
    assert world.counselling_office.name in to_counselling[0].subject
    assert d["own"].name not in to_counselling[0].body
