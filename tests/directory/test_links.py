"""Links from other modules' pages to the directory: ``{% resource_links key %}``."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.template import Context, Template
from django.urls import reverse

from belong.core.resources import find_resources
from belong.directory.links import opening_hours
from belong.directory.models import Contact, Schedule
from tests.factories.directory import ServiceFactory, build_directory

pytestmark = pytest.mark.django_db


def _render(text: str) -> str:
    return Template("{% load resources %}" + text).render(Context({}))


def test_a_key_renders_the_current_entries_with_hours_contact_and_link(world):
    d = build_directory(world)
    html = _render('{% resource_links "counselling" %}')
    assert d["own"].name in html
    assert reverse("directory:service", args=[d["own"].pk]) in html
    assert "Mon 09:00–17:00" in html
    assert 'href="mailto:cc@example.edu"' in html
    assert "topic=counselling" in html  # everything on the topic, in the directory


def test_no_entry_shows_the_pages_fallback_text(world):
    build_directory(world)
    html = _render('{% resource_links "title_ix" fallback="Ask the Title IX coordinator." %}')
    assert "Ask the Title IX coordinator." in html
    assert "<li>" not in html
    assert "Ask" not in _render('{% resource_links "no_such_key" %}')


def test_retired_and_inactive_entries_are_not_linked_closed_ones_say_so(world):
    gone = ServiceFactory(name="Old crisis line", topic="crisis", status="inactive")
    closed = ServiceFactory(name="Night line", topic="crisis", status="temporarily_closed")
    open_ = ServiceFactory(name="Warm line", topic="crisis")
    found = find_resources("crisis").links
    assert [link.name for link in found] == [open_.name, closed.name]  # open ones first
    assert found[1].note == "Temporarily closed"
    assert gone.name not in _render('{% resource_links "crisis" %}')


def test_another_modules_key_is_resolved_to_the_directory_topic(world):
    advising = ServiceFactory(name="Study plans", topic="advising")
    assert [link.name for link in find_resources("academic_advising").links] == [advising.name]


def test_audience_and_limit_narrow_the_entries(world):
    for n in range(5):
        ServiceFactory(name=f"Tutor {n}", topic="tutoring", audience="students")
    ServiceFactory(name="Faculty tutor", topic="tutoring", audience="faculty")
    assert len(find_resources("tutoring", limit=3).links) == 3
    names = {link.name for link in find_resources("tutoring", audience="faculty", limit=9).links}
    assert names == {"Faculty tutor"}


def test_a_phone_contact_is_preferred_and_retired_contacts_are_left_out(world):
    service = ServiceFactory(name="After hours", topic="crisis")
    Contact.objects.create(
        service=service,
        name="Old line",
        phone="+1 555 0000",
        hsds_id=str(uuid.uuid4()),
        retired_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
    )
    Contact.objects.create(
        service=service, name="On call", phone="+1 (626) 555-0188", hsds_id=str(uuid.uuid4())
    )
    (link,) = find_resources("crisis").links
    assert (link.contact, link.contact_href) == ("+1 (626) 555-0188", "tel:+16265550188")


def test_opening_hours_join_consecutive_days_with_the_same_hours():
    def at(day: int, opens: int, closes: int) -> Schedule:
        return Schedule(weekday=day, opens_at=dt.time(opens), closes_at=dt.time(closes))

    hours = [at(d, 9, 17) for d in range(1, 6)] + [at(6, 10, 14), at(7, 10, 14)]
    assert opening_hours(hours) == "Mon–Fri 09:00–17:00, Sat–Sun 10:00–14:00"
    assert opening_hours([at(1, 9, 17), at(3, 9, 17)]) == "Mon 09:00–17:00, Wed 09:00–17:00"
    assert opening_hours([]) == ""


def test_concern_start_page_links_the_ombuds_entry(world, client):
    ombuds = ServiceFactory(name="Talk to the ombuds", topic="reporting")
    page = client.get(reverse("concerns:start")).content.decode()
    assert reverse("directory:service", args=[ombuds.pk]) in page


def test_wellbeing_pages_link_the_directory_entries_of_their_topic(world, client_for):
    from tests.factories.wellbeing import build_wellbeing, checkin_with_score

    wb = build_wellbeing(world)
    d = build_directory(world)
    crisis = ServiceFactory(name="Night line", topic="crisis", audience="everyone")
    client = client_for(world.user("student"))
    own_entry = reverse("directory:service", args=[d["own"].pk])
    low = checkin_with_score(world.person("student"), 44)
    result = client.get(reverse("wellbeing:checkin_result", args=[low.pk])).content.decode()
    assert own_entry in result  # counselling, in the support offered
    request = reverse("wellbeing:support_request", args=[wb["counselling_request"].pk])
    assert own_entry in client.get(request).content.decode()
    # Urgent help: with no after-hours line set on the support service, the directory's
    # crisis entries replace the fixed words.
    counselling = wb["services"]["counselling"]
    counselling.after_hours_contact = ""
    counselling.save(update_fields=["after_hours_contact"])
    urgent = client.get(reverse("wellbeing:checkin_result", args=[wb["checkins"][1].pk]))
    text = urgent.content.decode()
    assert reverse("directory:service", args=[crisis.pk]) in text
    assert "call campus security, or the counselling office" not in text
    crisis.status = "inactive"
    crisis.save(update_fields=["status"])
    urgent = client.get(reverse("wellbeing:checkin_result", args=[wb["checkins"][1].pk]))
    assert "call campus security, or the counselling office" in urgent.content.decode()


def test_a_title_ix_case_links_the_title_ix_office(world, client_for):
    from tests.factories.concerns import named_case

    office = ServiceFactory(name="Title IX reports and support", topic="title_ix")
    case = named_case(world, categories=["sexual_advances"])
    other = named_case(world, categories=["remarks_race"])
    client = client_for(world.user("concerns_manager"))
    entry = reverse("directory:service", args=[office.pk])
    assert entry in client.get(reverse("concerns:case", args=[case.pk])).content.decode()
    assert entry not in client.get(reverse("concerns:case", args=[other.pk])).content.decode()
