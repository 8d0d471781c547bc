"""Student affairs plans a REACH week, is stopped by an overlap, takes attendance;
the student sees the calendar and keeps a private reflection."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from playwright.sync_api import expect

from belong.wellbeing.models import Attendance, ReachSession, ReflectionEntry
from tests.browser.conftest import assert_accessible


def test_plan_week_refuse_overlap_take_attendance(world, page, live_server, sign_in) -> None:  # type: ignore[no-untyped-def]
    start = timezone.localdate() + dt.timedelta(days=3)
    sign_in(world.user("student_affairs"))
    page.goto(live_server.url + "/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="REACH planning").click()
    page.get_by_role("link", name="Add a REACH week").click()
    page.get_by_label("Class year").fill("2027")
    page.get_by_label("First day").fill(start.isoformat())
    page.get_by_label("Last day").fill((start + dt.timedelta(days=4)).isoformat())
    page.get_by_label("Theme").fill("Resilience")
    page.get_by_role("button", name="Save the week").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("REACH week: class of 2027")

    def add(title: str, begins: str, ends: str) -> None:
        page.get_by_role("link", name="Add a session").click()
        page.get_by_label("Component").select_option(label="Coaching")
        page.get_by_label("Title").fill(title)
        page.get_by_label("Date").fill(start.isoformat())
        page.get_by_label("Starts at").fill(begins)
        page.get_by_label("Ends at").fill(ends)
        page.get_by_role("button", name="Save the session").click()

    add("Coaching circles", "10:00", "11:30")
    expect(page.get_by_role("status")).to_contain_text("“Coaching circles” is saved.")
    add("Wellness workshop", "11:00", "12:00")
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("“Wellness workshop”")
    expect(alert).to_contain_text("overlaps “Coaching circles”")
    expect(alert).to_contain_text("10:00–11:30")
    assert_accessible(page, context="overlap refused")
    assert list(ReachSession.objects.values_list("title", flat=True)) == ["Coaching circles"]

    page.get_by_role("link", name="Back to the week").click()
    page.get_by_role("link", name="Attendance for Coaching circles").click()
    assert_accessible(page, context="attendance sheet")
    page.get_by_role("group", name=world.person("student").display_name).get_by_label(
        "Excused"
    ).check()
    page.get_by_role("button", name="Save attendance").click()
    expect(page.get_by_role("status")).to_contain_text("1 added")
    assert Attendance.objects.get().status == "excused"

    sign_in(world.user("student"))
    page.goto(live_server.url + "/wellbeing/reach/")
    expect(page.get_by_role("row", name="Coaching circles")).to_contain_text("Excused")
    assert_accessible(page, context="student REACH calendar")
    page.get_by_role("link", name="Your reflection journal").click()
    page.get_by_label("Title (optional)").fill("Before REACH")
    page.get_by_label("Reflection", exact=True).fill("Nervous about the formative OSCE.")
    page.get_by_role("button", name="Save reflection").click()
    expect(page.get_by_role("status")).to_contain_text("Only you can read it.")
    expect(page.get_by_role("heading", name="Before REACH")).to_be_visible()
    assert_accessible(page, context="journal")
    assert ReflectionEntry.objects.get().author == world.person("student")
