"""The public directory without an account, search and filters; an office edits and checks
its own entry. Every page is checked with axe-core."""

from __future__ import annotations

from playwright.sync_api import expect

from belong.directory.models import Service
from tests.browser.conftest import assert_accessible
from tests.factories.directory import build_directory


def test_a_visitor_searches_the_directory_without_an_account(world, page, live_server) -> None:  # type: ignore[no-untyped-def]
    d = build_directory(world)
    page.goto(live_server.url + "/directory/")
    assert_accessible(page, context="public directory")
    page.get_by_role("textbox", name="Search").fill("spanish")
    page.get_by_role("combobox", name="For").select_option("students")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page.get_by_role("heading", name="1 entry found")).to_be_visible()
    assert_accessible(page, context="search results")
    page.get_by_role("link", name=d["own"].name).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(d["own"].name)
    expect(page.get_by_text("09:00–17:00")).to_be_visible()
    assert_accessible(page, context="directory entry")
    page.goto(live_server.url + "/directory/events/")
    assert_accessible(page, context="events")
    page.goto(live_server.url + "/directory/stories/")
    assert_accessible(page, context="stories")


def test_an_office_edits_and_checks_its_own_entry(world, page, live_server, sign_in) -> None:  # type: ignore[no-untyped-def]
    d = build_directory(world)
    sign_in(world.user("case_manager"))
    page.goto(live_server.url + "/")
    page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Your office's entries"
    ).click()
    assert_accessible(page, context="office entries")
    page.get_by_role("link", name=d["own"].name).click()
    page.get_by_label("Name", exact=True).fill("")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Name: this is needed.").first).to_be_visible()
    assert_accessible(page, context="edit form with an error")
    page.get_by_label("Name", exact=True).fill("Counselling for students")
    page.get_by_label("Status").select_option("temporarily_closed")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Saved Counselling for students.")).to_be_visible()
    page.get_by_role("link", name="Counselling for students").click()
    page.get_by_role("button", name="I checked this entry").click()
    expect(page.get_by_text("Recorded that you checked")).to_be_visible()
    service = Service.objects.get(pk=d["own"].pk)
    assert service.status == "temporarily_closed"
    assert service.last_verified_by == world.user("case_manager")
