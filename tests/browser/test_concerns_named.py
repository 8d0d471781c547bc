"""A named report: sent while signed in, read by the case manager with the reporter's name,
answered, and the reply read by the reporter, with zero axe-core violations on every page."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible


def test_named_report_name_seen_and_reply_read(world, page, live_server, sign_in) -> None:  # type: ignore[no-untyped-def]
    sign_in(world.user("student"))
    page.goto(live_server.url + "/concerns/")
    page.get_by_role("link", name="Report named (with your name)").click()
    expect(page.get_by_role("region", name="How this report is kept")).to_contain_text(
        "Your name is on the report"
    )
    assert_accessible(page, context="named form")
    page.get_by_label("Publicly humiliated").check()
    page.get_by_label("What happened, in your words").fill("I was mocked on rounds.")
    page.get_by_label("A clerkship or rotation").check()
    page.get_by_label("Resident or fellow").check()
    page.get_by_label("Month it happened").fill("2026-09")
    page.get_by_label("To talk with someone about it").check()
    page.get_by_role("button", name="Send the report").click()
    expect(page.get_by_role("status")).to_contain_text("Your report is with the case managers")
    assert_accessible(page, context="own named report")

    sign_in(world.user("concerns_manager"))
    page.goto(live_server.url + "/concerns/cases/")
    page.get_by_role("table").get_by_role("link").first.click()
    expect(page.get_by_text("Student Persona")).to_be_visible()
    expect(page.get_by_text("named.", exact=False)).to_be_visible()
    page.get_by_label("Reply to the reporter").fill("Thank you; could we meet on Tuesday?")
    page.get_by_role("button", name="Send the reply").click()
    expect(page.get_by_role("status")).to_contain_text("Reply sent")
    assert_accessible(page, context="named case page")

    sign_in(world.user("student"))
    page.goto(live_server.url + "/concerns/mine/")
    assert_accessible(page, context="own reports")
    page.get_by_role("table").get_by_role("link").first.click()
    expect(page.get_by_text("Thank you; could we meet on Tuesday?")).to_be_visible()
    assert_accessible(page, context="own named report with a reply")
