"""Leadership reads the dashboard without drill-down; student affairs follows the
drill-down to the students not yet covered."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible
from tests.factories.wellbeing import build_wellbeing


def test_dashboard_for_leadership_and_student_affairs(world, page, live_server, sign_in) -> None:  # type: ignore[no-untyped-def]
    build_wellbeing(world)
    sign_in(world.user("leadership"))
    page.goto(live_server.url + "/")
    page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Student affairs dashboard"
    ).click()
    for section in (
        "REACH attendance",
        "Support requests",
        "Health coverage",
        "Well-being check-ins",
    ):
        expect(page.get_by_role("heading", name=section, exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Students not yet covered")).to_have_count(0)
    assert_accessible(page, context="dashboard as leadership")

    sign_in(world.user("student_affairs"))
    page.goto(live_server.url + "/wellbeing/dashboard/")
    page.get_by_role("link", name="Students not yet covered").click()
    expect(page.get_by_role("row", name=world.person("student").display_name)).to_contain_text(
        "Waiver submitted, awaiting review"
    )
    assert_accessible(page, context="students not yet covered")
