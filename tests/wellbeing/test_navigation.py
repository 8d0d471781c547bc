from __future__ import annotations

import datetime as dt

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import dateformat, timezone

from belong.wellbeing.models import SupportKind, SupportRequest

pytestmark = pytest.mark.django_db


def _home(client_for, user) -> str:  # type: ignore[no-untyped-def]
    response = client_for(user).get(reverse("core:home"))
    assert response.status_code == 200
    return response.content.decode()


def test_student_home_cards(world, wb, client_for) -> None:  # type: ignore[no-untyped-def]
    page = _home(client_for, world.user("student"))
    assert "Next REACH session" in page and "Opening circle (Reflection)" in page
    assert "Your last check-in was on" in page
    assert "Your support requests" in page
    assert f"Health coverage {wb['year'].label}" in page
    assert "Waiver submitted, awaiting review." in page
    # A student never gets office or student-affairs cards.
    assert "Support queue" not in page and "Waivers awaiting review" not in page


def test_student_without_check_ins_is_invited(world, client_for) -> None:  # type: ignore[no-untyped-def]
    page = _home(client_for, world.user("student"))
    assert "checked in yet. It takes two minutes" in page and "Check in now" in page


def test_case_manager_home_shows_queue_size_and_overdue(world, wb, client_for) -> None:  # type: ignore[no-untyped-def]
    SupportRequest.objects.filter(pk=wb["counselling_request"].pk).update(
        due_by=timezone.now() - dt.timedelta(hours=2)
    )
    page = _home(client_for, world.user("case_manager"))
    assert "Support queue" in page and "1 past the response target" in page
    assert "Help with renal physiology" not in page


def test_student_affairs_home_shows_waivers_awaiting_review(world, wb, client_for) -> None:  # type: ignore[no-untyped-def]
    page = _home(client_for, world.user("student_affairs"))
    assert "Waivers awaiting review" in page
    for label in (
        "REACH planning",
        "Coverage review",
        "Support services",
        "Student affairs dashboard",
    ):
        assert label in page


def test_nav_items_follow_permissions(world, wb, client_for) -> None:  # type: ignore[no-untyped-def]
    leadership = _home(client_for, world.user("leadership"))
    assert "Student affairs dashboard" in leadership
    assert "Coverage review" not in leadership and "REACH planning" not in leadership
    admin = _home(client_for, world.user("administrator"))
    for label in ("Check-in", "Support queue", "Student affairs dashboard", "Coverage review"):
        assert f">{label}<" not in admin


def test_a_passed_coverage_deadline_is_flagged_on_the_home_card(
    world, wb, client_for, make_student
) -> None:  # type: ignore[no-untyped-def]
    year = wb["year"]
    late = make_student("late_student")
    assert "Needs attention" not in _home(client_for, late)  # the deadline is ahead
    year.deadline = timezone.localdate() - dt.timedelta(days=1)
    year.save(update_fields=["deadline"])
    page = _home(client_for, late)
    assert "Needs attention" in page
    assert f"The deadline, {dateformat.format(year.deadline, 'j F Y')}, has passed" in page
    # A waiver waiting for the school is not the student's to chase.
    assert "Needs attention" not in _home(client_for, world.user("student"))
    # Student affairs sees how many are not covered: the late student has not started.
    office = _home(client_for, world.user("student_affairs"))
    assert "has passed and 1 student is not covered yet" in office


def test_the_calendar_feed_is_offered_only_to_those_with_something_for_it(
    world, wb, client_for
) -> None:  # type: ignore[no-untyped-def]
    from tests.factories.coaching import coaching_world

    coaching_world(world)
    url = reverse("wellbeing:calendar_feed_settings")
    for persona in ("student", "coach"):
        assert url in _home(client_for, world.user(persona)), persona
        page = client_for(world.user(persona)).get(url).content.decode()
        assert "Nothing of yours goes into a calendar" not in page
        assert "Make my feed address" in page or "Replace the address" in page
    for persona in ("analyst", "case_manager", "leadership"):
        assert url not in _home(client_for, world.user(persona)), persona
        page = client_for(world.user(persona)).get(url).content.decode()
        assert "Nothing of yours goes into a calendar" in page
        assert "Make my feed address" not in page


def test_response_targets_read_in_days_and_hours(world, wb, client_for) -> None:  # type: ignore[no-untyped-def]
    service = wb["services"][SupportKind.TUTORING]
    service.response_target_hours = 120
    service.save(update_fields=["response_target_hours"])
    page = client_for(world.user("student")).get(reverse("wellbeing:support_home")).content
    text = page.decode()
    assert "They aim to reply within 5 days." in text
    assert "120 hours" not in text
    services = client_for(world.user("student_affairs")).get(reverse("wellbeing:support_services"))
    assert "5 days" in services.content.decode()


def test_the_after_hours_number_is_a_phone_link(wb) -> None:  # type: ignore[no-untyped-def]
    html = render_to_string(
        "wellbeing/_urgent_help.html", {"counselling": wb["services"][SupportKind.COUNSELLING]}
    )
    assert '<a href="tel:5550100199">(555) 010-0199</a>' in html
