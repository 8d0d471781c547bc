"""A coach schedules a meeting, writes a private note, shares another, and suggests a referral."""

from __future__ import annotations

import datetime

from django.utils import timezone
from playwright.sync_api import expect

from belong.coaching.models import CoachingNote, Meeting, Referral
from tests.browser.conftest import assert_accessible
from tests.factories.coaching import OTHER_TEXT, coaching_world


def test_coach_works_with_their_own_student(world, page, live_server, sign_in) -> None:  # type: ignore[no-untyped-def]
    cw = coaching_world(world)
    student = world.person("student").display_name
    sign_in(world.user("coach"))
    page.goto(live_server.url + "/")
    page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="My coaching students"
    ).click()
    expect(page.get_by_role("link", name=student)).to_be_visible()
    expect(page.get_by_text(cw.other_student.display_name)).to_have_count(0)
    assert_accessible(page, context="my students")

    page.get_by_role("link", name=student).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(student)
    expect(page.get_by_text(OTHER_TEXT)).to_have_count(0)
    assert_accessible(page, context="student page")

    page.get_by_role("link", name="Schedule or record a meeting").click()
    when = timezone.localtime(timezone.now() + datetime.timedelta(days=5))
    page.get_by_label("Starts").fill(when.strftime("%Y-%m-%dT10:30"))
    page.get_by_label("Length").select_option("60")
    page.get_by_label("Place").fill("Coaching suite")
    assert_accessible(page, context="meeting form")
    page.get_by_role("button", name="Save the meeting").click()
    expect(page.get_by_role("status")).to_contain_text("The meeting is saved.")
    assert Meeting.objects.filter(location="Coaching suite", pairing=cw.pairing).exists()

    page.get_by_role("link", name="Write a note", exact=True).click()
    page.get_by_label("Note", exact=True).fill("Worried about sleep; ask again next time.")
    assert_accessible(page, context="note form")
    page.get_by_role("button", name="Save the note").click()
    expect(page.get_by_role("status")).to_contain_text("It is private: only you can see it.")
    note = CoachingNote.objects.get(body__startswith="Worried about sleep")
    assert not note.shared_with_student

    page.get_by_role("button", name="Share with the student (note of").first.click()
    expect(page.get_by_role("status")).to_contain_text("shared with the student")
    assert CoachingNote.objects.filter(shared_with_student=True, pairing=cw.pairing).count() >= 2

    page.get_by_role("button", name="Withdraw the referral").click()
    page.get_by_role("link", name="Suggest a referral").click()
    page.get_by_role("checkbox", name="Career planning").check()
    page.get_by_label("Message for student affairs").fill("Interested in surgery.")
    assert_accessible(page, context="referral form")
    page.get_by_role("button", name="Ask the student").click()
    expect(page.get_by_role("status")).to_contain_text("waiting for the student's answer")
    assert Referral.objects.filter(status="awaiting_consent", pairing=cw.pairing).count() == 1
    assert_accessible(page, context="student page after changes")
