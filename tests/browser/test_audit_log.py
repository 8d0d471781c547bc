"""An administrator gives a role, then reads it in the audit log in words,
filters by a kind chosen from the list, and opens the catalogue of kinds."""

from __future__ import annotations

from playwright.sync_api import expect

from belong.access.roles import ROLES
from tests.browser.conftest import assert_accessible


def test_role_given_reads_in_words_and_filters_by_kind(world, page, live_server, sign_in) -> None:  # type: ignore[no-untyped-def]
    admin, student = world.user("administrator"), world.user("student")
    sign_in(admin)
    page.goto(f"{live_server.url}/access/roles/{student.pk}/")
    page.get_by_label("Role").select_option("analyst")
    page.get_by_role("button", name="Give role").click()
    expect(page.get_by_text(f"Role given to {student.get_username()}")).to_be_visible()

    page.goto(f"{live_server.url}/access/audit/")
    table = page.get_by_role("table", name="Events")
    words = f"Role given: {ROLES['analyst'].name} to {student.get_username()}"
    expect(table).to_contain_text(words)
    expect(table).not_to_contain_text("access.role.assigned")
    assert_accessible(page, context="audit log")

    page.get_by_label("Kind of event").select_option(label="Signed in")
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_role("table", name="Events")).not_to_contain_text(words)
    page.get_by_label("Kind of event").select_option(label="Role given")
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_role("table", name="Events")).to_contain_text(words)
    assert_accessible(page, context="audit log filtered by kind")

    page.get_by_role("link", name="What each kind of event means").click()
    expect(page.get_by_role("table", name="Access and audit")).to_contain_text(
        "An administrator (or the server's command line) gave an account a role."
    )
    assert_accessible(page, context="kinds of audit event")
