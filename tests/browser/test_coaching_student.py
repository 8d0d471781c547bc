"""A student chooses coaches, sees their coaching, and decides on a referral."""

from __future__ import annotations

from playwright.sync_api import expect

from belong.coaching.models import CoachPreference, Referral
from tests.browser.conftest import assert_accessible
from tests.factories.coaching import PRIVATE_TEXT, SHARED_TEXT, coaching_world


def test_student_chooses_coaches_and_consents_to_a_referral(
    world, page, live_server, sign_in
) -> None:  # type: ignore[no-untyped-def]
    cw = coaching_world(world)
    sign_in(world.user("student"))
    page.goto(live_server.url + "/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="My coaching").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My coaching")
    expect(page.get_by_text(SHARED_TEXT)).to_be_visible()
    expect(page.get_by_text(PRIVATE_TEXT)).to_have_count(0)
    assert_accessible(page, context="my coaching")

    page.get_by_role("link", name="Choose or change your coaches").click()
    assert_accessible(page, context="choose coaches")
    page.get_by_label("1st choice").select_option(label=f"{cw.coach.name} — Internal medicine")
    page.get_by_label("2nd choice").select_option(label=f"{cw.coach.name} — Internal medicine")
    page.get_by_role("button", name="Save my preferences").click()
    expect(page.get_by_role("alert")).to_contain_text("Nothing was saved")
    expect(page.get_by_text("is already on your list")).to_be_visible()
    assert_accessible(page, context="choose coaches with an error")
    page.get_by_label("2nd choice").select_option(label=f"{cw.other_coach.name} — Pediatrics")
    page.get_by_label("Your interests").fill("research, wellness")
    page.get_by_role("button", name="Save my preferences").click()
    expect(page.get_by_role("status")).to_contain_text("Your coach preferences are saved.")
    pref = CoachPreference.objects.get(student=world.person("student"))
    assert pref.ranked_coaches == [cw.coach.pk, cw.other_coach.pk]

    page.get_by_role("link", name="Review the referral and decide").click()
    assert_accessible(page, context="referral consent")
    page.get_by_role("checkbox", name="Academic progress").check()
    page.get_by_label("Anything you would like to add").fill("Afternoons are best.")
    page.get_by_role("button", name="Send to student affairs").click()
    expect(page.get_by_role("status")).to_contain_text("Sent to student affairs")
    referral = Referral.objects.get(pk=cw.referral.pk)
    assert referral.status == Referral.Status.SENT
    assert referral.shared_areas == ["academic"] and referral.shared_message == ""

    page.get_by_role("link", name="Add a goal").click()
    page.get_by_label("Goal").fill("Present at research day")
    page.get_by_label("Progress (%)").fill("10")
    page.get_by_role("button", name="Save the goal").click()
    expect(page.get_by_role("cell", name="Present at research day", exact=True)).to_be_visible()
    assert_accessible(page, context="my coaching after changes")
