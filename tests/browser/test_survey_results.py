"""The inclusion office builds a closed survey's results, publishes them to leadership,
and the dean reads them: by group, and the two-page summary."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from belong.publishing.models import Release
from belong.surveys.actions.campaigns import close_campaign
from belong.surveys.actions.responding import submit
from tests.browser.conftest import assert_accessible
from tests.factories.surveys import campaign, full_answers, token_of


def test_build_publish_and_read_survey_results(world, page, live_server, sign_in) -> None:  # type: ignore[no-untyped-def]
    made = campaign(world, n=24)
    for i, invitation in enumerate(made.invitations.order_by("pk")):
        woman = invitation.snapshot.get("gender") == "woman"
        submit(
            token=token_of(invitation),
            answers=full_answers(
                belong_1="2" if woman else "5",
                voice_1=str(1 + i % 5),
                comment=f"Quiet rooms near ward {i}.",
            ),
        )
    close_campaign(by=world.user("analyst"), campaign=made)

    sign_in(world.user("analyst"))
    page.goto(live_server.url + f"/surveys/campaigns/{made.pk}/")
    page.get_by_role("link", name="Results").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Results of {made.title}")
    assert_accessible(page, context="survey results build page")
    page.get_by_role("button", name="Build the results").click()
    expect(page.get_by_text("The results are built as a draft release")).to_be_visible()
    expect(page.get_by_role("heading", name="Scale scores")).to_be_visible()
    assert_accessible(page, context="survey results release, before publishing")

    release = Release.objects.get(kind="surveys")
    page.goto(live_server.url + f"/releases/{release.pk}/publish/")
    page.get_by_role("radio", name=re.compile(r"^Leadership:")).check()
    page.get_by_role("button", name="Check and publish").click()
    expect(page.get_by_text("Published to leadership.", exact=True)).to_be_visible()

    page.context.clear_cookies()
    sign_in(world.user("leadership"))
    page.goto(live_server.url + f"/releases/{release.pk}/")
    expect(page.get_by_text("24 of 24 invited people answered")).to_be_visible()
    expect(page.get_by_role("heading", name="Comments")).to_be_visible()
    assert_accessible(page, context="survey results, everyone")
    page.get_by_label("Results by").select_option(label="Gender identity")
    page.get_by_role("button", name="Show", exact=True).click()
    expect(page.get_by_role("heading", name="Gaps by Gender identity")).to_be_visible()
    assert_accessible(page, context="survey results by gender")
    page.goto(live_server.url + f"/releases/{release.pk}/summary/")
    expect(page.get_by_text(re.compile(r"24 of 24 invited"))).to_be_visible()
    assert_accessible(page, context="survey results summary")
