"""Single sign-on maps the identity provider's subject to a Person."""

from __future__ import annotations

import pytest

from belong.access.models import AuditEvent, ExternalIdentity, User
from belong.access.oidc import PersonOIDCBackend
from tests.factories.people import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def backend(settings, monkeypatch):  # type: ignore[no-untyped-def]
    settings.OIDC_RP_CLIENT_ID = "belong"
    settings.OIDC_RP_CLIENT_SECRET = "secret"
    settings.OIDC_RP_SIGN_ALGO = "RS256"
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = "https://idp.example.edu/authorize"
    settings.OIDC_OP_TOKEN_ENDPOINT = "https://idp.example.edu/token"
    settings.OIDC_OP_USER_ENDPOINT = "https://idp.example.edu/userinfo"
    settings.OIDC_OP_JWKS_ENDPOINT = "https://idp.example.edu/jwks"
    settings.OIDC_ISSUER = ""
    settings.OIDC_INSTITUTIONAL_ID_CLAIM = "employee_id"
    instance = PersonOIDCBackend()
    claims: dict = {}
    # The token exchange is the library's job; Belong's part starts at the claims.
    monkeypatch.setattr(instance, "get_userinfo", lambda *args: dict(claims))

    def sign_in(**new_claims):  # type: ignore[no-untyped-def]
        claims.clear()
        claims.update(new_claims)
        return instance.get_or_create_user("access-token", "id-token", {})

    return sign_in


def test_first_sign_in_creates_an_account_for_the_matching_person(backend) -> None:  # type: ignore[no-untyped-def]
    person = PersonFactory(institutional_id="E1001", email="ana@example.edu")
    user = backend(sub="abc-123", employee_id="E1001", email="ana@example.edu")
    person.refresh_from_db()
    assert user is not None and person.user == user
    assert not user.has_usable_password()
    identity = ExternalIdentity.objects.get(user=user)
    assert (identity.issuer, identity.subject) == ("https://idp.example.edu", "abc-123")
    assert AuditEvent.objects.filter(verb="access.account_created_by_sso").exists()


def test_later_sign_ins_follow_the_subject_not_the_email(backend) -> None:  # type: ignore[no-untyped-def]
    PersonFactory(institutional_id="E1001", email="ana@example.edu")
    first = backend(sub="abc-123", employee_id="E1001", email="ana@example.edu")
    # Another person now holds the old address; the subject still decides.
    PersonFactory(institutional_id="E2002", email="ana.new@example.edu")
    again = backend(sub="abc-123", email="ana.new@example.edu")
    assert again == first
    assert User.objects.count() == 1


def test_unknown_people_cannot_sign_in(backend) -> None:  # type: ignore[no-untyped-def]
    assert backend(sub="stranger", employee_id="NOPE", email="who@example.com") is None
    assert User.objects.count() == 0
    assert AuditEvent.objects.filter(verb="access.sso_refused").exists()


def test_an_existing_local_account_is_linked_not_duplicated(backend) -> None:  # type: ignore[no-untyped-def]
    local = User.objects.create_user("local-ana")
    PersonFactory(institutional_id="E1001", user=local)
    user = backend(sub="abc-123", employee_id="E1001")
    assert user == local
    assert ExternalIdentity.objects.get().user == local


def test_an_ambiguous_email_without_id_is_refused(backend) -> None:  # type: ignore[no-untyped-def]
    PersonFactory(institutional_id="E1", email="shared@example.edu")
    PersonFactory(institutional_id="E2", email="shared@example.edu")
    assert backend(sub="x", email="shared@example.edu") is None


def test_unverified_email_is_not_trusted(backend) -> None:  # type: ignore[no-untyped-def]
    PersonFactory(institutional_id="E1", email="ana@example.edu")
    assert backend(sub="x", email="ana@example.edu", email_verified=False) is None


def test_without_the_people_app_single_sign_on_finds_nobody(backend, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from belong.access import persons

    PersonFactory(institutional_id="E1001", email="ana@example.edu")
    monkeypatch.setattr(persons, "_directory", persons._NobodyKnown())
    assert backend(sub="abc-123", employee_id="E1001", email="ana@example.edu") is None
    assert not User.objects.exists()


def test_a_deactivated_account_cannot_come_back_through_single_sign_on(backend, world) -> None:  # type: ignore[no-untyped-def]
    from belong.access.actions import deactivate_account

    person = PersonFactory(institutional_id="E1001", email="ana@example.edu")
    user = backend(sub="abc-123", employee_id="E1001", email="ana@example.edu")
    deactivate_account(by=world.user("administrator"), user=user)
    assert backend(sub="abc-123", employee_id="E1001", email="ana@example.edu") is None
    person.refresh_from_db()
    assert person.user == user and User.objects.filter(username__startswith="E1001").count() == 1
    refused = AuditEvent.objects.filter(verb="access.sso_refused").latest("seq")
    assert refused.detail["reason"] == "the person's account is deactivated"
    # Nor does a session it opened earlier survive.
    assert PersonOIDCBackend().get_user(user.pk) is None
