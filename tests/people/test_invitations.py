"""Inviting a person from the directory: the e-mail, the one-time link, its expiry,
every refusal with its reason, and the audit trail."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone

from belong.access.models import AuditEvent, User
from belong.people import actions
from belong.people.invitations import LinkState, Standing, invitation_tokens, standing_of
from belong.people.models import Invitation
from tests.factories.people import PersonFactory

pytestmark = pytest.mark.django_db
BASE = "https://belong.example.edu"
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
LINK = re.compile(r"https://belong\.example\.edu(/accounts/invitation/[^/\s]+/[^/\s]+/)")


@pytest.fixture(autouse=True)
def _mail_and_tasks_now(settings):  # type: ignore[no-untyped-def]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.TASKS = IMMEDIATE
    settings.OIDC_ENABLED = False


@pytest.fixture
def newcomer(world):  # type: ignore[no-untyped-def]
    return PersonFactory(institutional_id="E7001", email="noor.haddad@example.edu", user=None)


@pytest.fixture
def invite(world, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    def send(person, method=Invitation.Method.PASSWORD, by=None):  # type: ignore[no-untyped-def]
        try:
            with django_capture_on_commit_callbacks(execute=True):
                return actions.invite_person(
                    by=by or world.user("administrator"),
                    person=person,
                    method=method,
                    base_url=BASE,
                )
        finally:
            person.refresh_from_db()

    return send


def _link(message) -> str:  # type: ignore[no-untyped-def]
    found = LINK.search(message.body)
    assert found, message.body
    return found.group(1)


def _choose_password(client, path: str, password: str = "a-brand-new-passphrase"):  # type: ignore[no-untyped-def]
    opened = client.get(path)
    # Django moves the token into the session and out of the address bar.
    assert opened.status_code == 302 and opened["Location"].endswith("/set-password/")
    form = client.get(opened["Location"])
    assert form.status_code == 200 and "Save my password" in form.content.decode()
    response = client.post(
        opened["Location"], {"new_password1": password, "new_password2": password}
    )
    return response


def test_invitation_makes_an_account_and_mails_a_one_time_link(
    world, client, newcomer, invite
) -> None:  # type: ignore[no-untyped-def]
    invitation = invite(newcomer)
    newcomer.refresh_from_db()
    account = newcomer.user
    assert account is not None and account.username == "E7001"
    assert account.email == "noor.haddad@example.edu" and not account.has_usable_password()
    assert invitation.account == account and invitation.email == newcomer.email
    assert invitation.expires_at - invitation.invited_at == timedelta(days=7)
    (message,) = mail.outbox
    assert message.to == ["noor.haddad@example.edu"]
    assert message.subject == "You are invited to Belong"
    assert "Your username is E7001." in message.body
    sent = AuditEvent.objects.get(verb="people.invitation.sent")
    assert sent.actor_id == world.user("administrator").pk
    assert sent.target_id == str(newcomer.pk) and sent.detail["method"] == "password"
    assert standing_of(newcomer).standing is Standing.INVITED

    path = _link(message)
    done = _choose_password(client, path)
    assert done.status_code == 302 and done["Location"] == "/accounts/login/"
    account.refresh_from_db()
    assert account.check_password("a-brand-new-passphrase")
    accepted = AuditEvent.objects.get(verb="people.invitation.accepted")
    assert accepted.actor_id == account.pk and accepted.target_id == str(newcomer.pk)
    assert standing_of(newcomer).standing is Standing.ACTIVE
    # The secret never reaches the audit log.
    token = path.rstrip("/").rsplit("/", 1)[1]
    assert not any(token in str(e.detail) for e in AuditEvent.objects.all())

    again = client.get(path, follow=True).content.decode()
    assert "already been used" in again and "Save my password" not in again
    assert client.login(username="E7001", password="a-brand-new-passphrase")


def test_a_weak_password_is_refused_and_the_link_still_works(client, newcomer, invite) -> None:  # type: ignore[no-untyped-def]
    invite(newcomer)
    response = _choose_password(client, _link(mail.outbox[0]), password="password")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Nothing was saved" in page and "too common" in page
    newcomer.refresh_from_db()
    assert not newcomer.user.has_usable_password()
    assert not AuditEvent.objects.filter(verb="people.invitation.accepted").exists()


def test_link_expires_after_the_configured_days(client, newcomer, invite) -> None:  # type: ignore[no-untyped-def]
    invite(newcomer)
    path = _link(mail.outbox[0])
    with time_machine.travel(timezone.now() + timedelta(days=7, minutes=1), tick=False):
        page = client.get(path, follow=True).content.decode()
        assert "This invitation has expired" in page and "Save my password" not in page
        assert standing_of(newcomer).standing is Standing.EXPIRED
    with time_machine.travel(timezone.now() + timedelta(days=6, hours=23), tick=False):
        assert _choose_password(client, path).status_code == 302


def test_a_new_invitation_voids_the_older_link(client, newcomer, invite) -> None:  # type: ignore[no-untyped-def]
    invite(newcomer)
    invite(newcomer)
    first, second = (_link(m) for m in mail.outbox)
    assert first != second
    page = client.get(first, follow=True).content.decode()
    assert "replaced by a newer invitation" in page
    assert _choose_password(client, second).status_code == 302
    assert AuditEvent.objects.filter(verb="people.invitation.sent").latest("seq").detail["again"]


def test_deactivating_the_account_voids_the_link(world, client, newcomer, invite) -> None:  # type: ignore[no-untyped-def]
    from belong.access.actions import deactivate_account

    invite(newcomer)
    newcomer.refresh_from_db()
    deactivate_account(by=world.user("administrator"), user=newcomer.user)
    page = client.get(_link(mail.outbox[0]), follow=True).content.decode()
    assert "This account has been deactivated" in page


def test_link_state_tells_why_a_token_fails(newcomer, invite) -> None:  # type: ignore[no-untyped-def]
    invitation = invite(newcomer)
    token = invitation_tokens.token_for(invitation)
    account = invitation.account
    assert invitation_tokens.state(account, token) is LinkState.VALID
    assert invitation_tokens.state(account, token[:-1] + "x") is LinkState.INVALID
    assert invitation_tokens.state(account, "junk") is LinkState.INVALID
    assert invitation_tokens.state(None, token) is LinkState.INVALID
    # A password-reset token is not an invitation token, nor the reverse.
    from django.contrib.auth.tokens import default_token_generator

    assert not default_token_generator.check_token(account, token)
    assert invitation_tokens.state(account, default_token_generator.make_token(account)) is (
        LinkState.INVALID
    )


def _nothing_changed(before_users: int) -> None:
    assert User.objects.count() == before_users
    assert not Invitation.objects.exists()
    assert not AuditEvent.objects.filter(verb="people.invitation.sent").exists()
    assert not mail.outbox


@pytest.mark.parametrize(
    ("arrange", "message"),
    [
        (lambda w, p: setattr(p, "email", ""), "has no e-mail address in the school's records"),
        (
            lambda w, p: PersonFactory(email="NOOR.HADDAD@example.edu"),
            "Another person in the records has the address",
        ),
        (
            lambda w, p: setattr(
                p, "user", User.objects.create_user("nh", password="pw-123456789")
            ),
            "already has an account",
        ),
        (
            lambda w, p: setattr(p, "user", User.objects.create_user("nh", is_active=False)),
            "deactivated: reactivate it instead",
        ),
        (
            lambda w, p: User.objects.create_user("e7001"),
            "An account named E7001 already exists",
        ),
        (
            lambda w, p: User.objects.create_user("other", email="noor.haddad@example.edu"),
            "An account with the address noor.haddad@example.edu already exists",
        ),
    ],
    ids=["no-email", "shared-email", "has-account", "deactivated", "username-taken", "email-taken"],
)
def test_refusals_say_why_and_change_nothing(world, newcomer, invite, arrange, message) -> None:  # type: ignore[no-untyped-def]
    arrange(world, newcomer)
    newcomer.save()
    before = User.objects.count()
    with pytest.raises(ValidationError, match=message):
        invite(newcomer)
    _nothing_changed(before)


def test_only_an_administrator_invites(world, newcomer, invite) -> None:  # type: ignore[no-untyped-def]
    before = User.objects.count()
    for persona in ("data_steward", "student_affairs", "analyst"):
        with pytest.raises(Http404):
            invite(newcomer, by=world.user(persona))
    _nothing_changed(before)


def test_single_sign_on_invitation_needs_sso_and_makes_no_account(
    world, settings, newcomer, invite
) -> None:  # type: ignore[no-untyped-def]
    before = User.objects.count()
    with pytest.raises(ValidationError, match="Single sign-on is not configured"):
        invite(newcomer, method=Invitation.Method.SSO)
    _nothing_changed(before)
    settings.OIDC_ENABLED = True
    settings.OIDC_PROVIDER_NAME = "Campus Login"
    invite(newcomer, method=Invitation.Method.SSO)
    newcomer.refresh_from_db()
    assert newcomer.user is None and User.objects.count() == before
    (message,) = mail.outbox
    assert "Sign in with Campus Login" in message.body
    assert f"{BASE}/accounts/login/" in message.body and "/invitation/" not in message.body
    assert standing_of(newcomer).standing is Standing.INVITED


def test_invite_page_asks_how_to_sign_in_only_with_sso_and_chooses_nothing(
    world, client, settings, newcomer
) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.user("administrator"))
    url = f"/people/{newcomer.pk}/invite/"
    page = client.get(url).content.decode()
    assert "noor.haddad@example.edu" in page and 'type="radio"' not in page
    settings.OIDC_ENABLED = True
    page = client.get(url).content.decode()
    assert page.count('type="radio"') == 2 and "checked" not in page
    response = client.post(url, {})
    assert "Choose how they will sign in." in response.content.decode()
    assert not Invitation.objects.exists()


def test_invite_page_sends_and_the_person_page_shows_the_invitation(
    world, client, newcomer, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.user("administrator"))
    detail = client.get(f"/people/{newcomer.pk}/").content.decode()
    assert "No account yet" in detail and "Invite to Belong" in detail
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/people/{newcomer.pk}/invite/", {}, follow=True)
    page = response.content.decode()
    assert "Invitation sent to noor.haddad@example.edu." in page
    assert "Invited; not yet accepted: invited" in page and "Send a new invitation" in page
    assert mail.outbox[0].body.count("http://testserver/accounts/invitation/") == 1
    # The data steward sees where the account stands, not the controls.
    client.force_login(world.user("data_steward"))
    page = client.get(f"/people/{newcomer.pk}/").content.decode()
    assert "Invited; not yet accepted" in page and "Send a new invitation" not in page


def test_invite_page_refuses_with_the_reason(world, client, newcomer) -> None:  # type: ignore[no-untyped-def]
    newcomer.email = ""
    newcomer.save()
    client.force_login(world.user("administrator"))
    page = client.post(f"/people/{newcomer.pk}/invite/", {}).content.decode()
    assert "Nothing was saved" in page and "has no e-mail address" in page


def test_people_list_finds_those_without_an_account(world, client, newcomer) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.user("administrator"))
    page = client.get("/people/", {"account": "none"}).content.decode()
    assert newcomer.display_name in page
    assert world.person("student").display_name not in page
    page = client.get("/people/", {"account": "active"}).content.decode()
    assert newcomer.display_name not in page and world.person("student").display_name in page


def test_a_new_invitation_follows_a_corrected_address(newcomer, invite) -> None:  # type: ignore[no-untyped-def]
    invite(newcomer)
    newcomer.email = "noor.h@example.edu"
    newcomer.save()
    invite(newcomer)
    newcomer.refresh_from_db()
    assert newcomer.user.email == "noor.h@example.edu"
    assert [m.to for m in mail.outbox] == [["noor.haddad@example.edu"], ["noor.h@example.edu"]]
