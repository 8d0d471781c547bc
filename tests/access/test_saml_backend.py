"""The SAML backend maps the provider's identifying attribute to a Person.

djangosaml2 hands the backend pysaml2's checked ``session_info``; these tests
start there (``tests/access/test_saml_flow.py`` covers the signed XML).
"""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory

from belong.access.models import AuditEvent, ExternalIdentity, User
from belong.access.saml import config
from belong.access.saml.backend import PersonSAMLBackend, attribute_names
from belong.access.saml.checks import saml_is_ready
from tests.factories.people import PersonFactory

pytestmark = pytest.mark.django_db

IDP = "https://idp.example.edu/idp/shibboleth"
EPPN_URI = "urn:oid:1.3.6.1.4.1.5923.1.1.1.6"


@pytest.fixture
def saml(settings):  # type: ignore[no-untyped-def]
    settings.SAML_ID_ATTRIBUTE = EPPN_URI
    settings.SAML_ID_MATCHES = "institutional_id"
    settings.SAML_ID_SCOPE = ""
    backend = PersonSAMLBackend()

    def sign_in(issuer: str = IDP, **attributes: list[str]) -> User | None:
        request = RequestFactory().post("/saml2/acs/")
        info = {"issuer": issuer, "ava": attributes, "name_id": None}
        user = backend.authenticate(request, session_info=info, attribute_mapping={})
        sign_in.reason = getattr(request, "belong_sso_refusal", None)  # type: ignore[attr-defined]
        return user

    return sign_in


def _refusal_reasons() -> list[str]:
    return [
        e.detail["reason"]
        for e in AuditEvent.objects.filter(verb="access.sso_refused").order_by("seq")
    ]


def test_the_eppn_names_the_person_by_institutional_id(saml) -> None:  # type: ignore[no-untyped-def]
    person = PersonFactory(institutional_id="E1001", email="ana@example.edu")
    user = saml(eduPersonPrincipalName=["E1001"])
    person.refresh_from_db()
    assert user is not None and person.user == user and not user.has_usable_password()
    identity = ExternalIdentity.objects.get(user=user)
    assert (identity.issuer, identity.subject) == (IDP, "E1001")


def test_a_scope_is_checked_and_removed_before_matching(saml, settings) -> None:  # type: ignore[no-untyped-def]
    settings.SAML_ID_SCOPE = "example.edu"
    PersonFactory(institutional_id="ana7")
    assert saml(eduPersonPrincipalName=["ana7@other.edu"]) is None
    assert saml.reason == "the identifier is not in the scope example.edu"
    user = saml(eduPersonPrincipalName=["ana7@EXAMPLE.edu"])
    assert user is not None
    # The stored subject is the value as asserted, scope and all.
    assert ExternalIdentity.objects.get(user=user).subject == "ana7@EXAMPLE.edu"


def test_the_value_may_match_the_email_on_record(saml, settings) -> None:  # type: ignore[no-untyped-def]
    settings.SAML_ID_MATCHES = "email"
    person = PersonFactory(institutional_id="E1001", email="ana@example.edu")
    user = saml(eduPersonPrincipalName=["Ana@example.edu"])
    person.refresh_from_db()
    assert user is not None and person.user == user


def test_an_email_two_people_share_names_nobody(saml, settings) -> None:  # type: ignore[no-untyped-def]
    settings.SAML_ID_MATCHES = "email"
    PersonFactory(institutional_id="E1", email="shared@example.edu")
    PersonFactory(institutional_id="E2", email="shared@example.edu")
    assert saml(eduPersonPrincipalName=["shared@example.edu"]) is None


def test_a_configured_attribute_by_friendly_name_or_uri(saml, settings) -> None:  # type: ignore[no-untyped-def]
    assert attribute_names("urn:oid:2.16.840.1.113730.3.1.3") == [
        "urn:oid:2.16.840.1.113730.3.1.3",
        "employeeNumber",
    ]
    settings.SAML_ID_ATTRIBUTE = "employeeNumber"
    PersonFactory(institutional_id="E1001")
    assert saml(eduPersonPrincipalName=["E9999"], employeeNumber=["E1001"]) is not None


def test_unknown_people_are_refused_and_audited(saml) -> None:  # type: ignore[no-untyped-def]
    PersonFactory(institutional_id="E1001")
    assert saml(eduPersonPrincipalName=["E404"]) is None
    assert not User.objects.exists()
    assert _refusal_reasons() == ["no person record matches the identity provider's attributes"]
    refused = AuditEvent.objects.get(verb="access.sso_refused")
    assert refused.detail["provider"] == IDP


def test_a_missing_or_ambiguous_attribute_is_refused(saml) -> None:  # type: ignore[no-untyped-def]
    PersonFactory(institutional_id="E1001")
    assert saml(mail=["ana@example.edu"]) is None
    assert saml(eduPersonPrincipalName=["E1001", "E1002"]) is None
    assert _refusal_reasons() == [
        f"the identity provider sent no {EPPN_URI} attribute",
        f"the identity provider sent several values of {EPPN_URI}",
    ]


def test_later_sign_ins_follow_the_provider_and_value(saml) -> None:  # type: ignore[no-untyped-def]
    person = PersonFactory(institutional_id="E1001")
    first = saml(eduPersonPrincipalName=["E1001"])
    # The records change the institutional id; the link still holds.
    person.institutional_id = "E1001-X"
    person.save(update_fields=["institutional_id"])
    assert saml(eduPersonPrincipalName=["E1001"]) == first
    # The same value from another provider is another identity: matched afresh.
    assert saml(issuer="https://other.example.org/idp", eduPersonPrincipalName=["E1001"]) is None
    assert User.objects.count() == 1


def test_an_existing_local_account_is_linked_not_duplicated(saml) -> None:  # type: ignore[no-untyped-def]
    local = User.objects.create_user("local-ana")
    PersonFactory(institutional_id="E1001", user=local)
    assert saml(eduPersonPrincipalName=["E1001"]) == local
    assert ExternalIdentity.objects.get().user == local and User.objects.count() == 1


def test_a_deactivated_account_stays_out(saml, world) -> None:  # type: ignore[no-untyped-def]
    from belong.access.actions import deactivate_account

    PersonFactory(institutional_id="E1001")
    user = saml(eduPersonPrincipalName=["E1001"])
    deactivate_account(by=world.user("administrator"), user=user)
    assert saml(eduPersonPrincipalName=["E1001"]) is None
    assert saml.reason == "the person's account is deactivated"
    assert PersonSAMLBackend().get_user(user.pk) is None


def test_other_sign_ins_are_not_this_backends_business(saml) -> None:  # type: ignore[no-untyped-def]
    request = RequestFactory().post("/accounts/login/")
    assert PersonSAMLBackend().authenticate(request, username="a", password="b") is None
    assert not AuditEvent.objects.filter(verb="access.sso_refused").exists()


def test_without_xmlsec1_the_error_says_what_to_install(settings) -> None:  # type: ignore[no-untyped-def]
    settings.SAML_XMLSEC_BINARY = "/nonexistent/xmlsec1"
    with pytest.raises(ImproperlyConfigured, match="apt-get install -y xmlsec1"):
        config.xmlsec_binary()


def test_without_a_site_url_the_error_says_what_to_set(settings) -> None:  # type: ignore[no-untyped-def]
    settings.BELONG_SITE_URL = ""
    with pytest.raises(ImproperlyConfigured, match="BELONG_SITE_URL"):
        config.settings_dict()


def test_the_system_check_names_what_saml_is_missing(settings) -> None:  # type: ignore[no-untyped-def]
    settings.SAML_XMLSEC_BINARY = "/nonexistent/xmlsec1"
    settings.BELONG_SITE_URL = ""
    settings.SAML_IDP_METADATA_FILE = "/nonexistent/idp.xml"
    settings.SAML_ENABLED = False
    assert saml_is_ready() == []
    settings.SAML_ENABLED = True
    assert [error.id for error in saml_is_ready()] == ["access.E101", "access.E102", "access.E103"]


def test_metadata_from_a_url_must_carry_the_configured_signature(settings) -> None:  # type: ignore[no-untyped-def]
    settings.BELONG_SITE_URL = "https://belong.example.edu"
    settings.SAML_ENTITY_ID = ""
    settings.SAML_IDP_METADATA_FILE = ""
    settings.SAML_IDP_METADATA_URL = "https://mdq.incommon.org/entities/idp"
    settings.SAML_IDP_METADATA_CERT = "/etc/belong/inc-md-cert-mdq.pem"
    settings.SAML_XMLSEC_BINARY = "/bin/sh"  # found on the path; not run here
    built = config.settings_dict()
    assert built["metadata"] == {
        "remote": [
            {
                "url": "https://mdq.incommon.org/entities/idp",
                "cert": "/etc/belong/inc-md-cert-mdq.pem",
            }
        ]
    }
    sp = built["service"]["sp"]
    assert sp["want_assertions_signed"] is True and sp["allow_unsolicited"] is False
    assert built["entityid"] == "https://belong.example.edu/saml2/metadata/"
    assert sp["endpoints"]["assertion_consumer_service"] == [
        ("https://belong.example.edu/saml2/acs/", "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST")
    ]
