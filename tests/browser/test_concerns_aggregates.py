"""The inclusion office builds concern aggregates, publishes them to leadership, and the
dean reads the accreditation summary, with zero axe-core violations on every page."""

from __future__ import annotations

import datetime
import re

from playwright.sync_api import expect

from belong.concerns.models import Case
from belong.publishing.models import Release
from tests.browser.conftest import assert_accessible
from tests.factories.concerns import named_case


def test_build_publish_and_read_concern_aggregates(world, page, live_server, sign_in) -> None:  # type: ignore[no-untyped-def]
    for i in range(6):
        case = named_case(world, categories=["humiliated"])
        Case.objects.filter(pk=case.pk).update(
            status=Case.Status.CLOSED,
            closed_on=case.concern.received_on + datetime.timedelta(days=i + 2),
        )
    named_case(world, categories=["physical_harm"], setting="site")

    sign_in(world.user("analyst"))
    page.goto(live_server.url + "/concerns/aggregates/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Concern aggregates")
    assert_accessible(page, context="concern aggregates build page")
    page.get_by_label("Smallest count shown").fill("1")
    page.get_by_role("button", name="Build the aggregates").click()
    expect(page.locator("#id_k_error")).to_contain_text("greater than or equal to 2")
    assert_accessible(page, context="concern aggregates build page with errors")
    page.get_by_label("Smallest count shown").fill("5")
    page.get_by_role("button", name="Build the aggregates").click()
    expect(page.get_by_text("The aggregates are built as a draft release")).to_be_visible()
    assert_accessible(page, context="concern aggregates release, before publishing")

    release = Release.objects.get(kind="concerns")
    page.goto(live_server.url + f"/releases/{release.pk}/publish/")
    page.get_by_role("radio", name=re.compile(r"^Leadership:")).check()
    page.get_by_role("button", name="Check and publish").click()
    expect(page.get_by_text("Published to leadership.", exact=True)).to_be_visible()

    page.context.clear_cookies()
    sign_in(world.user("leadership"))
    page.goto(live_server.url + f"/releases/{release.pk}/")
    expect(
        page.get_by_role("heading", name="Summary for accreditation self-study (LCME element 3.6)")
    ).to_be_visible()
    expect(page.get_by_role("heading", name="Time to resolution", exact=True)).to_be_visible()
    assert_accessible(page, context="concern aggregates, leadership")
    page.goto(live_server.url + f"/releases/{release.pk}/summary/")
    expect(page.get_by_text("7 reports received; 6 resolved.")).to_be_visible()
    assert_accessible(page, context="concern aggregates summary")
    page.goto(live_server.url + f"/releases/{release.pk}/report/")
    expect(page.get_by_role("heading", name="Accreditation self-study", exact=True)).to_be_visible()
    assert_accessible(page, context="concern aggregates report")
