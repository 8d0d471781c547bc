"""docs/quickstart.md, followed in the browser on a database with no demo school: import
the team and the admissions files, invite the analyst and the dean, give their roles,
build "Is our pipeline fair?", publish it to leadership, and the dean reads it.

Only the quickstart's first section (the first account, from the server's command
line) happens outside the browser, as in the guide. The applicants here carry codes
the importer reads as they are; the shipped AMCAS-shaped examples (docs/examples/)
go through the value-mapping step of the import, tested with that step.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from django.core import mail
from playwright.sync_api import expect

from belong.access.actions import grant_role_from_console
from belong.equity import actions
from belong.people.models import Unit
from belong.publishing.models import Release
from tests.browser.conftest import assert_accessible

TEAM = Path(__file__).parents[2] / "docs" / "examples" / "team.csv"


@pytest.fixture(autouse=True)
def _upload_dir(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.BELONG_IMPORT_UPLOAD_DIR = tmp_path / "uploads"


def _files(tmp_path: Path) -> tuple[Path, Path]:
    """Applicants with their answers, and their stages: a gap in every cycle."""
    rng = random.Random(9)
    people = ["institutional_id,legal_given_name,legal_family_name,sex,race"]
    events = ["institutional_id,pipeline,stage,year,unit_code"]
    n = 0
    for year in range(2019, 2025):
        for race, sex, size, rate in (
            ("white", "female", 90, 0.4),
            ("white", "male", 80, 0.4),
            ("black", "female", 40, 0.26),
            ("black", "male", 40, 0.26),
            ("asian", "female", 30, 0.4),
            ("asian", "male", 30, 0.4),
        ):
            for _ in range(size):
                n += 1
                pid = f"AP{n:05d}"
                people.append(f"{pid},Applicant,{n},{sex},{race}")
                events.append(f"{pid},md_admissions,applied,{year},md")
                if rng.random() < rate:
                    events.append(f"{pid},md_admissions,interviewed,{year},md")
    applicants, stages = tmp_path / "applicants.csv", tmp_path / "stages.csv"
    applicants.write_text("\n".join(people) + "\n")
    stages.write_text("\n".join(events) + "\n")
    return applicants, stages


def _import_people(page, path: Path) -> None:  # type: ignore[no-untyped-def]
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Import people").click()
    page.get_by_label("The file").set_input_files(str(path))
    page.get_by_role("button", name="Upload and match the columns").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Match the columns")
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check passed: nothing written yet")
    page.get_by_role("button", name="Apply this import").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import applied")


def _invite(page, name: str) -> str:  # type: ignore[no-untyped-def]
    mail.outbox = []
    page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="People", exact=True
    ).click()
    page.get_by_label("Name, id or e-mail").fill(name.split()[-1])
    page.get_by_label("Account").select_option(label="No account")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name=name).click()
    page.get_by_role("link", name="Invite to Belong").click()
    page.get_by_role("button", name="Send the invitation").click()
    expect(page.get_by_role("status")).to_contain_text("Invitation sent to")
    (message,) = mail.outbox
    link = re.search(r"http://\S+/accounts/invitation/\S+/", message.body)
    assert link, message.body
    return link.group(0)


def _give_role(page, username: str, role: str) -> None:  # type: ignore[no-untyped-def]
    page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Roles", exact=True
    ).click()
    page.get_by_label("Find an account").fill(username)
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name=username).click()
    page.get_by_label("Role").select_option(label=role)
    page.get_by_role("button", name="Give role").click()
    expect(page.get_by_role("listitem").filter(has_text=role).first).to_be_visible()


def _accept(page, link: str, username: str) -> None:  # type: ignore[no-untyped-def]
    page.context.clear_cookies()
    page.goto(link)
    page.get_by_label(re.compile(r"^New password:?$")).fill("violet-harbour-lantern")
    page.get_by_label(re.compile(r"^New password confirmation:?$")).fill("violet-harbour-lantern")
    page.get_by_role("button", name="Save my password").click()
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("violet-harbour-lantern")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome")


def test_the_quickstart_from_files_to_a_release_the_dean_reads(
    world, page, live_server, sign_in, settings, tmp_path
) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.BELONG_SITE_URL = live_server.url
    settings.OIDC_ENABLED = False
    actions.ensure_defaults(by=None, record=False)
    # A fresh install's school unit (the units migration); the personas' world has "md".
    Unit.objects.get_or_create(code="school", defaults={"name": "School of Medicine"})
    admin = world.user("administrator")
    # Section 1 of the guide: `manage.py grant_role admin data_steward`.
    grant_role_from_console(user=admin, role="data_steward", unit=None)
    applicants, stages = _files(tmp_path)

    # 3. The people and their stages, as data steward.
    sign_in(admin)
    page.goto(live_server.url + "/")
    _import_people(page, TEAM)
    _import_people(page, applicants)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Stage events").click()
    page.get_by_label("CSV or Excel (.xlsx) file").set_input_files(str(stages))
    page.get_by_role("button", name="Check and import").click()
    expect(page.get_by_text(re.compile(r"[\d,]+ events imported from"))).to_be_visible()

    # 4. Accounts for the analyst and the dean, as administrator.
    analyst_link = _invite(page, "Luis Ortega")
    dean_link = _invite(page, "Amara Nwosu")
    _give_role(page, "E9000002", "Inclusion-office analyst")
    _give_role(page, "E9000001", "Leadership")

    # 5. The analyst builds "Is our pipeline fair?" in one click.
    _accept(page, analyst_link, "E9000002")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Build a release").click()
    expect(
        page.get_by_text("MD admissions and graduation: a release will publish.")
    ).to_be_visible()
    page.get_by_role("button", name="Is our pipeline fair?").click()
    page.get_by_role("button", name="Build and freeze").click()
    expect(page.get_by_role("status").first).to_contain_text("Built and frozen in")

    # 6. Published to leadership...
    page.get_by_role("link", name="Publish…").click()
    page.get_by_role("radio", name=re.compile(r"Leadership:")).check()
    page.get_by_role("button", name="Check and publish").click()
    expect(page.get_by_role("status").first).to_contain_text("Published to leadership")
    release = Release.objects.get()

    # ... and read by the dean, whose summary leads with the gap of every cycle.
    _accept(page, dean_link, "E9000001")
    expect(page.get_by_role("heading", name=release.title)).to_be_visible()
    page.get_by_role("link", name="Read the release").click()
    expect(page.get_by_text("No single year was conclusive").first).to_be_visible()
    expect(page.get_by_role("heading", name="All years together")).to_be_visible()
    assert_accessible(page, context="the quickstart's release, read by the dean")
