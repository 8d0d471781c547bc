"""Reporting a concern in each mode, the receipt step, and the two-way follow-up, in Chromium
with zero axe-core violations on every page and every page of errors."""

from __future__ import annotations

from playwright.sync_api import expect

from belong.concerns.actions import delivery
from tests.browser.conftest import assert_accessible


def _fill_report(page) -> None:  # type: ignore[no-untyped-def]
    page.get_by_label("Publicly humiliated").check()
    page.get_by_label("What happened, in your words").fill("I was mocked on rounds.")
    page.get_by_label("A clerkship or rotation").check()
    page.get_by_label("Resident or fellow").check()
    page.get_by_label("Month it happened").fill("2026-09")
    page.get_by_label("To talk with someone about it").check()


def test_anonymous_report_receipt_and_two_way_follow_up(world, page, live_server, sign_in) -> None:  # type: ignore[no-untyped-def]
    page.goto(live_server.url + "/concerns/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Report a concern")
    assert_accessible(page, context="how to report")
    page.get_by_role("link", name="Report anonymously").click()
    how = page.get_by_role("region", name="How this report is kept")
    expect(how).to_contain_text("no internet address")
    receipt_box = page.get_by_role("region", name="Before you send: your receipt")
    expect(receipt_box).to_contain_text("A lost receipt cannot be recovered")
    assert_accessible(page, context="anonymous form")

    # Sent without the receipt typed back: refused, said clearly, the same receipt kept.
    _fill_report(page)
    receipt = page.locator("#receipt-value").inner_text()
    page.get_by_role("button", name="Send the report").click()
    expect(page.get_by_role("alert")).to_contain_text("type it here to show you have saved it")
    assert page.locator("#receipt-value").inner_text() == receipt
    assert_accessible(page, context="anonymous form with errors")
    page.get_by_label("Type your receipt here").fill(receipt.lower().replace("-", " "))
    page.get_by_label("I understand that a lost receipt cannot be recovered").check()
    page.get_by_role("button", name="Send the report").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your report is sent")
    assert_accessible(page, context="sent")

    delivery.deliver()
    sign_in(world.user("concerns_manager"))
    page.goto(live_server.url + "/concerns/cases/")
    assert_accessible(page, context="case list")
    page.get_by_role("table").get_by_role("link").first.click()
    expect(page.get_by_text("Anonymous: nobody knows who reported this")).to_be_visible()
    page.get_by_label("Reply to the reporter").fill("Thank you. Would you talk to us?")
    page.get_by_role("button", name="Send the reply").click()
    expect(page.get_by_role("status")).to_contain_text("Reply sent")
    assert_accessible(page, context="case page")

    page.context.clear_cookies()
    page.goto(live_server.url + "/concerns/follow-up/")
    assert_accessible(page, context="follow-up")
    page.get_by_label("Your receipt").fill("wrong")
    page.get_by_role("button", name="Read replies").click()
    expect(page.get_by_role("alert")).to_contain_text("a receipt has 30 letters and digits")
    assert_accessible(page, context="follow-up with a bad receipt")
    page.get_by_label("Your receipt").fill(receipt)
    page.get_by_role("button", name="Read replies").click()
    expect(page.get_by_text("Thank you. Would you talk to us?")).to_be_visible()
    page.get_by_label("Your message").fill("Yes, by phone please.")
    page.get_by_role("button", name="Send the message").click()
    expect(page.get_by_role("status")).to_contain_text("Your message is sealed")
    assert_accessible(page, context="follow-up thread")


def test_confidential_report_is_read_by_the_case_manager_with_the_name(
    world, page, live_server, sign_in
) -> None:  # type: ignore[no-untyped-def]
    sign_in(world.user("student"))
    page.goto(live_server.url + "/concerns/")
    page.get_by_role("link", name="Report confidential").click()
    expect(page.get_by_role("region", name="How this report is kept")).to_contain_text(
        "only the case managers can see it"
    )
    _fill_report(page)
    page.get_by_label("What happened, in your words").fill("   ")
    page.get_by_role("button", name="Send the report").click()
    expect(page.get_by_role("alert")).to_contain_text("only spaces were given")
    assert_accessible(page, context="confidential form with errors")
    page.get_by_label("What happened, in your words").fill("I was mocked on rounds.")
    page.get_by_role("button", name="Send the report").click()
    expect(page.get_by_role("status")).to_contain_text("Your report is with the case managers")
    assert_accessible(page, context="own report")

    sign_in(world.user("concerns_manager"))
    page.goto(live_server.url + "/concerns/cases/")
    page.get_by_role("table").get_by_role("link").first.click()
    expect(page.get_by_text("Student Persona")).to_be_visible()
    page.get_by_label("Outcome told to the reporter").fill("We spoke with the resident.")
    page.get_by_role("button", name="Close and tell the reporter").click()
    expect(page.get_by_role("status")).to_contain_text("Case closed")
    assert_accessible(page, context="closed case")

    sign_in(world.user("student"))
    page.goto(live_server.url + "/concerns/mine/")
    page.get_by_role("table").get_by_role("link").first.click()
    expect(page.get_by_text("We spoke with the resident.")).to_be_visible()
