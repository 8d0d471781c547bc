"""A student makes a private calendar feed, a calendar app reads it without
signing in, and the student turns it off."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible
from tests.factories.wellbeing import build_wellbeing


def test_make_use_and_revoke_a_calendar_feed(world, page, live_server, sign_in) -> None:  # type: ignore[no-untyped-def]
    build_wellbeing(world)
    sign_in(world.user("student"))
    page.goto(live_server.url + "/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Calendar feed").click()
    page.get_by_role("button", name="Replace the address").click()
    address = page.locator("#feed-url")
    expect(address).to_contain_text("/wellbeing/calendar/feed/")
    assert_accessible(page, context="new calendar feed address")
    url = address.inner_text().strip()

    page.context.clear_cookies()  # a calendar app has no session
    response = page.request.get(url)
    assert response.status == 200
    assert response.headers["content-type"].startswith("text/calendar")
    assert "SUMMARY:REACH: Opening circle" in response.text()

    sign_in(world.user("student"))
    page.goto(live_server.url + "/wellbeing/calendar/")
    page.get_by_role("button", name="Turn the feed off").click()
    expect(page.get_by_role("status")).to_contain_text("no longer works")
    page.context.clear_cookies()
    assert page.request.get(url).status == 404
