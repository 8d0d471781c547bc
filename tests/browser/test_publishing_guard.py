"""The guard over everything an audience has seen, in the browser: a release that
conflicts with two earlier ones is refused with the risk in plain words, the analyst
resolves it with one button, and the fixed release is published."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from belong.publishing.audiences import Audience
from belong.publishing.models import Release
from tests.browser.conftest import assert_accessible
from tests.factories import equity as F

UNITS = ("medicine", "pediatrics", "surgery")


def test_a_conflicting_release_is_explained_resolved_and_published(
    world, page, live_server, sign_in
) -> None:
    F.load_school(0.4, pipelines=("residents",))
    analyst = world.user("analyst")
    for units in (UNITS[:2], UNITS[1:]):
        F.published(
            analyst,
            Audience.LEADERSHIP,
            code="residents",
            groupings=("sex",),
            benchmark=False,
            units=list(units),
        )
    third = F.build(
        analyst,
        code="residents",
        groupings=("sex",),
        benchmark=False,
        units=[UNITS[0], UNITS[2]],
        title="Residents in medicine and surgery",
    )
    sign_in(analyst)
    page.goto(live_server.url + f"/releases/{third.pk}/publish/")
    page.get_by_role("radio", name=re.compile(r"All faculty and staff:")).check()
    page.get_by_role("button", name="Check and publish").click()

    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Not published")
    expect(alert).to_contain_text("and this release together give the number of people in")
    expect(alert).to_contain_text("fewer than 10")
    expect(alert.get_by_role("heading", name=re.compile(r"The fix: hide"))).to_be_visible()
    assert_accessible(page, context="publication refused with a fix")

    page.get_by_role("button", name="Hide these figures and publish").click()

    expect(
        page.get_by_text(re.compile(r"Published to all faculty and staff, with the cells"))
    ).to_be_visible()
    fixed = Release.objects.exclude(pk=third.pk).order_by("-pk").first()
    assert fixed is not None and fixed.status == Release.Status.PUBLISHED
    assert fixed.audience == Audience.STAFF and fixed.suppression["hidden_by_guard"]
    assert page.url.endswith(f"/releases/{fixed.pk}/")
    assert_accessible(page, context="the resolved release, published")
    third.refresh_from_db()
    assert third.status == Release.Status.FROZEN
