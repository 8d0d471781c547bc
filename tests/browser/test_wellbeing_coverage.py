"""A student applies to waive the school plan (first forgetting the proof);
student affairs asks for more, the student answers, student affairs approves."""

from __future__ import annotations

from playwright.sync_api import expect

from belong.wellbeing.models import CoverageRecord
from tests.browser.conftest import assert_accessible
from tests.factories.wellbeing import PDF, CoverageYearFactory


def test_waiver_review_round_trip(world, page, live_server, sign_in) -> None:  # type: ignore[no-untyped-def]
    year = CoverageYearFactory()
    sign_in(world.user("student"))
    page.goto(live_server.url + "/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Health coverage").click()
    assert_accessible(page, context="coverage home")
    page.get_by_role("link", name="Apply for a waiver").click()
    page.get_by_label("Insurance company").fill("Blue Horizon Health")
    page.get_by_label("Plan name").fill("PPO Gold")
    page.get_by_label("Member id").fill("BH123")
    page.get_by_label("Coverage starts").fill(year.coverage_starts_on.isoformat())
    page.get_by_label("Coverage ends").fill(year.coverage_ends_on.isoformat())
    page.get_by_role("button", name="Submit the waiver").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "Proof of coverage: upload your insurance card"
    )
    assert_accessible(page, context="waiver without proof")
    assert not CoverageRecord.objects.exists()

    page.get_by_label("Proof of coverage").set_input_files(
        {"name": "card.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    page.get_by_role("button", name="Submit the waiver").click()
    expect(page.get_by_role("status")).to_contain_text("Your waiver is submitted.")
    assert CoverageRecord.objects.get().status == "waiver_submitted"

    sign_in(world.user("student_affairs"))
    page.goto(live_server.url + "/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Coverage review").click()
    page.get_by_role("link", name=world.person("student").display_name).click()
    assert_accessible(page, context="waiver review")
    page.get_by_label("Ask the student for more information").check()
    page.get_by_role("button", name="Save decision").click()
    expect(page.get_by_role("alert")).to_contain_text("say what more you need")
    page.get_by_label("Ask the student for more information").check()
    page.get_by_label("Message to the student").fill("Please send your insurer's letter.")
    page.get_by_role("button", name="Save decision").click()
    expect(page.get_by_role("status")).to_contain_text("Your decision is saved")

    sign_in(world.user("student"))
    page.goto(live_server.url + "/wellbeing/coverage/")
    expect(page.get_by_text("Please send your insurer's letter.").first).to_be_visible()
    page.get_by_role("link", name="Send more information").click()
    page.get_by_label("Proof of coverage").set_input_files(
        {"name": "letter.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    page.get_by_role("button", name="Submit the waiver").click()
    expect(page.get_by_role("status")).to_contain_text("Your waiver is submitted.")

    sign_in(world.user("student_affairs"))
    page.goto(live_server.url + "/wellbeing/coverage/review/")
    page.get_by_role("link", name=world.person("student").display_name).click()
    expect(page.get_by_role("link", name="letter.pdf")).to_be_visible()
    page.get_by_label("Approve the waiver").check()
    page.get_by_role("button", name="Save decision").click()
    assert CoverageRecord.objects.get().status == "approved"
