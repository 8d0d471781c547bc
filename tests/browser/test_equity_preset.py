"""The "Is our pipeline fair?" preset in the browser: one click chooses it, the build page
says what would stop it, and the release shows every year and all years together."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from belong.publishing.models import Release
from tests.browser.conftest import assert_accessible
from tests.factories import equity as F


def test_one_click_chooses_the_preset_and_the_release_reads_all_years_together(
    world, page, live_server, sign_in
) -> None:
    F.load_school(0.04, pipelines=("md_admissions",))
    sign_in(world.user("analyst"))
    page.goto(live_server.url + "/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Build a release").click()
    expect(
        page.get_by_text("MD admissions and graduation: a release will publish.")
    ).to_be_visible()
    page.get_by_role("button", name="Is our pipeline fair?").click()
    expect(page.get_by_role("status").first).to_contain_text("Chosen: “Is our pipeline fair?”")
    expect(
        page.get_by_role("checkbox", name="Race and ethnicity (IPEDS nine categories) by sex")
    ).to_be_checked()
    assert_accessible(page, context="build form with the preset chosen")
    page.get_by_role("button", name="Build and freeze").click()

    expect(page.get_by_role("status").first).to_contain_text("Built and frozen in")
    expect(page.get_by_role("heading", name="All years together")).to_be_visible()
    expect(page.locator("caption", has_text="all years together").first).to_be_visible()
    assert_accessible(page, context="release with all years together")
    size = page.viewport_size
    page.set_viewport_size({"width": 375, "height": 900})
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"scrolls sideways by {overflow}px at 375px"
    page.set_viewport_size(size)

    page.get_by_role("link", name="Publish…").click()
    page.get_by_role("radio", name=re.compile(r"Leadership:")).check()
    page.get_by_role("button", name="Check and publish").click()
    expect(page.get_by_role("status").first).to_contain_text("Published to leadership")
    assert Release.objects.get().audience == "leadership"
