from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from belong.wellbeing.models import SupportRequest

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
