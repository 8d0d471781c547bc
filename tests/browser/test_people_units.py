"""A data steward adds and renames a unit in the browser; both pages pass axe-core."""

from __future__ import annotations

from playwright.sync_api import expect

from belong.access.models import AuditEvent
from belong.people.models import Unit
from tests.browser.conftest import assert_accessible


def test_steward_adds_and_renames_a_unit(world, page, live_server, sign_in) -> None:  # type: ignore[no-untyped-def]
    sign_in(world.user("data_steward"))
    page.goto(live_server.url + "/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Units").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Units")
    assert_accessible(page, context="units")

    page.get_by_role("button", name="Add the unit").click()
    expect(page.get_by_text("This field is required.").first).to_be_visible()
    assert_accessible(page, context="units with errors")

    page.get_by_label("Code").fill("peds")
    page.get_by_label("Name", exact=True).fill("Pediatrics")
    page.get_by_label("Kind").select_option(label="Department")
    page.get_by_label("Part of (optional)").select_option(label="School of Medicine")
    page.get_by_role("button", name="Add the unit").click()
    expect(page.get_by_role("status")).to_contain_text("Pediatrics (“peds”) is added.")

    page.get_by_role("link", name="Rename Pediatrics").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Rename Pediatrics")
    assert_accessible(page, context="rename")
    page.get_by_label("New name").fill("Department of Pediatrics")
    page.get_by_role("button", name="Rename").click()
    expect(page.get_by_role("status")).to_contain_text("now named Department of Pediatrics")

    unit = Unit.objects.get(code="peds")
    assert unit.name == "Department of Pediatrics" and unit.parent == world.school
    assert AuditEvent.objects.filter(verb="people.unit.added", target_id=str(unit.pk)).exists()
    assert AuditEvent.objects.filter(verb="people.unit.renamed", target_id=str(unit.pk)).exists()
