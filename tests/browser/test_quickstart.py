"""docs/quickstart.md, followed in the browser on a fresh database with the shipped example
files: the team, the AMCAS admissions file keyed by AAMC ID, the registrar's file keyed by
EMPLID and matched on AAMC ID, the stage events; invitations and roles; "Is our pipeline
fair?" built, published to leadership, and read by the dean, who sees the planted offer gap
significant across the cycles taken together. Every page visited passes axe-core.

Only the guide's first section (``migrate``, ``createsuperuser``, ``grant_role``) happens
outside the browser, as in the guide; it is done here the way those commands do it.
"""

from __future__ import annotations

import csv
import importlib
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core import mail
from playwright.sync_api import expect

from belong.access.actions import grant_role_from_console
from belong.equity import actions
from belong.people.models import Person
from belong.publishing.models import Release
from tests.browser.conftest import assert_accessible

EXAMPLES = Path(__file__).parents[2] / "docs" / "examples"
TEAM = EXAMPLES / "team.csv"
APPLICANTS = EXAMPLES / "amcas-applicants.csv"
REGISTRAR = EXAMPLES / "registrar-students.csv"
STAGES = EXAMPLES / "amcas-stages.csv"
PASSWORD = "violet-harbour-lantern"


@pytest.fixture(autouse=True)
def _upload_dir(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.BELONG_IMPORT_UPLOAD_DIR = tmp_path / "uploads"


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _fresh_school() -> object:
    """What section 1 of the guide leaves: ``migrate`` (the first units, the shipped
    pipelines) and ``createsuperuser`` with ``grant_role`` administrator and data steward."""
    first_units = importlib.import_module("belong.people.migrations.0005_school_and_md_program")
    first_units.add_first_units(apps, None)
    actions.ensure_defaults(by=None, record=False)
    # The test database was flushed by earlier browser tests, and the flush's
    # post_migrate made the shipped pipelines before the units came back: link
    # MD admissions to its program as the equity migration does on such an install.
    programs = importlib.import_module("belong.equity.migrations.0005_pipeline_program")
    programs.md_admissions_belongs_to_md(apps, None)
    admin = get_user_model().objects.create_superuser("admin", password=PASSWORD)
    grant_role_from_console(user=admin, role="administrator", unit=None)
    grant_role_from_console(user=admin, role="data_steward", unit=None)
    return admin


def _main_link(page, name: str) -> None:  # type: ignore[no-untyped-def]
    page.get_by_role("navigation", name="Main").get_by_role("link", name=name, exact=True).click()


def _sign_in(page, username: str) -> None:  # type: ignore[no-untyped-def]
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome")
    assert_accessible(page, context=f"home page of {username}")


def _upload(page, path: Path) -> None:  # type: ignore[no-untyped-def]
    _main_link(page, "Import people")
    assert_accessible(page, context="import people")
    page.get_by_label("The file").set_input_files(str(path))
    page.get_by_role("button", name="Upload and match the columns").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Match the columns")


def _check_and_apply(page, context: str) -> str:  # type: ignore[no-untyped-def]
    expect(page.get_by_role("heading", level=1)).to_have_text("Check passed: nothing written yet")
    report = page.locator("main").inner_text()
    assert_accessible(page, context=f"check of {context}")
    page.get_by_role("button", name="Apply this import").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import applied")
    assert_accessible(page, context=f"{context} applied")
    return report


def _invite(page, name: str) -> str:  # type: ignore[no-untyped-def]
    mail.outbox = []
    _main_link(page, "People")
    page.get_by_label("Name, id or e-mail").fill(name.split()[-1])
    page.get_by_label("Account").select_option(label="No account")
    page.get_by_role("button", name="Search").click()
    assert_accessible(page, context=f"people, searching for {name}")
    page.get_by_role("link", name=name).click()
    assert_accessible(page, context=f"{name}'s record")
    page.get_by_role("link", name="Invite to Belong").click()
    assert_accessible(page, context=f"inviting {name}")
    page.get_by_role("button", name="Send the invitation").click()
    expect(page.get_by_role("status")).to_contain_text("Invitation sent to")
    (message,) = mail.outbox
    link = re.search(r"http://\S+/accounts/invitation/\S+/", message.body)
    assert link, message.body
    return link.group(0)


def _give_role(page, username: str, role: str) -> None:  # type: ignore[no-untyped-def]
    _main_link(page, "Roles")
    page.get_by_label("Find an account").fill(username)
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name=username).click()
    page.get_by_label("Role").select_option(label=role)
    page.get_by_role("button", name="Give role").click()
    expect(page.get_by_role("listitem").filter(has_text=role).first).to_be_visible()
    assert_accessible(page, context=f"roles of {username}")


def _accept(page, link: str, username: str) -> None:  # type: ignore[no-untyped-def]
    page.context.clear_cookies()
    page.goto(link)
    assert_accessible(page, context=f"invitation of {username}")
    page.get_by_label(re.compile(r"^New password:?$")).fill(PASSWORD)
    page.get_by_label(re.compile(r"^New password confirmation:?$")).fill(PASSWORD)
    page.get_by_role("button", name="Save my password").click()
    assert_accessible(page, context="sign-in page after the invitation")
    _sign_in(page, username)


def test_the_quickstart_from_the_example_files_to_a_release_the_dean_reads(
    page, live_server, settings
) -> None:  # type: ignore[no-untyped-def]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.BELONG_SITE_URL = live_server.url
    settings.OIDC_ENABLED = False
    _fresh_school()
    applicants = {row["AAMC ID"] for row in _rows(APPLICANTS)}
    students = _rows(REGISTRAR)
    assert {row["AAMC_ID"] for row in students} <= applicants

    # 2. Sign in as admin; the units of a fresh school.
    page.goto(live_server.url + "/")
    assert_accessible(page, context="sign-in page")
    _sign_in(page, "admin")
    _main_link(page, "Units")
    expect(page.get_by_role("cell", name="school", exact=True)).to_be_visible()
    expect(page.get_by_role("cell", name="md", exact=True)).to_be_visible()
    assert_accessible(page, context="units")

    # 3. The people: the team, as it comes.
    _upload(page, TEAM)
    assert_accessible(page, context="mapping of team.csv")
    page.get_by_role("button", name="Check the file").click()
    _check_and_apply(page, "team.csv")

    # The applicants: keyed by AAMC ID, answers separated by |, the mapping saved.
    _upload(page, APPLICANTS)
    expect(page.locator("#id_col_0")).to_have_value("aamc_id")
    page.get_by_label("Each row names its person by").select_option(label="AAMC ID")
    page.get_by_label("Between two answers in one cell (optional)").fill("|")
    page.get_by_label("Save this mapping as (optional)").fill("AMCAS applicants")
    assert_accessible(page, context="mapping of amcas-applicants.csv")
    page.get_by_role("button", name="Check the file").click()
    _check_and_apply(page, "amcas-applicants.csv")
    assert Person.objects.count() == 2 + len(applicants)

    # The registrar's students: keyed by EMPLID, found on record by their AAMC ID.
    _upload(page, REGISTRAR)
    page.get_by_label("Each row names its person by").select_option(label="Institutional id")
    page.get_by_role("checkbox", name="AAMC ID").check()
    assert_accessible(page, context="mapping of registrar-students.csv")
    page.get_by_role("button", name="Check the file").click()
    report = _check_and_apply(page, "registrar-students.csv")
    assert f"Applying would add 0 people, update {len(students)} and leave" in report, report
    assert Person.objects.count() == 2 + len(applicants), "the registrar's file duplicated people"
    emplids = {row["EMPLID"] for row in students}
    assert (
        set(
            Person.objects.filter(identifiers__value__in=applicants)
            .exclude(institutional_id=None)
            .values_list("institutional_id", flat=True)
        )
        == emplids
    )

    # The stage events, keyed by AAMC ID: checked first, then imported.
    _main_link(page, "Stage events")
    assert_accessible(page, context="stage events")
    for button in ("Check only", "Check and import"):
        page.get_by_label("CSV or Excel (.xlsx) file").set_input_files(str(STAGES))
        page.get_by_label("Each row names its person by").select_option(label="AAMC ID")
        page.get_by_role("button", name=button).click()
        assert_accessible(page, context=f"stage events: {button}")
    expect(page.get_by_text(re.compile(r"[\d,]+ events imported from"))).to_be_visible()

    # 4. Accounts for the analyst and the dean, as administrator.
    analyst_link = _invite(page, "Luis Ortega")
    dean_link = _invite(page, "Amara Nwosu")
    _give_role(page, "E9000002", "Inclusion-office analyst")
    _give_role(page, "E9000001", "Leadership")

    # 5. The analyst builds "Is our pipeline fair?" in one click.
    _accept(page, analyst_link, "E9000002")
    _main_link(page, "Build a release")
    expect(
        page.get_by_text("MD admissions and graduation: a release will publish.")
    ).to_be_visible()
    assert_accessible(page, context="build a release")
    page.get_by_role("button", name="Is our pipeline fair?").click()
    assert_accessible(page, context="build a release, the preset chosen")
    page.get_by_role("button", name="Build and freeze").click()
    expect(page.get_by_role("status").first).to_contain_text("Built and frozen in")
    assert_accessible(page, context="the draft release")

    # 6. Published to leadership...
    page.get_by_role("link", name="Publish…").click()
    assert_accessible(page, context="publish")
    page.get_by_role("radio", name=re.compile(r"Leadership:")).check()
    page.get_by_role("button", name="Check and publish").click()
    expect(page.get_by_role("status").first).to_contain_text("Published to leadership")
    assert_accessible(page, context="published")
    release = Release.objects.get()

    # ... and read by the dean: the offer gap, significant with the cycles taken together,
    # leads the home page's card and the release's findings.
    gap = re.compile(
        r"Across 2020–2024 taken together, Black or African American applicants who "
        r"were interviewed were offered places less often than other applicants who were "
        r"interviewed \(.* unlikely to be chance\)\. No single year was conclusive"
    )
    _accept(page, dean_link, "E9000001")
    expect(page.get_by_role("heading", name=release.title)).to_be_visible()
    expect(page.get_by_text(gap).first).to_be_visible()
    page.get_by_role("link", name="Read the release").click()
    findings = page.get_by_role("region", name="What the release finds")
    expect(findings.get_by_role("listitem").first).to_contain_text(gap)
    expect(page.get_by_role("heading", name="All years together").first).to_be_visible()
    assert_accessible(page, context="the quickstart's release, read by the dean")
