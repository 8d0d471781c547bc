from __future__ import annotations

import re

from playwright.sync_api import expect

from belong.access.models import AuditEvent
from belong.people.models import SelfIdentification
from tests.browser.conftest import assert_accessible


def test_sign_in_navigate_and_edit_self_identification(world, page, live_server) -> None:  # type: ignore[no-untyped-def]
    user = world.user("student")
    user.set_password("a-long-student-password")
    user.save()

    page.goto(live_server.url + "/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    page.get_by_label("Username").fill("student")
    page.get_by_label("Password").fill("a-long-student-password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome")
    expect(page.get_by_text("A medical student.")).to_be_visible()

    page.get_by_role("navigation", name="Main").get_by_role("link", name="My information").click()
    page.get_by_role("link", name="Review or change your answers").click()
    assert_accessible(page, context="self-identification form")

    page.get_by_role("checkbox", name="Asian", exact=True).check()
    page.get_by_role("checkbox", name="Middle Eastern or North African").check()
    page.get_by_text("Add more detail").click()
    page.get_by_role("checkbox", name="Lebanese").check()
    page.get_by_role("group", name="Sexual orientation").get_by_label(
        "Prefer not to answer"
    ).check()
    page.get_by_role("button", name="Save my answers").click()

    expect(page.get_by_role("status")).to_contain_text("Your answers are saved.")
    expect(page.get_by_text("Asian, Middle Eastern or North African (Lebanese)")).to_be_visible()
    assert_accessible(page, context="self-identification saved")

    record = SelfIdentification.objects.get(person=world.person("student"))
    assert record.race == ["asian", "mena"] and record.race_detailed == ["mena_lebanese"]
    assert record.sexual_orientation == "prefer_not" and record.ipeds == "two_or_more"
    assert AuditEvent.objects.filter(verb="people.self_identification.changed").count() == 1


def test_keyboard_user_reaches_main_content_by_skip_link(world, page, live_server, sign_in) -> None:  # type: ignore[no-untyped-def]
    sign_in(world.user("analyst"))
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#main$"))


def test_layout_fits_a_phone_without_sideways_scrolling(world, page, live_server, sign_in) -> None:  # type: ignore[no-untyped-def]
    page.set_viewport_size({"width": 360, "height": 740})
    sign_in(world.user("administrator"))
    page.goto(live_server.url + "/")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    assert_accessible(page, context="home on a phone")
