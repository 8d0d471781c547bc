"""A data steward imports an AMCAS-shaped file keyed by AAMC ID, stating its separator and
what a value of its own means; the mapping and value pages pass axe-core."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from belong.people.models import Person, SelfIdentification
from tests.browser.conftest import assert_accessible

ADMISSIONS = (
    "AAMC ID,Last Name,First Name,Legal Sex,Race/Ethnicity\n"
    '13000001,Okafor,Ada,X,"Hispanic, Latino, or of Spanish Origin|White"\n'
    "13000002,Tran,Bao,Decline to answer,Multiracial (write-in)\n"
)


@pytest.fixture(autouse=True)
def _upload_dir(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.BELONG_IMPORT_UPLOAD_DIR = tmp_path / "uploads"


def test_steward_keys_by_aamc_id_and_says_what_a_value_means(
    world, page, live_server, sign_in
) -> None:  # type: ignore[no-untyped-def]
    sign_in(world.user("data_steward"))
    page.goto(live_server.url + "/people/imports/")
    page.get_by_label("The file").set_input_files(
        files=[{"name": "amcas.csv", "mimeType": "text/csv", "buffer": ADMISSIONS.encode()}]
    )
    page.get_by_role("button", name="Upload and match the columns").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Match the columns")
    expect(page.locator("#id_col_0")).to_have_value("aamc_id")
    page.get_by_label("Each row names its person by").select_option(label="AAMC ID")
    page.get_by_label("Between two answers in one cell (optional)").fill("|")
    assert_accessible(page, context="mapping with key and separator")
    page.get_by_role("button", name="Check the file").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Say what the values mean")
    assert_accessible(page, context="values")
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_text("Choose what “Multiracial (write-in)” means.").first).to_be_visible()
    assert_accessible(page, context="values with errors")
    page.get_by_label(
        "“Multiracial (write-in)” in the column for race and ethnicity means"
    ).select_option(label="Not answered (no category)")
    page.get_by_role("button", name="Check the file").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Check passed: nothing written yet")
    page.get_by_role("button", name="Apply this import").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import applied")
    ada = Person.objects.get(identifiers__value="13000001")
    assert ada.institutional_id is None
    answers = SelfIdentification.objects.get(person=ada)
    assert answers.race == ["hispanic", "white"] and answers.sex == "x"
