"""A data steward imports people in the browser: upload, map, check, apply."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from belong.access.models import AuditEvent
from belong.importing.models import ImportRun
from belong.people.models import Affiliation, Person, SelfIdentification
from tests.browser.conftest import assert_accessible

REGISTRAR_EXPORT = (
    "Employee ID,First Name,Last Name,Programme,Affiliation,Start Date,Class Year,Sex,Notes\n"
    "B100,Ada,Okafor,md,student,2024-07-01,2028,Female,transfer\n"
    "B101,Bo,Tran,md,student,2024-07-01,2028,Prefer not to answer,\n"
)


@pytest.fixture(autouse=True)
def _upload_dir(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.BELONG_IMPORT_UPLOAD_DIR = tmp_path / "uploads"


def _upload(page, content: str, name: str = "registrar.csv") -> None:  # type: ignore[no-untyped-def]
    page.get_by_label("The file").set_input_files(
        files=[{"name": name, "mimeType": "text/csv", "buffer": content.encode()}]
    )
    page.get_by_role("button", name="Upload and match the columns").click()


def test_steward_imports_a_file(world, page, live_server, sign_in) -> None:  # type: ignore[no-untyped-def]
    sign_in(world.user("data_steward"))
    page.goto(live_server.url + "/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Import people").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import people")
    _upload(page, REGISTRAR_EXPORT)

    expect(page.get_by_role("heading", level=1)).to_have_text("Match the columns")
    assert_accessible(page, context="mapping")
    # "Programme" is not a header Belong recognises: choose its field by hand.
    programme = page.get_by_label("Programme", exact=True)
    expect(programme).to_have_value("")
    expect(page.get_by_label("Employee ID")).to_have_value("institutional_id")
    programme.select_option(label="Unit code")
    page.get_by_label("Save this mapping as (optional)").fill("Registrar export")
    page.get_by_role("button", name="Check the file").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Check passed: nothing written yet")
    expect(page.get_by_text("Applying would add 2 people, update 0")).to_be_visible()
    expect(page.get_by_text("Not imported (no field chosen): “Notes”.")).to_be_visible()
    assert_accessible(page, context="dry-run report")
    assert not Person.objects.filter(institutional_id="B100").exists()

    page.get_by_role("button", name="Apply this import").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import applied")
    expect(page.get_by_role("status")).to_contain_text("The import is applied.")
    assert_accessible(page, context="result")

    ada = Person.objects.get(institutional_id="B100")
    assert Affiliation.objects.get(person=ada).unit.code == "md"
    assert SelfIdentification.objects.get(person=ada).sex == "female"
    assert list(ImportRun.objects.order_by("at").values_list("outcome", flat=True)) == [
        "dry_run",
        "applied",
    ]
    assert AuditEvent.objects.filter(verb__startswith="people.import.").count() == 2

    page.get_by_role("link", name="Every import so far").click()
    expect(page.get_by_role("table", name=re.compile("Imports"))).to_contain_text("registrar.csv")


def test_problems_are_listed_and_nothing_is_written(world, page, live_server, sign_in) -> None:  # type: ignore[no-untyped-def]
    sign_in(world.user("data_steward"))
    page.goto(live_server.url + "/people/imports/")
    bad = (
        REGISTRAR_EXPORT.replace("Programme", "Dept").replace(
            "B101,Bo,Tran,md", "B101,Bo,Tran,cardiology"
        )
        + "B100,Ada,Again,md,student,01/07/2024,2028,Dragon,\n"
    )
    _upload(page, bad)
    page.get_by_role("button", name="Check the file").click()
    # "Dragon" is a value Belong does not know: the value step offers to give it a meaning.
    expect(page.get_by_role("heading", level=1)).to_have_text("Say what the values mean")
    page.get_by_role("button", name="Check without these meanings").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Problems found: nothing written")
    summary = page.locator("#error-summary")
    expect(summary).to_contain_text("4 problems to fix")
    problems = page.get_by_role("table", name=re.compile(r"^Problems \("))
    expect(problems).to_contain_text("No unit has the code or name “cardiology”.")
    expect(problems).to_contain_text("“B100” is also on row 2")
    expect(problems).to_contain_text("is ambiguous")
    expect(problems).to_contain_text("This cell is not a known answer to sex")
    expect(page.get_by_text("Dragon")).to_have_count(0)  # never in the report
    expect(page.get_by_role("button", name="Apply this import")).to_have_count(0)
    summary.get_by_role("link").first.click()
    expect(page).to_have_url(re.compile(r"#problems$"))
    assert_accessible(page, context="report with problems")
    assert not Person.objects.filter(institutional_id__in=["B100", "B101"]).exists()


def test_a_large_file_is_checked_on_the_worker_with_its_progress_shown(
    world, page, live_server, sign_in, settings
) -> None:  # type: ignore[no-untyped-def]
    """The page counts the rows the worker has done, then shows the report by itself."""
    from belong.importing import background, progress
    from belong.people.importing.importer import PATH

    settings.BELONG_IMPORT_INLINE_MAX_BYTES = 100
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    sign_in(world.user("data_steward"))
    page.goto(live_server.url + "/people/imports/")
    _upload(page, REGISTRAR_EXPORT.replace("Programme", "Dept"))
    page.get_by_role("button", name="Check the file").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Checking every row")
    expect(page.get_by_text("Waiting for the task worker to start this run.")).to_be_visible()
    run = ImportRun.objects.get()
    ImportRun.objects.filter(pk=run.pk).update(status=ImportRun.Status.RUNNING)
    progress.Writer(run.pk)("Checking", 1, 2)
    bar = page.get_by_role("progressbar", name="Checking: rows done")
    expect(bar).to_have_attribute("value", "1")
    expect(page.locator("#import-progress")).to_contain_text("Checking: 1 of 2 rows (50%)")
    assert_accessible(page, context="progress")

    ImportRun.objects.filter(pk=run.pk).update(status=ImportRun.Status.QUEUED)
    assert background.execute(run.pk, PATH) == ImportRun.Outcome.DRY_RUN
    expect(page.get_by_role("heading", level=1)).to_have_text("Check passed: nothing written yet")
    expect(page.get_by_role("button", name="Apply this import")).to_be_visible()
    assert not Person.objects.filter(institutional_id="B100").exists()
