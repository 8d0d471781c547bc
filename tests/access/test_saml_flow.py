"""SAML sign-in through Belong's views against a real pysaml2 identity provider.

Every response here is genuine XML, signed (or not) by the provider's key and
checked by xmlsec1; only the browser is replaced by Django's test client.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from belong.access.models import AuditEvent, ExternalIdentity, User
from tests.access.saml_setup import enable_saml
from tests.factories.people import PersonFactory
from tests.saml_idp import EPPN, TestIdP, needs_xmlsec1

pytestmark = [pytest.mark.django_db, needs_xmlsec1]

SITE = "http://testserver"


@pytest.fixture
def client():  # type: ignore[no-untyped-def]
    # As a browser would: the provider's post carries no CSRF token.
    return Client(enforce_csrf_checks=True)


@pytest.fixture
def idp(settings, tmp_path):  # type: ignore[no-untyped-def]
    provider = TestIdP(tmp_path, identity={EPPN: ["E1001"]})
    enable_saml(settings, provider, SITE)
    return provider


def _trusting(idp, client) -> TestIdP:  # type: ignore[no-untyped-def]
    idp.trust(client.get(reverse("saml:metadata")).content.decode())
    return idp


def _sign_in(idp, client, next_url: str = "/"):  # type: ignore[no-untyped-def]
    started = client.get(reverse("saml:login") + f"?next={next_url}")
    assert started.status_code == 302
    location = urlsplit(started["Location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == idp.sso_url
    answer = idp.answer(location.query)
    assert answer.url == SITE + reverse("saml:acs")
    return client.post(reverse("saml:acs"), answer.fields)


def _refusals() -> list[str]:
    return [
        e.detail["reason"]
        for e in AuditEvent.objects.filter(verb="access.sso_refused").order_by("seq")
    ]


def test_a_signed_assertion_signs_the_person_in(idp, client) -> None:  # type: ignore[no-untyped-def]
    person = PersonFactory(institutional_id="E1001", email="ana@example.edu")
    response = _sign_in(_trusting(idp, client), client, "/people/")
    assert response.status_code == 302 and response["Location"] == "/people/"
    person.refresh_from_db()
    assert person.user is not None
    assert int(client.session["_auth_user_id"]) == person.user.pk
    identity = ExternalIdentity.objects.get(user=person.user)
    assert (identity.issuer, identity.subject) == (idp.entity_id, "E1001")
    assert AuditEvent.objects.filter(verb="access.account_created_by_sso").exists()
    # The SAML session (requests in flight, the provider's attributes) ends at sign-in.
    assert response.cookies["belong_saml"].value == ""
    assert Session.objects.count() == 1


def test_an_unsigned_assertion_is_refused(idp, client) -> None:  # type: ignore[no-untyped-def]
    PersonFactory(institutional_id="E1001")
    idp.sign_assertion = False
    response = _sign_in(_trusting(idp, client), client)
    assert response.status_code == 403
    assert b"could not be verified" in response.content
    assert "_auth_user_id" not in client.session and not User.objects.exists()
    assert _refusals() == [
        "the identity provider's answer is not signed as required, or not by its key"
    ]


def test_a_signed_response_around_an_unsigned_assertion_is_refused(idp, client) -> None:  # type: ignore[no-untyped-def]
    PersonFactory(institutional_id="E1001")
    idp.sign_assertion, idp.sign_response = False, True
    response = _sign_in(_trusting(idp, client), client)
    assert response.status_code == 403 and "_auth_user_id" not in client.session
    assert not User.objects.exists()


def test_an_assertion_signed_by_another_key_is_refused(idp, client, tmp_path) -> None:  # type: ignore[no-untyped-def]
    PersonFactory(institutional_id="E1001")
    # An impostor with the provider's name but its own key (not in the metadata).
    impostor_dir = tmp_path / "impostor"
    impostor_dir.mkdir()
    impostor = TestIdP(impostor_dir, base_url=idp.base_url, identity=idp.identity)
    response = _sign_in(_trusting(impostor, client), client)
    assert response.status_code == 403 and "_auth_user_id" not in client.session
    assert not User.objects.exists()
    assert _refusals() == [
        "the identity provider's answer is not signed as required, or not by its key"
    ]


def test_an_unknown_person_is_refused_with_a_page_and_an_audit_event(idp, client) -> None:  # type: ignore[no-untyped-def]
    PersonFactory(institutional_id="E2002")
    response = _sign_in(_trusting(idp, client), client)
    assert response.status_code == 403
    assert b"cannot match you to anyone in the school" in response.content
    assert "_auth_user_id" not in client.session and not User.objects.exists()
    assert _refusals() == ["no person record matches the identity provider's attributes"]


def test_an_answer_nobody_asked_for_is_refused(idp, client) -> None:  # type: ignore[no-untyped-def]
    PersonFactory(institutional_id="E1001")
    _trusting(idp, client)
    started = client.get(reverse("saml:login"))
    answer = idp.answer(urlsplit(started["Location"]).query)
    # Another browser (no SAML session cookie) replays the answer.
    client.cookies.clear()
    response = client.post(reverse("saml:acs"), answer.fields)
    assert response.status_code == 403 and not User.objects.exists()
    assert _refusals() == ["an answer arrived for a sign-in this browser did not start"]


def test_the_metadata_names_belong_and_asks_for_signed_assertions(
    idp, client, settings, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    from tests.saml_idp import make_keypair

    enable_saml(settings, idp, SITE, sp_keys=make_keypair(tmp_path, "sp"))
    response = client.get(reverse("saml:metadata"))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/xml")
    xml = response.content.decode()
    assert 'entityID="http://testserver/saml2/metadata/"' in xml
    assert 'Location="http://testserver/saml2/acs/"' in xml
    assert 'WantAssertionsSigned="true"' in xml and 'AuthnRequestsSigned="true"' in xml
    assert "X509Certificate" in xml


def test_signed_requests_with_belongs_key_sign_the_person_in(
    idp, client, settings, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    from tests.saml_idp import make_keypair

    enable_saml(settings, idp, SITE, sp_keys=make_keypair(tmp_path, "sp"))
    PersonFactory(institutional_id="E1001")
    response = _sign_in(_trusting(idp, client), client)
    assert response.status_code == 302 and "_auth_user_id" in client.session


def test_saml_is_off_by_default_and_its_addresses_do_not_answer(client, settings) -> None:  # type: ignore[no-untyped-def]
    settings.SAML_ENABLED = False
    for name in ("saml:login", "saml:metadata"):
        assert client.get(reverse(name)).status_code == 404
    assert client.post(reverse("saml:acs"), {"SAMLResponse": "x"}).status_code == 404
    assert b"Sign in with" not in client.get(reverse("login")).content


def test_the_sign_in_page_offers_saml_when_it_is_on(idp, client, settings) -> None:  # type: ignore[no-untyped-def]
    settings.SAML_PROVIDER_NAME = "Demo University"
    page = client.get(reverse("login") + "?next=/people/").content.decode()
    assert "Sign in with Demo University" in page
    assert 'href="/saml2/login/?next=/people/"' in page


def test_a_replaced_metadata_file_is_read_at_the_next_sign_in(
    idp, client, settings, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    import os
    from pathlib import Path

    PersonFactory(institutional_id="E1001")
    assert _sign_in(_trusting(idp, client), client).status_code == 302
    # The provider rolls its key over and the school replaces the metadata file.
    (tmp_path / "rolled").mkdir()
    rolled = TestIdP(tmp_path / "rolled", base_url=idp.base_url, identity=idp.identity)
    path = Path(settings.SAML_IDP_METADATA_FILE)
    before = path.stat().st_mtime_ns
    path.write_text(rolled.write_metadata().read_text())
    os.utime(path, ns=(before + 10**9, before + 10**9))
    other_browser = Client(enforce_csrf_checks=True)
    response = _sign_in(_trusting(rolled, other_browser), other_browser)
    assert response.status_code == 302 and "_auth_user_id" in other_browser.session
