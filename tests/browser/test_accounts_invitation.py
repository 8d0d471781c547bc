"""An administrator invites a person from the directory; the person opens the
link from the e-mail, chooses a password and signs in."""

from __future__ import annotations

import datetime
import re

from django.core import mail
from playwright.sync_api import expect

from belong.access.models import AuditEvent
from belong.people.models import Affiliation
from tests.browser.conftest import assert_accessible
from tests.factories.people import AffiliationFactory, PersonFactory


def test_invite_open_the_link_choose_a_password_and_sign_in(
    world, page, live_server, sign_in, settings
) -> None:  # type: ignore[no-untyped-def]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.BELONG_SITE_URL = live_server.url
    settings.OIDC_ENABLED = False
    newcomer = PersonFactory(
        institutional_id="S4242",
        legal_given_name="Imani",
        legal_family_name="Okonkwo",
        email="imani.okonkwo@example.edu",
    )
    AffiliationFactory(
        person=newcomer,
        kind=Affiliation.Kind.STAFF,
        unit=world.medicine,
        start_date=datetime.date(2024, 1, 8),
    )
    mail.outbox = []

    sign_in(world.user("administrator"))
    page.goto(live_server.url + "/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="People").click()
    page.get_by_label("Account").select_option(label="No account")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name="Imani Okonkwo").click()
    expect(page.get_by_text("No account yet")).to_be_visible()
    page.get_by_role("link", name="Invite to Belong").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Invite Imani Okonkwo to Belong")
    assert_accessible(page, context="invite page")
    page.get_by_role("button", name="Send the invitation").click()
    expect(page.get_by_role("status")).to_contain_text(
        "Invitation sent to imani.okonkwo@example.edu."
    )
    expect(page.get_by_text("Invited; not yet accepted")).to_be_visible()
    assert_accessible(page, context="person page after the invitation")

    (message,) = mail.outbox
    assert message.to == ["imani.okonkwo@example.edu"]
    link = re.search(r"http://\S+/accounts/invitation/\S+/", message.body)
    assert link, message.body

    page.context.clear_cookies()
    page.goto(link.group(0))
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome to Belong")
    expect(page).to_have_url(re.compile(r"/set-password/$"))
    assert_accessible(page, context="choose a password")
    page.get_by_label(re.compile(r"^New password:?$")).fill("violet-harbour-lantern")
    page.get_by_label(re.compile(r"^New password confirmation:?$")).fill("violet-harbour-lantern")
    page.get_by_role("button", name="Save my password").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to Belong")
    expect(page.get_by_role("status")).to_contain_text("Sign in with your username, S4242.")
    assert_accessible(page, context="sign-in after choosing a password")
    page.get_by_label("Username").fill("S4242")
    page.get_by_label("Password").fill("violet-harbour-lantern")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome")
    expect(page.get_by_text("Signed in as Imani Okonkwo")).to_be_visible()

    # The link worked once.
    page.context.clear_cookies()
    page.goto(link.group(0))
    expect(page.get_by_role("alert")).to_contain_text("already been used")
    assert_accessible(page, context="used invitation link")
    verbs = set(AuditEvent.objects.values_list("verb", flat=True))
    assert {"people.invitation.sent", "people.invitation.accepted", "access.signed_in"} <= verbs
