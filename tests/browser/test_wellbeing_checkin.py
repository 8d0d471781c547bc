"""A student checks in, sees urgent help and asks counselling for support; the
counselling case manager answers; the student reads the answer."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from belong.wellbeing import who5
from belong.wellbeing.models import CheckIn, SupportRequest
from tests.browser.conftest import assert_accessible
from tests.factories.wellbeing import build_wellbeing


def test_low_check_in_to_counselling_request_and_reply(world, page, live_server, sign_in) -> None:  # type: ignore[no-untyped-def]
    build_wellbeing(world)
    SupportRequest.objects.all().delete()
    sign_in(world.user("student"))
    page.goto(live_server.url + "/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Check-in").click()
    page.get_by_role("link", name="Check in now").click()
    assert_accessible(page, context="check-in form")

    page.get_by_role("button", name="See my result").click()
    expect(page.get_by_role("alert")).to_contain_text("choose how often")
    for item, answer in zip(
        who5.ITEMS,
        ("Some of the time", "At no time", "Some of the time", "At no time", "Some of the time"),
        strict=True,
    ):
        page.get_by_role("group", name=item).get_by_label(answer, exact=True).check()
    page.get_by_role("button", name="See my result").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "It sounds like things have been really hard lately."
    )
    expect(page.get_by_role("region", name="Help right now")).to_contain_text("988")
    expect(page.get_by_text("12 out of 100", exact=False)).to_be_visible()
    assert_accessible(page, context="check-in result with urgent help")
    assert CheckIn.objects.filter(person=world.person("student")).latest("submitted_at").score == 12

    page.get_by_role("link", name="Ask counselling to contact me").click()
    expect(page.get_by_label("What you would like help with")).to_have_value(
        "I would like to talk with someone."
    )
    expect(page.get_by_role("radio", name=re.compile("^Counselling"))).to_be_checked()
    assert_accessible(page, context="pre-filled support request")
    page.get_by_role("button", name="Send request").click()
    expect(page.get_by_text("no role in your assessment or promotion")).to_be_visible()
    request = SupportRequest.objects.get()
    assert request.office == world.counselling_office and "12" not in request.summary

    sign_in(world.user("case_manager"))
    page.goto(live_server.url + "/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Support queue").click()
    assert_accessible(page, context="support queue")
    page.get_by_role("link", name="I would like to talk with someone.").click()
    assert_accessible(page, context="support case")
    page.get_by_role("textbox", name="Message").fill("Could you come in tomorrow at 10?")
    page.get_by_role("button", name="Send message").click()
    expect(page.get_by_role("status")).to_contain_text("Your message is sent.")
    request.refresh_from_db()
    assert request.status == "acknowledged" and request.first_response_at is not None

    sign_in(world.user("student"))
    page.goto(live_server.url + "/wellbeing/support/")
    page.get_by_role("link", name="I would like to talk with someone.").click()
    expect(page.get_by_text("Could you come in tomorrow at 10?")).to_be_visible()
    assert_accessible(page, context="student reads the reply")
