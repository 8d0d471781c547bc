"""An office adds and retires its own services, locations and contacts; an administrator
imports an HSDS file; other modules' pages link to directory entries. axe-core on each page."""

from __future__ import annotations

import json

from playwright.sync_api import expect

from belong.directory.hsds.export import export_document
from belong.directory.models import Contact, Location, Service
from tests.browser.conftest import assert_accessible
from tests.factories.directory import ServiceFactory, build_directory


def test_an_office_adds_and_retires_its_entries(world, page, live_server, sign_in) -> None:  # type: ignore[no-untyped-def]
    d = build_directory(world)
    sign_in(world.user("case_manager"))
    page.goto(live_server.url + "/directory/office/")
    page.get_by_role("link", name="Add a location").click()
    assert_accessible(page, context="new location")
    page.get_by_label("Name", exact=True).fill("Evening clinic")
    page.get_by_label("Tuesday").check()
    page.get_by_label("Opens at").fill("17:00")
    page.get_by_label("Closes at").fill("20:00")
    page.get_by_role("button", name="Save the location").click()
    expect(page.get_by_text("Saved the location Evening clinic.")).to_be_visible()
    page.get_by_role("link", name="Add a service").click()
    assert_accessible(page, context="new service")
    page.get_by_label("Organization").select_option(label=d["counselling"].name)
    page.get_by_label("Name", exact=True).fill("Grief support group")
    page.get_by_label("Topic").select_option("counselling")
    page.get_by_label("Evening clinic").check()
    page.get_by_role("button", name="Add the service").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Edit Grief support group")
    page.get_by_label("Name or role").fill("Group lead")
    page.get_by_label("Email").fill("grief@example.edu")
    page.get_by_role("button", name="Add the contact").click()
    expect(page.get_by_text("Added the contact Group lead.")).to_be_visible()
    assert_accessible(page, context="edit with contacts")
    page.get_by_role("button", name="Retire the contact Group lead").click()
    page.get_by_role("button", name="Retire this service").click()
    expect(
        page.get_by_text("Grief support group is now shown as no longer offered.")
    ).to_be_visible()
    service = Service.objects.get(name="Grief support group")
    assert service.status == "inactive"
    assert Contact.objects.get(name="Group lead").retired_at is not None
    assert list(service.locations.all()) == [Location.objects.get(name="Evening clinic")]


def test_an_administrator_imports_an_hsds_file(world, page, live_server, sign_in, tmp_path) -> None:  # type: ignore[no-untyped-def]
    build_directory(world)
    document = export_document()
    del document["services"][0]["name"]
    bad = tmp_path / "directory.json"
    bad.write_text(json.dumps(document))
    sign_in(world.user("administrator"))
    page.goto(live_server.url + "/directory/import/")
    assert_accessible(page, context="HSDS import")
    page.get_by_label("HSDS file").set_input_files(str(bad))
    page.get_by_label("Import it if every record is valid").check()
    page.get_by_role("button", name="Upload and check").click()
    expect(page.get_by_text("nothing in the directory changed")).to_be_visible()
    expect(page.get_by_role("cell", name="$.services[0]")).to_be_visible()
    assert_accessible(page, context="HSDS import problems")


def test_pages_of_other_modules_link_to_directory_entries(world, page, live_server) -> None:  # type: ignore[no-untyped-def]
    ombuds = ServiceFactory(name="Talk to the ombuds", topic="reporting")
    page.goto(live_server.url + "/concerns/")
    page.get_by_role("link", name=ombuds.name).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(ombuds.name)
    page.go_back()
    assert_accessible(page, context="concerns start with directory links")
