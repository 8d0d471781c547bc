"""The inclusion office builds and sends a survey; a student answers it on a phone,
saving progress half-way; the link then works no more; the office sees a count."""

from __future__ import annotations

import re

from django.core import mail
from playwright.sync_api import expect

from belong.surveys import tasks
from belong.surveys.actions.instruments import install_standard
from belong.surveys.models import Campaign, Participation
from tests.browser.conftest import assert_accessible
from tests.factories.surveys import students


def test_build_send_answer_on_a_phone_and_count(world, page, live_server, sign_in) -> None:  # type: ignore[no-untyped-def]
    install_standard()
    students(world, 6, genders=("woman", "man"))
    sign_in(world.user("analyst"))
    page.goto(live_server.url + "/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Surveys").click()
    assert_accessible(page, context="surveys home")
    page.get_by_role("link", name="New campaign").click()
    page.get_by_label("Title").fill("Climate survey")
    page.get_by_label("Instrument version").select_option(
        label="Learning environment and belonging, version 1"
    )
    page.get_by_label("Gender identity").check()
    page.get_by_label("Student", exact=True).check()
    page.get_by_label("Only this class year").fill("2028")
    page.get_by_label("Opens on").fill("2026-10-14")
    page.get_by_label("Closes on").fill("2026-11-04")
    page.get_by_label("Fewest responses a result may show").fill("3")
    page.get_by_role("button", name="Save as a draft").click()
    expect(page.get_by_role("alert")).to_contain_text("at least 5")
    assert_accessible(page, context="campaign form with errors")
    page.get_by_label("Fewest responses a result may show").fill("5")
    page.get_by_role("button", name="Save as a draft").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Climate survey")
    page.get_by_role("button", name="Open and send invitations").click()
    expect(page.get_by_role("status")).to_contain_text("invitations are being sent")
    expect(page.get_by_text("0 of 6")).to_be_visible()
    assert_accessible(page, context="open campaign")

    campaign = Campaign.objects.get()
    assert tasks.send_invitations.call(campaign.pk) == 6
    link = re.search(r"(/surveys/answer/\S+/)", mail.outbox[0].body)
    assert link is not None

    page.context.clear_cookies()
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(live_server.url + link.group(1))
    before = page.get_by_role("region", name="Before you answer")
    expect(before).to_contain_text("Anonymous")
    expect(before).to_contain_text("fewer than 5 responses")
    expect(before).to_contain_text("Gender identity")
    assert_accessible(page, context="survey form on a phone")
    page.get_by_role("group", name="I feel that I belong at this school.").get_by_label(
        "Agree", exact=True
    ).check()
    page.get_by_label("What one change").fill("Quiet rooms near the wards.")
    page.get_by_role("button", name="Save and finish later").click()
    expect(page.get_by_role("status")).to_contain_text("saved")

    page.goto(live_server.url + link.group(1))
    expect(page.get_by_label("What one change")).to_have_value("Quiet rooms near the wards.")
    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("your answers are sent")
    assert_accessible(page, context="thank-you page")
    assert Participation.objects.count() == 1

    page.goto(live_server.url + link.group(1))
    expect(page.get_by_role("alert")).to_contain_text("already been used")
    assert_accessible(page, context="used link")


def _dictionary(*extra: str) -> bytes:
    from belong.surveys.redcap import HEADERS

    head = ",".join(f'"{h}"' for h in HEADERS)
    rows = [
        'q1,climate,,radio,"I <b>belong</b> here","1, No | 2, Yes",,,,,,,y,,,,,',
        'mood,climate,,slider,Mood,"Low | | High",,,,,,,,,,,,',
        *extra,
    ]
    return ("\n".join([head, *rows]) + "\n").encode()


def test_import_a_redcap_dictionary_with_its_report(world, page, live_server, sign_in) -> None:  # type: ignore[no-untyped-def]
    sign_in(world.user("analyst"))
    page.goto(live_server.url + "/surveys/instruments/import/")
    page.get_by_label("Instrument code").fill("climate")
    page.get_by_label("Instrument title").fill("Climate (REDCap)")
    bad = _dictionary("where,climate,,geolocation,Where?,,,,,,,,,,,,,")
    page.get_by_label("REDCap data dictionary (CSV)").set_input_files(
        files=[{"name": "dd.csv", "mimeType": "text/csv", "buffer": bad}]
    )
    page.get_by_label("Import it if nothing is wrong").check()
    page.get_by_role("button", name="Check the dictionary").click()
    report = page.get_by_role("region", name="Nothing was imported")
    expect(report).to_contain_text("Row 4, Field Type")
    expect(report).to_contain_text("geolocation")
    expect(report).to_contain_text("slider field cannot be carried over")
    assert_accessible(page, context="REDCap import report")

    page.get_by_label("REDCap data dictionary (CSV)").set_input_files(
        files=[{"name": "dd.csv", "mimeType": "text/csv", "buffer": _dictionary()}]
    )
    page.get_by_label("Import it if nothing is wrong").check()
    page.get_by_role("button", name="Check the dictionary").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Climate (REDCap), version 1")
    expect(page.get_by_role("cell", name="I belong here")).to_be_visible()
    assert_accessible(page, context="imported instrument")
