"""Leadership writes and publishes a plan; an owner reports progress; a student comments
anonymously; the office triages; the public reads the progress page without an account."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from belong.plans.actions import feedback
from belong.plans.models import Action, AnonymousComment, Plan, ProgressUpdate
from tests.browser.conftest import assert_accessible


def test_write_publish_report_comment_triage_and_read_publicly(  # type: ignore[no-untyped-def]
    world, page, live_server, sign_in
) -> None:
    today = timezone.localdate()
    sign_in(world.user("leadership"))
    page.goto(live_server.url + "/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Action plans").click()
    assert_accessible(page, context="plans home")
    page.get_by_role("link", name="New plan").click()
    page.get_by_label("Title").fill("Culture action plan")
    page.get_by_label("Audience").select_option("public")
    assert_accessible(page, context="new plan")
    page.get_by_role("button", name="Create the draft").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Culture action plan")
    page.get_by_label("Area title").fill("Campus climate")
    page.get_by_role("button", name="Add the area").click()
    page.get_by_role("region", name="Add a goal").get_by_label("Goal title").fill(
        "Everyone feels they belong"
    )
    page.get_by_role("button", name="Add the goal").click()
    adding = page.get_by_role("region", name="Add an action")
    adding.get_by_label("Action title").fill("Hold listening sessions")
    adding.get_by_label("Owner (person)").fill("faculty@example.edu")
    adding.get_by_label("Starts on").fill(today.isoformat())
    adding.get_by_label("Due on").fill((today - timedelta(days=1)).isoformat())
    adding.get_by_role("button", name="Add the action").click()
    expect(page.get_by_role("alert")).to_contain_text("before the start")
    assert_accessible(page, context="plan editor with an error")
    assert not Action.objects.exists()
    adding.get_by_label("Due on").fill((today + timedelta(days=90)).isoformat())
    adding.get_by_role("button", name="Add the action").click()
    expect(page.get_by_role("status")).to_contain_text("Action “Hold listening sessions” added.")
    assert_accessible(page, context="plan editor")
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_role("status")).to_contain_text("Version 1")

    sign_in(world.user("faculty"))
    page.goto(live_server.url + "/plans/")
    page.get_by_role("link", name="Report progress on “Hold listening sessions”").click()
    page.get_by_label("Status").select_option("off_track")
    page.get_by_label("What was done").fill("One session held.")
    page.get_by_role("button", name="Save the update").click()
    expect(page.get_by_role("alert")).to_contain_text("reason is required")
    assert_accessible(page, context="update form with an error")
    assert not ProgressUpdate.objects.exists()
    page.get_by_label("Reason").fill("Rooms are booked until spring.")
    page.get_by_role("button", name="Save the update").click()
    expect(page.get_by_role("status")).to_contain_text("Your update")

    plan = Plan.objects.get()
    sign_in(world.user("student"))
    page.goto(live_server.url + f"/plans/{plan.pk}/")
    assert_accessible(page, context="progress page, signed in")
    page.get_by_role("link", name="Comment on this plan").click()
    page.get_by_label("Your comment").fill("More quiet spaces to talk, please.")
    page.get_by_label("Send it anonymously").check()
    assert_accessible(page, context="comment form")
    page.get_by_role("button", name="Send the comment").click()
    expect(page.get_by_role("status")).to_contain_text("anonymously")
    for i in range(2 * feedback.COMMENT_K - 1):
        feedback.comment(by=world.user("student"), plan=plan, text=f"Idea {i}", anonymous=True)
    feedback.release_comments(plan, everything=True)
    assert AnonymousComment.objects.count() == 2 * feedback.COMMENT_K

    sign_in(world.user("analyst"))
    page.goto(live_server.url + f"/plans/{plan.pk}/comments/")
    assert_accessible(page, context="comments triage")
    section = page.get_by_role("region").filter(has_text="More quiet spaces")
    section.get_by_label("Theme").fill("Spaces to talk")
    section.get_by_label("Hold listening sessions").check()
    section.get_by_role("button", name="Save the triage").click()
    expect(page.get_by_role("status")).to_contain_text("Comment triaged.")

    page.context.clear_cookies()
    page.goto(live_server.url + "/plans/public/")
    assert_accessible(page, context="public list")
    page.get_by_role("link", name="Culture action plan").click()
    expect(page.get_by_role("table").first).to_contain_text(
        "Off track: Rooms are booked until spring."
    )
    expect(page.get_by_text("You said: Spaces to talk.")).to_be_visible()
    expect(page.get_by_text("More quiet spaces")).to_have_count(0)
    assert_accessible(page, context="public progress page")
